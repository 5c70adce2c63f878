//! Deleting a file entered by mistake, from its summary (coordinators): a form asks the
//! reason, then a yes/no question confirms; the store decides whether the file may go
//! (`Session::delete_participant`: nothing that happened may be recorded on it) and its
//! refusal is shown in the form.

use crossterm::event::KeyEvent;

use crate::i18n::{t, tf};
use crate::store::Session;
use crate::tui::action::Action;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::{Form, FormEvent};

/// The question's tag: the deletion is confirmed.
const CONFIRM: &str = "delete";

/// What a key did to the deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeleteEvent {
    /// Nothing.
    Ignored,
    /// The form changed.
    Changed,
    /// Given up: the file stays.
    Cancelled,
    /// The file was deleted.
    Deleted,
}

/// The reason form and its confirmation, for one file.
#[derive(Debug, Clone)]
pub struct DeleteFile {
    file: String,
    form: Form,
}

impl DeleteFile {
    /// Asks why `file` should be deleted.
    pub fn new(file: &str) -> Self {
        Self {
            file: file.to_owned(),
            form: Form::new(
                tf("file.delete.title", &[("file", file)]),
                vec![Field::text("reason", t("file.delete.reason"), "").required()],
            ),
        }
    }

    /// The form to draw.
    pub fn form(&self) -> &Form {
        &self.form
    }

    /// Applies a key: Save asks for confirmation, a yes deletes.
    pub fn key(
        &mut self,
        event: KeyEvent,
        action: Option<Action>,
        session: &mut Session,
    ) -> DeleteEvent {
        match self.form.key(event, action) {
            FormEvent::Ignored => DeleteEvent::Ignored,
            FormEvent::Changed => DeleteEvent::Changed,
            FormEvent::Cancel => DeleteEvent::Cancelled,
            FormEvent::Save => {
                if self.form.check_required().is_ok() {
                    self.form
                        .ask(CONFIRM, tf("file.delete.confirm", &[("file", &self.file)]));
                }
                DeleteEvent::Changed
            }
            FormEvent::Confirmed(_) => {
                match session.delete_participant(&self.file, &self.form.text("reason")) {
                    Ok(()) => DeleteEvent::Deleted,
                    Err(e) => {
                        self.form.set_error(e.to_string(), None);
                        DeleteEvent::Changed
                    }
                }
            }
        }
    }
}

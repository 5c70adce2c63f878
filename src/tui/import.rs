//! The participant import, offered to coordinators in the interface (an overlay held by
//! `tui/app.rs`, reached by its key from any screen — the dashboard names it — or the
//! palette): type the CSV file's path, see the dry run (how many files would come in, or
//! every error by line, column, value and reason, scrollable), then confirm to import.
//!
//! The same reading and the same all-or-nothing store call as `parcours import
//! participants` (`import::participants::read`, `Session::import_participants`). Under
//! the SSH forced command no path may be typed (it would read any file the service account
//! can): the overlay says how to import at the server instead.

use crossterm::event::{KeyCode, KeyEvent};
use sha2::{Digest, Sha256};

use crate::domain::participant::ImportedParticipant;
use crate::i18n::{t, tf};
use crate::import::participants::{ImportError, read};
use crate::store::Session;
use crate::tui::action::Action;
use crate::tui::widgets::confirm;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::{Form, FormEvent};

/// Where the import stands.
#[derive(Debug, Clone)]
pub enum Stage {
    /// Under the SSH forced command: no path may be typed.
    OverSsh,
    /// The path being typed.
    Path(Form),
    /// Every row of `path` is good: waiting for the confirmation.
    Ready {
        /// The file as typed.
        path: String,
        /// Its SHA-256, named in the audit row.
        sha256: String,
        /// The checked rows.
        rows: Vec<ImportedParticipant>,
    },
    /// `path` has errors: nothing can be imported.
    Errors {
        /// The file as typed.
        path: String,
        /// Every error found.
        errors: Vec<ImportError>,
        /// The first error shown.
        scroll: usize,
    },
    /// Done: what was imported (or why the write failed).
    Done(String),
}

/// What a key did to the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportEvent {
    /// Stays open; whether it changed.
    Changed(bool),
    /// Closed; whether participants were imported (the caseload is out of date).
    Closed(bool),
}

/// The import overlay.
#[derive(Debug, Clone)]
pub struct ImportView {
    stage: Stage,
    imported: bool,
    /// Error lines shown at once (the overlay's height less its chrome).
    height: usize,
}

impl ImportView {
    /// A new import; `over_ssh` forbids typing a path.
    pub fn new(over_ssh: bool, height: usize) -> Self {
        let stage = if over_ssh {
            Stage::OverSsh
        } else {
            Stage::Path(path_form(""))
        };
        Self {
            stage,
            imported: false,
            height: height.max(1),
        }
    }

    /// Where it stands.
    pub fn stage(&self) -> &Stage {
        &self.stage
    }

    /// Applies a key.
    pub fn key(
        &mut self,
        event: KeyEvent,
        action: Option<Action>,
        session: &mut Session,
    ) -> ImportEvent {
        let page = self.height;
        match &mut self.stage {
            Stage::OverSsh | Stage::Done(_) => ImportEvent::Closed(self.imported),
            Stage::Path(form) => match form.key(event, action) {
                FormEvent::Ignored => ImportEvent::Changed(false),
                FormEvent::Changed | FormEvent::Confirmed(_) => ImportEvent::Changed(true),
                FormEvent::Cancel => ImportEvent::Closed(false),
                FormEvent::Save => {
                    let path = form.text("path").trim().to_owned();
                    if path.is_empty() {
                        form.set_error(t("import.screen.no_path"), Some("path"));
                    } else {
                        self.check(&path, session);
                    }
                    ImportEvent::Changed(true)
                }
            },
            Stage::Ready { rows, sha256, .. } => match confirm::answer(event) {
                Some(true) => {
                    let (imported, message) = match session.import_participants(rows, sha256) {
                        Ok(files) => (
                            true,
                            tf(
                                "import.screen.imported",
                                &[("count", &files.len().to_string())],
                            ),
                        ),
                        Err(e) => (false, e.to_string()),
                    };
                    self.imported = imported;
                    self.stage = Stage::Done(message);
                    ImportEvent::Changed(true)
                }
                Some(false) => ImportEvent::Closed(false),
                None => ImportEvent::Changed(false),
            },
            Stage::Errors {
                errors,
                scroll,
                path,
            } => {
                let last = errors.len().saturating_sub(1);
                let before = *scroll;
                match (event.code, action) {
                    (KeyCode::Esc, _) => return ImportEvent::Closed(false),
                    (_, Some(Action::Edit)) | (KeyCode::Enter, _) => {
                        self.stage = Stage::Path(path_form(path));
                        return ImportEvent::Changed(true);
                    }
                    (_, Some(Action::Down)) => *scroll = (before + 1).min(last),
                    (_, Some(Action::Up)) => *scroll = before.saturating_sub(1),
                    (_, Some(Action::PageDown)) => *scroll = (before + page).min(last),
                    (_, Some(Action::PageUp)) => *scroll = before.saturating_sub(page),
                    (_, Some(Action::First)) => *scroll = 0,
                    (_, Some(Action::Last)) => *scroll = last,
                    _ => {}
                }
                ImportEvent::Changed(before != *scroll)
            }
        }
    }

    /// Reads and checks `path` (a dry run): the next stage is the confirmation or the errors.
    fn check(&mut self, path: &str, session: &Session) {
        let outcome = std::fs::read(path)
            .map_err(|e| {
                tf(
                    "cli.error.read_file",
                    &[("path", path), ("detail", &e.to_string())],
                )
            })
            .and_then(|bytes| {
                let basis = session.import_basis().map_err(|e| e.to_string())?;
                Ok((read(&bytes, session.today(), &basis, false), bytes))
            });
        self.stage = match outcome {
            Err(message) => {
                let mut form = path_form(path);
                form.set_error(message, Some("path"));
                Stage::Path(form)
            }
            Ok((Ok(rows), bytes)) => Stage::Ready {
                path: path.to_owned(),
                sha256: format!("{:x}", Sha256::digest(&bytes)),
                rows: rows.into_iter().map(|(_, row)| row).collect(),
            },
            Ok((Err(errors), _)) => Stage::Errors {
                path: path.to_owned(),
                errors,
                scroll: 0,
            },
        };
    }
}

fn path_form(path: &str) -> Form {
    Form::new(
        t("import.screen.title"),
        vec![Field::text("path", t("import.screen.path"), path).required()],
    )
}

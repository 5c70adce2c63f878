//! The exit's forms: recording the exit from the pathway (today by
//! default), and confirming that the 6-month follow-up in employment is over.

use chrono::NaiveDate;

use super::{FormField, RecordForm, Unsaved, options};
use crate::domain::participant::{ExitOutcome, Participant};
use crate::i18n::t;
use crate::store::{Session, StoreError};
use crate::tui::file::editor::Edits;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::Form;

form_fields! {
    /// A field of the exit form.
    ExitField {
        /// The day of the exit.
        ExitOn => "exit_on", "exit_on",
        /// Job, training, dropped out…
        Outcome => "outcome", "exit_outcome",
    }
}

/// The form recording a participant's exit.
#[derive(Debug, Clone)]
pub struct ExitForm {
    participant: Participant,
    today: NaiveDate,
}

impl ExitForm {
    /// The exit of `participant`, `today` by default.
    pub fn new(participant: Participant, today: NaiveDate) -> Self {
        Self { participant, today }
    }
}

impl RecordForm for ExitForm {
    fn fields(&self) -> Vec<Field> {
        vec![
            ExitField::ExitOn.date(Some(self.today)).required(),
            ExitField::Outcome
                .choice(
                    options(ExitOutcome::ALL, ExitOutcome::code, ExitOutcome::label),
                    None,
                )
                .required(),
        ]
    }

    /// What an exit to a job leads to.
    fn notice(&self) -> Option<String> {
        Some(t("file.exit.job_hint"))
    }

    fn edits(&self) -> Option<Edits> {
        Some(Edits::Exit {
            file: self.participant.file_number.clone(),
            version: self.participant.version,
        })
    }

    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        form.check_required()?;
        let exit_on = form.date(ExitField::ExitOn)?.ok_or(Unsaved::Shown)?;
        let outcome = form
            .choice(ExitField::Outcome)
            .and_then(ExitOutcome::from_code)
            .ok_or(Unsaved::Shown)?;
        let p = &self.participant;
        Ok(session
            .record_exit(&p.file_number, p.version, exit_on, outcome)?
            .file_number)
    }

    fn reread(&self, session: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        let fresh = session.participant(&self.participant.file_number)?;
        Ok(Some(Box::new(Self::new(fresh, self.today))))
    }
}

/// The confirmation that a participant's 6-month follow-up in employment is
/// over: no field, never kept as a draft (there is no input to keep).
#[derive(Debug, Clone)]
pub struct FollowUpForm {
    participant: Participant,
}

impl FollowUpForm {
    /// Confirms the follow-up of `participant`.
    pub fn new(participant: Participant) -> Self {
        Self { participant }
    }
}

impl RecordForm for FollowUpForm {
    fn title_key(&self) -> &'static str {
        "file.form.confirm_follow_up"
    }

    fn fields(&self) -> Vec<Field> {
        Vec::new()
    }

    /// What confirming does.
    fn notice(&self) -> Option<String> {
        Some(t("file.exit.confirm_hint"))
    }

    fn edits(&self) -> Option<Edits> {
        None
    }

    fn save(&mut self, _: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        let p = &self.participant;
        Ok(session
            .confirm_follow_up(&p.file_number, p.version)?
            .file_number)
    }

    fn reread(&self, session: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        let fresh = session.participant(&self.participant.file_number)?;
        Ok(Some(Box::new(Self::new(fresh))))
    }
}

//! The barrier's forms: noting a new barrier, and marking one lifted (both
//! today by default).

use chrono::NaiveDate;

use super::{FormField, RecordForm, Unsaved, options};
use crate::domain::pathway::BarrierKind;
use crate::store::{Barrier, NewBarrier, Session, StoreError};
use crate::tui::file::editor::Edits;
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::Form;

form_fields! {
    /// A field of the new-barrier form.
    BarrierField {
        /// Housing, health, mobility…
        Kind => "kind", "barrier_kind",
        /// The day it was noted.
        NotedOn => "noted_on", "noted_on",
        /// Free note.
        Note => "note", "note",
    }
}

form_fields! {
    /// A field of the lift form.
    LiftField {
        /// The day it was lifted.
        LiftedOn => "lifted_on", "lifted_on",
    }
}

/// Reads the new-barrier fields back.
fn read(form: &mut Form) -> Result<NewBarrier, Unsaved> {
    form.check_required()?;
    let noted_on = form.date(BarrierField::NotedOn)?.ok_or(Unsaved::Shown)?;
    Ok(NewBarrier {
        kind: form
            .choice(BarrierField::Kind)
            .and_then(BarrierKind::from_code)
            .ok_or(Unsaved::Shown)?,
        noted_on,
        note: form.text(BarrierField::Note),
    })
}

/// The form noting a barrier in a file.
#[derive(Debug, Clone)]
pub struct NewBarrierForm {
    file: String,
    today: NaiveDate,
}

impl NewBarrierForm {
    /// A new barrier in `file`, noted `today` by default.
    pub fn new(file: &str, today: NaiveDate) -> Self {
        Self {
            file: file.to_owned(),
            today,
        }
    }
}

impl RecordForm for NewBarrierForm {
    fn fields(&self) -> Vec<Field> {
        vec![
            BarrierField::Kind
                .choice(
                    options(BarrierKind::ALL, BarrierKind::code, BarrierKind::label),
                    None,
                )
                .required(),
            BarrierField::NotedOn.date(Some(self.today)).required(),
            BarrierField::Note.text(""),
        ]
    }

    fn edits(&self) -> Option<Edits> {
        Some(Edits::NewBarrier {
            file: self.file.clone(),
        })
    }

    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        let new = read(form)?;
        Ok(session.add_barrier(&self.file, &new)?.participant)
    }

    fn reread(&self, _: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        Ok(None)
    }
}

/// The form marking a barrier lifted.
#[derive(Debug, Clone)]
pub struct LiftBarrierForm {
    barrier: Barrier,
    today: NaiveDate,
}

impl LiftBarrierForm {
    /// Lifts `barrier`, `today` by default.
    pub fn new(barrier: Barrier, today: NaiveDate) -> Self {
        Self { barrier, today }
    }
}

impl RecordForm for LiftBarrierForm {
    fn fields(&self) -> Vec<Field> {
        vec![LiftField::LiftedOn.date(Some(self.today)).required()]
    }

    /// The kind of barrier lifted.
    fn notice(&self) -> Option<String> {
        Some(self.barrier.details.kind.label())
    }

    fn edits(&self) -> Option<Edits> {
        Some(Edits::LiftBarrier {
            id: self.barrier.id,
            version: self.barrier.version,
        })
    }

    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        form.check_required()?;
        let lifted_on = form.date(LiftField::LiftedOn)?.ok_or(Unsaved::Shown)?;
        Ok(session.lift_barrier(&self.barrier, lifted_on)?.participant)
    }

    fn reread(&self, session: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        let fresh = session.barrier(self.barrier.id)?;
        Ok(Some(Box::new(Self::new(fresh, self.today))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_barrier_reads_its_kind_day_and_note() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let mut fields = NewBarrierForm::new("P-2026-0001", today).fields();
        fields[0] = BarrierField::Kind.choice(
            options(BarrierKind::ALL, BarrierKind::code, BarrierKind::label),
            Some(BarrierKind::ALL[1].code()),
        );
        fields[2] = BarrierField::Note.text("Note fictive");
        let mut form = Form::new(String::new(), fields);
        let new = read(&mut form).ok();
        assert_eq!(
            new,
            Some(NewBarrier {
                kind: BarrierKind::ALL[1],
                noted_on: today,
                note: "Note fictive".into(),
            })
        );
    }
}

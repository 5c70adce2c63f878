//! The pathway step's form: a new step, or the edit of one (setting its
//! actual end and outcome closes it).

use super::{FormField, ListRecord, Shown, check, options};
use crate::domain::pathway::{StepKind, StepOutcome};
use crate::store::{NewStep, Step};
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::{Form, Refused};

form_fields! {
    /// A field of the step form.
    StepField {
        /// Diagnostic, training…
        Kind => "kind", "step_kind",
        /// Who provides it.
        Provider => "provider", "provider",
        /// Planned first day.
        PlannedStart => "planned_start", "planned_start",
        /// Planned last day.
        PlannedEnd => "planned_end", "planned_end",
        /// Actual first day.
        ActualStart => "actual_start", "actual_start",
        /// Actual last day.
        ActualEnd => "actual_end", "actual_end",
        /// How it ended.
        Outcome => "outcome", "outcome",
        /// Free note.
        Note => "note", "note",
    }
}

use StepField as F;

/// The fields, holding `s` (empty for a new step).
fn fields(s: Option<&NewStep>) -> Vec<Field> {
    vec![
        F::Kind
            .choice(
                options(StepKind::ALL, StepKind::code, StepKind::label),
                s.map(|s| s.kind.code()),
            )
            .required(),
        F::Provider.text(s.map_or("", |s| s.provider.as_str())),
        F::PlannedStart.date(s.and_then(|s| s.planned_start)),
        F::PlannedEnd.date(s.and_then(|s| s.planned_end)),
        F::ActualStart.date(s.and_then(|s| s.actual_start)),
        F::ActualEnd.date(s.and_then(|s| s.actual_end)),
        F::Outcome.choice(
            options(StepOutcome::ALL, StepOutcome::code, StepOutcome::label),
            s.and_then(|s| s.outcome).map(StepOutcome::code),
        ),
        F::Note.text(s.map_or("", |s| s.note.as_str())),
    ]
}

/// Reads the fields back, checked with the domain rules (the error shown on its field).
fn read(form: &mut Form) -> Result<NewStep, Refused> {
    form.check_required()?;
    let step = NewStep {
        kind: form
            .choice(F::Kind)
            .and_then(StepKind::from_code)
            .unwrap_or(StepKind::Diagnostic),
        provider: form.text(F::Provider),
        planned_start: form.date(F::PlannedStart)?,
        planned_end: form.date(F::PlannedEnd)?,
        actual_start: form.date(F::ActualStart)?,
        actual_end: form.date(F::ActualEnd)?,
        outcome: form.choice(F::Outcome).and_then(StepOutcome::from_code),
        note: form.text(F::Note),
    };
    check(form, step.validate(), |key| match key {
        "error.required" => F::ActualStart,
        "file.error.step_outcome" => F::Outcome,
        _ => F::ActualEnd,
    })?;
    Ok(step)
}

stored_record!(Step, NewStep, add_step, update_step, step);

impl ListRecord for Step {
    type Defaults = ();

    fn fields(shown: Shown<'_, Self>) -> Vec<Field> {
        match shown {
            Shown::New(()) => fields(None),
            Shown::Stored(step) => fields(Some(step)),
        }
    }

    fn read(form: &mut Form, _: Option<&Self>) -> Result<NewStep, Refused> {
        read(form)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn every_field_is_read_back_as_written() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 3, d);
        let written = NewStep {
            kind: StepKind::ALL[1],
            provider: "Organisme fictif".into(),
            planned_start: day(2),
            planned_end: day(20),
            actual_start: day(3),
            actual_end: day(21),
            outcome: StepOutcome::ALL.first().copied(),
            note: "Note fictive".into(),
        };
        let mut form = Form::new(String::new(), fields(Some(&written)));
        assert_eq!(read(&mut form), Ok(written));
    }
}

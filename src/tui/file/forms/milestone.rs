//! The milestone review's form: a new review (held today by default, its
//! objectives those the last review set) or the edit of one.

use chrono::NaiveDate;

use super::{FormField, ListRecord, Shown};
use crate::store::{Milestone, NewMilestone};
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::{Form, Refused};

form_fields! {
    /// A field of the milestone form.
    MilestoneField {
        /// The day of the review.
        HeldOn => "held_on", "held_on",
        /// The objectives reviewed.
        Objectives => "objectives", "objectives",
        /// What was achieved.
        Achieved => "achieved", "achieved",
        /// The objectives until the next review.
        NewObjectives => "new_objectives", "new_objectives",
    }
}

use MilestoneField as F;

/// The fields, holding `m`.
fn fields(m: &NewMilestone) -> Vec<Field> {
    vec![
        F::HeldOn.date(Some(m.held_on)).required(),
        F::Objectives.text(&m.objectives),
        F::Achieved.text(&m.achieved),
        F::NewObjectives.text(&m.new_objectives),
    ]
}

/// Reads the fields back.
fn read(form: &mut Form) -> Result<NewMilestone, Refused> {
    form.check_required()?;
    let Some(held_on) = form.date(F::HeldOn)? else {
        return Err(Refused);
    };
    Ok(NewMilestone {
        held_on,
        objectives: form.text(F::Objectives),
        achieved: form.text(F::Achieved),
        new_objectives: form.text(F::NewObjectives),
    })
}

/// A new review opens held `today`, reviewing the `objectives` the last one set.
pub fn blank(today: NaiveDate, objectives: &str) -> NewMilestone {
    NewMilestone {
        held_on: today,
        objectives: objectives.to_owned(),
        achieved: String::new(),
        new_objectives: String::new(),
    }
}

stored_record!(
    Milestone,
    NewMilestone,
    add_milestone,
    update_milestone,
    milestone
);

impl ListRecord for Milestone {
    type Defaults = NewMilestone;

    fn fields(shown: Shown<'_, Self>) -> Vec<Field> {
        match shown {
            Shown::New(m) | Shown::Stored(m) => fields(m),
        }
    }

    fn read(form: &mut Form, _: Option<&Self>) -> Result<NewMilestone, Refused> {
        read(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_review_opens_on_the_last_objectives_and_every_field_reads_back() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let mut form = Form::new(String::new(), fields(&blank(today, "Permis")));
        assert_eq!(read(&mut form), Ok(blank(today, "Permis")));
        let written = NewMilestone {
            achieved: "Code obtenu".into(),
            new_objectives: "Conduite".into(),
            ..blank(today, "Permis")
        };
        let mut form = Form::new(String::new(), fields(&written));
        assert_eq!(read(&mut form), Ok(written));
    }
}

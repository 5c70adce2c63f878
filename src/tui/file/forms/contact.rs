//! The journal contact's form: a new contact (today, face to face by
//! default) or the edit of one (typically to write its note).

use chrono::NaiveDate;

use super::{FormField, ListRecord, Shown, options};
use crate::domain::duration::{check_minutes, parse_minutes};
use crate::domain::journal::ContactKind;
use crate::store::{Contact, NewContact};
use crate::tui::widgets::field::Field;
use crate::tui::widgets::form::{Form, Refused};

form_fields! {
    /// A field of the contact form.
    ContactField {
        /// The day of the contact.
        On => "on", "contact_on",
        /// Face to face, phone…
        Kind => "kind", "contact_kind",
        /// How long it lasted.
        Minutes => "minutes", "minutes",
        /// What was said.
        Summary => "summary", "summary",
        /// What comes next.
        Next => "next", "next_action",
    }
}

use ContactField as F;

/// The fields, holding `c` (or a new contact's defaults, on `today`).
fn fields(c: Option<&NewContact>, today: NaiveDate) -> Vec<Field> {
    let kind = c.map_or(ContactKind::FaceToFace, |c| c.kind);
    let minutes = c.map(|c| c.minutes.to_string()).unwrap_or_default();
    vec![
        F::On
            .date(Some(c.map_or(today, |c| c.contact_on)))
            .required(),
        F::Kind
            .choice(
                options(ContactKind::ALL, ContactKind::code, ContactKind::label),
                Some(kind.code()),
            )
            .required(),
        F::Minutes.text(&minutes),
        F::Summary.text(c.map_or("", |c| c.summary.as_str())),
        F::Next.text(c.map_or("", |c| c.next_action.as_str())),
    ]
}

/// Reads the fields back; `appointment_id` is kept from the contact edited.
fn read(form: &mut Form, appointment_id: Option<i64>) -> Result<NewContact, Refused> {
    form.check_required()?;
    let Some(contact_on) = form.date(F::On)? else {
        return Err(Refused);
    };
    let text = form.text(F::Minutes);
    let minutes = if text.is_empty() || text == "0" {
        0
    } else if text.chars().all(|c| c.is_ascii_digit()) {
        // A bare number is minutes here (a contact lasts minutes, not hours).
        let n = text.parse::<i64>().unwrap_or(i64::MAX);
        check_minutes(n).map_err(|e| form.fail(e, F::Minutes))?
    } else {
        parse_minutes(&text).map_err(|e| form.fail(e, F::Minutes))?
    };
    Ok(NewContact {
        contact_on,
        kind: form
            .choice(F::Kind)
            .and_then(ContactKind::from_code)
            .unwrap_or(ContactKind::FaceToFace),
        minutes,
        summary: form.text(F::Summary),
        next_action: form.text(F::Next),
        appointment_id,
    })
}

stored_record!(Contact, NewContact, add_contact, update_contact, contact);

impl ListRecord for Contact {
    /// A new contact's day.
    type Defaults = NaiveDate;

    fn fields(shown: Shown<'_, Self>) -> Vec<Field> {
        match shown {
            Shown::New(today) => fields(None, *today),
            Shown::Stored(contact) => fields(Some(contact), contact.contact_on),
        }
    }

    /// The appointment a contact was noted from stays linked to it.
    fn read(form: &mut Form, stored: Option<&Self>) -> Result<NewContact, Refused> {
        read(form, stored.and_then(|c| c.details.appointment_id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_is_read_back_as_written() {
        let written = NewContact {
            contact_on: NaiveDate::from_ymd_opt(2026, 3, 4).unwrap(),
            kind: ContactKind::ALL[1],
            minutes: 45,
            summary: "Entretien fictif".into(),
            next_action: "Rappeler".into(),
            appointment_id: Some(7),
        };
        let mut form = Form::new(String::new(), fields(Some(&written), written.contact_on));
        assert_eq!(read(&mut form, Some(7)), Ok(written));
    }

    #[test]
    fn a_bare_number_is_minutes_and_a_duration_is_parsed() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        for (typed, minutes) in [("", 0), ("90", 90), ("1h30", 90)] {
            let mut fields = fields(None, today);
            fields[2] = F::Minutes.text(typed);
            let mut form = Form::new(String::new(), fields);
            assert_eq!(read(&mut form, None).map(|c| c.minutes), Ok(minutes));
        }
    }
}

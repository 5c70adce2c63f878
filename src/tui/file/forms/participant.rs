//! The participant's forms: a new file (identity and entry, and for a
//! coordinator the referent), and the edit of a file's identity and entry data.
//! The status and its dates are lifecycle events (`super::lifecycle`), never
//! fields here; a coordinator reassigns a file with its own form, which moves the
//! agenda with it.

use chrono::NaiveDate;

use super::{FormField, RecordForm, Unsaved, check, options};
use crate::domain::participant::{
    Criterion, EducationLevel, LabourStatus, NewParticipant, Participant, Sex,
};
use crate::domain::user::Role;
use crate::i18n::tf;
use crate::store::{Session, StoreError};
use crate::tui::file::editor::Edits;
use crate::tui::widgets::field::{Choice, Field};
use crate::tui::widgets::form::{Form, Refused};

form_fields! {
    /// A field of the participant forms.
    ParticipantField {
        /// Family name.
        Last => "last", "last_name",
        /// Given name.
        First => "first", "first_name",
        /// Date of birth.
        Birth => "birth", "birth_date",
        /// Sex.
        Sex => "sex", "sex",
        /// Phone number.
        Phone => "phone", "phone",
        /// E-mail address.
        Email => "email", "email",
        /// Street address.
        Address => "address", "address",
        /// Commune of residence.
        Commune => "commune", "commune",
        /// Postcode.
        Postcode => "postcode", "postcode",
        /// Lives in a priority neighbourhood.
        Qpv => "qpv", "qpv",
        /// Who oriented the person.
        Prescriber => "prescriber", "prescriber",
        /// Eligibility criteria.
        Criteria => "criteria", "criteria",
        /// Labour-market status at entry.
        Labour => "labour", "labour_status",
        /// Qualification level.
        Education => "education", "education",
        /// Date of orientation.
        Oriented => "oriented", "oriented_on",
        /// The referent of a new file (a coordinator chooses).
        Referent => "referent", "referent",
    }
}

use ParticipantField as F;

/// The identity and entry fields, shared by the new and edit forms.
fn identity_fields(d: &NewParticipant) -> Vec<Field> {
    let criteria: Vec<&str> = d.criteria.iter().map(|c| c.code()).collect();
    vec![
        F::Last.text(&d.last_name).required(),
        F::First.text(&d.first_name).required(),
        F::Birth.date(d.birth_date).required(),
        F::Sex.choice(
            options(Sex::ALL, Sex::code, Sex::label),
            d.sex.map(Sex::code),
        ),
        F::Phone.text(&d.phone),
        F::Email.text(&d.email),
        F::Address.text(&d.address),
        F::Commune.text(&d.commune),
        F::Postcode.text(&d.postcode),
        F::Qpv.toggle(d.qpv),
        F::Prescriber.text(&d.prescriber),
        F::Criteria.flags(
            options(Criterion::ALL, Criterion::code, Criterion::label),
            &criteria,
        ),
        F::Labour.choice(
            options(LabourStatus::ALL, LabourStatus::code, LabourStatus::label),
            d.labour_status.map(LabourStatus::code),
        ),
        F::Education.choice(
            options(
                EducationLevel::ALL,
                EducationLevel::code,
                EducationLevel::label,
            ),
            d.education.map(EducationLevel::code),
        ),
        F::Oriented.date(d.oriented_on).required(),
    ]
}

/// Reads the identity and entry fields back, checked with the domain rules
/// against `today` (the error shown on its field).
fn read_identity(form: &mut Form, today: NaiveDate) -> Result<NewParticipant, Refused> {
    form.check_required()?;
    let birth_date = form.date(F::Birth)?;
    let oriented_on = form.date(F::Oriented)?;
    let details = NewParticipant {
        last_name: form.text(F::Last),
        first_name: form.text(F::First),
        birth_date,
        sex: form.choice(F::Sex).and_then(Sex::from_code),
        address: form.text(F::Address),
        commune: form.text(F::Commune),
        postcode: form.text(F::Postcode),
        qpv: form.toggle(F::Qpv),
        phone: form.text(F::Phone),
        email: form.text(F::Email),
        prescriber: form.text(F::Prescriber),
        criteria: form
            .flags(F::Criteria)
            .into_iter()
            .filter_map(Criterion::from_code)
            .collect(),
        labour_status: form.choice(F::Labour).and_then(LabourStatus::from_code),
        education: form
            .choice(F::Education)
            .and_then(EducationLevel::from_code),
        oriented_on,
    };
    check(form, details.validate(today), |key| match key {
        "error.birth_date" => F::Birth,
        _ => F::Oriented,
    })?;
    Ok(details)
}

/// The referent field of a new file, for a coordinator: a choice among the active
/// referents (a referent's new files are theirs).
fn referent_field(session: &Session) -> Field {
    let options: Vec<Choice> = session
        .users()
        .unwrap_or_default()
        .into_iter()
        .filter(|u| u.active && u.role == Role::Referent)
        .map(|u| Choice::new(u.login.clone(), format!("{} ({})", u.name, u.login)))
        .collect();
    F::Referent.choice(options, None)
}

/// An identity a new file was last warned about as a possible duplicate:
/// names in lower case, and the date of birth.
type Identity = (String, String, NaiveDate);

/// The form of a new participant file.
#[derive(Debug, Clone)]
pub struct NewParticipantForm {
    oriented_on: NaiveDate,
    /// The referent to choose, for a coordinator (a referent's new files are theirs).
    referent: Option<Field>,
    /// Saving again after the warning about this identity saves anyway.
    warned: Option<Identity>,
}

impl NewParticipantForm {
    /// A new file, oriented today by default.
    pub fn new(session: &Session) -> Self {
        let coordinator = session.actor().is_coordinator();
        Self {
            oriented_on: session.today(),
            referent: coordinator.then(|| referent_field(session)),
            warned: None,
        }
    }
}

impl RecordForm for NewParticipantForm {
    fn fields(&self) -> Vec<Field> {
        let blank = NewParticipant {
            oriented_on: Some(self.oriented_on),
            ..NewParticipant::default()
        };
        let mut fields = identity_fields(&blank);
        fields.extend(self.referent.clone());
        fields
    }

    fn edits(&self) -> Option<Edits> {
        Some(Edits::NewParticipant)
    }

    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        let details = read_identity(form, session.today())?;
        let birth = details.birth_date.ok_or(Unsaved::Shown)?;
        let identity = (
            details.last_name.to_lowercase(),
            details.first_name.to_lowercase(),
            birth,
        );
        if self.warned.as_ref() != Some(&identity) {
            let files =
                session.possible_duplicates(&details.last_name, &details.first_name, birth)?;
            if !files.is_empty() {
                self.warned = Some(identity);
                form.set_warning(tf("file.duplicate", &[("files", &files.join(", "))]));
                return Err(Unsaved::Shown);
            }
        }
        let referent = form.choice(F::Referent).map(str::to_owned);
        Ok(session
            .add_participant(&details, referent.as_deref())?
            .file_number)
    }

    fn reread(&self, _: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        Ok(None)
    }
}

/// The form editing a participant's identity and entry data.
#[derive(Debug, Clone)]
pub struct ParticipantForm {
    participant: Participant,
}

impl ParticipantForm {
    /// The form over `participant` as read.
    pub fn new(participant: Participant) -> Self {
        Self { participant }
    }
}

impl RecordForm for ParticipantForm {
    fn fields(&self) -> Vec<Field> {
        identity_fields(&self.participant.details)
    }

    fn edits(&self) -> Option<Edits> {
        Some(Edits::Participant {
            file: self.participant.file_number.clone(),
            version: self.participant.version,
        })
    }

    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        let details = read_identity(form, session.today())?;
        let edited = Participant {
            details,
            ..self.participant.clone()
        };
        Ok(session.update_participant(&edited)?.file_number)
    }

    fn reread(&self, session: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        let fresh = session.participant(&self.participant.file_number)?;
        Ok(Some(Box::new(Self::new(fresh))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::widgets::field::FieldId;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, d).unwrap()
    }

    #[test]
    fn every_identity_field_is_read_back_as_written() {
        let written = NewParticipant {
            last_name: "Fictif".into(),
            first_name: "Léa".into(),
            birth_date: NaiveDate::from_ymd_opt(1990, 5, 17),
            sex: Some(Sex::ALL[1]),
            address: "3 allée des Hibiscus".into(),
            commune: "Ville-Fictive".into(),
            postcode: "97200".into(),
            qpv: true,
            phone: "0596 00 00 00".into(),
            email: "lea@example.org".into(),
            prescriber: "Mission Locale".into(),
            criteria: Criterion::ALL[..2].to_vec(),
            labour_status: LabourStatus::ALL.last().copied(),
            education: EducationLevel::ALL.first().copied(),
            oriented_on: Some(day(2)),
        };
        let fields = identity_fields(&written);
        let names: Vec<&str> = fields.iter().map(|f| f.id).collect();
        // Drafts already kept name their fields so.
        assert_eq!(
            names,
            [
                "last",
                "first",
                "birth",
                "sex",
                "phone",
                "email",
                "address",
                "commune",
                "postcode",
                "qpv",
                "prescriber",
                "criteria",
                "labour",
                "education",
                "oriented"
            ]
        );
        assert_eq!(F::Referent.name(), "referent");
        let mut form = Form::new(String::new(), fields);
        assert_eq!(read_identity(&mut form, day(20)), Ok(written));
    }
}

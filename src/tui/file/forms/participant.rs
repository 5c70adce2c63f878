//! The participant's forms: a new file (identity and entry, and for a
//! coordinator the referent), and the edit of a file (the same, plus the
//! commission, the contract, the status and the referent).

use chrono::NaiveDate;

use super::{FormField, RecordForm, Unsaved, check, options};
use crate::domain::DomainError;
use crate::domain::participant::{
    CommissionDecision, Criterion, EducationLevel, LabourStatus, NewParticipant, Participant, Sex,
    Status,
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
        /// Date of the commission (edit only).
        CommissionOn => "commission_on", "commission_on",
        /// The commission's decision (edit only).
        Decision => "decision", "commission_decision",
        /// Date of the contract (edit only).
        ContractOn => "contract_on", "contract_on",
        /// Status, while it may be set by hand (edit only).
        Status => "status", "status",
        /// The referent (a coordinator chooses; a referent sees their own).
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

/// The referent field: for a coordinator, a choice among the active
/// referents (and the current one); for a referent, their own name alone,
/// which cannot be changed (reassigning is a coordinator's decision).
fn referent_field(session: &Session, current: Option<&str>) -> Field {
    let coordinator = session.actor().is_coordinator();
    let mut options: Vec<Choice> = if coordinator {
        session
            .users()
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.active && u.role == Role::Referent)
            .map(|u| Choice::new(u.login.clone(), format!("{} ({})", u.name, u.login)))
            .collect()
    } else {
        Vec::new()
    };
    if let Some(login) = current.filter(|l| !options.iter().any(|o| o.code == *l)) {
        let label = if coordinator {
            login.to_owned()
        } else {
            tf("file.referent_fixed", &[("login", login)])
        };
        options.insert(0, Choice::new(login, label));
    }
    F::Referent.choice(options, current)
}

/// Checks that dates follow each other (each no earlier than the ones before) and are not in the future.
fn dates_in_order(
    form: &mut Form,
    dates: &[(F, Option<NaiveDate>)],
    today: NaiveDate,
) -> Result<(), Refused> {
    let mut previous: Option<(F, NaiveDate)> = None;
    for &(field, date) in dates {
        let Some(date) = date else { continue };
        let error = if date > today {
            Some(DomainError::new("file.error.future").arg("field", field.label()))
        } else {
            previous.filter(|(_, p)| date < *p).map(|(before, p)| {
                DomainError::new("file.error.before")
                    .arg("field", field.label())
                    .arg("previous", before.label())
                    .arg("date", p)
            })
        };
        if let Some(error) = error {
            return Err(form.fail(error.arg("value", date), field));
        }
        previous = Some((field, date));
    }
    Ok(())
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
            referent: coordinator.then(|| referent_field(session, None)),
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

/// Statuses a form may set by hand: the exit has its own form.
const EDITABLE_STATUSES: &[Status] =
    &[Status::Oriented, Status::AwaitingCommission, Status::Active];

/// The form editing a participant's identity, entry and commission data, and the referent.
#[derive(Debug, Clone)]
pub struct ParticipantForm {
    participant: Participant,
    referent: Field,
}

impl ParticipantForm {
    /// The form over `participant` as read.
    pub fn new(participant: Participant, session: &Session) -> Self {
        let referent = referent_field(session, participant.referent.as_deref());
        Self {
            participant,
            referent,
        }
    }
}

impl RecordForm for ParticipantForm {
    fn fields(&self) -> Vec<Field> {
        let p = &self.participant;
        let mut fields = identity_fields(&p.details);
        fields.extend([
            F::CommissionOn.date(p.commission_on),
            F::Decision.choice(
                options(
                    CommissionDecision::ALL,
                    CommissionDecision::code,
                    CommissionDecision::label,
                ),
                p.commission_decision.map(CommissionDecision::code),
            ),
            F::ContractOn.date(p.contract_on),
        ]);
        if EDITABLE_STATUSES.contains(&p.status) {
            fields.push(
                F::Status
                    .choice(
                        options(EDITABLE_STATUSES, Status::code, Status::label),
                        Some(p.status.code()),
                    )
                    .required(),
            );
        }
        fields.push(self.referent.clone());
        fields
    }

    fn edits(&self) -> Option<Edits> {
        Some(Edits::Participant {
            file: self.participant.file_number.clone(),
            version: self.participant.version,
        })
    }

    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        let today = session.today();
        let details = read_identity(form, today)?;
        let commission_on = form.date(F::CommissionOn)?;
        let contract_on = form.date(F::ContractOn)?;
        let order = [
            (F::Oriented, details.oriented_on),
            (F::CommissionOn, commission_on),
            (F::ContractOn, contract_on),
        ];
        dates_in_order(form, &order, today)?;
        let mut edited = self.participant.clone();
        edited.details = details;
        edited.commission_on = commission_on;
        edited.commission_decision = form
            .choice(F::Decision)
            .and_then(CommissionDecision::from_code);
        edited.contract_on = contract_on;
        if let Some(status) = form.choice(F::Status).and_then(Status::from_code) {
            edited.status = status;
        }
        edited.referent = form.choice(F::Referent).map(str::to_owned);
        Ok(session.update_participant(&edited)?.file_number)
    }

    fn reread(&self, session: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        let fresh = session.participant(&self.participant.file_number)?;
        Ok(Some(Box::new(Self::new(fresh, session))))
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
        let edit_only = [
            F::CommissionOn,
            F::Decision,
            F::ContractOn,
            F::Status,
            F::Referent,
        ];
        assert_eq!(
            edit_only.map(FieldId::name),
            [
                "commission_on",
                "decision",
                "contract_on",
                "status",
                "referent"
            ]
        );
        let mut form = Form::new(String::new(), fields);
        assert_eq!(read_identity(&mut form, day(20)), Ok(written));
    }

    #[test]
    fn dates_out_of_order_are_refused_on_the_later_field() {
        let fields = [F::Oriented, F::CommissionOn, F::ContractOn]
            .map(|f| f.date(None))
            .to_vec();
        let mut form = Form::new(String::new(), fields);
        let order = [
            (F::Oriented, Some(day(10))),
            (F::CommissionOn, Some(day(3))),
            (F::ContractOn, None),
        ];
        assert_eq!(dates_in_order(&mut form, &order, day(20)), Err(Refused));
        assert_eq!(form.focus(), 1, "the commission date is focused");
        let future = [(F::Oriented, Some(day(21)))];
        assert_eq!(dates_in_order(&mut form, &future, day(20)), Err(Refused));
        assert_eq!(form.focus(), 0);
    }
}

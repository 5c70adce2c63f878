//! Participants: identity, eligibility, status along the pathway, exit.

use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

use super::DomainError;
use super::lifecycle::{Event, ExitState, Situation, Validation};
use crate::code_enum;

code_enum!(
    /// Where a person is in the PLIE, as the dated events of [`super::lifecycle`] give
    /// it: from orientation to the end of the six-month follow-up; never typed.
    Status, "status", {
        Oriented => "oriented",
        AwaitingCommission => "awaiting_commission",
        NotAdmitted => "not_admitted",
        Active => "active",
        JobFollowUp => "job_follow_up",
        Exited => "exited",
    }
);

code_enum!(
    /// Sex as the ESF asks it (woman, man, non-binary).
    Sex, "sex", {
        Female => "f",
        Male => "m",
        NonBinary => "x",
    }
);

code_enum!(
    /// Eligibility criteria of the PLIE protocol (a person can meet several).
    Criterion, "criterion", {
        LongTermJobseeker => "deld",
        Rsa => "rsa",
        Ass => "ass",
        Aah => "aah",
        Under26 => "under26",
        Over50 => "over50",
        Rqth => "rqth",
        SingleParent => "single_parent",
        LowQualification => "low_qualification",
        Qpv => "qpv",
        LeavingPrison => "leaving_prison",
    }
);

code_enum!(
    /// Labour-market status at entry: exactly one, as the ESF asks.
    LabourStatus, "labour", {
        LongTermUnemployed => "long_term_unemployed",
        Unemployed => "unemployed",
        Inactive => "inactive",
        Employed => "employed",
    }
);

code_enum!(
    /// French qualification level (2019 nomenclature, 1 to 8); ISCED bands are derived.
    EducationLevel, "education", {
        Level1 => "1",
        Level2 => "2",
        Level3 => "3",
        Level4 => "4",
        Level5 => "5",
        Level6 => "6",
        Level7 => "7",
        Level8 => "8",
    }
);

impl EducationLevel {
    /// The ESF's ISCED band: `0-2`, `3-4` or `5-8`.
    pub fn isced_band(self) -> &'static str {
        match self {
            Self::Level1 | Self::Level2 => "0-2",
            Self::Level3 | Self::Level4 => "3-4",
            _ => "5-8",
        }
    }
}

code_enum!(
    /// The commission's decision on an entry file.
    CommissionDecision, "commission", {
        Accepted => "accepted",
        Refused => "refused",
        Postponed => "postponed",
    }
);

pub use super::lifecycle::ExitOutcome;

/// A participant's file number, `P-YYYY-NNNN` (year of entry, sequence in that year).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileNumber {
    year: i32,
    seq: u32,
}

impl FileNumber {
    /// The file number for the given year and sequence (1 to 9999).
    pub fn new(year: i32, seq: u32) -> Option<Self> {
        ((1000..=9999).contains(&year) && (1..=9999).contains(&seq)).then_some(Self { year, seq })
    }

    /// Year of entry.
    pub fn year(self) -> i32 {
        self.year
    }

    /// Sequence within the year.
    pub fn seq(self) -> u32 {
        self.seq
    }
}

impl fmt::Display for FileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "P-{}-{:04}", self.year, self.seq)
    }
}

/// Serialised as its text, `P-YYYY-NNNN` (the form of CLI JSON and audit rows).
impl serde::Serialize for FileNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl FromStr for FileNumber {
    type Err = DomainError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DomainError::new("error.file_number").arg("value", s);
        let upper = s.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix("P-").ok_or_else(bad)?;
        let (year, seq) = rest.split_once('-').ok_or_else(bad)?;
        if year.len() != 4
            || seq.len() != 4
            || !year.chars().chain(seq.chars()).all(|c| c.is_ascii_digit())
        {
            return Err(bad());
        }
        Self::new(
            year.parse().map_err(|_| bad())?,
            seq.parse().map_err(|_| bad())?,
        )
        .ok_or_else(bad)
    }
}

/// What is needed to open a new participant file.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewParticipant {
    /// Family name.
    pub last_name: String,
    /// Given name.
    pub first_name: String,
    /// Date of birth (ages are always computed, never typed).
    pub birth_date: Option<NaiveDate>,
    /// Sex as the ESF asks it.
    pub sex: Option<Sex>,
    /// Street address (number, street, building), one line; the commune and postcode apart.
    #[serde(default)]
    pub address: String,
    /// Commune of residence.
    pub commune: String,
    /// Postcode (text: leading zeros matter).
    pub postcode: String,
    /// Lives in a priority neighbourhood (QPV).
    pub qpv: bool,
    /// Phone number (text).
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Who oriented the person (France Travail, Mission Locale, CCAS…).
    pub prescriber: String,
    /// Eligibility criteria met.
    pub criteria: Vec<Criterion>,
    /// Labour-market status at entry.
    pub labour_status: Option<LabourStatus>,
    /// French qualification level.
    pub education: Option<EducationLevel>,
    /// Date the prescriber oriented the person.
    pub oriented_on: Option<NaiveDate>,
}

impl NewParticipant {
    /// The same file with its typed texts trimmed, as it is stored.
    pub fn trimmed(&self) -> Self {
        let trim = |text: &str| text.trim().to_owned();
        Self {
            last_name: trim(&self.last_name),
            first_name: trim(&self.first_name),
            address: trim(&self.address),
            commune: trim(&self.commune),
            postcode: trim(&self.postcode),
            phone: trim(&self.phone),
            email: trim(&self.email),
            prescriber: trim(&self.prescriber),
            ..self.clone()
        }
    }

    /// Checks the required fields and plausibility, against today's date.
    pub fn validate(&self, today: NaiveDate) -> Result<(), DomainError> {
        if self.last_name.trim().is_empty() {
            return Err(
                DomainError::new("error.required").arg("field", crate::i18n::t("field.last_name"))
            );
        }
        if self.first_name.trim().is_empty() {
            return Err(
                DomainError::new("error.required").arg("field", crate::i18n::t("field.first_name"))
            );
        }
        use super::text::{Lines, check_all};
        check_all(&[
            ("file.field.last_name", &self.last_name, Lines::One),
            ("file.field.first_name", &self.first_name, Lines::One),
            ("file.field.address", &self.address, Lines::One),
            ("file.field.commune", &self.commune, Lines::One),
            ("file.field.postcode", &self.postcode, Lines::One),
            ("file.field.phone", &self.phone, Lines::One),
            ("file.field.email", &self.email, Lines::One),
            ("file.field.prescriber", &self.prescriber, Lines::One),
        ])?;
        let birth = self.birth_date.ok_or_else(|| {
            DomainError::new("error.required").arg("field", crate::i18n::t("field.birth_date"))
        })?;
        validate_birth_date(birth, today)?;
        if let Some(oriented) = self.oriented_on
            && (oriented < birth || oriented > today)
        {
            return Err(DomainError::new("error.date_order").arg("date", oriented));
        }
        Ok(())
    }
}

/// A birth date is plausible for a PLIE participant when the person is 16 to 80 years old.
pub fn validate_birth_date(birth: NaiveDate, today: NaiveDate) -> Result<(), DomainError> {
    match age_on(birth, today) {
        Some(age) if (16..=80).contains(&age) => Ok(()),
        _ => Err(DomainError::new("error.birth_date").arg("value", birth)),
    }
}

/// Age in whole years on a date; `None` when the date is before the birth.
pub fn age_on(birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    let mut years = on.year() - birth.year();
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    u32::try_from(years).ok()
}

/// The ESF age band of a person on a date.
pub fn age_band(birth: NaiveDate, on: NaiveDate) -> &'static str {
    match age_on(birth, on).unwrap_or(0) {
        0..=24 => "<25",
        25..=54 => "25-54",
        _ => "55+",
    }
}

/// Parses a date as people type it: `YYYY-MM-DD`, `DD/MM/YYYY`, or `DD/MM` in the year of
/// `today` (the session's today; without it, a date without year is refused). The error
/// names the value, translated.
pub fn parse_date_on(s: &str, today: Option<NaiveDate>) -> Result<NaiveDate, DomainError> {
    let text = s.trim();
    let bad = || DomainError::new("error.date").arg("value", text);
    let whole = |f: &str| f.len() <= 4 && !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit());
    if text.contains('/') {
        let parts: Vec<&str> = text.split('/').collect();
        if !parts.iter().all(|p| whole(p))
            || parts[..2.min(parts.len())].iter().any(|p| p.len() > 2)
        {
            return Err(bad());
        }
        let year = match parts.as_slice() {
            [_, _] => today.ok_or_else(bad)?.year(),
            [_, _, y] if y.len() == 4 => y.parse().map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        let day = parts[0].parse().map_err(|_| bad())?;
        let month = parts[1].parse().map_err(|_| bad())?;
        return NaiveDate::from_ymd_opt(year, month, day).ok_or_else(bad);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| bad())
}

/// Whole months between two dates (time in the pathway).
pub fn months_between(from: NaiveDate, to: NaiveDate) -> i32 {
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if to.day() < from.day() {
        months -= 1;
    }
    months.max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_people_type_them() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23);
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        for (text, date) in [
            ("1990-12-31", d(1990, 12, 31)),
            ("31/12/1990", d(1990, 12, 31)),
            (" 1/2/2027 ", d(2027, 2, 1)),
            ("31/12", d(2026, 12, 31)),
            ("05/01", d(2026, 1, 5)),
        ] {
            assert_eq!(parse_date_on(text, today), Ok(date), "{text}");
        }
        for text in [
            "31/02/2026",
            "31/12/90",
            "12/31",
            "1/2/3/4",
            "31-12-1990",
            "",
            "a/b",
            "/",
        ] {
            assert!(parse_date_on(text, today).is_err(), "{text}");
        }
        assert!(
            parse_date_on("31/12", None).is_err(),
            "no year without today"
        );
        assert_eq!(parse_date_on("31/12/1990", None), Ok(d(1990, 12, 31)));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn file_numbers() {
        let f: FileNumber = "P-2025-0042".parse().unwrap();
        assert_eq!(f.to_string(), "P-2025-0042");
        assert_eq!("p-2025-0042".parse::<FileNumber>().unwrap(), f);
        for bad in [
            "P-25-0042",
            "P-2025-42",
            "Q-2025-0042",
            "P-2025-0000",
            "P-2025-00a2",
        ] {
            assert!(bad.parse::<FileNumber>().is_err(), "{bad}");
        }
    }

    #[test]
    fn ages_and_bands() {
        assert_eq!(age_on(d(2000, 6, 15), d(2026, 6, 14)), Some(25));
        assert_eq!(age_on(d(2000, 6, 15), d(2026, 6, 15)), Some(26));
        assert_eq!(age_on(d(2000, 6, 15), d(1999, 1, 1)), None);
        assert_eq!(age_band(d(2003, 1, 1), d(2026, 1, 1)), "<25");
        assert_eq!(age_band(d(1960, 1, 1), d(2026, 1, 1)), "55+");
    }

    #[test]
    fn validation() {
        let today = d(2026, 11, 23);
        let mut p = NewParticipant {
            last_name: "Zorglub".into(),
            first_name: "Test".into(),
            birth_date: Some(d(1990, 1, 1)),
            ..Default::default()
        };
        assert!(p.validate(today).is_ok());
        p.birth_date = Some(d(2020, 1, 1));
        assert_eq!(p.validate(today).unwrap_err().key, "error.birth_date");
        p.birth_date = Some(d(1990, 1, 1));
        p.oriented_on = Some(d(2027, 1, 1));
        assert_eq!(p.validate(today).unwrap_err().key, "error.date_order");
        p.last_name.clear();
        assert_eq!(p.validate(today).unwrap_err().key, "error.required");
    }

    #[test]
    fn months_in_pathway() {
        assert_eq!(months_between(d(2026, 1, 15), d(2026, 3, 14)), 1);
        assert_eq!(months_between(d(2026, 1, 15), d(2026, 3, 15)), 2);
        assert_eq!(months_between(d(2026, 3, 15), d(2026, 1, 15)), 0);
    }

    #[test]
    fn education_bands() {
        assert_eq!(EducationLevel::Level3.isced_band(), "3-4");
    }
}

/// A participant's file as stored. The status and its dates are those the lifecycle
/// events give ([`super::lifecycle::derive`]), kept beside the file by the store and
/// written by nothing else.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Participant {
    /// Database id.
    pub id: i64,
    /// File number `P-YYYY-NNNN`.
    pub file_number: String,
    /// Identity, contact details and entry data.
    #[serde(flatten)]
    pub details: NewParticipant,
    /// Where the person is in the pathway.
    pub status: Status,
    /// Date the entry file was complete (current cycle).
    pub entry_file_on: Option<NaiveDate>,
    /// Date of the commission's last decision (current cycle).
    pub commission_on: Option<NaiveDate>,
    /// The commission's last decision.
    pub commission_decision: Option<CommissionDecision>,
    /// Date the first engagement contract was signed: the entry into the pathway,
    /// kept through re-entries (one participant per ESF operation).
    pub contract_on: Option<NaiveDate>,
    /// Login of the single referent.
    pub referent: Option<String>,
    /// Exit date (for a job exit: the job's start, which opens the six-month follow-up).
    pub exit_on: Option<NaiveDate>,
    /// How the pathway ended.
    pub exit_outcome: Option<ExitOutcome>,
    /// Where the exit stands: provisional until its six-month check, then validated or not.
    pub exit_validation: Option<Validation>,
    /// When the six-month check is due.
    pub exit_check_due: Option<NaiveDate>,
    /// When it was recorded.
    pub exit_checked_on: Option<NaiveDate>,
    /// The situation it recorded.
    pub follow_up_situation: Option<Situation>,
    /// Optimistic-lock version: an update must name the version it read.
    pub version: i64,
}

impl Participant {
    /// "LAST First", as lists show people.
    pub fn display_name(&self) -> String {
        format!(
            "{} {}",
            self.details.last_name.to_uppercase(),
            self.details.first_name
        )
    }

    /// The date the pathway started: the contract, else the orientation.
    pub fn started_on(&self) -> Option<NaiveDate> {
        self.contract_on.or(self.details.oriented_on)
    }

    /// The exit in force, if any.
    pub fn exit(&self) -> Option<ExitState> {
        Some(ExitState {
            on: self.exit_on?,
            outcome: self.exit_outcome?,
            validation: self.exit_validation,
            check_due: self.exit_check_due,
            checked_on: self.exit_checked_on,
            situation: self.follow_up_situation,
        })
    }

    /// Whether the status or one of its dates differs from `other`'s: they change
    /// only through lifecycle events.
    pub fn lifecycle_differs(&self, other: &Participant) -> bool {
        (
            self.status,
            self.entry_file_on,
            self.commission_on,
            self.commission_decision,
            self.contract_on,
            self.exit(),
        ) != (
            other.status,
            other.entry_file_on,
            other.commission_on,
            other.commission_decision,
            other.contract_on,
            other.exit(),
        )
    }
}

/// A participant file as an import brings it in: the file's columns, typed and checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedParticipant {
    /// The file number to keep, or `None` for the next one of the orientation year.
    pub file_number: Option<FileNumber>,
    /// Identity, contact details and entry data (`oriented_on` always set).
    pub details: NewParticipant,
    /// Login of the referent whose caseload receives the file.
    pub referent: Option<String>,
    /// The lifecycle events the file's dates record (commission, contract, exit, check),
    /// checked to derive.
    pub events: Vec<Event>,
}

/// What two files of the same person share: both names folded (case and accents
/// ignored, `Lévêque` = `LEVEQUE`) and the birth date. Equal keys are possible duplicates.
pub fn identity_key(last: &str, first: &str, birth: NaiveDate) -> (String, String, NaiveDate) {
    use super::text::fold;
    (fold(last.trim()), fold(first.trim()), birth)
}

/// Days before a milestone review's due date from which it is flagged.
pub const MILESTONE_NOTICE_DAYS: i64 = 14;

/// What the alerts of a participant depend on.
#[derive(Debug, Clone, Copy)]
pub struct AlertInputs {
    /// Current status.
    pub status: Status,
    /// Start of the pathway (contract, else orientation).
    pub started_on: NaiveDate,
    /// Date the engagement contract was signed.
    pub contract_on: Option<NaiveDate>,
    /// Exit date (job start for a job exit).
    pub exit_on: Option<NaiveDate>,
    /// Last contact that took place.
    pub last_contact: Option<NaiveDate>,
    /// Oldest contact whose journal note is still empty.
    pub oldest_unnoted_contact: Option<NaiveDate>,
    /// Last milestone review.
    pub last_milestone: Option<NaiveDate>,
    /// Which stages of the ESF record are complete.
    pub esf_done: super::esf::Completeness,
}

/// The follow-up alerts that apply on `today`.
pub fn alerts(i: &AlertInputs, today: NaiveDate) -> Vec<super::journal::Alert> {
    use super::journal::{Alert, contact_overdue, note_overdue};
    use super::pathway::{job_follow_up_due, next_milestone_due};
    let followed = matches!(i.status, Status::Active | Status::JobFollowUp);
    let mut out = Vec::new();
    if followed && contact_overdue(i.last_contact, i.started_on, today) {
        out.push(Alert::NoRecentContact);
    }
    if i.oldest_unnoted_contact
        .is_some_and(|d| note_overdue(d, today))
    {
        out.push(Alert::NoteOverdue);
    }
    if let (Status::Active, Some(contract)) = (i.status, i.contract_on) {
        let due = next_milestone_due(contract, i.last_milestone);
        if (due - today).num_days() <= MILESTONE_NOTICE_DAYS {
            out.push(Alert::MilestoneDue);
        }
    }
    if let (Status::JobFollowUp, Some(exit)) = (i.status, i.exit_on)
        && today >= job_follow_up_due(exit)
    {
        out.push(Alert::FollowUpDue);
    }
    if i.status == Status::AwaitingCommission {
        out.push(Alert::AwaitingCommission);
    }
    let course = super::esf::Course {
        entry_on: i.contract_on,
        exit_on: i.exit_on,
    };
    out.extend(course.late(i.esf_done, today).into_iter().map(Alert::esf));
    out
}

#[cfg(test)]
mod alert_tests {
    use super::*;
    use crate::domain::journal::Alert;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn each_alert_fires_on_its_rule() {
        let today = d(2026, 11, 23);
        let base = AlertInputs {
            status: Status::Active,
            started_on: d(2026, 9, 1),
            contract_on: Some(d(2026, 9, 1)),
            exit_on: None,
            last_contact: Some(d(2026, 11, 20)),
            oldest_unnoted_contact: None,
            last_milestone: None,
            esf_done: crate::domain::esf::Completeness {
                entry: true,
                exit: true,
                follow_up: true,
            },
        };
        assert!(alerts(&base, today).is_empty());
        let stale = AlertInputs {
            last_contact: Some(d(2026, 10, 1)),
            ..base
        };
        assert_eq!(alerts(&stale, today), [Alert::NoRecentContact]);
        let unnoted = AlertInputs {
            oldest_unnoted_contact: Some(d(2026, 11, 10)),
            ..base
        };
        assert_eq!(alerts(&unnoted, today), [Alert::NoteOverdue]);
        let review = AlertInputs {
            contract_on: Some(d(2026, 6, 30)),
            ..base
        };
        assert_eq!(alerts(&review, today), [Alert::MilestoneDue]);
        let job = AlertInputs {
            status: Status::JobFollowUp,
            exit_on: Some(d(2026, 5, 1)),
            ..base
        };
        assert_eq!(alerts(&job, today), [Alert::FollowUpDue]);
        let waiting = AlertInputs {
            status: Status::AwaitingCommission,
            ..base
        };
        assert_eq!(alerts(&waiting, today), [Alert::AwaitingCommission]);
        let esf_late = AlertInputs {
            status: Status::Exited,
            contract_on: Some(d(2025, 9, 1)),
            exit_on: Some(d(2026, 3, 2)),
            esf_done: Default::default(),
            ..base
        };
        assert_eq!(
            alerts(&esf_late, today),
            [Alert::EsfEntry, Alert::EsfExit, Alert::EsfFollowUp]
        );
    }
}

//! The ESF participant record (Regulation (EU) 2021/1057): the entry questionnaire, the
//! situation on leaving and six months after, which items each stage must answer, when
//! each stage is due, and which are late.
//!
//! The entry date is the engagement contract's (the day the person becomes a participant
//! of the operation); ages are computed on it from the birth date, never typed. Leaving is
//! the file's exit date. The entry's core items (sex, labour status, education) are the
//! participant file's own fields: the record reads them, it does not copy them.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::DomainError;
use super::participant::{EducationLevel, FileNumber, LabourStatus, Sex, age_on, months_between};
use crate::code_enum;

code_enum!(
    /// An answer that may be refused: the refusal is recorded, so the attempt is proven.
    Answer, "esf.answer", {
        Yes => "yes",
        No => "no",
        Refused => "refused",
    }
);

code_enum!(
    /// The three moments the ESF asks about a participant.
    EsfStage, "esf.stage", {
        Entry => "entry",
        Exit => "exit",
        #[serde(rename = "follow-up")]
        FollowUp => "follow-up",
    }
);

code_enum!(
    /// One item of the record; its code names it in the column map and the error file.
    EsfItem, "esf.item", {
        Sex => "sex",
        LabourStatus => "labour_status",
        UnemployedSince => "unemployed_since",
        Education => "education",
        Disability => "disability",
        ThirdCountry => "third_country",
        ForeignBackground => "foreign_background",
        Minority => "minority",
        Homeless => "homeless",
        Rural => "rural",
        JobSearching => "job_searching",
        InTraining => "in_training",
        Qualification => "qualification",
        Employed => "employed",
        EmployedAfterSixMonths => "employed_after_six_months",
        ImprovedAfterSixMonths => "improved_after_six_months",
    }
);

/// Days after the entry, the exit or the six-month date within which a stage is answered
/// (the ESF's "immediate" result is the situation within four weeks of leaving; the PLIE
/// gives the entry questionnaire the same four weeks).
pub const STAGE_DAYS: u64 = 28;

/// Months after leaving of the longer-term results.
pub const FOLLOW_UP_MONTHS: u32 = 6;

/// Months of unemployment from which an adult is long-term unemployed (the ESF's definition).
pub const LONG_TERM_MONTHS: i32 = 12;

/// Months of unemployment from which a person under 25 is long-term unemployed.
pub const LONG_TERM_MONTHS_YOUNG: i32 = 6;

impl EsfItem {
    /// The stage that asks this item.
    pub fn stage(self) -> EsfStage {
        match self {
            Self::JobSearching | Self::InTraining | Self::Qualification | Self::Employed => {
                EsfStage::Exit
            }
            Self::EmployedAfterSixMonths | Self::ImprovedAfterSixMonths => EsfStage::FollowUp,
            _ => EsfStage::Entry,
        }
    }

    /// The labour status at entry this item is asked for only; `None` when it is always
    /// asked. The unemployment start date proves a long-term unemployment; an improved
    /// situation is, in the Commission's narrow sense, that of a person employed at entry.
    pub fn only_for(self) -> Option<LabourStatus> {
        match self {
            Self::UnemployedSince => Some(LabourStatus::LongTermUnemployed),
            Self::ImprovedAfterSixMonths => Some(LabourStatus::Employed),
            _ => None,
        }
    }

    /// Whether the item is asked of a person with this labour status at entry.
    pub fn asked(self, labour: Option<LabourStatus>) -> bool {
        self.only_for().is_none_or(|only| labour == Some(only))
    }

    /// Whether the item is one of the answers a person may refuse (yes / no / refused).
    pub fn refusable(self) -> bool {
        matches!(
            self,
            Self::Disability
                | Self::ThirdCountry
                | Self::ForeignBackground
                | Self::Minority
                | Self::Homeless
                | Self::Rural
        )
    }

    /// The items of `stage`, in questionnaire order.
    pub fn of(stage: EsfStage) -> impl Iterator<Item = EsfItem> {
        Self::ALL
            .iter()
            .copied()
            .filter(move |i| i.stage() == stage)
    }
}

/// The entry questionnaire: answers as at the entry date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryAnswers {
    /// Sex (the participant file's own field).
    pub sex: Option<Sex>,
    /// Labour-market status, exactly one (the participant file's own field).
    pub labour_status: Option<LabourStatus>,
    /// Start of the current unemployment (asked of the long-term unemployed).
    pub unemployed_since: Option<NaiveDate>,
    /// French qualification level (the participant file's own field).
    pub education: Option<EducationLevel>,
    /// Disability.
    pub disability: Option<Answer>,
    /// Third-country national.
    pub third_country: Option<Answer>,
    /// Foreign background.
    pub foreign_background: Option<Answer>,
    /// Minority (including marginalised communities such as the Roma).
    pub minority: Option<Answer>,
    /// Homeless or affected by housing exclusion.
    pub homeless: Option<Answer>,
    /// Living in a rural area.
    pub rural: Option<Answer>,
}

impl EntryAnswers {
    /// The answer to `item` as its stable code (a date as `YYYY-MM-DD`); `None` when
    /// unanswered or not an entry item.
    pub fn value(&self, item: EsfItem) -> Option<String> {
        let answer = |a: Option<Answer>| a.map(|a| a.code().to_owned());
        match item {
            EsfItem::Sex => self.sex.map(|s| s.code().to_owned()),
            EsfItem::LabourStatus => self.labour_status.map(|s| s.code().to_owned()),
            EsfItem::UnemployedSince => self.unemployed_since.map(|d| d.to_string()),
            EsfItem::Education => self.education.map(|e| e.code().to_owned()),
            EsfItem::Disability => answer(self.disability),
            EsfItem::ThirdCountry => answer(self.third_country),
            EsfItem::ForeignBackground => answer(self.foreign_background),
            EsfItem::Minority => answer(self.minority),
            EsfItem::Homeless => answer(self.homeless),
            EsfItem::Rural => answer(self.rural),
            _ => None,
        }
    }

    /// The entry items whose answer differs in `other`: item, value before, value after.
    pub fn changes(&self, other: &EntryAnswers) -> Vec<(EsfItem, Option<String>, Option<String>)> {
        EsfItem::of(EsfStage::Entry)
            .map(|item| (item, self.value(item), other.value(item)))
            .filter(|(_, before, after)| before != after)
            .collect()
    }

    /// The entry items still to answer.
    pub fn missing(&self) -> Vec<EsfItem> {
        missing(EsfStage::Entry, self.labour_status, |item| {
            self.value(item).is_some()
        })
    }

    /// The answer of one of the six refusable items.
    pub fn answer(&self, item: EsfItem) -> Option<Answer> {
        match item {
            EsfItem::Disability => self.disability,
            EsfItem::ThirdCountry => self.third_country,
            EsfItem::ForeignBackground => self.foreign_background,
            EsfItem::Minority => self.minority,
            EsfItem::Homeless => self.homeless,
            EsfItem::Rural => self.rural,
            _ => None,
        }
    }

    /// Checks the unemployment start date against the labour status, for a person born
    /// on `birth` entering on `entry_on`: only the unemployed have one, it is not in the
    /// future of the entry, and it makes a long-term unemployment exactly when it is 12
    /// months old (6 under 25).
    pub fn check(&self, birth: NaiveDate, entry_on: NaiveDate) -> Result<(), DomainError> {
        let Some(since) = self.unemployed_since else {
            return Ok(());
        };
        let unemployed = matches!(
            self.labour_status,
            Some(LabourStatus::Unemployed | LabourStatus::LongTermUnemployed)
        );
        if !unemployed {
            return Err(DomainError::new("esf.error.not_unemployed"));
        }
        if since > entry_on || since < birth {
            return Err(DomainError::new("esf.error.unemployed_since")
                .arg("date", since)
                .arg("entry", entry_on));
        }
        let threshold = long_term_months(birth, entry_on);
        let long = months_between(since, entry_on) >= threshold;
        match (self.labour_status, long) {
            (Some(LabourStatus::LongTermUnemployed), false) => {
                Err(DomainError::new("esf.error.not_long_term")
                    .arg("date", since)
                    .arg("months", threshold))
            }
            (Some(LabourStatus::Unemployed), true) => Err(DomainError::new("esf.error.long_term")
                .arg("date", since)
                .arg("months", threshold)),
            _ => Ok(()),
        }
    }
}

/// Months of unemployment that make a person born on `birth` long-term unemployed on `on`.
pub fn long_term_months(birth: NaiveDate, on: NaiveDate) -> i32 {
    if age_on(birth, on).unwrap_or(0) < 25 {
        LONG_TERM_MONTHS_YOUNG
    } else {
        LONG_TERM_MONTHS
    }
}

/// The situation within four weeks of leaving.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExitAnswers {
    /// Engaged in job searching.
    pub job_searching: Option<bool>,
    /// In education or training.
    pub in_training: Option<bool>,
    /// Gained a qualification.
    pub qualification: Option<bool>,
    /// In employment, including self-employment.
    pub employed: Option<bool>,
}

impl ExitAnswers {
    /// The answer to one of the exit items.
    pub fn value(&self, item: EsfItem) -> Option<bool> {
        match item {
            EsfItem::JobSearching => self.job_searching,
            EsfItem::InTraining => self.in_training,
            EsfItem::Qualification => self.qualification,
            EsfItem::Employed => self.employed,
            _ => None,
        }
    }
}

/// The situation six months after leaving.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpAnswers {
    /// In employment, including self-employment.
    pub employed: Option<bool>,
    /// Improved labour-market situation (employed at entry only): from precarious to
    /// stable work, from under- to full employment, a job needing higher skills, or a
    /// promotion.
    pub improved: Option<bool>,
}

impl FollowUpAnswers {
    /// The answer to one of the six-month items.
    pub fn value(&self, item: EsfItem) -> Option<bool> {
        match item {
            EsfItem::EmployedAfterSixMonths => self.employed,
            EsfItem::ImprovedAfterSixMonths => self.improved,
            _ => None,
        }
    }

    /// Checks the answers against the labour status at entry: an improved situation is
    /// asked of people employed at entry only, and needs a job.
    pub fn check(&self, labour_at_entry: Option<LabourStatus>) -> Result<(), DomainError> {
        if self.improved.is_some() && !EsfItem::ImprovedAfterSixMonths.asked(labour_at_entry) {
            return Err(DomainError::new("esf.error.improved_employed_only"));
        }
        if self.improved == Some(true) && self.employed != Some(true) {
            return Err(DomainError::new("esf.error.improved_needs_job"));
        }
        Ok(())
    }
}

/// The French items PLIEs also report, read from the participant file's criteria.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FrenchItems {
    /// Receives the RSA.
    pub rsa: bool,
    /// Receives the ASS.
    pub ass: bool,
    /// Receives the AAH.
    pub aah: bool,
    /// Recognised as a disabled worker (RQTH).
    pub rqth: bool,
    /// Lives in a priority neighbourhood (QPV).
    pub qpv: bool,
    /// Single parent.
    pub single_parent: bool,
}

/// Who a record is about, as the platform export names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// Family name.
    pub last_name: String,
    /// Given name.
    pub first_name: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Postcode (text: leading zeros matter).
    pub postcode: String,
    /// Commune of residence.
    pub commune: String,
}

/// What the file says about a participant's course, that the record's stages depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Course {
    /// Entry into the operation (the engagement contract), if the person entered.
    pub entry_on: Option<NaiveDate>,
    /// Leaving (the file's exit date).
    pub exit_on: Option<NaiveDate>,
}

impl Course {
    /// The date a stage opens: the entry, the exit, six months after the exit; `None`
    /// while the participant has not reached it (no exit without an entry).
    pub fn opens_on(&self, stage: EsfStage) -> Option<NaiveDate> {
        let entry = self.entry_on?;
        match stage {
            EsfStage::Entry => Some(entry),
            EsfStage::Exit => self.exit_on,
            EsfStage::FollowUp => self.exit_on.map(six_months_after),
        }
    }

    /// The date by which a stage should be answered.
    pub fn due_on(&self, stage: EsfStage) -> Option<NaiveDate> {
        self.opens_on(stage).map(|d| d + Days::new(STAGE_DAYS))
    }

    /// The stages reached, past their due date on `today` and not `done`: what the
    /// caseload flags.
    pub fn late(&self, done: Completeness, today: NaiveDate) -> Vec<EsfStage> {
        EsfStage::ALL
            .iter()
            .copied()
            .filter(|stage| !done.of(*stage) && self.due_on(*stage).is_some_and(|due| today > due))
            .collect()
    }
}

/// Which stages of a record are complete: all its follow-up alerts depend on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Completeness {
    /// The entry questionnaire.
    pub entry: bool,
    /// The situation on leaving.
    pub exit: bool,
    /// The situation six months after.
    pub follow_up: bool,
}

impl Completeness {
    /// Whether `stage` is complete.
    pub fn of(self, stage: EsfStage) -> bool {
        match stage {
            EsfStage::Entry => self.entry,
            EsfStage::Exit => self.exit,
            EsfStage::FollowUp => self.follow_up,
        }
    }
}

/// The date six months after `date` (the last day of a shorter month when needed).
pub fn six_months_after(date: NaiveDate) -> NaiveDate {
    date.checked_add_months(Months::new(FOLLOW_UP_MONTHS))
        .unwrap_or(date)
}

/// Where a stage stands on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageState {
    /// The day the stage opened (entry, exit, six months after the exit); `None` while
    /// the participant has not reached it.
    pub opens_on: Option<NaiveDate>,
    /// The day it should be answered by.
    pub due_on: Option<NaiveDate>,
    /// Every item it asks is answered.
    pub complete: bool,
    /// The items it asks that have no answer yet.
    pub missing: Vec<EsfItem>,
    /// Past its due date and not complete.
    pub late: bool,
}

impl StageState {
    /// The state of `stage` of `course` on `today`, `answered` saying which items have an
    /// answer and `labour` being the labour status at entry (which decides what is asked).
    fn new(
        stage: EsfStage,
        course: &Course,
        labour: Option<LabourStatus>,
        answered: impl Fn(EsfItem) -> bool,
        today: NaiveDate,
    ) -> Self {
        let missing = missing(stage, labour, answered);
        let complete = missing.is_empty();
        let due_on = course.due_on(stage);
        Self {
            opens_on: course.opens_on(stage),
            due_on,
            late: !complete && due_on.is_some_and(|due| today > due),
            complete,
            missing,
        }
    }
}

/// The items of `stage` asked of a person whose labour status at entry is `labour` that
/// have no answer (`answered` says which do), in questionnaire order.
pub fn missing(
    stage: EsfStage,
    labour: Option<LabourStatus>,
    answered: impl Fn(EsfItem) -> bool,
) -> Vec<EsfItem> {
    EsfItem::of(stage)
        .filter(|item| item.asked(labour) && !answered(*item))
        .collect()
}

/// Who validated the entry questionnaire, and when: later changes are corrections.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Validation {
    /// When.
    pub at: DateTime<Utc>,
    /// Who (login).
    pub by: String,
}

/// A dated, audited correction of a validated entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Correction {
    /// The item corrected.
    pub item: EsfItem,
    /// Its value before (code).
    pub before: Option<String>,
    /// Its value after (code).
    pub after: Option<String>,
    /// Why.
    pub reason: String,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (login).
    pub by: String,
}

/// The entry stage of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryStage {
    /// The answers.
    pub answers: EntryAnswers,
    /// Age at the entry date.
    pub age: Option<u32>,
    /// The ISCED band of the education level (`0-2`, `3-4`, `5-8`).
    pub isced: Option<&'static str>,
    /// The French items, from the file's criteria.
    pub french: FrenchItems,
    /// When the questionnaire was first complete, and by whom.
    pub validated: Option<Validation>,
    /// Where the stage stands.
    #[serde(flatten)]
    pub state: StageState,
}

/// The exit stage of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExitStage {
    /// The answers.
    pub answers: ExitAnswers,
    /// Where the stage stands.
    #[serde(flatten)]
    pub state: StageState,
}

/// The six-month stage of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FollowUpStage {
    /// The answers.
    pub answers: FollowUpAnswers,
    /// Where the stage stands.
    #[serde(flatten)]
    pub state: StageState,
}

/// What the store keeps of a record, before its stages are worked out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredRecord {
    /// Entry answers (the core ones from the participant file).
    pub entry: EntryAnswers,
    /// Exit answers.
    pub exit: ExitAnswers,
    /// Six-month answers.
    pub follow_up: FollowUpAnswers,
    /// The entry's validation.
    pub validated: Option<Validation>,
    /// Corrections of the validated entry, oldest first.
    pub corrections: Vec<Correction>,
    /// The French items.
    pub french: FrenchItems,
    /// Version of the stored answers (0: none stored yet).
    pub version: i64,
    /// Version of the participant file (whose core items the entry edits).
    pub participant_version: i64,
}

/// The answer to `item` among the three stages' answers, as its stable code (`yes` / `no`
/// for the exit and six-month answers); `None` when unanswered.
fn answer_code(
    entry: &EntryAnswers,
    exit: &ExitAnswers,
    follow_up: &FollowUpAnswers,
    item: EsfItem,
) -> Option<String> {
    let code = |b: Option<bool>| b.map(|yes| if yes { "yes" } else { "no" }.to_owned());
    match item.stage() {
        EsfStage::Entry => entry.value(item),
        EsfStage::Exit => code(exit.value(item)),
        EsfStage::FollowUp => code(follow_up.value(item)),
    }
}

impl StoredRecord {
    /// The answer to `item` as its stable code (`yes` / `no` for the exit and six-month
    /// answers); `None` when unanswered.
    pub fn value(&self, item: EsfItem) -> Option<String> {
        answer_code(&self.entry, &self.exit, &self.follow_up, item)
    }

    /// Whether `item` has an answer.
    pub fn answered(&self, item: EsfItem) -> bool {
        self.value(item).is_some()
    }

    /// The items of `stage` whose answer differs in `other`.
    pub fn changed(&self, other: &StoredRecord, stage: EsfStage) -> Vec<EsfItem> {
        EsfItem::of(stage)
            .filter(|item| self.value(*item) != other.value(*item))
            .collect()
    }

    /// Whether every item `stage` asks is answered.
    pub fn is_complete(&self, stage: EsfStage) -> bool {
        missing(stage, self.entry.labour_status, |item| self.answered(item)).is_empty()
    }
}

/// A participant's ESF record: the three stages with their answers and where each stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EsfRecord {
    /// The participant's file number.
    pub file_number: FileNumber,
    /// Entry into the operation (the engagement contract).
    pub entry_on: Option<NaiveDate>,
    /// Leaving (the file's exit date).
    pub exit_on: Option<NaiveDate>,
    /// The entry questionnaire.
    pub entry: EntryStage,
    /// The situation on leaving.
    pub exit: ExitStage,
    /// The situation six months after leaving.
    pub follow_up: FollowUpStage,
    /// Corrections of the validated entry, oldest first.
    pub corrections: Vec<Correction>,
    /// Version of the stored answers (0: none stored yet), for an optimistic edit.
    pub version: i64,
    /// Version of the participant file, for an edit of the entry's core items.
    pub participant_version: i64,
}

impl EsfRecord {
    /// The record of `file_number`, a person born on `birth_date`, as `stored`, on `today`.
    pub fn new(
        file_number: FileNumber,
        birth_date: NaiveDate,
        course: Course,
        stored: StoredRecord,
        today: NaiveDate,
    ) -> Self {
        let labour = stored.entry.labour_status;
        let state =
            |stage| StageState::new(stage, &course, labour, |item| stored.answered(item), today);
        let (entry_state, exit_state, follow_up_state) = (
            state(EsfStage::Entry),
            state(EsfStage::Exit),
            state(EsfStage::FollowUp),
        );
        Self {
            file_number,
            entry_on: course.entry_on,
            exit_on: course.exit_on,
            entry: EntryStage {
                isced: stored.entry.education.map(EducationLevel::isced_band),
                age: course.entry_on.and_then(|on| age_on(birth_date, on)),
                french: stored.french,
                validated: stored.validated,
                answers: stored.entry,
                state: entry_state,
            },
            exit: ExitStage {
                answers: stored.exit,
                state: exit_state,
            },
            follow_up: FollowUpStage {
                answers: stored.follow_up,
                state: follow_up_state,
            },
            corrections: stored.corrections,
            version: stored.version,
            participant_version: stored.participant_version,
        }
    }

    /// The answer to `item` as its stable code (`yes` / `no` for the exit and six-month
    /// answers); `None` when unanswered.
    pub fn value(&self, item: EsfItem) -> Option<String> {
        answer_code(
            &self.entry.answers,
            &self.exit.answers,
            &self.follow_up.answers,
            item,
        )
    }

    /// Where `stage` stands.
    pub fn state(&self, stage: EsfStage) -> &StageState {
        match stage {
            EsfStage::Entry => &self.entry.state,
            EsfStage::Exit => &self.exit.state,
            EsfStage::FollowUp => &self.follow_up.state,
        }
    }

    /// The stages the participant has reached whose questionnaire is not complete.
    pub fn incomplete(&self) -> impl Iterator<Item = EsfStage> + '_ {
        EsfStage::ALL.iter().copied().filter(|stage| {
            let state = self.state(*stage);
            state.opens_on.is_some() && !state.complete
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn complete_entry() -> EntryAnswers {
        EntryAnswers {
            sex: Some(Sex::Female),
            labour_status: Some(LabourStatus::Inactive),
            unemployed_since: None,
            education: Some(EducationLevel::Level3),
            disability: Some(Answer::No),
            third_country: Some(Answer::Refused),
            foreign_background: Some(Answer::No),
            minority: Some(Answer::Refused),
            homeless: Some(Answer::No),
            rural: Some(Answer::Yes),
        }
    }

    #[test]
    fn a_refusal_is_an_answer_and_a_missing_item_makes_the_stage_incomplete() {
        let birth = d(1990, 4, 1);
        let course = Course {
            entry_on: Some(d(2026, 1, 5)),
            exit_on: None,
        };
        let stored = StoredRecord {
            entry: complete_entry(),
            ..StoredRecord::default()
        };
        let record = EsfRecord::new(
            FileNumber::new(2026, 1).unwrap(),
            birth,
            course,
            stored.clone(),
            d(2026, 3, 1),
        );
        assert!(record.entry.state.complete);
        assert_eq!(record.entry.age, Some(35));
        assert_eq!(record.entry.isced, Some("3-4"));
        assert_eq!(record.exit.state.opens_on, None, "no exit yet");
        assert_eq!(record.incomplete().count(), 0);
        let mut partial = stored;
        partial.entry.rural = None;
        partial.entry.labour_status = Some(LabourStatus::LongTermUnemployed);
        let record = EsfRecord::new(
            FileNumber::new(2026, 1).unwrap(),
            birth,
            course,
            partial,
            d(2026, 2, 3),
        );
        assert_eq!(
            record.entry.state.missing,
            [EsfItem::UnemployedSince, EsfItem::Rural]
        );
        assert_eq!(record.entry.state.due_on, Some(d(2026, 2, 2)));
        assert!(record.entry.state.late);
    }

    #[test]
    fn stages_open_on_the_exit_and_six_months_after() {
        let course = Course {
            entry_on: Some(d(2025, 1, 6)),
            exit_on: Some(d(2025, 8, 31)),
        };
        assert_eq!(course.opens_on(EsfStage::Exit), Some(d(2025, 8, 31)));
        assert_eq!(course.due_on(EsfStage::Exit), Some(d(2025, 9, 28)));
        assert_eq!(course.opens_on(EsfStage::FollowUp), Some(d(2026, 2, 28)));
        let never_entered = Course {
            entry_on: None,
            ..course
        };
        assert_eq!(never_entered.opens_on(EsfStage::Exit), None);
        let record = EsfRecord::new(
            FileNumber::new(2025, 1).unwrap(),
            d(1970, 1, 1),
            course,
            StoredRecord {
                entry: EntryAnswers {
                    labour_status: Some(LabourStatus::Employed),
                    ..complete_entry()
                },
                ..StoredRecord::default()
            },
            d(2026, 4, 1),
        );
        assert!(record.exit.state.late && record.follow_up.state.late);
        assert_eq!(
            record.follow_up.state.missing,
            [
                EsfItem::EmployedAfterSixMonths,
                EsfItem::ImprovedAfterSixMonths
            ],
            "an improved situation is asked of the employed"
        );
        assert_eq!(
            record.incomplete().collect::<Vec<_>>(),
            [EsfStage::Exit, EsfStage::FollowUp]
        );
        let done = Completeness {
            entry: true,
            exit: false,
            follow_up: false,
        };
        assert_eq!(course.late(done, d(2025, 9, 28)), [], "due that day");
        assert_eq!(course.late(done, d(2025, 9, 29)), [EsfStage::Exit]);
        assert_eq!(
            course.late(done, d(2026, 3, 29)),
            [EsfStage::Exit, EsfStage::FollowUp]
        );
    }

    #[test]
    fn unemployment_start_matches_the_labour_status() {
        let birth = d(1980, 6, 1);
        let entry = d(2026, 3, 1);
        let mut answers = EntryAnswers {
            labour_status: Some(LabourStatus::LongTermUnemployed),
            unemployed_since: Some(d(2025, 3, 1)),
            ..complete_entry()
        };
        assert_eq!(answers.check(birth, entry), Ok(()));
        answers.unemployed_since = Some(d(2025, 9, 1));
        assert_eq!(
            answers.check(birth, entry).unwrap_err().key,
            "esf.error.not_long_term"
        );
        // Under 25, six months are long-term.
        assert_eq!(answers.check(d(2003, 1, 1), entry), Ok(()));
        answers.labour_status = Some(LabourStatus::Unemployed);
        answers.unemployed_since = Some(d(2024, 1, 1));
        assert_eq!(
            answers.check(birth, entry).unwrap_err().key,
            "esf.error.long_term"
        );
        answers.labour_status = Some(LabourStatus::Employed);
        assert_eq!(
            answers.check(birth, entry).unwrap_err().key,
            "esf.error.not_unemployed"
        );
        answers.labour_status = Some(LabourStatus::Unemployed);
        answers.unemployed_since = Some(d(2026, 4, 1));
        assert_eq!(
            answers.check(birth, entry).unwrap_err().key,
            "esf.error.unemployed_since"
        );
    }

    #[test]
    fn an_improved_situation_is_for_the_employed_and_needs_a_job() {
        let improved = FollowUpAnswers {
            employed: Some(true),
            improved: Some(true),
        };
        assert_eq!(improved.check(Some(LabourStatus::Employed)), Ok(()));
        assert!(improved.check(Some(LabourStatus::Inactive)).is_err());
        let jobless = FollowUpAnswers {
            employed: Some(false),
            improved: Some(true),
        };
        assert_eq!(
            jobless.check(Some(LabourStatus::Employed)).unwrap_err().key,
            "esf.error.improved_needs_job"
        );
    }

    #[test]
    fn corrections_name_the_items_that_changed() {
        let before = complete_entry();
        let after = EntryAnswers {
            minority: Some(Answer::No),
            sex: Some(Sex::NonBinary),
            ..before.clone()
        };
        assert_eq!(
            before.changes(&after),
            [
                (EsfItem::Sex, Some("f".into()), Some("x".into())),
                (EsfItem::Minority, Some("refused".into()), Some("no".into()))
            ]
        );
    }
}

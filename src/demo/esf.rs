//! The demo's ESF records: the entry questionnaire of every participant who signed an
//! engagement contract, the situation on leaving and six months after, as a PLIE would
//! have them — some refusals, the answers of the recent stages still to collect, a few
//! incomplete or late stages — and, in the `demo` referent's caseload, at least two of
//! each late stage whenever the demo's period reaches it.
//!
//! It draws from its own generator, seeded from the demo's seed, after everything else is
//! generated: the rest of the demo stays the same draw for draw.

use chrono::{DateTime, Days, Months, NaiveDate, Utc};

use super::calendar::local;
use super::dice::Dice;
use crate::domain::esf::{
    Answer, Course, EntryAnswers, EsfStage, ExitAnswers, FollowUpAnswers, STAGE_DAYS, StoredRecord,
    long_term_months,
};
use crate::domain::lifecycle::ExitCategory;
use crate::domain::participant::{Criterion, ExitOutcome, LabourStatus};
use crate::store::bulk::{EsfRow, ParticipantRow};

/// Mixed into the demo's seed, so this generator's draws are its own.
const SEED_SALT: u64 = 0x00E5_F0E5_F0E5;

/// How many late stages of each kind the `demo` referent's caseload shows, when it can.
const SHOWN_LATE: usize = 2;

/// The ESF records, one participant at a time in file order, so the demo can stream them
/// with the files they belong to.
pub(super) struct Records {
    dice: Dice,
    /// How many of each stage were left late in the `demo` referent's caseload so far.
    late: [usize; 3],
    /// The `demo` referent's user id.
    demo: Option<i64>,
    today: NaiveDate,
}

impl Records {
    /// A generator for the demo of `seed` on `today`; `demo` is the `demo` referent's id.
    pub(super) fn new(seed: u64, demo: Option<i64>, today: NaiveDate) -> Self {
        Records {
            dice: Dice::new(seed ^ SEED_SALT),
            late: [0; 3],
            demo,
            today,
        }
    }

    /// The ESF record of `p`, when it has one (an engagement contract signed).
    pub(super) fn record(&mut self, p: &ParticipantRow) -> Option<EsfRow> {
        let Records {
            dice,
            late,
            demo,
            today,
        } = self;
        let (demo, today) = (*demo, *today);
        // The pathway as its events give it: entry by the engagement contract, the exit.
        let lifecycle = p.lifecycle(today).ok()?;
        let (Some(id), Some(entry_on)) = (p.id, lifecycle.contract_on) else {
            return None;
        };
        let exit_on = lifecycle.exit.as_ref().map(|e| e.on);
        let exit_outcome = lifecycle.exit.as_ref().map(|e| e.outcome);
        let course = Course {
            entry_on: Some(entry_on),
            exit_on,
        };
        // The demo referent's first files past each due date are left late, in turn.
        let showcase = p.referent_id.is_some() && p.referent_id == demo;
        let mut keep_late = |stage: EsfStage| {
            let n = &mut late[stage_index(stage)];
            let past_due = course.due_on(stage).is_some_and(|due| today > due);
            let chosen = showcase && past_due && *n < SHOWN_LATE;
            if chosen {
                *n += 1;
            }
            chosen
        };
        let late_entry = keep_late(EsfStage::Entry);
        let late_exit = !late_entry && keep_late(EsfStage::Exit);
        let late_follow_up = !late_entry && !late_exit && keep_late(EsfStage::FollowUp);
        let birth = p.details.birth_date.unwrap_or(entry_on);
        let mut stored = StoredRecord {
            entry: entry(dice, p, birth, entry_on),
            ..StoredRecord::default()
        };
        let fresh = |stage: EsfStage| {
            course
                .opens_on(stage)
                .is_some_and(|d| today < d + Days::new(STAGE_DAYS))
        };
        // Stages still within their four weeks are often not filled in yet; a few older
        // ones were left incomplete.
        if late_entry || (fresh(EsfStage::Entry) && dice.chance(0.4)) || dice.chance(0.03) {
            forget_one(dice, &mut stored.entry);
        }
        if let Some(exit_on) = exit_on.filter(|d| *d <= today) {
            let blank = late_exit || (fresh(EsfStage::Exit) && dice.chance(0.5));
            if !blank && !dice.chance(0.04) {
                stored.exit = exit(dice, exit_outcome);
            }
            let opens = course.opens_on(EsfStage::FollowUp).unwrap_or(exit_on);
            let blank = late_follow_up || (fresh(EsfStage::FollowUp) && dice.chance(0.5));
            if opens <= today && !blank && !dice.chance(0.06) {
                stored.follow_up = follow_up(dice, exit_outcome, stored.entry.labour_status);
            }
        }
        let author = p.referent_id.unwrap_or(p.updated_by);
        let validated_on = entry_on + dice.days(0, 20);
        let validated = (stored.entry.missing().is_empty() && validated_on <= today)
            .then(|| (at(validated_on), author));
        Some(EsfRow {
            participant_id: id,
            stored,
            validated,
            updated_by: author,
            updated_at: at(today.min(exit_on.map_or(today, |e| e + Days::new(10)))),
        })
    }
}

fn stage_index(stage: EsfStage) -> usize {
    match stage {
        EsfStage::Entry => 0,
        EsfStage::Exit => 1,
        EsfStage::FollowUp => 2,
    }
}

/// An instant on `day`, during office hours.
fn at(day: NaiveDate) -> DateTime<Utc> {
    local(day, 11, 0)
}

/// The entry answers of a participant (sex, labour status and education are the file's).
fn entry(
    dice: &mut Dice,
    p: &ParticipantRow,
    birth: NaiveDate,
    entry_on: NaiveDate,
) -> EntryAnswers {
    let d = &p.details;
    let rqth = d.criteria.contains(&Criterion::Rqth);
    let unemployed_since = match d.labour_status {
        Some(LabourStatus::LongTermUnemployed) => {
            let months = u32::try_from(long_term_months(birth, entry_on)).unwrap_or(12);
            let since = months + dice.between(1, 36);
            entry_on.checked_sub_months(Months::new(since))
        }
        Some(LabourStatus::Unemployed) if dice.chance(0.5) => {
            let months = u32::try_from(long_term_months(birth, entry_on)).unwrap_or(12);
            entry_on.checked_sub_months(Months::new(dice.between(1, months - 1)))
        }
        _ => None,
    };
    let mut answer = |yes: f64, refused: f64| {
        if dice.chance(refused) {
            Answer::Refused
        } else if dice.chance(yes) {
            Answer::Yes
        } else {
            Answer::No
        }
    };
    EntryAnswers {
        sex: d.sex,
        labour_status: d.labour_status,
        unemployed_since,
        education: d.education,
        disability: Some(if rqth {
            Answer::Yes
        } else {
            answer(0.04, 0.03)
        }),
        third_country: Some(answer(0.07, 0.04)),
        foreign_background: Some(answer(0.14, 0.06)),
        minority: Some(answer(0.03, 0.10)),
        homeless: Some(answer(0.06, 0.03)),
        rural: Some(answer(0.12, 0.01)),
    }
}

/// Leaves one of the six refusable answers unanswered (a questionnaire still to finish).
fn forget_one(dice: &mut Dice, entry: &mut EntryAnswers) {
    let slots = [
        &mut entry.disability,
        &mut entry.third_country,
        &mut entry.foreign_background,
        &mut entry.minority,
        &mut entry.homeless,
        &mut entry.rural,
    ];
    let n = dice.index(slots.len());
    if let Some(slot) = slots.into_iter().nth(n) {
        *slot = None;
    }
}

/// The situation on leaving, as the exit outcome suggests.
fn exit(dice: &mut Dice, outcome: Option<ExitOutcome>) -> ExitAnswers {
    let category = outcome.map(ExitOutcome::category);
    let job = category == Some(ExitCategory::Employment);
    let training = category == Some(ExitCategory::Training);
    ExitAnswers {
        job_searching: Some(!job && !training && dice.chance(0.6)),
        in_training: Some(training || (!job && dice.chance(0.08))),
        qualification: Some((training && dice.chance(0.45)) || dice.chance(0.04)),
        employed: Some(job),
    }
}

/// The situation six months after leaving.
fn follow_up(
    dice: &mut Dice,
    outcome: Option<ExitOutcome>,
    labour: Option<LabourStatus>,
) -> FollowUpAnswers {
    let job = outcome.map(ExitOutcome::category) == Some(ExitCategory::Employment);
    let employed = dice.chance(if job { 0.82 } else { 0.3 });
    let was_employed = labour == Some(LabourStatus::Employed);
    FollowUpAnswers {
        employed: Some(employed),
        improved: was_employed.then(|| employed && dice.chance(0.5)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::DemoOptions;
    use super::super::tests::dataset;
    use crate::domain::esf::{Answer, Completeness};
    use crate::domain::journal::Alert;
    use crate::domain::participant::{AlertInputs, Status, alerts};
    use chrono::NaiveDate;

    #[test]
    fn the_standard_demo_has_refusals_incomplete_and_late_stages_for_the_demo_referent() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let data = dataset(&DemoOptions::standard(today)).unwrap();
        let refusals = data
            .esf
            .iter()
            .filter(|r| r.stored.entry.minority == Some(Answer::Refused))
            .count();
        assert!(refusals > 5, "{refusals} refusals");
        let demo = data.users[1].id;
        for wanted in [Alert::EsfEntry, Alert::EsfExit, Alert::EsfFollowUp] {
            let n = data
                .participants
                .iter()
                .filter(|p| p.referent_id == Some(demo))
                .filter(|p| {
                    let record = data.esf.iter().find(|r| Some(r.participant_id) == p.id);
                    let done = record.map_or(Completeness::default(), |r| Completeness {
                        entry: r.stored.is_complete(crate::domain::esf::EsfStage::Entry),
                        exit: r.stored.is_complete(crate::domain::esf::EsfStage::Exit),
                        follow_up: r.stored.is_complete(crate::domain::esf::EsfStage::FollowUp),
                    });
                    let lifecycle = p.lifecycle(today).unwrap();
                    let inputs = AlertInputs {
                        status: Status::Exited,
                        started_on: p.oriented_on,
                        contract_on: lifecycle.contract_on,
                        exit_on: lifecycle.exit.as_ref().map(|e| e.on),
                        last_contact: Some(today),
                        oldest_unnoted_contact: None,
                        last_milestone: None,
                        esf_done: done,
                    };
                    alerts(&inputs, today).contains(&wanted)
                })
                .count();
            assert!(n >= 2, "{n} × {wanted:?}");
        }
        let validated = data.esf.iter().filter(|r| r.validated.is_some()).count();
        assert!(validated * 10 > data.esf.len() * 8, "{validated} validated");
    }
}

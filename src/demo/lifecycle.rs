//! Where each participant's pathway stands: orientation, commission, contract, exit.
//!
//! Most participants follow a natural course from a random orientation date.
//! A few, in the `demo` referent's caseload, are given a [`Shape`] so that every
//! status and every follow-up alert shows on the demo's `today`.

use chrono::{Days, Months, NaiveDate, Weekday};

use super::calendar::{
    commission_on_or_after, commission_on_or_before, next, previous, weekday_on_or_after,
};
use super::dice::Dice;
use crate::domain::participant::{CommissionDecision, ExitOutcome, Status};
use crate::domain::pathway::{MILESTONE_MONTHS, job_follow_up_due};

/// A course forced on a participant so the demo shows a given situation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// A random course.
    Natural,
    /// Just oriented: the reception interview is still to come.
    Oriented,
    /// Entry file done, waiting for the commission.
    AwaitingCommission,
    /// Active, but not seen for more than a month.
    Silent,
    /// Active, with a contact whose note is more than a week late.
    Unnoted,
    /// Active, with the milestone review due within two weeks or overdue.
    MilestoneLate,
    /// In a job for more than six months: the follow-up must be closed.
    FollowUpDue,
    /// In a job for less than six months.
    InJob,
    /// Pathway over.
    Exited,
}

/// The shapes given to the `demo` referent's first participants, most telling first.
pub(super) const SHOWCASE: &[Shape] = &[
    Shape::AwaitingCommission,
    Shape::Silent,
    Shape::Unnoted,
    Shape::MilestoneLate,
    Shape::FollowUpDue,
    Shape::Oriented,
    Shape::InJob,
    Shape::Exited,
    Shape::AwaitingCommission,
    Shape::Silent,
    Shape::Unnoted,
    Shape::MilestoneLate,
    Shape::FollowUpDue,
];

/// The dates and status of one pathway.
#[derive(Debug, Clone)]
pub(super) struct Lifecycle {
    /// The shape it was built from.
    pub shape: Shape,
    /// Status on today.
    pub status: Status,
    /// Orientation by the prescriber.
    pub oriented_on: NaiveDate,
    /// Reception interview at the referent's welcome half-day (may be after today).
    pub filed_on: NaiveDate,
    /// Commission held.
    pub commission_on: Option<NaiveDate>,
    /// Its decision.
    pub decision: Option<CommissionDecision>,
    /// Engagement contract signed.
    pub contract_on: Option<NaiveDate>,
    /// Exit (the job's start for a job exit).
    pub exit_on: Option<NaiveDate>,
    /// How it ended.
    pub outcome: Option<ExitOutcome>,
}

const OUTCOMES: &[(ExitOutcome, u32)] = &[
    (ExitOutcome::PermanentJob, 12),
    (ExitOutcome::LongContract, 15),
    (ExitOutcome::Apprenticeship, 4),
    (ExitOutcome::BusinessCreation, 3),
    (ExitOutcome::QualifyingTraining, 11),
    (ExitOutcome::GaveUp, 20),
    (ExitOutcome::MovedAway, 10),
    (ExitOutcome::Health, 8),
    (ExitOutcome::Referred, 10),
    (ExitOutcome::Retired, 2),
    (ExitOutcome::Other, 5),
];

const JOB_OUTCOMES: &[(ExitOutcome, u32)] = &[
    (ExitOutcome::PermanentJob, 4),
    (ExitOutcome::LongContract, 5),
    (ExitOutcome::Apprenticeship, 1),
    (ExitOutcome::BusinessCreation, 1),
];

const OTHER_OUTCOMES: &[(ExitOutcome, u32)] = &[
    (ExitOutcome::QualifyingTraining, 3),
    (ExitOutcome::GaveUp, 3),
    (ExitOutcome::MovedAway, 2),
    (ExitOutcome::Referred, 2),
];

/// A participant's course: natural from a random orientation in `start..=today`, or shaped.
pub(super) fn lifecycle(
    dice: &mut Dice,
    shape: Shape,
    welcome: Weekday,
    start: NaiveDate,
    today: NaiveDate,
) -> Lifecycle {
    match shape {
        Shape::Natural => natural(dice, welcome, start, today),
        Shape::Oriented => {
            let filed_on = next(today + Days::new(1), welcome);
            Lifecycle::oriented(shape, today - dice.days(1, 6), filed_on)
        }
        Shape::AwaitingCommission => {
            let filed_on = previous(today - dice.days(3, 9), welcome);
            let mut lc = Lifecycle::oriented(shape, filed_on - dice.days(2, 6), filed_on);
            lc.status = Status::AwaitingCommission;
            lc
        }
        Shape::Silent | Shape::Unnoted => {
            let contract = weekday_on_or_after(today - dice.days(120, 420));
            active(dice, shape, welcome, contract)
        }
        Shape::MilestoneLate => {
            let due = today + dice.days(0, 34) - Days::new(24);
            let reviews = dice.between(1, 3) * MILESTONE_MONTHS;
            let contract = due.checked_sub_months(Months::new(reviews)).unwrap_or(due);
            active(dice, shape, welcome, contract)
        }
        Shape::FollowUpDue | Shape::InJob | Shape::Exited => ended(dice, shape, welcome, today),
    }
}

fn natural(dice: &mut Dice, welcome: Weekday, start: NaiveDate, today: NaiveDate) -> Lifecycle {
    let oriented_on = dice.date(start, today);
    let filed_on = next(oriented_on + dice.days(2, 6), welcome);
    let mut lc = Lifecycle::oriented(Shape::Natural, oriented_on, filed_on);
    if filed_on >= today {
        return lc;
    }
    lc.status = Status::AwaitingCommission;
    let mut commission = commission_on_or_after(filed_on + Days::new(5));
    if commission >= today {
        return lc;
    }
    let decision = dice.weighted(&[
        (CommissionDecision::Accepted, 88),
        (CommissionDecision::Postponed, 6),
        (CommissionDecision::Refused, 6),
    ]);
    lc.commission_on = Some(commission);
    lc.decision = Some(decision);
    match decision {
        CommissionDecision::Refused => {
            lc.status = Status::Exited;
            lc.exit_on = Some(commission);
            lc.outcome = Some(ExitOutcome::Referred);
            return lc;
        }
        CommissionDecision::Postponed => {
            let again = commission_on_or_after(commission + Days::new(1));
            if again >= today {
                return lc;
            }
            commission = again;
            lc.commission_on = Some(again);
            lc.decision = Some(CommissionDecision::Accepted);
        }
        CommissionDecision::Accepted => {}
    }
    lc.status = Status::Active;
    let contract = weekday_on_or_after(commission + dice.days(1, 9));
    if contract >= today {
        return lc;
    }
    lc.contract_on = Some(contract);
    let exit = weekday_on_or_after(contract + dice.days(240, 900));
    if exit > today {
        return lc;
    }
    let outcome = dice.weighted(OUTCOMES);
    lc.exit_on = Some(exit);
    lc.outcome = Some(outcome);
    lc.status =
        if outcome.starts_job_follow_up() && today < job_follow_up_due(exit) + dice.days(0, 25) {
            Status::JobFollowUp
        } else {
            Status::Exited
        };
    lc
}

/// A pathway that reached its exit: a job (follow-up due or not yet) or another end.
fn ended(dice: &mut Dice, shape: Shape, welcome: Weekday, today: NaiveDate) -> Lifecycle {
    let exit = match shape {
        Shape::FollowUpDue => weekday_on_or_after(
            today.checked_sub_months(Months::new(6)).unwrap_or(today) - dice.days(3, 20),
        ),
        Shape::InJob => weekday_on_or_after(today - dice.days(20, 150)),
        _ => weekday_on_or_after(today - dice.days(30, 300)),
    };
    let contract = weekday_on_or_after(exit - dice.days(300, 700));
    let mut lc = active(dice, shape, welcome, contract);
    let (status, outcomes) = if shape == Shape::Exited {
        (Status::Exited, OTHER_OUTCOMES)
    } else {
        (Status::JobFollowUp, JOB_OUTCOMES)
    };
    lc.status = status;
    lc.exit_on = Some(exit);
    lc.outcome = Some(dice.weighted(outcomes));
    lc
}

/// An active pathway whose contract was signed on `contract`, with its entry dates before it.
fn active(dice: &mut Dice, shape: Shape, welcome: Weekday, contract: NaiveDate) -> Lifecycle {
    let commission = commission_on_or_before(contract - dice.days(1, 9));
    let filed_on = previous(commission - Days::new(5), welcome);
    let mut lc = Lifecycle::oriented(shape, filed_on - dice.days(2, 6), filed_on);
    lc.status = Status::Active;
    lc.commission_on = Some(commission);
    lc.decision = Some(CommissionDecision::Accepted);
    lc.contract_on = Some(contract);
    lc
}

impl Lifecycle {
    fn oriented(shape: Shape, oriented_on: NaiveDate, filed_on: NaiveDate) -> Self {
        Self {
            shape,
            status: Status::Oriented,
            oriented_on,
            filed_on,
            commission_on: None,
            decision: None,
            contract_on: None,
            exit_on: None,
            outcome: None,
        }
    }

    /// The last date the referent follows the person: exit, or the end of the job follow-up.
    pub fn followed_until(&self, today: NaiveDate) -> NaiveDate {
        match (self.status, self.exit_on, self.outcome) {
            (Status::Exited, Some(exit), Some(o)) if o.starts_job_follow_up() => {
                job_follow_up_due(exit).min(today)
            }
            (Status::Exited, Some(exit), _) => exit,
            _ => today,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::journal::Alert;
    use crate::domain::participant::{AlertInputs, alerts};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn natural_courses_keep_their_dates_in_order() {
        let today = d(2026, 11, 23);
        let mut dice = Dice::new(11);
        for _ in 0..500 {
            let lc = lifecycle(
                &mut dice,
                Shape::Natural,
                Weekday::Tue,
                d(2023, 11, 23),
                today,
            );
            assert!(lc.oriented_on <= today && lc.oriented_on < lc.filed_on);
            if let Some(c) = lc.commission_on {
                assert!(lc.filed_on < c && c < today);
            }
            if let (Some(c), Some(k)) = (lc.commission_on, lc.contract_on) {
                assert!(c < k && k < today);
            }
            if let Some(exit) = lc.exit_on {
                assert!(exit <= today);
            }
        }
    }

    #[test]
    fn shapes_give_their_status_and_alert() {
        let today = d(2026, 11, 23);
        let mut dice = Dice::new(5);
        let follow = lifecycle(&mut dice, Shape::FollowUpDue, Weekday::Mon, today, today);
        let inputs = AlertInputs {
            status: follow.status,
            started_on: follow.contract_on.unwrap(),
            contract_on: follow.contract_on,
            exit_on: follow.exit_on,
            last_contact: Some(today),
            oldest_unnoted_contact: None,
            last_milestone: None,
            esf_done: crate::domain::esf::Completeness {
                entry: true,
                exit: true,
                follow_up: true,
            },
        };
        assert_eq!(alerts(&inputs, today), [Alert::FollowUpDue]);
        let oriented = lifecycle(&mut dice, Shape::Oriented, Weekday::Fri, today, today);
        assert_eq!(oriented.status, Status::Oriented);
        assert!(oriented.filed_on > today);
    }
}

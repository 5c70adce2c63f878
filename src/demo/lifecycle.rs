//! Where each participant's pathway stands: orientation, entry file, commission,
//! contract, exit and its six-month check, as the events a referent records.
//!
//! Most participants follow a natural course from a random orientation date.
//! A few, in the `demo` referent's caseload, are given a [`Shape`] so that every
//! status and every follow-up alert shows on the demo's `today`. Each referent's
//! settled exits are positive about 42 % of the time (a [`Tally`] per referent); job
//! exits are provisional until their check, some checks fail, and a few exits carry a
//! mistake that the coordinator corrected or cancelled, with the reason.

use chrono::{Days, Months, NaiveDate, Weekday};

use super::calendar::{
    commission_on_or_after, commission_on_or_before, local, next, previous, weekday_on_or_after,
};
use super::dice::Dice;
use crate::domain::lifecycle::{Event, Situation};
use crate::domain::participant::{CommissionDecision, ExitOutcome, Status};
use crate::domain::pathway::{MILESTONE_MONTHS, job_follow_up_due};
use crate::store::bulk::HistoryRow;

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
    /// A first commission that postponed its decision.
    pub postponed_on: Option<NaiveDate>,
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
    /// The six-month check, once recorded: its date and the situation found.
    pub check: Option<(NaiveDate, Situation)>,
    /// A mistake a coordinator corrected.
    pub correction: Option<Correction>,
    /// An exit whose result is still to decide ([`Lifecycle::settle`]).
    pub pending: Option<Pending>,
}

/// An exit to settle: a job whose check is past (recorded on this date), or another end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Pending {
    /// A job (or a long training) checked on this date.
    Job(NaiveDate),
    /// Training or a non-positive end, settled at the exit.
    Other,
}

/// A lifecycle event recorded wrongly, then corrected or cancelled by a coordinator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Correction {
    /// The exit was first recorded on this later date.
    ExitDate(NaiveDate),
    /// The exit was first recorded with this outcome.
    ExitOutcome(ExitOutcome),
    /// An exit was recorded by mistake on this date, with this outcome, and cancelled:
    /// the person goes on in the pathway.
    StrayExit(NaiveDate, ExitOutcome),
}

/// One referent's exits so far: how many are settled, how many of them positive.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Tally {
    positive: u32,
    settled: u32,
}

/// The share of positive exits the demo's referents reach: within the 35–50 % of PLIE
/// protocols, a little under the PLIE's 45 % target so the dashboard shows both sides.
const POSITIVE_SHARE: f64 = 0.42;

impl Tally {
    /// Whether the next settled exit is positive: the choice that keeps the referent's
    /// rate nearest [`POSITIVE_SHARE`] (a coin when both are as near). Asked in date
    /// order, it keeps the rate of any stretch of time near it too.
    pub fn next_positive(&mut self, dice: &mut Dice) -> bool {
        let settled = f64::from(self.settled + 1);
        let if_positive = (f64::from(self.positive + 1) / settled - POSITIVE_SHARE).abs();
        let if_not = (f64::from(self.positive) / settled - POSITIVE_SHARE).abs();
        let positive = if (if_positive - if_not).abs() < 1e-9 {
            dice.chance(0.5)
        } else {
            if_positive < if_not
        };
        self.settled += 1;
        self.positive += u32::from(positive);
        positive
    }
}

const JOB_OUTCOMES: &[(ExitOutcome, u32)] = &[
    (ExitOutcome::Cdi, 10),
    (ExitOutcome::FixedTerm, 12),
    (ExitOutcome::Interim, 5),
    (ExitOutcome::WorkStudy, 4),
    (ExitOutcome::BusinessCreation, 2),
    (ExitOutcome::Subsidised, 5),
    (ExitOutcome::LongTraining, 3),
];

const NOT_POSITIVE: &[(ExitOutcome, u32)] = &[
    (ExitOutcome::DropOut, 20),
    (ExitOutcome::MovedAway, 10),
    (ExitOutcome::Health, 8),
    (ExitOutcome::Referral, 10),
    (ExitOutcome::RetirementDeath, 2),
    (ExitOutcome::Other, 5),
];

/// A participant's course: natural from a random orientation in `start..=today`, or
/// shaped; an exit to settle is left [`Lifecycle::pending`].
pub(super) fn lifecycle(
    dice: &mut Dice,
    shape: Shape,
    welcome: Weekday,
    (start, today): (NaiveDate, NaiveDate),
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
            lc.status = Status::NotAdmitted;
            return lc;
        }
        CommissionDecision::Postponed => {
            let again = commission_on_or_after(commission + Days::new(1));
            if again >= today {
                return lc;
            }
            lc.postponed_on = Some(commission);
            commission = again;
            lc.commission_on = Some(again);
            lc.decision = Some(CommissionDecision::Accepted);
        }
        CommissionDecision::Accepted => {}
    }
    let contract = weekday_on_or_after(commission + dice.days(1, 9));
    if contract >= today {
        return lc;
    }
    lc.status = Status::Active;
    lc.contract_on = Some(contract);
    let exit = weekday_on_or_after(contract + dice.days(240, 900));
    if exit > today {
        let earliest = contract + Days::new(30);
        if earliest <= today && dice.chance(0.02) {
            let stray = dice.date(earliest, today);
            lc.correction = Some(Correction::StrayExit(stray, dice.weighted(NOT_POSITIVE)));
        }
        return lc;
    }
    close(dice, &mut lc, exit, today);
    lc
}

/// Ends an active pathway on `exit`: half the exits are jobs (or long trainings), their
/// six-month check recorded once due — provisional until then —; the others, and the
/// jobs whose check is past, are settled later, in date order, by [`Lifecycle::settle`].
fn close(dice: &mut Dice, lc: &mut Lifecycle, exit: NaiveDate, today: NaiveDate) {
    lc.exit_on = Some(exit);
    lc.status = Status::Exited;
    lc.pending = Some(if dice.chance(0.5) {
        lc.outcome = Some(dice.weighted(JOB_OUTCOMES));
        let checked = weekday_on_or_after(job_follow_up_due(exit) + dice.days(0, 25));
        if checked > today {
            lc.status = Status::JobFollowUp;
            return;
        }
        Pending::Job(checked)
    } else {
        Pending::Other
    });
}

/// An outcome mistaken for `outcome`: a neighbour in the list of codes.
fn mistaken(outcome: ExitOutcome) -> ExitOutcome {
    let all = ExitOutcome::ALL;
    let at = all.iter().position(|o| *o == outcome).unwrap_or(0);
    all[(at + 1) % all.len()]
}

/// A pathway that reached its exit: a job (check due or not yet) or another end.
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
    lc.exit_on = Some(exit);
    if shape == Shape::Exited {
        lc.status = Status::Exited;
        lc.pending = Some(Pending::Other);
    } else {
        lc.status = Status::JobFollowUp;
        lc.outcome = Some(dice.weighted(&JOB_OUTCOMES[..6]));
    }
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

/// The coordinator's reason for a correction, as they would write it.
fn reason(correction: Correction) -> &'static str {
    match correction {
        Correction::ExitDate(_) => {
            "Date de sortie erronée : le contrat a commencé plus tôt (attestation employeur)."
        }
        Correction::ExitOutcome(_) => {
            "Motif de sortie erroné, rectifié d'après le contrat de travail."
        }
        Correction::StrayExit(..) => {
            "Sortie saisie par erreur : la personne poursuit son parcours."
        }
    }
}

impl Lifecycle {
    fn oriented(shape: Shape, oriented_on: NaiveDate, filed_on: NaiveDate) -> Self {
        Self {
            shape,
            status: Status::Oriented,
            oriented_on,
            filed_on,
            postponed_on: None,
            commission_on: None,
            decision: None,
            contract_on: None,
            exit_on: None,
            outcome: None,
            check: None,
            correction: None,
            pending: None,
        }
    }

    /// Settles the pending exit, `positive` or not: the job's check finds the person
    /// still employed, or not (the job ended early, or no news); another exit is a
    /// qualifying training or a non-positive end. A few carry a mistake the coordinator
    /// corrected.
    pub fn settle(&mut self, positive: bool, dice: &mut Dice, today: NaiveDate) {
        let (Some(pending), Some(exit)) = (self.pending.take(), self.exit_on) else {
            return;
        };
        match pending {
            Pending::Job(checked) if positive => {
                let situation = if self.outcome == Some(ExitOutcome::LongTraining) {
                    Situation::InTraining
                } else {
                    Situation::Employed
                };
                self.check = Some((checked, situation));
            }
            Pending::Job(checked) if dice.chance(0.5) => {
                let ended = weekday_on_or_after(exit + dice.days(20, 150)).min(checked);
                self.check = Some((ended, Situation::Ended));
            }
            Pending::Job(checked) => self.check = Some((checked, Situation::NoNews)),
            Pending::Other if positive => self.outcome = Some(ExitOutcome::Training),
            Pending::Other => self.outcome = Some(dice.weighted(NOT_POSITIVE)),
        }
        let outcome = self.outcome.unwrap_or(ExitOutcome::Other);
        let roll = dice.between(0, 49);
        let wrong_date = exit + dice.days(3, 20);
        self.correction = match roll {
            0 if wrong_date <= today && self.check.is_none_or(|(on, _)| wrong_date <= on) => {
                Some(Correction::ExitDate(wrong_date))
            }
            1 => Some(Correction::ExitOutcome(mistaken(outcome))),
            _ => None,
        };
    }

    /// The last date the referent follows the person: the exit, or the six-month check
    /// after a job (today while it is still to come).
    pub fn followed_until(&self, today: NaiveDate) -> NaiveDate {
        match (self.status, self.exit_on, self.check) {
            (Status::Exited, Some(_), Some((checked, _))) => checked.min(today),
            (Status::Exited, Some(exit), None) => exit,
            _ => today,
        }
    }

    /// The events of the course as they were recorded: by `referent` on each date
    /// (at 4 pm, Martinique), a correction by `coordinator` a few days later.
    pub fn history(&self, referent: i64, coordinator: i64, today: NaiveDate) -> Vec<HistoryRow> {
        let record = |event: Event| HistoryRow {
            recorded_at: local(event.on, 16, 0),
            recorded_by: Some(referent),
            corrects: None,
            voided: None,
            event,
        };
        let mut rows = Vec::new();
        if self.status != Status::Oriented {
            rows.push(record(Event::entry_file(self.filed_on)));
        }
        if let Some(on) = self.postponed_on {
            rows.push(record(Event::commission(on, CommissionDecision::Postponed)));
        }
        if let (Some(on), Some(decision)) = (self.commission_on, self.decision) {
            rows.push(record(Event::commission(on, decision)));
        }
        if let Some(on) = self.contract_on {
            rows.push(record(Event::contract(on)));
        }
        let exit = self
            .exit_on
            .zip(self.outcome)
            .map(|(on, o)| Event::exit(on, o, ""));
        // A mistaken exit, then what the coordinator did: set it aside, and record the
        // right one in its place (none for an exit that never was).
        let (wrong, right) = match (self.correction, exit) {
            (Some(Correction::StrayExit(on, outcome)), exit) => {
                (Some(Event::exit(on, outcome, "")), exit.filter(|_| false))
            }
            (Some(Correction::ExitDate(on)), Some(exit)) => {
                (Some(Event { on, ..exit.clone() }), Some(exit))
            }
            (Some(Correction::ExitOutcome(outcome)), Some(exit)) => (
                Some(Event {
                    outcome: Some(outcome),
                    ..exit.clone()
                }),
                Some(exit),
            ),
            (_, exit) => (None, exit),
        };
        if let (Some(wrong), Some(correction)) = (wrong, self.correction) {
            let fixed_at = local((wrong.on + Days::new(7)).min(today), 10, 0);
            let why = reason(correction).to_owned();
            rows.push(HistoryRow {
                voided: Some((fixed_at, Some(coordinator), why)),
                ..record(wrong)
            });
            let at = rows.len() - 1;
            rows.extend(right.map(|event| HistoryRow {
                recorded_at: fixed_at,
                recorded_by: Some(coordinator),
                corrects: Some(at),
                ..record(event)
            }));
        } else {
            rows.extend(right.map(record));
        }
        if let Some((on, situation)) = self.check {
            rows.push(record(Event::follow_up(on, situation, "")));
        }
        rows
    }
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::journal::Alert;
    use crate::domain::lifecycle::derive;
    use crate::domain::participant::{AlertInputs, alerts};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn natural_courses_keep_their_dates_in_order_and_derive_their_status() {
        let today = d(2026, 11, 23);
        let mut dice = Dice::new(11);
        let span = (d(2023, 11, 23), today);
        let mut courses: Vec<Lifecycle> = (0..500)
            .map(|_| lifecycle(&mut dice, Shape::Natural, Weekday::Tue, span))
            .collect();
        courses.sort_by_key(|lc| lc.exit_on);
        let mut tally = Tally::default();
        for lc in &mut courses {
            if lc.pending.is_some() {
                let positive = tally.next_positive(&mut dice);
                lc.settle(positive, &mut dice, today);
            }
        }
        let (mut corrected, mut checked) = (0, 0);
        for lc in &courses {
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
            let history = lc.history(2, 1, today);
            let live: Vec<(i64, Event)> = (0..)
                .zip(&history)
                .filter(|(_, h)| h.voided.is_none())
                .map(|(i, h)| (i, h.event.clone()))
                .collect();
            let derived = derive(lc.oriented_on, &live, today).unwrap();
            assert_eq!(derived.status, lc.status, "{lc:?}");
            corrected += usize::from(lc.correction.is_some());
            checked += usize::from(lc.check.is_some());
        }
        assert!(corrected > 0 && checked > 0);
        let rate = f64::from(tally.positive) / f64::from(tally.settled);
        assert!((0.40..=0.44).contains(&rate), "{rate}");
    }

    #[test]
    fn shapes_give_their_status_and_alert() {
        let today = d(2026, 11, 23);
        let mut dice = Dice::new(5);
        let span = (today, today);
        let follow = lifecycle(&mut dice, Shape::FollowUpDue, Weekday::Mon, span);
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
        let oriented = lifecycle(&mut dice, Shape::Oriented, Weekday::Fri, span);
        assert_eq!(oriented.status, Status::Oriented);
        assert!(oriented.filed_on > today);
    }
}

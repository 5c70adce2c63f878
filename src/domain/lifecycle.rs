//! The pathway's lifecycle: dated events, and the status, entry and exit that follow
//! from them.
//!
//! Nobody types a status. The referent records what happened, each on its date — the
//! entry file complete, the commission's decision, the engagement contract signed, the
//! exit, the situation six months after a job exit — and [`derive`] walks those events
//! in date order to find where the person stands, refusing any that does not follow
//! (a contract without an accepted decision, an exit before the entry, a six-month
//! check closed on day 4, a date after today). The store writes an event only when
//! the whole sequence still derives, so the status it keeps beside the file is always
//! the one these rules give.

use chrono::NaiveDate;

use super::DomainError;
use super::participant::{CommissionDecision, Status};
use super::pathway::job_follow_up_due;
use crate::code_enum;
use crate::i18n::t;

code_enum!(
    /// What happened to a participant on a date.
    EventKind, "lifecycle.kind", {
        EntryFile => "entry_file",
        Commission => "commission",
        Contract => "contract",
        Exit => "exit",
        FollowUp => "follow_up",
    }
);

impl EventKind {
    /// Where an event stands among those of the same day: the order the pathway takes them in.
    fn rank(self) -> u8 {
        match self {
            Self::EntryFile => 0,
            Self::Commission => 1,
            Self::Contract => 2,
            Self::Exit => 3,
            Self::FollowUp => 4,
        }
    }
}

code_enum!(
    /// How a pathway ended, in the categories of AVE (the PLIEs' national
    /// association): positive into employment, positive into qualifying training,
    /// not positive. `--help` and the forms show each code's meaning.
    ExitOutcome, "exit", {
        Cdi => "cdi",
        #[serde(rename = "cdd_6m")]
        FixedTerm => "cdd_6m",
        #[serde(rename = "interim_6m")]
        Interim => "interim_6m",
        WorkStudy => "work_study",
        BusinessCreation => "business_creation",
        Subsidised => "subsidised",
        Training => "training",
        LongTraining => "long_training",
        DropOut => "drop_out",
        MovedAway => "moved_away",
        Health => "health",
        RetirementDeath => "retirement_death",
        Referral => "referral",
        Other => "other",
    }
);

code_enum!(
    /// The AVE category of an exit outcome.
    ExitCategory, "exit_category", {
        Employment => "employment",
        Training => "training",
        NotPositive => "not_positive",
    }
);

code_enum!(
    /// Where a positive exit stands: provisional until the six-month check
    /// (employment, long training), then validated or not.
    Validation, "exit_validation", {
        Provisional => "provisional",
        Validated => "validated",
        NotValidated => "not_validated",
    }
);

code_enum!(
    /// The situation the six-month check records.
    Situation, "situation", {
        Employed => "employed",
        InTraining => "in_training",
        Ended => "ended",
        NoNews => "no_news",
    }
);

impl ExitOutcome {
    /// The outcome's AVE category.
    pub fn category(self) -> ExitCategory {
        match self {
            Self::Cdi
            | Self::FixedTerm
            | Self::Interim
            | Self::WorkStudy
            | Self::BusinessCreation
            | Self::Subsidised => ExitCategory::Employment,
            Self::Training | Self::LongTraining => ExitCategory::Training,
            _ => ExitCategory::NotPositive,
        }
    }

    /// Whether the outcome is positive (employment or training), once validated.
    pub fn is_positive(self) -> bool {
        self.category() != ExitCategory::NotPositive
    }

    /// Whether the exit stays provisional until the situation six months later is
    /// recorded: a job, or a qualifying training of more than nine months.
    pub fn needs_check(self) -> bool {
        self.category() == ExitCategory::Employment || self == Self::LongTraining
    }

    /// Where an exit with this outcome stands when it is recorded: provisional when
    /// it needs its six-month check, validated for a short qualifying training, and
    /// nothing to validate for an exit that is not positive.
    pub fn validation_at_exit(self) -> Option<Validation> {
        if self.needs_check() {
            Some(Validation::Provisional)
        } else if self.is_positive() {
            Some(Validation::Validated)
        } else {
            None
        }
    }

    /// What the code means, in the current language (`--help`, forms).
    pub fn meaning(self) -> String {
        t(&format!("exit.help.{}", self.code()))
    }
}

impl Situation {
    /// Whether this situation confirms a positive exit (still in a job, or in training).
    pub fn confirms(self) -> bool {
        matches!(self, Self::Employed | Self::InTraining)
    }

    /// What the code means, in the current language (`--help`, forms).
    pub fn meaning(self) -> String {
        t(&format!("situation.help.{}", self.code()))
    }
}

/// One dated event of a participant's lifecycle, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Event {
    /// What happened.
    pub kind: EventKind,
    /// When.
    pub on: NaiveDate,
    /// The commission's decision (commission events only).
    pub decision: Option<CommissionDecision>,
    /// How the pathway ended (exit events only).
    pub outcome: Option<ExitOutcome>,
    /// The situation at the six-month check (follow-up events only).
    pub situation: Option<Situation>,
    /// A free note.
    pub note: String,
}

impl Event {
    fn new(kind: EventKind, on: NaiveDate) -> Self {
        Self {
            kind,
            on,
            decision: None,
            outcome: None,
            situation: None,
            note: String::new(),
        }
    }

    /// The entry file was completed on `on`: the person awaits the commission.
    pub fn entry_file(on: NaiveDate) -> Self {
        Self::new(EventKind::EntryFile, on)
    }

    /// The commission decided on `on`.
    pub fn commission(on: NaiveDate, decision: CommissionDecision) -> Self {
        Self {
            decision: Some(decision),
            ..Self::new(EventKind::Commission, on)
        }
    }

    /// The engagement contract was signed on `on`.
    pub fn contract(on: NaiveDate) -> Self {
        Self::new(EventKind::Contract, on)
    }

    /// The person left the pathway on `on` (a job's or a training's first day).
    pub fn exit(on: NaiveDate, outcome: ExitOutcome, note: &str) -> Self {
        Self {
            outcome: Some(outcome),
            note: note.trim().to_owned(),
            ..Self::new(EventKind::Exit, on)
        }
    }

    /// The situation after a provisional exit, recorded on `on`.
    pub fn follow_up(on: NaiveDate, situation: Situation, note: &str) -> Self {
        Self {
            situation: Some(situation),
            note: note.trim().to_owned(),
            ..Self::new(EventKind::FollowUp, on)
        }
    }

    /// The same event with its date, and the value its kind carries, changed by a correction.
    pub fn corrected(
        &self,
        on: Option<NaiveDate>,
        value: Option<&str>,
    ) -> Result<Self, DomainError> {
        let mut next = self.clone();
        next.on = on.unwrap_or(self.on);
        let Some(code) = value else {
            return Ok(next);
        };
        let bad = |codes: String| {
            DomainError::new("lifecycle.error.value")
                .arg("value", code)
                .arg("what", self.kind.label())
                .arg("codes", codes)
        };
        match self.kind {
            EventKind::Commission => {
                next.decision = Some(
                    CommissionDecision::from_code(code)
                        .ok_or_else(|| bad(CommissionDecision::codes()))?,
                );
            }
            EventKind::Exit => {
                next.outcome =
                    Some(ExitOutcome::from_code(code).ok_or_else(|| bad(ExitOutcome::codes()))?);
            }
            EventKind::FollowUp => {
                next.situation =
                    Some(Situation::from_code(code).ok_or_else(|| bad(Situation::codes()))?);
            }
            EventKind::EntryFile | EventKind::Contract => return Err(bad(String::new())),
        }
        Ok(next)
    }

    /// The code of the value the event carries (decision, outcome or situation).
    pub fn value_code(&self) -> Option<&'static str> {
        self.decision
            .map(CommissionDecision::code)
            .or(self.outcome.map(ExitOutcome::code))
            .or(self.situation.map(Situation::code))
    }

    /// Checks the note (several lines allowed, no other control character).
    pub fn validate(&self) -> Result<(), DomainError> {
        super::text::check("lifecycle.field.note", &self.note, super::text::Lines::Many)
    }
}

/// The exit in force: the last one since the last (re-)entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ExitState {
    /// The exit date (for a job, its first day).
    pub on: NaiveDate,
    /// How the pathway ended.
    pub outcome: ExitOutcome,
    /// Its validation; `None` for an exit that is not positive.
    pub validation: Option<Validation>,
    /// When the six-month check is due, for an exit that needs one.
    pub check_due: Option<NaiveDate>,
    /// When the six-month check was recorded.
    pub checked_on: Option<NaiveDate>,
    /// The situation it recorded.
    pub situation: Option<Situation>,
}

impl ExitState {
    /// Whether the exit counts as positive: positive and validated.
    pub fn is_positive(&self) -> bool {
        self.validation == Some(Validation::Validated)
    }
}

/// Where a participant stands, as the events give it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Lifecycle {
    /// The status now.
    pub status: Status,
    /// The entry file of the current cycle.
    pub entry_file_on: Option<NaiveDate>,
    /// The last commission decision of the current cycle, and its date.
    pub commission: Option<(NaiveDate, CommissionDecision)>,
    /// The first engagement contract: the ESF entry date, kept through re-entries
    /// (one participant per operation).
    pub entered_on: Option<NaiveDate>,
    /// The engagement contract of the current cycle (a re-entry's own).
    pub contract_on: Option<NaiveDate>,
    /// The exit in force (none after a re-entry, until the next exit).
    pub exit: Option<ExitState>,
    /// Each status the person has had, from the date it began.
    pub timeline: Vec<(Status, NaiveDate)>,
}

/// An event [`derive`] refused: which one (its id, as the caller numbered it) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The refused event's id.
    pub event: i64,
    /// Why, translated.
    pub error: DomainError,
}

impl From<Refusal> for DomainError {
    fn from(r: Refusal) -> Self {
        r.error
    }
}

/// Walks `events` (each with its id; any order) from the orientation on
/// `oriented_on`, on `today`, and gives where the person stands; the first event that
/// does not follow is refused. Events of one day are taken in the pathway's order
/// (entry file, commission, contract, exit, check), then as recorded (by id).
pub fn derive(
    oriented_on: NaiveDate,
    events: &[(i64, Event)],
    today: NaiveDate,
) -> Result<Lifecycle, Refusal> {
    let sorted = ordered(events);
    let mut lc = Lifecycle {
        status: Status::Oriented,
        entry_file_on: None,
        commission: None,
        entered_on: None,
        contract_on: None,
        exit: None,
        timeline: vec![(Status::Oriented, oriented_on)],
    };
    for (at, (id, event)) in sorted.iter().enumerate() {
        step(&mut lc, oriented_on, event, today).map_err(|error| Refusal {
            event: *id,
            error: entry_after(error, event, &sorted[at..]),
        })?;
        if lc.timeline.last().map(|(s, _)| *s) != Some(lc.status) {
            lc.timeline.push((lc.status, event.on));
        }
    }
    Ok(lc)
}

/// `events` in the order [`derive`] takes them: by date, the pathway's order within a
/// day, then as recorded (by id).
pub fn ordered(events: &[(i64, Event)]) -> Vec<&(i64, Event)> {
    let mut sorted: Vec<&(i64, Event)> = events.iter().collect();
    sorted.sort_by_key(|(id, e)| (e.on, e.kind.rank(), *id));
    sorted
}

/// The six-month check of exit `exit_id` among `events`: the event right after it,
/// when it is a check.
pub fn check_after(events: &[(i64, Event)], exit_id: i64) -> Option<i64> {
    let sorted = ordered(events);
    let at = sorted.iter().position(|(id, _)| *id == exit_id)?;
    sorted
        .get(at + 1)
        .filter(|(_, e)| e.kind == EventKind::FollowUp)
        .map(|(id, _)| *id)
}

/// Applies one event to `lc`, or says why it does not follow.
fn step(
    lc: &mut Lifecycle,
    oriented_on: NaiveDate,
    e: &Event,
    today: NaiveDate,
) -> Result<(), DomainError> {
    let what = e.kind.label();
    if e.on > today {
        return Err(DomainError::new("lifecycle.error.future")
            .arg("what", &what)
            .arg("date", e.on)
            .arg("today", today));
    }
    if e.on < oriented_on {
        return Err(DomainError::new("lifecycle.error.before_orientation")
            .arg("what", &what)
            .arg("date", e.on)
            .arg("oriented", oriented_on));
    }
    let out_of_turn = |status: Status| {
        DomainError::new("lifecycle.error.out_of_turn")
            .arg("what", &what)
            .arg("status", status.label())
    };
    use EventKind as K;
    use Status as S;
    match (lc.status, e.kind) {
        (S::Oriented | S::Exited | S::NotAdmitted, K::EntryFile) => {
            new_cycle(lc, e)?;
            lc.entry_file_on = Some(e.on);
            lc.status = S::AwaitingCommission;
        }
        (S::Oriented | S::AwaitingCommission | S::Exited | S::NotAdmitted, K::Commission) => {
            if lc.status == S::AwaitingCommission {
                if let Some(file) = lc.entry_file_on.filter(|f| e.on < *f) {
                    return Err(DomainError::new("lifecycle.error.commission_before_file")
                        .arg("date", e.on)
                        .arg("file", file));
                }
            } else {
                new_cycle(lc, e)?;
            }
            let decision = e.decision.ok_or_else(|| incomplete(e))?;
            lc.commission = Some((e.on, decision));
            lc.status = if decision == CommissionDecision::Refused {
                S::NotAdmitted
            } else {
                S::AwaitingCommission
            };
        }
        (S::AwaitingCommission, K::Contract) => match lc.commission {
            Some((on, CommissionDecision::Accepted)) if e.on < on => {
                return Err(
                    DomainError::new("lifecycle.error.contract_before_commission")
                        .arg("date", e.on)
                        .arg("commission", on),
                );
            }
            Some((_, CommissionDecision::Accepted)) => {
                lc.entered_on.get_or_insert(e.on);
                lc.contract_on = Some(e.on);
                lc.status = S::Active;
            }
            _ => return Err(without_acceptance(e.on)),
        },
        (S::Oriented | S::NotAdmitted | S::Exited, K::Contract) => {
            return Err(without_acceptance(e.on));
        }
        (S::Active, K::Exit) => {
            let entry = lc.contract_on.unwrap_or(oriented_on);
            if e.on < entry {
                return Err(DomainError::new("lifecycle.error.exit_before_entry")
                    .arg("date", e.on)
                    .arg("entry", entry));
            }
            let outcome = e.outcome.ok_or_else(|| incomplete(e))?;
            let check_due = outcome.needs_check().then(|| job_follow_up_due(e.on));
            lc.exit = Some(ExitState {
                on: e.on,
                outcome,
                validation: outcome.validation_at_exit(),
                check_due,
                checked_on: None,
                situation: None,
            });
            lc.status = if check_due.is_some() {
                S::JobFollowUp
            } else {
                S::Exited
            };
        }
        (S::Oriented | S::AwaitingCommission | S::NotAdmitted, K::Exit) => {
            return Err(DomainError::new("lifecycle.error.exit_without_entry")
                .arg("date", e.on)
                .arg("status", lc.status.label()));
        }
        (S::JobFollowUp, K::FollowUp) => {
            let situation = e.situation.ok_or_else(|| incomplete(e))?;
            let Some(exit) = lc.exit.as_mut() else {
                return Err(out_of_turn(lc.status));
            };
            if e.on < exit.on {
                return Err(DomainError::new("lifecycle.error.follow_up_before_exit")
                    .arg("date", e.on)
                    .arg("exit", exit.on));
            }
            let due = exit.check_due.unwrap_or(exit.on);
            if e.on < due && situation != Situation::Ended {
                return Err(DomainError::new("lifecycle.error.follow_up_too_early")
                    .arg("date", e.on)
                    .arg("exit", exit.on)
                    .arg("due", due));
            }
            exit.checked_on = Some(e.on);
            exit.situation = Some(situation);
            exit.validation = Some(if situation.confirms() {
                Validation::Validated
            } else {
                Validation::NotValidated
            });
            lc.status = S::Exited;
        }
        (status, K::FollowUp) => {
            return Err(
                DomainError::new("lifecycle.error.not_in_follow_up").arg("status", status.label())
            );
        }
        (status, _) => return Err(out_of_turn(status)),
    }
    Ok(())
}

/// An exit refused for want of an entry, when an entry comes later among `rest`:
/// the exit is before the entry, which says what to fix.
fn entry_after(error: DomainError, exit: &Event, rest: &[&(i64, Event)]) -> DomainError {
    if error.key != "lifecycle.error.exit_without_entry" {
        return error;
    }
    match rest.iter().find(|(_, e)| e.kind == EventKind::Contract) {
        Some((_, contract)) => DomainError::new("lifecycle.error.exit_before_entry")
            .arg("date", exit.on)
            .arg("entry", contract.on),
        None => error,
    }
}

/// Starts a new cycle after an exit or a refusal: the same person comes back, keeping
/// their first entry date; the new event must come after the exit.
fn new_cycle(lc: &mut Lifecycle, e: &Event) -> Result<(), DomainError> {
    if let Some(exit) = lc.exit.filter(|x| e.on <= x.on) {
        return Err(DomainError::new("lifecycle.error.reentry_before_exit")
            .arg("date", e.on)
            .arg("exit", exit.on));
    }
    lc.entry_file_on = None;
    lc.commission = None;
    lc.contract_on = None;
    lc.exit = None;
    Ok(())
}

fn without_acceptance(on: NaiveDate) -> DomainError {
    DomainError::new("lifecycle.error.contract_without_acceptance").arg("date", on)
}

/// An event lacking the value of its kind (a damaged row).
fn incomplete(e: &Event) -> DomainError {
    DomainError::new("lifecycle.error.incomplete").arg("what", e.kind.label())
}

#[cfg(test)]
mod tests {
    use super::*;
    use CommissionDecision::{Accepted, Postponed, Refused};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 11, 23);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn run(events: Vec<Event>) -> Result<Lifecycle, DomainError> {
        let numbered: Vec<(i64, Event)> = (1..).zip(events).collect();
        derive(d(2025, 1, 6), &numbered, today()).map_err(DomainError::from)
    }

    fn entered() -> Vec<Event> {
        vec![
            Event::entry_file(d(2025, 1, 13)),
            Event::commission(d(2025, 1, 20), Accepted),
            Event::contract(d(2025, 1, 27)),
        ]
    }

    #[test]
    fn the_status_follows_the_events() {
        assert_eq!(run(vec![]).unwrap().status, Status::Oriented);
        let mut events = vec![Event::entry_file(d(2025, 1, 13))];
        assert_eq!(
            run(events.clone()).unwrap().status,
            Status::AwaitingCommission
        );
        events.push(Event::commission(d(2025, 1, 20), Postponed));
        assert_eq!(
            run(events.clone()).unwrap().status,
            Status::AwaitingCommission
        );
        events.push(Event::commission(d(2025, 2, 3), Accepted));
        assert_eq!(
            run(events.clone()).unwrap().status,
            Status::AwaitingCommission,
            "accepted, but no contract yet"
        );
        events.push(Event::contract(d(2025, 2, 10)));
        let active = run(events).unwrap();
        assert_eq!(active.status, Status::Active);
        assert_eq!(active.entered_on, Some(d(2025, 2, 10)));
        let refused = run(vec![Event::commission(d(2025, 1, 20), Refused)]).unwrap();
        assert_eq!(refused.status, Status::NotAdmitted);
    }

    #[test]
    fn no_contract_without_an_accepted_decision() {
        for events in [
            vec![Event::contract(d(2025, 2, 1))],
            vec![
                Event::commission(d(2025, 1, 20), Refused),
                Event::contract(d(2025, 2, 1)),
            ],
            vec![
                Event::commission(d(2025, 1, 20), Postponed),
                Event::contract(d(2025, 2, 1)),
            ],
        ] {
            assert_eq!(
                run(events).unwrap_err().key,
                "lifecycle.error.contract_without_acceptance"
            );
        }
    }

    #[test]
    fn dates_follow_each_other_and_none_is_after_today() {
        let mut events = entered();
        events.push(Event::exit(d(2025, 1, 26), ExitOutcome::Cdi, ""));
        assert_eq!(
            run(events).unwrap_err().key,
            "lifecycle.error.exit_before_entry"
        );
        let early = vec![Event::entry_file(d(2025, 1, 1))];
        assert_eq!(
            run(early).unwrap_err().key,
            "lifecycle.error.before_orientation"
        );
        let future = vec![Event::entry_file(d(2026, 11, 24))];
        assert_eq!(run(future).unwrap_err().key, "lifecycle.error.future");
        let no_entry = vec![Event::exit(d(2025, 3, 1), ExitOutcome::DropOut, "")];
        assert_eq!(
            run(no_entry).unwrap_err().key,
            "lifecycle.error.exit_without_entry"
        );
    }

    #[test]
    fn a_job_exit_is_provisional_until_its_six_month_check() {
        let mut events = entered();
        events.push(Event::exit(d(2026, 3, 2), ExitOutcome::Cdi, ""));
        let job = run(events.clone()).unwrap();
        assert_eq!(job.status, Status::JobFollowUp);
        let exit = job.exit.unwrap();
        assert_eq!(exit.validation, Some(Validation::Provisional));
        assert_eq!(exit.check_due, Some(d(2026, 9, 2)));
        assert!(!exit.is_positive());

        let mut too_early = events.clone();
        too_early.push(Event::follow_up(d(2026, 3, 6), Situation::Employed, ""));
        assert_eq!(
            run(too_early).unwrap_err().key,
            "lifecycle.error.follow_up_too_early"
        );
        let mut ended = events.clone();
        ended.push(Event::follow_up(d(2026, 3, 6), Situation::Ended, ""));
        let ended = run(ended).unwrap();
        assert_eq!(ended.status, Status::Exited);
        assert_eq!(
            ended.exit.unwrap().validation,
            Some(Validation::NotValidated)
        );

        let mut confirmed = events;
        confirmed.push(Event::follow_up(d(2026, 9, 2), Situation::Employed, ""));
        let confirmed = run(confirmed).unwrap();
        assert!(confirmed.exit.unwrap().is_positive());
        assert_eq!(
            confirmed
                .timeline
                .iter()
                .map(|(s, _)| *s)
                .collect::<Vec<_>>(),
            [
                Status::Oriented,
                Status::AwaitingCommission,
                Status::Active,
                Status::JobFollowUp,
                Status::Exited
            ]
        );
    }

    #[test]
    fn training_exits_by_length() {
        let mut short = entered();
        short.push(Event::exit(d(2026, 3, 2), ExitOutcome::Training, ""));
        let short = run(short).unwrap();
        assert_eq!(short.status, Status::Exited);
        assert!(short.exit.unwrap().is_positive());
        let mut long = entered();
        long.push(Event::exit(d(2026, 3, 2), ExitOutcome::LongTraining, ""));
        let long = run(long).unwrap();
        assert_eq!(long.status, Status::JobFollowUp);
        assert_eq!(long.exit.unwrap().validation, Some(Validation::Provisional));
        let mut gone = entered();
        gone.push(Event::exit(d(2026, 3, 2), ExitOutcome::MovedAway, ""));
        let gone = run(gone).unwrap();
        assert_eq!(gone.exit.unwrap().validation, None);
    }

    #[test]
    fn a_re_entry_keeps_the_first_entry_date() {
        let mut events = entered();
        events.push(Event::exit(d(2025, 9, 1), ExitOutcome::DropOut, ""));
        events.push(Event::entry_file(d(2026, 2, 2)));
        events.push(Event::commission(d(2026, 2, 9), Accepted));
        events.push(Event::contract(d(2026, 2, 16)));
        let back = run(events.clone()).unwrap();
        assert_eq!(back.status, Status::Active);
        assert_eq!(back.entered_on, Some(d(2025, 1, 27)));
        assert_eq!(back.contract_on, Some(d(2026, 2, 16)));
        assert_eq!(back.exit, None);
        let mut before = entered();
        before.push(Event::exit(d(2025, 9, 1), ExitOutcome::DropOut, ""));
        before.push(Event::commission(d(2025, 8, 1), Accepted));
        assert_eq!(run(before).unwrap_err().key, "lifecycle.error.out_of_turn");
    }

    #[test]
    fn an_exits_check_is_the_event_after_it() {
        let mut events = entered();
        events.push(Event::exit(d(2026, 3, 2), ExitOutcome::Cdi, ""));
        events.push(Event::follow_up(d(2026, 9, 2), Situation::Employed, ""));
        let numbered: Vec<(i64, Event)> = (1..).zip(events).collect();
        assert_eq!(check_after(&numbered, 4), Some(5));
        assert_eq!(check_after(&numbered, 3), None);
    }

    #[test]
    fn same_day_events_take_the_pathways_order() {
        let events = vec![
            Event::contract(d(2025, 1, 20)),
            Event::commission(d(2025, 1, 20), Accepted),
            Event::entry_file(d(2025, 1, 20)),
        ];
        assert_eq!(run(events).unwrap().status, Status::Active);
    }

    #[test]
    fn outcomes_have_their_category() {
        assert_eq!(ExitOutcome::Interim.category(), ExitCategory::Employment);
        assert_eq!(ExitOutcome::LongTraining.category(), ExitCategory::Training);
        assert_eq!(ExitOutcome::Referral.category(), ExitCategory::NotPositive);
        assert!(ExitOutcome::Subsidised.needs_check() && !ExitOutcome::Training.needs_check());
        let exit = Event::exit(d(2026, 1, 5), ExitOutcome::Cdi, "");
        let fixed = exit.corrected(None, Some("cdd_6m")).unwrap();
        assert_eq!(fixed.outcome, Some(ExitOutcome::FixedTerm));
        assert_eq!(
            exit.corrected(None, Some("nope")).unwrap_err().key,
            "lifecycle.error.value"
        );
        for outcome in ExitOutcome::ALL {
            let json = serde_json::to_string(outcome).unwrap();
            assert_eq!(
                json,
                format!("\"{}\"", outcome.code()),
                "JSON carries the code"
            );
        }
    }
}

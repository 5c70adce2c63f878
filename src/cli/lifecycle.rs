//! `participant entry-file|commission|contract|exit|follow-up`: recording a file's
//! lifecycle events; `participant correct-entry|correct-commission|correct-exit`: a
//! coordinator's corrections, with a reason; `participant reassign`: a coordinator
//! gives a file, with its coming appointments, to another referent.
//!
//! Each prints one line saying what the file now is. The store checks every rule (the
//! dates in order and none after today, a contract only after an accepted decision,
//! the six-month check…) and who may act; a refusal is one line on stderr, exit 1,
//! nothing written. `--help` lists every code with its meaning.

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand};
use color_eyre::Result;

use super::context::Context;
use super::output::print_line;
use super::participant::file_number;
use crate::domain::DomainError;
use crate::domain::lifecycle::{Event, EventKind, ExitOutcome, Situation};
use crate::domain::participant::{CommissionDecision, Participant, parse_date_on};
use crate::i18n::{t, tf, tn};
use crate::store::{Change, Session};

/// A clap value parser for the codes `all`, each listed in `--help` with its meaning.
fn described<T: Copy + Send + Sync + 'static>(
    all: &'static [T],
    code: fn(T) -> &'static str,
    meaning: fn(T) -> String,
) -> impl TypedValueParser<Value = T> {
    let values = all
        .iter()
        .map(move |v| PossibleValue::new(code(*v)).help(meaning(*v)));
    PossibleValuesParser::new(values).try_map(move |text: String| {
        all.iter()
            .copied()
            .find(|v| code(*v) == text)
            .ok_or("not one of the listed values")
    })
}

fn outcomes() -> impl TypedValueParser<Value = ExitOutcome> {
    described(ExitOutcome::ALL, ExitOutcome::code, ExitOutcome::meaning)
}

fn situations() -> impl TypedValueParser<Value = Situation> {
    described(Situation::ALL, Situation::code, Situation::meaning)
}

fn decisions() -> impl TypedValueParser<Value = CommissionDecision> {
    described(CommissionDecision::ALL, CommissionDecision::code, |d| {
        t(&format!("commission.help.{}", d.code()))
    })
}

/// The lifecycle subcommands of `participant`.
#[derive(Debug, Subcommand)]
pub enum LifecycleCommand {
    /// Record that the entry file is complete: the person awaits the commission. After an
    /// exit or a refusal, a re-entry (the first entry date is kept).
    EntryFile(DatedArgs),
    /// Record the entry commission's decision.
    Commission(CommissionArgs),
    /// Record the signed engagement contract: the person becomes active (only after an
    /// accepted commission decision).
    Contract(DatedArgs),
    /// Record the exit from the pathway. A job (or a training over 9 months) stays
    /// provisional until its six-month check (`follow-up`).
    Exit(ExitArgs),
    /// Record the situation six months after a provisional exit: the exit is then
    /// validated or not. Before the six months, only `ended` may be recorded.
    FollowUp(FollowUpArgs),
    /// Correct or cancel the exit in force, with a reason (coordinators only); its
    /// six-month check goes with it.
    CorrectExit(CorrectExitArgs),
    /// Correct the date of the entry (the engagement contract) or cancel it, with a
    /// reason (coordinators only).
    CorrectEntry(CorrectEntryArgs),
    /// Correct or cancel the last commission decision, with a reason (coordinators only).
    CorrectCommission(CorrectCommissionArgs),
    /// Give the file to another referent (coordinators only): the coming appointments
    /// move to their agenda, the past ones stay.
    Reassign(ReassignArgs),
}

/// A file and the date of what happened.
#[derive(Debug, Args)]
pub struct DatedArgs {
    /// The participant's file number, P-YYYY-NNNN.
    pub file: String,
    /// The day it happened, YYYY-MM-DD, DD/MM/YYYY or DD/MM; not after today.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
}

/// Options of `participant commission`.
#[derive(Debug, Args)]
pub struct CommissionArgs {
    /// The participant's file number and the day of the commission.
    #[command(flatten)]
    pub at: DatedArgs,
    /// The commission's decision.
    #[arg(long, value_parser = decisions())]
    pub decision: CommissionDecision,
}

/// Options of `participant exit`.
#[derive(Debug, Args)]
pub struct ExitArgs {
    /// The participant's file number and the exit date (for a job, its first day).
    #[command(flatten)]
    pub at: DatedArgs,
    /// How the pathway ended, in the AVE categories.
    #[arg(long, value_parser = outcomes())]
    pub outcome: ExitOutcome,
    /// A note kept with the exit.
    #[arg(long, value_name = "T", default_value = "")]
    pub note: String,
}

/// Options of `participant follow-up`.
#[derive(Debug, Args)]
pub struct FollowUpArgs {
    /// The participant's file number and the day of the check (for `ended`, the day the
    /// job or training ended).
    #[command(flatten)]
    pub at: DatedArgs,
    /// The situation found.
    #[arg(long, value_parser = situations())]
    pub situation: Situation,
    /// A note kept with the check.
    #[arg(long, value_name = "T", default_value = "")]
    pub note: String,
}

/// What every correction takes: the file and the reason.
#[derive(Debug, Args)]
pub struct Correction {
    /// The participant's file number, P-YYYY-NNNN.
    pub file: String,
    /// Why, kept in the file's history.
    #[arg(long, value_name = "T")]
    pub reason: String,
    /// The right date, YYYY-MM-DD, DD/MM/YYYY or DD/MM.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<String>,
}

/// Options of `participant correct-exit`.
#[derive(Debug, Args)]
pub struct CorrectExitArgs {
    /// The file, the reason, the right date.
    #[command(flatten)]
    pub base: Correction,
    /// The right outcome.
    #[arg(long, value_parser = outcomes(), conflicts_with = "cancel")]
    pub outcome: Option<ExitOutcome>,
    /// The exit did not happen: cancel it (the person is active again).
    #[arg(long, conflicts_with = "date")]
    pub cancel: bool,
}

/// Options of `participant correct-entry`.
#[derive(Debug, Args)]
pub struct CorrectEntryArgs {
    /// The file, the reason, the right date.
    #[command(flatten)]
    pub base: Correction,
    /// The entry did not happen: cancel the engagement contract.
    #[arg(long, conflicts_with = "date")]
    pub cancel: bool,
}

/// Options of `participant correct-commission`.
#[derive(Debug, Args)]
pub struct CorrectCommissionArgs {
    /// The file, the reason, the right date.
    #[command(flatten)]
    pub base: Correction,
    /// The right decision.
    #[arg(long, value_parser = decisions(), conflicts_with = "cancel")]
    pub decision: Option<CommissionDecision>,
    /// The decision was not taken: cancel it.
    #[arg(long, conflicts_with = "date")]
    pub cancel: bool,
}

/// Options of `participant reassign`.
#[derive(Debug, Args)]
pub struct ReassignArgs {
    /// The participant's file number, P-YYYY-NNNN.
    pub file: String,
    /// The active referent who takes the file.
    #[arg(long, value_name = "LOGIN")]
    pub referent: String,
}

/// Runs a lifecycle subcommand.
pub fn run(ctx: &Context, command: &LifecycleCommand) -> Result<()> {
    let mut session = ctx.session()?;
    let s = &mut session;
    match command {
        LifecycleCommand::EntryFile(a) => record(s, a, Event::entry_file),
        LifecycleCommand::Contract(a) => record(s, a, Event::contract),
        LifecycleCommand::Commission(a) => record(s, &a.at, |on| Event::commission(on, a.decision)),
        LifecycleCommand::Exit(a) => record(s, &a.at, |on| Event::exit(on, a.outcome, &a.note)),
        LifecycleCommand::FollowUp(a) => {
            record(s, &a.at, |on| Event::follow_up(on, a.situation, &a.note))
        }
        LifecycleCommand::CorrectExit(a) => {
            let value = a.outcome.map(|o| o.code());
            correct(s, &a.base, EventKind::Exit, a.cancel, value)
        }
        LifecycleCommand::CorrectEntry(a) => {
            correct(s, &a.base, EventKind::Contract, a.cancel, None)
        }
        LifecycleCommand::CorrectCommission(a) => {
            let value = a.decision.map(|d| d.code());
            correct(s, &a.base, EventKind::Commission, a.cancel, value)
        }
        LifecycleCommand::Reassign(a) => reassign(s, a),
    }
}

/// The file `text` names, as the session reads it.
fn read(session: &Session, text: &str) -> Result<Participant> {
    Ok(session.participant(&file_number(text)?)?)
}

/// What a file now is, in one line.
fn now(p: &Participant, done: String) -> Result<()> {
    print_line(&tf(
        "cli.lifecycle.done",
        &[
            ("file", &p.file_number),
            ("done", &done),
            ("status", &p.status.label()),
        ],
    ))
}

fn record(
    session: &mut Session,
    args: &DatedArgs,
    event: impl FnOnce(chrono::NaiveDate) -> Event,
) -> Result<()> {
    let before = read(session, &args.file)?;
    let on = parse_date_on(&args.date, Some(session.today()))?;
    let event = event(on);
    let after = session.record_event(&before.file_number, before.version, &event)?;
    let done = tf(
        "cli.lifecycle.recorded",
        &[("what", &event.kind.label()), ("date", &on.to_string())],
    );
    now(&after, done)
}

fn correct(
    session: &mut Session,
    args: &Correction,
    kind: EventKind,
    cancel: bool,
    value: Option<&str>,
) -> Result<()> {
    let before = read(session, &args.file)?;
    let target = session
        .lifecycle_events(&before.file_number)?
        .into_iter()
        .rfind(|r| r.is_live() && r.event.kind == kind)
        .ok_or_else(|| {
            DomainError::new("lifecycle.error.nothing_to_correct")
                .arg("file", &before.file_number)
                .arg("what", kind.label())
        })?;
    let change = if cancel {
        Change::Cancel
    } else {
        let on = args
            .date
            .as_deref()
            .map(|d| parse_date_on(d, Some(session.today())))
            .transpose()?;
        Change::Amend {
            on,
            value: value.map(str::to_owned),
        }
    };
    let after = session.correct_event(
        &before.file_number,
        before.version,
        target.id,
        &args.reason,
        &change,
    )?;
    let key = if cancel {
        "cli.lifecycle.cancelled"
    } else {
        "cli.lifecycle.corrected"
    };
    let done = tf(
        key,
        &[
            ("what", &kind.label()),
            ("date", &target.event.on.to_string()),
        ],
    );
    now(&after, done)
}

fn reassign(session: &mut Session, args: &ReassignArgs) -> Result<()> {
    let before = read(session, &args.file)?;
    let done = session.reassign(&before.file_number, before.version, &args.referent)?;
    print_line(&tn(
        "lifecycle.reassigned",
        done.moved,
        &[("file", &done.participant.file_number), ("to", &done.to)],
    ))
}

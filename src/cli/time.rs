//! `time add` and `time list`: the acting referent's weekly time.

use chrono::Datelike;
use clap::{Args, Subcommand};
use color_eyre::Result;

use super::context::Context;
use super::output::{Column, Format, Listing, Reader, print_line};
use super::participant::file_number;
use crate::domain::IsoWeek;
use crate::domain::duration::{check_minutes, format_hmm};
use crate::domain::participant::parse_date_on;
use crate::domain::time::{NewTimeEntry, TimeEntry, WeekStatus};
use crate::i18n::{t, tf};

/// Subcommands of `time`.
#[derive(Debug, Subcommand)]
pub enum TimeCommand {
    /// Record time for the acting user; prints the new entry's id.
    Add(AddArgs),
    /// List a week's entries, by date then in the order they were made.
    List(ListArgs),
}

/// Options of `time add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// Day worked, YYYY-MM-DD, DD/MM/YYYY or DD/MM (its week must still be a draft).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
    /// Minutes spent, 1 to 1440 (a day holds at most 24 hours).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub minutes: i64,
    /// Activity code (IND, COL, FILE, EMP, PART, ADM, TRAV, OUT by default).
    #[arg(long, value_name = "CODE")]
    pub activity: String,
    /// File number of the participant concerned (P-YYYY-NNNN), in the acting user's caseload.
    #[arg(long, value_name = "FILE")]
    pub participant: Option<String>,
    /// Free note.
    #[arg(long, value_name = "T")]
    pub note: Option<String>,
}

/// Options of `time list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// ISO week, YYYY-Www (e.g. 2026-W47).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: String,
    /// Whose time [default: the acting referent's; every referent's for a coordinator]. A
    /// referent may only name themselves.
    #[arg(long, value_name = "LOGIN")]
    pub referent: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Runs a `time` subcommand.
pub fn run(ctx: &Context, command: &TimeCommand) -> Result<()> {
    match command {
        TimeCommand::Add(args) => add(ctx, args),
        TimeCommand::List(args) => list(ctx, args),
    }
}

fn add(ctx: &Context, args: &AddArgs) -> Result<()> {
    let mut session = ctx.session()?;
    let new = NewTimeEntry {
        date: parse_date_on(&args.date, Some(session.today()))?,
        minutes: check_minutes(args.minutes)?,
        activity: args.activity.clone(),
        participant: args.participant.as_deref().map(file_number).transpose()?,
        appointment_id: None,
        note: args.note.clone().unwrap_or_default(),
    };
    let entry = session.add_time_entry(&new)?;
    print_line(&entry.id.to_string())
}

const COLUMNS: &[Column] = &[
    Column {
        name: "id",
        label_key: "cli.column.id",
    },
    Column {
        name: "referent",
        label_key: "cli.column.referent",
    },
    Column {
        name: "date",
        label_key: "cli.column.date",
    },
    Column {
        name: "minutes",
        label_key: "cli.column.duration",
    },
    Column {
        name: "activity",
        label_key: "cli.column.activity",
    },
    Column {
        name: "participant",
        label_key: "cli.column.participant",
    },
    Column {
        name: "note",
        label_key: "cli.column.note",
    },
];

fn list(ctx: &Context, args: &ListArgs) -> Result<()> {
    let week: IsoWeek = args.week.parse()?;
    let session = ctx.session()?;
    let referent = args.referent.as_deref();
    let week_line = |status: WeekStatus, minutes: u32| {
        tf(
            "cli.footer.week",
            &[
                ("week", &week.to_string()),
                ("status", &status.label()),
                ("total", &total_hmm(minutes)),
            ],
        )
    };
    let (entries, footer) = if referent.is_none() && session.actor().is_coordinator() {
        // A coordinator without --referent: every referent's week, like `week status`.
        let mut entries = Vec::new();
        let mut footer = Vec::new();
        for record in session.weeks_overview(week)? {
            let theirs = session.week_entries(Some(&record.referent), week)?;
            let minutes = theirs.iter().map(|e| e.minutes).sum();
            footer.push(format!(
                "{}: {}",
                record.referent,
                week_line(record.status, minutes)
            ));
            entries.extend(theirs);
        }
        (entries, footer)
    } else {
        let entries = session.week_entries(referent, week)?;
        let status = session.week_status(referent, week)?;
        let total = entries.iter().map(|e| e.minutes).sum();
        (entries, vec![week_line(status, total)])
    };
    let cells = |e: &TimeEntry, reader: Reader| {
        let (date, minutes) = match reader {
            Reader::Person => (
                format!("{} {}", weekday(e.date), e.date),
                format_hmm(e.minutes),
            ),
            Reader::Program => (e.date.to_string(), e.minutes.to_string()),
        };
        vec![
            e.id.to_string(),
            e.referent.clone(),
            date,
            minutes,
            e.activity.clone(),
            e.participant.clone().unwrap_or_default(),
            e.note.clone(),
        ]
    };
    Listing {
        columns: COLUMNS,
        rows: &entries,
        cells: &cells,
        footer,
    }
    .print(args.format)
}

/// A week's total as `h:mm`, `0:00` when nothing was recorded.
fn total_hmm(minutes: u32) -> String {
    if minutes == 0 {
        "0:00".to_owned()
    } else {
        format_hmm(minutes)
    }
}

/// The short translated name of a date's weekday.
fn weekday(date: chrono::NaiveDate) -> String {
    const KEYS: [&str; 7] = [
        "cli.weekday.mon",
        "cli.weekday.tue",
        "cli.weekday.wed",
        "cli.weekday.thu",
        "cli.weekday.fri",
        "cli.weekday.sat",
        "cli.weekday.sun",
    ];
    t(KEYS[date.weekday().num_days_from_monday() as usize])
}

//! `week submit|validate|reopen|status`: the lifecycle of a referent's weekly timesheet.
//!
//! A referent submits their own week; a coordinator validates (countersigns) a submitted
//! week that is not their own, may reopen a submitted or validated week with a reason kept
//! in the audit log, and sees every user's week status, coordinators' included; anyone
//! checks a week they may read against the fingerprint printed on its sheets (`verify`).
//! The store enforces who may do what.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::{Args, Subcommand};
use color_eyre::Result;
use color_eyre::eyre::eyre;
use serde::Serialize;

use super::context::Context;
use super::output::{Column, Format, Listing, Reader, print_line};
use crate::domain::IsoWeek;
use crate::domain::duration::format_hmm;
use crate::export::verify_week;
use crate::i18n::tf;
use crate::store::WeekRecord;

/// Subcommands of `week`.
#[derive(Debug, Subcommand)]
pub enum WeekCommand {
    /// Submit a draft week: from then on its time cannot change.
    ///
    /// A referent submits their own week; a coordinator may name a referent.
    Submit(SubmitArgs),
    /// Validate (countersign) a submitted week (coordinators only; never their own week,
    /// which another coordinator validates).
    Validate(ValidateArgs),
    /// Reopen a submitted or validated week as a draft (coordinators only); the reason is
    /// kept in the audit log.
    Reopen(ReopenArgs),
    /// Show where weeks stand: a referent's own, or everyone's (coordinators included) for a
    /// coordinator.
    Status(StatusArgs),
    /// Check a week against the fingerprint printed on its timesheets: prints the week's
    /// fingerprint now and fails, naming what changed, when it differs from its validated
    /// export (or from `--fingerprint`).
    Verify(VerifyArgs),
}

/// Options of `week verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// ISO week, YYYY-Www (e.g. 2026-W47).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: String,
    /// Whose week [default: the acting user's]. A referent may only name themselves.
    #[arg(long, value_name = "LOGIN")]
    pub referent: Option<String>,
    /// The fingerprint printed on a sheet, to compare with the week's content now.
    #[arg(long, value_name = "SHA256")]
    pub fingerprint: Option<String>,
}

/// Options of `week submit`.
#[derive(Debug, Args)]
pub struct SubmitArgs {
    /// ISO week, YYYY-Www (e.g. 2026-W47).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: String,
    /// Whose week [default: the acting user's]. A referent may only name themselves.
    #[arg(long, value_name = "LOGIN")]
    pub referent: Option<String>,
}

/// Options of `week validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// ISO week, YYYY-Www (e.g. 2026-W47).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: String,
    /// The referent whose submitted week is validated.
    #[arg(long, value_name = "LOGIN")]
    pub referent: String,
}

/// Options of `week reopen`.
#[derive(Debug, Args)]
pub struct ReopenArgs {
    /// ISO week, YYYY-Www (e.g. 2026-W47).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: String,
    /// The referent whose week is reopened.
    #[arg(long, value_name = "LOGIN")]
    pub referent: String,
    /// Why the week is reopened (kept in the audit log; must not be blank).
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

/// Options of `week status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// ISO week, YYYY-Www (e.g. 2026-W47).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: String,
    /// Only this user's week [default: a referent's own; every user for a coordinator].
    #[arg(long, value_name = "LOGIN")]
    pub referent: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Runs a `week` subcommand.
pub fn run(ctx: &Context, command: &WeekCommand) -> Result<()> {
    match command {
        WeekCommand::Submit(args) => {
            let week: IsoWeek = args.week.parse()?;
            let record = ctx.session()?.submit_week(args.referent.as_deref(), week)?;
            done("cli.done.week_submitted", &record)
        }
        WeekCommand::Validate(args) => {
            let week: IsoWeek = args.week.parse()?;
            let record = ctx.session()?.validate_week(&args.referent, week)?;
            done("cli.done.week_validated", &record)
        }
        WeekCommand::Reopen(args) => {
            let week: IsoWeek = args.week.parse()?;
            let record = ctx
                .session()?
                .reopen_week(&args.referent, week, &args.reason)?;
            done("cli.done.week_reopened", &record)
        }
        WeekCommand::Status(args) => status(ctx, args),
        WeekCommand::Verify(args) => verify(ctx, args),
    }
}

/// `week verify`: the fingerprint now, and whether it is still the validated export's.
fn verify(ctx: &Context, args: &VerifyArgs) -> Result<()> {
    let week: IsoWeek = args.week.parse()?;
    let session = ctx.session()?;
    let referent = args
        .referent
        .clone()
        .unwrap_or_else(|| session.actor().login.clone());
    let check = verify_week(&session, Some(&referent), week)?;
    let names = [("week", week.to_string()), ("referent", referent.clone())];
    let arg = |extra: &[(&'static str, String)]| -> Vec<(&'static str, String)> {
        names.iter().cloned().chain(extra.iter().cloned()).collect()
    };
    let text = |key: &str, args: &[(&'static str, String)]| {
        let pairs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tf(key, &pairs)
    };
    let sha = ("sha", check.sha256.clone());
    // A failure says everything on its one error line; stdout stays empty.
    if let Some(given) = args.fingerprint.as_deref() {
        let given = given.trim().to_ascii_lowercase();
        if given != check.sha256 {
            return Err(eyre!(text(
                "cli.verify.given_differs",
                &arg(&[("given", given), sha])
            )));
        }
    }
    let verdict = match (&check.recorded_sha256, check.matches_record()) {
        (None, _) => text("cli.verify.never_exported", &arg(&[])),
        (Some(_), true) => text(
            "cli.verify.matches",
            &arg(&[(
                "at",
                check
                    .recorded_at
                    .map(crate::store::stamp)
                    .unwrap_or_default(),
            )]),
        ),
        (Some(recorded), false) => {
            return Err(eyre!(text(
                "cli.verify.differs",
                &arg(&[
                    ("recorded", recorded.clone()),
                    sha,
                    ("changes", check.changes.join("; ")),
                ])
            )));
        }
    };
    print_line(&text("cli.verify.now", &arg(&[sha])))?;
    print_line(&verdict)
}

/// Prints the one-line confirmation of a transition.
fn done(key: &str, record: &WeekRecord) -> Result<()> {
    print_line(&tf(
        key,
        &[
            ("week", &record.week.to_string()),
            ("referent", &record.referent),
        ],
    ))
}

/// A week's record with the time it holds: one line of `week status`.
#[derive(Debug, Serialize)]
struct StatusRow {
    #[serde(flatten)]
    record: WeekRecord,
    /// Minutes recorded in the week.
    minutes: u32,
}

const COLUMNS: &[Column] = &[
    Column {
        name: "referent",
        label_key: "cli.column.referent",
    },
    Column {
        name: "referent_name",
        label_key: "cli.column.name",
    },
    Column {
        name: "week",
        label_key: "cli.column.week",
    },
    Column {
        name: "status",
        label_key: "cli.column.status",
    },
    Column {
        name: "minutes",
        label_key: "cli.column.duration",
    },
    Column {
        name: "submitted_at",
        label_key: "cli.column.submitted_at",
    },
    Column {
        name: "submitted_by",
        label_key: "cli.column.submitted_by",
    },
    Column {
        name: "validated_at",
        label_key: "cli.column.validated_at",
    },
    Column {
        name: "validated_by",
        label_key: "cli.column.validated_by",
    },
    Column {
        name: "export_sha256",
        label_key: "cli.column.fingerprint",
    },
];

/// How many hex digits of the export fingerprint the table shows.
const SHORT_FINGERPRINT: usize = 12;

fn status(ctx: &Context, args: &StatusArgs) -> Result<()> {
    let week: IsoWeek = args.week.parse()?;
    let session = ctx.session()?;
    let records = match args.referent.as_deref() {
        None if session.actor().is_coordinator() => session.weeks_overview(week)?,
        referent => vec![session.week(referent, week)?],
    };
    let rows = records
        .into_iter()
        .map(|record| {
            let entries = session.week_entries(Some(&record.referent), week)?;
            let minutes = entries.iter().map(|e| e.minutes).sum();
            Ok(StatusRow { record, minutes })
        })
        .collect::<Result<Vec<_>>>()?;
    let tz = session.tz();
    let cells = |row: &StatusRow, reader: Reader| {
        let r = &row.record;
        let (status, minutes, submitted_at, validated_at, fingerprint) = match reader {
            Reader::Person => (
                r.status.label(),
                if row.minutes == 0 {
                    "0:00".to_owned()
                } else {
                    format_hmm(row.minutes)
                },
                local(r.submitted_at, tz),
                local(r.validated_at, tz),
                r.export_sha256
                    .as_deref()
                    .map(|h| h.chars().take(SHORT_FINGERPRINT).collect())
                    .unwrap_or_default(),
            ),
            Reader::Program => (
                r.status.code().to_owned(),
                row.minutes.to_string(),
                r.submitted_at.map(crate::store::stamp).unwrap_or_default(),
                r.validated_at.map(crate::store::stamp).unwrap_or_default(),
                r.export_sha256.clone().unwrap_or_default(),
            ),
        };
        vec![
            r.referent.clone(),
            r.referent_name.clone(),
            r.week.to_string(),
            status,
            minutes,
            submitted_at,
            r.submitted_by.clone().unwrap_or_default(),
            validated_at,
            r.validated_by.clone().unwrap_or_default(),
            fingerprint,
        ]
    };
    Listing {
        columns: COLUMNS,
        rows: &rows,
        cells: &cells,
        footer: Vec::new(),
    }
    .print(args.format)
}

/// An instant as local "YYYY-MM-DD HH:MM"; empty when absent.
fn local(at: Option<DateTime<Utc>>, tz: Tz) -> String {
    at.map(|t| t.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_times_are_shown_in_local_time() {
        let paris = chrono_tz::Europe::Paris;
        let at = DateTime::parse_from_rfc3339("2026-11-23T17:05:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(local(Some(at), paris), "2026-11-23 18:05");
        assert_eq!(local(None, paris), "");
    }
}

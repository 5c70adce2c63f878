//! `export agenda`: the acting user's agenda (or, for a coordinator, a
//! referent's) over a range of days, as iCalendar or CSV. Participants appear
//! by file number only; each one named is logged in the access log. An existing file is never overwritten; `--output -` is
//! standard output (the only output over SSH).

use std::path::PathBuf;

use chrono::{Days, NaiveTime};
use clap::{Args, ValueEnum};
use color_eyre::Result;

use super::context::Context;
use super::export::{Destination, destination, to_stdout, write_all};
use super::output::print_line;
use crate::domain::DomainError;
use crate::domain::participant::parse_date_on;
use crate::domain::schedule::local_instant;
use crate::export::ExportFile;
use crate::export::agenda_csv::agenda_csv;
use crate::export::agenda_ics::agenda_ics;
use crate::i18n::tf;
use crate::store::ExportKind;

/// File format of `export agenda`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AgendaFormat {
    /// iCalendar (RFC 5545) for calendar programs, times in UTC.
    Ics,
    /// One row per appointment, local times, for spreadsheets.
    Csv,
}

/// Options of `export agenda`.
#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// First day, YYYY-MM-DD, DD/MM/YYYY or DD/MM (local to the configured time zone).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: String,
    /// Last day included, YYYY-MM-DD, DD/MM/YYYY or DD/MM.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: String,
    /// Whose agenda [default: the acting user's; a coordinator may name any referent].
    #[arg(long, value_name = "LOGIN")]
    pub referent: Option<String>,
    /// File format.
    #[arg(long, value_enum)]
    pub format: AgendaFormat,
    /// The file to create (never overwritten), or `-` for standard output (the only
    /// choice over SSH).
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs `export agenda`.
pub fn agenda(ctx: &Context, args: &AgendaArgs) -> Result<()> {
    let mut session = ctx.session()?;
    let today = Some(session.today());
    let (from, to) = (
        parse_date_on(&args.from, today)?,
        parse_date_on(&args.to, today)?,
    );
    if to < from {
        return Err(DomainError::new("agenda.error.range")
            .arg("from", from)
            .arg("to", to)
            .into());
    }
    let tz = session.tz();
    let after = to
        .checked_add_days(Days::new(1))
        .ok_or_else(|| DomainError::new("error.date").arg("value", to))?;
    let start = local_instant(from, NaiveTime::MIN, tz)?;
    let end = local_instant(after, NaiveTime::MIN, tz)?;
    let destination = destination(ctx, &args.output)?;
    let appointments = session.appointments_between(args.referent.as_deref(), start, end)?;
    let owner = args
        .referent
        .clone()
        .unwrap_or_else(|| session.actor().login.clone());
    let bytes = match args.format {
        AgendaFormat::Ics => {
            let name = tf("agenda.export.calendar_name", &[("login", &owner)]);
            agenda_ics(&appointments, tz, &name, session.now()).into_bytes()
        }
        AgendaFormat::Csv => agenda_csv(&appointments, tz)?,
    };
    let kind = match args.format {
        AgendaFormat::Ics => ExportKind::AgendaIcs,
        AgendaFormat::Csv => ExportKind::AgendaCsv,
    };
    session.log_export(
        kind,
        appointments.iter().filter_map(|a| a.participant.as_deref()),
    )?;
    let Destination::File(output) = destination else {
        return to_stdout(&bytes);
    };
    let file = ExportFile {
        file_name: output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        referent: Some(owner),
        bytes,
    };
    write_all(&[(output.clone(), &file)])?;
    print_line(&output.display().to_string())
}

//! `export timesheet`: the weekly ESF timesheet as CSV, XLSX or PDF files.
//!
//! A referent exports their own weeks; a coordinator exports one referent's, or every
//! referent's in one combined file or one file per referent. Files are written to a
//! temporary file in the target directory and then linked into place, so an existing file is
//! never overwritten and a failure leaves nothing half-written.
//!
//! `--output -` is standard output. Through the SSH forced command it is the only output
//! allowed, and `--output` is only looked at once the acting user is known, so that an
//! unknown login learns nothing about which paths exist.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::{ArgGroup, Args, Subcommand};
use color_eyre::Result;
use color_eyre::eyre::eyre;

use super::context::Context;
use super::output::print_line;
use crate::domain::IsoWeek;
use crate::domain::timesheet::Month;
use crate::export::output_file::{Naming, is_taken, write_batch};
use crate::export::timesheet_csv::parse_delimiter;
use crate::export::{
    ExportFile, ExportedWeek, Format as FileFormat, Grouping, Period, Referents, TimesheetRequest,
    export_timesheets,
};
use crate::i18n::tf;

/// Subcommands of `export`.
#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Export the weekly ESF timesheet of a week or a calendar month.
    ///
    /// A referent exports their own; a coordinator without --referent exports every referent
    /// with time or a submitted week in the period: in one file (CSV: every row; XLSX: a
    /// sheet per referent-week; PDF: a page per referent-week) or, with --per-referent, one
    /// file per referent. Weeks that are not validated are marked DRAFT. An existing file
    /// is never overwritten.
    Timesheet(TimesheetArgs),
    /// Export an agenda over a range of days as iCalendar (calendar programs) or CSV.
    ///
    /// The acting user's agenda; a coordinator may name any referent's. Participants
    /// appear by file number only, never by name; notes are not exported. An existing
    /// file is never overwritten.
    Agenda(super::agenda_export::AgendaArgs),
    /// Export the participants' ESF records for the national platform, one CSV per stage
    /// (coordinators only).
    ///
    /// The columns, value codes, separator, date format, encoding and BOM come from a
    /// column map: the one shipped (the project's own layout, see docs/esf.md) or --map.
    /// Participants whose stage is incomplete are not exported: each such stage is a line
    /// of FILE.errors.csv (file number, stage, missing items), or of standard error with
    /// `--output -`. An existing file is never overwritten.
    Esf(super::esf_export::EsfArgs),
}

/// Options of `export timesheet`.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("period").required(true).args(["week", "month"])))]
pub struct TimesheetArgs {
    /// ISO week, YYYY-Www (e.g. 2026-W47).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,
    /// Calendar month, YYYY-MM: the weeks overlapping it, entries clipped to the month.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// Whose timesheet [default: the acting referent's; every referent for a coordinator].
    #[arg(long, value_name = "LOGIN")]
    pub referent: Option<String>,
    /// File format.
    #[arg(long, value_enum)]
    pub format: FileFormat,
    /// CSV field separator, one ASCII character (`;` for French spreadsheets, `\t` for a tab).
    #[arg(long, value_name = "C", default_value = ",")]
    pub delimiter: String,
    /// With --month: a monthly recap per referent (hours per activity and per week, hours
    /// worked on and outside the operation, absences, ESF share) instead of the weekly
    /// sheets; files are named recap-LOGIN-MONTH.EXT.
    #[arg(long, requires = "month")]
    pub recap: bool,
    /// One file per referent, named timesheet-LOGIN-PERIOD.EXT, in the directory of --output
    /// (or in --output itself when it is a directory); not with `--output -`.
    #[arg(long)]
    pub per_referent: bool,
    /// The file to create (never overwritten), or `-` for standard output (the only choice
    /// over SSH); with --per-referent, where the files go.
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs an `export` subcommand.
pub fn run(ctx: &Context, command: &ExportCommand) -> Result<()> {
    match command {
        ExportCommand::Timesheet(args) => timesheet(ctx, args),
        ExportCommand::Agenda(args) => super::agenda_export::agenda(ctx, args),
        ExportCommand::Esf(args) => super::esf_export::esf(ctx, args),
    }
}

fn timesheet(ctx: &Context, args: &TimesheetArgs) -> Result<()> {
    // Clap's `period` group guarantees exactly one of --week and --month.
    let period = match (&args.week, &args.month) {
        (Some(week), _) => Period::Week(week.parse::<IsoWeek>()?),
        (None, month) => Period::Month(month.as_deref().unwrap_or_default().parse::<Month>()?),
    };
    let delimiter = parse_delimiter(&args.delimiter)?;
    // Who acts is settled before anything about --output is looked at.
    let mut session = ctx.session()?;
    let destination = destination(ctx, &args.output)?;
    let directory = match &destination {
        Destination::Stdout if args.per_referent => return Err(several_to_stdout()),
        Destination::Stdout => PathBuf::new(),
        Destination::File(path) => {
            let directory = if args.per_referent {
                target_directory(path)
            } else {
                refuse_existing(path)?;
                path.parent().map(Path::to_path_buf).unwrap_or_default()
            };
            check_directory(&directory)?;
            directory
        }
    };
    let mut request = TimesheetRequest::new(period, session.now());
    request.referents = match &args.referent {
        Some(login) => Referents::One(login.clone()),
        None if session.actor().is_coordinator() => Referents::All,
        None => Referents::Actor,
    };
    request.delimiter = delimiter;
    request.recap = args.recap;
    if args.per_referent {
        request.grouping = Grouping::PerReferent;
    }
    let export = export_timesheets(&mut session, &request, args.format)?;
    match &destination {
        Destination::Stdout => match export.files.as_slice() {
            [file] => to_stdout(&file.bytes)?,
            _ => return Err(several_to_stdout()),
        },
        Destination::File(output) => {
            let targets: Vec<(PathBuf, &ExportFile)> = export
                .files
                .iter()
                .map(|f| {
                    let path = if args.per_referent {
                        directory.join(&f.file_name)
                    } else {
                        output.clone()
                    };
                    (path, f)
                })
                .collect();
            write_all(&targets)?;
            for (path, _) in &targets {
                print_line(&path.display().to_string())?;
            }
        }
    }
    for week in export.weeks.iter().filter(|w| !w.matches_record()) {
        warn_changed(week);
    }
    Ok(())
}

/// Where an export goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Destination {
    /// Standard output (`--output -`): the bytes and nothing else.
    Stdout,
    /// A new file.
    File(PathBuf),
}

/// Reads `--output`: `-` is standard output; over SSH nothing else is allowed, since a
/// path would let a referent write anywhere the service account can. Call it only once
/// the acting user is known.
pub(super) fn destination(ctx: &Context, output: &Path) -> Result<Destination> {
    if output.as_os_str() == "-" {
        Ok(Destination::Stdout)
    } else if ctx.global.over_ssh {
        Err(eyre!(tf("cli.error.output_over_ssh", &[])))
    } else {
        Ok(Destination::File(output.to_path_buf()))
    }
}

/// Several files (one per referent) cannot share standard output.
fn several_to_stdout() -> color_eyre::Report {
    eyre!(tf("cli.error.several_to_stdout", &[]))
}

/// Writes an export's bytes, and only them, to standard output.
pub(super) fn to_stdout(bytes: &[u8]) -> Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| eyre!(tf("cli.error.output", &[("detail", &e.to_string())])))
}

/// Fails unless `directory` (empty: the current one) is an existing directory.
fn check_directory(directory: &Path) -> Result<()> {
    let shown = if directory.as_os_str().is_empty() {
        Path::new(".")
    } else {
        directory
    };
    if shown.is_dir() {
        Ok(())
    } else {
        Err(eyre!(tf(
            "cli.error.no_directory",
            &[("path", &shown.display().to_string())]
        )))
    }
}

/// Where per-referent files go: `--output` itself if it is a directory, else its directory.
fn target_directory(output: &Path) -> PathBuf {
    if output.is_dir() {
        output.to_path_buf()
    } else {
        output.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// Fails when `path` already exists: an export never overwrites a file.
pub(super) fn refuse_existing(path: &Path) -> Result<()> {
    if is_taken(path) {
        return Err(exists_error(path));
    }
    Ok(())
}

fn exists_error(path: &Path) -> color_eyre::Report {
    eyre!(tf(
        "cli.error.output_exists",
        &[("path", &path.display().to_string())]
    ))
}

fn create_error(path: &Path, error: &io::Error) -> color_eyre::Report {
    eyre!(tf(
        "cli.error.create_file",
        &[
            ("path", &path.display().to_string()),
            ("detail", &error.to_string())
        ]
    ))
}

/// Writes every file or none, never replacing an existing file (see
/// [`output_file`](crate::export::output_file)).
pub(super) fn write_all(targets: &[(PathBuf, &ExportFile)]) -> Result<()> {
    let batch: Vec<(PathBuf, &[u8])> = targets
        .iter()
        .map(|(path, file)| (path.clone(), file.bytes.as_slice()))
        .collect();
    write_new_batch(&batch)
}

/// Writes `bytes` to the new file `path`, never replacing one (mode 0600).
pub(super) fn write_new(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    write_new_batch(&[(path.to_path_buf(), bytes)])
}

/// Writes each new file with its bytes, all or none, never replacing one (mode 0600).
pub(super) fn write_new_batch(batch: &[(PathBuf, &[u8])]) -> Result<()> {
    match write_batch(batch, Naming::Exact) {
        Ok(_) => Ok(()),
        Err(e) if e.exists() => Err(exists_error(&e.path)),
        Err(e) => Err(create_error(&e.path, &e.error)),
    }
}

/// Warns on stderr that a week no longer matches the fingerprint of its validated export,
/// naming what changed.
fn warn_changed(week: &ExportedWeek) {
    let message = tf(
        "cli.warn.fingerprint",
        &[
            ("week", &week.week.to_string()),
            ("referent", &week.referent),
            (
                "recorded",
                week.recorded_sha256.as_deref().unwrap_or_default(),
            ),
            ("current", &week.sha256),
            ("changes", &week.changes.join("; ")),
        ],
    );
    super::warning::warn(message);
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    fn file(name: &str, bytes: &[u8]) -> ExportFile {
        ExportFile {
            file_name: name.into(),
            referent: None,
            bytes: bytes.to_vec(),
        }
    }

    /// How many files `dir` holds.
    fn files_in(dir: &Path) -> usize {
        fs::read_dir(dir).unwrap().count()
    }

    #[test]
    fn an_existing_target_is_kept_and_nothing_is_written() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("b.csv"), b"kept").unwrap();
        let a = file("a.csv", b"one");
        let b = file("b.csv", b"two");
        let targets = [
            (dir.path().join("a.csv"), &a),
            (dir.path().join("b.csv"), &b),
        ];
        let error = write_all(&targets).unwrap_err().to_string();
        assert!(error.contains("already exists"), "{error}");
        assert_eq!(fs::read(dir.path().join("b.csv")).unwrap(), b"kept");
        assert_eq!(files_in(dir.path()), 1, "only the kept file");
    }

    #[test]
    fn a_missing_directory_is_reported_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let a = file("a.csv", b"one");
        let target = dir.path().join("missing").join("a.csv");
        let error = write_all(&[(target, &a)]).unwrap_err().to_string();
        assert!(error.contains("cannot create"), "{error}");
        assert_eq!(files_in(dir.path()), 0);
    }
}

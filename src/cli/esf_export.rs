//! `export esf`: the participants' ESF records for the national platform (Ma Démarche
//! FSE+), one CSV per stage laid out by a column map (`assets/esf_map.toml` by default,
//! `--map FILE.toml` for an intermediate body's template). Coordinators only.
//!
//! Records with an incomplete stage are not written; each such stage is a line of
//! `FILE.errors.csv` (file number, stage, missing items). With `--output -` the file goes
//! to standard output and the error lines, as CSV, to standard error. Over SSH only
//! `--output -` is allowed, and only the shipped map: a map is a file of the server.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use color_eyre::Result;
use color_eyre::eyre::eyre;

use super::context::Context;
use super::export::{Destination, destination, to_stdout, write_new_batch};
use super::output::print_line;
use crate::domain::esf::EsfStage;
use crate::domain::text::printable;
use crate::export::esf_csv::{MissingStage, error_lines, errors_csv, platform_csv};
use crate::export::esf_map::ColumnMap;
use crate::i18n::{tf, tn};

/// The stage of `export esf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StageArg {
    /// Participants entering in the period: the entry questionnaire.
    Entry,
    /// Participants leaving in the period: the situation within four weeks of leaving.
    Exit,
    /// Participants whose six months after leaving end in the period.
    FollowUp,
}

impl StageArg {
    fn stage(self) -> EsfStage {
        match self {
            Self::Entry => EsfStage::Entry,
            Self::Exit => EsfStage::Exit,
            Self::FollowUp => EsfStage::FollowUp,
        }
    }
}

/// Options of `export esf`.
#[derive(Debug, Args)]
pub struct EsfArgs {
    /// Which file: the entry, the exit, or six months after the exit.
    #[arg(long, value_enum)]
    pub stage: StageArg,
    #[command(flatten)]
    pub period: super::period::PeriodArgs,
    /// The column map (headers, value codes, separator, date format, encoding, BOM)
    /// [default: the one shipped, see docs/esf.md]; not over SSH.
    #[arg(long, value_name = "FILE.toml")]
    pub map: Option<PathBuf>,
    /// The file to create (never overwritten; the error list goes beside it as
    /// FILE.errors.csv), or `-` for standard output (the only choice over SSH; the error
    /// lines then go to standard error).
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Runs `export esf`.
pub fn esf(ctx: &Context, args: &EsfArgs) -> Result<()> {
    let session = ctx.session()?;
    let period = args.period.period(&session)?;
    let destination = destination(ctx, &args.output)?;
    let map = match &args.map {
        None => ColumnMap::default_map()?,
        Some(_) if ctx.global.over_ssh => return Err(eyre!(tf("esf.cli.map_over_ssh", &[]))),
        Some(path) => read_map(path)?,
    };
    let stage = args.stage.stage();
    let records = session.esf_export(stage, period)?;
    let export = platform_csv(&map, stage, &records)?;
    match destination {
        Destination::Stdout => {
            to_stdout(&export.bytes)?;
            to_stderr(&error_lines(&map, &export.errors)?)?;
        }
        Destination::File(path) => {
            let errors_path = errors_path(&path);
            let errors = errors_csv(&map, &export.errors)?;
            let mut files: Vec<(PathBuf, &[u8])> = vec![(path.clone(), &export.bytes)];
            if !export.errors.is_empty() {
                files.push((errors_path.clone(), &errors));
            }
            write_new_batch(&files)?;
            for (written, _) in &files {
                print_line(&written.display().to_string())?;
            }
            warn_left_out(&export.errors, &errors_path);
        }
    }
    Ok(())
}

/// Reads a column map from `path`, checked whole.
fn read_map(path: &Path) -> Result<ColumnMap> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        eyre!(tf(
            "esf.cli.map_unreadable",
            &[("path", &shown), ("detail", &e.to_string())]
        ))
    })?;
    Ok(ColumnMap::parse(&text, &shown)?)
}

/// `FILE.errors.csv` beside `FILE` (`entry.csv` → `entry.csv.errors.csv`).
fn errors_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".errors.csv");
    PathBuf::from(name)
}

/// Writes the error lines on standard error, after the file went to standard output.
fn to_stderr(lines: &[String]) -> Result<()> {
    let mut err = std::io::stderr().lock();
    for line in lines {
        writeln!(err, "{}", printable(line))
            .map_err(|e| eyre!(tf("cli.error.output", &[("detail", &e.to_string())])))?;
    }
    Ok(())
}

/// Warns that some participants were left out, and where they are listed.
fn warn_left_out(errors: &[MissingStage], errors_path: &Path) {
    let mut files: Vec<_> = errors.iter().map(|e| e.file_number).collect();
    files.dedup();
    if !files.is_empty() {
        super::warning::warn(tn(
            "esf.cli.left_out",
            files.len(),
            &[("path", &errors_path.display().to_string())],
        ));
    }
}

//! `import participants`: bringing a PLIE's existing files in from a CSV file (coordinators).
//!
//! All or nothing: every row is checked first; when any is wrong, nothing is written,
//! stderr gets one line (the error count and the first error) and `--errors FILE` the
//! whole list as CSV (`line,column,value,reason`). Otherwise every row is written in
//! one transaction with one audit row naming the file's SHA-256 and the row count.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use color_eyre::Result;
use color_eyre::eyre::eyre;
use sha2::{Digest, Sha256};

use super::context::Context;
use super::output::print_line;
use crate::domain::text::printable;
use crate::i18n::{t, tf};
use crate::import::participants::{self, ImportError};

/// Subcommands of `import`.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import participant files from a CSV file (coordinators only); all or nothing.
    ///
    /// UTF-8, with or without BOM, `,` or `;`; a header row naming columns among
    /// file_number, last_name, first_name, birth_date, sex, referent, phone, email,
    /// address, postcode, commune, prescriber, oriented_on, commission_on, commission_decision,
    /// contract_on, labour_status, education_level, criteria, status, exit_on,
    /// exit_outcome, follow_up_on, follow_up_situation (the first three names and the
    /// birth date are required). Dates YYYY-MM-DD or DD/MM/YYYY; codes as in
    /// `participant add`, `participant exit` and `participant follow-up`; the dates
    /// become the file's lifecycle events and must follow each other (an engagement
    /// contract needs an accepted commission decision; a `status`, if given, must be the
    /// one they give). Lines starting with `#` are comments. `--template` prints the
    /// header and a commented example.
    Participants(ParticipantsArgs),
}

/// Options of `import participants`.
#[derive(Debug, Args)]
pub struct ParticipantsArgs {
    /// The CSV file to import.
    #[arg(value_name = "FILE", required_unless_present = "template")]
    pub file: Option<PathBuf>,
    /// Print the header and a commented example line, and do nothing else.
    #[arg(long, conflicts_with_all = ["file", "dry_run", "errors", "allow_duplicates"])]
    pub template: bool,
    /// Check every row and say how many would be imported; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write every error to this new CSV file (line, column, value, reason).
    #[arg(long, value_name = "FILE")]
    pub errors: Option<PathBuf>,
    /// Import possible duplicates (same names, accents and case ignored, and birth date)
    /// of files already held or of another line.
    #[arg(long)]
    pub allow_duplicates: bool,
}

/// Runs an `import` subcommand.
pub fn run(ctx: &Context, command: &ImportCommand) -> Result<()> {
    match command {
        ImportCommand::Participants(args) => participants(ctx, args),
    }
}

fn participants(ctx: &Context, args: &ParticipantsArgs) -> Result<()> {
    let Some(path) = args.file.as_ref() else {
        return super::export::to_stdout(participants::template().as_bytes());
    };
    let mut session = ctx.session()?;
    let basis = session.import_basis()?;
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        eyre!(tf(
            "cli.error.read_file",
            &[("path", &shown), ("detail", &e.to_string())]
        ))
    })?;
    let rows = match participants::read(&bytes, session.today(), &basis, args.allow_duplicates) {
        Ok(rows) => rows,
        Err(errors) => return Err(failed(&shown, &errors, args.errors.as_ref())),
    };
    if args.dry_run {
        return print_line(&tf(
            "import.done.dry_run",
            &[("count", &rows.len().to_string()), ("path", &shown)],
        ));
    }
    let sha256 = format!("{:x}", Sha256::digest(&bytes));
    let rows: Vec<_> = rows.into_iter().map(|(_, row)| row).collect();
    session.import_participants(&rows, &sha256)?;
    print_line(&tf(
        "import.done.imported",
        &[
            ("count", &rows.len().to_string()),
            ("path", &shown),
            ("sha256", &sha256),
        ],
    ))
}

/// The one-line error of a refused file, after writing the full list to `errors_file`.
fn failed(path: &str, errors: &[ImportError], errors_file: Option<&PathBuf>) -> color_eyre::Report {
    let listed = match errors_file {
        Some(file) => {
            let written = participants::errors_csv(errors)
                .map_err(|e| eyre!(e.to_string()))
                .and_then(|bytes| super::export::write_new(file, &bytes));
            if let Err(e) = written {
                return e;
            }
            tf(
                "import.failed.listed",
                &[("errors", &file.display().to_string())],
            )
        }
        None => t("import.failed.hint"),
    };
    let first = &errors[0];
    eyre!(
        "{}{listed}",
        tf(
            "import.failed.summary",
            &[
                ("count", &errors.len().to_string()),
                ("path", path),
                ("line", &first.line.to_string()),
                ("column", &first.column),
                ("value", &printable(&first.value)),
                ("reason", &first.reason),
            ],
        )
    )
}

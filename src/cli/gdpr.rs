//! `gdpr access` and `gdpr purge`: the PLIE's answers to a person's access request
//! (GDPR art. 15 and 20) and the end of the retention period (art. 5(1)(e)); coordinators.
//!
//! `gdpr access FILE --output OUT` writes two new files: OUT, an HTML page for the person,
//! and beside it the same content as JSON (OUT with the extension `.json`), never
//! replacing a file. With `--output -` (the only output over SSH) standard output gets one
//! of them, chosen by `--format` (`html` by default, or `json`): run it twice for both.
//! `gdpr purge` is refused over the SSH forced command (`cli/ssh.rs`).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Subcommand, ValueEnum};
use color_eyre::Result;

use super::context::Context;
use super::export::{Destination, destination, refuse_existing, to_stdout, write_all};
use super::output::{Column, Format, Listing, Reader, print_line};
use crate::domain::participant::parse_date_on;
use crate::export::ExportFile;
use crate::export::subject_access_html::subject_access_html;
use crate::i18n::{tf, tn};
use crate::store::PurgeCandidate;

/// Subcommands of `gdpr`.
#[derive(Debug, Subcommand)]
pub enum GdprCommand {
    /// Everything held on one person, for their access request (coordinators; audited).
    ///
    /// Writes OUT, an HTML page the person can read and print, and beside it the same
    /// content as JSON (OUT with the extension .json) for portability; an existing file is
    /// never replaced. With `--output -` (the only choice over SSH), standard output gets
    /// the page, or the JSON with `--format json`.
    Access(AccessArgs),
    /// Pseudonymise the files of people who left before a date (coordinators; not over SSH).
    ///
    /// Names, contact details, address, free-text notes and barriers' details go; the file
    /// number, dates, codes, exit outcome and time entries stay, so declared hours still
    /// add up. The date may not be after the retention rule's (`parcours settings`:
    /// retention.years, retention.last_payment). The database file is then rebuilt so
    /// nothing removed stays on disk.
    Purge(PurgeArgs),
}

/// What `gdpr access --output -` writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum AccessFormat {
    /// The HTML page for the person.
    #[default]
    Html,
    /// The JSON copy (portability).
    Json,
}

/// Options of `gdpr access`.
#[derive(Debug, Args)]
pub struct AccessArgs {
    /// The person's file number (P-YYYY-NNNN).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// The HTML file to create (the JSON goes beside it), or `-` for standard output.
    #[arg(long, value_name = "OUT")]
    pub output: PathBuf,
    /// With `--output -`: which of the two to write.
    #[arg(long, value_enum, default_value_t)]
    pub format: AccessFormat,
}

/// Options of `gdpr purge`.
#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Pseudonymise the people whose exit date is before this day (YYYY-MM-DD or DD/MM/YYYY).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub exited_before: String,
    /// List the files that would be pseudonymised; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Output format of the dry run's list.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Runs a `gdpr` subcommand.
pub fn run(ctx: &Context, command: &GdprCommand) -> Result<()> {
    match command {
        GdprCommand::Access(args) => access(ctx, args),
        GdprCommand::Purge(args) => purge(ctx, args),
    }
}

/// The JSON copy's path beside the page `out`.
fn json_beside(out: &Path) -> PathBuf {
    let json = out.with_extension("json");
    if json == out {
        PathBuf::from(format!("{}.json", out.display()))
    } else {
        json
    }
}

fn access(ctx: &Context, args: &AccessArgs) -> Result<()> {
    let file = super::participant::file_number(&args.file)?;
    let mut session = ctx.session()?;
    let destination = destination(ctx, &args.output)?;
    if let Destination::File(out) = &destination {
        // Refused before the answer is gathered, so a refusal writes no audit row either.
        refuse_existing(out)?;
        refuse_existing(&json_beside(out))?;
    }
    let answer = session.subject_access(&file)?;
    let json = answer.to_json()?;
    let page = subject_access_html(&answer);
    let Destination::File(out) = destination else {
        return to_stdout(match args.format {
            AccessFormat::Html => page.as_bytes(),
            AccessFormat::Json => json.as_bytes(),
        });
    };
    let json_path = json_beside(&out);
    let named = |path: &Path, bytes: String| ExportFile {
        file_name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        referent: None,
        bytes: bytes.into_bytes(),
    };
    let (page_file, json_file) = (named(&out, page), named(&json_path, json));
    write_all(&[(out.clone(), &page_file), (json_path.clone(), &json_file)])?;
    print_line(&tf(
        "gdpr.cli.access_written",
        &[
            ("document", &out.display().to_string()),
            ("json", &json_path.display().to_string()),
        ],
    ))
}

const COLUMNS: &[Column] = &[
    Column {
        name: "file_number",
        label_key: "gdpr.column.file_number",
    },
    Column {
        name: "exit_on",
        label_key: "gdpr.column.exit_on",
    },
    Column {
        name: "exit_outcome",
        label_key: "gdpr.column.exit_outcome",
    },
    Column {
        name: "referent",
        label_key: "gdpr.column.referent",
    },
];

fn purge(ctx: &Context, args: &PurgeArgs) -> Result<()> {
    let mut session = ctx.session()?;
    let before: NaiveDate = parse_date_on(&args.exited_before, None)?;
    let date = before.to_string();
    if args.dry_run {
        let files = session.purge_candidates(before)?;
        let cells = |c: &PurgeCandidate, reader: Reader| {
            let outcome = c.exit_outcome.map(|o| match reader {
                Reader::Person => o.label(),
                Reader::Program => o.code().to_owned(),
            });
            vec![
                c.file_number.to_string(),
                c.exit_on.to_string(),
                outcome.unwrap_or_default(),
                c.referent.clone().unwrap_or_default(),
            ]
        };
        return Listing {
            columns: COLUMNS,
            rows: &files,
            cells: &cells,
            footer: vec![tn("gdpr.cli.dry_run", files.len(), &[("date", &date)])],
        }
        .print(args.format);
    }
    let report = session.purge(before)?;
    if !report.log_cleared {
        super::warning::warn(tf("gdpr.cli.log_kept", &[]));
    }
    print_line(&tn(
        "gdpr.cli.purged",
        report.files.len(),
        &[("date", &date)],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_json_copy_goes_beside_the_page() {
        assert_eq!(
            json_beside(Path::new("a/answer.html")),
            Path::new("a/answer.json")
        );
        assert_eq!(json_beside(Path::new("answer")), Path::new("answer.json"));
        assert_eq!(
            json_beside(Path::new("answer.json")),
            Path::new("answer.json.json")
        );
    }
}

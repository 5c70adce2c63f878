//! `participant add`, `participant list` (whose CSV is the import file's; every file it
//! names is logged in the access log) and `participant delete` (a file entered by mistake).
//! `participant add` and `participant list` (whose CSV is the import file's);
//! `participant show` (`super::participant_show`) and the lifecycle subcommands
//! (`super::lifecycle`) are dispatched from here.

use clap::{Args, Subcommand};
use color_eyre::Result;

use super::context::Context;
use super::output::{Column, Format, Listing, Reader, print_line};
use crate::domain::esf::EsfRecord;
use crate::domain::journal::Alert;
use crate::domain::participant::{Criterion, FileNumber, NewParticipant, Sex, parse_date_on};
use crate::i18n::{t, tf, tn};
use crate::store::{CaseloadRow, ExportKind};

/// Subcommands of `participant`.
#[derive(Debug, Subcommand)]
pub enum ParticipantCommand {
    /// Open a new participant file (oriented); prints its file number alone.
    Add(Box<AddArgs>),
    /// List a caseload, sorted by name.
    List(ListArgs),
    /// Show one file: status and its history, lifecycle events with their corrections,
    /// the exit and its validation, steps and contacts.
    Show(super::participant_show::ShowArgs),
    /// The file's lifecycle: entry file, commission, contract, exit, six-month check,
    /// corrections and reassignment.
    #[command(flatten)]
    Lifecycle(super::lifecycle::LifecycleCommand),
    /// Delete a file entered by mistake (coordinators; not over SSH).
    ///
    /// Refused once the file holds what happened: a time entry naming it, a journal
    /// contact that took place or an appointment held. The reason is kept in the audit log.
    Delete(DeleteArgs),
}

/// Options of `participant delete`.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// The file number (P-YYYY-NNNN).
    #[arg(value_name = "FILE")]
    pub file: String,
    /// Why the file is deleted (kept in the audit log; name no one).
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
}

/// Options of `participant add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// Family name.
    #[arg(long, value_name = "L")]
    pub last: String,
    /// Given name.
    #[arg(long, value_name = "F")]
    pub first: String,
    /// Date of birth, YYYY-MM-DD or DD/MM/YYYY (the person is 16 to 80 years old).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub birth: String,
    /// Referent whose caseload receives the file [default: the acting referent; none for a
    /// coordinator]. A referent may only name themselves.
    #[arg(long, value_name = "LOGIN")]
    pub referent: Option<String>,
    /// Sex as the ESF asks it.
    #[arg(long, value_parser = code_parser!(Sex))]
    pub sex: Option<Sex>,
    /// Street address (number, street, building); the commune and postcode apart.
    #[arg(long, value_name = "A")]
    pub address: Option<String>,
    /// Commune of residence.
    #[arg(long, value_name = "C")]
    pub commune: Option<String>,
    /// Postcode.
    #[arg(long, value_name = "P")]
    pub postcode: Option<String>,
    /// Phone number.
    #[arg(long, value_name = "T")]
    pub phone: Option<String>,
    /// E-mail address.
    #[arg(long, value_name = "E")]
    pub email: Option<String>,
    /// Who oriented the person (France Travail, Mission Locale, CCAS…).
    #[arg(long, value_name = "P")]
    pub prescriber: Option<String>,
    /// Eligibility criteria, comma-separated (`qpv` also marks the residence in a priority
    /// neighbourhood).
    #[arg(long, value_delimiter = ',', value_parser = code_parser!(Criterion))]
    pub criteria: Vec<Criterion>,
    /// Date the prescriber oriented the person, YYYY-MM-DD, DD/MM/YYYY or DD/MM [default: today].
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub oriented: Option<String>,
}

/// Options of `participant list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Whose caseload [default: the acting referent's; the whole PLIE for a coordinator].
    #[arg(long, value_name = "LOGIN")]
    pub referent: Option<String>,
    /// Output format; `csv` writes the columns of `import participants`, so the
    /// list imports again unchanged; `json` adds each file's ESF record (`esf`: the
    /// answers and completeness of each stage).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// A caseload line with the file's ESF record, as `participant list --format json` prints it.
#[derive(serde::Serialize)]
struct WithEsf<'a> {
    #[serde(flatten)]
    row: &'a CaseloadRow,
    esf: Option<EsfRecord>,
}

/// Runs a `participant` subcommand.
pub fn run(ctx: &Context, command: &ParticipantCommand) -> Result<()> {
    match command {
        ParticipantCommand::Add(args) => add(ctx, args),
        ParticipantCommand::List(args) => list(ctx, args),
        ParticipantCommand::Delete(args) => delete(ctx, args),
        ParticipantCommand::Show(args) => super::participant_show::show(ctx, args),
        ParticipantCommand::Lifecycle(command) => super::lifecycle::run(ctx, command),
    }
}

/// Normalises a file number typed on the command line (`p-2026-0001` → `P-2026-0001`).
pub fn file_number(text: &str) -> Result<String> {
    Ok(text.parse::<FileNumber>()?.to_string())
}

fn add(ctx: &Context, args: &AddArgs) -> Result<()> {
    let mut session = ctx.session()?;
    let today = Some(session.today());
    let parse_date = |text: &str| parse_date_on(text, today);
    let birth = parse_date(&args.birth)?;
    let new = NewParticipant {
        last_name: args.last.clone(),
        first_name: args.first.clone(),
        birth_date: Some(birth),
        sex: args.sex,
        address: args.address.clone().unwrap_or_default(),
        commune: args.commune.clone().unwrap_or_default(),
        postcode: args.postcode.clone().unwrap_or_default(),
        qpv: args.criteria.contains(&Criterion::Qpv),
        phone: args.phone.clone().unwrap_or_default(),
        email: args.email.clone().unwrap_or_default(),
        prescriber: args.prescriber.clone().unwrap_or_default(),
        criteria: args.criteria.clone(),
        oriented_on: args.oriented.as_deref().map(parse_date).transpose()?,
        // What the command line does not ask for is left to the file's form.
        ..NewParticipant::default()
    };
    let created = session.add_participant(&new, args.referent.as_deref())?;
    let twins: Vec<String> = session
        .possible_duplicates(&new.last_name, &new.first_name, birth)?
        .into_iter()
        .filter(|f| *f != created.file_number)
        .collect();
    if !twins.is_empty() {
        super::warning::warn(tf("cli.warn.duplicate", &[("files", &twins.join(", "))]));
    }
    print_line(&created.file_number)
}

fn delete(ctx: &Context, args: &DeleteArgs) -> Result<()> {
    let file = file_number(&args.file)?;
    let mut session = ctx.session()?;
    session.delete_participant(&file, &args.reason)?;
    print_line(&tf("gdpr.cli.deleted", &[("file", &file)]))
}

const COLUMNS: &[Column] = &[
    Column {
        name: "file_number",
        label_key: "cli.column.file_number",
    },
    Column {
        name: "last_name",
        label_key: "cli.column.last_name",
    },
    Column {
        name: "first_name",
        label_key: "cli.column.first_name",
    },
    Column {
        name: "commune",
        label_key: "cli.column.commune",
    },
    Column {
        name: "status",
        label_key: "cli.column.status",
    },
    Column {
        name: "referent",
        label_key: "cli.column.referent",
    },
    Column {
        name: "started_on",
        label_key: "cli.column.started_on",
    },
    Column {
        name: "last_contact",
        label_key: "cli.column.last_contact",
    },
    Column {
        name: "next_appointment",
        label_key: "cli.column.next_appointment",
    },
    Column {
        name: "alerts",
        label_key: "cli.column.alerts",
    },
];

fn list(ctx: &Context, args: &ListArgs) -> Result<()> {
    let mut session = ctx.session()?;
    if args.format == Format::Csv {
        let files = session.caseload_files(args.referent.as_deref())?;
        session.log_export(
            ExportKind::ParticipantList,
            files.iter().map(|f| f.file_number.as_str()),
        )?;
        let bytes = crate::import::participants::to_csv(&files)
            .map_err(|e| color_eyre::eyre::eyre!(e.to_string()))?;
        return super::export::to_stdout(&bytes);
    }
    let rows = session.caseload(args.referent.as_deref())?;
    let numbers: Vec<String> = rows.iter().map(|r| r.file_number.to_string()).collect();
    session.log_export(
        ExportKind::ParticipantList,
        numbers.iter().map(String::as_str),
    )?;
    let tz = session.tz();
    let cells = |r: &CaseloadRow, reader: Reader| {
        let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let (status, next, alerts) = match reader {
            Reader::Person => (
                r.status.label(),
                r.next_appointment
                    .map(|a| a.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()),
                r.alerts
                    .iter()
                    .map(|a| a.marker().to_string())
                    .collect::<String>(),
            ),
            Reader::Program => (
                r.status.code().to_owned(),
                r.next_appointment.map(crate::store::stamp),
                r.alerts
                    .iter()
                    .map(|a| a.label_key().trim_start_matches("alert."))
                    .collect::<Vec<_>>()
                    .join(";"),
            ),
        };
        vec![
            r.file_number.to_string(),
            r.last_name.clone(),
            r.first_name.clone(),
            r.commune.clone(),
            status,
            r.referent.clone().unwrap_or_default(),
            r.started_on.to_string(),
            date(r.last_contact),
            next.unwrap_or_default(),
            alerts,
        ]
    };
    if args.format == Format::Json {
        // Each file with its ESF record: answers and completeness per stage.
        let mut records: std::collections::HashMap<FileNumber, EsfRecord> = session
            .esf_records(args.referent.as_deref())?
            .into_iter()
            .map(|r| (r.file_number, r))
            .collect();
        let with_esf: Vec<WithEsf> = rows
            .iter()
            .map(|row| WithEsf {
                esf: records.remove(&row.file_number),
                row,
            })
            .collect();
        return Listing {
            columns: COLUMNS,
            rows: &with_esf,
            cells: &|w: &WithEsf, reader| cells(w.row, reader),
            footer: Vec::new(),
        }
        .print(args.format);
    }
    let mut footer = vec![tn("cli.footer.participants", rows.len(), &[])];
    let mut present: Vec<Alert> = rows.iter().flat_map(|r| r.alerts.iter().copied()).collect();
    present.sort_unstable();
    present.dedup();
    if !present.is_empty() {
        let legend: Vec<String> = present
            .iter()
            .map(|a| format!("{} {}", a.marker(), t(a.label_key())))
            .collect();
        footer.push(tf("cli.footer.alerts", &[("legend", &legend.join(", "))]));
    }
    Listing {
        columns: COLUMNS,
        rows: &rows,
        cells: &cells,
        footer,
    }
    .print(args.format)
}

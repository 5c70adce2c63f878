//! The command line: global options, the non-interactive subcommands of the
//! CLI contract and their dispatch.
//!
//! Every subcommand resolves the same [`Context`] (configuration, language,
//! database, acting identity), calls the store through a `Session` and prints
//! plain results on stdout. Errors come back as one message; the binary prints
//! it on one line of stderr and exits with status 1. Usage errors are clap's
//! and exit with status 2.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use color_eyre::Result;

use crate::i18n::Lang;

/// A clap value parser for a closed list of the domain (`code_enum!`), by its stable codes.
macro_rules! code_parser {
    ($ty:ty) => {
        clap::builder::TypedValueParser::try_map(
            clap::builder::PossibleValuesParser::new(<$ty>::ALL.iter().map(|v| v.code())),
            |code: String| <$ty>::from_code(&code).ok_or("not one of the listed values"),
        )
    };
}

mod admin;
mod agenda_export;
mod appointment;
mod context;
mod esf_export;
mod export;
mod gdpr;
mod import;
mod launch;
mod lifecycle;
mod output;
mod participant;
mod participant_show;
mod period;
mod report;
mod report_indicators;
mod settings;
pub mod ssh;
mod time;
pub mod warning;
mod week;

pub use context::Context;
pub use output::Format;
pub use participant_show::ParticipantView;

/// Examples shown at the end of `parcours --help`.
const EXAMPLES: &str = "Examples:
  parcours init --coordinator coord --name \"Camille Coordinator\"
  parcours --as coord user add alice --name \"Alice Referent\" --fte 0.8
  parcours --as alice participant add --last Testname --first Test --birth 1990-05-17 --criteria rsa,deld
  parcours --as alice appointment add --start \"2026-11-24 09:30\" --minutes 45 --participant P-2026-0001
  parcours --as alice time add --date 2026-11-23 --minutes 90 --activity IND --participant P-2026-0001
  parcours --as alice time list --week 2026-W48 --format csv
  parcours --as alice participant exit P-2026-0001 --date 2026-11-20 --outcome cdi
  parcours --as coord report outcomes --from 2026-01-01 --to 2026-12-31
  parcours demo";

/// parcours: pathway follow-up and weekly ESF time for PLIE referents.
///
/// Without a subcommand, opens the terminal interface as the acting user.
///
/// The acting user is `--as LOGIN`, else `user` in the configuration, else
/// `$USER`; it must be an active referent or coordinator of the database. A
/// referent may only act on their own caseload, agenda and time.
///
/// Dates are YYYY-MM-DD, weeks YYYY-Www, durations whole minutes; times of day
/// are local to the PLIE's time zone (`parcours settings`).
///
/// Exit status: 0 on success; 1 on an error, explained on one line of stderr,
/// with nothing written; 2 on a usage error.
#[derive(Debug, Parser)]
#[command(name = "parcours", version, max_term_width = 100, after_long_help = EXAMPLES)]
pub struct Cli {
    /// Options shared by every subcommand.
    #[command(flatten)]
    pub global: GlobalArgs,
    /// What to do; none opens the terminal interface.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options accepted before or after any subcommand.
#[derive(Debug, Clone, Default, Args)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Database file [default: $PARCOURS_DB, else `database` in the configuration,
    /// else parcours.db in the platform data directory].
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Configuration file [default: $PARCOURS_CONFIG, else config.toml in the platform
    /// config directory].
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Act as this user [default: `user` in the configuration, else $USER].
    #[arg(long = "as", global = true, value_name = "LOGIN")]
    pub as_login: Option<String>,
    /// Language of messages [default: `language` in the configuration, else the locale].
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<Lang>,
    /// Set by the SSH forced command, never from the command line: the command came
    /// over SSH, so exports may only go to standard output.
    #[arg(skip)]
    pub over_ssh: bool,
}

/// The subcommands of the CLI contract.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an empty database and its first coordinator.
    Init(admin::InitArgs),
    /// Manage users (coordinators only).
    #[command(subcommand)]
    User(admin::UserCommand),
    /// Open, show and list participant files; record their lifecycle (entry file,
    /// commission, contract, exit, six-month check), its corrections and reassignments.
    #[command(subcommand)]
    Participant(participant::ParticipantCommand),
    /// Bring existing participant files in from a CSV file (coordinators only).
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// The PLIE's GDPR duties: a person's access request, the end of the retention
    /// period (coordinators only).
    #[command(subcommand)]
    Gdpr(gdpr::GdprCommand),
    /// Put appointments in the acting user's agenda.
    #[command(subcommand)]
    Appointment(appointment::AppointmentCommand),
    /// Record and list weekly time.
    #[command(subcommand)]
    Time(time::TimeCommand),
    /// Submit, validate and reopen weekly timesheets; show where weeks stand.
    #[command(subcommand)]
    Week(week::WeekCommand),
    /// Export the weekly ESF timesheet (CSV, XLSX, PDF), an agenda, or the ESF records.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// The PLIE's figures over a period (outcomes: entries, exits, positive-exit rate
    /// against the target); a referent sees their own.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Show or change the PLIE-wide settings kept in the database (structure, ESF
    /// operation, time zone, weekly hours, activities); changes are for coordinators.
    #[command(subcommand)]
    Settings(settings::SettingsCommand),
    /// Make a checked, consistent copy of the database into a new file (coordinators only).
    ///
    /// The copy is made in one step while others keep working, checked, and only then
    /// given its name; an existing file is never overwritten.
    Backup(admin::BackupArgs),
    /// Put a backup in place of the database (coordinators only).
    ///
    /// The backup is checked first; the current database is kept beside it as
    /// NAME.before-restore-YYYYMMDD. Refused while anyone else has the database open.
    Restore(admin::RestoreArgs),
    /// Create a fictional demonstration database if absent, then open the interface on it.
    ///
    /// The demo database is `--db`, else parcours-demo.db in the platform data directory:
    /// never the configured database. The interface opens as the demo referent `demo`
    /// (or `--as`; the coordinator is `coord`). With `--no-tui`, the database is only
    /// generated and summarised, and an existing file is refused.
    Demo(launch::DemoArgs),
}

/// Runs the command line: resolves the context, then does what was asked.
pub fn run(cli: Cli) -> Result<()> {
    let ctx = Context::resolve(&cli.global)?;
    match cli.command {
        None => launch::interface(&ctx),
        Some(Command::Init(args)) => admin::init(&ctx, &args),
        Some(Command::User(command)) => admin::user(&ctx, &command),
        Some(Command::Participant(command)) => participant::run(&ctx, &command),
        Some(Command::Import(command)) => import::run(&ctx, &command),
        Some(Command::Gdpr(command)) => gdpr::run(&ctx, &command),
        Some(Command::Appointment(command)) => appointment::run(&ctx, &command),
        Some(Command::Time(command)) => time::run(&ctx, &command),
        Some(Command::Week(command)) => week::run(&ctx, &command),
        Some(Command::Export(command)) => export::run(&ctx, &command),
        Some(Command::Report(command)) => report::run(&ctx, &command),
        Some(Command::Settings(command)) => settings::run(&ctx, &command),
        Some(Command::Backup(args)) => admin::backup(&ctx, &args),
        Some(Command::Restore(args)) => admin::restore(&ctx, &args),
        Some(Command::Demo(args)) => launch::demo(&ctx, &args),
    }
}

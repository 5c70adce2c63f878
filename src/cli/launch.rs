//! Opening the terminal interface: on the configured database, or on a demo database.
//!
//! The interface needs a terminal on both stdin and stdout. Without one (`ssh -T server`,
//! or the program run from a script with no subcommand) it says so on one line rather
//! than letting the terminal library fail with a system error.

use std::io::IsTerminal;

use clap::Args;
use color_eyre::Result;
use color_eyre::eyre::eyre;

use super::context::Context;
use super::output::print_line;
use crate::config::demo_database_path;
use crate::demo::{DemoOptions, generate};
use crate::i18n::tf;

/// The login the demo opens as when `--as` is not given.
const DEMO_LOGIN: &str = "demo";

/// Most participants `demo` generates: ten times a large PLIE, still seconds to build.
const MAX_PARTICIPANTS: u64 = 20_000;

/// Most years of history `demo` generates: two ESF programming periods.
const MAX_YEARS: i64 = 15;

/// Options of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Participants to generate, 1 to 20000 [default: a few hundred].
    #[arg(long, value_name = "N",
        value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=MAX_PARTICIPANTS))]
    pub participants: Option<usize>,
    /// Years of history to generate, 1 to 15 [default: the standard demo's].
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(u32).range(1..=MAX_YEARS))]
    pub years: Option<u32>,
    /// Seed of the generator: the same seed gives the same PLIE.
    #[arg(long, value_name = "S")]
    pub seed: Option<u64>,
    /// Only generate the database and print a summary; do not open the interface.
    #[arg(long)]
    pub no_tui: bool,
}

/// `parcours` without a subcommand: the interface as the acting user.
pub fn interface(ctx: &Context) -> Result<()> {
    let session = ctx.session()?;
    require_terminal()?;
    crate::tui::run(session, &ctx.config, ctx.global.over_ssh)
}

/// Fails with one clear line unless stdin and stdout are both terminals.
fn require_terminal() -> Result<()> {
    if std::io::stdin().is_terminal() && std::io::stdout().is_terminal() {
        Ok(())
    } else {
        Err(eyre!(tf("cli.error.no_terminal", &[])))
    }
}

/// `demo`: generates a fictional PLIE when the file is absent, then opens the interface
/// on it as `demo` (or `--as`).
///
/// The demo database is `--db`, else `parcours-demo.db` in the platform data directory:
/// never the configured database. With `--no-tui`, an existing file is refused rather than
/// generated into twice.
pub fn demo(ctx: &Context, args: &DemoArgs) -> Result<()> {
    let path = ctx.global.db.clone().unwrap_or_else(demo_database_path);
    if !args.no_tui {
        // Before generating anything: a database nobody can look at is no use.
        require_terminal()?;
    }
    if path.exists() {
        if args.no_tui {
            return Err(eyre!(tf(
                "cli.error.demo_exists",
                &[("path", &path.display().to_string())]
            )));
        }
    } else {
        let mut options = DemoOptions::standard(ctx.clock.today(crate::demo::TIME_ZONE));
        options.participants = args.participants.unwrap_or(options.participants);
        options.years = args.years.unwrap_or(options.years);
        options.seed = args.seed.unwrap_or(options.seed);
        let mut summary = String::new();
        ctx.create_database(&path, |db| {
            summary = generate(db, &options)?.to_string();
            Ok(())
        })?;
        print_line(&summary)?;
    }
    if args.no_tui {
        // Where it went, and a first command that reads it.
        let db = path.display().to_string();
        let quoted = if db.contains([' ', '\'', '"']) {
            format!("'{}'", db.replace('\'', "'\\''"))
        } else {
            db.clone()
        };
        print_line(&tf("cli.demo.written", &[("path", &db)]))?;
        return print_line(&tf(
            "cli.demo.next",
            &[("db", &quoted), ("login", DEMO_LOGIN)],
        ));
    }
    let login = ctx.global.as_login.as_deref().unwrap_or(DEMO_LOGIN);
    crate::tui::run(
        ctx.session_as(&path, login)?,
        &ctx.config,
        ctx.global.over_ssh,
    )
}

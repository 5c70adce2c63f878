//! Opening the terminal interface: on the configured database, or on a demo database.

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

/// Options of `demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Participants to generate [default: a few hundred].
    #[arg(long, value_name = "N")]
    pub participants: Option<usize>,
    /// Years of history to generate [default: the standard demo's].
    #[arg(long, value_name = "Y")]
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
    crate::tui::run(ctx.session()?, &ctx.config)
}

/// `demo`: generates a fictional PLIE when the file is absent, then opens the interface
/// on it as `demo` (or `--as`).
///
/// The demo database is `--db`, else `parcours-demo.db` in the platform data directory:
/// never the configured database. With `--no-tui`, an existing file is refused rather than
/// generated into twice.
pub fn demo(ctx: &Context, args: &DemoArgs) -> Result<()> {
    let path = ctx.global.db.clone().unwrap_or_else(demo_database_path);
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
        return Ok(());
    }
    let login = ctx.global.as_login.as_deref().unwrap_or(DEMO_LOGIN);
    crate::tui::run(ctx.session_as(&path, login)?, &ctx.config)
}

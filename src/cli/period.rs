//! `--from` and `--to`: the period of `report outcomes`, `report indicators` and
//! `export esf`, read the same way by each.

use clap::Args;
use color_eyre::Result;

use crate::domain::participant::parse_date_on;
use crate::domain::period::Period;
use crate::store::Session;

/// The period options, flattened into each command that takes a period.
#[derive(Debug, Args)]
pub struct PeriodArgs {
    /// First day, YYYY-MM-DD, DD/MM/YYYY or DD/MM.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub from: String,
    /// Last day included, YYYY-MM-DD, DD/MM/YYYY or DD/MM.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub to: String,
}

impl PeriodArgs {
    /// The period, its dates typed as on any command line (a `DD/MM` in the session's year);
    /// refused when it ends before it starts.
    pub fn period(&self, session: &Session) -> Result<Period> {
        let today = Some(session.today());
        Ok(Period::new(
            parse_date_on(&self.from, today)?,
            parse_date_on(&self.to, today)?,
        )?)
    }
}

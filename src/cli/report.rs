//! `parcours report …`: the PLIE's figures over a period. `report outcomes`: entries,
//! exits by AVE category, the positive-exit rate against the PLIE's target,
//! provisional exits and their six-month checks, pathway length, steps and contacts —
//! one row per referent and a `total` row. `report indicators`: the ESF+ common
//! indicators (`super::report_indicators`).

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use color_eyre::Result;
use serde::Serialize;

use super::context::Context;
use super::output::{Column, Format, Listing, Reader};
use crate::domain::outcomes::rounded;
use crate::i18n::t;
use crate::store::outcomes::{OutcomeLine, Outcomes};

/// Subcommands of `report`.
#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Outcomes over a period, per referent and in total (a referent sees their own).
    ///
    /// entries: engagement contracts signed in the period (a re-entry keeps its first
    /// entry); exits: exits in force dated in the period; positive_exits: those
    /// positive and validated (employment after its six-month check, or qualifying
    /// training); provisional_exits: those awaiting their six-month check
    /// (next_check: the soonest due; checks_due: due by today); positive_rate: positive
    /// exits among the settled ones (exits − provisional), in percent, against target
    /// (`positive_exit_target`, a PLIE setting); avg_pathway_months: entry to exit of
    /// the period's exits; followed: participants in the pathway during the period,
    /// with their steps_per_participant, without_step and
    /// contacts_per_participant_month (no-shows left out).
    Outcomes(OutcomesArgs),
    /// The ESF+ common indicators on participants over a period, by sex.
    ///
    /// Output indicators (EECO…) count the participants entering in the period (engagement
    /// contract), immediate results (EECR01–04) those leaving in it, longer-term results
    /// (EECR05–06) those whose six months after leaving end in it. A record whose stage is
    /// incomplete counts only in the total of participants (EECO01); the incomplete records
    /// are listed.
    Indicators(super::report_indicators::IndicatorArgs),
}

/// Options of `report outcomes`.
#[derive(Debug, Args)]
pub struct OutcomesArgs {
    #[command(flatten)]
    pub period: super::period::PeriodArgs,
    /// One referent's figures [default: the acting referent's; every referent's for a
    /// coordinator].
    #[arg(long, value_name = "LOGIN")]
    pub referent: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// Runs a `report` subcommand.
pub fn run(ctx: &Context, command: &ReportCommand) -> Result<()> {
    match command {
        ReportCommand::Outcomes(args) => outcomes(ctx, args),
        ReportCommand::Indicators(args) => super::report_indicators::indicators(ctx, args),
    }
}

/// One row of `report outcomes`.
#[derive(Debug, Serialize)]
pub struct OutcomeRow {
    /// The referent's login, `total` for the total row, empty for files without one.
    pub referent: String,
    /// Entries in the period.
    pub entries: u32,
    /// Exits in the period.
    pub exits: u32,
    /// Of which positive and validated.
    pub positive_exits: u32,
    /// Of which positive into employment.
    pub positive_employment: u32,
    /// Of which positive into training.
    pub positive_training: u32,
    /// Of which awaiting their six-month check.
    pub provisional_exits: u32,
    /// Of which not positive (or not validated).
    pub not_positive_exits: u32,
    /// Positive exits among the settled ones, in percent (one decimal).
    pub positive_rate: Option<f64>,
    /// The PLIE's target, in percent.
    pub target: u32,
    /// The soonest six-month check due among the provisional exits.
    pub next_check: Option<NaiveDate>,
    /// Provisional exits whose check is due by today.
    pub checks_due: u32,
    /// Average months from entry to exit (one decimal).
    pub avg_pathway_months: Option<f64>,
    /// Participants in the pathway during the period.
    pub followed: u32,
    /// Their steps per participant (two decimals).
    pub steps_per_participant: Option<f64>,
    /// Those with no step.
    pub without_step: u32,
    /// Contacts per participant and month (two decimals).
    pub contacts_per_participant_month: Option<f64>,
}

impl OutcomeRow {
    fn new(line: &OutcomeLine, referent: String, all: &Outcomes) -> Self {
        let c = &line.counts;
        Self {
            referent,
            entries: c.entries,
            exits: c.exits,
            positive_exits: c.positive(),
            positive_employment: c.positive_employment,
            positive_training: c.positive_training,
            provisional_exits: c.provisional,
            not_positive_exits: c.not_positive(),
            positive_rate: c.positive_rate().map(|r| rounded(r, 1)),
            target: all.target,
            next_check: line.next_check,
            checks_due: line.checks_due,
            avg_pathway_months: c.average_months().map(|m| rounded(m, 1)),
            followed: c.followed,
            steps_per_participant: c.steps_per_participant().map(|s| rounded(s, 2)),
            without_step: c.without_step,
            contacts_per_participant_month: c.contacts_per_month(all.period).map(|m| rounded(m, 2)),
        }
    }
}

/// The columns, in order: their CSV names and table headers.
const COLUMNS: &[Column] = &[
    Column {
        name: "referent",
        label_key: "cli.report.referent",
    },
    Column {
        name: "entries",
        label_key: "cli.report.entries",
    },
    Column {
        name: "exits",
        label_key: "cli.report.exits",
    },
    Column {
        name: "positive_exits",
        label_key: "cli.report.positive_exits",
    },
    Column {
        name: "positive_employment",
        label_key: "cli.report.positive_employment",
    },
    Column {
        name: "positive_training",
        label_key: "cli.report.positive_training",
    },
    Column {
        name: "provisional_exits",
        label_key: "cli.report.provisional_exits",
    },
    Column {
        name: "not_positive_exits",
        label_key: "cli.report.not_positive_exits",
    },
    Column {
        name: "positive_rate",
        label_key: "cli.report.positive_rate",
    },
    Column {
        name: "target",
        label_key: "cli.report.target",
    },
    Column {
        name: "next_check",
        label_key: "cli.report.next_check",
    },
    Column {
        name: "checks_due",
        label_key: "cli.report.checks_due",
    },
    Column {
        name: "avg_pathway_months",
        label_key: "cli.report.avg_pathway_months",
    },
    Column {
        name: "followed",
        label_key: "cli.report.followed",
    },
    Column {
        name: "steps_per_participant",
        label_key: "cli.report.steps_per_participant",
    },
    Column {
        name: "without_step",
        label_key: "cli.report.without_step",
    },
    Column {
        name: "contacts_per_participant_month",
        label_key: "cli.report.contacts_per_participant_month",
    },
];

fn outcomes(ctx: &Context, args: &OutcomesArgs) -> Result<()> {
    let session = ctx.session()?;
    let period = args.period.period(&session)?;
    let all = session.outcomes(period, args.referent.as_deref())?;
    let mut rows: Vec<OutcomeRow> = all
        .lines
        .iter()
        .map(|line| OutcomeRow::new(line, line.referent.clone().unwrap_or_default(), &all))
        .collect();
    rows.push(OutcomeRow::new(&all.total, "total".to_owned(), &all));
    let cells = |r: &OutcomeRow, reader: Reader| {
        let number = |n: Option<f64>| match (n, reader) {
            (Some(n), Reader::Person) if crate::i18n::language() == crate::i18n::Lang::Fr => {
                n.to_string().replace('.', ",")
            }
            (Some(n), _) => n.to_string(),
            (None, Reader::Person) => "—".to_owned(),
            (None, Reader::Program) => String::new(),
        };
        let percent = |n: Option<f64>| match (n, reader) {
            (Some(_), Reader::Person) => format!("{} %", number(n)),
            _ => number(n),
        };
        let referent = match (r.referent.as_str(), reader) {
            ("total", Reader::Person) => t("cli.report.total"),
            ("", Reader::Person) => t("cli.report.no_referent"),
            (login, _) => login.to_owned(),
        };
        vec![
            referent,
            r.entries.to_string(),
            r.exits.to_string(),
            r.positive_exits.to_string(),
            r.positive_employment.to_string(),
            r.positive_training.to_string(),
            r.provisional_exits.to_string(),
            r.not_positive_exits.to_string(),
            percent(r.positive_rate),
            percent(Some(f64::from(r.target))),
            r.next_check.map(|d| d.to_string()).unwrap_or_default(),
            r.checks_due.to_string(),
            number(r.avg_pathway_months),
            r.followed.to_string(),
            number(r.steps_per_participant),
            r.without_step.to_string(),
            number(r.contacts_per_participant_month),
        ]
    };
    Listing {
        columns: COLUMNS,
        rows: &rows,
        cells: &cells,
        footer: vec![crate::i18n::tf(
            "cli.report.period",
            &[
                ("from", &period.from.to_string()),
                ("to", &period.to.to_string()),
            ],
        )],
    }
    .print(args.format)
}

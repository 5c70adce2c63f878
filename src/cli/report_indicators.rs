//! `report indicators`: the ESF+ common indicators (Regulation (EU) 2021/1057, Annex I)
//! by sex, for the whole PLIE (a coordinator) or one caseload. The records left out of the
//! figures (but the total) are named: under the table, or on standard error for CSV and
//! JSON, whose standard output stays data.

use super::context::Context;
use super::output::{Column, Format, Listing, Reader};
use crate::i18n::tn;
use crate::store::esf_indicators::{IndicatorLine, IndicatorReport};
use clap::Args;
use color_eyre::Result;

/// Options of `report indicators`.
#[derive(Debug, Args)]
pub struct IndicatorArgs {
    #[command(flatten)]
    pub period: super::period::PeriodArgs,
    /// One referent's caseload [default: the acting referent's; the whole PLIE for a
    /// coordinator].
    #[arg(long, value_name = "LOGIN")]
    pub referent: Option<String>,
    /// Output format; JSON is one object per indicator (`code`, `label`, `women`, `men`,
    /// `non_binary`, `total`).
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

const COLUMNS: &[Column] = &[
    Column {
        name: "code",
        label_key: "esf.report.code",
    },
    Column {
        name: "label",
        label_key: "esf.report.indicator",
    },
    Column {
        name: "women",
        label_key: "esf.report.women",
    },
    Column {
        name: "men",
        label_key: "esf.report.men",
    },
    Column {
        name: "non_binary",
        label_key: "esf.report.non_binary",
    },
    Column {
        name: "total",
        label_key: "esf.report.total",
    },
];

/// Prints `report indicators`.
pub(super) fn indicators(ctx: &Context, args: &IndicatorArgs) -> Result<()> {
    let session = ctx.session()?;
    let period = args.period.period(&session)?;
    let report = session.indicators(period, args.referent.as_deref())?;
    let cells = |l: &IndicatorLine, _: Reader| {
        vec![
            l.code.to_owned(),
            l.label.to_owned(),
            l.women.to_string(),
            l.men.to_string(),
            l.non_binary.to_string(),
            l.total.to_string(),
        ]
    };
    let footer = if args.format == Format::Table {
        left_out(&report)
    } else {
        if let Some(warning) = left_out_warning(&report) {
            super::warning::warn(warning);
        }
        Vec::new()
    };
    Listing {
        columns: COLUMNS,
        rows: &report.lines,
        cells: &cells,
        footer,
    }
    .print(args.format)
}

/// One line naming the files left out of the figures, for a warning on standard error.
fn left_out_warning(report: &IndicatorReport) -> Option<String> {
    let n = report.incomplete_participants();
    let mut files: Vec<String> = report
        .incomplete
        .iter()
        .map(|i| i.file_number.to_string())
        .collect();
    files.dedup();
    (n > 0).then(|| {
        tn(
            "esf.report.incomplete_files",
            n,
            &[("files", &files.join(", "))],
        )
    })
}

/// The lines naming the records left out of the figures: how many, then one per stage.
fn left_out(report: &IndicatorReport) -> Vec<String> {
    let n = report.incomplete_participants();
    if n == 0 {
        return Vec::new();
    }
    let mut lines = vec![tn("esf.report.incomplete", n, &[])];
    lines.extend(report.incomplete.iter().map(|i| {
        let missing: Vec<String> = i.missing.iter().map(|m| m.label()).collect();
        format!(
            "  {} {}: {}",
            i.file_number,
            i.stage.label(),
            missing.join(", ")
        )
    }));
    lines
}

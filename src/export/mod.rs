//! Exports of the weekly ESF timesheet: CSV for scripts, XLSX and PDF for people and auditors.
//!
//! The writers are pure functions of [`Timesheet`](crate::domain::timesheet::Timesheet)
//! values: [`timesheet_csv`], [`timesheet_xlsx`], [`timesheet_pdf`]. Only
//! [`export_timesheets`] and [`verify_week`] touch the database: the first gathers the sheets
//! a request names, fingerprints each week's canonical content (printed on every sheet),
//! stores a validated week's fingerprint at its first export and reuses its generation
//! time, so that exporting a validated week again gives the same CSV bytes and the same
//! XLSX/PDF content and metadata; the second checks a week against that fingerprint.

pub mod agenda_csv;
pub mod agenda_ics;
pub mod esf_csv;
pub mod esf_map;
pub mod fingerprint;
pub(crate) mod labels;
pub mod output_file;
mod pdf_canvas;
pub mod recap;
mod request;
pub mod subject_access_html;
pub mod timesheet_csv;
pub mod timesheet_pdf;
pub mod timesheet_xlsx;

pub use request::{
    ExportFile, ExportedWeek, Grouping, Period, Referents, TimesheetExport, TimesheetRequest,
    WeekCheck, export_timesheets, verify_week,
};
pub use timesheet_csv::timesheet_csv;
pub use timesheet_pdf::timesheet_pdf;
pub use timesheet_xlsx::timesheet_xlsx;

use crate::domain::DomainError;
use crate::i18n::tf;
use crate::store::StoreError;

/// A file format of the timesheet export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Format {
    /// One row per time entry (design.md's columns).
    Csv,
    /// Excel workbook: one printable sheet per referent-week and a detail sheet.
    Xlsx,
    /// PDF: A4 pages, each referent-week from a new page.
    Pdf,
}

impl Format {
    /// The file name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Pdf => "pdf",
        }
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// Reading the weeks or storing the fingerprint failed, or the actor may not see them.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The request broke a rule (an invalid delimiter…).
    #[error("{0}")]
    Invalid(#[from] DomainError),
    /// The file could not be produced.
    #[error("{}", tf("sheet.error.write", &[("format", .format), ("detail", .detail)]))]
    Write {
        /// `CSV`, `XLSX` or `PDF`.
        format: &'static str,
        /// What the writer reported.
        detail: String,
    },
    /// No sheet matched the request (a coordinator's export of a period with no time at all).
    #[error("{}", tf("sheet.error.nothing", &[("period", .period)]))]
    Nothing {
        /// The week or month asked for.
        period: String,
    },
}

impl ExportError {
    /// A writer's failure for the given format.
    pub fn write(format: &'static str, detail: impl std::fmt::Display) -> Self {
        ExportError::Write {
            format,
            detail: detail.to_string(),
        }
    }
}

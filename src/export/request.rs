//! Gathering the timesheets a request names from the database, and writing them out.
//!
//! This is the one place of the export that touches the [`Session`]: it reads the weeks,
//! entries and activities, fingerprints validated weeks, and hands pure values to the writers.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

use super::fingerprint::sha256_hex;
use super::timesheet_csv::DEFAULT_DELIMITER;
use super::{ExportError, Format, timesheet_csv, timesheet_pdf, timesheet_xlsx};
use crate::domain::IsoWeek;
use crate::domain::settings::PlieSettings;
use crate::domain::time::{Activity, TimeEntry, WeekStatus};
use crate::domain::timesheet::{Heading, Lifecycle, Month, Signature, Timesheet};
use crate::store::{Session, WeekRecord};

/// The period of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// One ISO week.
    Week(IsoWeek),
    /// The weeks overlapping a calendar month, clipped to it.
    Month(Month),
}

impl Period {
    /// The ISO weeks the period touches.
    pub fn weeks(self) -> Vec<IsoWeek> {
        match self {
            Period::Week(week) => vec![week],
            Period::Month(month) => month.weeks(),
        }
    }
}

impl std::fmt::Display for Period {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Period::Week(week) => week.fmt(f),
            Period::Month(month) => month.fmt(f),
        }
    }
}

/// Whose timesheets to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Referents {
    /// The acting user's own.
    Actor,
    /// One referent's (a referent may only name themselves).
    One(String),
    /// Every active referent's that has time or a submitted week in the period (coordinators).
    All,
}

/// How the sheets are split into files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// One file: CSV with every row, a workbook with a sheet per referent-week, a PDF with a
    /// page per referent-week.
    Combined,
    /// One file per referent.
    PerReferent,
}

/// What to export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimesheetRequest {
    /// A week or a month.
    pub period: Period,
    /// Whose sheets.
    pub referents: Referents,
    /// One file or one per referent.
    pub grouping: Grouping,
    /// CSV field separator (`b','` by default; see [`super::timesheet_csv::parse_delimiter`]).
    pub delimiter: u8,
    /// Generation time printed on sheets of weeks that are not validated (and stored with a
    /// validated week's first export). Whole seconds.
    pub generated_at: DateTime<Utc>,
}

impl TimesheetRequest {
    /// The actor's sheets for `period`, in one file, comma-separated, generated at
    /// `generated_at` (the session's clock: [`Session::now`]).
    pub fn new(period: Period, generated_at: DateTime<Utc>) -> Self {
        Self {
            period,
            referents: Referents::Actor,
            grouping: Grouping::Combined,
            delimiter: DEFAULT_DELIMITER,
            generated_at: generated_at.trunc_subsecs(0),
        }
    }
}

/// One produced file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportFile {
    /// A suggested file name (`timesheet-alice-2026-W48.pdf`).
    pub file_name: String,
    /// The referent the file is about, when it is about one only.
    pub referent: Option<String>,
    /// The file's content.
    pub bytes: Vec<u8>,
}

/// A referent-week that went into the export, with its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedWeek {
    /// Referent login.
    pub referent: String,
    /// The ISO week.
    pub week: IsoWeek,
    /// Its status.
    pub status: WeekStatus,
    /// SHA-256 of the week's whole CSV (comma-separated): the fingerprint of its content.
    pub sha256: String,
    /// The fingerprint stored when the validated week was first exported.
    pub recorded_sha256: Option<String>,
    /// The generation time the sheets carry.
    pub generated_at: DateTime<Utc>,
}

impl ExportedWeek {
    /// Whether the week's content still matches the fingerprint stored at its first export
    /// (always true for a week without one).
    pub fn matches_record(&self) -> bool {
        self.recorded_sha256
            .as_deref()
            .is_none_or(|recorded| recorded == self.sha256)
    }
}

/// The files of an export and the weeks they hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimesheetExport {
    /// The files, one or one per referent.
    pub files: Vec<ExportFile>,
    /// Every referent-week exported, by referent then week.
    pub weeks: Vec<ExportedWeek>,
}

/// Exports the timesheets `request` names in `format`.
///
/// A validated week's first export stores its fingerprint and generation time with the week
/// (see [`Session::record_week_export`]); later exports reuse that time, so the CSV bytes
/// and the XLSX/PDF content and metadata are the same.
pub fn export_timesheets(
    session: &mut Session,
    request: &TimesheetRequest,
    format: Format,
) -> Result<TimesheetExport, ExportError> {
    let settings = session.settings()?;
    let known = session.activities_including_inactive()?;
    let active = session.activities()?;
    let mut sheets: Vec<Timesheet> = Vec::new();
    let mut weeks: Vec<ExportedWeek> = Vec::new();
    for (referent, week) in targets(session, request)? {
        let record = session.week(Some(&referent), week)?;
        let entries = session.week_entries(Some(&referent), week)?;
        if request.referents == Referents::All
            && entries.is_empty()
            && record.status == WeekStatus::Draft
        {
            continue;
        }
        let activities = grid_activities(&active, &known, &entries);
        let heading = Heading {
            structure: settings.structure_name.clone(),
            operation_code: settings.operation_code.clone(),
            operation_name: settings.operation_name.clone(),
            referent_login: record.referent.clone(),
            referent_name: record.referent_name.clone(),
        };
        let lifecycle = lifecycle(&record, &settings, request.generated_at);
        let mut sheet = Timesheet::new(heading, week, lifecycle, &entries, &activities);
        let sha256 = sha256_hex(&timesheet_csv(
            std::slice::from_ref(&sheet),
            DEFAULT_DELIMITER,
        )?);
        let mut recorded_sha256 = record.export_sha256.clone();
        if sheet.is_validated() {
            let stored = match record.export_at {
                Some(_) => record,
                None => {
                    let at = stored_time(request.generated_at);
                    session.record_week_export(&referent, week, &sha256, &at)?
                }
            };
            recorded_sha256 = stored.export_sha256.clone();
            if let Some(at) = stored.export_at.as_deref().and_then(parse_utc) {
                sheet.lifecycle.generated_at = at;
            }
        }
        weeks.push(ExportedWeek {
            referent,
            week,
            status: sheet.lifecycle.status,
            sha256,
            recorded_sha256,
            generated_at: sheet.lifecycle.generated_at,
        });
        if let Period::Month(month) = request.period {
            sheet = sheet.clipped_to(month);
        }
        sheets.push(sheet);
    }
    if sheets.is_empty() {
        return Err(ExportError::Nothing {
            period: request.period.to_string(),
        });
    }
    let files = match request.grouping {
        Grouping::Combined => {
            let referent = single_referent(&sheets);
            let name = file_name(referent.as_deref(), request.period, format);
            vec![ExportFile {
                file_name: name,
                referent,
                bytes: render(&sheets, format, request.delimiter)?,
            }]
        }
        Grouping::PerReferent => {
            let mut files = Vec::new();
            for chunk in
                sheets.chunk_by(|a, b| a.heading.referent_login == b.heading.referent_login)
            {
                let login = chunk[0].heading.referent_login.clone();
                files.push(ExportFile {
                    file_name: file_name(Some(&login), request.period, format),
                    referent: Some(login),
                    bytes: render(chunk, format, request.delimiter)?,
                });
            }
            files
        }
    };
    Ok(TimesheetExport { files, weeks })
}

/// The (referent, week) pairs to look at, by referent login then week.
fn targets(
    session: &Session,
    request: &TimesheetRequest,
) -> Result<Vec<(String, IsoWeek)>, ExportError> {
    let weeks = request.period.weeks();
    let logins: Vec<String> = match &request.referents {
        Referents::Actor => vec![session.actor().login.clone()],
        Referents::One(login) => vec![login.clone()],
        Referents::All => {
            let mut logins = Vec::new();
            for week in &weeks {
                for record in session.weeks_overview(*week)? {
                    if !logins.contains(&record.referent) {
                        logins.push(record.referent);
                    }
                }
            }
            logins.sort();
            logins
        }
    };
    Ok(logins
        .into_iter()
        .flat_map(|login| weeks.iter().map(move |week| (login.clone(), *week)))
        .collect())
}

/// The grid rows: the active activities, then any retired one the entries still use.
fn grid_activities(
    active: &[Activity],
    known: &[Activity],
    entries: &[TimeEntry],
) -> Vec<Activity> {
    let mut rows = active.to_vec();
    for entry in entries {
        if !rows.iter().any(|a| a.code == entry.activity)
            && let Some(retired) = known.iter().find(|a| a.code == entry.activity)
        {
            rows.push(retired.clone());
        }
    }
    rows
}

/// Status, signatures in the PLIE's local time, and the generation time of a week.
fn lifecycle(record: &WeekRecord, settings: &PlieSettings, now: DateTime<Utc>) -> Lifecycle {
    let local = |at: Option<&str>| -> Option<NaiveDateTime> {
        at.and_then(parse_utc)
            .map(|t| t.with_timezone(&settings.timezone).naive_local())
    };
    let submitted = local(record.submitted_at.as_deref()).map(|at| Signature {
        name: record.referent_name.clone(),
        at,
    });
    let validated = local(record.validated_at.as_deref()).map(|at| Signature {
        name: record.validated_by.clone().unwrap_or_default(),
        at,
    });
    Lifecycle {
        status: record.status,
        submitted,
        validated,
        generated_at: now.trunc_subsecs(0),
    }
}

/// A stored UTC time (`2026-11-23T17:05:00Z`).
fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A time as the store keeps it.
fn stored_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The login shared by every sheet, if there is only one.
fn single_referent(sheets: &[Timesheet]) -> Option<String> {
    let first = &sheets.first()?.heading.referent_login;
    sheets
        .iter()
        .all(|s| &s.heading.referent_login == first)
        .then(|| first.clone())
}

/// `timesheet-alice-2026-W48.pdf`, `timesheet-2026-11.xlsx`…
fn file_name(referent: Option<&str>, period: Period, format: Format) -> String {
    match referent {
        Some(login) => format!("timesheet-{login}-{period}.{}", format.extension()),
        None => format!("timesheet-{period}.{}", format.extension()),
    }
}

fn render(sheets: &[Timesheet], format: Format, delimiter: u8) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Csv => timesheet_csv(sheets, delimiter),
        Format::Xlsx => timesheet_xlsx(sheets),
        Format::Pdf => timesheet_pdf(sheets),
    }
}

//! Gathering the timesheets a request names from the database, and writing them out.
//!
//! This is the one place of the export that touches the [`Session`]: it reads the weeks,
//! entries and activities, fingerprints validated weeks, and hands pure values to the writers.

use chrono::{DateTime, NaiveDateTime, SubsecRound, Utc};

use super::fingerprint::sha256_hex;
use super::timesheet_csv::{CsvFlavour, DEFAULT_DELIMITER};
use super::{ExportError, Format, recap, timesheet_csv, timesheet_pdf, timesheet_xlsx};
use crate::domain::settings::{PlieSettings, SettingKey};
use crate::domain::time::{Activity, TimeEntry, WeekStatus};
use crate::domain::timesheet::{
    Heading, Lifecycle, Month, MonthRecap, Signature, SignedBy, Timesheet, canonical_content,
    content_changes,
};
use crate::domain::{DomainError, IsoWeek};
use crate::store::{ExportKind, Session, WeekRecord};

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
    /// A monthly recap per referent instead of the weekly sheets (months only).
    pub recap: bool,
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
            recap: false,
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
    /// SHA-256 of the week's canonical content (printed on every sheet).
    pub sha256: String,
    /// The fingerprint stored when the validated week was exported before this export.
    pub recorded_sha256: Option<String>,
    /// What differs from the content of that fingerprint (`- …` then, `+ …` now).
    pub changes: Vec<String>,
    /// The generation time the sheets carry.
    pub generated_at: DateTime<Utc>,
}

impl ExportedWeek {
    /// Whether the week's content still matches the fingerprint stored at its validated
    /// export (always true for a week without one).
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

/// A referent-week read from the database, before anything is written.
struct Gathered {
    record: WeekRecord,
    sheet: Timesheet,
    content: String,
}

/// Exports the timesheets `request` names in `format`.
///
/// Every sheet carries the fingerprint of its week's canonical content
/// ([`canonical_content`]). A validated week's first export stores that fingerprint and
/// its generation time with the week (see [`Session::record_week_export`]); later exports
/// reuse that time, so the CSV bytes and the XLSX/PDF content and metadata are the same.
/// A final (validated) sheet is refused, with nothing written, while the structure name or
/// the ESF operation code is blank.
pub fn export_timesheets(
    session: &mut Session,
    request: &TimesheetRequest,
    format: Format,
) -> Result<TimesheetExport, ExportError> {
    let recap_month = match (request.recap, request.period) {
        (false, _) => None,
        (true, Period::Month(month)) => Some(month),
        (true, Period::Week(_)) => return Err(DomainError::new("sheet.error.recap_month").into()),
    };
    let settings = session.settings()?;
    let gathered = gather(session, request, &settings)?;
    if gathered.iter().any(|g| g.sheet.is_validated()) {
        for (key, value) in [
            (SettingKey::StructureName, &settings.structure_name),
            (SettingKey::OperationCode, &settings.operation_code),
        ] {
            if value.trim().is_empty() {
                return Err(DomainError::new("sheet.error.blank_setting")
                    .arg("key", key.code())
                    .into());
            }
        }
    }
    let mut sheets: Vec<Timesheet> = Vec::new();
    let mut weeks: Vec<ExportedWeek> = Vec::new();
    for Gathered {
        record,
        mut sheet,
        content,
    } in gathered
    {
        let sha256 = sheet.lifecycle.fingerprint.clone();
        let changes = match (&record.export_sha256, &record.export_content) {
            (Some(recorded), Some(before)) if *recorded != sha256 => {
                content_changes(before, &content)
            }
            _ => Vec::new(),
        };
        let recorded_sha256 = record.export_sha256.clone();
        if sheet.is_validated() {
            let unchanged = record.export_sha256.as_deref() == Some(sha256.as_str());
            let stored = if unchanged && record.export_at.is_some() {
                record
            } else {
                let login = record.referent.clone();
                session.record_week_export(
                    &login,
                    sheet.week,
                    &sha256,
                    &content,
                    request.generated_at,
                )?
            };
            if stored.export_sha256.as_deref() == Some(sha256.as_str())
                && let Some(at) = stored.export_at
            {
                sheet.lifecycle.generated_at = at;
            }
        }
        weeks.push(ExportedWeek {
            referent: sheet.heading.referent_login.clone(),
            week: sheet.week,
            status: sheet.lifecycle.status,
            sha256,
            recorded_sha256,
            changes,
            generated_at: sheet.lifecycle.generated_at,
        });
        if let Period::Month(month) = request.period {
            sheet = sheet.clipped_to(month);
            // A week clipped to days with no time would print an empty page.
            if sheet.is_empty_clip() {
                continue;
            }
        }
        sheets.push(sheet);
    }
    if sheets.is_empty() {
        return Err(ExportError::Nothing {
            period: request.period.to_string(),
        });
    }
    session.log_export(
        ExportKind::Timesheet,
        sheets
            .iter()
            .flat_map(|s| s.entries.iter().filter_map(|e| e.participant.as_deref())),
    )?;
    let flavour = CsvFlavour::for_delimiter(request.delimiter);
    if let Some(month) = recap_month {
        let recaps = MonthRecap::from_sheets(month, &sheets);
        let files = match request.grouping {
            Grouping::Combined => {
                let referent = single_referent(&sheets);
                vec![ExportFile {
                    file_name: recap_name(referent.as_deref(), month, format),
                    referent,
                    bytes: render_recap(&recaps, format, flavour)?,
                }]
            }
            Grouping::PerReferent => recaps
                .iter()
                .map(|recap| {
                    let login = recap.heading.referent_login.clone();
                    Ok(ExportFile {
                        file_name: recap_name(Some(&login), month, format),
                        referent: Some(login),
                        bytes: render_recap(std::slice::from_ref(recap), format, flavour)?,
                    })
                })
                .collect::<Result<Vec<_>, ExportError>>()?,
        };
        return Ok(TimesheetExport { files, weeks });
    }
    let files = match request.grouping {
        Grouping::Combined => {
            let referent = single_referent(&sheets);
            let name = file_name(referent.as_deref(), request.period, format);
            vec![ExportFile {
                file_name: name,
                referent,
                bytes: render(&sheets, format, flavour)?,
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
                    bytes: render(chunk, format, flavour)?,
                });
            }
            files
        }
    };
    Ok(TimesheetExport { files, weeks })
}

/// Reads every referent-week of the request and builds its sheet, writing nothing.
fn gather(
    session: &Session,
    request: &TimesheetRequest,
    settings: &PlieSettings,
) -> Result<Vec<Gathered>, ExportError> {
    let known = session.activities_including_inactive()?;
    let active = session.activities()?;
    let users = session.users()?;
    let mut gathered = Vec::new();
    for (referent, week) in targets(session, request)? {
        let record = session.week(Some(&referent), week)?;
        let entries = session.week_entries(Some(&referent), week)?;
        if request.referents == Referents::All
            && entries.is_empty()
            && record.status == WeekStatus::Draft
        {
            continue;
        }
        let fte = users
            .iter()
            .find(|u| u.login == record.referent)
            .map_or(1.0, |u| u.fte);
        let activities = grid_activities(&active, &known, &entries);
        let heading = Heading {
            structure: settings.structure_name.clone(),
            operation_code: settings.operation_code.clone(),
            operation_name: settings.operation_name.clone(),
            referent_login: record.referent.clone(),
            referent_name: record.referent_name.clone(),
            line_manager: record.manager.clone(),
            contract_minutes: (f64::from(settings.weekly_hours) * 60.0 * fte).round() as u32,
        };
        let content = week_content(&record, week, &entries);
        let mut lifecycle = lifecycle(&record, settings, request.generated_at);
        lifecycle.fingerprint = sha256_hex(content.as_bytes());
        let sheet = Timesheet::new(heading, week, lifecycle, &entries, &activities);
        gathered.push(Gathered {
            record,
            sheet,
            content,
        });
    }
    Ok(gathered)
}

/// The canonical content of a referent's week: what its fingerprint covers.
fn week_content(record: &WeekRecord, week: IsoWeek, entries: &[TimeEntry]) -> String {
    let signed = |login: &Option<String>, at: &Option<DateTime<Utc>>| match (login, at) {
        (Some(login), Some(at)) => Some(SignedBy {
            login: login.clone(),
            at: crate::store::stamp(*at),
        }),
        _ => None,
    };
    canonical_content(
        &record.referent,
        week,
        record.status,
        signed(&record.submitted_by, &record.submitted_at).as_ref(),
        signed(&record.validated_login, &record.validated_at).as_ref(),
        entries,
    )
}

/// A week's fingerprint now, against the one stored at its validated export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeekCheck {
    /// The week's status.
    pub status: WeekStatus,
    /// SHA-256 of the week's canonical content now.
    pub sha256: String,
    /// The fingerprint stored at its validated export, if it was exported validated.
    pub recorded_sha256: Option<String>,
    /// When that export was generated (UTC).
    pub recorded_at: Option<DateTime<Utc>>,
    /// What differs from that export's content (`- …` then, `+ …` now).
    pub changes: Vec<String>,
}

impl WeekCheck {
    /// Whether the week still holds what its validated export printed (true when it was
    /// never exported validated: there is nothing to differ from).
    pub fn matches_record(&self) -> bool {
        self.recorded_sha256
            .as_deref()
            .is_none_or(|recorded| recorded == self.sha256)
    }
}

/// Computes the fingerprint of `referent`'s week (the actor's by default) and compares
/// it with the one stored at its validated export, writing nothing (`parcours week verify`).
pub fn verify_week(
    session: &Session,
    referent: Option<&str>,
    week: IsoWeek,
) -> Result<WeekCheck, ExportError> {
    let record = session.week(referent, week)?;
    let entries = session.week_entries(Some(&record.referent), week)?;
    let content = week_content(&record, week, &entries);
    let sha256 = sha256_hex(content.as_bytes());
    let changes = match (&record.export_sha256, &record.export_content) {
        (Some(recorded), Some(before)) if *recorded != sha256 => content_changes(before, &content),
        _ => Vec::new(),
    };
    Ok(WeekCheck {
        status: record.status,
        sha256,
        recorded_sha256: record.export_sha256,
        recorded_at: record.export_at,
        changes,
    })
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
    let local = |at: Option<DateTime<Utc>>| -> Option<NaiveDateTime> {
        at.map(|t| t.with_timezone(&settings.timezone).naive_local())
    };
    let zone = settings.timezone.name().to_owned();
    let submitted = local(record.submitted_at).map(|at| Signature {
        name: record.referent_name.clone(),
        at,
        zone: zone.clone(),
    });
    let validated = local(record.validated_at).map(|at| Signature {
        name: record.validated_by.clone().unwrap_or_default(),
        at,
        zone: zone.clone(),
    });
    Lifecycle {
        status: record.status,
        submitted,
        validated,
        generated_at: now.trunc_subsecs(0),
        fingerprint: String::new(),
    }
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

/// `recap-alice-2026-11.pdf`, `recap-2026-11.csv`…
fn recap_name(referent: Option<&str>, month: Month, format: Format) -> String {
    match referent {
        Some(login) => format!("recap-{login}-{month}.{}", format.extension()),
        None => format!("recap-{month}.{}", format.extension()),
    }
}

fn render_recap(
    recaps: &[MonthRecap],
    format: Format,
    csv: CsvFlavour,
) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Csv => recap::recap_csv(recaps, csv),
        Format::Xlsx => recap::recap_xlsx(recaps),
        Format::Pdf => recap::recap_pdf(recaps),
    }
}

fn render(sheets: &[Timesheet], format: Format, csv: CsvFlavour) -> Result<Vec<u8>, ExportError> {
    match format {
        Format::Csv => timesheet_csv(sheets, csv),
        Format::Xlsx => timesheet_xlsx(sheets),
        Format::Pdf => timesheet_pdf(sheets),
    }
}

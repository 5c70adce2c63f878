//! The weekly ESF timesheet as a pure value: who, which week, what time, and its totals.
//!
//! A [`Timesheet`] is what every export (CSV, XLSX, PDF) prints: the structure and the ESF
//! operation, the referent, one ISO week (possibly clipped to a calendar month), the time
//! entries with their activity resolved, the week's status and signatures. Totals are derived
//! from the entries, never stored, so they cannot disagree with them.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc};

use super::time::{Activity, ActivityKind, TimeEntry, WeekStatus};
use super::{DomainError, IsoWeek};

/// Who and what a timesheet is about: printed in its header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// The PLIE structure's name.
    pub structure: String,
    /// The ESF operation's number on the national platform.
    pub operation_code: String,
    /// The ESF operation's name.
    pub operation_name: String,
    /// The referent's login.
    pub referent_login: String,
    /// The referent's full name.
    pub referent_name: String,
    /// The referent's line manager, named in the countersignature box (blank: the
    /// coordinator who validated the week).
    pub line_manager: String,
    /// The referent's contract minutes for a whole week (PLIE weekly hours × FTE).
    pub contract_minutes: u32,
}

/// An electronic signature: who submitted or validated the week and when (the PLIE's local time).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Name of the person who signed.
    pub name: String,
    /// When they signed, in the PLIE's local time.
    pub at: NaiveDateTime,
    /// The time zone of `at` (`Europe/Paris`), printed with it.
    pub zone: String,
}

/// Where the week stands and when the sheet was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifecycle {
    /// The week's status.
    pub status: WeekStatus,
    /// The employee's signature: the submission of the week.
    pub submitted: Option<Signature>,
    /// The supervisor's countersignature: the validation of the week.
    pub validated: Option<Signature>,
    /// When the document was generated (reused for a validated week so re-exports match).
    pub generated_at: DateTime<Utc>,
    /// SHA-256 of the week's canonical content ([`canonical_content`]), printed on every
    /// sheet; empty until the exporter computes it.
    pub fingerprint: String,
}

/// An activity as a grid row: code, label in the sheet's language, kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetActivity {
    /// Activity code (`IND`).
    pub code: String,
    /// Label in the language of the sheet.
    pub label: String,
    /// On the operation, outside it, or an absence.
    pub kind: ActivityKind,
}

impl SheetActivity {
    /// Whether its time is declared on the ESF operation.
    pub fn esf(&self) -> bool {
        self.kind == ActivityKind::Operation
    }
}

/// One time entry as printed: its activity resolved, its participant by file number only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetEntry {
    /// Day worked.
    pub date: NaiveDate,
    /// Activity code.
    pub activity_code: String,
    /// Activity label in the language of the sheet.
    pub activity_label: String,
    /// The activity's kind.
    pub kind: ActivityKind,
    /// File number of the participant concerned (never a name).
    pub participant: Option<String>,
    /// Minutes spent.
    pub minutes: u32,
    /// Free note.
    pub note: String,
}

impl SheetEntry {
    /// Whether the entry's time is declared on the ESF operation.
    pub fn esf(&self) -> bool {
        self.kind == ActivityKind::Operation
    }
}

/// Time spent for one participant during the sheet's period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipantTime {
    /// The participant's file number.
    pub file_number: String,
    /// All minutes for them.
    pub minutes: u32,
    /// Minutes on ESF activities.
    pub esf_minutes: u32,
    /// How many entries.
    pub entries: usize,
}

/// A referent's weekly timesheet, possibly clipped to the days of a calendar month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timesheet {
    /// Structure, operation and referent.
    pub heading: Heading,
    /// The ISO week.
    pub week: IsoWeek,
    /// First day covered (the Monday, or the month's first day when clipped).
    pub first_day: NaiveDate,
    /// Last day covered (the Sunday, or the month's last day when clipped).
    pub last_day: NaiveDate,
    /// Grid rows, in the configured order, then any other activity the entries use.
    pub activities: Vec<SheetActivity>,
    /// Entries, by date then in the order they were made.
    pub entries: Vec<SheetEntry>,
    /// Status, signatures and generation time.
    pub lifecycle: Lifecycle,
}

impl Timesheet {
    /// Builds a week's timesheet from its stored entries and the activity list.
    ///
    /// Entries outside the week are ignored; an activity code not in `activities` (one
    /// deactivated since) gets a row labelled by its code and counted as worked outside the
    /// operation.
    pub fn new(
        heading: Heading,
        week: IsoWeek,
        lifecycle: Lifecycle,
        entries: &[TimeEntry],
        activities: &[Activity],
    ) -> Self {
        let mut rows: Vec<SheetActivity> = activities
            .iter()
            .map(|a| SheetActivity {
                code: a.code.clone(),
                label: a.label().to_owned(),
                kind: a.kind,
            })
            .collect();
        let mut sheet_entries = Vec::with_capacity(entries.len());
        for e in entries.iter().filter(|e| week.contains(e.date)) {
            if !rows.iter().any(|r| r.code == e.activity) {
                rows.push(SheetActivity {
                    code: e.activity.clone(),
                    label: e.activity.clone(),
                    kind: ActivityKind::Outside,
                });
            }
            let row = rows.iter().find(|r| r.code == e.activity);
            sheet_entries.push(SheetEntry {
                date: e.date,
                activity_code: e.activity.clone(),
                activity_label: row.map_or_else(|| e.activity.clone(), |r| r.label.clone()),
                kind: row.map_or(ActivityKind::Outside, |r| r.kind),
                participant: e.participant.clone(),
                minutes: e.minutes,
                note: e.note.clone(),
            });
        }
        Self {
            heading,
            week,
            first_day: week.monday(),
            last_day: week.sunday(),
            activities: rows,
            entries: sheet_entries,
            lifecycle,
        }
    }

    /// The same sheet keeping only the days of `month` (the weeks of a `--month` export).
    pub fn clipped_to(mut self, month: Month) -> Self {
        self.first_day = self.first_day.max(month.first_day());
        self.last_day = self.last_day.min(month.last_day());
        let (first, last) = (self.first_day, self.last_day);
        self.entries.retain(|e| e.date >= first && e.date <= last);
        self
    }

    /// The seven days of the week, Monday first.
    pub fn days(&self) -> [NaiveDate; 7] {
        self.week.days()
    }

    /// Whether a day of the week is covered by this sheet (false outside a clipped month).
    pub fn covers(&self, date: NaiveDate) -> bool {
        date >= self.first_day && date <= self.last_day
    }

    /// Whether the sheet is the whole ISO week (not clipped to a month).
    pub fn is_whole_week(&self) -> bool {
        self.first_day == self.week.monday() && self.last_day == self.week.sunday()
    }

    /// Whether the week is countersigned: anything else prints as a draft.
    pub fn is_validated(&self) -> bool {
        self.lifecycle.status == WeekStatus::Validated
    }

    /// Minutes per activity row (aligned with [`Timesheet::activities`]) and day (Monday first).
    pub fn grid(&self) -> Vec<[u32; 7]> {
        let monday = self.week.monday();
        let mut grid = vec![[0u32; 7]; self.activities.len()];
        for e in &self.entries {
            let day = (e.date - monday).num_days();
            let row = self
                .activities
                .iter()
                .position(|a| a.code == e.activity_code);
            if let (Some(row), Ok(day @ 0..=6)) = (row, usize::try_from(day)) {
                grid[row][day] += e.minutes;
            }
        }
        grid
    }

    /// Minutes per day, Monday first.
    pub fn day_totals(&self) -> [u32; 7] {
        let mut totals = [0u32; 7];
        for row in self.grid() {
            for (total, minutes) in totals.iter_mut().zip(row) {
                *total += minutes;
            }
        }
        totals
    }

    /// Minutes per activity row, aligned with [`Timesheet::activities`].
    pub fn activity_totals(&self) -> Vec<u32> {
        self.grid().iter().map(|row| row.iter().sum()).collect()
    }

    /// All minutes of the sheet.
    pub fn total_minutes(&self) -> u32 {
        self.entries.iter().map(|e| e.minutes).sum()
    }

    /// Minutes on activities of one kind.
    pub fn kind_minutes(&self, kind: ActivityKind) -> u32 {
        self.entries
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.minutes)
            .sum()
    }

    /// Minutes worked on the ESF operation.
    pub fn esf_minutes(&self) -> u32 {
        self.kind_minutes(ActivityKind::Operation)
    }

    /// Minutes worked outside the ESF operation.
    pub fn other_minutes(&self) -> u32 {
        self.kind_minutes(ActivityKind::Outside)
    }

    /// Minutes of absence (leave, sickness, public holiday…): not worked.
    pub fn absence_minutes(&self) -> u32 {
        self.kind_minutes(ActivityKind::Absence)
    }

    /// Minutes worked, on the operation or not (absences left out).
    pub fn worked_minutes(&self) -> u32 {
        self.total_minutes() - self.absence_minutes()
    }

    /// Contract minutes for the days the sheet covers: the weekly contract pro rata of the
    /// working days (Monday to Friday) covered, so a week clipped to a month shows its part.
    pub fn contract_minutes(&self) -> u32 {
        let covered = self
            .days()
            .iter()
            .take(5)
            .filter(|d| self.covers(**d))
            .count() as u32;
        self.heading.contract_minutes * covered / 5
    }

    /// The share of worked time on the ESF operation, 0 to 1 (0 when nothing is worked).
    pub fn esf_share(&self) -> f64 {
        share(self.esf_minutes(), self.worked_minutes())
    }

    /// Whether the sheet has nothing to show: clipped to days with no entry (a month
    /// export leaves such a sheet out rather than print an empty page).
    pub fn is_empty_clip(&self) -> bool {
        !self.is_whole_week() && self.entries.is_empty()
    }

    /// Time per participant, by file number.
    pub fn participants(&self) -> Vec<ParticipantTime> {
        let mut by_file: BTreeMap<&str, ParticipantTime> = BTreeMap::new();
        for e in &self.entries {
            let Some(file) = e.participant.as_deref() else {
                continue;
            };
            let p = by_file.entry(file).or_insert_with(|| ParticipantTime {
                file_number: file.to_owned(),
                minutes: 0,
                esf_minutes: 0,
                entries: 0,
            });
            p.minutes += e.minutes;
            if e.esf() {
                p.esf_minutes += e.minutes;
            }
            p.entries += 1;
        }
        by_file.into_values().collect()
    }
}

/// One activity of a monthly recap: its minutes in each week of the month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecapRow {
    /// Activity code.
    pub code: String,
    /// Label in the language of the recap.
    pub label: String,
    /// On the operation, outside it, or an absence.
    pub kind: ActivityKind,
    /// Minutes per week of the month (aligned with [`MonthRecap::weeks`]), days of the
    /// month only.
    pub per_week: Vec<u32>,
}

impl RecapRow {
    /// All minutes of the month on this activity.
    pub fn total(&self) -> u32 {
        self.per_week.iter().sum()
    }
}

/// A referent's month for the cost claim: hours per activity and per week, what was worked
/// on and outside the operation, absences, and the ESF share of hours worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthRecap {
    /// Structure, operation and referent.
    pub heading: Heading,
    /// The month.
    pub month: Month,
    /// The ISO weeks overlapping the month, in order.
    pub weeks: Vec<IsoWeek>,
    /// Each week's status (a week with no sheet is a draft).
    pub statuses: Vec<WeekStatus>,
    /// One row per activity used or configured, in the sheets' order.
    pub rows: Vec<RecapRow>,
}

impl MonthRecap {
    /// One recap per referent from the month's clipped sheets (sorted by referent, as an
    /// export gathers them).
    pub fn from_sheets(month: Month, sheets: &[Timesheet]) -> Vec<MonthRecap> {
        let weeks = month.weeks();
        sheets
            .chunk_by(|a, b| a.heading.referent_login == b.heading.referent_login)
            .map(|chunk| {
                let mut rows: Vec<RecapRow> = Vec::new();
                let mut statuses = vec![WeekStatus::Draft; weeks.len()];
                for sheet in chunk {
                    let Some(column) = weeks.iter().position(|w| *w == sheet.week) else {
                        continue;
                    };
                    statuses[column] = sheet.lifecycle.status;
                    for (activity, minutes) in sheet.activities.iter().zip(sheet.activity_totals())
                    {
                        let row = match rows.iter().position(|r| r.code == activity.code) {
                            Some(row) => row,
                            None => {
                                rows.push(RecapRow {
                                    code: activity.code.clone(),
                                    label: activity.label.clone(),
                                    kind: activity.kind,
                                    per_week: vec![0; weeks.len()],
                                });
                                rows.len() - 1
                            }
                        };
                        rows[row].per_week[column] += minutes;
                    }
                }
                MonthRecap {
                    heading: chunk[0].heading.clone(),
                    month,
                    weeks: weeks.clone(),
                    statuses,
                    rows,
                }
            })
            .collect()
    }

    /// Minutes per week, all activities.
    pub fn week_totals(&self) -> Vec<u32> {
        (0..self.weeks.len())
            .map(|w| self.rows.iter().map(|r| r.per_week[w]).sum())
            .collect()
    }

    /// Minutes of the month on activities of one kind.
    pub fn kind_minutes(&self, kind: ActivityKind) -> u32 {
        self.rows
            .iter()
            .filter(|r| r.kind == kind)
            .map(RecapRow::total)
            .sum()
    }

    /// Minutes worked, on the operation or not.
    pub fn worked_minutes(&self) -> u32 {
        self.kind_minutes(ActivityKind::Operation) + self.kind_minutes(ActivityKind::Outside)
    }

    /// All minutes of the month.
    pub fn total_minutes(&self) -> u32 {
        self.rows.iter().map(RecapRow::total).sum()
    }

    /// The share of hours worked on the ESF operation.
    pub fn esf_share(&self) -> f64 {
        share(
            self.kind_minutes(ActivityKind::Operation),
            self.worked_minutes(),
        )
    }

    /// Whether every week of the month is validated: only then is the recap final.
    pub fn is_validated(&self) -> bool {
        self.statuses.iter().all(|s| *s == WeekStatus::Validated)
    }
}

/// `part / whole`, 0 when `whole` is 0.
pub fn share(part: u32, whole: u32) -> f64 {
    match whole {
        0 => 0.0,
        whole => f64::from(part) / f64::from(whole),
    }
}

/// An electronic signature as the fingerprint sees it: who (login) and when (UTC, as stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedBy {
    /// Login of the signer.
    pub login: String,
    /// Stored UTC instant (`2026-11-23T17:05:00Z`).
    pub at: String,
}

/// A week's content as the fingerprint covers it: the referent, the week, its status and
/// signatures and its entries (date, activity code, minutes, participant file number, note).
///
/// One line per fact, entries sorted, text as JSON strings: nothing of the language, the
/// layout or the PLIE settings enters, so exporting in French or after renaming the
/// structure gives the same fingerprint, and two versions can be compared line by line.
pub fn canonical_content(
    referent_login: &str,
    week: IsoWeek,
    status: WeekStatus,
    submitted: Option<&SignedBy>,
    validated: Option<&SignedBy>,
    entries: &[TimeEntry],
) -> String {
    let quoted = |text: &str| serde_json::Value::from(text).to_string();
    let mut lines = vec![
        "parcours-week 1".to_owned(),
        format!("referent {}", quoted(referent_login)),
        format!("week {week}"),
        format!("status {}", status.code()),
    ];
    for (what, signature) in [("submitted", submitted), ("validated", validated)] {
        if let Some(s) = signature {
            lines.push(format!("{what} {} {}", quoted(&s.login), s.at));
        }
    }
    let mut rows: Vec<String> = entries
        .iter()
        .filter(|e| week.contains(e.date))
        .map(|e| {
            format!(
                "entry {} {} {} {} {}",
                e.date.format("%Y-%m-%d"),
                quoted(&e.activity),
                e.minutes,
                quoted(e.participant.as_deref().unwrap_or_default()),
                quoted(e.note.trim()),
            )
        })
        .collect();
    rows.sort();
    lines.extend(rows);
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// What differs between two canonical contents: `- line` for what the first had only,
/// `+ line` for what the second has only (a changed entry shows as both).
pub fn content_changes(before: &str, after: &str) -> Vec<String> {
    let (old, new): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
    let mut changes: Vec<String> = Vec::new();
    let mut remaining = new.clone();
    for line in &old {
        match remaining.iter().position(|l| l == line) {
            Some(i) => {
                remaining.remove(i);
            }
            None => changes.push(format!("- {line}")),
        }
    }
    let mut unmatched = old;
    for line in new {
        match unmatched.iter().position(|l| *l == line) {
            Some(i) => {
                unmatched.remove(i);
            }
            None => changes.push(format!("+ {line}")),
        }
    }
    changes
}

/// A calendar month (`2026-11`), the period of a `--month` export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Month {
    year: i32,
    month: u32,
}

impl Month {
    /// The month of the given year, if `month` is 1 to 12.
    pub fn new(year: i32, month: u32) -> Option<Self> {
        NaiveDate::from_ymd_opt(year, month, 1).map(|_| Self { year, month })
    }

    /// The month a date falls in.
    pub fn containing(date: NaiveDate) -> Self {
        Self {
            year: date.year(),
            month: date.month(),
        }
    }

    /// The month's first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
            .expect("a Month is only built for existing months")
    }

    /// The month's last day.
    pub fn last_day(self) -> NaiveDate {
        let next = if self.month == 12 {
            NaiveDate::from_ymd_opt(self.year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(self.year, self.month + 1, 1)
        };
        next.expect("the month after an existing month exists") - Duration::days(1)
    }

    /// The ISO weeks with at least one day in the month, in order.
    pub fn weeks(self) -> Vec<IsoWeek> {
        let last = IsoWeek::containing(self.last_day());
        let mut week = IsoWeek::containing(self.first_day());
        let mut weeks = vec![week];
        while week != last {
            week = week.next();
            weeks.push(week);
        }
        weeks
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = DomainError;

    /// Parses `YYYY-MM`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DomainError::new("sheet.error.month").arg("value", s);
        let (year, month) = s.trim().split_once('-').ok_or_else(bad)?;
        if year.len() != 4 || month.len() != 2 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let month: u32 = month.parse().map_err(|_| bad())?;
        Self::new(year, month).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::default_activities;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn entry(
        id: i64,
        date: NaiveDate,
        minutes: u32,
        activity: &str,
        file: Option<&str>,
    ) -> TimeEntry {
        TimeEntry {
            id,
            referent: "alice".into(),
            date,
            minutes,
            activity: activity.into(),
            participant: file.map(Into::into),
            appointment_id: None,
            note: String::new(),
            version: 1,
        }
    }

    fn sheet(entries: &[TimeEntry]) -> Timesheet {
        let week: IsoWeek = "2026-W48".parse().unwrap();
        Timesheet::new(
            Heading {
                structure: "PLIE Fictif".into(),
                operation_code: "202300001".into(),
                operation_name: "Accompagnement".into(),
                referent_login: "alice".into(),
                referent_name: "Alice Exemple".into(),
                line_manager: String::new(),
                contract_minutes: 35 * 60,
            },
            week,
            Lifecycle {
                status: WeekStatus::Draft,
                submitted: None,
                validated: None,
                generated_at: DateTime::UNIX_EPOCH,
                fingerprint: String::new(),
            },
            entries,
            &default_activities(),
        )
    }

    #[test]
    fn grid_and_totals() {
        // 2026-W48: Monday 23 November to Sunday 29 November.
        let s = sheet(&[
            entry(1, d(2026, 11, 23), 90, "IND", Some("P-2026-0001")),
            entry(2, d(2026, 11, 23), 30, "IND", Some("P-2026-0002")),
            entry(3, d(2026, 11, 24), 60, "OUT", None),
            entry(4, d(2026, 11, 29), 45, "FILE", Some("P-2026-0001")),
            entry(5, d(2026, 12, 1), 600, "IND", None),
        ]);
        assert_eq!(s.entries.len(), 4, "the entry of the next week is ignored");
        let grid = s.grid();
        assert_eq!(grid[0], [120, 0, 0, 0, 0, 0, 0]);
        assert_eq!(grid[2], [0, 0, 0, 0, 0, 0, 45]);
        assert_eq!(grid[7], [0, 60, 0, 0, 0, 0, 0]);
        assert_eq!(s.day_totals(), [120, 60, 0, 0, 0, 0, 45]);
        assert_eq!(s.activity_totals()[0], 120);
        assert_eq!(s.total_minutes(), 225);
        assert_eq!(s.esf_minutes(), 165);
        assert_eq!(s.other_minutes(), 60);
        assert!((s.esf_share() - 165.0 / 225.0).abs() < 1e-12);
        assert!(s.is_whole_week());
        assert!(!s.is_validated());
    }

    #[test]
    fn participants_by_file_number() {
        let s = sheet(&[
            entry(1, d(2026, 11, 23), 90, "IND", Some("P-2026-0002")),
            entry(2, d(2026, 11, 24), 30, "OUT", Some("P-2026-0002")),
            entry(3, d(2026, 11, 25), 60, "COL", Some("P-2026-0001")),
            entry(4, d(2026, 11, 25), 60, "ADM", None),
        ]);
        let p = s.participants();
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].file_number, "P-2026-0001");
        assert_eq!((p[1].minutes, p[1].esf_minutes, p[1].entries), (120, 90, 2));
    }

    #[test]
    fn unknown_activity_gets_its_own_non_esf_row() {
        let s = sheet(&[entry(1, d(2026, 11, 23), 30, "OLD", None)]);
        let last = s.activities.last().unwrap();
        assert_eq!(
            (last.code.as_str(), last.label.as_str(), last.kind),
            ("OLD", "OLD", ActivityKind::Outside)
        );
        assert_eq!(s.esf_minutes(), 0);
        assert_eq!(s.esf_share(), 0.0);
        assert_eq!(sheet(&[]).esf_share(), 0.0);
    }

    #[test]
    fn month_weeks_and_clipping() {
        let m: Month = "2026-12".parse().unwrap();
        assert_eq!(m.to_string(), "2026-12");
        assert_eq!(
            (m.first_day(), m.last_day()),
            (d(2026, 12, 1), d(2026, 12, 31))
        );
        let weeks: Vec<String> = m.weeks().iter().map(ToString::to_string).collect();
        assert_eq!(
            weeks,
            ["2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53"]
        );
        let feb: Month = "2027-02".parse().unwrap();
        assert_eq!(feb.last_day(), d(2027, 2, 28));
        assert_eq!(
            Month::containing(d(2026, 11, 30)),
            Month::new(2026, 11).unwrap()
        );

        // 2026-W48 runs from 23 November to 29 November; W49 straddles November and December.
        let w49: IsoWeek = "2026-W49".parse().unwrap();
        let mut s = sheet(&[]);
        s.week = w49;
        s.first_day = w49.monday();
        s.last_day = w49.sunday();
        s.entries = vec![
            SheetEntry {
                date: d(2026, 11, 30),
                activity_code: "IND".into(),
                activity_label: "Individual interview".into(),
                kind: ActivityKind::Operation,
                participant: None,
                minutes: 60,
                note: String::new(),
            },
            SheetEntry {
                date: d(2026, 12, 1),
                activity_code: "IND".into(),
                activity_label: "Individual interview".into(),
                kind: ActivityKind::Operation,
                participant: None,
                minutes: 30,
                note: String::new(),
            },
        ];
        let november = s.clone().clipped_to(Month::new(2026, 11).unwrap());
        assert_eq!(
            (november.first_day, november.last_day),
            (d(2026, 11, 30), d(2026, 11, 30))
        );
        assert_eq!(november.total_minutes(), 60);
        assert!(!november.is_whole_week());
        assert!(!november.covers(d(2026, 12, 1)));
        let december = s.clipped_to(m);
        assert_eq!(december.total_minutes(), 30);
        assert_eq!(december.day_totals(), [0, 30, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn absences_are_not_worked_time() {
        let mut acts = default_activities();
        acts.push(Activity {
            code: "ABS".into(),
            label_en: "Leave".into(),
            label_fr: "Congés".into(),
            kind: ActivityKind::Absence,
        });
        let week: IsoWeek = "2026-W48".parse().unwrap();
        let mut s = sheet(&[]);
        s = Timesheet::new(
            s.heading,
            week,
            s.lifecycle,
            &[
                entry(1, d(2026, 11, 23), 420, "ABS", None),
                entry(2, d(2026, 11, 24), 300, "IND", None),
                entry(3, d(2026, 11, 24), 100, "OUT", None),
            ],
            &acts,
        );
        assert_eq!(s.absence_minutes(), 420);
        assert_eq!(s.worked_minutes(), 400);
        assert_eq!((s.esf_minutes(), s.other_minutes()), (300, 100));
        assert!(
            (s.esf_share() - 0.75).abs() < 1e-12,
            "over hours worked only"
        );
        assert_eq!(s.contract_minutes(), 35 * 60);
        let clipped = s.clone().clipped_to(Month::new(2026, 11).unwrap());
        assert_eq!(
            clipped.contract_minutes(),
            35 * 60,
            "W48 lies within November"
        );
        assert!(!clipped.is_empty_clip());
    }

    #[test]
    fn canonical_content_ignores_order_and_names_changes() {
        let week: IsoWeek = "2026-W48".parse().unwrap();
        let a = entry(1, d(2026, 11, 23), 90, "IND", Some("P-2026-0001"));
        let b = entry(2, d(2026, 11, 24), 30, "OUT", None);
        let signed = SignedBy {
            login: "coord".into(),
            at: "2026-11-27T16:00:00Z".into(),
        };
        let content = |entries: &[TimeEntry]| {
            canonical_content(
                "alice",
                week,
                WeekStatus::Validated,
                None,
                Some(&signed),
                entries,
            )
        };
        let first = content(&[a.clone(), b.clone()]);
        assert_eq!(first, content(&[b.clone(), a.clone()]));
        assert!(first.contains("validated \"coord\" 2026-11-27T16:00:00Z"));
        let mut changed = b.clone();
        changed.minutes = 45;
        let second = content(&[a, changed]);
        assert_eq!(
            content_changes(&first, &second),
            [
                "- entry 2026-11-24 \"OUT\" 30 \"\" \"\"",
                "+ entry 2026-11-24 \"OUT\" 45 \"\" \"\""
            ]
        );
        assert!(content_changes(&first, &first).is_empty());
    }

    #[test]
    fn a_month_recap_sums_weeks_per_activity() {
        let november = Month::new(2026, 11).unwrap();
        let w48 = sheet(&[
            entry(1, d(2026, 11, 23), 90, "IND", None),
            entry(2, d(2026, 11, 24), 60, "OUT", None),
        ]);
        let mut w49 = sheet(&[]);
        w49.week = "2026-W49".parse().unwrap();
        w49.first_day = w49.week.monday();
        w49.last_day = w49.week.sunday();
        w49.entries = vec![SheetEntry {
            date: d(2026, 11, 30),
            activity_code: "IND".into(),
            activity_label: "Individual interview".into(),
            kind: ActivityKind::Operation,
            participant: None,
            minutes: 30,
            note: String::new(),
        }];
        let w49 = w49.clipped_to(november);
        let recaps = MonthRecap::from_sheets(november, &[w48, w49]);
        assert_eq!(recaps.len(), 1);
        let recap = &recaps[0];
        assert_eq!(recap.weeks.len(), 6, "W44 to W49");
        let ind = recap.rows.iter().find(|r| r.code == "IND").unwrap();
        assert_eq!(ind.per_week, [0, 0, 0, 0, 90, 30]);
        assert_eq!(recap.week_totals(), [0, 0, 0, 0, 150, 30]);
        assert_eq!((recap.worked_minutes(), recap.total_minutes()), (180, 180));
        assert!((recap.esf_share() - 120.0 / 180.0).abs() < 1e-12);
        assert!(!recap.is_validated());
    }

    #[test]
    fn month_parsing_refuses_nonsense() {
        for bad in ["2026-13", "2026-00", "2026-1", "26-11", "2026/11", "x"] {
            assert!(bad.parse::<Month>().is_err(), "{bad} should be refused");
        }
    }
}

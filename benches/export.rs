//! Timesheet exports on the large demo database (2,000 participants, 7 years): one
//! referent-week, and a calendar month for 30 referents, in CSV, XLSX and PDF.
//!
//! The demo gives 2,000 participants 29 referents; the 30th (`bench30`) is added through
//! the store as the coordinator, and its month is filled by copying the time entries of
//! the demo referent `demo` for the same weeks through `Session::add_time_entry` (without
//! the participants, who are not in the new referent's caseload).
//!
//! `cargo bench --bench export`; `PARCOURS_BENCH_DB=PATH` reuses a generated database.

mod support;

use chrono::{TimeZone, Utc};
use divan::Bencher;

use parcours::domain::IsoWeek;
use parcours::domain::time::NewTimeEntry;
use parcours::domain::timesheet::Month;
use parcours::domain::user::Role;
use parcours::export::{Format, Period, Referents, TimesheetRequest, export_timesheets};
use parcours::i18n::{Lang, set_language};
use parcours::store::Session;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The benchmark database, set once by `main` before the benchmarks run.
static DB: OnceLock<PathBuf> = OnceLock::new();

/// How many referents the month export covers (issue 5).
const REFERENTS: usize = 30;

/// The formats, by name.
const FORMATS: [&str; 3] = ["csv", "xlsx", "pdf"];

/// The last whole week before the pinned today (2026-11-23, a Monday).
fn last_week() -> IsoWeek {
    IsoWeek::new(2026, 47).expect("a valid week")
}

/// The whole month before the pinned today.
fn month() -> Month {
    Month::new(2026, 10).expect("a valid month")
}

fn main() {
    set_language(Lang::En);
    let db = support::big_db();
    add_referents(db.path());
    DB.get_or_init(|| db.path().to_owned());
    divan::main();
    drop(db);
}

fn session(path: &Path, login: &str) -> Session {
    parcours::store::Database::open(path)
        .and_then(|db| db.session(login, support::today()))
        .expect("session")
}

/// Adds referents until there are [`REFERENTS`], each with `demo`'s time of [`month`].
fn add_referents(path: &Path) {
    let mut coordinator = session(path, "coord");
    let referents = coordinator
        .users()
        .expect("users")
        .iter()
        .filter(|u| u.active && u.role == Role::Referent)
        .count();
    for n in referents + 1..=REFERENTS {
        let login = format!("bench{n}");
        coordinator
            .add_user(&login, &format!("Bench Referent {n}"), Role::Referent, 1.0)
            .expect("add a referent");
        let mut referent = session(path, &login);
        for week in month().weeks() {
            for entry in coordinator
                .week_entries(Some("demo"), week)
                .expect("entries")
            {
                let copy = NewTimeEntry {
                    date: entry.date,
                    minutes: entry.minutes,
                    activity: entry.activity,
                    participant: None,
                    appointment_id: None,
                    note: entry.note,
                };
                referent.add_time_entry(&copy).expect("copy an entry");
            }
        }
    }
}

fn format(name: &str) -> Format {
    match name {
        "csv" => Format::Csv,
        "xlsx" => Format::Xlsx,
        _ => Format::Pdf,
    }
}

fn request(period: Period, referents: Referents) -> TimesheetRequest {
    let generated_at = Utc
        .with_ymd_and_hms(2026, 11, 23, 17, 0, 0)
        .single()
        .expect("a valid time");
    TimesheetRequest {
        referents,
        ..TimesheetRequest::new(period, generated_at)
    }
}

/// The referent `demo`'s week 2026-W47, read from the database and written out.
#[divan::bench(args = FORMATS)]
fn referent_week(bencher: Bencher, name: &str) {
    let path = DB.get().expect("main sets the database");
    let mut session = session(path, "demo");
    let request = request(Period::Week(last_week()), Referents::Actor);
    bencher
        .bench_local(|| export_timesheets(&mut session, &request, format(name)).expect("export"));
}

/// Every referent's weeks overlapping 2026-10, clipped to it, in one file (a sheet or
/// page per referent-week), as the coordinator.
#[divan::bench(args = FORMATS, sample_count = 10)]
fn month_30_referents(bencher: Bencher, name: &str) {
    let path = DB.get().expect("main sets the database");
    let mut session = session(path, "coord");
    let request = request(Period::Month(month()), Referents::All);
    let first = export_timesheets(&mut session, &request, format(name)).expect("export");
    let mut referents: Vec<&str> = first.weeks.iter().map(|w| w.referent.as_str()).collect();
    referents.dedup();
    assert_eq!(referents.len(), REFERENTS, "referents in the month export");
    bencher
        .bench_local(|| export_timesheets(&mut session, &request, format(name)).expect("export"));
}

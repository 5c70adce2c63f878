//! The time entry screen (`3`) on the demo PLIE, in an in-memory terminal:
//! snapshots at 80×24 and 120×40, durations typed into cells and checked as
//! rows of the real SQLite file, proposals from the agenda never made twice,
//! a submitted week that refuses every change, and the coordinator's
//! overview with validation.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcours::config::Config;
use parcours::demo::{DemoOptions, generate};
use parcours::domain::IsoWeek;
use parcours::domain::time::{TimeEntry, WeekStatus};
use parcours::i18n::{Lang, set_language};
use parcours::store::{Database, Session};
use parcours::tui::time::Message;
use parcours::tui::{App, Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

const UNICODE: Theme = Theme {
    colour: true,
    ascii: false,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// The standard demo built around `today`, in a new file.
fn demo(today: NaiveDate) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("demo.db");
    let mut db = Database::open(&path).unwrap();
    generate(&mut db, &DemoOptions::standard(today)).unwrap();
    (dir, path)
}

fn session(path: &Path, login: &str, today: NaiveDate) -> Session {
    Database::open(path).unwrap().session(login, today).unwrap()
}

fn app(path: &Path, login: &str, today: NaiveDate) -> App {
    set_language(Lang::En);
    App::new(session(path, login, today), &Config::default())
        .unwrap()
        .with_theme(UNICODE)
}

/// The entries of `login`'s week as stored, read through a fresh connection.
fn stored(path: &Path, login: &str, week: IsoWeek) -> Vec<TimeEntry> {
    session(path, login, week.monday())
        .week_entries(None, week)
        .unwrap()
}

fn press(app: &mut App, code: KeyCode) -> bool {
    app.key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn keys(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| render(app, frame)).unwrap();
    terminal
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    buffer
        .content
        .chunks(width)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn message(app: &App) -> String {
    match app.time().message() {
        Some(Message::Info(m) | Message::Warning(m) | Message::Error(m)) => m.clone(),
        None => String::new(),
    }
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn w48() -> IsoWeek {
    IsoWeek::containing(today())
}

#[test]
fn last_week_at_80x24_and_120x40() {
    let (_dir, path) = demo(today());
    let mut app = app(&path, "demo", today());
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('['));
    app.update(parcours::tui::Input::Resize(80, 24));
    insta::assert_snapshot!("time_last_week_80x24", draw(&app, 80, 24).backend());
    app.update(parcours::tui::Input::Resize(120, 40));
    insta::assert_snapshot!("time_last_week_120x40", draw(&app, 120, 40).backend());
}

#[test]
fn this_week_typed_at_80x24() {
    let (_dir, path) = demo(today());
    let mut app = app(&path, "demo", today());
    app.update(parcours::tui::Input::Resize(80, 24));
    press(&mut app, KeyCode::Char('3'));
    let empty = screen_text(&draw(&app, 80, 24));
    assert!(
        empty.contains("2026-W48") && empty.contains("Status: draft"),
        "{empty}"
    );
    assert!(empty.contains("No time this week"), "{empty}");
    keys(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "3h30");
    press(&mut app, KeyCode::Tab);
    keys(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "nadm");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "45m");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("time_this_week_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn typed_durations_become_rows_in_the_database() {
    let (_dir, path) = demo(today());
    let mut app = app(&path, "demo", today());
    press(&mut app, KeyCode::Char('3'));
    keys(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    // The row opens on today, Monday: four spellings of 90 minutes across the week.
    for (i, text) in ["1h30", "1:30", "90m", "1.5"].iter().enumerate() {
        keys(&mut app, text);
        press(&mut app, if i < 3 { KeyCode::Tab } else { KeyCode::Enter });
    }
    let entries = stored(&path, "demo", w48());
    let days: Vec<(NaiveDate, u32, &str)> = entries
        .iter()
        .map(|e| (e.date, e.minutes, e.activity.as_str()))
        .collect();
    assert_eq!(
        days,
        [
            (d(2026, 11, 23), 90, "FILE"),
            (d(2026, 11, 24), 90, "FILE"),
            (d(2026, 11, 25), 90, "FILE"),
            (d(2026, 11, 26), 90, "FILE"),
        ]
    );
    assert!(message(&app).contains("Thu 26 1:30"), "{}", message(&app));

    // Typing over a cell that holds one entry changes that entry.
    press(&mut app, KeyCode::Home);
    keys(&mut app, "2h");
    press(&mut app, KeyCode::Enter);
    let after = stored(&path, "demo", w48());
    assert_eq!(after.len(), 4);
    assert_eq!(
        (after[0].id, after[0].minutes, after[0].version),
        (entries[0].id, 120, 2)
    );

    // A note on the cell's entry.
    keys(&mut app, "e");
    keys(&mut app, "Rapport, fictif");
    press(&mut app, KeyCode::Enter);
    assert_eq!(stored(&path, "demo", w48())[0].note, "Rapport, fictif");

    // Delete clears the cell.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Delete);
    let left: Vec<NaiveDate> = stored(&path, "demo", w48())
        .iter()
        .map(|e| e.date)
        .collect();
    assert_eq!(left, [d(2026, 11, 23), d(2026, 11, 25), d(2026, 11, 26)]);

    // A bad duration is refused and nothing is written.
    press(&mut app, KeyCode::Right);
    keys(&mut app, "1h75");
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).contains("invalid duration"),
        "{}",
        message(&app)
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(stored(&path, "demo", w48())[1].minutes, 90);
}

#[test]
fn rules_are_refused_with_a_message() {
    let (_dir, path) = demo(today());
    let mut app = app(&path, "demo", today());
    press(&mut app, KeyCode::Char('3'));
    keys(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "20");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "nout");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "5h");
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).contains("more than 24 hours"),
        "{}",
        message(&app)
    );
    assert_eq!(stored(&path, "demo", w48()).len(), 1);
    press(&mut app, KeyCode::Esc);

    // 20 h on Monday then 16 h on Tuesday: above the 35 h contract, a warning.
    press(&mut app, KeyCode::Right);
    keys(&mut app, "16");
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).contains("above the contract"),
        "{}",
        message(&app)
    );
    assert_eq!(stored(&path, "demo", w48()).len(), 2);

    keys(&mut app, "nzzz");
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).contains("Unknown activity or participant"),
        "{}",
        message(&app)
    );
    press(&mut app, KeyCode::Esc);

    // A file number of another referent's caseload is not offered, and refused.
    let theirs = session(&path, "coord", today())
        .caseload(None)
        .unwrap()
        .into_iter()
        .find(|r| r.referent.as_deref() != Some("demo"))
        .unwrap()
        .file_number;
    keys(&mut app, "n");
    keys(&mut app, &theirs);
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).contains("not in your caseload"),
        "{}",
        message(&app)
    );
    assert_eq!(stored(&path, "demo", w48()).len(), 2);
}

#[test]
fn attended_appointments_are_proposed_once() {
    // On Friday 27 November the demo's Monday to Thursday appointments took place.
    let friday = d(2026, 11, 27);
    let (_dir, path) = demo(friday);
    let mut referent = session(&path, "demo", friday);
    for e in referent.week_entries(None, w48()).unwrap() {
        referent.delete_time_entry(e.id, e.version).unwrap();
    }
    drop(referent);
    let mut app = app(&path, "demo", friday);
    press(&mut app, KeyCode::Char('3'));
    keys(&mut app, "g");
    let proposed = app.time().proposals().len();
    assert!(proposed >= 5, "{proposed} proposals");
    keys(&mut app, "g");
    assert_eq!(
        app.time().proposals().len(),
        proposed,
        "no appointment proposed twice"
    );
    // Drop one, accept the others.
    keys(&mut app, "na");
    assert!(app.time().proposals().is_empty());
    let entries = stored(&path, "demo", w48());
    assert_eq!(entries.len(), proposed - 1);
    assert!(entries.iter().all(|e| e.appointment_id.is_some()));
    let mut ids: Vec<i64> = entries.iter().filter_map(|e| e.appointment_id).collect();
    ids.dedup();
    assert_eq!(ids.len(), entries.len());
    // The dropped one is proposed again, the accepted ones never.
    keys(&mut app, "g");
    assert_eq!(app.time().proposals().len(), 1);
    keys(&mut app, "y");
    keys(&mut app, "g");
    assert!(app.time().proposals().is_empty());
    assert!(
        message(&app).contains("No attended appointment"),
        "{}",
        message(&app)
    );
    let entries = stored(&path, "demo", w48());
    assert_eq!(entries.len(), proposed);
    let mut ids: Vec<i64> = entries.iter().filter_map(|e| e.appointment_id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), proposed);
}

#[test]
fn copy_proposes_last_weeks_rows_without_participants() {
    let (_dir, path) = demo(today());
    let mut app = app(&path, "demo", today());
    press(&mut app, KeyCode::Char('3'));
    keys(&mut app, "c");
    let proposals = app.time().proposals().to_vec();
    assert!(!proposals.is_empty());
    assert!(proposals.iter().all(|p| p.entry.participant.is_none()));
    assert!(proposals.iter().all(|p| w48().contains(p.entry.date)));
    press(&mut app, KeyCode::Esc);
    assert!(
        stored(&path, "demo", w48()).is_empty(),
        "dropped proposals write nothing"
    );
}

#[test]
fn a_submitted_week_refuses_every_change() {
    let (_dir, path) = demo(today());
    let last = w48().previous();
    assert_eq!(
        session(&path, "demo", today())
            .week(None, last)
            .unwrap()
            .status,
        WeekStatus::Submitted
    );
    let before = stored(&path, "demo", last);
    let mut app = app(&path, "demo", today());
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('['));
    assert!(!app.time().editable());
    // The selected cell (Monday of the first row) is emptied, changed, given a row.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Delete);
    assert!(message(&app).contains("submitted"), "{}", message(&app));
    keys(&mut app, "n");
    assert!(
        message(&app).contains("no longer change"),
        "{}",
        message(&app)
    );
    keys(&mut app, "e");
    keys(&mut app, "g");
    keys(&mut app, "c");
    keys(&mut app, "s");
    assert!(
        message(&app).contains("cannot be submitted again"),
        "{}",
        message(&app)
    );
    assert_eq!(stored(&path, "demo", last), before, "rows unchanged");
    let screen = screen_text(&draw(&app, 80, 24));
    assert!(screen.contains("Status: submitted (read only)"), "{screen}");
}

#[test]
fn submit_then_coordinator_validates() {
    let (_dir, path) = demo(today());
    let mut app = app(&path, "demo", today());
    press(&mut app, KeyCode::Char('3'));
    keys(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "7");
    press(&mut app, KeyCode::Enter);
    keys(&mut app, "s");
    assert!(screen_text(&draw(&app, 80, 24)).contains("Submit week 2026-W48 (7:00)?"));
    keys(&mut app, "y");
    assert!(message(&app).contains("submitted"), "{}", message(&app));
    keys(&mut app, "5");
    assert_eq!(stored(&path, "demo", w48())[0].minutes, 420);
    drop(app);

    let mut coord = self::app(&path, "coord", today());
    coord.update(parcours::tui::Input::Resize(80, 24));
    press(&mut coord, KeyCode::Char('3'));
    insta::assert_snapshot!("time_overview_80x24", draw(&coord, 80, 24).backend());
    let row = coord
        .time()
        .overview()
        .iter()
        .position(|l| l.record.referent == "demo")
        .unwrap();
    for _ in 0..row {
        press(&mut coord, KeyCode::Down);
    }
    press(&mut coord, KeyCode::Enter);
    assert_eq!(coord.time().referent(), Some("demo"));
    assert!(!coord.time().editable());
    keys(&mut coord, "v");
    keys(&mut coord, "y");
    assert!(message(&coord).contains("validated"), "{}", message(&coord));
    assert_eq!(
        session(&path, "demo", today())
            .week(None, w48())
            .unwrap()
            .status,
        WeekStatus::Validated
    );
    press(&mut coord, KeyCode::Esc);
    assert!(coord.time().shows_overview());
}

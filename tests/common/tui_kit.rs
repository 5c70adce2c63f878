//! The shared test kit of the library-level tests: a pinned today, sessions
//! on a SQLite file, the demo PLIE generated once per test binary, and the
//! interface driven by keys and drawn into an in-memory terminal.
//!
//! Included by each test binary with
//! `#[path = "common/tui_kit.rs"] mod kit;`, like `cli_support.rs` and
//! `pty.rs`. The interface's language is a process-wide setting and the tests
//! of one binary run on parallel threads, so a binary renders one language
//! only: every English binary starts its apps with [`app`] (English), and the
//! French screens live in their own binary (`tests/tui_french.rs`), which
//! starts every app with [`app_in`]`(Lang::Fr, …)`.

#![allow(dead_code)] // Each test binary that includes this uses a different part of it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{Days, NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcours::config::Config;
use parcours::demo::{DemoOptions, generate};
use parcours::domain::lifecycle::Event;
use parcours::domain::participant::{CommissionDecision, Participant, Status};
use parcours::i18n::{Lang, set_language};
use parcours::store::{Database, Session};
use parcours::tui::{App, Input, Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rusqlite::Connection;
use tempfile::TempDir;

/// Today in every test: Monday 23 November 2026 (ISO week 2026-W48).
pub const TODAY: &str = "2026-11-23";

/// Colours and Unicode borders: the look of the snapshots.
pub const UNICODE: Theme = Theme {
    colour: true,
    ascii: false,
};

/// No colours, Unicode borders: for tests that read only the text.
pub const PLAIN: Theme = Theme {
    colour: false,
    ascii: false,
};

/// A calendar date that exists.
pub fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("a real date")
}

/// The pinned today, [`TODAY`].
pub fn today() -> NaiveDate {
    d(2026, 11, 23)
}

/// A session of `login` on the database at `path`, today being [`today`].
pub fn session(path: &Path, login: &str) -> Session {
    session_on(path, login, today())
}

/// A session of `login` on the database at `path`, today being `today`.
pub fn session_on(path: &Path, login: &str, today: NaiveDate) -> Session {
    Database::open(path).unwrap().session(login, today).unwrap()
}

/// The single integer `sql` returns, read through a fresh connection.
pub fn count(path: &Path, sql: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// Brings file `file` into the pathway as its events would: the entry file two weeks
/// before `contract`, the commission's acceptance a week before, the contract on it.
pub fn enter(session: &mut Session, file: &str, contract: NaiveDate) -> Participant {
    let events = [
        Event::entry_file(contract - Days::new(14)),
        Event::commission(contract - Days::new(7), CommissionDecision::Accepted),
        Event::contract(contract),
    ];
    let mut p = session.participant(file).unwrap();
    for event in &events {
        p = session.record_event(file, p.version, event).unwrap();
    }
    p
}

/// Records `event` in file `file`, read as it is now.
pub fn record(session: &mut Session, file: &str, event: &Event) -> Participant {
    let version = session.participant(file).unwrap().version;
    session.record_event(file, version, event).unwrap()
}

/// The number of rows of `table`, read through a fresh connection.
pub fn rows_in(path: &Path, table: &str) -> i64 {
    count(path, &format!("SELECT COUNT(*) FROM {table}"))
}

/// A database at `dir/file.db` with the coordinator `coord`, the referents `demo` and
/// `autre`, and one fictional participant of `demo`'s, active since the engagement contract
/// of 2026-02-01; returns its path and the participant's file number.
pub fn one_file_database(dir: &Path) -> (PathBuf, String) {
    use parcours::domain::participant::NewParticipant;
    use parcours::domain::user::Role;
    let path = dir.join("file.db");
    let mut db = Database::open(&path).unwrap();
    db.init("coord", "Alex Coordination").unwrap();
    let mut coord = db.session("coord", today()).unwrap();
    coord
        .add_user("demo", "Camille Exemple", Role::Referent, 1.0)
        .unwrap();
    coord
        .add_user("autre", "Dominique Autre", Role::Referent, 1.0)
        .unwrap();
    let new = NewParticipant {
        last_name: "Zorglub".into(),
        first_name: "Test".into(),
        birth_date: Some(d(1990, 5, 17)),
        oriented_on: Some(d(2026, 1, 5)),
        ..Default::default()
    };
    let p = coord.add_participant(&new, Some("demo")).unwrap();
    let p = enter(&mut coord, &p.file_number, d(2026, 2, 1));
    (path, p.file_number)
}

/// The standard demo PLIE around [`today`], generated once per test binary
/// into a directory kept for the binary's life; copy it before changing it.
pub fn demo_template() -> &'static Path {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let path = dir.join("demo.db");
        let mut db = Database::open(&path).unwrap();
        generate(&mut db, &DemoOptions::standard(today())).unwrap();
        path
    })
}

/// A file of `demo`'s caseload in [`demo_template`] with something in every
/// section of the participant file (three contacts, two steps, a barrier, a
/// milestone, coming and past appointments), found once per test binary.
pub fn demo_rich_file() -> &'static str {
    static FILE: OnceLock<String> = OnceLock::new();
    FILE.get_or_init(|| {
        // The start of today in Paris, the demo's time zone.
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 23, 0, 0).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let session = session(&demo_copy(dir.path()), "demo");
        session
            .caseload(None)
            .unwrap()
            .into_iter()
            .filter(|row| row.status == Status::Active)
            .map(|row| row.file_number.to_string())
            .find(|f| {
                session.contacts(f).unwrap().len() >= 3
                    && session.steps(f).unwrap().len() >= 2
                    && !session.barriers(f).unwrap().is_empty()
                    && !session.milestones(f).unwrap().is_empty()
                    && {
                        let appointments = session.participant_appointments(f).unwrap();
                        let coming = appointments.iter().filter(|a| a.starts_at > now).count();
                        coming > 0 && appointments.len() > coming + 1
                    }
            })
            .expect("a demo file with every section filled")
    })
}

/// A private copy of [`demo_template`] in `dir`; returns its path.
pub fn demo_copy(dir: &Path) -> PathBuf {
    let path = dir.join("demo.db");
    std::fs::copy(demo_template(), &path).unwrap();
    path
}

/// The standard demo PLIE built around `today`, in a new temporary directory.
pub fn demo_at(today: NaiveDate) -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("demo.db");
    let mut db = Database::open(&path).unwrap();
    generate(&mut db, &DemoOptions::standard(today)).unwrap();
    (dir, path)
}

/// The interface in English over `session`, with the [`UNICODE`] theme.
pub fn app(session: Session, config: &Config) -> App {
    app_in(Lang::En, session, config)
}

/// The interface in `lang` over `session`, with the [`UNICODE`] theme.
pub fn app_in(lang: Lang, session: Session, config: &Config) -> App {
    set_language(lang);
    App::new(session, config).unwrap().with_theme(UNICODE)
}

/// `app` told that its terminal is `width` × `height`.
pub fn sized(mut app: App, width: u16, height: u16) -> App {
    app.update(Input::Resize(width, height));
    app
}

/// The interface in English as `login` on the database at `path`, told it is
/// `width` × `height`.
pub fn start(path: &Path, login: &str, width: u16, height: u16) -> App {
    sized(app(session(path, login), &Config::default()), width, height)
}

/// Sends `code` without modifiers; whether the app changed.
pub fn press(app: &mut App, code: KeyCode) -> bool {
    app.key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// Sends Ctrl+`c`; whether the app changed.
pub fn ctrl(app: &mut App, c: char) -> bool {
    app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Types `text` one character key at a time.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// `app` drawn into a new in-memory terminal of `width` × `height`.
pub fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| render(app, frame)).unwrap();
    terminal
}

/// `app` told its new size first, as the event loop does, then drawn.
pub fn draw_resized(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.update(Input::Resize(width, height));
    draw(app, width, height)
}

/// The text of `terminal`, one line per row, without styles.
pub fn text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(usize::from(buffer.area.width))
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text of `app` drawn at `width` × `height`.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    text(&draw(app, width, height))
}

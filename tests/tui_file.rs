//! The caseload and the participant file drawn into an in-memory terminal, on
//! the demo PLIE (today pinned to 2026-11-23): snapshots of the caseload and
//! of each section of a file at 80×24 and 120×40, and the forms driven by
//! keys — saving, refusing bad input, warning of a duplicate, asking before
//! losing typed text, and a conflict with another session that is reloaded
//! without losing the user's input.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use parcours::config::Config;
use parcours::demo::{DemoOptions, generate};
use parcours::domain::participant::Status;
use parcours::i18n::{Lang, set_language};
use parcours::store::{Database, Session};
use parcours::tui::file::Pane;
use parcours::tui::file::section::Section;
use parcours::tui::{App, Input, Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use rusqlite::Connection;

const UNICODE: Theme = Theme {
    colour: true,
    ascii: false,
};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// The standard demo database, generated once, and a file of `demo`'s
/// caseload that has something in every section.
fn template() -> &'static (PathBuf, String) {
    static TEMPLATE: OnceLock<(PathBuf, String)> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let path = dir.join("demo.db");
        let mut db = Database::open(&path).unwrap();
        generate(&mut db, &DemoOptions::standard(today())).unwrap();
        let session = db.session("demo", today()).unwrap();
        let file = session
            .caseload(None)
            .unwrap()
            .into_iter()
            .filter(|row| row.status == Status::Active)
            .map(|row| row.file_number)
            .find(|f| {
                session.contacts(f).unwrap().len() >= 3
                    && session.steps(f).unwrap().len() >= 2
                    && !session.barriers(f).unwrap().is_empty()
                    && !session.milestones(f).unwrap().is_empty()
            })
            .expect("a demo file with every section filled");
        (path, file)
    })
}

/// A private copy of the demo database in `dir`; returns its path and the rich file's number.
fn database(dir: &Path) -> (PathBuf, String) {
    let (template, file) = template();
    let path = dir.join("demo.db");
    std::fs::copy(template, &path).unwrap();
    (path, file.clone())
}

fn session(path: &Path, login: &str) -> Session {
    Database::open(path)
        .unwrap()
        .session(login, today())
        .unwrap()
}

fn app(path: &Path, width: u16, height: u16) -> App {
    set_language(Lang::En);
    let mut app = App::new(session(path, "demo"), &Config::default())
        .unwrap()
        .with_theme(UNICODE);
    app.update(Input::Resize(width, height));
    app
}

fn draw(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| render(app, frame)).unwrap();
    terminal
}

fn screen(app: &App, width: u16, height: u16) -> String {
    let terminal = draw(app, width, height);
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .chunks(usize::from(buffer.area.width))
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn press(app: &mut App, code: KeyCode) -> bool {
    app.key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(app: &mut App, c: char) -> bool {
    app.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        press(app, KeyCode::Char(c));
    }
}

/// Filters the caseload on `file` and opens it.
fn open(app: &mut App, file: &str) {
    press(app, KeyCode::Char('/'));
    type_text(app, file);
    press(app, KeyCode::Enter);
    assert!(press(app, KeyCode::Enter), "Enter opens the file");
    assert!(matches!(app.file_pane(), Some(Pane::File(_))));
}

fn view(app: &App) -> &parcours::tui::file::FileView {
    match app.file_pane() {
        Some(Pane::File(view)) => view,
        other => panic!("no file open: {other:?}"),
    }
}

fn count(path: &Path, sql: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

#[test]
fn caseload_snapshots_on_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = database(dir.path());
    for (width, height) in [(80, 24), (120, 40)] {
        let app = app(&path, width, height);
        insta::assert_snapshot!(
            format!("caseload_demo_{width}x{height}"),
            draw(&app, width, height).backend()
        );
    }
}

#[test]
fn each_section_of_the_file_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = app(&path, width, height);
        open(&mut app, &file);
        for section in Section::ALL {
            assert_eq!(view(&app).section(), section);
            let name = format!("{section:?}").to_lowercase();
            insta::assert_snapshot!(
                format!("file_{name}_{width}x{height}"),
                draw(&app, width, height).backend()
            );
            press(&mut app, KeyCode::Tab);
        }
        assert_eq!(view(&app).section(), Section::Summary, "tabs wrap around");
    }
}

#[test]
fn sections_are_read_only_when_shown_and_esc_keeps_the_caseload_place() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let mut app = app(&path, 80, 24);
    open(&mut app, &file);
    let lists = view(&app).lists();
    assert!(lists.contacts.is_none() && lists.steps.is_none() && lists.barriers.is_none());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    let lists = view(&app).lists();
    assert!(lists.steps.is_some() && lists.contacts.is_some() && lists.barriers.is_none());
    let newest = &view(&app).lists().contacts.as_ref().unwrap()[0];
    assert!(screen(&app, 80, 24).contains(&newest.details.contact_on.to_string()));

    assert!(press(&mut app, KeyCode::Esc));
    assert!(app.file_pane().is_none());
    assert_eq!(app.caseload().filter(), Some(file.as_str()));
    assert_eq!(app.caseload().selected_file(), Some(file.as_str()));
}

#[test]
fn a_contact_typed_in_the_form_is_saved_with_its_audit_row() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let before = count(&path, "SELECT COUNT(*) FROM contact");
    let mut app = app(&path, 80, 24);
    open(&mut app, &file);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert!(press(&mut app, KeyCode::Char('n')));
    insta::assert_snapshot!("form_new_contact_80x24", draw(&app, 80, 24).backend());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('p'));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "30");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Appel de suivi fictif");
    assert!(ctrl(&mut app, 's'));
    assert!(view(&app).editor().is_none(), "{}", screen(&app, 80, 24));
    assert!(screen(&app, 80, 24).contains("Appel de suivi fictif"));
    assert_eq!(count(&path, "SELECT COUNT(*) FROM contact"), before + 1);
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM contact c JOIN audit a ON a.entity = 'contact' AND a.entity_id = c.id
             WHERE c.summary = 'Appel de suivi fictif' AND c.kind = 'phone' AND c.minutes = 30
               AND c.contact_on = '2026-11-23' AND a.action = 'create'"
        ),
        1
    );
}

#[test]
fn bad_input_is_refused_in_the_form_and_a_dirty_form_asks_before_closing() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let steps = count(&path, "SELECT COUNT(*) FROM step");
    let mut app = app(&path, 80, 24);
    open(&mut app, &file);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('n'));
    assert!(ctrl(&mut app, 's'));
    assert!(screen(&app, 80, 24).contains("Step is required"));
    press(&mut app, KeyCode::Char('q'));
    assert!(
        screen(&app, 80, 24).contains("Qualifying training"),
        "q picks an option"
    );
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "2026-10-01");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "2026-09-01");
    ctrl(&mut app, 's');
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("the end 2026-09-01 is before the start 2026-10-01"),
        "{text}"
    );
    assert!(press(&mut app, KeyCode::Esc));
    assert!(screen(&app, 80, 24).contains("Discard your changes? y / n"));
    press(&mut app, KeyCode::Char('n'));
    assert!(view(&app).editor().is_some(), "n keeps the form");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(view(&app).editor().is_none());
    assert_eq!(count(&path, "SELECT COUNT(*) FROM step"), steps);
}

#[test]
fn a_new_participant_with_the_same_identity_is_warned_about_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let existing = session(&path, "demo").participant(&file).unwrap();
    let d = &existing.details;
    let mut app = app(&path, 80, 24);
    assert!(press(&mut app, KeyCode::Char('n')));
    assert!(matches!(app.file_pane(), Some(Pane::Creating(_))));
    type_text(&mut app, &d.last_name);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, &d.first_name);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "2020-01-01");
    ctrl(&mut app, 's');
    assert!(screen(&app, 80, 24).contains("implausible birth date 2020-01-01"));
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, &d.birth_date.unwrap().to_string());
    let before = count(&path, "SELECT COUNT(*) FROM participant");
    ctrl(&mut app, 's');
    let text = screen(&app, 80, 24);
    assert!(
        text.contains(&format!("Same names and birth date as {file}")),
        "{text}"
    );
    assert_eq!(count(&path, "SELECT COUNT(*) FROM participant"), before);
    ctrl(&mut app, 's');
    assert_eq!(count(&path, "SELECT COUNT(*) FROM participant"), before + 1);
    let created = view(&app).participant().clone();
    assert_ne!(created.file_number, file);
    assert_eq!(created.status, Status::Oriented);
    assert_eq!(created.referent.as_deref(), Some("demo"));
}

#[test]
fn a_conflict_names_who_changed_the_file_and_reloads_keeping_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let mut app = app(&path, 80, 24);
    open(&mut app, &file);
    assert!(press(&mut app, KeyCode::Char('e')));
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    for _ in 0..30 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "0600000002");

    let mut coord = session(&path, "coord");
    let mut theirs = coord.participant(&file).unwrap();
    theirs.details.prescriber = "Prescripteur Imaginaire".into();
    coord.update_participant(&theirs).unwrap();

    ctrl(&mut app, 's');
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Changed by coord at") && text.contains("keeping your input? y/n"),
        "{text}"
    );
    let stored = coord.participant(&file).unwrap();
    assert_ne!(stored.details.phone, "0600000002", "nothing overwritten");

    press(&mut app, KeyCode::Char('y'));
    assert!(screen(&app, 80, 24).contains("Reloaded: your changes are kept"));
    ctrl(&mut app, 's');
    assert!(view(&app).editor().is_none(), "{}", screen(&app, 80, 24));
    let stored = coord.participant(&file).unwrap();
    assert_eq!(stored.details.phone, "0600000002");
    assert_eq!(
        stored.details.prescriber, "Prescripteur Imaginaire",
        "the prescriber typed by the other user is not in conflict: kept"
    );
}

#[test]
fn caseload_filters_fuzzily_by_status_and_sorts() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let mut app = app(&path, 80, 24);
    let all = app.caseload().entries().len();
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, &file.to_lowercase()[..9]);
    let shown = app.caseload().visible().len();
    assert!(shown > 0 && shown < all, "{shown} of {all}");
    assert!(
        app.caseload()
            .visible()
            .all(|e| e.file_number.starts_with(&file[..9]))
    );
    press(&mut app, KeyCode::Esc);

    let accented = app
        .caseload()
        .entries()
        .iter()
        .find(|e| e.name.chars().any(|c| "éèêëï".contains(c)))
        .expect("an accented name in the demo")
        .clone();
    let first_name: String = accented.name.split(' ').nth(1).unwrap().into();
    let plain = parcours::tui::filter::fold(&first_name);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, &plain);
    assert_eq!(
        app.caseload().visible().next().map(|e| &e.name),
        Some(&accented.name),
        "{plain}"
    );
    press(&mut app, KeyCode::Esc);

    assert!(press(&mut app, KeyCode::Char('f')));
    assert!(
        app.caseload()
            .visible()
            .all(|e| e.status == Status::Oriented)
    );
    while app.caseload().status() != Some(Status::Active) {
        press(&mut app, KeyCode::Char('f'));
    }
    assert!(screen(&app, 80, 24).contains("status: Active"));
    assert!(press(&mut app, KeyCode::Char('o')));
    let days: Vec<i64> = app
        .caseload()
        .visible()
        .map(|e| e.days_since_contact.unwrap_or(i64::MAX))
        .collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    assert!(screen(&app, 80, 24).contains("by last contact"));
    press(&mut app, KeyCode::Char('o'));
    let alerts: Vec<usize> = app.caseload().visible().map(|e| e.alerts.len()).collect();
    assert!(alerts.windows(2).all(|w| w[0] >= w[1]), "{alerts:?}");
}

/// Filter latency per keystroke on a large database.
///
/// `cargo run --release -- demo --participants 2000 --years 7 --no-tui --db /tmp/big.db`, then
/// `PARCOURS_BENCH_DB=/tmp/big.db cargo test --release --test tui_file -- --ignored --nocapture`.
#[test]
#[ignore = "needs a large database: see the doc comment"]
fn filter_latency_per_keystroke() {
    let path = std::env::var("PARCOURS_BENCH_DB").unwrap_or_else(|_| "/tmp/big.db".into());
    set_language(Lang::En);
    let session = Database::open(Path::new(&path))
        .unwrap()
        .session("coord", today())
        .unwrap();
    let mut app = App::new(session, &Config::default()).unwrap();
    let participants = app.caseload().entries().len();
    press(&mut app, KeyCode::Char('/'));
    let mut worst = std::time::Duration::ZERO;
    let mut total = std::time::Duration::ZERO;
    let typed = "p-2025-00helene";
    for c in typed.chars() {
        let started = Instant::now();
        press(&mut app, KeyCode::Char(c));
        let elapsed = started.elapsed();
        worst = worst.max(elapsed);
        total += elapsed;
    }
    for _ in typed.chars() {
        let started = Instant::now();
        press(&mut app, KeyCode::Backspace);
        let elapsed = started.elapsed();
        worst = worst.max(elapsed);
        total += elapsed;
    }
    let keys = 2 * typed.len() as u32;
    println!(
        "FILTER_LATENCY participants={participants} keys={keys} mean_us={} worst_us={}",
        (total / keys).as_micros(),
        worst.as_micros()
    );
    assert!(participants >= 2000, "{participants}");
    assert!(worst.as_millis() < 50, "worst keystroke {worst:?}");
}

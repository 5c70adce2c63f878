//! The TUI drawn into an in-memory terminal: the caseload and the help at
//! 80×24, selection, filter, keymap overrides, and the too-small message.
//! The data is a real SQLite file in a temporary directory, written through
//! the store, with fictional people and a fixed today (2026-11-23).

#[path = "common/tui_kit.rs"]
mod kit;

use std::path::Path;

use chrono::{TimeZone, Utc};
use crossterm::event::KeyCode;
use kit::{d, draw, press, session, today, type_text};
use parcours::config::Config;
use parcours::domain::agenda::{AppointmentKind, NewAppointment};
use parcours::domain::lifecycle::{Event, ExitOutcome};
use parcours::domain::participant::{NewParticipant, Status};
use parcours::domain::user::Role;
use parcours::store::Database;
use parcours::tui::{App, Theme};
use ratatui::style::{Color, Modifier};

/// A fictional participant of the test database.
struct Person {
    last: &'static str,
    first: &'static str,
    oriented: (i32, u32, u32),
    status: Status,
    contract: Option<(i32, u32, u32)>,
    referent: &'static str,
}

const fn person(
    last: &'static str,
    first: &'static str,
    oriented: (i32, u32, u32),
    status: Status,
    contract: Option<(i32, u32, u32)>,
    referent: &'static str,
) -> Person {
    Person {
        last,
        first,
        oriented,
        status,
        contract,
        referent,
    }
}

const PEOPLE: &[Person] = &[
    person(
        "Zorglub",
        "Test",
        (2025, 3, 10),
        Status::Active,
        Some((2025, 4, 2)),
        "demo",
    ),
    person(
        "Lévêque",
        "Zoé",
        (2026, 10, 1),
        Status::AwaitingCommission,
        None,
        "demo",
    ),
    person(
        "Tartempion",
        "Jules",
        (2024, 1, 15),
        Status::JobFollowUp,
        Some((2024, 2, 1)),
        "demo",
    ),
    person(
        "Bidule",
        "Chose",
        (2026, 11, 2),
        Status::Oriented,
        None,
        "demo",
    ),
    person(
        "Machin",
        "Truc",
        (2023, 5, 5),
        Status::Exited,
        Some((2023, 6, 1)),
        "demo",
    ),
    person(
        "Trucmuche",
        "Anatole",
        (2026, 6, 2),
        Status::Active,
        Some((2026, 6, 30)),
        "demo",
    ),
    person(
        "Duchmol",
        "Célestine",
        (2026, 2, 2),
        Status::Active,
        Some((2026, 3, 1)),
        "autre",
    ),
];

/// A database with a coordinator, two referents and a few participants;
/// returns its path.
fn database(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("tui.db");
    let mut db = Database::open(&path).unwrap();
    db.init("coord", "Alex Coordination").unwrap();
    let mut coord = db.session("coord", today()).unwrap();
    coord
        .add_user("demo", "Camille Exemple", Role::Referent, 1.0)
        .unwrap();
    coord
        .add_user("autre", "Dominique Autre", Role::Referent, 0.5)
        .unwrap();
    let mut files = Vec::new();
    for person in PEOPLE {
        let (y, m, day) = person.oriented;
        let new = NewParticipant {
            last_name: person.last.into(),
            first_name: person.first.into(),
            birth_date: Some(d(1990, 5, 17)),
            oriented_on: Some(d(y, m, day)),
            ..Default::default()
        };
        let p = coord.add_participant(&new, Some(person.referent)).unwrap();
        let file = p.file_number;
        if person.status == Status::AwaitingCommission {
            kit::record(&mut coord, &file, &Event::entry_file(d(y, m, day + 7)));
        }
        if let Some((y, m, day)) = person.contract {
            kit::enter(&mut coord, &file, d(y, m, day));
        }
        let exit = match person.status {
            Status::JobFollowUp => Some(Event::exit(d(2026, 9, 1), ExitOutcome::Cdi, "")),
            Status::Exited => Some(Event::exit(d(2025, 1, 10), ExitOutcome::MovedAway, "")),
            _ => None,
        };
        if let Some(exit) = exit {
            kit::record(&mut coord, &file, &exit);
        }
        files.push(file);
    }
    drop(coord);
    let mut demo = Database::open(&path)
        .unwrap()
        .session("demo", today())
        .unwrap();
    // The caseload's next appointment is the next one after the wall clock's
    // now, so these are far enough ahead for the snapshots to stay true.
    for (file, hour_utc, day) in [(&files[0], 9, 2), (&files[5], 23, 14)] {
        demo.add_appointment(&NewAppointment {
            participant: Some(file.clone()),
            kind: AppointmentKind::Individual,
            starts_at: Utc.with_ymd_and_hms(2030, 1, day, hour_utc, 30, 0).unwrap(),
            minutes: 45,
            title: String::new(),
            location: String::new(),
        })
        .unwrap();
    }
    path
}

fn app(path: &Path, login: &str, config: &Config) -> App {
    kit::app(session(path, login), config)
}

#[test]
fn referent_caseload_at_80x24() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let app = app(&path, "demo", &Config::default());
    insta::assert_snapshot!("caseload_referent", draw(&app, 80, 24).backend());
}

#[test]
fn coordinator_sees_everyone_with_referents() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let app = app(&path, "coord", &Config::default());
    let terminal = draw(&app, 80, 24);
    insta::assert_snapshot!("caseload_coordinator", terminal.backend());
    let text = kit::text(&terminal);
    assert!(
        text.contains("Referent") && text.contains("autre"),
        "{text}"
    );
    assert!(text.contains("capacity 105"), "{text}");
}

#[test]
fn help_overlay_lists_the_active_keymap() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let mut app = app(&path, "demo", &Config::default());
    assert!(press(&mut app, KeyCode::Char('?')));
    insta::assert_snapshot!("help", draw(&app, 80, 24).backend());
    // The key list is taller than 24 rows: it scrolls to its last line.
    assert!(press(&mut app, KeyCode::End));
    let text = kit::text(&draw(&app, 80, 24));
    assert!(text.contains("Quit") && text.contains("0 below"), "{text}");
    assert!(!press(&mut app, KeyCode::Down), "nothing more below");
    assert!(press(&mut app, KeyCode::Home));
    assert!(kit::text(&draw(&app, 80, 24)).contains("(0 above"));
    assert!(press(&mut app, KeyCode::Esc));
    assert!(!app.help_open());
}

#[test]
fn help_in_ascii_with_overridden_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let mut config = Config::default();
    config.keys.insert("quit".into(), "x".into());
    config.keys.insert("help".into(), "f1".into());
    let mut app = app(&path, "demo", &config).with_theme(Theme {
        colour: false,
        ascii: true,
    });
    assert!(!press(&mut app, KeyCode::Char('?')), "? is no longer bound");
    assert!(press(&mut app, KeyCode::F(1)));
    let terminal = draw(&app, 80, 24);
    insta::assert_snapshot!("help_ascii_overridden", terminal.backend());
    assert!(
        press(&mut app, KeyCode::End),
        "the list scrolls to Help and Quit"
    );
    let text = kit::text(&draw(&app, 80, 24));
    assert!(
        text.contains("| F1         Help")
            && text.contains("| x          Quit")
            && !text.contains("Ctrl-C"),
        "{text}"
    );
    assert!(text.is_ascii(), "{text}");
    assert!(press(&mut app, KeyCode::F(1)));
    assert!(!press(&mut app, KeyCode::Char('q')), "q is no longer bound");
    assert!(press(&mut app, KeyCode::Char('x')));
    assert!(app.should_quit());
}

#[test]
fn selection_highlights_only_identifying_cells() {
    // The highlight is a short block over the file number and the name's text.
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let mut app = app(&path, "demo", &Config::default());
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    let first_row = 2;
    let highlighted = |x: u16, y: u16| buffer[(x, y)].bg == Color::Cyan;
    assert!(
        !highlighted(0, first_row),
        "the marker cell keeps its alert style"
    );
    assert!(highlighted(10, first_row), "file number cell");
    assert!(highlighted(25, first_row), "name cell");
    assert!(
        !highlighted(79, first_row),
        "the rest of the row is not highlighted"
    );
    assert!(
        !highlighted(10, first_row + 1),
        "other rows are not highlighted"
    );
    assert!(
        !buffer[(10, first_row + 1)]
            .modifier
            .contains(Modifier::REVERSED)
    );

    assert!(press(&mut app, KeyCode::Char('j')));
    let terminal = draw(&app, 80, 24);
    let buffer = terminal.backend().buffer();
    assert_ne!(buffer[(10, first_row)].bg, Color::Cyan);
    assert_eq!(buffer[(10, first_row + 1)].bg, Color::Cyan);
    assert!(press(&mut app, KeyCode::Up));
    assert!(!press(&mut app, KeyCode::Up), "already on the first line");
    assert!(press(&mut app, KeyCode::End));
    assert_eq!(app.caseload().selected(), 5);
    assert!(!press(&mut app, KeyCode::PageDown));
    assert!(press(&mut app, KeyCode::Home));
    assert!(
        !press(&mut app, KeyCode::Left),
        "no key is bound to nothing"
    );
}

#[test]
fn filter_as_you_type_ignores_case_and_accents() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let mut app = app(&path, "demo", &Config::default());
    assert!(press(&mut app, KeyCode::Char('/')));
    type_text(&mut app, "LEVEQ");
    let mut terminal = draw(&app, 80, 24);
    insta::assert_snapshot!("caseload_filtered", terminal.backend());
    assert_eq!(app.caseload().visible().len(), 1);
    let text = kit::text(&terminal);
    assert!(
        text.contains("LÉVÊQUE Zoé") && text.contains("1 shown"),
        "{text}"
    );
    terminal.backend_mut().assert_cursor_position((14, 23));

    // j is typed into the filter, not a move; Tab gives the focus back to the list.
    type_text(&mut app, "j");
    assert_eq!(app.caseload().visible().len(), 0);
    assert!(kit::text(&draw(&app, 80, 24)).contains("No participant matches “LEVEQj”"));
    assert!(press(&mut app, KeyCode::Backspace));
    assert!(press(&mut app, KeyCode::Tab));
    assert!(
        !press(&mut app, KeyCode::Char('j')),
        "one line: nowhere to move"
    );
    assert_eq!(app.caseload().filter(), Some("LEVEQ"));

    assert!(press(&mut app, KeyCode::Esc));
    assert_eq!(app.caseload().filter(), None);
    assert_eq!(app.caseload().visible().len(), 6);
    assert!(
        !press(&mut app, KeyCode::Esc),
        "nothing left to go back from"
    );
    assert!(!press(&mut app, KeyCode::Tab), "no filter line to focus");
}

#[test]
fn too_small_terminal_shows_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let app = app(&path, "demo", &Config::default());
    let text = kit::text(&draw(&app, 79, 24));
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(lines[0].starts_with("Terminal too small: 79x24"), "{text}");
    let text = kit::text(&draw(&app, 100, 23));
    assert!(text.starts_with("Terminal too small: 100x23"), "{text}");
}

#[test]
fn larger_terminal_shows_more_lines_and_reload_keeps_selection() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let mut app = app(&path, "demo", &Config::default());
    assert!(press(&mut app, KeyCode::Char('j')));
    assert!(
        !press(&mut app, KeyCode::Char('1')),
        "nothing changed in the database"
    );
    let mut other = session(&path, "coord");
    let new = NewParticipant {
        last_name: "Aaaa".into(),
        first_name: "Premier".into(),
        birth_date: Some(d(1980, 1, 1)),
        ..Default::default()
    };
    other.add_participant(&new, Some("demo")).unwrap();
    assert!(press(&mut app, KeyCode::Char('1')));
    assert_eq!(app.caseload().visible().len(), 7);
    assert_eq!(
        app.caseload().selected(),
        2,
        "the same person stays selected"
    );
    let text = kit::text(&draw(&app, 120, 40));
    assert!(
        text.contains("AAAA Premier") && text.contains("7 shown"),
        "{text}"
    );
}

#[test]
fn help_lists_the_actions_of_the_screen_shown_and_no_coordinators_key_to_a_referent() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let help_on = |login: &str, screen: char| {
        let mut app = app(&path, login, &Config::default());
        press(&mut app, KeyCode::Char(screen));
        press(&mut app, KeyCode::Char('?'));
        kit::text(&draw(&app, 120, 40))
    };
    let agenda = help_on("demo", '2');
    assert!(
        agenda.contains("Mark done (writes the journal entry)"),
        "{agenda}"
    );
    for coordinators in ["Another referent", "Audit log", "Validate"] {
        assert!(!agenda.contains(coordinators), "{coordinators}: {agenda}");
    }
    assert!(
        !agenda.contains("Alert markers"),
        "the caseload's part: {agenda}"
    );
    let time = help_on("demo", '3');
    assert!(!time.contains("Mark done"), "{time}");
    let coordinator = help_on("coord", '2');
    for key in ["Another referent", "Audit log"] {
        assert!(coordinator.contains(key), "{key}: {coordinator}");
    }
}

#[test]
fn the_palette_runs_actions_opens_participants_and_weeks() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let mut app = app(&path, "demo", &Config::default());
    assert!(press(&mut app, KeyCode::Char(':')));
    let open = kit::text(&draw(&app, 80, 24));
    assert!(
        open.contains("Command palette") && open.contains("Filter"),
        "{open}"
    );
    type_text(&mut app, "agend");
    press(&mut app, KeyCode::Enter);
    assert!(app.palette().is_none());
    assert_eq!(app.screen(), parcours::tui::app::Screen::Agenda);

    // Ctrl-P, a participant by name typed without accents or capitals.
    let first = app.caseload().in_scope().next().unwrap().clone();
    assert!(kit::ctrl(&mut app, 'p'));
    let name = parcours::tui::filter::fold(&first.name);
    type_text(&mut app, &name);
    press(&mut app, KeyCode::Enter);
    let file = app.file_pane().map(|_| kit::text(&draw(&app, 80, 24)));
    assert!(
        file.is_some_and(|f| f.contains(&first.file_number.to_string())),
        "{}",
        first.file_number
    );

    // A week typed goes to the time screen on that week; Esc closes without running.
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "2026-W40");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen(), parcours::tui::app::Screen::Time);
    assert_eq!(app.time().week().to_string(), "2026-W40");
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "1");
    press(&mut app, KeyCode::Esc);
    assert!(app.palette().is_none());
    assert_eq!(
        app.screen(),
        parcours::tui::app::Screen::Time,
        "a digit typed in the palette switches nothing"
    );
}

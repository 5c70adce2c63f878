//! Every screen of the interface in French, the users' language, at 80×24:
//! the caseload of a referent and of the coordinator, each section of a
//! participant file, the agenda's week and day and the appointment form, the
//! time grid with its proposals and its export choice, the coordinator's
//! time overview, the dashboard, the audit log, the ESF indicators and the ESF
//! section of a participant who left, the help and the offer to
//! resume a draft. The demo PLIE with today pinned to 2026-11-23.
//!
//! The language is a process-wide setting: this binary renders French only
//! (every app starts through `kit::app_in(Lang::Fr, …)`), so its tests may
//! run in parallel; the English screens live in the other binaries.

#[path = "common/tui_kit.rs"]
mod kit;

use std::path::{Path, PathBuf};

use crossterm::event::KeyCode;
use kit::{d, demo_copy, draw, press, screen, session, session_on, today, type_text};
use parcours::config::Config;
use parcours::domain::IsoWeek;
use parcours::domain::journal::ContactKind;
use parcours::i18n::Lang;
use parcours::store::NewContact;
use parcours::tui::App;
use parcours::tui::file::Pane;
use parcours::tui::file::section::Section;
use rusqlite::Connection;

const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;

/// The interface in French as `login`, told it is 80×24.
fn french(path: &Path, login: &str) -> App {
    french_with(path, login, &Config::default())
}

/// The interface in French as `login` with `config`, told it is 80×24.
fn french_with(path: &Path, login: &str, config: &Config) -> App {
    kit::sized(
        kit::app_in(Lang::Fr, session(path, login), config),
        WIDTH,
        HEIGHT,
    )
}

/// Checks the screen shows no label of the English catalogue that French
/// translates, then snapshots it as `NAME_fr_80x24`.
fn snapshot(app: &App, name: &str) {
    let text = screen(app, WIDTH, HEIGHT);
    for english in [
        "Caseload",
        "Search",
        "Filter",
        "Time entry",
        "Dashboard",
        "Audit log",
        "Help",
        "Quit",
        "Save",
        "Cancel",
        "Week",
        "shown",
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
    ] {
        assert!(
            !contains_word(&text, english),
            "`{english}` is English in {name}:\n{text}"
        );
    }
    insta::assert_snapshot!(
        format!("{name}_fr_80x24"),
        draw(app, WIDTH, HEIGHT).backend()
    );
}

/// Whether `word` occurs in `text` with no letter just before or after it.
fn contains_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphabetic) && !after.is_some_and(char::is_alphabetic)
    })
}

#[test]
fn caseload_of_a_referent_and_of_the_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    snapshot(&french(&path, "demo"), "caseload_referent");
    snapshot(&french(&path, "coord"), "caseload_coordinator");
}

#[test]
fn each_section_of_a_participant_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = kit::demo_rich_file();
    let mut app = french(&path, "demo");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, file);
    press(&mut app, KeyCode::Enter);
    assert!(press(&mut app, KeyCode::Enter), "Entrée ouvre le dossier");
    for section in Section::ALL {
        match app.file_pane() {
            Some(Pane::File(view)) => assert_eq!(view.section(), section),
            other => panic!("no file open: {other:?}"),
        }
        let name = format!("{section:?}").to_lowercase();
        snapshot(&app, &format!("file_{name}"));
        press(&mut app, KeyCode::Tab);
    }
}

#[test]
fn agenda_week_day_and_appointment_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = french(&path, "demo");
    assert!(press(&mut app, KeyCode::Char('2')));
    snapshot(&app, "agenda_week");
    assert!(press(&mut app, KeyCode::Enter));
    snapshot(&app, "agenda_day");
    press(&mut app, KeyCode::Esc);
    assert!(press(&mut app, KeyCode::Char('n')));
    snapshot(&app, "agenda_form");
}

#[test]
fn time_grid_of_last_week_and_its_export_choice() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    // The export choice names the directory: a fixed one, never written to here.
    let config = Config {
        export_dir: Some(PathBuf::from("/srv/plie/exports")),
        ..Config::default()
    };
    let mut app = french_with(&path, "demo", &config);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('['));
    let text = screen(&app, WIDTH, HEIGHT);
    for heading in ["lun. 16", "mar. 17", "mer. 18", "jeu. 19", "ven. 20"] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    snapshot(&app, "time_last_week");
    // At 120 columns the weekend has its columns too, every heading whole.
    let wide = kit::screen(&kit::sized(app, 120, 40), 120, 40);
    for heading in [
        "lun. 16", "mar. 17", "mer. 18", "jeu. 19", "ven. 20", "sam. 21", "dim. 22",
    ] {
        assert!(wide.contains(heading), "{heading} missing:\n{wide}");
    }
    let mut app = french_with(&path, "demo", &config);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('['));
    assert!(press(&mut app, KeyCode::Char('X')));
    snapshot(&app, "time_export");
}

#[test]
fn time_proposals_from_the_agenda() {
    // On Friday 27 November the demo's Monday to Thursday appointments took place.
    let friday = d(2026, 11, 27);
    let (_dir, path) = kit::demo_at(friday);
    let week = IsoWeek::containing(friday);
    let mut referent = session_on(&path, "demo", friday);
    for e in referent.week_entries(None, week).unwrap() {
        referent.delete_time_entry(e.id, e.version).unwrap();
    }
    drop(referent);
    let mut app = kit::sized(
        kit::app_in(
            Lang::Fr,
            session_on(&path, "demo", friday),
            &Config::default(),
        ),
        WIDTH,
        HEIGHT,
    );
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('g'));
    assert!(!app.time().proposals().is_empty());
    snapshot(&app, "time_proposals");
}

#[test]
fn time_overview_of_the_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = french(&path, "coord");
    press(&mut app, KeyCode::Char('3'));
    assert!(app.time().shows_overview());
    snapshot(&app, "time_overview");
}

#[test]
fn dashboard_of_a_referent_and_of_the_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    for login in ["demo", "coord"] {
        let mut app = french(&path, login);
        assert!(press(&mut app, KeyCode::Char('4')));
        snapshot(&app, &format!("dashboard_{login}"));
    }
}

#[test]
fn audit_log_of_the_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = kit::demo_rich_file();
    let mut demo = session(&path, "demo");
    demo.add_contact(
        file,
        &NewContact {
            contact_on: today(),
            kind: ContactKind::Phone,
            minutes: 15,
            summary: "Appel fictif".into(),
            next_action: String::new(),
            appointment_id: None,
        },
    )
    .unwrap();
    let mut coord = session(&path, "coord");
    let mut participant = coord.open_participant(file).unwrap();
    participant.details.commune = "Le Lamentin".into();
    coord.update_participant(&participant).unwrap();
    // The demo's own row is stamped by the wall clock: every row gets a fixed time.
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE audit SET at = strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20 08:00:00', '+' || (id * 10) || ' minutes')",
            [],
        )
        .unwrap();
    let mut app = french(&path, "coord");
    assert!(press(&mut app, KeyCode::Char('5')));
    snapshot(&app, "audit");
}

#[test]
fn help_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = french(&path, "demo");
    assert!(press(&mut app, KeyCode::Char('?')));
    snapshot(&app, "help");
}

#[test]
fn offer_to_resume_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = kit::demo_rich_file();
    let note = format!(
        r#"{{"kind":"note","note":{{"appointment_id":1,"version":1,"contact_on":"{}","participant":"{file}","summary":"Appel fictif","next_action":"","on_next":false}}}}"#,
        today()
    );
    session(&path, "demo")
        .save_draft("agenda/note/1", &note)
        .unwrap();
    let app = french(&path, "demo");
    assert!(app.draft_offer().is_some());
    snapshot(&app, "draft_offer");
}

#[test]
fn command_palette() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = french(&path, "demo");
    assert!(press(&mut app, KeyCode::Char(':')));
    kit::type_text(&mut app, "sem");
    snapshot(&app, "palette");
}

#[test]
fn esf_indicators_of_the_coordinator_and_the_record_of_a_participant_who_left() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = french(&path, "coord");
    assert!(
        press(&mut app, KeyCode::Char('i')),
        "i ouvre les indicateurs"
    );
    snapshot(&app, "indicators");
    // The same participant as the English snapshot `file_esf_left_80x24`.
    let left = session(&path, "demo")
        .esf_records(None)
        .unwrap()
        .into_iter()
        .find(|r| r.follow_up.state.complete && r.entry.answers.unemployed_since.is_some())
        .map(|r| r.file_number.to_string())
        .expect("a file whose three stages are reached");
    let mut app = french(&path, "demo");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, &left);
    press(&mut app, KeyCode::Enter);
    assert!(press(&mut app, KeyCode::Enter), "Entrée ouvre le dossier");
    while !matches!(app.file_pane(), Some(Pane::File(view)) if view.section() == Section::Esf) {
        press(&mut app, KeyCode::Tab);
    }
    snapshot(&app, "file_esf_left");
}

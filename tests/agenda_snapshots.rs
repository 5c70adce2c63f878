//! The agenda drawn into an in-memory terminal at 80×24 and 120×40: a week
//! with overlapping appointments and every status, a week across a month
//! boundary with a Saturday (the 80-column view falls back to a day list),
//! the day view, the appointment form with its participant search, and a
//! coordinator looking at a referent's agenda read only. Real SQLite file in
//! a temporary directory, fictional people, today pinned to 2026-11-23.

#[path = "common/tui_kit.rs"]
mod kit;

use std::path::{Path, PathBuf};

use chrono::NaiveTime;
use chrono_tz::Europe::Paris;
use crossterm::event::KeyCode;
use kit::{d, draw_resized, press, session, text, today};
use parcours::config::Config;
use parcours::domain::agenda::{AppointmentKind, AppointmentStatus};
use parcours::domain::participant::NewParticipant;
use parcours::domain::schedule::{AppointmentFields, local_instant};
use parcours::domain::user::Role;
use parcours::store::Database;
use parcours::tui::App;

/// One appointment of the test agenda: day, local time, minutes, kind, participant index, title, status.
type Row = (
    (i32, u32, u32),
    (u32, u32),
    u32,
    AppointmentKind,
    Option<usize>,
    &'static str,
    AppointmentStatus,
);

const AGENDA: &[Row] = &[
    (
        (2026, 11, 23),
        (9, 0),
        45,
        AppointmentKind::Individual,
        Some(0),
        "",
        AppointmentStatus::Done,
    ),
    (
        (2026, 11, 23),
        (10, 0),
        60,
        AppointmentKind::Individual,
        Some(1),
        "",
        AppointmentStatus::NoShow,
    ),
    (
        (2026, 11, 23),
        (14, 0),
        120,
        AppointmentKind::Workshop,
        None,
        "Atelier CV",
        AppointmentStatus::Planned,
    ),
    (
        (2026, 11, 24),
        (9, 0),
        60,
        AppointmentKind::Individual,
        Some(2),
        "Bilan",
        AppointmentStatus::Planned,
    ),
    (
        (2026, 11, 24),
        (9, 30),
        30,
        AppointmentKind::Partner,
        None,
        "France Travail",
        AppointmentStatus::Planned,
    ),
    (
        (2026, 11, 24),
        (13, 30),
        180,
        AppointmentKind::Welcome,
        None,
        "Accueil",
        AppointmentStatus::Planned,
    ),
    (
        (2026, 11, 25),
        (10, 0),
        90,
        AppointmentKind::Commission,
        None,
        "Commission",
        AppointmentStatus::Planned,
    ),
    (
        (2026, 11, 26),
        (11, 0),
        60,
        AppointmentKind::Individual,
        Some(0),
        "",
        AppointmentStatus::Cancelled,
    ),
    (
        (2026, 11, 27),
        (9, 0),
        60,
        AppointmentKind::Administrative,
        None,
        "Dossiers FSE",
        AppointmentStatus::Planned,
    ),
    (
        (2026, 11, 30),
        (9, 0),
        60,
        AppointmentKind::Individual,
        Some(1),
        "",
        AppointmentStatus::Planned,
    ),
    (
        (2026, 12, 1),
        (10, 0),
        90,
        AppointmentKind::CompanyVisit,
        None,
        "Visite",
        AppointmentStatus::Planned,
    ),
    (
        (2026, 12, 3),
        (14, 0),
        120,
        AppointmentKind::JobDating,
        None,
        "Job dating",
        AppointmentStatus::Planned,
    ),
    (
        (2026, 12, 5),
        (10, 0),
        180,
        AppointmentKind::JobDating,
        None,
        "Forum emploi",
        AppointmentStatus::Planned,
    ),
];

/// A database with a coordinator, the referent `demo`, three participants and the agenda above.
fn database(dir: &Path) -> PathBuf {
    let path = dir.join("agenda.db");
    let mut db = Database::open(&path).unwrap();
    db.init("coord", "Alex Coordination").unwrap();
    let mut coord = db.session("coord", today()).unwrap();
    coord
        .add_user("demo", "Camille Exemple", Role::Referent, 1.0)
        .unwrap();
    let files: Vec<String> = [
        ("Zorglub", "Test"),
        ("Bidule", "Chose"),
        ("Trucmuche", "Anatole"),
    ]
    .iter()
    .map(|(last, first)| {
        let new = NewParticipant {
            last_name: (*last).into(),
            first_name: (*first).into(),
            birth_date: Some(d(1990, 5, 17)),
            oriented_on: Some(d(2026, 9, 1)),
            ..Default::default()
        };
        coord
            .add_participant(&new, Some("demo"))
            .unwrap()
            .file_number
    })
    .collect();
    drop(coord);
    let mut demo = Database::open(&path)
        .unwrap()
        .session("demo", today())
        .unwrap();
    for &((y, m, day), (h, min), minutes, kind, who, title, status) in AGENDA {
        let fields = AppointmentFields {
            participant: who.map(|i| files[i].clone()),
            kind,
            starts_at: local_instant(
                d(y, m, day),
                NaiveTime::from_hms_opt(h, min, 0).unwrap(),
                Paris,
            )
            .unwrap(),
            minutes,
            title: title.into(),
            location: "Antenne".into(),
            notes: String::new(),
        };
        let a = demo
            .create_appointments(&fields, &[fields.starts_at])
            .unwrap()
            .remove(0);
        if status != AppointmentStatus::Planned {
            demo.set_appointment_status(a.id, a.version, status, Paris)
                .unwrap();
        }
    }
    path
}

fn app(path: &Path, login: &str) -> App {
    kit::app(session(path, login), &Config::default())
}

#[test]
fn week_with_overlaps_at_80x24_and_120x40() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let mut app = app(&path, "demo");
    assert!(press(&mut app, KeyCode::Char('2')));
    let small = draw_resized(&mut app, 80, 24);
    insta::assert_snapshot!("agenda_week_80x24", small.backend());
    let screen = text(&small);
    for expected in [
        "2026-W48",
        "Mon 23",
        "Fri 27",
        "✓09:00 45m",
        "✗10:00 1h",
        "2 overlapping",
        "P-2026-0003",
    ] {
        assert!(screen.contains(expected), "{expected} missing:\n{screen}");
    }
    assert!(
        !screen.contains("Sat"),
        "no weekend column when the weekend is empty"
    );
    assert!(
        screen.contains("09:00 1h!") && screen.contains("09:30 30m!"),
        "overlaps marked:\n{screen}"
    );
    let large = draw_resized(&mut app, 120, 40);
    insta::assert_snapshot!("agenda_week_120x40", large.backend());
    assert!(
        text(&large).contains("Cancelled"),
        "the roomier view names statuses"
    );
}

#[test]
fn week_across_a_month_boundary_with_a_saturday() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let mut app = app(&path, "demo");
    press(&mut app, KeyCode::Char('2'));
    assert!(press(&mut app, KeyCode::Char(']')));
    let small = draw_resized(&mut app, 80, 24);
    insta::assert_snapshot!("agenda_month_boundary_80x24", small.backend());
    let screen = text(&small);
    assert!(screen.contains("30 Nov – 6 Dec 2026"), "{screen}");
    assert!(
        screen.contains("Sat 5 Dec"),
        "six days do not fit in columns: a day list\n{screen}"
    );
    let large = draw_resized(&mut app, 120, 40);
    insta::assert_snapshot!("agenda_month_boundary_120x40", large.backend());
    let screen = text(&large);
    assert!(
        screen.contains("Sat 5") && !screen.contains("Sun 6"),
        "{screen}"
    );
    assert!(press(&mut app, KeyCode::Char('t')));
    assert!(text(&draw_resized(&mut app, 80, 24)).contains("2026-W48"));
}

#[test]
fn day_view_and_form_with_participant_search() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let mut app = app(&path, "demo");
    press(&mut app, KeyCode::Char('2'));
    press(&mut app, KeyCode::Char('l'));
    assert!(press(&mut app, KeyCode::Enter));
    let day = draw_resized(&mut app, 80, 24);
    insta::assert_snapshot!("agenda_day_80x24", day.backend());
    assert!(text(&day).contains("Overlaps with 09:30"), "{}", text(&day));
    press(&mut app, KeyCode::Esc);
    assert!(press(&mut app, KeyCode::Char('n')));
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    for c in "trucm".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let form = draw_resized(&mut app, 80, 24);
    insta::assert_snapshot!("agenda_form_search_80x24", form.backend());
    assert!(
        text(&form).contains("P-2026-0003 TRUCMUCHE Anatole"),
        "{}",
        text(&form)
    );
}

#[test]
fn a_coordinator_reads_a_referents_agenda_without_changing_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let mut app = app(&path, "coord");
    press(&mut app, KeyCode::Char('2'));
    assert!(text(&draw_resized(&mut app, 80, 24)).contains("0 appointments"));
    assert!(press(&mut app, KeyCode::Char('r')));
    let screen = text(&draw_resized(&mut app, 80, 24));
    assert!(
        screen.contains("agenda of demo (read only)") && screen.contains("P-2026-0003"),
        "{screen}"
    );
    assert!(press(&mut app, KeyCode::Char('n')));
    let screen = text(&draw_resized(&mut app, 80, 24));
    assert!(
        screen.contains("read only: you can only change your own"),
        "{screen}"
    );
    assert!(app.agenda().form().is_none());
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Char('x'));
    assert!(app.agenda().form().is_none() && app.agenda().note().is_none());
}

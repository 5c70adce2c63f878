//! The ESF record and the indicators in the interface, in English, on the demo PLIE (today
//! pinned to 2026-11-23): the ESF section of a file whose three stages are reached, a stage
//! filled in through its form, a validated entry corrected only with a reason; the
//! coordinator's Indicators tab (key `i`, or the palette) with its figures, the
//! participants behind a line and the period form; snapshots at 80×24. The French
//! snapshots are in `tests/tui_french.rs`.

#[path = "common/tui_kit.rs"]
mod kit;

use std::path::Path;

use crossterm::event::KeyCode;
use kit::{count, ctrl, d, demo_copy, draw, press, screen, session, today, type_text};
use parcours::config::Config;
use parcours::domain::period::Period;
use parcours::store::Session;
use parcours::tui::App;
use parcours::tui::file::Pane;
use parcours::tui::file::section::Section;

const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;

fn start(path: &Path, login: &str) -> App {
    kit::sized(
        kit::app(session(path, login), &Config::default()),
        WIDTH,
        HEIGHT,
    )
}

/// The first file of `demo`'s caseload (by file number) whose record `wanted` accepts.
fn demo_file(
    session: &Session,
    wanted: impl Fn(&parcours::domain::esf::EsfRecord) -> bool,
) -> String {
    session
        .esf_records(None)
        .unwrap()
        .into_iter()
        .find(|r| wanted(r))
        .map(|r| r.file_number.to_string())
        .expect("a demo file of that kind")
}

/// Opens `file` from the caseload and shows its ESF section.
fn open_esf(app: &mut App, file: &str) {
    press(app, KeyCode::Char('/'));
    type_text(app, file);
    press(app, KeyCode::Enter);
    assert!(press(app, KeyCode::Enter), "Enter opens the file");
    while section(app) != Section::Esf {
        press(app, KeyCode::Tab);
    }
}

fn section(app: &App) -> Section {
    match app.file_pane() {
        Some(Pane::File(view)) => view.section(),
        other => panic!("no file open: {other:?}"),
    }
}

#[test]
fn the_esf_section_of_a_participant_who_left_shows_three_stages() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = demo_file(&session(&path, "demo"), |r| {
        r.follow_up.state.complete && r.entry.answers.unemployed_since.is_some()
    });
    let mut app = start(&path, "demo");
    open_esf(&mut app, &file);
    let text = screen(&app, WIDTH, HEIGHT);
    for words in [
        "Entry",
        "On leaving",
        "Six months after",
        "Unemployed since",
    ] {
        assert!(text.contains(words), "{words} in\n{text}");
    }
    insta::assert_snapshot!("file_esf_left_80x24", draw(&app, WIDTH, HEIGHT).backend());
}

#[test]
fn a_late_exit_stage_is_filled_in_through_its_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = demo_file(&session(&path, "demo"), |r| r.exit.state.late);
    let mut app = start(&path, "demo");
    open_esf(&mut app, &file);
    press(&mut app, KeyCode::Down);
    assert!(press(&mut app, KeyCode::Char('e')), "the exit form opens");
    // Job searching: yes; in training, qualification, employed: no.
    for answer in ['y', 'n', 'n', 'n'] {
        press(&mut app, KeyCode::Char(answer));
        press(&mut app, KeyCode::Tab);
    }
    insta::assert_snapshot!("form_esf_exit_80x24", draw(&app, WIDTH, HEIGHT).backend());
    ctrl(&mut app, 's');
    let record = session(&path, "demo").esf_record(&file).unwrap();
    assert!(record.exit.state.complete, "{:?}", record.exit);
    assert_eq!(record.exit.answers.job_searching, Some(true));
    assert_eq!(record.exit.answers.employed, Some(false));
    assert!(
        !screen(&app, WIDTH, HEIGHT).contains("late:"),
        "the stage no longer shows late"
    );
}

#[test]
fn a_validated_entry_is_corrected_only_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = demo_file(&session(&path, "demo"), |r| r.entry.validated.is_some());
    let mut app = start(&path, "demo");
    open_esf(&mut app, &file);
    assert!(press(&mut app, KeyCode::Enter), "the entry form opens");
    let text = screen(&app, WIDTH, HEIGHT);
    assert!(text.contains("dated correction"), "{text}");
    // Disability, the fifth field, becomes "refused".
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Char('r'));
    ctrl(&mut app, 's');
    assert!(
        screen(&app, WIDTH, HEIGHT).contains("Reason for the correction"),
        "the reason is asked"
    );
    assert_eq!(count(&path, "SELECT COUNT(*) FROM esf_correction"), 0);
    for _ in 0..10 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "Refus exprimé au second entretien");
    ctrl(&mut app, 's');
    assert_eq!(count(&path, "SELECT COUNT(*) FROM esf_correction"), 1);
    let text = screen(&app, WIDTH, HEIGHT);
    assert!(
        text.contains("1 correction of the validated entry"),
        "{text}"
    );
}

/// The coordinator on the Indicators tab.
fn indicators(path: &Path) -> App {
    let mut app = start(path, "coord");
    assert!(
        press(&mut app, KeyCode::Char('i')),
        "i opens the indicators"
    );
    app
}

/// The screen's words, one space apart.
fn squeezed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// EECO01's line as the tab shows it.
fn first_line(report: &parcours::store::esf_indicators::IndicatorReport) -> String {
    let l = &report.lines[0];
    format!(
        "EECO01 Total number of participants {} {} {} {}",
        l.women, l.men, l.non_binary, l.total
    )
}

#[test]
fn the_indicators_tab_shows_this_years_figures_by_sex() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let app = indicators(&path);
    let text = screen(&app, WIDTH, HEIGHT);
    let report = session(&path, "coord")
        .indicators(Period::new(d(2026, 1, 1), today()).unwrap(), None)
        .unwrap();
    let expected = first_line(&report);
    assert!(squeezed(&text).contains(&expected), "{expected} in\n{text}");
    assert!(text.contains("From 2026-01-01 to 2026-11-23"), "{text}");
    insta::assert_snapshot!("indicators_80x24", draw(&app, WIDTH, HEIGHT).backend());
}

#[test]
fn enter_lists_the_participants_counted_and_opens_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = indicators(&path);
    // EECO12, participants with disabilities.
    for _ in 0..11 {
        press(&mut app, KeyCode::Down);
    }
    assert!(press(&mut app, KeyCode::Enter));
    let text = screen(&app, WIDTH, HEIGHT);
    assert!(text.contains("EECO12:"), "{text}");
    let coord = session(&path, "coord");
    let period = Period::new(d(2026, 1, 1), today()).unwrap();
    let line = &coord.indicators(period, None).unwrap().lines[11];
    assert!(
        text.contains(&format!("EECO12: {} participants", line.total)),
        "{text}"
    );
    insta::assert_snapshot!(
        "indicators_counted_80x24",
        draw(&app, WIDTH, HEIGHT).backend()
    );
    assert!(
        press(&mut app, KeyCode::Enter),
        "Enter opens the first file"
    );
    assert!(app.file_pane().is_some());
}

#[test]
fn the_period_form_recounts_and_the_palette_and_keys_reach_the_tab() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = indicators(&path);
    assert!(press(&mut app, KeyCode::Char('/')));
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "2025-01-01");
    press(&mut app, KeyCode::Tab);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "2025-12-31");
    ctrl(&mut app, 's');
    let text = screen(&app, WIDTH, HEIGHT);
    assert!(text.contains("From 2025-01-01 to 2025-12-31"), "{text}");
    let report = session(&path, "coord")
        .indicators(Period::new(d(2025, 1, 1), d(2025, 12, 31)).unwrap(), None)
        .unwrap();
    assert!(squeezed(&text).contains(&first_line(&report)), "{text}");

    // From the caseload, the palette finds the tab.
    let mut app = start(&path, "coord");
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "indicators");
    press(&mut app, KeyCode::Enter);
    assert!(screen(&app, WIDTH, HEIGHT).contains("EECO01"));

    // A referent is told the screen is the coordinators'.
    let mut app = start(&path, "demo");
    press(&mut app, KeyCode::Char('i'));
    let text = screen(&app, WIDTH, HEIGHT);
    assert!(text.contains("coordinators' screen"), "{text}");
    assert!(!text.contains("EECO01"));
}

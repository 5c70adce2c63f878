//! The GDPR and onboarding parts of the interface on the demo PLIE (today 2026-11-23),
//! in English: a coordinator deletes a file entered by mistake from its summary (a reason,
//! then a confirmation), and imports participants from a CSV file (the path, the dry run's
//! error list scrolled, then the confirmed import); a referent is offered neither; under
//! the SSH forced command no path can be typed. French snapshots live in `tui_french.rs`.

#[path = "common/tui_kit.rs"]
mod kit;

use crossterm::event::KeyCode;
use kit::{count, ctrl, draw, press, screen, session, type_text};
use parcours::domain::participant::NewParticipant;
use parcours::tui::App;
use parcours::tui::file::Pane;

/// Filters the caseload on `file` and opens it.
fn open(app: &mut App, file: &str) {
    press(app, KeyCode::Char('/'));
    type_text(app, file);
    press(app, KeyCode::Enter);
    assert!(press(app, KeyCode::Enter), "Enter opens the file");
    match app.file_pane() {
        Some(Pane::File(view)) => assert_eq!(view.participant().file_number, file),
        other => panic!("no file open: {other:?}"),
    }
}

/// A CSV with three wrong lines among good ones.
const BAD: &str = "last_name,first_name,birth_date,referent\n\
    Importé,Léa,1990-05-17,demo\n\
    Sansdate,Jo,,demo\n\
    Mauvais,Referent,1988-01-01,nobody\n\
    Futur,Né,2030-01-01,demo\n";

const GOOD: &str = "last_name,first_name,birth_date,referent,address\n\
    Importé,Léa,1990-05-17,demo,3 rue des Lilas\n\
    Nouveau,Théo,1992-08-30,,\n";

#[test]
fn a_coordinator_deletes_a_file_entered_by_mistake_from_its_summary() {
    let dir = tempfile::tempdir().unwrap();
    let path = kit::demo_copy(dir.path());
    let created = session(&path, "coord")
        .add_participant(
            &NewParticipant {
                last_name: "Aaaerreur".into(),
                first_name: "Saisie".into(),
                birth_date: Some(kit::d(1991, 2, 3)),
                ..Default::default()
            },
            Some("demo"),
        )
        .unwrap();
    let mut app = kit::start(&path, "coord", 80, 24);
    open(&mut app, &created.file_number);
    assert!(screen(&app, 80, 24).contains("d Delete (mistake)"));
    assert!(press(&mut app, KeyCode::Char('d')));
    type_text(&mut app, "created twice");
    insta::assert_snapshot!("delete_file_80x24", draw(&app, 80, 24).backend());
    ctrl(&mut app, 's');
    assert!(screen(&app, 80, 24).contains("for good?"));
    assert!(press(&mut app, KeyCode::Char('y')));
    assert!(app.file_pane().is_none(), "back on the caseload");
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("deleted"), "{shown}");
    let left = count(
        &path,
        &format!(
            "SELECT COUNT(*) FROM participant WHERE file_number = '{}'",
            created.file_number
        ),
    );
    assert_eq!(left, 0);

    // A file with a history is refused, and the refusal is shown in the form.
    let file = kit::demo_rich_file();
    let mut app = kit::start(&path, "coord", 80, 24);
    open(&mut app, file);
    press(&mut app, KeyCode::Char('d'));
    type_text(&mut app, "test");
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Char('y'));
    assert!(screen(&app, 80, 24).contains("cannot be deleted"));
    assert!(app.file_pane().is_some());

    // A referent is not offered it.
    let mut referent = kit::start(&path, "demo", 80, 24);
    press(&mut referent, KeyCode::Enter);
    assert!(!screen(&referent, 80, 24).contains("Delete (mistake)"));
    press(&mut referent, KeyCode::Char('d'));
    assert!(!screen(&referent, 80, 24).contains("Reason"));
}

#[test]
fn a_coordinator_imports_from_the_dashboard_after_a_dry_run_listing_the_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = kit::demo_copy(dir.path());
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, BAD).unwrap();
    let good = dir.path().join("people.csv");
    std::fs::write(&good, GOOD).unwrap();
    let before = count(&path, "SELECT COUNT(*) FROM participant");

    let mut app = kit::start(&path, "coord", 80, 24);
    assert!(press(&mut app, KeyCode::Char('4')));
    assert!(
        screen(&app, 80, 24).contains("I Import"),
        "the dashboard offers it"
    );
    assert!(press(&mut app, KeyCode::Char('I')));
    type_text(&mut app, bad.to_str().unwrap());
    ctrl(&mut app, 's');
    for (width, height) in [(80, 24), (120, 40)] {
        insta::assert_snapshot!(
            format!("import_errors_{width}x{height}"),
            kit::draw_resized(&mut app, width, height).backend()
        );
    }
    kit::draw_resized(&mut app, 80, 24);
    let shown = screen(&app, 80, 24);
    assert!(shown.contains("4 error(s) in bad.csv"), "{shown}");
    assert!(press(&mut app, KeyCode::Down), "the list scrolls");
    assert!(screen(&app, 80, 24).contains("2–4 of 4"));
    assert_eq!(count(&path, "SELECT COUNT(*) FROM participant"), before);

    // Enter goes back to the path; a good file is checked, then imported on `y`.
    press(&mut app, KeyCode::Enter);
    for _ in 0..bad.to_str().unwrap().len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, good.to_str().unwrap());
    ctrl(&mut app, 's');
    insta::assert_snapshot!("import_ready_80x24", draw(&app, 80, 24).backend());
    assert_eq!(count(&path, "SELECT COUNT(*) FROM participant"), before);
    assert!(press(&mut app, KeyCode::Char('y')));
    assert!(screen(&app, 80, 24).contains("imported 2 participant(s)"));
    assert!(press(&mut app, KeyCode::Esc));
    assert!(app.import().is_none());
    assert_eq!(count(&path, "SELECT COUNT(*) FROM participant"), before + 2);
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM participant WHERE address = '3 rue des Lilas'"
        ),
        1
    );
}

#[test]
fn the_import_is_in_the_palette_of_a_coordinator_only_and_takes_no_path_over_ssh() {
    let dir = tempfile::tempdir().unwrap();
    let path = kit::demo_copy(dir.path());
    let mut app = kit::start(&path, "coord", 80, 24);
    press(&mut app, KeyCode::Char(':'));
    type_text(&mut app, "import");
    press(&mut app, KeyCode::Enter);
    assert!(app.import().is_some(), "the palette runs it");

    let mut referent = kit::start(&path, "demo", 80, 24);
    press(&mut referent, KeyCode::Char(':'));
    type_text(&mut referent, "import participants");
    assert!(!screen(&referent, 80, 24).contains("Import participants"));
    press(&mut referent, KeyCode::Esc);
    press(&mut referent, KeyCode::Char('4'));
    press(&mut referent, KeyCode::Char('I'));
    assert!(referent.import().is_none());

    let mut remote = kit::start(&path, "coord", 80, 24).over_ssh(true);
    press(&mut remote, KeyCode::Char('I'));
    insta::assert_snapshot!("import_over_ssh_80x24", draw(&remote, 80, 24).backend());
    assert!(screen(&remote, 80, 24).contains("over SSH"));
    press(&mut remote, KeyCode::Char('x'));
    assert!(remote.import().is_none());
}

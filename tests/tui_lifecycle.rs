//! The lifecycle in the interface (English): the file's Entry/exit section records
//! the next event with its form, shows a refusal in the form, lets only a coordinator
//! correct or cancel an event with a reason, and shows the history with who, when
//! and why; the rows land in the database.

#[path = "common/tui_kit.rs"]
mod kit;

use std::path::Path;

use crossterm::event::KeyCode;
use kit::{count, ctrl, demo_copy, draw, press, screen, session, type_text};
use parcours::config::Config;
use parcours::domain::participant::Status;
use parcours::tui::App;
use parcours::tui::file::FileView;
use parcours::tui::file::Pane;
use parcours::tui::file::section::Section;

fn app_as(path: &Path, login: &str) -> App {
    kit::sized(kit::app(session(path, login), &Config::default()), 80, 24)
}

/// Opens `file` from the caseload and shows its Entry/exit section.
fn open_lifecycle(app: &mut App, file: &str) {
    press(app, KeyCode::Char('/'));
    type_text(app, file);
    press(app, KeyCode::Enter);
    assert!(press(app, KeyCode::Enter), "Enter opens the file");
    while view(app).section() != Section::Lifecycle {
        press(app, KeyCode::Tab);
    }
}

fn view(app: &App) -> &FileView {
    match app.file_pane() {
        Some(Pane::File(view)) => view,
        other => panic!("no file open: {other:?}"),
    }
}

#[test]
fn a_referent_records_the_exit_and_the_check_is_refused_before_six_months() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = kit::demo_rich_file();
    let mut app = app_as(&path, "demo");
    open_lifecycle(&mut app, file);
    assert_eq!(view(&app).participant().status, Status::Active);
    assert!(screen(&app, 80, 24).contains("n Record the exit"));

    // The exit: today, a permanent contract.
    assert!(press(&mut app, KeyCode::Char('n')));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('p'));
    assert!(ctrl(&mut app, 's'));
    assert!(view(&app).editor().is_none(), "{}", screen(&app, 80, 24));
    assert_eq!(view(&app).participant().status, Status::JobFollowUp);
    assert_eq!(
        count(
            &path,
            &format!(
                "SELECT COUNT(*) FROM participant WHERE file_number = '{file}'
                 AND status = 'job_follow_up' AND exit_outcome = 'cdi'
                 AND exit_validation = 'provisional' AND exit_check_due = '2027-05-23'"
            )
        ),
        1
    );

    // The six-month check, still in the job on day one: refused, the form says why.
    let events = count(&path, "SELECT COUNT(*) FROM lifecycle_event");
    assert!(press(&mut app, KeyCode::Char('n')));
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Char('s'));
    ctrl(&mut app, 's');
    assert!(view(&app).editor().is_some());
    insta::assert_snapshot!(
        "lifecycle_check_refused_80x24",
        draw(&app, 80, 24).backend()
    );
    assert!(screen(&app, 80, 24).contains("the six-month check is due on 2027-05-23"));
    assert_eq!(count(&path, "SELECT COUNT(*) FROM lifecycle_event"), events);

    // A referent does not correct: the section says who does.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    assert!(press(&mut app, KeyCode::Char('e')));
    assert!(view(&app).editor().is_none());
    assert!(screen(&app, 80, 24).contains("Only a coordinator corrects"));
}

#[test]
fn a_coordinator_cancels_an_exit_with_a_reason_and_the_history_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = kit::demo_rich_file();
    let mut demo = session(&path, "demo");
    let exit = parcours::domain::lifecycle::Event::exit(
        kit::today(),
        parcours::domain::lifecycle::ExitOutcome::MovedAway,
        "",
    );
    kit::record(&mut demo, file, &exit);

    let mut app = app_as(&path, "coord");
    open_lifecycle(&mut app, file);
    let events = view(&app).lists().events.clone().unwrap();
    let at = events
        .iter()
        .position(|r| r.event.kind.code() == "exit")
        .unwrap();
    for _ in 0..at {
        press(&mut app, KeyCode::Down);
    }
    assert!(press(&mut app, KeyCode::Char('e')));
    let form = screen(&app, 80, 24);
    assert!(form.contains("Correct a lifecycle event"), "{form}");
    // Date, outcome, cancel, reason: the reason is required, and focused.
    ctrl(&mut app, 's');
    assert!(view(&app).editor().is_some());
    type_text(&mut app, "Sortie saisie par erreur");
    press(&mut app, KeyCode::BackTab);
    press(&mut app, KeyCode::Char(' '));
    assert!(
        screen(&app, 80, 24).contains("[x]"),
        "{}",
        screen(&app, 80, 24)
    );
    assert!(ctrl(&mut app, 's'));
    assert!(view(&app).editor().is_none(), "{}", screen(&app, 80, 24));
    assert_eq!(view(&app).participant().status, Status::Active);
    for _ in 0..at {
        press(&mut app, KeyCode::Down);
    }
    insta::assert_snapshot!("lifecycle_cancelled_80x24", draw(&app, 80, 24).backend());
    let text = screen(&app, 80, 24);
    assert!(text.contains("set aside"), "{text}");
    assert!(
        text.contains("Set aside by coord on 2026-11-23")
            && text.contains("Sortie saisie par erreur"),
        "{text}"
    );
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM lifecycle_event e JOIN user u ON u.id = e.voided_by
             WHERE e.kind = 'exit' AND u.login = 'coord' AND e.void_reason = 'Sortie saisie par erreur'"
        ),
        1
    );
}

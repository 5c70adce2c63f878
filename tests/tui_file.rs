//! The caseload and the participant file drawn into an in-memory terminal, on
//! the demo PLIE (today pinned to 2026-11-23): snapshots of the caseload and
//! of each section of a file at 80×24 and 120×40, and the forms driven by
//! keys — saving, refusing bad input, warning of a duplicate, asking before
//! losing typed text, and a conflict with another session that is reloaded
//! without losing the user's input.

#[path = "common/tui_kit.rs"]
mod kit;

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::{NaiveDate, TimeZone};
use crossterm::event::KeyCode;
use kit::{count, ctrl, draw, press, screen, session, today, type_text};
use parcours::config::Config;
use parcours::domain::participant::Status;
use parcours::i18n::{Lang, set_language};
use parcours::store::Database;
use parcours::tui::App;
use parcours::tui::file::Pane;
use parcours::tui::file::section::Section;
use rusqlite::Connection;

/// The start of today in Paris (the default configuration's time zone).
fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::Utc
        .with_ymd_and_hms(2026, 11, 22, 23, 0, 0)
        .unwrap()
}

/// A private copy of the demo database in `dir`; returns its path and the rich file's number.
fn database(dir: &Path) -> (PathBuf, String) {
    let file = kit::demo_rich_file().to_owned();
    (kit::demo_copy(dir), file)
}

fn app(path: &Path, width: u16, height: u16) -> App {
    kit::start(path, "demo", width, height)
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
    assert_eq!(
        app.caseload().selected_file().map(|f| f.to_string()),
        Some(file.clone())
    );
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

    // The orientation comes before the file's lifecycle events.
    press(&mut app, KeyCode::BackTab);
    assert!(press(&mut app, KeyCode::Char('e')));
    for _ in 0..15 {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::End);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "2026-11-20");
    ctrl(&mut app, 's');
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("is before the orientation on 2026-11-20"),
        "{text}"
    );
}

#[test]
fn a_new_participant_with_the_same_identity_is_warned_about_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let existing = session(&path, "demo").participant(&file).unwrap();
    let d = &existing.details;
    let mut app = app(&path, 80, 24);
    assert!(press(&mut app, KeyCode::Char('n')));
    assert!(matches!(app.file_pane(), Some(Pane::Creating(..))));
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

    let at: String = Connection::open(&path)
        .unwrap()
        .query_row("SELECT at FROM audit ORDER BY id DESC LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    let local = chrono::DateTime::parse_from_rfc3339(&at)
        .unwrap()
        .with_timezone(&parcours::demo::TIME_ZONE)
        .format("%Y-%m-%d %H:%M")
        .to_string();

    ctrl(&mut app, 's');
    let text = screen(&app, 80, 24);
    assert!(
        text.contains(&format!("Changed by coord at {local}: reload"))
            && text.contains("keeping your input? y/n"),
        "the other's save time in the PLIE's time zone:\n{text}"
    );
    assert!(!text.contains(&at), "not in UTC: {text}");
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
    // Fuzzily: `p-2025-00` also finds P-2025-0100, never another year's files.
    assert!(
        app.caseload()
            .visible()
            .any(|e| e.file_number.to_string() == file)
    );
    assert!(
        app.caseload()
            .visible()
            .all(|e| e.file_number.to_string().starts_with(&file[..7]))
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
    let days: Vec<i32> = app
        .caseload()
        .visible()
        .map(|e| e.days_since_contact.unwrap_or(i32::MAX))
        .collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    assert!(screen(&app, 80, 24).contains("by last contact"));
    press(&mut app, KeyCode::Char('o'));
    let alerts: Vec<usize> = app.caseload().visible().map(|e| e.alerts.len()).collect();
    assert!(alerts.windows(2).all(|w| w[0] >= w[1]), "{alerts:?}");
}

#[test]
fn coordinator_caseload_has_a_referent_column_and_a_referent_filter() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = database(dir.path());
    for (width, height) in [(80, 24), (120, 40)] {
        let app = kit::start(&path, "coord", width, height);
        let terminal = draw(&app, width, height);
        insta::assert_snapshot!(
            format!("caseload_coordinator_demo_{width}x{height}"),
            terminal.backend()
        );
        let text = screen(&app, width, height);
        assert!(
            text.contains("Referent") && text.contains(" demo"),
            "{text}"
        );
        assert!(
            text.contains("r Referent") && text.contains("q Quit"),
            "{text}"
        );
    }
    let mut app = kit::start(&path, "coord", 80, 24);
    let everyone = app.caseload().visible().len();
    assert!(press(&mut app, KeyCode::Char('r')));
    let first = app
        .caseload()
        .visible()
        .next()
        .and_then(|e| e.referent.clone())
        .unwrap();
    assert!(
        app.caseload()
            .visible()
            .all(|e| e.referent.as_deref() == Some(&first))
    );
    while app
        .caseload()
        .visible()
        .next()
        .and_then(|e| e.referent.as_deref())
        != Some("demo")
    {
        assert!(press(&mut app, KeyCode::Char('r')));
    }
    let demo_count = count(
        &path,
        "SELECT COUNT(*) FROM participant p JOIN user u ON u.id = p.referent_id WHERE u.login = 'demo'",
    );
    assert_eq!(app.caseload().visible().len() as i64, demo_count);
    let text = screen(&app, 80, 24);
    assert!(
        text.contains(&format!("{demo_count} shown"))
            && text.contains("capacity 70")
            && text.contains("referent: demo"),
        "{text}"
    );
    insta::assert_snapshot!(
        "caseload_coordinator_referent_demo_80x24",
        draw(&app, 80, 24).backend()
    );
    while app.caseload().referent().is_some() {
        press(&mut app, KeyCode::Char('r'));
    }
    assert_eq!(app.caseload().visible().len(), everyone);

    // A referent has no referent filter: r does nothing on the caseload.
    let mut referent = kit::start(&path, "demo", 80, 24);
    assert!(!press(&mut referent, KeyCode::Char('r')));
    assert!(!screen(&referent, 80, 24).contains("r Referent"));
}

#[test]
fn a_coordinator_reassigns_a_participant_and_a_referent_cannot() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());

    // The referent's edit form has no referent field, and `r` is refused with the
    // store's words.
    let mut app = app(&path, 80, 24);
    open(&mut app, &file);
    assert!(press(&mut app, KeyCode::Char('e')));
    let editor = view(&app).editor().unwrap();
    assert!(editor.form().fields().iter().all(|f| f.id != "referent"));
    press(&mut app, KeyCode::Esc);
    let audits = count(&path, "SELECT COUNT(*) FROM audit");
    assert!(press(&mut app, KeyCode::Char('r')));
    assert!(view(&app).editor().is_none());
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("refused: demo may not reassign a participant"),
        "{text}"
    );
    assert_eq!(count(&path, "SELECT COUNT(*) FROM audit"), audits);

    // The store refuses it anyway.
    let mut theirs = session(&path, "demo");
    let p = theirs.participant(&file).unwrap();
    let err = theirs
        .reassign(&file, p.version, "coord")
        .unwrap_err()
        .to_string();
    assert!(err.contains("refused: demo may not"), "{err}");

    let mut app = kit::start(&path, "coord", 80, 24);
    open(&mut app, &file);
    // (Opening a file outside one's own caseload is itself logged: count from here.)
    let audits = count(&path, "SELECT COUNT(*) FROM audit");
    assert!(press(&mut app, KeyCode::Char('r')));
    let form = screen(&app, 80, 24);
    assert!(form.contains("Reassign the file"), "{form}");
    assert!(form.contains("Now with demo"), "{form}");
    assert!(
        press(&mut app, KeyCode::Right),
        "a coordinator picks another referent"
    );
    assert!(ctrl(&mut app, 's'));
    assert!(view(&app).editor().is_none(), "{}", screen(&app, 80, 24));
    let now = view(&app).participant().referent.clone().unwrap();
    assert_ne!(now, "demo");
    let said = screen(&app, 80, 24);
    assert!(said.contains(&format!("{file} now with {now}")), "{said}");
    assert_eq!(
        count(
            &path,
            &format!(
                "SELECT COUNT(*) FROM participant p JOIN user u ON u.id = p.referent_id
                 WHERE p.file_number = '{file}' AND u.login = '{now}' AND u.role = 'referent' AND u.active"
            )
        ),
        1
    );
    assert_eq!(
        count(
            &path,
            &format!(
                "SELECT COUNT(*) FROM audit a JOIN user u ON u.id = a.actor_id
                 JOIN participant p ON p.id = a.entity_id
                 WHERE a.id > {audits} AND a.entity = 'participant'
                   AND a.action = 'reassign' AND u.login = 'coord' AND p.file_number = '{file}'
                   AND json_extract(a.before, '$.referent') = 'demo'
                   AND json_extract(a.after, '$.referent') = '{now}'"
            )
        ),
        1
    );
    // The file has left demo's caseload.
    assert!(session(&path, "demo").participant(&file).is_err());
}

#[test]
fn a_milestone_review_is_edited_and_a_stale_edit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let mut app = app(&path, 80, 24);
    open(&mut app, &file);
    while view(&app).section() != Section::Milestones {
        press(&mut app, KeyCode::Tab);
    }
    let review = view(&app).lists().milestones.as_ref().unwrap()[0].clone();
    assert!(press(&mut app, KeyCode::Char('e')));
    insta::assert_snapshot!("form_edit_milestone_80x24", draw(&app, 80, 24).backend());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::End);
    type_text(&mut app, " Stage fictif validé.");
    assert!(ctrl(&mut app, 's'));
    assert!(view(&app).editor().is_none(), "{}", screen(&app, 80, 24));
    assert!(screen(&app, 80, 24).contains("Stage fictif validé."));
    let wanted = format!("{} Stage fictif validé.", review.details.achieved);
    let sql = format!(
        "SELECT COUNT(*) FROM milestone m JOIN audit a ON a.entity = 'milestone' AND a.entity_id = m.id
         WHERE m.id = {} AND m.achieved = '{}' AND m.version = {} AND a.action = 'update'
           AND json_extract(a.before, '$.achieved') = '{}'",
        review.id,
        wanted.replace('\'', "''"),
        review.version + 1,
        review.details.achieved.replace('\'', "''"),
    );
    assert_eq!(count(&path, &sql), 1);

    // Another session still holding the old version is refused, and nothing is overwritten.
    let mut stale = review.clone();
    stale.details.new_objectives = "Objectif écrasé".into();
    let err = session(&path, "coord")
        .update_milestone(&stale)
        .unwrap_err();
    assert!(
        matches!(&err, parcours::store::StoreError::Conflict { by, .. } if by == "demo"),
        "{err}"
    );
    assert_eq!(
        count(
            &path,
            &format!(
                "SELECT COUNT(*) FROM milestone WHERE id = {} AND new_objectives = 'Objectif écrasé'",
                review.id
            )
        ),
        0
    );
}

#[test]
fn a_step_is_closed_with_an_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    // An ongoing step of the file, added first when the demo gave it none.
    let mut demo = session(&path, "demo");
    let ongoing = |s: &parcours::store::Step| !s.is_closed() && s.details.actual_start.is_some();
    let step = match demo.steps(&file).unwrap().into_iter().find(ongoing) {
        Some(step) => step,
        None => demo
            .add_step(
                &file,
                &parcours::store::NewStep {
                    kind: parcours::domain::pathway::StepKind::JobSearch,
                    provider: "Organisme Fictif".into(),
                    planned_start: None,
                    planned_end: None,
                    actual_start: Some(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap()),
                    actual_end: None,
                    outcome: None,
                    note: String::new(),
                },
            )
            .unwrap(),
    };
    let mut app = app(&path, 80, 24);
    open(&mut app, &file);
    press(&mut app, KeyCode::Tab);
    let index = view(&app)
        .lists()
        .steps
        .as_ref()
        .unwrap()
        .iter()
        .position(|s| s.id == step.id)
        .unwrap();
    for _ in 0..index {
        press(&mut app, KeyCode::Down);
    }
    assert!(press(&mut app, KeyCode::Char('e')));
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "2026-11-20");
    ctrl(&mut app, 's');
    assert!(
        screen(&app, 80, 24).contains("needs an outcome other than ongoing"),
        "{}",
        screen(&app, 80, 24)
    );
    // The error focused the outcome: c picks "Completed".
    press(&mut app, KeyCode::Char('c'));
    assert!(ctrl(&mut app, 's'));
    assert!(view(&app).editor().is_none(), "{}", screen(&app, 80, 24));
    let closed = session(&path, "demo").step(step.id).unwrap();
    assert!(closed.is_closed(), "{closed:?}");
    assert_eq!(
        count(
            &path,
            &format!(
                "SELECT COUNT(*) FROM step s JOIN audit a ON a.entity = 'step' AND a.entity_id = s.id
                 WHERE s.id = {} AND s.actual_end = '2026-11-20' AND s.outcome IS NOT NULL
                   AND s.outcome <> 'ongoing' AND a.action = 'close'",
                step.id
            )
        ),
        1
    );
}

#[test]
fn the_appointments_section_lists_coming_then_past_and_enter_shows_the_week() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let mut app = app(&path, 80, 24);
    open(&mut app, &file);
    while view(&app).section() != Section::Appointments {
        press(&mut app, KeyCode::Tab);
    }
    let list = view(&app).lists().appointments.clone().unwrap();
    assert!(!list.coming.is_empty() && !list.past.is_empty());
    assert!(
        list.coming
            .windows(2)
            .all(|w| w[0].starts_at <= w[1].starts_at)
    );
    assert!(
        list.past
            .windows(2)
            .all(|w| w[0].starts_at >= w[1].starts_at)
    );
    assert!(list.coming.iter().all(|a| a.starts_at >= now()));
    assert!(list.past.iter().all(|a| a.starts_at < now()));
    assert_eq!(
        list.len() as i64,
        count(
            &path,
            &format!(
                "SELECT COUNT(*) FROM appointment a JOIN participant p ON p.id = a.participant_id
                 WHERE p.file_number = '{file}'"
            )
        )
    );
    let text = screen(&app, 80, 24);
    assert!(
        text.contains("Coming (") && text.contains("Past ("),
        "{text}"
    );
    assert!(!press(&mut app, KeyCode::Char('n')), "read only");
    assert!(!press(&mut app, KeyCode::Char('e')), "read only");

    // The first past appointment: down past the coming ones.
    for _ in 0..list.coming.len() {
        press(&mut app, KeyCode::Down);
    }
    let past = list.past[0].clone();
    assert!(press(&mut app, KeyCode::Enter));
    assert!(app.file_pane().is_none());
    assert_eq!(app.screen(), parcours::tui::app::Screen::Agenda);
    let local = past.starts_at.with_timezone(&chrono_tz::Europe::Paris);
    assert_eq!(
        app.agenda().week().week,
        parcours::domain::IsoWeek::containing(local.date_naive())
    );
    assert_eq!(
        app.agenda().selected_appointment().map(|a| a.id),
        Some(past.id)
    );
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

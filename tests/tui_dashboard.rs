//! The dashboard (key 4) and the coordinator's audit log (key 5) on the demo
//! PLIE, today pinned to 2026-11-23: snapshots at 80×24 and 120×40 as the
//! referent `demo` and as the coordinator `coord`, the jump from an alert line
//! to the caseload, the audit log filtered by participant, user and period,
//! page by page, refused to a referent, and the `read` rows written when a
//! file is opened (by anyone).

#[path = "common/tui_kit.rs"]
mod kit;

use std::path::{Path, PathBuf};

use chrono::{TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use kit::{count, draw, press, session, today, type_text};
use parcours::domain::journal::{Alert, ContactKind};
use parcours::domain::participant::Status;
use parcours::store::audit_query::AuditFilter;
use parcours::store::{NewContact, Session, StoreError};
use rusqlite::Connection;

/// A private copy of the demo database in `dir`.
fn database(dir: &Path) -> PathBuf {
    kit::demo_copy(dir)
}

/// A file of `login`'s caseload in the pathway.
fn active_file(session: &Session, login: &str) -> String {
    session
        .caseload(Some(login))
        .unwrap()
        .into_iter()
        .find(|r| r.status == Status::Active)
        .map(|r| r.file_number.to_string())
        .expect("an active participant")
}

#[test]
fn dashboard_snapshots_for_a_referent_and_a_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    for login in ["demo", "coord"] {
        for (width, height) in [(80, 24), (120, 40)] {
            let mut app = kit::start(&path, login, width, height);
            assert!(press(&mut app, KeyCode::Char('4')));
            insta::assert_snapshot!(
                format!("dashboard_{login}_{width}x{height}"),
                draw(&app, width, height).backend()
            );
        }
    }
}

#[test]
fn dashboard_figures_match_the_caseload_and_enter_shows_an_alert() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let demo = session(&path, "demo");
    let board = demo.dashboard(chrono_tz::Europe::Paris).unwrap();
    let rows = demo.caseload(None).unwrap();
    assert_eq!(board.referents.len(), 1);
    for alert in Alert::ALL {
        let listed = rows.iter().filter(|r| r.alerts.contains(&alert)).count();
        assert_eq!(board.total.alert(alert) as usize, listed, "{alert:?}");
    }
    for status in Status::ALL {
        let listed = rows.iter().filter(|r| r.status == *status).count();
        assert_eq!(board.total.status(*status) as usize, listed, "{status:?}");
    }
    assert_eq!(board.total.capacity(), 70);

    let coord = session(&path, "coord");
    let all = coord.dashboard(chrono_tz::Europe::Paris).unwrap();
    assert!(all.referents.len() > 1);
    let everyone = coord.caseload(None).unwrap();
    let flagged = everyone.iter().filter(|r| !r.alerts.is_empty()).count();
    assert_eq!(all.total.flagged as usize, flagged);
    let mine = all.referents.iter().find(|r| r.login == "demo").unwrap();
    assert_eq!(mine.figures, board.total);

    let mut app = kit::start(&path, "demo", 80, 24);
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert!(press(&mut app, KeyCode::Enter));
    let caseload = app.caseload();
    assert_eq!(caseload.alert(), Some(Alert::MilestoneDue));
    assert_eq!(
        caseload.visible().len(),
        board.total.alert(Alert::MilestoneDue) as usize
    );
    assert!(
        caseload
            .visible()
            .all(|e| e.alerts.contains(&Alert::MilestoneDue))
    );
    assert!(press(&mut app, KeyCode::Esc), "Esc lifts the alert filter");
    assert_eq!(app.caseload().alert(), None);
    assert_eq!(app.caseload().visible().len(), rows.len());
}

/// Writes, on `file`, a contact and a reading by `demo`, a reading and an edit by `coord`,
/// then pins every audit row's time so that snapshots are stable.
fn audit_history(path: &Path, file: &str) {
    let mut demo = session(path, "demo");
    demo.add_contact(
        file,
        &NewContact {
            contact_on: today(),
            kind: ContactKind::Phone,
            minutes: 15,
            summary: "Fictional call".into(),
            next_action: String::new(),
            appointment_id: None,
        },
    )
    .unwrap();
    demo.open_participant(file).unwrap();
    let mut coord = session(path, "coord");
    let mut participant = coord.open_participant(file).unwrap();
    participant.details.commune = "Le Lamentin".into();
    coord.update_participant(&participant).unwrap();
    let conn = Connection::open(path).unwrap();
    conn.execute(
        "UPDATE audit SET at = strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20 08:00:00', '+' || (id * 10) || ' minutes')",
        [],
    )
    .unwrap();
}

#[test]
fn audit_screen_filtered_on_a_participant_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let file = active_file(&session(&path, "coord"), "demo");
    audit_history(&path, &file);
    for (width, height) in [(80, 24), (120, 40)] {
        let mut app = kit::start(&path, "coord", width, height);
        assert!(press(&mut app, KeyCode::Char('5')));
        press(&mut app, KeyCode::Char('/'));
        type_text(&mut app, &file.to_lowercase());
        assert!(app.key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)));
        let view = app.dashboard().audit();
        assert!(view.form().is_none(), "the filter is applied");
        assert_eq!(view.entries().len(), 4);
        insta::assert_snapshot!(
            format!("audit_filtered_{width}x{height}"),
            draw(&app, width, height).backend()
        );
        assert!(
            press(&mut app, KeyCode::Enter),
            "Enter shows the newest row's before/after"
        );
        let detail = format!("{:?}", draw(&app, width, height).backend());
        assert!(detail.contains("Le Lamentin"), "{detail}");
    }
}

#[test]
fn audit_query_filters_pages_and_refuses_a_referent() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let coord = session(&path, "coord");
    let file = active_file(&coord, "demo");
    audit_history(&path, &file);
    let coord = session(&path, "coord");
    let tz = chrono_tz::Europe::Paris;

    let by_file = AuditFilter {
        file_number: Some(file.to_lowercase()),
        ..AuditFilter::default()
    };
    let page = coord.audit_page(&by_file, None, 10).unwrap();
    let actions: Vec<(&str, &str, &str)> = page
        .entries
        .iter()
        .map(|e| (e.actor.as_str(), e.entity.as_str(), e.action.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("coord", "participant", "update"),
            ("coord", "participant", "read"),
            ("demo", "participant", "read"),
            ("demo", "contact", "create"),
        ]
    );
    assert!(
        page.entries
            .iter()
            .all(|e| e.record.as_deref() == Some(file.as_str()))
    );
    assert_eq!(page.next, None);
    let read = &page.entries[1];
    assert_eq!(
        (read.before.as_deref(), read.after.as_deref()),
        (None, None)
    );

    let first = coord.audit_page(&by_file, None, 2).unwrap();
    assert_eq!(first.entries.len(), 2);
    let rest = coord.audit_page(&by_file, first.next, 2).unwrap();
    assert_eq!(rest.entries.len(), 2);
    assert_eq!(rest.entries[1].action, "create");
    assert_eq!(rest.next, None);

    let by_user = AuditFilter {
        user: Some("demo".into()),
        ..AuditFilter::default()
    };
    let demo_rows = coord.audit_page(&by_user, None, 50).unwrap().entries;
    assert_eq!(demo_rows.len(), 2, "a referent's own reading is logged too");
    assert_eq!(demo_rows[0].action, "read");
    assert_eq!(demo_rows[1].entity, "contact");

    // Rows were pinned 10 minutes apart from 2026-11-20 08:00 UTC; the demo's
    // generation rows come first, so the participant's rows are the last three.
    let last: i64 = count(&path, "SELECT MAX(id) FROM audit");
    let at = |id: i64| {
        Utc.with_ymd_and_hms(2026, 11, 20, 8, 0, 0).unwrap() + chrono::Duration::minutes(id * 10)
    };
    let window = AuditFilter {
        since: Some(at(last - 1)),
        until: Some(at(last) + chrono::Duration::minutes(1)),
        ..AuditFilter::default()
    };
    let recent = coord.audit_page(&window, None, 50).unwrap().entries;
    assert_eq!(recent.len(), 2);
    assert_eq!(recent[0].action, "update");
    let days = AuditFilter::default()
        .local_days(Some(today()), Some(today()), tz)
        .unwrap();
    assert!(
        coord
            .audit_page(&days, None, 50)
            .unwrap()
            .entries
            .is_empty()
    );
    let day = at(last).date_naive();
    let days = by_file
        .clone()
        .local_days(Some(day), Some(day), tz)
        .unwrap();
    assert_eq!(coord.audit_page(&days, None, 50).unwrap().entries.len(), 4);

    let unknown = AuditFilter {
        file_number: Some("P-2099-9999".into()),
        ..AuditFilter::default()
    };
    assert!(matches!(
        coord.audit_page(&unknown, None, 10),
        Err(StoreError::NotFound { .. })
    ));

    let demo = session(&path, "demo");
    let refused = demo
        .audit_page(&AuditFilter::default(), None, 10)
        .unwrap_err();
    assert!(matches!(refused, StoreError::Forbidden { .. }), "{refused}");
    assert!(refused.to_string().contains("audit log"), "{refused}");
}

#[test]
fn every_open_of_a_file_writes_one_read_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let reads = || count(&path, "SELECT COUNT(*) FROM audit WHERE action = 'read'");
    assert_eq!(reads(), 0);

    let mut app = kit::start(&path, "demo", 80, 24);
    assert!(press(&mut app, KeyCode::Enter));
    assert!(app.file_pane().is_some());
    assert_eq!(
        reads(),
        1,
        "a referent opening their own file is logged too"
    );

    let mut app = kit::start(&path, "coord", 80, 24);
    assert!(press(&mut app, KeyCode::Enter));
    assert!(app.file_pane().is_some());
    assert_eq!(reads(), 2);
    let logged = count(
        &path,
        "SELECT COUNT(*) FROM audit a JOIN user u ON u.id = a.actor_id
         WHERE a.action = 'read' AND a.entity = 'participant' AND u.login = 'coord'
           AND a.before IS NULL AND a.after IS NULL",
    );
    assert_eq!(logged, 1);
    press(&mut app, KeyCode::Esc);
    assert!(press(&mut app, KeyCode::Char('5')));
    let view = app.dashboard().audit();
    assert_eq!(view.entries()[0].action, "read");

    let mut referent = kit::start(&path, "demo", 80, 24);
    assert!(press(&mut referent, KeyCode::Char('5')));
    let screen = format!("{:?}", draw(&referent, 80, 24).backend());
    assert!(screen.contains("may not read the audit log"), "{screen}");
}

#[test]
fn a_wide_dashboard_shows_each_referents_year_of_esf_hours_against_1720_h_per_fte() {
    let dir = tempfile::tempdir().unwrap();
    let path = database(dir.path());
    let coord = session(&path, "coord");
    let figures = coord.dashboard(chrono_tz::Europe::Paris).unwrap();
    let year_minutes: i64 = count(
        &path,
        "SELECT COALESCE(SUM(t.minutes), 0) FROM time_entry t JOIN user u ON u.id = t.referent_id
         JOIN activity a ON a.code = t.activity_code
         WHERE u.login = 'demo' AND a.kind = 'operation' AND t.entry_date LIKE '2026-%'",
    );
    let demo = figures
        .referents
        .iter()
        .find(|r| r.login == "demo")
        .expect("the demo referent");
    assert_eq!(i64::from(demo.figures.esf_year_minutes), year_minutes);
    assert!(year_minutes > 0);
    assert_eq!(
        demo.figures.esf_year_basis_minutes(),
        (1720.0 * 60.0 * demo.figures.fte).round() as u32
    );

    let mut app = kit::start(&path, "coord", 140, 40);
    assert!(press(&mut app, KeyCode::Char('4')));
    let buffer = draw(&app, 140, 40).backend().buffer().clone();
    let text: String = buffer
        .content
        .chunks(140)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect();
    assert!(text.contains("ESF h/yr"), "{text}");
    let basis = demo.figures.esf_year_basis_minutes() / 60;
    assert!(
        text.contains(&format!("{}/{basis}", year_minutes / 60)),
        "{text}"
    );
}

//! The demo generator, checked on real SQLite files: statuses, alerts, agenda, time, determinism.

#[path = "common/tui_kit.rs"]
mod kit;

use kit::{count, today};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate, TimeZone, Utc};
use parcours::demo::{DemoOptions, DemoSummary, generate};
use parcours::domain::IsoWeek;
use parcours::domain::agenda::{AppointmentKind, AppointmentStatus};
use parcours::domain::journal::Alert;
use parcours::domain::participant::{FileNumber, Status};
use parcours::store::{Database, StoreError};
use rusqlite::Connection;
use rusqlite::types::ValueRef;
use tempfile::TempDir;

/// The standard demo (or another seed) generated into a new file.
fn generated(seed: Option<u64>) -> (TempDir, PathBuf, DemoSummary) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("demo.db");
    let mut options = DemoOptions::standard(today());
    options.seed = seed.unwrap_or(options.seed);
    let mut db = Database::open(&path).unwrap();
    let summary = generate(&mut db, &options).unwrap();
    (dir, path, summary)
}

/// A value as plain text (`NULL` for null).
fn cell(value: ValueRef) -> String {
    match value {
        ValueRef::Null => "NULL".into(),
        ValueRef::Integer(i) => i.to_string(),
        ValueRef::Real(f) => f.to_string(),
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Blob(b) => format!("{b:02x?}"),
    }
}

/// Every row of a query, each rendered as one line of text, cells separated by `|`.
fn dump(path: &Path, sql: &str) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn.prepare(sql).unwrap();
    let columns = stmt.column_count();
    stmt.query_map([], |r| {
        (0..columns)
            .map(|i| Ok(cell(r.get_ref(i)?)))
            .collect::<rusqlite::Result<Vec<_>>>()
            .map(|cells| cells.join("|"))
    })
    .unwrap()
    .collect::<rusqlite::Result<Vec<_>>>()
    .unwrap()
}

#[test]
fn summary_matches_the_tables_and_every_status_is_present() {
    let (_dir, path, summary) = generated(None);
    assert_eq!(summary.participants, 300);
    assert_eq!(
        summary.participants as i64,
        count(&path, "SELECT COUNT(*) FROM participant")
    );
    assert_eq!(
        summary.users as i64,
        count(&path, "SELECT COUNT(*) FROM user")
    );
    assert_eq!(
        summary.contacts as i64,
        count(&path, "SELECT COUNT(*) FROM contact")
    );
    assert_eq!(
        summary.appointments as i64,
        count(&path, "SELECT COUNT(*) FROM appointment")
    );
    assert_eq!(
        summary.time_entries as i64,
        count(&path, "SELECT COUNT(*) FROM time_entry")
    );
    assert!((5..=7).contains(&summary.users), "{summary}");
    for status in Status::ALL {
        let n = count(
            &path,
            &format!(
                "SELECT COUNT(*) FROM participant WHERE status = '{}'",
                status.code()
            ),
        );
        assert!(n > 0, "no participant {status}");
    }
    let exited = count(
        &path,
        "SELECT COUNT(*) FROM participant WHERE exit_on IS NOT NULL AND exit_on > '2026-11-23'",
    );
    assert_eq!(exited, 0, "exit dates in the future");
    // Lifecycles of every kind: provisional exits, validated ones, failed six-month
    // checks, and corrections or cancellations by the coordinator, with their reason.
    for validation in ["provisional", "validated", "not_validated"] {
        let n = count(
            &path,
            &format!("SELECT COUNT(*) FROM participant WHERE exit_validation = '{validation}'"),
        );
        assert!(n > 0, "no {validation} exit");
    }
    let corrected = count(
        &path,
        "SELECT COUNT(*) FROM lifecycle_event e JOIN user u ON u.id = e.voided_by
         WHERE u.login = 'coord' AND e.void_reason <> ''",
    );
    assert!(corrected > 0, "no correction");
    let replaced = count(
        &path,
        "SELECT COUNT(*) FROM lifecycle_event WHERE corrects IS NOT NULL",
    );
    assert!(
        replaced > 0 && replaced < corrected + 1,
        "{replaced} of {corrected}"
    );
    let future = count(
        &path,
        "SELECT COUNT(*) FROM lifecycle_event WHERE happened_on > '2026-11-23'",
    );
    assert_eq!(future, 0, "lifecycle dates in the future");
    let coord = count(
        &path,
        "SELECT COUNT(*) FROM user WHERE login = 'coord' AND role = 'coordinator'",
    );
    assert_eq!(coord, 1);
}

#[test]
fn file_numbers_are_unique_and_follow_the_entry_year() {
    let (_dir, path, _) = generated(None);
    let rows = dump(&path, "SELECT file_number, oriented_on FROM participant");
    let mut seen = std::collections::BTreeSet::new();
    for row in &rows {
        let (file, oriented) = row.split_once('|').unwrap();
        let number: FileNumber = file.parse().unwrap();
        assert_eq!(number.to_string(), file);
        assert!(
            oriented.starts_with(&format!("{}-", number.year())),
            "{row}"
        );
        assert!(seen.insert(file.to_owned()), "duplicate {file}");
    }
    assert_eq!(seen.len(), 300);
}

#[test]
fn demo_referent_sees_every_alert() {
    let (_dir, path, _) = generated(None);
    let session = Database::open(&path)
        .unwrap()
        .session("demo", today())
        .unwrap();
    let caseload = session.caseload(None).unwrap();
    assert!(caseload.len() >= 40, "{} participants", caseload.len());
    for alert in Alert::ALL {
        let n = caseload
            .iter()
            .filter(|r| r.alerts.contains(&alert))
            .count();
        assert!(n >= 2, "{n} participants with {alert:?}");
    }
    assert!(
        caseload.iter().filter(|r| r.alerts.is_empty()).count() > caseload.len() / 3,
        "most of the caseload should be without alert"
    );
}

#[test]
fn time_stays_within_a_day_and_near_the_contract_hours() {
    let (_dir, path, _) = generated(None);
    let over = count(
        &path,
        "SELECT COUNT(*) FROM (SELECT referent_id, entry_date FROM time_entry
         GROUP BY referent_id, entry_date HAVING SUM(minutes) > 1440)",
    );
    assert_eq!(over, 0);
    let future = count(
        &path,
        "SELECT COUNT(*) FROM time_entry WHERE entry_date >= '2026-11-23'",
    );
    assert_eq!(future, 0);
    let weekly = dump(
        &path,
        "SELECT u.fte, SUM(t.minutes) FROM time_entry t JOIN user u ON u.id = t.referent_id
         WHERE t.iso_week = '2026-W46' GROUP BY t.referent_id",
    );
    assert!(weekly.len() >= 4, "{weekly:?}");
    for row in weekly {
        let (fte, minutes) = row.split_once('|').unwrap();
        let fte: f64 = fte.parse().unwrap();
        let minutes: f64 = minutes.parse().unwrap();
        let expected = 35.0 * 60.0 * fte;
        assert!(
            (minutes - expected).abs() <= 180.0,
            "{minutes} minutes at fte {fte}"
        );
    }
    let wrong_iso_week = dump(&path, "SELECT entry_date, iso_week FROM time_entry")
        .into_iter()
        .filter(|row| {
            let (date, week) = row.split_once('|').unwrap();
            let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap();
            week != IsoWeek::containing(date).to_string()
        })
        .count();
    assert_eq!(wrong_iso_week, 0);
}

#[test]
fn time_entries_trace_to_done_appointments_of_the_same_referent() {
    let (_dir, path, _) = generated(None);
    let broken = count(
        &path,
        "SELECT COUNT(*) FROM time_entry t LEFT JOIN appointment a ON a.id = t.appointment_id
         WHERE t.appointment_id IS NOT NULL
           AND (a.id IS NULL OR a.status <> 'done' OR a.referent_id <> t.referent_id)",
    );
    assert_eq!(broken, 0);
    let linked = count(
        &path,
        "SELECT COUNT(*) FROM time_entry WHERE appointment_id IS NOT NULL AND activity_code = 'IND'
         AND participant_id IS NOT NULL",
    );
    assert!(linked > 100, "{linked} interviews linked to appointments");
    let foreign = count(
        &path,
        "SELECT COUNT(*) FROM time_entry t JOIN participant p ON p.id = t.participant_id
         WHERE p.referent_id IS NOT t.referent_id",
    );
    assert_eq!(foreign, 0, "time on another referent's participant");
    let activities = dump(
        &path,
        "SELECT DISTINCT activity_code FROM time_entry ORDER BY 1",
    );
    assert_eq!(activities.len(), 8, "{activities:?}");
}

#[test]
fn this_week_has_done_planned_and_welcome_appointments() {
    let (_dir, path, _) = generated(None);
    let session = Database::open(&path)
        .unwrap()
        .session("demo", today())
        .unwrap();
    let week = IsoWeek::containing(today());
    let from = Utc.from_utc_datetime(&week.monday().and_hms_opt(0, 0, 0).unwrap());
    let to = Utc.from_utc_datetime(&week.next().monday().and_hms_opt(0, 0, 0).unwrap());
    let this_week = session.appointments_between(None, from, to).unwrap();
    assert!(
        this_week
            .iter()
            .any(|a| a.kind == AppointmentKind::Welcome && a.status == AppointmentStatus::Planned),
        "{this_week:#?}"
    );
    assert!(
        this_week
            .iter()
            .filter(|a| a.kind == AppointmentKind::Individual)
            .count()
            >= 3
    );
    let last_week = session
        .appointments_between(None, from - Days::new(7), from)
        .unwrap();
    assert!(
        last_week
            .iter()
            .all(|a| a.status != AppointmentStatus::Planned)
    );
    assert!(
        last_week
            .iter()
            .any(|a| a.status == AppointmentStatus::Done && a.participant.is_some())
    );
    for a in this_week.iter().chain(&last_week) {
        let local = a.starts_at.with_timezone(&chrono_tz::America::Martinique);
        assert!((7..=17).contains(&chrono::Timelike::hour(&local)), "{a:?}");
        assert!(local.weekday().num_days_from_monday() < 5, "{a:?}");
    }
    let uids = count(&path, "SELECT COUNT(DISTINCT uid) FROM appointment");
    assert_eq!(uids, count(&path, "SELECT COUNT(*) FROM appointment"));
}

#[test]
fn past_weeks_are_submitted_or_validated_and_this_week_is_a_draft() {
    let (_dir, path, _) = generated(None);
    let current = IsoWeek::containing(today()).to_string();
    let previous = IsoWeek::containing(today()).previous().to_string();
    assert_eq!(
        count(
            &path,
            &format!("SELECT COUNT(*) FROM week WHERE iso_week >= '{current}'")
        ),
        0
    );
    let validated = count(
        &path,
        &format!(
            "SELECT COUNT(*) FROM week WHERE status = 'validated' AND iso_week < '{previous}'
             AND validated_by = (SELECT id FROM user WHERE login = 'coord')"
        ),
    );
    assert!(validated > 100, "{validated}");
    let submitted = count(
        &path,
        &format!(
            "SELECT COUNT(*) FROM week w JOIN user u ON u.id = w.referent_id
             WHERE w.status = 'submitted' AND w.iso_week = '{previous}' AND u.login = 'demo'"
        ),
    );
    assert_eq!(submitted, 1);
}

#[test]
fn one_audit_row_records_the_generation() {
    let (_dir, path, _) = generated(None);
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM audit WHERE entity = 'demo' AND action = 'generate'"
        ),
        1
    );
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM audit WHERE entity NOT IN ('demo', 'activity')"
        ),
        0
    );
}

#[test]
fn same_seed_same_data_other_seed_other_data() {
    let (_a, first, _) = generated(None);
    let (_b, second, _) = generated(None);
    let (_c, other, _) = generated(Some(7));
    for table in [
        "user",
        "participant",
        "barrier",
        "step",
        "contact",
        "milestone",
        "appointment",
        "time_entry",
        "week",
    ] {
        let sql = format!("SELECT * FROM {table} ORDER BY rowid");
        assert_eq!(dump(&first, &sql), dump(&second, &sql), "table {table}");
    }
    let sql = "SELECT * FROM participant ORDER BY rowid";
    assert_ne!(dump(&first, sql), dump(&other, sql));
}

#[test]
fn a_database_with_users_is_refused_untouched() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("plie.db");
    let mut db = Database::open(&path).unwrap();
    db.init("coord", "Coordination Exemple").unwrap();
    let err = generate(&mut db, &DemoOptions::standard(today())).unwrap_err();
    assert!(
        matches!(&err, StoreError::Invalid(e) if e.key == "error.already_initialised"),
        "{err:?}"
    );
    drop(db);
    assert_eq!(count(&path, "SELECT COUNT(*) FROM participant"), 0);
    assert_eq!(
        count(&path, "SELECT COUNT(*) FROM audit WHERE entity = 'demo'"),
        0
    );
}

/// The benchmark size of the CLI contract; too slow for a debug build, run with
/// `cargo test --release --test demo -- --ignored`.
#[test]
#[ignore]
fn large_generation_is_fast() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("large.db");
    let options = DemoOptions {
        participants: 2000,
        years: 7,
        ..DemoOptions::standard(today())
    };
    let started = std::time::Instant::now();
    let mut db = Database::open(&path).unwrap();
    let summary = generate(&mut db, &options).unwrap();
    let elapsed = started.elapsed();
    eprintln!("{summary} in {elapsed:?}");
    assert_eq!(summary.participants, 2000);
    assert!(elapsed.as_secs() < 30, "{elapsed:?}");
}

/// Participants whose kept follow-up dates (`participant_follow_up`, migration 009) differ
/// from the dates the journal and the reviews give.
fn stale_follow_ups(conn: &Connection) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM participant p LEFT JOIN participant_follow_up f ON f.participant_id = p.id
         WHERE f.participant_id IS NULL
            OR f.last_contact IS NOT (SELECT MAX(c.contact_on) FROM contact c
                 WHERE c.participant_id = p.id AND c.kind <> 'no_show')
            OR f.oldest_unnoted_contact IS NOT (SELECT MIN(c.contact_on) FROM contact c
                 WHERE c.participant_id = p.id AND c.summary = '' AND c.kind <> 'no_show')
            OR f.last_milestone IS NOT (SELECT MAX(m.held_on) FROM milestone m
                 WHERE m.participant_id = p.id)",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn follow_up_dates_stay_exact_through_every_change_of_the_journal_and_the_reviews() {
    let (_dir, path, summary) = generated(None);
    let conn = Connection::open(&path).unwrap();
    assert_eq!(stale_follow_ups(&conn), 0, "as generated");
    let kept: i64 = conn
        .query_row("SELECT COUNT(*) FROM participant_follow_up", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(kept, summary.participants as i64);
    // Written by another program than parcours: the triggers keep the dates all the same.
    conn.execute_batch(
        "INSERT INTO contact (participant_id, author_id, contact_on, kind, minutes, summary,
             next_action, logged_at)
         SELECT id, 1, '2026-11-30', 'phone', 15, '', '', '2026-11-23T12:00:00Z'
         FROM participant WHERE id % 7 = 0;
         INSERT INTO contact (participant_id, author_id, contact_on, kind, minutes, summary,
             next_action, logged_at)
         SELECT id, 1, '2001-01-01', 'no_show', 45, '', '', '2026-11-23T12:00:00Z'
         FROM participant WHERE id % 5 = 0;
         UPDATE contact SET summary = 'Écrit.' WHERE summary = '' AND participant_id % 2 = 0;
         UPDATE contact SET contact_on = '2000-01-03' WHERE id % 11 = 0;
         UPDATE contact SET participant_id = participant_id + 1
             WHERE id % 13 = 0 AND participant_id < (SELECT MAX(id) FROM participant);
         DELETE FROM contact WHERE id % 3 = 0;
         INSERT INTO milestone (participant_id, held_on, objectives, achieved, new_objectives)
         SELECT id, '2026-11-20', '', '', '' FROM participant WHERE id % 4 = 0;
         UPDATE milestone SET held_on = '2001-02-03' WHERE id % 5 = 0;
         DELETE FROM milestone WHERE id % 2 = 0;",
    )
    .unwrap();
    assert_eq!(stale_follow_ups(&conn), 0, "after changes");
    conn.execute_batch(
        "DELETE FROM contact WHERE participant_id = 1; DELETE FROM milestone WHERE participant_id = 1;",
    )
    .unwrap();
    assert_eq!(stale_follow_ups(&conn), 0, "a participant without contacts");
}

#[test]
fn the_data_stamp_moves_with_the_sessions_commits_and_not_with_its_reads() {
    // Others' commits move it too (SQLite's `data_version`): the interface's test of them is
    // `the_interface_shows_others_changes_at_the_next_key_without_losing_the_users_place`.
    let (_dir, path, _) = generated(None);
    let mut session = Database::open_existing(&path)
        .unwrap()
        .session("demo", today())
        .unwrap();
    let read = session.data_stamp().unwrap();
    session.caseload(None).unwrap();
    session.dashboard(chrono_tz::America::Martinique).unwrap();
    assert_eq!(session.data_stamp().unwrap(), read, "reads move nothing");
    session.save_draft("caseload", "{}").unwrap();
    assert_ne!(
        session.data_stamp().unwrap(),
        read,
        "the session's own commit"
    );
}

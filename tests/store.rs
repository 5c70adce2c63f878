//! Store tests on real SQLite files: migrations, optimistic locking, permissions, audit.

#[path = "common/tui_kit.rs"]
mod kit;

use chrono::{NaiveDate, TimeZone, Utc};
use kit::{rows_in, session, today};
use parcours::domain::agenda::{AppointmentKind, NewAppointment};
use parcours::domain::participant::{NewParticipant, Status};
use parcours::domain::time::NewTimeEntry;
use parcours::domain::user::Role;
use parcours::store::{Database, StoreError, migrate_to};
use rusqlite::Connection;
use tempfile::TempDir;

fn person(last: &str, first: &str) -> NewParticipant {
    NewParticipant {
        last_name: last.into(),
        first_name: first.into(),
        birth_date: NaiveDate::from_ymd_opt(1988, 4, 12),
        commune: "Testville".into(),
        ..Default::default()
    }
}

/// A database with coordinator `coord` and referents `alice` and `bob`.
fn setup() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("plie.db");
    let mut db = Database::open(&path).unwrap();
    db.init("coord", "Coordination").unwrap();
    let mut coord = db.session("coord", today()).unwrap();
    coord
        .add_user("alice", "Alice Exemple", Role::Referent, 1.0)
        .unwrap();
    coord
        .add_user("bob", "Bob Exemple", Role::Referent, 0.8)
        .unwrap();
    (dir, path)
}

#[test]
fn older_schema_is_upgraded_with_data_intact() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_to(&mut conn, 1).unwrap();
        conn.execute(
            "INSERT INTO user (login, name, role, created_at) VALUES ('coord', 'Coordination', 'coordinator', '2020-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO participant (file_number, last_name, first_name, birth_date, status, oriented_on,
                commission_on, commission_decision, contract_on, created_at, updated_at, updated_by)
             VALUES ('P-2020-0001', 'Fictif', 'Nom', '1980-01-01', 'active', '2020-02-03',
                '2020-02-20', 'accepted', '2020-03-02', '2020-03-02T10:00:00Z', '2020-03-02T10:00:00Z', 1)",
            [],
        )
        .unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
    }
    let db = Database::open(&path).unwrap();
    let s = db.session("coord", today()).unwrap();
    let p = s.participant("P-2020-0001").unwrap();
    assert_eq!(p.details.last_name, "Fictif");
    assert_eq!(p.status, Status::Active);
    let conn = Connection::open(&path).unwrap();
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v, parcours::store::SCHEMA_VERSION);
    // Schema 2's tables are there and usable.
    assert_eq!(rows_in(&path, "time_entry"), 0);
}

#[test]
fn newer_schema_is_refused_untouched() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("new.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", 999).unwrap();
    }
    let err = Database::open(&path)
        .err()
        .expect("a newer schema must be refused");
    assert!(
        matches!(err, StoreError::SchemaTooNew { found: 999, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("999"), "{err}");
}

#[test]
fn stale_update_is_refused_and_names_the_other_writer() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    let file = alice
        .add_participant(&person("Fictif", "Anne"), None)
        .unwrap()
        .file_number;

    let mut first = session(&path, "alice");
    let mut second = session(&path, "coord");
    let mut a = first.participant(&file).unwrap();
    let mut b = second.participant(&file).unwrap();

    b.details.phone = "0600000001".into();
    second.update_participant(&b).unwrap();

    a.details.phone = "0600000002".into();
    let err = first.update_participant(&a).unwrap_err();
    match &err {
        StoreError::Conflict { by, at } => {
            assert_eq!(by, "coord");
            assert!(at.is_some());
        }
        other => panic!("expected a conflict, got {other}"),
    }
    // Nothing was overwritten.
    assert_eq!(
        alice.participant(&file).unwrap().details.phone,
        "0600000001"
    );
}

#[test]
fn every_write_leaves_one_audit_row() {
    let (_dir, path) = setup();
    let before = rows_in(&path, "audit");
    let mut alice = session(&path, "alice");
    let p = alice
        .add_participant(&person("Fictif", "Audit"), None)
        .unwrap();
    alice
        .add_time_entry(&NewTimeEntry {
            date: today(),
            minutes: 60,
            activity: "IND".into(),
            participant: Some(p.file_number.clone()),
            appointment_id: None,
            note: String::new(),
        })
        .unwrap();
    assert_eq!(rows_in(&path, "audit"), before + 2);
    let log = alice.audit_log(10).unwrap();
    assert_eq!(log[0].entity, "time_entry");
    assert_eq!(log[1].entity, "participant");
    assert!(log.iter().all(|r| r.actor == "alice"));
}

#[test]
fn referent_cannot_touch_another_caseload() {
    let (_dir, path) = setup();
    let mut bob = session(&path, "bob");
    let file = bob
        .add_participant(&person("Fictif", "Bert"), None)
        .unwrap()
        .file_number;
    let mut alice = session(&path, "alice");
    let rows_before = rows_in(&path, "audit");

    assert!(matches!(
        alice.participant(&file),
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        alice.caseload(Some("bob")),
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        alice.add_participant(&person("Fictif", "Carl"), Some("bob")),
        Err(StoreError::Forbidden { .. })
    ));
    let entry = NewTimeEntry {
        date: today(),
        minutes: 30,
        activity: "IND".into(),
        participant: Some(file.clone()),
        appointment_id: None,
        note: String::new(),
    };
    assert!(matches!(
        alice.add_time_entry(&entry),
        Err(StoreError::Forbidden { .. })
    ));
    let appt = NewAppointment {
        participant: Some(file.clone()),
        kind: AppointmentKind::Individual,
        starts_at: Utc.with_ymd_and_hms(2026, 11, 24, 13, 0, 0).unwrap(),
        minutes: 60,
        title: String::new(),
        location: String::new(),
    };
    assert!(matches!(
        alice.add_appointment(&appt),
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        alice.week_entries(Some("bob"), "2026-W48".parse().unwrap()),
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        alice.add_user("eve", "Eve", Role::Referent, 1.0),
        Err(StoreError::Forbidden { .. })
    ));
    assert_eq!(
        rows_in(&path, "audit"),
        rows_before,
        "a refusal writes nothing"
    );

    // The coordinator sees both caseloads.
    let coord = session(&path, "coord");
    assert_eq!(coord.caseload(None).unwrap().len(), 1);
    assert_eq!(coord.caseload(Some("bob")).unwrap().len(), 1);
    assert_eq!(coord.caseload(Some("alice")).unwrap().len(), 0);
}

#[test]
fn deactivated_user_can_do_nothing() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE user SET active = 0 WHERE login = 'alice'", [])
        .unwrap();
    assert!(matches!(
        alice.add_participant(&person("Fictif", "Dan"), None),
        Err(StoreError::UnknownActor(_))
    ));
    assert!(matches!(
        Database::open(&path).unwrap().session("alice", today()),
        Err(StoreError::UnknownActor(_))
    ));
}

#[test]
fn time_rules_hold() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    let entry = |minutes, activity: &str| NewTimeEntry {
        date: today(),
        minutes,
        activity: activity.into(),
        participant: None,
        appointment_id: None,
        note: String::new(),
    };
    alice.add_time_entry(&entry(23 * 60, "FILE")).unwrap();
    assert_eq!(
        alice
            .add_time_entry(&entry(61, "FILE"))
            .unwrap_err()
            .to_string(),
        alice_day_error()
    );
    assert!(matches!(
        alice.add_time_entry(&entry(30, "NOPE")),
        Err(StoreError::NotFound { .. })
    ));
    assert!(alice.add_time_entry(&entry(0, "FILE")).is_err());

    // A submitted week refuses any new entry.
    Connection::open(&path)
        .unwrap()
        .execute(
            "INSERT INTO week (referent_id, iso_week, status) SELECT id, '2026-W48', 'submitted' FROM user WHERE login = 'alice'",
            [],
        )
        .unwrap();
    assert!(matches!(
        alice.add_time_entry(&entry(30, "FILE")),
        Err(StoreError::WeekLocked { .. })
    ));
    assert_eq!(rows_in(&path, "time_entry"), 1);
}

fn alice_day_error() -> String {
    "a day cannot hold more than 24 hours (1441 minutes asked)".into()
}

#[test]
fn file_numbers_follow_the_orientation_year() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    let mut p = person("Fictif", "Eva");
    p.oriented_on = NaiveDate::from_ymd_opt(2025, 3, 1);
    assert_eq!(
        alice.add_participant(&p, None).unwrap().file_number,
        "P-2025-0001"
    );
    assert_eq!(
        alice.add_participant(&p, None).unwrap().file_number,
        "P-2025-0002"
    );
    assert_eq!(
        alice
            .add_participant(&person("Fictif", "Flo"), None)
            .unwrap()
            .file_number,
        "P-2026-0001"
    );
    let dups = alice
        .possible_duplicates(
            "fictif",
            "EVA",
            NaiveDate::from_ymd_opt(1988, 4, 12).unwrap(),
        )
        .unwrap();
    assert_eq!(dups, ["P-2025-0001", "P-2025-0002"]);
}

#[test]
fn backup_is_a_consistent_copy() {
    let (dir, path) = setup();
    let mut alice = session(&path, "alice");
    alice
        .add_participant(&person("Fictif", "Gil"), None)
        .unwrap();
    let copy = dir.path().join("copy.db");
    assert!(matches!(
        alice.backup_to(&copy),
        Err(StoreError::Forbidden { .. })
    ));
    session(&path, "coord").backup_to(&copy).unwrap();
    assert_eq!(rows_in(&copy, "participant"), 1);
    assert_eq!(rows_in(&copy, "user"), 3);
    let ok: String = Connection::open(&copy)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
}

#[test]
fn database_and_wal_files_are_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    alice
        .add_participant(&person("Fictif", "Hugo"), None)
        .unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file}");
    }
}

//! The weekly lifecycle in the store: draft → submitted → validated, reopen, locked weeks.

use chrono::NaiveDate;
use parcours::domain::IsoWeek;
use parcours::domain::time::{NewTimeEntry, WeekStatus};
use parcours::domain::user::Role;
use parcours::store::{Database, Session, StoreError};
use rusqlite::Connection;
use tempfile::TempDir;

/// Friday 27 November 2026: the last working day of 2026-W48, so its week can be submitted.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn week() -> IsoWeek {
    IsoWeek::containing(today())
}

fn setup() -> (TempDir, std::path::PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("plie.db");
    let mut db = Database::open(&path).unwrap();
    db.init("coord", "Coordination").unwrap();
    let mut coord = db.session("coord", today()).unwrap();
    coord
        .add_user("alice", "Alice Exemple", Role::Referent, 1.0)
        .unwrap();
    (dir, path)
}

fn session(path: &std::path::Path, login: &str) -> Session {
    Database::open(path)
        .unwrap()
        .session(login, today())
        .unwrap()
}

fn entry(minutes: u32) -> NewTimeEntry {
    NewTimeEntry {
        date: today(),
        minutes,
        activity: "FILE".into(),
        participant: None,
        appointment_id: None,
        note: String::new(),
    }
}

fn dump(path: &std::path::Path) -> Vec<(i64, i64, String)> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT id, minutes, note FROM time_entry ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn submitted_and_validated_weeks_cannot_change() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    let kept = alice.add_time_entry(&entry(60)).unwrap();
    let record = alice.submit_week(None, week()).unwrap();
    assert_eq!(record.status, WeekStatus::Submitted);
    let frozen = dump(&path);

    let locked = |r: Result<_, StoreError>| matches!(r, Err(StoreError::WeekLocked { .. }));
    assert!(locked(alice.add_time_entry(&entry(30)).map(|_| ())));
    assert!(locked(
        alice
            .update_time_entry(kept.id, kept.version, &entry(90))
            .map(|_| ())
    ));
    assert!(locked(alice.delete_time_entry(kept.id, kept.version)));
    assert_eq!(dump(&path), frozen);

    assert!(matches!(
        alice.validate_week("alice", week()),
        Err(StoreError::Forbidden { .. })
    ));
    let mut coord = session(&path, "coord");
    let record = coord.validate_week("alice", week()).unwrap();
    assert_eq!(record.status, WeekStatus::Validated);
    assert_eq!(record.validated_by.as_deref(), Some("Coordination"));
    assert!(locked(alice.add_time_entry(&entry(30)).map(|_| ())));
    assert!(locked(alice.delete_time_entry(kept.id, kept.version)));
    assert_eq!(dump(&path), frozen);
    // A second submission of a validated week is refused too.
    assert!(alice.submit_week(None, week()).is_err());
}

#[test]
fn reopen_needs_a_coordinator_and_a_reason_and_is_audited() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    alice.add_time_entry(&entry(60)).unwrap();
    alice.submit_week(None, week()).unwrap();
    let mut coord = session(&path, "coord");
    assert!(coord.reopen_week("alice", week(), "  ").is_err());
    assert!(matches!(
        alice.reopen_week("alice", week(), "typo"),
        Err(StoreError::Forbidden { .. })
    ));
    let record = coord
        .reopen_week("alice", week(), "wrong activity on Monday")
        .unwrap();
    assert_eq!(record.status, WeekStatus::Draft);
    let after: String = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT after FROM audit WHERE entity = 'week' AND action = 'reopen'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(after.contains("wrong activity on Monday"), "{after}");
    // The week is editable again.
    alice.add_time_entry(&entry(30)).unwrap();
    assert_eq!(dump(&path).len(), 2);
}

#[test]
fn entries_are_updated_and_deleted_with_optimistic_locking() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    let first = alice.add_time_entry(&entry(60)).unwrap();
    let mut changed = entry(90);
    changed.note = "dossier, relance".into();
    let updated = alice
        .update_time_entry(first.id, first.version, &changed)
        .unwrap();
    assert_eq!(
        (updated.id, updated.minutes, updated.version),
        (first.id, 90, first.version + 1)
    );
    // A second edit from the stale version is refused and names who changed it.
    match alice.update_time_entry(first.id, first.version, &entry(30)) {
        Err(StoreError::Conflict { by, .. }) => assert_eq!(by, "alice"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    // The day limit does not count the entry being replaced.
    alice
        .update_time_entry(first.id, updated.version, &entry(24 * 60))
        .unwrap();
    alice
        .delete_time_entry(first.id, updated.version + 1)
        .unwrap();
    assert!(dump(&path).is_empty());
}

#[test]
fn export_fingerprint_is_kept_once_for_validated_weeks() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    alice.add_time_entry(&entry(60)).unwrap();
    let draft = alice
        .record_week_export(
            "alice",
            week(),
            "abc",
            "content",
            "2026-11-27T10:00:00Z".parse().unwrap(),
        )
        .unwrap();
    assert_eq!(
        draft.export_sha256, None,
        "a draft week keeps no fingerprint"
    );
    alice.submit_week(None, week()).unwrap();
    let mut coord = session(&path, "coord");
    coord.validate_week("alice", week()).unwrap();
    let first = coord
        .record_week_export(
            "alice",
            week(),
            "abc",
            "content",
            "2026-11-27T13:00:00Z".parse().unwrap(),
        )
        .unwrap();
    let second = coord
        .record_week_export(
            "alice",
            week(),
            "def",
            "other",
            "2026-12-01T09:00:00Z".parse().unwrap(),
        )
        .unwrap();
    assert_eq!(first.export_sha256.as_deref(), Some("abc"));
    assert_eq!(
        (
            second.export_sha256.as_deref(),
            second
                .export_at
                .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .as_deref()
        ),
        (Some("abc"), Some("2026-11-27T13:00:00Z")),
        "another content never replaces the validated export's fingerprint"
    );
    assert_eq!(second.export_content.as_deref(), Some("content"));
    assert_eq!(coord.weeks_overview(week()).unwrap().len(), 2);
    assert!(alice.weeks_overview(week()).is_err());
}

/// The audit rows and week rows: what a refused validation must leave as it was.
fn week_state(path: &std::path::Path) -> (i64, Vec<(i64, String, String)>) {
    let conn = Connection::open(path).unwrap();
    let audit: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit", [], |r| r.get(0))
        .unwrap();
    let mut stmt = conn
        .prepare("SELECT referent_id, iso_week, status FROM week ORDER BY referent_id")
        .unwrap();
    let weeks = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    (audit, weeks)
}

#[test]
fn a_coordinator_cannot_countersign_their_own_week() {
    let (_dir, path) = setup();
    let mut coord = session(&path, "coord");
    coord
        .add_user("bcoord", "Second Coordination", Role::Coordinator, 1.0)
        .unwrap();
    coord.add_time_entry(&entry(60)).unwrap();
    coord.submit_week(None, week()).unwrap();
    let before = week_state(&path);

    let refused = coord.validate_week("coord", week()).unwrap_err();
    assert!(matches!(refused, StoreError::Forbidden { .. }), "{refused}");
    assert_eq!(
        refused.to_string(),
        "refused: coord may not countersign their own week: another coordinator must validate it"
    );
    assert_eq!(week_state(&path), before, "nothing written on a refusal");

    // The coordinators' weeks are in the overview, so another coordinator finds it and signs.
    let mut other = session(&path, "bcoord");
    let overview = other.weeks_overview(week()).unwrap();
    let logins: Vec<&str> = overview.iter().map(|r| r.referent.as_str()).collect();
    assert_eq!(logins, ["alice", "bcoord", "coord"]);
    assert_eq!(overview[2].status, WeekStatus::Submitted);
    let signed = other.validate_week("coord", week()).unwrap();
    assert_eq!(signed.status, WeekStatus::Validated);
    assert_eq!(signed.validated_by.as_deref(), Some("Second Coordination"));
}

/// Entries, then the audit count and week rows.
type State = (Vec<(i64, i64, String)>, (i64, Vec<(i64, String, String)>));

/// Everything a refusal must leave as it was: entries, weeks, audit rows.
fn everything(path: &std::path::Path) -> State {
    (dump(path), week_state(path))
}

#[test]
fn time_is_declared_once_worked_and_weeks_are_signed_once_worked() {
    let (_dir, path) = setup();
    let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut alice = Database::open(&path)
        .unwrap()
        .session("alice", monday)
        .unwrap();
    alice
        .add_time_entry(&NewTimeEntry {
            date: monday,
            ..entry(60)
        })
        .unwrap();
    let before = everything(&path);

    let tomorrow = NewTimeEntry {
        date: monday.succ_opt().unwrap(),
        ..entry(30)
    };
    let refused = alice.add_time_entry(&tomorrow).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "time is declared for days already begun: 2026-11-24 is after today (2026-11-23)"
    );
    let june = NewTimeEntry {
        date: NaiveDate::from_ymd_opt(2027, 6, 20).unwrap(),
        ..entry(30)
    };
    assert!(alice.add_time_entry(&june).is_err());
    let first = alice.week_entries(None, week()).unwrap()[0].clone();
    assert!(
        alice
            .update_time_entry(first.id, first.version, &tomorrow)
            .is_err(),
        "nor moved there"
    );
    assert_eq!(everything(&path), before, "nothing written on a refusal");

    let refused = alice.submit_week(None, week()).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "week 2026-W48 can be submitted from its last working day on (2026-11-27): time is signed once worked"
    );
    let far: IsoWeek = "2027-W10".parse().unwrap();
    assert!(
        alice.submit_week(None, far).is_err(),
        "an empty future week neither"
    );
    let mut coord = Database::open(&path)
        .unwrap()
        .session("coord", monday)
        .unwrap();
    let refused = coord.validate_week("alice", far).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "week 2027-W10 of alice is not submitted yet: it can be validated once its referent has submitted it"
    );
    assert_eq!(everything(&path), before, "nothing written on a refusal");

    // On Friday the week is worked: it is submitted, then validated.
    let mut alice = session(&path, "alice");
    alice.submit_week(None, week()).unwrap();
    assert_eq!(
        session(&path, "coord")
            .validate_week("alice", week())
            .unwrap()
            .status,
        WeekStatus::Validated
    );
}

#[test]
fn a_reopened_week_tells_its_referent_why_once() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    alice.add_time_entry(&entry(60)).unwrap();
    alice.submit_week(None, week()).unwrap();
    let mut coord = session(&path, "coord");
    coord.validate_week("alice", week()).unwrap();
    coord
        .record_week_export(
            "alice",
            week(),
            "abc",
            "content",
            "2026-11-27T13:00:00Z".parse().unwrap(),
        )
        .unwrap();
    let reopened = coord
        .reopen_week("alice", week(), "  IND au lieu de FILE mardi ")
        .unwrap();
    assert_eq!(reopened.status, WeekStatus::Draft);
    assert_eq!(
        reopened.reopen_reason.as_deref(),
        Some("IND au lieu de FILE mardi")
    );
    assert_eq!(reopened.reopened_by.as_deref(), Some("Coordination"));
    assert!(!reopened.reopen_seen);
    assert_eq!(
        reopened.export_sha256.as_deref(),
        Some("abc"),
        "the validated export's fingerprint is kept to name what changes"
    );

    let seen = alice.acknowledge_reopen(week()).unwrap();
    assert!(seen.reopen_seen);
    assert_eq!(
        seen.reopen_reason.as_deref(),
        Some("IND au lieu de FILE mardi")
    );
    let audit_rows = week_state(&path).0;
    alice.acknowledge_reopen(week()).unwrap();
    assert_eq!(
        week_state(&path).0,
        audit_rows,
        "seen once: nothing more to write"
    );
}

#[test]
fn a_coordinator_names_the_line_manager() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    let before = week_state(&path);
    assert!(matches!(
        alice.set_manager("alice", "Moi-même").unwrap_err(),
        StoreError::Forbidden { .. }
    ));
    assert_eq!(week_state(&path), before, "nothing written on a refusal");
    let mut coord = session(&path, "coord");
    coord.set_manager("alice", "Hélène Direction").unwrap();
    assert_eq!(week_state(&path).0, before.0 + 1, "audited");
    assert_eq!(alice.manager(None).unwrap(), "Hélène Direction");
    assert_eq!(
        coord.week(Some("alice"), week()).unwrap().manager,
        "Hélène Direction"
    );
    assert!(coord.set_manager("nobody", "X").is_err());
}

/// A week whose stored status is damaged is not read as a draft: every change
/// of its time is refused with an error naming the value, and nothing is written.
#[test]
fn a_damaged_week_status_locks_rather_than_unlocks() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    alice.add_time_entry(&entry(60)).unwrap();
    alice.submit_week(None, week()).unwrap();
    session(&path, "coord")
        .validate_week("alice", week())
        .unwrap();
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE week SET status = 'Validated'", [])
        .unwrap();
    let before = dump(&path);

    let refused = alice.add_time_entry(&entry(30));
    assert!(
        matches!(&refused, Err(StoreError::Unreadable { value, .. }) if value == "Validated"),
        "{refused:?}"
    );
    assert!(alice.week_status(None, week()).is_err());
    assert_eq!(dump(&path), before);
}

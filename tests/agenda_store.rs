//! The agenda's store calls on a real SQLite file: marking done writes the
//! journal contact and the audit rows in the same transaction, no-shows go to
//! the journal, edits carry the version they read, weekly slots keep their
//! local time across the daylight-saving change, and a coordinator reads any
//! agenda but changes only their own. Fictional people, today 2026-11-23.

#[path = "common/tui_kit.rs"]
mod kit;

use kit::d;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use parcours::domain::agenda::{AppointmentKind, AppointmentStatus};
use parcours::domain::journal::ContactKind;
use parcours::domain::participant::NewParticipant;
use parcours::domain::schedule::{AppointmentFields, local_instant, weekly_starts};
use parcours::domain::user::Role;
use parcours::i18n::{Lang, set_language};
use parcours::store::{Database, Session, StoreError};
use rusqlite::Connection;

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 23);

fn session(path: &Path, login: &str) -> Session {
    set_language(Lang::En);
    Database::open(path)
        .unwrap()
        .session(login, d(TODAY.0, TODAY.1, TODAY.2))
        .unwrap()
}

/// A database with a coordinator, referents `demo` and `autre`, and one participant of `demo`.
fn database(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("agenda.db");
    let mut db = Database::open(&path).unwrap();
    db.init("coord", "Alex Coordination").unwrap();
    let mut coord = db.session("coord", d(2026, 11, 23)).unwrap();
    coord
        .add_user("demo", "Camille Exemple", Role::Referent, 1.0)
        .unwrap();
    coord
        .add_user("autre", "Dominique Autre", Role::Referent, 1.0)
        .unwrap();
    let new = NewParticipant {
        last_name: "Zorglub".into(),
        first_name: "Test".into(),
        birth_date: Some(d(1990, 5, 17)),
        oriented_on: Some(d(2026, 9, 1)),
        ..Default::default()
    };
    let file = coord
        .add_participant(&new, Some("demo"))
        .unwrap()
        .file_number;
    (path, file)
}

fn fields(file: Option<&str>, day: NaiveDate, time: NaiveTime, minutes: u32) -> AppointmentFields {
    AppointmentFields {
        participant: file.map(str::to_owned),
        kind: AppointmentKind::Individual,
        starts_at: local_instant(day, time, Paris).unwrap(),
        minutes,
        title: "Point mensuel".into(),
        location: "Bureau 2".into(),
        notes: "Apporter le CV".into(),
    }
}

fn one(session: &mut Session, f: &AppointmentFields) -> parcours::domain::agenda::Appointment {
    session
        .create_appointments(f, &[f.starts_at])
        .unwrap()
        .remove(0)
}

fn audit_actions(conn: &Connection, entity: &str, id: i64) -> Vec<String> {
    let mut stmt = conn
        .prepare("SELECT action FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id")
        .unwrap();
    stmt.query_map(rusqlite::params![entity, id], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<Vec<String>>>()
        .unwrap()
}

#[test]
fn marking_done_writes_the_journal_contact_and_its_audit_then_the_note() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let mut demo = session(&path, "demo");
    let f = fields(Some(&file), d(2026, 11, 23), hm(9, 30), 45);
    let appt = one(&mut demo, &f);
    let change = demo
        .set_appointment_status(appt.id, appt.version, AppointmentStatus::Done, Paris)
        .unwrap();
    assert_eq!(change.appointment.status, AppointmentStatus::Done);
    let contact = change.contact.expect("a journal contact");
    assert_eq!(contact.kind, ContactKind::FaceToFace);
    assert_eq!(contact.summary, "");
    drop(demo);

    let sql = Connection::open(&path).unwrap();
    let (status, version): (String, i64) = sql
        .query_row(
            "SELECT status, version FROM appointment WHERE id = ?1",
            [appt.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((status.as_str(), version), ("done", 2));
    let row: (String, String, i64, String, i64, String) = sql
        .query_row(
            "SELECT p.file_number, c.contact_on, c.minutes, c.kind, c.appointment_id, u.login
             FROM contact c JOIN participant p ON p.id = c.participant_id JOIN user u ON u.id = c.author_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(
        row,
        (
            file.clone(),
            "2026-11-23".into(),
            45,
            "face_to_face".into(),
            appt.id,
            "demo".into()
        )
    );
    assert_eq!(
        audit_actions(&sql, "appointment", appt.id),
        ["create", "done"]
    );
    assert_eq!(audit_actions(&sql, "contact", contact.id), ["create"]);

    let mut demo = session(&path, "demo");
    assert_eq!(
        demo.appointment_contact(appt.id).unwrap(),
        Some(contact.clone())
    );
    let empty = demo.write_appointment_note(contact.id, contact.version, "  ", "");
    assert!(matches!(empty, Err(StoreError::Invalid(_))), "{empty:?}");
    let noted = demo
        .write_appointment_note(
            contact.id,
            contact.version,
            "CV revu, piste en logistique",
            "Relancer l'agence",
        )
        .unwrap();
    assert_eq!(noted.version, contact.version + 1);
    let stale = demo.write_appointment_note(contact.id, contact.version, "autre", "");
    assert!(
        matches!(stale, Err(StoreError::Conflict { .. })),
        "{stale:?}"
    );
    drop(demo);
    let summary: String = sql
        .query_row(
            "SELECT summary FROM contact WHERE id = ?1",
            [contact.id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(summary, "CV revu, piste en logistique");
    assert_eq!(
        audit_actions(&sql, "contact", contact.id),
        ["create", "update"]
    );
}

#[test]
fn no_show_is_journalled_cancel_is_not_and_only_planned_appointments_change() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let mut demo = session(&path, "demo");
    let missed = one(
        &mut demo,
        &fields(Some(&file), d(2026, 11, 20), hm(14, 0), 60),
    );
    let change = demo
        .set_appointment_status(missed.id, missed.version, AppointmentStatus::NoShow, Paris)
        .unwrap();
    let contact = change.contact.unwrap();
    assert_eq!((contact.kind, contact.minutes), (ContactKind::NoShow, 0));
    assert_eq!(contact.contact_on, d(2026, 11, 20));

    let cancelled = one(
        &mut demo,
        &fields(Some(&file), d(2026, 11, 24), hm(9, 0), 60),
    );
    let change = demo
        .set_appointment_status(
            cancelled.id,
            cancelled.version,
            AppointmentStatus::Cancelled,
            Paris,
        )
        .unwrap();
    assert_eq!(change.contact, None);
    let again = demo.set_appointment_status(
        cancelled.id,
        change.appointment.version,
        AppointmentStatus::Done,
        Paris,
    );
    assert!(matches!(again, Err(StoreError::Invalid(_))), "{again:?}");
    let edit = demo.update_appointment(
        cancelled.id,
        change.appointment.version,
        &fields(None, d(2026, 11, 25), hm(9, 0), 30),
    );
    assert!(matches!(edit, Err(StoreError::Invalid(_))), "{edit:?}");

    let future = one(
        &mut demo,
        &fields(Some(&file), d(2026, 11, 24), hm(10, 0), 60),
    );
    let early =
        demo.set_appointment_status(future.id, future.version, AppointmentStatus::Done, Paris);
    assert!(matches!(early, Err(StoreError::Invalid(_))), "{early:?}");
    drop(demo);
    let sql = Connection::open(&path).unwrap();
    let contacts: i64 = sql
        .query_row("SELECT COUNT(*) FROM contact", [], |r| r.get(0))
        .unwrap();
    assert_eq!(contacts, 1, "only the no-show went to the journal");
}

#[test]
fn edits_carry_the_version_they_read_and_keep_notes() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let mut demo = session(&path, "demo");
    let appt = one(
        &mut demo,
        &fields(Some(&file), d(2026, 11, 25), hm(9, 0), 60),
    );
    let mut moved = fields(None, d(2026, 11, 26), hm(15, 30), 90);
    moved.notes = "Déplacé à la demande".into();
    let saved = demo
        .update_appointment(appt.id, appt.version, &moved)
        .unwrap();
    assert_eq!(
        saved.starts_at,
        Utc.with_ymd_and_hms(2026, 11, 26, 14, 30, 0).unwrap()
    );
    assert_eq!(
        (saved.minutes, saved.participant.as_deref(), saved.version),
        (90, None, 2)
    );
    assert_eq!(saved.uid, appt.uid, "the calendar uid stays");
    let detail = demo.appointment(appt.id).unwrap();
    assert_eq!(detail.notes, "Déplacé à la demande");
    let stale = demo.update_appointment(appt.id, appt.version, &moved);
    match stale {
        Err(StoreError::Conflict { by, .. }) => assert_eq!(by, "demo"),
        other => panic!("expected a conflict, got {other:?}"),
    }
    let listed = demo.participant_appointments(&file).unwrap();
    assert!(
        listed.is_empty(),
        "the participant was taken off the appointment"
    );
}

#[test]
fn a_coordinator_reads_any_agenda_but_changes_only_their_own() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let mut demo = session(&path, "demo");
    let appt = one(
        &mut demo,
        &fields(Some(&file), d(2026, 11, 23), hm(9, 0), 60),
    );
    drop(demo);

    let mut coord = session(&path, "coord");
    let week = coord
        .appointments_between(
            Some("demo"),
            Utc.with_ymd_and_hms(2026, 11, 23, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 11, 30, 0, 0, 0).unwrap(),
        )
        .unwrap();
    assert_eq!(week.len(), 1);
    assert_eq!(coord.appointment(appt.id).unwrap().notes, "Apporter le CV");
    assert_eq!(coord.participant_appointments(&file).unwrap().len(), 1);
    let refused =
        coord.set_appointment_status(appt.id, appt.version, AppointmentStatus::Done, Paris);
    assert!(
        matches!(refused, Err(StoreError::Forbidden { .. })),
        "{refused:?}"
    );
    let refused = coord.update_appointment(
        appt.id,
        appt.version,
        &fields(None, d(2026, 11, 24), hm(9, 0), 60),
    );
    assert!(
        matches!(refused, Err(StoreError::Forbidden { .. })),
        "{refused:?}"
    );
    drop(coord);

    let other = session(&path, "autre");
    assert!(matches!(
        other.appointment(appt.id),
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        other.participant_appointments(&file),
        Err(StoreError::Forbidden { .. })
    ));
}

#[test]
fn a_weekly_slot_is_one_series_at_the_same_local_time_across_dst() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _) = database(dir.path());
    let mut demo = session(&path, "demo");
    let mut welcome = fields(None, d(2026, 10, 13), hm(9, 0), 180);
    welcome.kind = AppointmentKind::Welcome;
    let starts = weekly_starts(d(2026, 10, 13), hm(9, 0), d(2026, 11, 3), Paris).unwrap();
    let created = demo.create_appointments(&welcome, &starts).unwrap();
    assert_eq!(created.len(), 4);
    let local: Vec<String> = created
        .iter()
        .map(|a| {
            a.starts_at
                .with_timezone(&Paris)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .collect();
    assert_eq!(
        local,
        [
            "2026-10-13 09:00",
            "2026-10-20 09:00",
            "2026-10-27 09:00",
            "2026-11-03 09:00"
        ]
    );
    let uids: std::collections::BTreeSet<&str> = created.iter().map(|a| a.uid.as_str()).collect();
    assert_eq!(uids.len(), 4, "one uid per occurrence");
    let series: Vec<Option<String>> = created
        .iter()
        .map(|a| demo.appointment(a.id).unwrap().series)
        .collect();
    assert!(series[0].is_some());
    assert!(series.iter().all(|s| *s == series[0]), "{series:?}");
    drop(demo);
    let sql = Connection::open(&path).unwrap();
    let stored: Vec<String> = sql
        .prepare("SELECT starts_at FROM appointment ORDER BY starts_at")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        stored,
        [
            "2026-10-13T07:00:00Z",
            "2026-10-20T07:00:00Z",
            "2026-10-27T08:00:00Z",
            "2026-11-03T08:00:00Z"
        ]
    );
}

//! The participant file in the store: journal contacts, pathway steps,
//! barriers, milestone reviews and the exit. Each write leaves its row and
//! its audit row in a real SQLite file; two sessions editing the same record
//! cannot overwrite each other; a referent cannot write in another caseload.

#[path = "common/tui_kit.rs"]
mod kit;

use kit::{count, d, one_file_database, session, today};
use std::path::Path;

use chrono::NaiveDate;
use parcours::domain::journal::ContactKind;
use parcours::domain::lifecycle::{Event, ExitOutcome, Situation, Validation};
use parcours::domain::participant::Status;
use parcours::domain::pathway::{BarrierKind, StepKind, StepOutcome};
use parcours::store::{NewBarrier, NewContact, NewMilestone, NewStep, StoreError};
use rusqlite::Connection;

/// The audit actions recorded for one record, oldest first.
fn audit_actions(path: &Path, entity: &str, id: i64) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT action FROM audit WHERE entity = ?1 AND entity_id = ?2 ORDER BY id")
        .unwrap();
    stmt.query_map(rusqlite::params![entity, id], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<Vec<String>>>()
        .unwrap()
}

fn contact(on: NaiveDate, summary: &str) -> NewContact {
    NewContact {
        contact_on: on,
        kind: ContactKind::FaceToFace,
        minutes: 45,
        summary: summary.into(),
        next_action: "Envoyer le CV".into(),
        appointment_id: None,
    }
}

#[test]
fn contacts_are_written_audited_and_listed_newest_first() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = one_file_database(dir.path());
    let mut demo = session(&path, "demo");
    let first = demo
        .add_contact(&file, &contact(d(2026, 10, 2), "Premier entretien"))
        .unwrap();
    let second = demo
        .add_contact(&file, &contact(d(2026, 11, 20), ""))
        .unwrap();
    assert_eq!(second.author, "demo");
    assert_eq!(second.participant, file);
    let listed: Vec<i64> = demo.contacts(&file).unwrap().iter().map(|c| c.id).collect();
    assert_eq!(listed, [second.id, first.id]);

    let mut noted = second.clone();
    noted.details.summary = "Point sur la recherche".into();
    let saved = demo.update_contact(&noted).unwrap();
    assert_eq!(saved.version, second.version + 1);
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM contact WHERE summary = 'Point sur la recherche' AND minutes = 45"
        ),
        1
    );
    assert_eq!(audit_actions(&path, "contact", first.id), ["create"]);
    assert_eq!(
        audit_actions(&path, "contact", second.id),
        ["create", "update"]
    );

    let future = demo.add_contact(&file, &contact(d(2026, 12, 1), ""));
    assert!(matches!(future, Err(StoreError::Invalid(_))), "{future:?}");
    let before_orientation = demo.add_contact(&file, &contact(d(2025, 12, 1), ""));
    assert!(matches!(before_orientation, Err(StoreError::Invalid(_))));
    assert_eq!(count(&path, "SELECT COUNT(*) FROM contact"), 2);
}

#[test]
fn steps_are_added_edited_and_closed_with_their_audit_rows() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = one_file_database(dir.path());
    let mut demo = session(&path, "demo");
    let new = NewStep {
        kind: StepKind::QualifyingTraining,
        provider: "Organisme Fictif".into(),
        planned_start: Some(d(2026, 3, 1)),
        planned_end: Some(d(2026, 9, 30)),
        actual_start: Some(d(2026, 3, 2)),
        actual_end: None,
        outcome: Some(StepOutcome::Ongoing),
        note: String::new(),
    };
    let step = demo.add_step(&file, &new).unwrap();
    assert!(!step.is_closed());

    let mut edited = step.clone();
    edited.details.provider = "Organisme Imaginaire".into();
    let edited = demo.update_step(&edited).unwrap();

    let mut closing = edited.clone();
    closing.details.actual_end = Some(d(2026, 10, 3));
    closing.details.outcome = Some(StepOutcome::Completed);
    let closed = demo.update_step(&closing).unwrap();
    assert!(closed.is_closed());
    assert_eq!(demo.steps(&file).unwrap(), std::slice::from_ref(&closed));
    assert_eq!(
        audit_actions(&path, "step", step.id),
        ["create", "update", "close"]
    );
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM step WHERE outcome = 'completed' AND actual_end = '2026-10-03'
             AND provider = 'Organisme Imaginaire' AND version = 3"
        ),
        1
    );

    let mut bad = closed.clone();
    bad.details.actual_end = Some(d(2026, 1, 1));
    assert!(matches!(
        demo.update_step(&bad),
        Err(StoreError::Invalid(_))
    ));
    let mut no_outcome = new.clone();
    no_outcome.actual_end = Some(d(2026, 4, 1));
    assert!(matches!(
        demo.add_step(&file, &no_outcome),
        Err(StoreError::Invalid(_))
    ));
}

#[test]
fn barriers_are_noted_and_lifted_and_milestones_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = one_file_database(dir.path());
    let mut demo = session(&path, "demo");
    let barrier = demo
        .add_barrier(
            &file,
            &NewBarrier {
                kind: BarrierKind::Mobility,
                noted_on: d(2026, 2, 1),
                note: "Pas de permis".into(),
            },
        )
        .unwrap();
    let lifted = demo.lift_barrier(&barrier, d(2026, 8, 14)).unwrap();
    assert_eq!(lifted.lifted_on, Some(d(2026, 8, 14)));
    assert_eq!(
        audit_actions(&path, "barrier", barrier.id),
        ["create", "lift"]
    );
    assert!(matches!(
        demo.lift_barrier(&lifted, d(2026, 1, 1)),
        Err(StoreError::Invalid(_))
    ));

    let review = demo
        .add_milestone(
            &file,
            &NewMilestone {
                held_on: d(2026, 7, 1),
                objectives: "Permis B".into(),
                achieved: "Code obtenu".into(),
                new_objectives: "Conduite".into(),
            },
        )
        .unwrap();
    assert_eq!(
        demo.milestones(&file).unwrap(),
        std::slice::from_ref(&review)
    );
    assert_eq!(audit_actions(&path, "milestone", review.id), ["create"]);
    assert_eq!(
        count(
            &path,
            "SELECT COUNT(*) FROM milestone WHERE objectives = 'Permis B'"
        ),
        1
    );
    let empty = demo.add_milestone(
        &file,
        &NewMilestone {
            held_on: d(2026, 7, 1),
            objectives: String::new(),
            achieved: String::new(),
            new_objectives: String::new(),
        },
    );
    assert!(matches!(empty, Err(StoreError::Invalid(_))));
}

#[test]
fn a_job_exit_is_provisional_until_its_six_month_check() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = one_file_database(dir.path());
    let mut demo = session(&path, "demo");
    let p = demo.participant(&file).unwrap();
    let job = demo
        .record_event(
            &file,
            p.version,
            &Event::exit(d(2026, 10, 1), ExitOutcome::Cdi, ""),
        )
        .unwrap();
    assert_eq!(job.status, Status::JobFollowUp);
    assert_eq!(job.exit_on, Some(d(2026, 10, 1)));
    assert_eq!(job.exit_validation, Some(Validation::Provisional));
    assert_eq!(job.exit_check_due, Some(d(2027, 4, 1)));
    let again = Event::exit(d(2026, 10, 1), ExitOutcome::DropOut, "");
    assert!(demo.record_event(&file, job.version, &again).is_err());
    let early = Event::follow_up(today(), Situation::Employed, "");
    assert!(demo.record_event(&file, job.version, &early).is_err());
    let ended = Event::follow_up(d(2026, 11, 2), Situation::Ended, "Contract broken off");
    let done = demo.record_event(&file, job.version, &ended).unwrap();
    assert_eq!(done.status, Status::Exited);
    assert_eq!(done.exit_outcome, Some(ExitOutcome::Cdi));
    assert_eq!(done.exit_validation, Some(Validation::NotValidated));
    assert_eq!(done.exit_checked_on, Some(d(2026, 11, 2)));
    assert_eq!(
        audit_actions(&path, "participant", p.id),
        [
            "create",
            "entry_file",
            "commission",
            "contract",
            "exit",
            "follow_up"
        ]
    );

    let other = tempfile::tempdir().unwrap();
    let (path2, file2) = one_file_database(other.path());
    let mut demo2 = session(&path2, "demo");
    let p2 = demo2.participant(&file2).unwrap();
    let moved = Event::exit(d(2026, 11, 2), ExitOutcome::MovedAway, "");
    let gone = demo2.record_event(&file2, p2.version, &moved).unwrap();
    assert_eq!(gone.status, Status::Exited);
    assert_eq!(gone.exit_validation, None);
    let check = Event::follow_up(today(), Situation::NoNews, "");
    assert!(demo2.record_event(&file2, gone.version, &check).is_err());
}

#[test]
fn two_sessions_editing_the_same_participant_the_second_save_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = one_file_database(dir.path());
    let mut demo = session(&path, "demo");
    let mut coord = session(&path, "coord");
    let mut mine = demo.participant(&file).unwrap();
    let mut theirs = coord.participant(&file).unwrap();

    theirs.details.phone = "0600000001".into();
    coord.update_participant(&theirs).unwrap();
    mine.details.commune = "Commune-Imaginaire".into();
    match demo.update_participant(&mine) {
        Err(StoreError::Conflict { by, at }) => {
            assert_eq!(by, "coord");
            assert!(
                at.is_some_and(|at| at.to_rfc3339().starts_with("20")),
                "{at:?}"
            );
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let stored = demo.participant(&file).unwrap();
    assert_eq!(stored.details.phone, "0600000001");
    assert_eq!(stored.details.commune, "", "nothing of the refused save");

    // The exit is locked the same way.
    let exit = Event::exit(d(2026, 11, 2), ExitOutcome::DropOut, "");
    let refused = demo.record_event(&file, mine.version, &exit);
    assert!(matches!(refused, Err(StoreError::Conflict { .. })));
    assert_eq!(demo.participant(&file).unwrap().status, Status::Active);
}

#[test]
fn two_sessions_editing_the_same_contact_the_second_save_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = one_file_database(dir.path());
    let mut demo = session(&path, "demo");
    let mut coord = session(&path, "coord");
    let created = demo
        .add_contact(&file, &contact(d(2026, 11, 2), ""))
        .unwrap();
    let mut mine = demo.contact(created.id).unwrap();
    let mut theirs = coord.contact(created.id).unwrap();
    theirs.details.summary = "Note de la coordination".into();
    coord.update_contact(&theirs).unwrap();
    mine.details.summary = "Note du référent".into();
    let refused = demo.update_contact(&mine);
    assert!(
        matches!(&refused, Err(StoreError::Conflict { by, .. }) if by == "coord"),
        "{refused:?}"
    );
    assert_eq!(
        demo.contact(created.id).unwrap().details.summary,
        "Note de la coordination"
    );
    assert_eq!(
        audit_actions(&path, "contact", created.id),
        ["create", "update"]
    );
}

#[test]
fn a_referent_cannot_write_in_another_caseload() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = one_file_database(dir.path());
    let mut autre = session(&path, "autre");
    let refused = autre.add_contact(&file, &contact(d(2026, 11, 2), ""));
    assert!(matches!(refused, Err(StoreError::Forbidden { .. })));
    let refused = autre.add_barrier(
        &file,
        &NewBarrier {
            kind: BarrierKind::Housing,
            noted_on: d(2026, 11, 2),
            note: String::new(),
        },
    );
    assert!(matches!(refused, Err(StoreError::Forbidden { .. })));
    assert!(matches!(
        autre.steps(&file),
        Err(StoreError::Forbidden { .. })
    ));
    assert_eq!(count(&path, "SELECT COUNT(*) FROM contact"), 0);
    assert_eq!(count(&path, "SELECT COUNT(*) FROM barrier"), 0);
}

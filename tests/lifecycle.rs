//! The lifecycle in the store: statuses only from dated events, step dates inside the
//! pathway, corrections with their cascade, re-entry, outcome figures following every
//! correction, and schema 007 turning an older database's typed statuses into events.

#[path = "common/tui_kit.rs"]
mod kit;
#[path = "common/cli_support.rs"]
mod support;

use std::path::{Path, PathBuf};

use kit::{d, record, session, today};
use parcours::domain::lifecycle::{Event, EventKind, ExitOutcome, Situation, Validation};
use parcours::domain::participant::{CommissionDecision, NewParticipant, Status};
use parcours::domain::pathway::StepKind;
use parcours::domain::period::Period;
use parcours::domain::user::Role;
use parcours::i18n::{Lang, set_language};
use parcours::store::{Change, Database, NewStep, migrate_to};
use rusqlite::Connection;
use support::contents;

/// A database with `coord`, referents `alice` and `bob`, and one file of alice's
/// oriented on 2026-01-05; its path and file number.
fn database(dir: &Path) -> (PathBuf, String) {
    set_language(Lang::En);
    let path = dir.join("lifecycle.db");
    let mut db = Database::open(&path).unwrap();
    db.init("coord", "Coordination Test").unwrap();
    let mut coord = db.session("coord", today()).unwrap();
    for login in ["alice", "bob"] {
        coord
            .add_user(login, &format!("{login} Testreferent"), Role::Referent, 1.0)
            .unwrap();
    }
    let new = NewParticipant {
        last_name: "Testcycle".into(),
        first_name: "Test".into(),
        birth_date: Some(d(1990, 5, 17)),
        oriented_on: Some(d(2026, 1, 5)),
        ..Default::default()
    };
    let file = coord
        .add_participant(&new, Some("alice"))
        .unwrap()
        .file_number;
    (path, file)
}

/// Tries `event` on `file` as `login`: refused with `needle`, nothing written.
fn refused(path: &Path, login: &str, file: &str, event: &Event, needle: &str) {
    let before = contents(path);
    let mut s = session(path, login);
    let version = s.participant(file).unwrap().version;
    let message = s
        .record_event(file, version, event)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains(needle),
        "`{message}` should say `{needle}`"
    );
    assert_eq!(contents(path), before, "{event:?} wrote something");
}

#[test]
fn a_participant_is_active_only_with_an_accepted_decision_and_a_contract() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let contract = Event::contract(d(2026, 2, 2));
    let needle = "cannot become active on 2026-02-02: there is no accepted commission decision";
    refused(&path, "alice", &file, &contract, needle);
    let mut alice = session(&path, "alice");
    record(&mut alice, &file, &Event::entry_file(d(2026, 1, 12)));
    let refusal = Event::commission(d(2026, 1, 20), CommissionDecision::Refused);
    let p = record(&mut alice, &file, &refusal);
    assert_eq!(p.status, Status::NotAdmitted);
    refused(&path, "alice", &file, &contract, needle);
    // Typed by hand, the status is refused too.
    let mut typed = alice.participant(&file).unwrap();
    typed.status = Status::Active;
    let message = alice.update_participant(&typed).unwrap_err().to_string();
    assert!(
        message.contains("the status and its dates follow from dated events"),
        "{message}"
    );
    // A second commission (an appeal) accepts: still not active without the contract.
    let accepted = Event::commission(d(2026, 1, 27), CommissionDecision::Accepted);
    assert_eq!(
        record(&mut alice, &file, &accepted).status,
        Status::AwaitingCommission
    );
    let active = record(&mut alice, &file, &contract);
    assert_eq!(active.status, Status::Active);
    assert_eq!(active.contract_on, Some(d(2026, 2, 2)));
}

#[test]
fn no_lifecycle_date_after_today_and_step_dates_inside_the_pathway() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let tomorrow = d(2026, 11, 24);
    for event in [
        Event::entry_file(tomorrow),
        Event::commission(tomorrow, CommissionDecision::Accepted),
        Event::contract(tomorrow),
        Event::exit(tomorrow, ExitOutcome::Cdi, ""),
        Event::follow_up(tomorrow, Situation::Employed, ""),
    ] {
        let what = event.kind.label();
        let needle = format!("{what} on 2026-11-24 is after today (2026-11-23)");
        refused(&path, "alice", &file, &event, &needle);
    }
    refused(
        &path,
        "alice",
        &file,
        &Event::entry_file(d(2026, 1, 2)),
        "Entry file complete on 2026-01-02 is before the orientation on 2026-01-05",
    );
    let mut alice = session(&path, "alice");
    let step = |start, end| NewStep {
        kind: StepKind::WorkExperience,
        provider: "Entreprise Fictive".into(),
        planned_start: Some(d(2026, 11, 2)),
        planned_end: Some(d(2026, 12, 18)),
        actual_start: Some(start),
        actual_end: Some(end),
        outcome: Some(parcours::domain::pathway::StepOutcome::Completed),
        note: String::new(),
    };
    let before = contents(&path);
    let future = alice
        .add_step(&file, &step(d(2026, 11, 2), d(2026, 12, 18)))
        .unwrap_err()
        .to_string();
    assert!(
        future.contains("the step's actual end 2026-12-18 is after today (2026-11-23)"),
        "{future}"
    );
    let early = alice
        .add_step(&file, &step(d(2025, 12, 1), d(2026, 1, 10)))
        .unwrap_err()
        .to_string();
    assert!(
        early.contains("actual start 2025-12-01 is before the orientation on 2026-01-05"),
        "{early}"
    );
    assert_eq!(contents(&path), before);
    let kept = alice
        .add_step(&file, &step(d(2026, 11, 2), d(2026, 11, 20)))
        .unwrap();
    let mut later = kept.clone();
    later.details.actual_end = Some(tomorrow);
    assert!(alice.update_step(&later).is_err(), "edits are checked too");
}

/// Alice's file entered on 2026-02-02 and left for a CDI on 2026-03-02, checked on
/// 2026-09-07 still in the job.
fn validated_job(path: &Path, file: &str) {
    let mut alice = session(path, "alice");
    kit::enter(&mut alice, file, d(2026, 2, 2));
    record(
        &mut alice,
        file,
        &Event::exit(d(2026, 3, 2), ExitOutcome::Cdi, ""),
    );
    let check = Event::follow_up(d(2026, 9, 7), Situation::Employed, "Toujours en poste");
    let p = record(&mut alice, file, &check);
    assert_eq!(p.exit_validation, Some(Validation::Validated));
}

#[test]
fn a_corrected_or_cancelled_exit_takes_its_check_with_it_and_the_figures_follow() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    validated_job(&path, &file);
    let year = Period::new(d(2026, 1, 1), today()).unwrap();
    let mut coord = session(&path, "coord");
    let figures = coord.outcomes(year, Some("alice")).unwrap().total.counts;
    assert_eq!((figures.exits, figures.positive()), (1, 1));

    // A referent may not correct.
    let events = coord.lifecycle_events(&file).unwrap();
    let exit = events
        .iter()
        .find(|r| r.event.kind == EventKind::Exit)
        .unwrap()
        .clone();
    let mut alice = session(&path, "alice");
    let version = alice.participant(&file).unwrap().version;
    let before = contents(&path);
    let change = Change::Amend {
        on: Some(d(2026, 3, 9)),
        value: None,
    };
    let refusal = alice
        .correct_event(&file, version, exit.id, "Typo", &change)
        .unwrap_err()
        .to_string();
    assert_eq!(
        refusal,
        "refused: alice may not correct or cancel an entry, a commission decision or an exit"
    );
    assert_eq!(contents(&path), before);

    // The coordinator corrects the outcome: the check, about the exit recorded, goes.
    let change = Change::Amend {
        on: None,
        value: Some("cdd_6m".into()),
    };
    let fixed = coord
        .correct_event(
            &file,
            version,
            exit.id,
            "Un CDD de 8 mois, pas un CDI",
            &change,
        )
        .unwrap();
    assert_eq!(fixed.exit_outcome, Some(ExitOutcome::FixedTerm));
    assert_eq!(fixed.status, Status::JobFollowUp);
    assert_eq!(fixed.exit_validation, Some(Validation::Provisional));
    let history = coord.lifecycle_events(&file).unwrap();
    let voided: Vec<(EventKind, String)> = history
        .iter()
        .filter_map(|r| Some((r.event.kind, r.voided.as_ref()?.reason.clone())))
        .collect();
    assert_eq!(
        voided,
        [
            (EventKind::Exit, "Un CDD de 8 mois, pas un CDI".to_owned()),
            (
                EventKind::FollowUp,
                "Un CDD de 8 mois, pas un CDI".to_owned()
            )
        ]
    );
    assert!(history.iter().all(|r| {
        r.voided
            .as_ref()
            .is_none_or(|v| v.by.as_deref() == Some("coord"))
    }));
    let figures = coord.outcomes(year, Some("alice")).unwrap().total.counts;
    assert_eq!(
        (figures.exits, figures.positive(), figures.provisional),
        (1, 0, 1)
    );

    // A stale version is a conflict; the exit cancelled, the person is active again.
    let current = history
        .iter()
        .find(|r| r.event.kind == EventKind::Exit && r.is_live())
        .unwrap();
    assert!(matches!(
        coord.correct_event(&file, version, current.id, "Typo", &Change::Cancel),
        Err(parcours::store::StoreError::Conflict { .. })
    ));
    let back = coord
        .correct_event(
            &file,
            fixed.version,
            current.id,
            "Sortie saisie par erreur",
            &Change::Cancel,
        )
        .unwrap();
    assert_eq!(back.status, Status::Active);
    assert_eq!(back.exit(), None);
    let figures = coord.outcomes(year, Some("alice")).unwrap().total.counts;
    assert_eq!(figures.exits, 0);
    let message = coord
        .correct_event(&file, back.version, current.id, "Again", &Change::Cancel)
        .unwrap_err()
        .to_string();
    assert!(
        message.contains("was already corrected or cancelled"),
        "{message}"
    );
}

#[test]
fn a_re_entry_keeps_the_first_entry_date() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = database(dir.path());
    let mut alice = session(&path, "alice");
    kit::enter(&mut alice, &file, d(2026, 2, 2));
    record(
        &mut alice,
        &file,
        &Event::exit(d(2026, 4, 1), ExitOutcome::DropOut, ""),
    );
    let back = record(&mut alice, &file, &Event::entry_file(d(2026, 9, 1)));
    assert_eq!(back.status, Status::AwaitingCommission);
    assert_eq!(back.exit(), None, "the earlier exit is no longer in force");
    let accepted = Event::commission(d(2026, 9, 10), CommissionDecision::Accepted);
    record(&mut alice, &file, &accepted);
    let again = record(&mut alice, &file, &Event::contract(d(2026, 9, 17)));
    assert_eq!(again.status, Status::Active);
    assert_eq!(
        again.contract_on,
        Some(d(2026, 2, 2)),
        "one participant per operation"
    );
    let lifecycle = alice.lifecycle(&file).unwrap();
    assert_eq!(lifecycle.contract_on, Some(d(2026, 9, 17)));
    let figures = alice
        .outcomes(Period::new(d(2026, 1, 1), today()).unwrap(), None)
        .unwrap()
        .total
        .counts;
    assert_eq!((figures.entries, figures.exits), (1, 0));
}

/// A participant row of schema 5, as the old program wrote it.
fn old_row(conn: &Connection, n: u32, status: &str, dates: [Option<&str>; 5], updated: &str) {
    let [commission_on, decision, contract_on, exit_on, outcome] = dates;
    conn.execute(
        "INSERT INTO participant (file_number, last_name, first_name, birth_date, status, oriented_on,
            commission_on, commission_decision, contract_on, exit_on, exit_outcome,
            created_at, updated_at, updated_by)
         VALUES (?1, 'Ancien', 'Test', '1980-01-01', ?2, '2024-01-08', ?3, ?4, ?5, ?6, ?7,
            '2024-01-08T10:00:00Z', ?8, 1)",
        rusqlite::params![
            format!("P-2024-{n:04}"),
            status,
            commission_on,
            decision,
            contract_on,
            exit_on,
            outcome,
            updated
        ],
    )
    .unwrap();
}

#[test]
fn schema_007_turns_typed_statuses_into_events_and_sets_aside_what_does_not_follow() {
    set_language(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        migrate_to(&mut conn, 5).unwrap();
        conn.execute(
            "INSERT INTO user (login, name, role, created_at) VALUES ('coord', 'Coordination', 'coordinator', '2024-01-01T00:00:00Z')",
            [],
        )
        .unwrap();
        let (c, a) = (Some("2024-01-25"), Some("accepted"));
        let contract = Some("2024-02-01");
        // 1: active, with its dates; 2: typed active with a refusal (the old bug).
        old_row(
            &conn,
            1,
            "active",
            [c, a, contract, None, None],
            "2024-02-01T10:00:00Z",
        );
        old_row(
            &conn,
            2,
            "active",
            [c, Some("refused"), contract, None, None],
            "2024-02-01T10:00:00Z",
        );
        // 3: a job whose follow-up was closed on day 4; 4: one closed after six months.
        let job = [c, a, contract, Some("2025-03-03"), Some("permanent_job")];
        old_row(&conn, 3, "exited", job, "2025-03-07T10:00:00Z");
        old_row(&conn, 4, "exited", job, "2025-09-10T10:00:00Z");
        for (id, at) in [(3, "2025-03-07T10:00:00Z"), (4, "2025-09-10T10:00:00Z")] {
            conn.execute(
                "INSERT INTO audit (at, actor_id, entity, entity_id, action) VALUES (?1, 1, 'participant', ?2, 'confirm')",
                rusqlite::params![at, id],
            )
            .unwrap();
        }
        // 5: waiting for the commission; 6: gave up.
        old_row(
            &conn,
            5,
            "awaiting_commission",
            [None; 5],
            "2024-01-15T10:00:00Z",
        );
        let gone = [c, a, contract, Some("2024-06-03"), Some("gave_up")];
        old_row(&conn, 6, "exited", gone, "2024-06-03T10:00:00Z");
    }
    let s = Database::open(&path)
        .unwrap()
        .session("coord", today())
        .unwrap();
    let file = |n: u32| s.participant(&format!("P-2024-{n:04}")).unwrap();
    assert_eq!(file(1).status, Status::Active);
    let bug = file(2);
    assert_eq!(bug.status, Status::NotAdmitted);
    let set_aside = s.lifecycle_events(&bug.file_number).unwrap();
    let contract_event = set_aside
        .iter()
        .find(|r| r.event.kind == EventKind::Contract)
        .unwrap();
    let voided = contract_event.voided.as_ref().unwrap();
    assert!(voided.by.is_none());
    assert!(
        voided
            .reason
            .starts_with("set aside when the database was brought up to date:")
            && voided.reason.contains("no accepted commission decision"),
        "{}",
        voided.reason
    );
    let day_four = file(3);
    assert_eq!(day_four.status, Status::JobFollowUp);
    assert_eq!(day_four.exit_outcome, Some(ExitOutcome::Cdi));
    assert_eq!(day_four.exit_validation, Some(Validation::Provisional));
    let confirmed = file(4);
    assert_eq!(confirmed.status, Status::Exited);
    assert_eq!(confirmed.exit_validation, Some(Validation::Validated));
    assert_eq!(confirmed.exit_checked_on, Some(d(2025, 9, 10)));
    let waiting = file(5);
    assert_eq!(waiting.status, Status::AwaitingCommission);
    assert_eq!(waiting.entry_file_on, Some(d(2024, 1, 15)));
    let gave_up = file(6);
    assert_eq!(gave_up.exit_outcome, Some(ExitOutcome::DropOut));
    assert_eq!(gave_up.exit_validation, None);
    assert!(
        s.lifecycle_events("P-2024-0001")
            .unwrap()
            .iter()
            .all(|r| r.recorded_by.is_none()),
        "carried over, not recorded by anyone"
    );
}

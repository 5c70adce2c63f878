//! The ESF participant record in the store, on a real SQLite file: the entry validated by
//! its first complete save and corrected afterwards only with a reason (a dated row per
//! item), the participant file's core items guarded once validated, the exit and six-month
//! stages opened by the exit, the checks, the optimistic version, the permissions (the
//! participant's referent and the coordinators only), the caseload's late-stage alerts,
//! and audit rows that name items but never hold an answer.

#[path = "common/cli_support.rs"]
mod cli;
#[path = "common/tui_kit.rs"]
mod kit;

use kit::{count, d, one_file_database, session, session_on, today};
use parcours::domain::esf::{
    Answer, EntryAnswers, EsfItem, EsfStage, ExitAnswers, FollowUpAnswers,
};
use parcours::domain::journal::Alert;
use parcours::domain::participant::{EducationLevel, ExitOutcome, LabourStatus, Sex};
use parcours::domain::period::Period;
use parcours::store::StoreError;

/// A complete entry questionnaire, with two refusals.
fn complete() -> EntryAnswers {
    EntryAnswers {
        sex: Some(Sex::Female),
        labour_status: Some(LabourStatus::LongTermUnemployed),
        unemployed_since: Some(d(2024, 9, 1)),
        education: Some(EducationLevel::Level3),
        disability: Some(Answer::No),
        third_country: Some(Answer::Refused),
        foreign_background: Some(Answer::No),
        minority: Some(Answer::Refused),
        homeless: Some(Answer::No),
        rural: Some(Answer::Yes),
    }
}

#[test]
fn the_first_complete_entry_validates_it_and_later_changes_are_dated_corrections() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = one_file_database(dir.path());
    let mut demo = session(&path, "demo");
    let record = demo.esf_record(&file).unwrap();
    assert_eq!(record.entry_on, Some(d(2026, 2, 1)));
    assert!(
        record.entry.state.late,
        "four weeks after the contract, nothing answered"
    );
    let alerts = |s: &parcours::store::Session| {
        s.caseload(None)
            .unwrap()
            .into_iter()
            .find(|r| r.file_number.to_string() == file)
            .unwrap()
            .alerts
    };
    assert!(alerts(&demo).contains(&Alert::EsfEntry));

    let partial = EntryAnswers {
        rural: None,
        ..complete()
    };
    let record = demo
        .save_esf_entry(
            &file,
            &partial,
            record.version,
            record.participant_version,
            "",
        )
        .unwrap();
    assert_eq!(record.entry.state.missing, [EsfItem::Rural]);
    assert!(record.entry.validated.is_none());
    assert_eq!(
        record.entry.answers.sex,
        Some(Sex::Female),
        "written on the file"
    );
    assert_eq!(
        demo.participant(&file).unwrap().details.sex,
        Some(Sex::Female)
    );

    let record = demo
        .save_esf_entry(
            &file,
            &complete(),
            record.version,
            record.participant_version,
            "",
        )
        .unwrap();
    let validation = record.entry.validated.clone().expect("validated");
    assert_eq!(validation.by, "demo");
    assert!(record.entry.state.complete && !record.entry.state.late);
    assert!(!alerts(&demo).contains(&Alert::EsfEntry));
    assert_eq!(record.entry.age, Some(35), "age at the entry date");
    assert_eq!(record.entry.isced, Some("3-4"));

    // A change without a reason is refused, and nothing is written.
    let before = cli::contents(&path);
    let changed = EntryAnswers {
        minority: Some(Answer::No),
        ..complete()
    };
    let refused = demo.save_esf_entry(
        &file,
        &changed,
        record.version,
        record.participant_version,
        "  ",
    );
    assert!(
        matches!(&refused, Err(StoreError::Invalid(e)) if e.key == "esf.error.reason_required"),
        "{refused:?}"
    );
    assert_eq!(cli::contents(&path), before);

    let coord_reason = "Réponse donnée lors du rendez-vous suivant";
    let mut coord = session(&path, "coord");
    let record = coord
        .save_esf_entry(
            &file,
            &changed,
            record.version,
            record.participant_version,
            coord_reason,
        )
        .unwrap();
    assert_eq!(record.corrections.len(), 1);
    let correction = &record.corrections[0];
    assert_eq!(correction.item, EsfItem::Minority);
    assert_eq!(
        (correction.before.as_deref(), correction.after.as_deref()),
        (Some("refused"), Some("no"))
    );
    assert_eq!(
        (correction.reason.as_str(), correction.by.as_str()),
        (coord_reason, "coord")
    );
    assert_eq!(record.entry.validated, Some(validation), "kept");
    assert_eq!(count(&path, "SELECT COUNT(*) FROM esf_correction"), 1);

    // The audit rows name the items and the reason, never an answer.
    let conn = rusqlite::Connection::open(&path).unwrap();
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT action, after FROM audit WHERE entity = 'esf_record' ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let actions: Vec<&str> = rows.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["entry", "entry", "correct"]);
    for (_, after) in &rows {
        for answer in ["\"refused\"", "\"yes\"", "\"no\"", "2024-09-01"] {
            assert!(!after.contains(answer), "{answer} in {after}");
        }
    }
    assert!(rows[2].1.contains("minority") && rows[2].1.contains(coord_reason));
}

#[test]
fn a_validated_entry_guards_the_files_core_items_and_checks_the_unemployment_date() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = one_file_database(dir.path());
    let mut demo = session(&path, "demo");
    let record = demo.esf_record(&file).unwrap();
    let too_recent = EntryAnswers {
        unemployed_since: Some(d(2025, 9, 1)),
        ..complete()
    };
    let refused = demo.save_esf_entry(&file, &too_recent, 0, record.participant_version, "");
    assert!(
        matches!(&refused, Err(StoreError::Invalid(e)) if e.key == "esf.error.not_long_term"),
        "{refused:?}"
    );
    assert_eq!(count(&path, "SELECT COUNT(*) FROM esf_record"), 0);
    demo.save_esf_entry(&file, &complete(), 0, record.participant_version, "")
        .unwrap();
    let mut p = demo.participant(&file).unwrap();
    p.details.education = Some(EducationLevel::Level5);
    let refused = demo.update_participant(&p);
    assert!(
        matches!(&refused, Err(StoreError::Invalid(e)) if e.key == "esf.error.correct_in_record"),
        "{refused:?}"
    );
    // Other fields of the file stay editable.
    p.details.education = Some(EducationLevel::Level3);
    p.details.phone = "0596 00 00 00".into();
    demo.update_participant(&p).unwrap();
}

#[test]
fn the_exit_and_six_month_stages_open_with_the_exit() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = one_file_database(dir.path());
    let mut demo = session(&path, "demo");
    let answers = ExitAnswers {
        job_searching: Some(false),
        in_training: Some(false),
        qualification: Some(true),
        employed: Some(true),
    };
    let refused = demo.save_esf_exit(&file, &answers, 0);
    assert!(
        matches!(&refused, Err(StoreError::Invalid(e)) if e.key == "esf.error.no_exit"),
        "{refused:?}"
    );
    let p = demo.participant(&file).unwrap();
    demo.record_event(
        &file,
        p.version,
        &parcours::domain::lifecycle::Event::exit(d(2026, 5, 4), ExitOutcome::Cdi, ""),
    )
    .unwrap();
    let record = demo.save_esf_exit(&file, &answers, 0).unwrap();
    assert!(record.exit.state.complete);
    // A stale version is a conflict naming who saved.
    let stale = demo.save_esf_exit(
        &file,
        &ExitAnswers {
            qualification: Some(false),
            ..answers
        },
        0,
    );
    assert!(matches!(stale, Err(StoreError::Conflict { ref by, .. }) if by == "demo"));

    let later = FollowUpAnswers {
        employed: Some(true),
        improved: None,
    };
    let mut early = session_on(&path, "demo", d(2026, 11, 3));
    let refused = early.save_esf_follow_up(&file, &later, record.version);
    assert!(
        matches!(&refused, Err(StoreError::Invalid(e)) if e.key == "esf.error.not_open"),
        "{refused:?}"
    );
    let improved = FollowUpAnswers {
        improved: Some(true),
        ..later
    };
    let refused = demo.save_esf_follow_up(&file, &improved, record.version);
    assert!(
        matches!(&refused, Err(StoreError::Invalid(e)) if e.key == "esf.error.improved_employed_only"),
        "the participant had no job at entry: {refused:?}"
    );
    let record = demo
        .save_esf_follow_up(&file, &later, record.version)
        .unwrap();
    assert!(record.follow_up.state.complete);
    assert_eq!(record.follow_up.state.opens_on, Some(d(2026, 11, 4)));
}

#[test]
fn only_the_participants_referent_and_the_coordinators_read_or_write_the_record() {
    let dir = tempfile::tempdir().unwrap();
    let (path, file) = one_file_database(dir.path());
    let mut autre = session(&path, "autre");
    assert!(matches!(
        autre.esf_record(&file),
        Err(StoreError::Forbidden { .. })
    ));
    assert!(matches!(
        autre.save_esf_entry(&file, &complete(), 0, 1, ""),
        Err(StoreError::Forbidden { .. })
    ));
    assert!(
        autre.esf_records(None).unwrap().is_empty(),
        "a referent's own caseload"
    );
    assert!(matches!(
        autre.esf_records(Some("demo")),
        Err(StoreError::Forbidden { .. })
    ));
    let period = Period::new(d(2026, 1, 1), today()).unwrap();
    assert!(matches!(
        autre.esf_export(EsfStage::Entry, period),
        Err(StoreError::Forbidden { .. })
    ));
    assert_eq!(count(&path, "SELECT COUNT(*) FROM esf_record"), 0);
    let coord = session(&path, "coord");
    assert_eq!(coord.esf_records(None).unwrap().len(), 1);
    assert_eq!(coord.esf_export(EsfStage::Entry, period).unwrap().len(), 1);
}

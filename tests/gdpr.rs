//! The PLIE's GDPR duties through the real binary and a real SQLite file: the answer to a
//! subject-access request (every journal entry of the person, no one else's data), the
//! deletion of a file entered by mistake, the retention purge (nothing of a purged person
//! left in the file's bytes, every week's hours unchanged) and the access log.

#[path = "common/cli_support.rs"]
mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use parcours::domain::agenda::{AppointmentKind, AppointmentStatus};
use parcours::domain::journal::ContactKind;
use parcours::domain::lifecycle::Event;
use parcours::domain::participant::{CommissionDecision, ExitOutcome, NewParticipant, Status};
use parcours::domain::pathway::BarrierKind;
use parcours::domain::schedule::AppointmentFields;
use parcours::domain::time::NewTimeEntry;
use parcours::store::audit_query::AuditFilter;
use parcours::store::{Database, NewBarrier, NewContact, NewMilestone, Session};
use support::{Sandbox, outcome};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(2026, 11, 23)
}

fn session(s: &Sandbox, login: &str) -> Session {
    Database::open(&s.db)
        .unwrap()
        .session(login, today())
        .unwrap()
}

/// Opens an active file in `referent`'s caseload, oriented on `oriented`; its file number.
fn person(
    coord: &mut Session,
    referent: &str,
    last: &str,
    first: &str,
    oriented: NaiveDate,
) -> String {
    let new = NewParticipant {
        last_name: last.into(),
        first_name: first.into(),
        birth_date: Some(d(1985, 4, 12)),
        phone: format!("0696 {last}"),
        email: format!("{}@example.org", last.to_lowercase()),
        address: format!("7 rue {last}"),
        commune: "Schoelcher".into(),
        postcode: "97233".into(),
        oriented_on: Some(oriented),
        ..Default::default()
    };
    let mut p = coord.add_participant(&new, Some(referent)).unwrap();
    // Active: the entry file, the commission's yes, the contract signed the next day.
    for event in [
        Event::entry_file(oriented),
        Event::commission(oriented, CommissionDecision::Accepted),
        Event::contract(oriented.succ_opt().unwrap()),
    ] {
        p = coord
            .record_event(&p.file_number, p.version, &event)
            .unwrap();
    }
    assert_eq!(p.status, Status::Active);
    p.file_number
}

fn contact(on: NaiveDate, summary: &str) -> NewContact {
    NewContact {
        contact_on: on,
        kind: ContactKind::FaceToFace,
        minutes: 45,
        summary: summary.into(),
        next_action: format!("next {summary}"),
        appointment_id: None,
    }
}

fn barrier(kind: usize, noted_on: NaiveDate, note: &str) -> NewBarrier {
    NewBarrier {
        kind: BarrierKind::ALL[kind],
        noted_on,
        note: note.into(),
    }
}

fn entry(on: NaiveDate, file: &str, minutes: u32, note: &str) -> NewTimeEntry {
    NewTimeEntry {
        date: on,
        minutes,
        activity: "IND".into(),
        participant: Some(file.into()),
        appointment_id: None,
        note: note.into(),
    }
}

#[test]
fn a_subject_access_answer_holds_every_journal_entry_of_the_person_and_no_one_elses() {
    let s = Sandbox::with_team();
    let mut coord = session(&s, "coord");
    let mine = person(&mut coord, "alice", "Quenardel", "Maëlle", d(2026, 1, 5));
    let other = person(&mut coord, "alice", "Vostrikov", "Ilan", d(2026, 1, 6));
    let mut alice = session(&s, "alice");
    let summaries: Vec<String> = (1..=12)
        .map(|i| format!("Entretien n°{i} <b>&</b>"))
        .collect();
    for (i, summary) in summaries.iter().enumerate() {
        alice
            .add_contact(&mine, &contact(d(2026, 2, 1 + i as u32), summary))
            .unwrap();
    }
    alice
        .add_contact(&other, &contact(d(2026, 2, 3), "SECRET-OF-ILAN"))
        .unwrap();
    alice
        .add_barrier(
            &mine,
            &NewBarrier {
                kind: BarrierKind::ALL[0],
                noted_on: d(2026, 2, 2),
                note: "pas de permis".into(),
            },
        )
        .unwrap();
    alice
        .add_time_entry(&entry(d(2026, 2, 2), &mine, 90, "note de alice"))
        .unwrap();
    alice
        .add_time_entry(&entry(d(2026, 2, 2), &other, 30, "SECRET-OF-ILAN"))
        .unwrap();

    let out = s.dir.path().join("answer.html");
    let written = s.run_as(
        "coord",
        &["gdpr", "access", &mine, "--output", out.to_str().unwrap()],
    );
    assert!(written.ok().contains("answer.json"), "{written:?}");
    let json_text = std::fs::read_to_string(s.dir.path().join("answer.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&json_text).unwrap();
    assert_eq!(json["file_number"], mine);
    let section = |id: &str| {
        json["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap_or_else(|| panic!("section {id}"))["records"]
            .as_array()
            .unwrap()
            .clone()
    };
    let journal: Vec<String> = section("journal")
        .iter()
        .map(|r| r["summary"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(journal, summaries, "every journal entry, oldest first");
    assert_eq!(section("identity")[0]["address"], "7 rue Quenardel");
    assert_eq!(section("barriers")[0]["note"], "pas de permis");
    // The ESF questionnaires are there, one line per question of each stage.
    let esf = section("esf");
    assert!(esf.len() >= 15, "{esf:?}");
    assert!(
        esf.iter()
            .all(|r| r["stage"].is_string() && r["item"].is_string())
    );
    // The lifecycle events are there too.
    assert!(!section("lifecycle").is_empty());
    let time = section("time");
    assert_eq!(time.len(), 1);
    assert_eq!(time[0]["duration"], "1:30");
    assert!(
        time[0].get("note").is_none() && !json_text.contains("alice@"),
        "no colleague's note or name in the time entries"
    );
    assert!(
        section("access_log")
            .iter()
            .any(|r| r["by"] == "coord" && r["action"] == "create"),
        "who created the file"
    );
    let log = section("access_log");
    let contacts = log.iter().filter(|r| r["record"] == "contact").count();
    assert_eq!(contacts, 12, "{log:?}");
    for foreign in ["Vostrikov", "Ilan", "SECRET-OF-ILAN", other.as_str()] {
        assert!(
            !json_text.contains(foreign),
            "{foreign} leaked into the JSON"
        );
    }

    let page = std::fs::read_to_string(&out).unwrap();
    assert!(page.contains("Entretien n°12 &lt;b&gt;&amp;&lt;/b&gt;"));
    assert!(!page.contains("<b>&</b>"), "stored text is escaped");
    for foreign in ["Vostrikov", "SECRET-OF-ILAN", other.as_str()] {
        assert!(!page.contains(foreign), "{foreign} leaked into the page");
    }
    let audited: i64 = s
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM audit a JOIN participant p ON p.id = a.entity_id
             WHERE a.entity = 'participant' AND a.action = 'subject_access' AND p.file_number = ?1",
            [&mine],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 1, "the answer is audited");

    // Standard output carries one of the two, the JSON on demand (the form used over SSH).
    let piped = s.run_as(
        "coord",
        &["gdpr", "access", &mine, "--output", "-", "--format", "json"],
    );
    let again: serde_json::Value = serde_json::from_str(piped.ok()).unwrap();
    let journal_of = |v: &serde_json::Value| {
        v["sections"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == "journal")
            .cloned()
    };
    assert_eq!(journal_of(&again), journal_of(&json));
    let over_ssh = outcome(s.command().arg("--as").arg("coord").env(
        "SSH_ORIGINAL_COMMAND",
        format!("gdpr access {mine} --output /tmp/x/a.html"),
    ));
    over_ssh.fails_with("--output -");

    // Only a coordinator answers, and a refusal writes nothing.
    let before = s.contents();
    s.run_as("alice", &["gdpr", "access", &mine, "--output", "-"])
        .fails_with("may not answer");
    s.run_as(
        "coord",
        &["gdpr", "access", &mine, "--output", out.to_str().unwrap()],
    )
    .fails_with("exists");
    assert_eq!(s.contents(), before);
}

#[test]
fn only_a_file_entered_by_mistake_is_deleted_with_its_reason() {
    let s = Sandbox::with_team();
    let mut coord = session(&s, "coord");
    let mistake = person(&mut coord, "alice", "Erreurdesaisie", "Noa", d(2026, 10, 1));
    let followed = person(&mut coord, "alice", "Suivilong", "Inès", d(2026, 10, 1));
    let mut alice = session(&s, "alice");
    alice
        .add_barrier(
            &mistake,
            &NewBarrier {
                kind: BarrierKind::ALL[1],
                noted_on: d(2026, 10, 2),
                note: "note de l'erreur".into(),
            },
        )
        .unwrap();
    alice
        .save_draft(
            &format!("file/contact/new/{mistake}"),
            r#"{"summary":"brouillon"}"#,
        )
        .unwrap();
    alice
        .add_contact(&followed, &contact(d(2026, 10, 5), "premier entretien"))
        .unwrap();

    // A referent may not; over SSH it is refused even for a coordinator; a file with a held
    // contact is refused; an empty reason is refused. None of them writes anything.
    let before = s.contents();
    s.run_as(
        "alice",
        &["participant", "delete", &mistake, "--reason", "doublon"],
    )
    .fails_with("may not delete");
    s.run_as(
        "coord",
        &["participant", "delete", &followed, "--reason", "doublon"],
    )
    .fails_with("1 journal contact");
    s.run_as(
        "coord",
        &["participant", "delete", &mistake, "--reason", " "],
    )
    .fails_with("reason");
    let over_ssh = outcome(s.command().arg("--as").arg("coord").env(
        "SSH_ORIGINAL_COMMAND",
        format!("participant delete {mistake} --reason doublon"),
    ));
    over_ssh.fails_with("cannot be undone");
    assert_eq!(s.contents(), before, "nothing written on a refusal");

    let done = s.run_as(
        "coord",
        &[
            "participant",
            "delete",
            &mistake,
            "--reason",
            "saisi deux fois",
        ],
    );
    assert!(done.ok().contains(&mistake), "{done:?}");
    let conn = s.sql();
    let left: i64 = conn
        .query_row(
            "SELECT (SELECT COUNT(*) FROM participant WHERE file_number = ?1)
                  + (SELECT COUNT(*) FROM barrier) + (SELECT COUNT(*) FROM draft)",
            [&mistake],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        left, 0,
        "the file, its barrier and the draft naming it are gone"
    );
    let after: String = conn
        .query_row(
            "SELECT after FROM audit WHERE entity = 'participant' AND action = 'delete'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(
        after,
        serde_json::json!({"file_number": mistake, "reason": "saisi deux fois"})
    );
    let named: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE instr(COALESCE(before, '') || COALESCE(after, ''), 'Erreurdesaisie') > 0
                OR instr(COALESCE(after, ''), 'note de l''erreur') > 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(named, 0, "the audit rows no longer hold the person's data");
}

/// Every week's minutes per referent, week, activity and file number.
fn hours(s: &Sandbox) -> Vec<(String, String, String, String, i64)> {
    let conn = s.sql();
    let mut stmt = conn
        .prepare(
            "SELECT u.login, t.iso_week, t.activity_code, COALESCE(p.file_number, ''), SUM(t.minutes)
             FROM time_entry t JOIN user u ON u.id = t.referent_id
             LEFT JOIN participant p ON p.id = t.participant_id
             GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<rusqlite::Result<Vec<_>>>()
    .unwrap()
}

/// The database file and its write-ahead log, as bytes.
fn raw_bytes(s: &Sandbox) -> Vec<u8> {
    let mut bytes = std::fs::read(&s.db).unwrap();
    let wal = s.db.with_extension("db-wal");
    if let Ok(more) = std::fs::read(wal) {
        bytes.extend(more);
    }
    bytes
}

fn holds(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[test]
fn a_purge_leaves_nothing_of_the_person_in_the_file_and_keeps_every_weeks_hours() {
    let s = Sandbox::with_team();
    s.run_as(
        "coord",
        &["settings", "set", "structure.name", "PLIE Fictif"],
    )
    .ok();
    s.run_as("coord", &["settings", "set", "operation.code", "202300042"])
        .ok();
    let mut coord = session(&s, "coord");
    let gone = person(&mut coord, "alice", "Xylophanie", "Bérénice", d(2019, 1, 7));
    let kept = person(&mut coord, "alice", "Restelà", "Jules", d(2019, 1, 7));
    let mut alice = session(&s, "alice");
    let monday = d(2019, 3, 4);
    alice
        .add_contact(&gone, &contact(monday, "CONFIDENTIEL-JOURNAL"))
        .unwrap();
    alice
        .add_barrier(&gone, &barrier(2, monday, "CONFIDENTIEL-FREIN"))
        .unwrap();
    alice
        .add_milestone(
            &gone,
            &NewMilestone {
                held_on: monday,
                objectives: "CONFIDENTIEL-BILAN".into(),
                achieved: "en partie".into(),
                new_objectives: "la suite".into(),
            },
        )
        .unwrap();
    let at = Utc.with_ymd_and_hms(2019, 3, 5, 14, 0, 0).unwrap();
    let appointment = alice
        .create_appointments(
            &AppointmentFields {
                participant: Some(gone.clone()),
                kind: AppointmentKind::Individual,
                starts_at: at,
                minutes: 60,
                title: "CONFIDENTIEL-RDV".into(),
                location: "CONFIDENTIEL-LIEU".into(),
                notes: "CONFIDENTIEL-NOTES".into(),
            },
            &[at],
        )
        .unwrap()
        .remove(0);
    alice
        .set_appointment_status(
            appointment.id,
            appointment.version,
            AppointmentStatus::Done,
            chrono_tz::Europe::Paris,
        )
        .unwrap();
    for (day, file, minutes, note) in [
        (monday, &gone, 90, "CONFIDENTIEL-TEMPS"),
        (d(2019, 3, 6), &gone, 30, ""),
        (d(2019, 3, 6), &kept, 45, "suivi Jules"),
    ] {
        alice
            .add_time_entry(&entry(day, file, minutes, note))
            .unwrap();
    }
    alice
        .save_draft(
            &format!("file/milestone/new/{gone}"),
            r#"{"objectives":"CONFIDENTIEL-BROUILLON"}"#,
        )
        .unwrap();
    // A correction: the audit row keeps the name before and after.
    let mut file = coord.participant(&gone).unwrap();
    file.details.phone = "0696 99 88 77".into();
    let file = coord.update_participant(&file).unwrap();
    coord
        .record_event(
            &gone,
            file.version,
            &Event::exit(d(2019, 12, 20), ExitOutcome::DropOut, "CONFIDENTIEL-SORTIE"),
        )
        .unwrap();
    drop(alice);
    s.run_as("alice", &["week", "submit", "--week", "2019-W10"])
        .ok();
    s.run_as(
        "coord",
        &[
            "week",
            "validate",
            "--week",
            "2019-W10",
            "--referent",
            "alice",
        ],
    )
    .ok();
    s.run_as(
        "coord",
        &[
            "export",
            "timesheet",
            "--week",
            "2019-W10",
            "--referent",
            "alice",
            "--format",
            "csv",
            "--output",
            "-",
        ],
    )
    .ok();
    drop(coord);
    let secrets = [
        "Xylophanie",
        "Bérénice",
        "0696 Xylophanie",
        "0696 99 88 77",
        "xylophanie@example.org",
        "7 rue Xylophanie",
        "CONFIDENTIEL-JOURNAL",
        "CONFIDENTIEL-FREIN",
        "CONFIDENTIEL-BILAN",
        "CONFIDENTIEL-RDV",
        "CONFIDENTIEL-LIEU",
        "CONFIDENTIEL-NOTES",
        "CONFIDENTIEL-TEMPS",
        "CONFIDENTIEL-BROUILLON",
        "CONFIDENTIEL-SORTIE",
    ];
    let held = raw_bytes(&s);
    for secret in ["Xylophanie", "CONFIDENTIEL-JOURNAL", "CONFIDENTIEL-TEMPS"] {
        assert!(
            holds(&held, secret),
            "{secret} is in the file before the purge"
        );
    }
    let hours_before = hours(&s);

    // Not before the retention date: 2026 − 5 years → only exits before 2021-01-01.
    let before = s.contents();
    s.run_as("coord", &["gdpr", "purge", "--exited-before", "2021-06-01"])
        .fails_with("2021-01-01");
    s.run_as("alice", &["gdpr", "purge", "--exited-before", "2020-01-01"])
        .fails_with("may not");
    let dry = s.run_as(
        "coord",
        &[
            "gdpr",
            "purge",
            "--exited-before",
            "2020-01-01",
            "--dry-run",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        dry.ok(),
        format!("file_number,exit_on,exit_outcome,referent\n{gone},2019-12-20,drop_out,alice")
    );
    assert_eq!(s.contents(), before, "a dry run writes nothing");

    let purged = s.run_as("coord", &["gdpr", "purge", "--exited-before", "2020-01-01"]);
    assert!(purged.ok().contains("pseudonymised 1 file"), "{purged:?}");
    let left = raw_bytes(&s);
    for secret in secrets {
        assert!(
            !holds(&left, secret),
            "{secret} is still in the database file"
        );
    }
    assert_eq!(
        hours(&s),
        hours_before,
        "every week's hours per activity and file"
    );
    assert!(
        holds(&left, "suivi Jules") && holds(&left, "Restelà"),
        "others are untouched"
    );
    let (last, birth, pseudonymised): (String, String, String) = s
        .sql()
        .query_row(
            "SELECT last_name, birth_date, pseudonymised_on FROM participant WHERE file_number = ?1",
            [&gone],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (last.as_str(), birth.as_str(), pseudonymised.as_str()),
        (gone.as_str(), "1985-01-01", "2026-11-23")
    );
    let again = s.run_as(
        "coord",
        &[
            "gdpr",
            "purge",
            "--exited-before",
            "2020-01-01",
            "--dry-run",
        ],
    );
    assert!(
        again.ok().contains("0 files"),
        "a pseudonymised file is not purged twice: {again:?}"
    );
}

#[test]
fn opens_and_exports_are_in_the_access_log() {
    let s = Sandbox::with_team();
    let mut coord = session(&s, "coord");
    let file = person(&mut coord, "alice", "Journalisé", "Léo", d(2026, 10, 1));
    let mut alice = session(&s, "alice");
    alice.open_participant(&file).unwrap();
    let start = Utc.with_ymd_and_hms(2026, 11, 24, 14, 0, 0).unwrap();
    alice
        .create_appointments(
            &AppointmentFields {
                participant: Some(file.clone()),
                kind: AppointmentKind::Individual,
                starts_at: start,
                minutes: 30,
                title: String::new(),
                location: String::new(),
                notes: String::new(),
            },
            &[start],
        )
        .unwrap();
    drop(alice);
    s.run_as(
        "alice",
        &[
            "export",
            "agenda",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-29",
            "--format",
            "ics",
            "--output",
            "-",
        ],
    )
    .ok();
    s.run_as("alice", &["participant", "list"]).ok();
    s.run_as("coord", &["participant", "list", "--format", "csv"])
        .ok();

    let page = coord
        .audit_page(
            &AuditFilter {
                file_number: Some(file.clone()),
                accesses_only: true,
                ..AuditFilter::default()
            },
            None,
            50,
        )
        .unwrap();
    let seen: Vec<(String, String, Option<String>)> = page
        .entries
        .iter()
        .rev()
        .map(|e| (e.actor.clone(), e.action.clone(), e.after.clone()))
        .collect();
    let export = |what: &str| Some(format!(r#"{{"export":"{what}"}}"#));
    assert_eq!(
        seen,
        [
            ("alice".to_owned(), "read".to_owned(), None),
            (
                "alice".to_owned(),
                "export".to_owned(),
                export("agenda_ics")
            ),
            (
                "alice".to_owned(),
                "export".to_owned(),
                export("participant_list")
            ),
            (
                "coord".to_owned(),
                "export".to_owned(),
                export("participant_list")
            ),
        ]
    );
}

#[test]
fn the_retention_rule_is_a_plie_setting_and_the_address_comes_in_by_the_command_line() {
    let s = Sandbox::with_team();
    let shown = s.run_as("alice", &["settings", "show", "--format", "csv"]);
    assert!(
        shown.ok().contains("retention.years,5"),
        "the ESF default: {shown:?}"
    );
    assert!(shown.ok().contains("art. 82 du règlement (UE) 2021/1060"));
    s.run_as("alice", &["settings", "set", "retention.years", "10"])
        .fails_with("may not");
    s.run_as("coord", &["settings", "set", "retention.years", "0"])
        .fails_with("1 to 30");
    s.run_as(
        "coord",
        &["settings", "set", "retention.last_payment", "30/06/2024"],
    )
    .ok();
    // Paid in 2024: kept until the end of 2029, so nothing may be purged in 2026.
    s.run_as("coord", &["gdpr", "purge", "--exited-before", "2019-01-01"])
        .fails_with("none yet");
    s.run_as("coord", &["settings", "set", "retention.last_payment", ""])
        .ok();
    s.run_as(
        "coord",
        &[
            "gdpr",
            "purge",
            "--exited-before",
            "2019-01-01",
            "--dry-run",
        ],
    )
    .ok();

    let file = s
        .run_as(
            "alice",
            &[
                "participant",
                "add",
                "--last",
                "Adressée",
                "--first",
                "Zoé",
                "--birth",
                "1990-01-02",
                "--address",
                "12 rue des Flamboyants, bât. C",
            ],
        )
        .ok()
        .to_owned();
    let csv = s.run_as("alice", &["participant", "list", "--format", "csv"]);
    assert!(
        csv.ok().contains(&format!(
            "{file},Adressée,Zoé,1990-01-02,,alice,,,\"12 rue des Flamboyants, bât. C\","
        )),
        "{csv:?}"
    );
}

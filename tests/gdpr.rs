//! The PLIE's GDPR duties through the real binary and a real SQLite file: the answer to a
//! subject-access request (every journal entry of the person, no one else's data), the
//! deletion of a file entered by mistake, the retention purge (nothing of a purged person
//! left in the file's bytes, every week's hours unchanged) and the access log.

#[path = "common/cli_support.rs"]
mod support;

use chrono::{NaiveDate, TimeZone, Utc};
use parcours::domain::agenda::{AppointmentKind, AppointmentStatus};
use parcours::domain::journal::ContactKind;
use parcours::domain::participant::{ExitOutcome, NewParticipant, Status};
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
fn person(coord: &mut Session, referent: &str, last: &str, first: &str, oriented: NaiveDate) -> String {
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
    p.status = Status::Active;
    p.contract_on = Some(oriented.succ_opt().unwrap());
    coord.update_participant(&p).unwrap().file_number
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
    let summaries: Vec<String> = (1..=12).map(|i| format!("Entretien n°{i} <b>&</b>")).collect();
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
        assert!(!json_text.contains(foreign), "{foreign} leaked into the JSON");
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
    let over_ssh = outcome(
        s.command()
            .arg("--as")
            .arg("coord")
            .env("SSH_ORIGINAL_COMMAND", format!("gdpr access {mine} --output /tmp/x/a.html")),
    );
    over_ssh.fails_with("--output -");

    // Only a coordinator answers, and a refusal writes nothing.
    let before = s.contents();
    s.run_as("alice", &["gdpr", "access", &mine, "--output", "-"])
        .fails_with("may not answer");
    s.run_as("coord", &["gdpr", "access", &mine, "--output", out.to_str().unwrap()])
        .fails_with("exists");
    assert_eq!(s.contents(), before);
}

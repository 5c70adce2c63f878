//! Who may do what, tried everywhere on real SQLite files in temporary directories:
//! every public `Session` call and every CLI subcommand, across caseloads (a
//! referent on another referent's participant, appointment, time entry and week),
//! a referent doing a coordinator's work, and a deactivated user doing anything.
//! Each refusal must be clear and leave every row of the database as it was.
//! Also what is allowed: a coordinator reads everything, validates, reassigns and
//! manages users. And the interface notices what others changed at its next key.

#[path = "common/tui_kit.rs"]
mod kit;
#[path = "common/cli_support.rs"]
mod support;

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, TimeZone, Utc};
use crossterm::event::KeyCode;
use kit::{PLAIN, d, press};
use parcours::config::Config;
use parcours::domain::IsoWeek;
use parcours::domain::agenda::{Appointment, AppointmentKind, AppointmentStatus, NewAppointment};
use parcours::domain::esf::{Answer, EntryAnswers, EsfStage, ExitAnswers, FollowUpAnswers};
use parcours::domain::esf_indicators::INDICATORS;
use parcours::domain::journal::ContactKind;
use parcours::domain::lifecycle::{Event, ExitOutcome, Situation};
use parcours::domain::participant::{NewParticipant, Participant, Status};
use parcours::domain::pathway::{BarrierKind, StepKind};
use parcours::domain::period::Period;
use parcours::domain::schedule::AppointmentFields;
use parcours::domain::time::{NewTimeEntry, TimeEntry};
use parcours::domain::user::Role;
use parcours::export::{Format, Referents, TimesheetRequest, export_timesheets, verify_week};
use parcours::i18n::{Lang, set_language};
use parcours::store::audit_query::AuditFilter;
use parcours::store::{
    AppointmentContact, Barrier, Change, Contact, Database, NewBarrier, NewContact, NewMilestone,
    NewStep, Session, Step,
};
use parcours::tui::{App, Input};
use rusqlite::Connection;
use support::Sandbox;

/// Friday 27 November 2026: the last working day of its week, which may be submitted.
fn today() -> NaiveDate {
    d(2026, 11, 27)
}

/// A session of `login`, today being [`today`].
fn session(path: &std::path::Path, login: &str) -> parcours::store::Session {
    kit::session_on(path, login, today())
}

/// The week of today: time is recorded in it.
fn this_week() -> IsoWeek {
    IsoWeek::containing(today())
}

/// The week before: submitted by each referent, for validation and reopening.
fn last_week() -> IsoWeek {
    IsoWeek::containing(d(2026, 11, 16))
}

fn person(last: &str) -> NewParticipant {
    NewParticipant {
        last_name: last.into(),
        first_name: "Test".into(),
        birth_date: Some(d(1990, 5, 17)),
        commune: "Testville".into(),
        oriented_on: Some(d(2026, 1, 5)),
        ..Default::default()
    }
}

fn new_contact(summary: &str) -> NewContact {
    NewContact {
        contact_on: d(2026, 11, 20),
        kind: ContactKind::Phone,
        minutes: 15,
        summary: summary.into(),
        next_action: String::new(),
        appointment_id: None,
    }
}

fn new_step() -> NewStep {
    NewStep {
        kind: StepKind::QualifyingTraining,
        provider: "Fictional Training Body".into(),
        planned_start: Some(d(2026, 12, 1)),
        planned_end: None,
        actual_start: None,
        actual_end: None,
        outcome: None,
        note: String::new(),
    }
}

fn new_barrier() -> NewBarrier {
    NewBarrier {
        kind: BarrierKind::Mobility,
        noted_on: d(2026, 3, 2),
        note: String::new(),
    }
}

fn new_milestone() -> NewMilestone {
    NewMilestone {
        held_on: d(2026, 6, 2),
        objectives: "Find a training".into(),
        achieved: "Training found".into(),
        new_objectives: "Finish it".into(),
    }
}

fn fields(participant: Option<&str>, day: u32, hour: u32) -> AppointmentFields {
    AppointmentFields {
        participant: participant.map(str::to_owned),
        kind: AppointmentKind::Individual,
        starts_at: Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap(),
        minutes: 45,
        title: "Monthly meeting".into(),
        location: String::new(),
        notes: String::new(),
    }
}

fn time_entry(day: NaiveDate, participant: Option<&str>, appointment: Option<i64>) -> NewTimeEntry {
    NewTimeEntry {
        date: day,
        minutes: 30,
        activity: "IND".into(),
        participant: participant.map(str::to_owned),
        appointment_id: appointment,
        note: String::new(),
    }
}

/// Everything of one referent's that another user might try to read or change.
#[derive(Clone)]
struct Target {
    login: String,
    participant: Participant,
    contact: Contact,
    step: Step,
    barrier: Barrier,
    /// A planned appointment with the participant.
    appointment: Appointment,
    /// An appointment marked done, and the journal contact it left.
    done: Appointment,
    done_contact: AppointmentContact,
    entry: TimeEntry,
}

impl Target {
    fn file(&self) -> &str {
        &self.participant.file_number
    }
}

/// Gives `login` a participant (opened by the coordinator) with something in every
/// list, two appointments (one done), a time entry this week and last week submitted.
fn fill(path: &Path, login: &str, last_name: &str) -> Target {
    let mut coord = session(path, "coord");
    let participant = coord
        .add_participant(&person(last_name), Some(login))
        .unwrap();
    let participant = kit::enter(&mut coord, &participant.file_number, d(2026, 2, 1));
    let file = participant.file_number.clone();
    let mut s = session(path, login);
    let contact = s
        .add_contact(&file, &new_contact("Phoned about the training"))
        .unwrap();
    let step = s.add_step(&file, &new_step()).unwrap();
    let barrier = s.add_barrier(&file, &new_barrier()).unwrap();
    s.add_milestone(&file, &new_milestone()).unwrap();
    let appointment = s
        .create_appointments(
            &fields(Some(&file), 26, 9),
            &[fields(None, 26, 9).starts_at],
        )
        .unwrap()
        .remove(0);
    let done = s
        .create_appointments(
            &fields(Some(&file), 20, 9),
            &[fields(None, 20, 9).starts_at],
        )
        .unwrap()
        .remove(0);
    let change = s
        .set_appointment_status(
            done.id,
            done.version,
            AppointmentStatus::Done,
            chrono_tz::Europe::Paris,
        )
        .unwrap();
    let entry = s
        .add_time_entry(&time_entry(today(), Some(&file), None))
        .unwrap();
    s.add_time_entry(&time_entry(d(2026, 11, 17), None, None))
        .unwrap();
    s.submit_week(None, last_week()).unwrap();
    Target {
        login: login.into(),
        participant: coord.participant(&file).unwrap(),
        contact,
        step,
        barrier,
        appointment,
        done: change.appointment,
        done_contact: change.contact.unwrap(),
        entry,
    }
}

/// A PLIE with coordinator `coord` and referents `alice`, `bob` and `dora`, each with data.
fn plie(dir: &Path) -> (PathBuf, Target, Target, Target) {
    let path = dir.join("plie.db");
    let mut db = Database::open(&path).unwrap();
    db.init("coord", "Coordination Test").unwrap();
    let mut coord = db.session("coord", today()).unwrap();
    for login in ["alice", "bob", "dora"] {
        coord
            .add_user(login, &format!("{login} Testreferent"), Role::Referent, 1.0)
            .unwrap();
    }
    let alice = fill(&path, "alice", "Alphatest");
    let bob = fill(&path, "bob", "Bravotest");
    let dora = fill(&path, "dora", "Deltatest");
    (path, alice, bob, dora)
}

/// Every row of every table, to tell that a refused call changed nothing.
fn snapshot(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut rows = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let width = stmt.column_count();
        let mut query = stmt.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<String> = (0..width)
                .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect();
            rows.push(format!("{table}: {}", values.join(", ")));
        }
    }
    rows
}

/// A named store call, its result reduced to its message.
type Call = (
    &'static str,
    Box<dyn Fn(&mut Session) -> Result<(), String>>,
);

fn call<T, E: std::fmt::Display>(
    name: &'static str,
    f: impl Fn(&mut Session) -> Result<T, E> + 'static,
) -> Call {
    (
        name,
        Box::new(move |s| f(s).map(|_| ()).map_err(|e| e.to_string())),
    )
}

/// Every call that names something of `t`'s: its participant and what hangs on it,
/// its agenda, its time, its weeks.
fn calls_on(t: &Target, backup_dir: &Path) -> Vec<Call> {
    let t = t.clone();
    let backup = backup_dir.join("copy.db");
    let mut calls: Vec<Call> = Vec::new();
    macro_rules! on {
        ($name:literal, |$s:ident, $t:ident| $body:expr) => {{
            let $t = t.clone();
            calls.push(call($name, move |$s: &mut Session| $body));
        }};
    }
    // participants
    on!("participant", |s, t| s.participant(t.file()));
    on!("open_participant", |s, t| s.open_participant(t.file()));
    on!("update_participant", |s, t| {
        let mut p = t.participant.clone();
        p.details.commune = "Elsewhere".into();
        s.update_participant(&p)
    });
    on!("update_participant (reassign)", |s, t| {
        let mut p = t.participant.clone();
        p.referent = Some(if t.login == "alice" { "bob" } else { "alice" }.into());
        s.update_participant(&p)
    });
    on!("add_participant (their caseload)", |s, t| s
        .add_participant(&person("Newtest"), Some(&t.login)));
    on!("caseload (theirs)", |s, t| s.caseload(Some(&t.login)));
    // journal
    on!("add_contact", |s, t| s
        .add_contact(t.file(), &new_contact("x")));
    on!("update_contact", |s, t| {
        let mut c = t.contact.clone();
        c.details.summary = "Changed".into();
        s.update_contact(&c)
    });
    on!("contacts", |s, t| s.contacts(t.file()));
    on!("contact", |s, t| s.contact(t.contact.id));
    // pathway
    on!("add_step", |s, t| s.add_step(t.file(), &new_step()));
    on!("update_step", |s, t| {
        let mut step = t.step.clone();
        step.details.provider = "Changed".into();
        s.update_step(&step)
    });
    on!("steps", |s, t| s.steps(t.file()));
    on!("step", |s, t| s.step(t.step.id));
    on!("add_barrier", |s, t| s
        .add_barrier(t.file(), &new_barrier()));
    on!("lift_barrier", |s, t| s.lift_barrier(&t.barrier, today()));
    on!("barriers", |s, t| s.barriers(t.file()));
    on!("barrier", |s, t| s.barrier(t.barrier.id));
    on!("add_milestone", |s, t| s
        .add_milestone(t.file(), &new_milestone()));
    on!("milestones", |s, t| s.milestones(t.file()));
    // lifecycle
    on!("record_event (exit)", |s, t| s.record_event(
        t.file(),
        t.participant.version,
        &Event::exit(today(), ExitOutcome::Cdi, "")
    ));
    on!("record_event (six-month check)", |s, t| s.record_event(
        t.file(),
        t.participant.version,
        &Event::follow_up(today(), Situation::Ended, "")
    ));
    on!("lifecycle_events", |s, t| s.lifecycle_events(t.file()));
    on!("lifecycle", |s, t| s.lifecycle(t.file()));
    on!("correct_event", |s, t| {
        let version = s.participant(t.file()).map_err(|e| e.to_string())?.version;
        let events = s.lifecycle_events(t.file()).map_err(|e| e.to_string())?;
        let id = events.last().map_or(0, |r| r.id);
        let change = Change::Amend {
            on: Some(d(2026, 2, 2)),
            value: None,
        };
        s.correct_event(t.file(), version, id, "Typo", &change)
            .map_err(|e| e.to_string())
    });
    on!("reassign", |s, t| {
        let version = s.participant(t.file()).map_err(|e| e.to_string())?.version;
        let to = if t.login == "alice" { "bob" } else { "alice" };
        s.reassign(t.file(), version, to).map_err(|e| e.to_string())
    });
    on!("outcomes (theirs)", |s, t| s.outcomes(
        Period::new(d(2026, 1, 1), today()).unwrap(),
        Some(&t.login)
    ));
    // agenda
    on!("add_appointment (their participant)", |s, t| {
        let f = fields(Some(t.file()), 27, 10);
        s.add_appointment(&NewAppointment {
            participant: f.participant,
            kind: f.kind,
            starts_at: f.starts_at,
            minutes: f.minutes,
            title: f.title,
            location: f.location,
        })
    });
    on!("create_appointments (their participant)", |s, t| {
        let f = fields(Some(t.file()), 27, 11);
        s.create_appointments(&f, &[f.starts_at])
    });
    on!("appointments_between (theirs)", |s, t| s
        .appointments_between(
            Some(&t.login),
            Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap()
        ));
    on!("appointment", |s, t| s.appointment(t.appointment.id));
    on!("update_appointment", |s, t| s.update_appointment(
        t.appointment.id,
        t.appointment.version,
        &fields(Some(t.file()), 26, 14)
    ));
    on!("set_appointment_status", |s, t| s.set_appointment_status(
        t.appointment.id,
        t.appointment.version,
        AppointmentStatus::Cancelled,
        chrono_tz::Europe::Paris
    ));
    on!("appointment_contact", |s, t| s
        .appointment_contact(t.done.id));
    on!("write_appointment_note", |s, t| s.write_appointment_note(
        t.done_contact.id,
        t.done_contact.version,
        "Written by someone else",
        ""
    ));
    on!("participant_appointments", |s, t| s
        .participant_appointments(t.file()));
    // time
    on!("add_time_entry (their participant)", |s, t| s
        .add_time_entry(&time_entry(today(), Some(t.file()), None)));
    on!("add_time_entry (their appointment)", |s, t| s
        .add_time_entry(&time_entry(
            today(),
            None,
            Some(t.appointment.id)
        )));
    on!("update_time_entry", |s, t| s.update_time_entry(
        t.entry.id,
        t.entry.version,
        &time_entry(today(), None, None)
    ));
    on!("delete_time_entry", |s, t| s
        .delete_time_entry(t.entry.id, t.entry.version));
    on!("week_entries (theirs)", |s, t| s
        .week_entries(Some(&t.login), this_week()));
    on!("week_status (theirs)", |s, t| s
        .week_status(Some(&t.login), this_week()));
    // weeks
    on!("week (theirs)", |s, t| s.week(Some(&t.login), this_week()));
    on!("submit_week (theirs)", |s, t| s
        .submit_week(Some(&t.login), this_week()));
    on!("record_week_export (theirs)", |s, t| s.record_week_export(
        &t.login,
        last_week(),
        "0000",
        "content",
        "2026-11-23T10:00:00Z".parse().unwrap()
    ));
    on!("verify_week (theirs)", |s, t| verify_week(
        s,
        Some(&t.login),
        last_week()
    ));
    on!("manager (theirs)", |s, t| s.manager(Some(&t.login)));
    on!("export_timesheets (theirs)", |s, t| {
        let mut request =
            TimesheetRequest::new(parcours::export::Period::Week(this_week()), s.now());
        request.referents = Referents::One(t.login.clone());
        export_timesheets(s, &request, Format::Csv)
    });
    // the ESF record and the indicators
    on!("esf_record", |s, t| s.esf_record(t.file()));
    on!("save_esf_entry", |s, t| s.save_esf_entry(
        t.file(),
        &EntryAnswers {
            disability: Some(Answer::Refused),
            ..EntryAnswers::default()
        },
        0,
        t.participant.version,
        ""
    ));
    on!("save_esf_exit", |s, t| s.save_esf_exit(
        t.file(),
        &ExitAnswers::default(),
        0
    ));
    on!("save_esf_follow_up", |s, t| s.save_esf_follow_up(
        t.file(),
        &FollowUpAnswers::default(),
        0
    ));
    on!("esf_records (theirs)", |s, t| s.esf_records(Some(&t.login)));
    on!("indicators (theirs)", |s, t| s
        .indicators(esf_period(), Some(&t.login)));
    on!("indicator_participants (theirs)", |s, t| s
        .indicator_participants(
            esf_period(),
            Some(&t.login),
            &INDICATORS[0]
        ));
    // a coordinator's work
    on!("esf_export", |s, _t| s
        .esf_export(EsfStage::Entry, esf_period()));
    on!("validate_week", |s, t| s
        .validate_week(&t.login, last_week()));
    on!("reopen_week", |s, t| s.reopen_week(
        &t.login,
        last_week(),
        "Typo"
    ));
    on!("add_user", |s, _t| s.add_user(
        "zed",
        "Zed Test",
        Role::Referent,
        1.0
    ));
    on!("set_user_active (deactivate)", |s, t| s
        .set_user_active(&t.login, false));
    on!("set_manager", |s, t| s.set_manager(&t.login, "Chef Fictif"));
    on!("weeks_overview", |s, _t| s.weeks_overview(this_week()));
    on!("audit_page", |s, _t| s.audit_page(
        &AuditFilter::default(),
        None,
        10
    ));
    on!("export_timesheets (everyone)", |s, _t| {
        let mut request =
            TimesheetRequest::new(parcours::export::Period::Week(this_week()), s.now());
        request.referents = Referents::All;
        export_timesheets(s, &request, Format::Csv)
    });
    calls.push(call("backup_to", move |s: &mut Session| {
        s.backup_to(&backup)
    }));
    calls
}

/// The period of the ESF indicators the calls count.
fn esf_period() -> Period {
    Period::new(d(2026, 1, 1), today()).unwrap()
}

/// Calls about the actor's own data or the PLIE's reference lists: allowed to any
/// active user, refused to a deactivated one.
fn own_calls() -> Vec<Call> {
    vec![
        call("activities", |s: &mut Session| s.activities()),
        call("activities_including_inactive", |s: &mut Session| {
            s.activities_including_inactive()
        }),
        call("users", |s: &mut Session| s.users()),
        call("audit_log", |s: &mut Session| s.audit_log(10)),
        call("dashboard", |s: &mut Session| {
            s.dashboard(chrono_tz::Europe::Paris)
        }),
        call("drafts", |s: &mut Session| s.drafts()),
        call("save_draft", |s: &mut Session| {
            s.save_draft("contact", "{}")
        }),
        call("discard_draft", |s: &mut Session| {
            s.discard_draft("contact")
        }),
        call("possible_duplicates", |s: &mut Session| {
            s.possible_duplicates("Alphatest", "Test", d(1990, 5, 17))
        }),
        call("caseload (own)", |s: &mut Session| s.caseload(None)),
        call("appointments_between (own)", |s: &mut Session| {
            s.appointments_between(
                None,
                Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
                Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap(),
            )
        }),
        call("week_entries (own)", |s: &mut Session| {
            s.week_entries(None, this_week())
        }),
        call("week_status (own)", |s: &mut Session| {
            s.week_status(None, this_week())
        }),
        call("week (own)", |s: &mut Session| s.week(None, this_week())),
        call("add_participant (own)", |s: &mut Session| {
            s.add_participant(&person("Owntest"), None)
        }),
        call("add_time_entry (own)", |s: &mut Session| {
            s.add_time_entry(&time_entry(today(), None, None))
        }),
        call("add_appointment (own)", |s: &mut Session| {
            s.add_appointment(&NewAppointment {
                participant: None,
                kind: AppointmentKind::Other,
                starts_at: Utc.with_ymd_and_hms(2026, 11, 27, 15, 0, 0).unwrap(),
                minutes: 30,
                title: "Team meeting".into(),
                location: String::new(),
            })
        }),
        call("submit_week (own)", |s: &mut Session| {
            s.submit_week(None, this_week())
        }),
        call("acknowledge_reopen (own)", |s: &mut Session| {
            s.acknowledge_reopen(this_week())
        }),
        call("manager (own)", |s: &mut Session| s.manager(None)),
        call("esf_records (own)", |s: &mut Session| s.esf_records(None)),
        call("indicators (own)", |s: &mut Session| {
            s.indicators(esf_period(), None)
        }),
    ]
}

/// Runs each call, expecting a refusal whose message contains `needle` and no row changed.
fn expect_refused(path: &Path, s: &mut Session, calls: &[Call], needle: &str) {
    let mut failures = Vec::new();
    for (name, f) in calls {
        let before = snapshot(path);
        match f(s) {
            Ok(()) => failures.push(format!("{name}: allowed")),
            Err(message) if !message.contains(needle) => {
                failures.push(format!("{name}: `{message}` does not say `{needle}`"))
            }
            Err(_) if snapshot(path) != before => failures.push(format!("{name}: rows changed")),
            Err(_) => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_referent_can_neither_read_nor_change_another_referents_anything() {
    set_language(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let (path, alice, bob, _) = plie(dir.path());
    let mut s = session(&path, "alice");
    let calls = calls_on(&bob, dir.path());
    assert!(calls.len() >= 45, "every call is tried: {}", calls.len());
    expect_refused(&path, &mut s, &calls, "refused: alice may not");
    assert!(!dir.path().join("copy.db").exists(), "no backup was made");

    // Pointing one's own records at another referent's appointment is refused too.
    let before = snapshot(&path);
    let linked = NewContact {
        appointment_id: Some(bob.appointment.id),
        ..new_contact("Linked to bob's appointment")
    };
    let refused = s
        .add_contact(alice.file(), &linked)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("refused: alice may not see or change another referent's agenda"));
    let refused = s
        .update_time_entry(
            alice.entry.id,
            alice.entry.version,
            &time_entry(today(), None, Some(bob.appointment.id)),
        )
        .unwrap_err()
        .to_string();
    assert!(refused.contains("refused: alice may not"), "{refused}");
    assert_eq!(snapshot(&path), before);

    // Her own audit trail holds none of bob's actions.
    assert!(
        s.audit_log(1000)
            .unwrap()
            .iter()
            .all(|row| row.actor == "alice")
    );
}

#[test]
fn a_referent_may_do_all_of_that_on_their_own_caseload() {
    set_language(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let (path, alice, _, _) = plie(dir.path());
    // A coordinator's work; the exit and its confirmation are tried in order below.
    let coordinators_only = [
        "update_participant (reassign)",
        "correct_event",
        "reassign",
        "validate_week",
        "reopen_week",
        "add_user",
        "set_user_active (deactivate)",
        "set_manager",
        "weeks_overview",
        "audit_page",
        "export_timesheets (everyone)",
        "backup_to",
        "esf_export",
    ];
    let mut failures = Vec::new();
    let names: Vec<&str> = calls_on(&alice, dir.path())
        .iter()
        .chain(own_calls().iter())
        .map(|(name, _)| *name)
        .filter(|name| !coordinators_only.contains(name))
        .filter(|name| !name.starts_with("record_event"))
        // These need an exit (the ESF stages of leaving): their rules, not permissions.
        .filter(|name| !["save_esf_exit", "save_esf_follow_up"].contains(name))
        .collect();
    for (n, name) in names.into_iter().enumerate() {
        // Each call on its own copy of the PLIE, so that calls do not interfere.
        let copy = dir.path().join(format!("copy-{n}.db"));
        std::fs::copy(&path, &copy).unwrap();
        let mut s = session(&copy, "alice");
        let (_, f) = calls_on(&alice, dir.path())
            .into_iter()
            .chain(own_calls())
            .find(|(n, _)| *n == name)
            .unwrap();
        if let Err(e) = f(&mut s) {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    let mut s = session(&path, "alice");
    let version = s.participant(alice.file()).unwrap().version;
    let exit = s
        .record_event(
            alice.file(),
            version,
            &Event::exit(today(), ExitOutcome::Cdi, ""),
        )
        .unwrap();
    assert_eq!(exit.status, Status::JobFollowUp);
    let ended = Event::follow_up(today(), Situation::Ended, "");
    let checked = s.record_event(alice.file(), exit.version, &ended).unwrap();
    assert_eq!(checked.status, Status::Exited);

    let coordinators: Vec<Call> = calls_on(&alice, dir.path())
        .into_iter()
        .filter(|(name, _)| coordinators_only.contains(name))
        .collect();
    assert_eq!(coordinators.len(), coordinators_only.len());
    expect_refused(&path, &mut s, &coordinators, "refused: alice may not");
}

#[test]
fn a_coordinator_reads_everything_validates_reassigns_and_manages_users() {
    set_language(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let (path, _, bob, _) = plie(dir.path());
    let mut coord = session(&path, "coord");
    let reads = [
        "participant",
        "caseload (theirs)",
        "contacts",
        "contact",
        "steps",
        "step",
        "barriers",
        "barrier",
        "milestones",
        "appointments_between (theirs)",
        "appointment",
        "appointment_contact",
        "participant_appointments",
        "week_entries (theirs)",
        "week_status (theirs)",
        "week (theirs)",
        "weeks_overview",
        "audit_page",
        "open_participant",
        // Before the reassignment below changes the file's version.
        "esf_record",
        "save_esf_entry",
        "esf_records (theirs)",
        "indicators (theirs)",
        "indicator_participants (theirs)",
        "esf_export",
        "export_timesheets (theirs)",
        "export_timesheets (everyone)",
        "backup_to",
        "validate_week",
        "reassign",
        "lifecycle_events",
        "lifecycle",
        "outcomes (theirs)",
        "correct_event",
        "add_user",
        "set_user_active (deactivate)",
    ];
    let calls = calls_on(&bob, dir.path());
    for name in reads {
        let (_, f) = calls.iter().find(|(n, _)| *n == name).unwrap();
        f(&mut coord).unwrap_or_else(|e| panic!("{name}: {e}"));
    }
    assert!(dir.path().join("copy.db").exists());
    assert_eq!(
        coord.participant(bob.file()).unwrap().referent.as_deref(),
        Some("alice"),
        "reassigned"
    );
    assert!(
        !coord
            .users()
            .unwrap()
            .iter()
            .find(|u| u.login == "bob")
            .unwrap()
            .active
    );
    let mut week = coord.week(Some("bob"), last_week()).unwrap();
    assert_eq!(week.status.code(), "validated");
    week = coord
        .reopen_week("bob", last_week(), "Typo on Tuesday")
        .unwrap();
    assert_eq!(week.status.code(), "draft");
    assert!(
        coord
            .audit_log(1000)
            .unwrap()
            .iter()
            .any(|r| r.actor == "bob")
    );

    // A coordinator reads any agenda and any time, but changes only their own,
    // and cannot lock themselves out.
    let calls = calls_on(&bob, dir.path());
    let theirs = [
        "update_appointment",
        "set_appointment_status",
        "write_appointment_note",
        "update_time_entry",
        "delete_time_entry",
        "add_time_entry (their appointment)",
    ];
    let picked: Vec<Call> = calls
        .into_iter()
        .filter(|(name, _)| theirs.contains(name))
        .collect();
    assert_eq!(picked.len(), theirs.len());
    expect_refused(&path, &mut coord, &picked, "refused: coord may not");
    let before = snapshot(&path);
    let own = coord
        .set_user_active("coord", false)
        .unwrap_err()
        .to_string();
    assert_eq!(own, "refused: coord may not deactivate their own account");
    let unknown = coord
        .set_user_active("nobody", false)
        .unwrap_err()
        .to_string();
    assert_eq!(unknown, "unknown user: nobody");
    assert_eq!(snapshot(&path), before);
}

#[test]
fn a_deactivated_user_can_do_nothing_even_in_a_session_already_open() {
    set_language(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let (path, _, _, dora) = plie(dir.path());
    let mut open = session(&path, "dora");
    let mut coord = session(&path, "coord");
    let user = coord.set_user_active("dora", false).unwrap();
    assert!(!user.active);
    let audited: String = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT action FROM audit WHERE entity = 'user' ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, "deactivate");

    let calls: Vec<Call> = calls_on(&dora, dir.path())
        .into_iter()
        .chain(own_calls())
        .collect();
    expect_refused(
        &path,
        &mut open,
        &calls,
        "`dora` is not an active user of this database",
    );
    let again = Database::open(&path).unwrap().session("dora", today());
    assert!(matches!(
        again,
        Err(parcours::store::StoreError::UnknownActor(_))
    ));

    // Reactivated, she finds her caseload as she left it.
    coord.set_user_active("dora", true).unwrap();
    assert_eq!(open.caseload(None).unwrap().len(), 1);
    assert_eq!(open.participant(dora.file()).unwrap(), dora.participant);
}

// ---- the command line --------------------------------------------------------------

/// A sandbox where bob has a participant, an appointment, time this week and a
/// submitted last week; returns it with bob's and alice's file numbers.
fn cli_team() -> (Sandbox, String, String) {
    let s = Sandbox::with_team().on("2026-11-27");
    let bob_file = s.participant_of("bob", "Bravotest");
    let alice_file = s.participant_of("alice", "Alphatest");
    s.run_as(
        "bob",
        &[
            "appointment",
            "add",
            "--start",
            "2026-11-24 09:30",
            "--minutes",
            "45",
            "--participant",
            &bob_file,
        ],
    )
    .ok();
    for date in ["2026-11-17", "2026-11-23"] {
        s.run_as(
            "bob",
            &[
                "time",
                "add",
                "--date",
                date,
                "--minutes",
                "60",
                "--activity",
                "IND",
                "--participant",
                &bob_file,
            ],
        )
        .ok();
    }
    s.run_as("bob", &["week", "submit", "--week", "2026-W47"])
        .ok();
    (s, bob_file, alice_file)
}

/// The lifecycle commands a referent runs on `file`: its show and its exit.
fn lifecycle_lines(file: &str) -> Vec<Vec<&str>> {
    let exit = ["participant", "exit", file, "--date", "2026-11-23"];
    vec![
        vec!["participant", "show", file, "--format", "json"],
        [exit.as_slice(), &["--outcome", "drop_out"]].concat(),
    ]
}

/// `report outcomes` over this year until today, and `more`.
fn outcomes_line<'a>(more: &[&'a str]) -> Vec<&'a str> {
    let mut line = vec![
        "report",
        "outcomes",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-27",
    ];
    line.extend_from_slice(more);
    line
}

/// Every subcommand, as it would be typed, with the files it might write in `dir`.
fn every_subcommand(bob_file: &str, dir: &Path) -> Vec<Vec<String>> {
    let out = |name: &str| dir.join(name).display().to_string();
    let mut lines: Vec<Vec<&str>> = vec![
        vec![
            "participant",
            "add",
            "--last",
            "Newtest",
            "--first",
            "Test",
            "--birth",
            "1991-02-03",
            "--referent",
            "bob",
        ],
        vec!["participant", "list", "--referent", "bob"],
        vec![
            "appointment",
            "add",
            "--start",
            "2026-11-25 10:00",
            "--minutes",
            "30",
            "--participant",
            bob_file,
        ],
        vec![
            "time",
            "add",
            "--date",
            "2026-11-23",
            "--minutes",
            "30",
            "--activity",
            "IND",
            "--participant",
            bob_file,
        ],
        vec!["time", "list", "--week", "2026-W48", "--referent", "bob"],
        vec!["week", "submit", "--week", "2026-W48", "--referent", "bob"],
        vec![
            "week",
            "validate",
            "--week",
            "2026-W47",
            "--referent",
            "bob",
        ],
        vec![
            "week",
            "reopen",
            "--week",
            "2026-W47",
            "--referent",
            "bob",
            "--reason",
            "Typo",
        ],
        vec!["week", "status", "--week", "2026-W47", "--referent", "bob"],
        vec![
            "export",
            "timesheet",
            "--week",
            "2026-W47",
            "--referent",
            "bob",
            "--format",
            "csv",
            "--output",
            "SHEET",
        ],
        vec![
            "export",
            "agenda",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-29",
            "--referent",
            "bob",
            "--format",
            "ics",
            "--output",
            "AGENDA",
        ],
        outcomes_line(&["--referent", "bob"]),
        vec![
            "participant",
            "correct-entry",
            bob_file,
            "--reason",
            "Typo",
            "--cancel",
        ],
        vec!["participant", "reassign", bob_file, "--referent", "alice"],
        vec!["user", "add", "zed", "--name", "Zed Test"],
        vec!["user", "list"],
        vec!["import", "participants", "IMPORT"],
        vec!["user", "deactivate", "bob"],
        vec!["user", "activate", "bob"],
        vec!["backup", "BACKUP"],
    ];
    lines.extend(lifecycle_lines(bob_file));
    lines.extend(esf_subcommands(Some("bob")));
    lines
        .into_iter()
        .map(|line| {
            line.into_iter()
                .map(|word| match word {
                    "SHEET" => out("sheet.csv"),
                    "AGENDA" => out("agenda.ics"),
                    "BACKUP" => out("backup.db"),
                    "IMPORT" => out("import.csv"),
                    "ESF" => out("esf.csv"),
                    w => w.to_owned(),
                })
                .collect()
        })
        .collect()
}

/// The ESF report and export, of `referent`'s caseload or the acting user's own, the
/// export writing to the placeholder `ESF`.
fn esf_subcommands(referent: Option<&'static str>) -> Vec<Vec<&'static str>> {
    let mut report = vec![
        "report",
        "indicators",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-27",
    ];
    if let Some(login) = referent {
        report.extend(["--referent", login]);
    }
    let export = vec![
        "export",
        "esf",
        "--stage",
        "entry",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-27",
        "--output",
        "ESF",
    ];
    vec![report, export]
}

/// Runs each command line as `login`, expecting exit 1, one stderr line containing
/// `needle`, nothing on stdout, no row changed and no file written.
fn cli_refuses(s: &Sandbox, login: &str, lines: &[Vec<String>], needle: &str) {
    for line in lines {
        let before = snapshot(&s.db);
        let args: Vec<&str> = line.iter().map(String::as_str).collect();
        s.run_as(login, &args).fails_with(needle);
        assert_eq!(snapshot(&s.db), before, "{login}: {line:?} changed rows");
        for name in ["sheet.csv", "agenda.ics", "backup.db", "esf.csv"] {
            assert!(!s.dir.path().join(name).exists(), "{line:?} wrote {name}");
        }
    }
}

#[test]
fn cli_a_referent_is_refused_every_subcommand_on_another_caseload_or_a_coordinators_work() {
    let (s, bob_file, alice_file) = cli_team();
    let lines = every_subcommand(&bob_file, s.dir.path());
    cli_refuses(&s, "alice", &lines, "refused: alice may not");
    // The two subcommands that create databases never touch an existing one.
    let before = snapshot(&s.db);
    s.run_as(
        "alice",
        &["init", "--coordinator", "alice", "--name", "Alice"],
    )
    .fails_with("already has users");
    s.run_as("alice", &["demo", "--no-tui"])
        .fails_with("already exists");
    assert_eq!(snapshot(&s.db), before);
    // The same commands on her own caseload work, apart from a coordinator's work.
    for line in &lines[..6] {
        let args: Vec<String> = line
            .iter()
            .filter(|w| !["--referent", "bob"].contains(&w.as_str()))
            .map(|w| {
                if *w == bob_file {
                    alice_file.clone()
                } else {
                    w.clone()
                }
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        s.run_as("alice", &args).ok();
    }
}

#[test]
fn cli_a_deactivated_user_is_refused_everything_and_the_coordinator_can_reactivate_them() {
    let (s, bob_file, _) = cli_team();
    let before = snapshot(&s.db);
    let out = s.run_as("coord", &["user", "deactivate", "bob"]);
    assert_eq!(out.ok(), "deactivated bob: they can no longer use parcours");
    let (active, version): (bool, i64) = s
        .sql()
        .query_row(
            "SELECT active, version FROM user WHERE login = 'bob'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(!active);
    assert_eq!(version, 2);
    assert_ne!(snapshot(&s.db), before);

    // Bob's own commands, without naming anyone, and the interface.
    let out = |name: &str| s.dir.path().join(name).display().to_string();
    let mut own: Vec<Vec<&str>> = vec![
        vec![],
        vec![
            "participant",
            "add",
            "--last",
            "Newtest",
            "--first",
            "Test",
            "--birth",
            "1991-02-03",
        ],
        vec!["participant", "list"],
        vec![
            "appointment",
            "add",
            "--start",
            "2026-11-25 10:00",
            "--minutes",
            "30",
            "--participant",
            &bob_file,
        ],
        vec![
            "appointment",
            "add",
            "--start",
            "2026-11-25 11:00",
            "--minutes",
            "30",
        ],
        vec![
            "time",
            "add",
            "--date",
            "2026-11-23",
            "--minutes",
            "30",
            "--activity",
            "IND",
        ],
        vec!["time", "list", "--week", "2026-W48"],
        vec!["week", "submit", "--week", "2026-W48"],
        vec!["week", "status", "--week", "2026-W47"],
        vec![
            "export",
            "timesheet",
            "--week",
            "2026-W47",
            "--format",
            "csv",
            "--output",
            "SHEET",
        ],
        vec![
            "export",
            "agenda",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-29",
            "--format",
            "ics",
            "--output",
            "AGENDA",
        ],
        outcomes_line(&[]),
        vec!["user", "add", "zed", "--name", "Zed Test"],
        vec!["user", "activate", "bob"],
        vec!["backup", "BACKUP"],
    ];
    own.extend(lifecycle_lines(&bob_file));
    own.extend(esf_subcommands(None));
    let lines: Vec<Vec<String>> = own
        .into_iter()
        .map(|line| {
            line.into_iter()
                .map(|word| match word {
                    "SHEET" => out("sheet.csv"),
                    "AGENDA" => out("agenda.ics"),
                    "BACKUP" => out("backup.db"),
                    "ESF" => out("esf.csv"),
                    w => w.to_owned(),
                })
                .collect()
        })
        .collect();
    cli_refuses(
        &s,
        "bob",
        &lines,
        "`bob` is not an active user of this database",
    );

    // Coordinator-only, and not on themselves.
    s.run_as("alice", &["user", "activate", "bob"])
        .fails_with("refused: alice may not manage users");
    s.run_as("coord", &["user", "deactivate", "coord"])
        .fails_with("refused: coord may not deactivate their own account");
    s.run_as("coord", &["user", "deactivate", "nobody"])
        .fails_with("unknown user: nobody");

    assert_eq!(
        s.run_as("coord", &["user", "activate", "bob"]).ok(),
        "reactivated bob"
    );
    assert!(
        s.run_as("bob", &["participant", "list"])
            .ok()
            .contains("Bravotest")
    );
}

#[test]
fn cli_help_documents_deactivating_users() {
    let s = Sandbox::new();
    let help = s.run(&["user", "--help"]).ok().to_owned();
    for words in [
        "deactivate",
        "Deactivate a user",
        "activate",
        "Reactivate a deactivated user",
    ] {
        assert!(help.contains(words), "{help}");
    }
}

// ---- the interface follows others' changes ------------------------------------------

/// The screen drawn at 80×24, as text.
fn screen(app: &App) -> String {
    kit::screen(app, 80, 24)
}

/// A key that does nothing by itself: whatever changes on screen comes from others.
const IDLE_KEY: KeyCode = KeyCode::F(12);

#[test]
fn the_interface_shows_others_changes_at_the_next_key_without_losing_the_users_place() {
    set_language(Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plie.db");
    {
        let mut db = Database::open(&path).unwrap();
        db.init("coord", "Coordination Test").unwrap();
        let mut coord = db.session("coord", today()).unwrap();
        coord
            .add_user("alice", "Alice Testreferent", Role::Referent, 1.0)
            .unwrap();
        for last in ["Bravo", "Charlie", "Delta", "Echo"] {
            coord
                .add_participant(&person(&format!("{last}test")), Some("alice"))
                .unwrap();
        }
    }
    let mut app = App::new(session(&path, "alice"), &Config::default())
        .unwrap()
        .with_theme(PLAIN);
    app.update(Input::Resize(80, 24));
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    let selected = app.caseload().selected_file().unwrap().to_string();
    assert!(screen(&app).contains("DELTATEST"), "{}", screen(&app));
    assert!(
        !press(&mut app, IDLE_KEY),
        "nothing changed, nothing to draw"
    );

    // The coordinator opens a file in alice's caseload that sorts first.
    let mut coord = session(&path, "coord");
    let added = coord
        .add_participant(&person("Alphatest"), Some("alice"))
        .unwrap();
    assert!(!screen(&app).contains("ALPHATEST"), "not before a key");
    assert!(press(&mut app, IDLE_KEY));
    assert!(screen(&app).contains("ALPHATEST"), "{}", screen(&app));
    assert_eq!(
        app.caseload().selected_file().map(|f| f.to_string()),
        Some(selected.clone()),
        "same participant"
    );
    assert_eq!(
        app.caseload().selected(),
        3,
        "one line lower, as the list grew above it"
    );

    // The open file's journal reloads when someone else logs a contact…
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert!(screen(&app).contains("Journal"));
    let mut other = session(&path, "alice");
    other
        .add_contact(&selected, &new_contact("Phoned from the other terminal"))
        .unwrap();
    assert!(press(&mut app, IDLE_KEY));
    assert!(
        screen(&app).contains("Phoned from the other terminal"),
        "{}",
        screen(&app)
    );

    // …but a form being typed keeps its input.
    press(&mut app, KeyCode::Char('n'));
    let typing = screen(&app);
    other
        .add_contact(&selected, &new_contact("Second call meanwhile"))
        .unwrap();
    press(&mut app, KeyCode::Char('Z'));
    let after = screen(&app);
    assert!(
        after.contains('Z'),
        "the typed letter is in the form: {after}"
    );
    assert!(
        !after.contains("Second call meanwhile"),
        "the form stays as it was: {typing}"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('y'));
    press(&mut app, KeyCode::Esc);

    // The agenda reloads its week.
    press(&mut app, KeyCode::Char('2'));
    let f = fields(None, 25, 13);
    other
        .add_appointment(&NewAppointment {
            participant: Some(added.file_number.clone()),
            kind: AppointmentKind::Individual,
            starts_at: f.starts_at,
            minutes: 30,
            title: "Rebooked".into(),
            location: String::new(),
        })
        .unwrap();
    assert!(press(&mut app, IDLE_KEY));
    // At 80 columns the appointment shows its participant (file number, then name).
    assert!(
        screen(&app).contains(added.file_number.as_str()),
        "{}",
        screen(&app)
    );

    // The time screen reloads its week.
    press(&mut app, KeyCode::Char('3'));
    let before = app.time().day_totals();
    other
        .add_time_entry(&time_entry(today(), None, None))
        .unwrap();
    assert!(press(&mut app, IDLE_KEY));
    let after = app.time().day_totals();
    // Friday, today: the fifth day of the week.
    assert_eq!(after[4], before[4] + 30, "{}", screen(&app));

    // The dashboard reads its figures again, keeping the selected alert line.
    press(&mut app, KeyCode::Char('4'));
    press(&mut app, KeyCode::Down);
    let counted = |app: &App| -> u32 {
        let data = app.dashboard().data().unwrap();
        data.total.statuses.iter().map(|(_, n)| n).sum()
    };
    let before = counted(&app);
    let alert = app.dashboard().selected_alert();
    coord
        .add_participant(&person("Foxtrottest"), Some("alice"))
        .unwrap();
    assert!(press(&mut app, IDLE_KEY));
    assert_eq!(counted(&app), before + 1, "{}", screen(&app));
    assert_eq!(app.dashboard().selected_alert(), alert, "same alert line");
}

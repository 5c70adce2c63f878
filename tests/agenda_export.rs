//! `parcours export agenda` on the real binary: the iCalendar file is parsed
//! back (icalendar's parser) and every event matches the database, times
//! included, for a PLIE in Martinique and one in Paris, over two weeks that
//! cross the European change back to winter time (25 October 2026). The CSV
//! export gives the local times; participants appear by file number only; an
//! existing file is never overwritten.

#[path = "common/tui_kit.rs"]
mod kit;
#[path = "common/cli_support.rs"]
mod support;

use kit::d;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use icalendar::{CalendarDateTime, Component, DatePerhapsTime, EventLike, EventStatus};
use parcours::domain::agenda::{AppointmentKind, AppointmentStatus};
use parcours::domain::schedule::{AppointmentFields, local_instant, weekly_starts};
use parcours::store::Database;
use support::{Outcome, Sandbox, outcome};

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap()
}

/// An appointment as stored: uid → (start, minutes, status, file number, title, location).
type Stored = BTreeMap<String, (DateTime<Utc>, i64, String, Option<String>, String, String)>;

/// A team whose referent `alice` has a participant and an agenda around the DST change, in `tz`.
fn agenda_in(tz: Tz) -> (Sandbox, PathBuf, String) {
    let s = Sandbox::with_team();
    let file = s.participant_of("alice", "Testname");
    let config = s.dir.path().join("config.toml");
    std::fs::write(&config, "language = \"en\"\n").unwrap();
    s.run_as("coord", &["settings", "set", "timezone", tz.name()])
        .ok();
    let mut alice = Database::open(&s.db)
        .unwrap()
        .session("alice", d(2026, 11, 23))
        .unwrap();
    let mut add = |kind, day, time, minutes, participant: bool, title: &str| {
        let fields = AppointmentFields {
            participant: participant.then(|| file.clone()),
            kind,
            starts_at: local_instant(day, time, tz).unwrap(),
            minutes,
            title: title.into(),
            location: "Antenne, bureau 2".into(),
            notes: "Confidentiel : ne pas exporter".into(),
        };
        alice
            .create_appointments(&fields, &[fields.starts_at])
            .unwrap()
            .remove(0)
    };
    add(
        AppointmentKind::Individual,
        d(2026, 10, 23),
        hm(9, 0),
        45,
        true,
        "",
    );
    add(
        AppointmentKind::Individual,
        d(2026, 10, 26),
        hm(9, 0),
        60,
        true,
        "Bilan; suite",
    );
    add(
        AppointmentKind::Other,
        d(2026, 10, 25),
        hm(2, 30),
        30,
        false,
        "Nuit du changement",
    );
    add(
        AppointmentKind::Partner,
        d(2026, 11, 5),
        hm(10, 0),
        60,
        false,
        "Hors période",
    );
    let cancelled = add(
        AppointmentKind::Workshop,
        d(2026, 10, 22),
        hm(14, 0),
        120,
        false,
        "Atelier CV, lettre",
    );
    alice
        .set_appointment_status(
            cancelled.id,
            cancelled.version,
            AppointmentStatus::Cancelled,
            tz,
        )
        .unwrap();
    let welcome = AppointmentFields {
        participant: None,
        kind: AppointmentKind::Welcome,
        starts_at: local_instant(d(2026, 10, 20), hm(8, 30), tz).unwrap(),
        minutes: 180,
        title: "Demi-journée d'accueil".into(),
        location: String::new(),
        notes: String::new(),
    };
    let starts = weekly_starts(d(2026, 10, 20), hm(8, 30), d(2026, 10, 27), tz).unwrap();
    alice.create_appointments(&welcome, &starts).unwrap();
    (s, config, file)
}

fn export(
    s: &Sandbox,
    config: &Path,
    login: &str,
    extra: &[&str],
    format: &str,
    output: &Path,
) -> Outcome {
    outcome(
        s.command()
            .arg("--config")
            .arg(config)
            .args([
                "--as",
                login,
                "export",
                "agenda",
                "--from",
                "2026-10-19",
                "--to",
                "2026-10-30",
            ])
            .args(extra)
            .args(["--format", format, "--output"])
            .arg(output),
    )
}

/// Alice's appointments starting in [from, to) as stored in the file.
fn stored(s: &Sandbox, from: DateTime<Utc>, to: DateTime<Utc>) -> Stored {
    let sql = s.sql();
    let mut stmt = sql
        .prepare(
            "SELECT a.uid, a.starts_at, a.minutes, a.status, p.file_number, a.title, a.location
             FROM appointment a JOIN user u ON u.id = a.referent_id
             LEFT JOIN participant p ON p.id = a.participant_id
             WHERE u.login = 'alice' AND a.starts_at >= ?1 AND a.starts_at < ?2",
        )
        .unwrap();
    let fmt = |t: DateTime<Utc>| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    stmt.query_map([fmt(from), fmt(to)], |r| {
        let start: String = r.get(1)?;
        Ok((
            r.get::<_, String>(0)?,
            (
                start.parse::<DateTime<Utc>>().unwrap(),
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ),
        ))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn utc(value: Option<DatePerhapsTime>) -> DateTime<Utc> {
    match value {
        Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(t))) => t,
        other => panic!("expected a UTC date-time, got {other:?}"),
    }
}

fn check_ics(tz: Tz, expected_local_starts: &[(&str, &str)]) {
    let (s, config, file) = agenda_in(tz);
    let output = s.dir.path().join("agenda.ics");
    let out = export(&s, &config, "alice", &[], "ics", &output);
    assert_eq!(out.ok(), output.display().to_string());
    let text = std::fs::read_to_string(&output).unwrap();
    assert!(text.contains("\r\n"), "iCalendar lines end with CRLF");
    assert!(
        !text.contains("Testname"),
        "no participant name in the export"
    );
    assert!(!text.contains("Confidentiel"), "notes are not exported");
    assert!(text.contains(&format!("X-WR-TIMEZONE:{}", tz.name())));
    let calendar: icalendar::Calendar = text.parse().expect("valid iCalendar");

    let from = local_instant(d(2026, 10, 19), NaiveTime::MIN, tz).unwrap();
    let to = local_instant(d(2026, 10, 31), NaiveTime::MIN, tz).unwrap();
    let db = stored(&s, from, to);
    assert_eq!(
        db.len(),
        6,
        "four single appointments in range and two welcome half-days"
    );
    let events: Vec<&icalendar::Event> = calendar.events().collect();
    assert_eq!(events.len(), db.len());
    for event in events {
        let uid = event.get_uid().expect("a UID");
        let (start, minutes, status, participant, title, location) = db
            .get(uid)
            .unwrap_or_else(|| panic!("{uid} is not in the database"));
        assert_eq!(utc(event.get_start()), *start, "{uid}");
        assert_eq!(
            utc(event.get_end()),
            *start + Duration::minutes(*minutes),
            "{uid}"
        );
        let summary = event.get_summary().unwrap_or_default();
        if let Some(f) = participant {
            assert_eq!(f, &file);
            assert!(summary.contains(f.as_str()), "{summary}");
            assert_eq!(
                event.property_value("X-PARCOURS-PARTICIPANT"),
                Some(f.as_str())
            );
        }
        if !title.is_empty() {
            assert!(summary.ends_with(title.as_str()), "{summary} / {title}");
        }
        assert_eq!(
            event.get_location(),
            (!location.is_empty()).then_some(location.as_str())
        );
        let cancelled = status == "cancelled";
        assert_eq!(
            event.get_status(),
            Some(if cancelled {
                EventStatus::Cancelled
            } else {
                EventStatus::Confirmed
            })
        );
    }
    let local: Vec<(String, String)> = calendar
        .events()
        .map(|e| {
            let start = utc(e.get_start());
            (
                start
                    .with_timezone(&tz)
                    .format("%Y-%m-%d %H:%M")
                    .to_string(),
                start.format("%H:%MZ").to_string(),
            )
        })
        .collect();
    for (local_start, utc_start) in expected_local_starts {
        assert!(
            local.contains(&(local_start.to_string(), utc_start.to_string())),
            "{local_start} should be {utc_start}: {local:?}"
        );
    }
}

#[test]
fn ics_matches_the_database_in_paris_across_the_dst_change() {
    check_ics(
        chrono_tz::Europe::Paris,
        &[
            ("2026-10-20 08:30", "06:30Z"),
            ("2026-10-23 09:00", "07:00Z"),
            ("2026-10-25 02:30", "00:30Z"),
            ("2026-10-26 09:00", "08:00Z"),
            ("2026-10-27 08:30", "07:30Z"),
        ],
    );
}

#[test]
fn ics_matches_the_database_in_martinique() {
    check_ics(
        chrono_tz::America::Martinique,
        &[
            ("2026-10-20 08:30", "12:30Z"),
            ("2026-10-23 09:00", "13:00Z"),
            ("2026-10-25 02:30", "06:30Z"),
            ("2026-10-26 09:00", "13:00Z"),
            ("2026-10-27 08:30", "12:30Z"),
        ],
    );
}

#[test]
fn uids_are_stable_from_one_export_to_the_next() {
    let (s, config, _) = agenda_in(chrono_tz::Europe::Paris);
    let first = s.dir.path().join("first.ics");
    let second = s.dir.path().join("second.ics");
    export(&s, &config, "alice", &[], "ics", &first).ok();
    export(
        &s,
        &config,
        "coord",
        &["--referent", "alice"],
        "ics",
        &second,
    )
    .ok();
    let uids = |path: &Path| -> Vec<String> {
        let calendar: icalendar::Calendar = std::fs::read_to_string(path).unwrap().parse().unwrap();
        calendar
            .events()
            .filter_map(|e| e.get_uid().map(str::to_owned))
            .collect()
    };
    assert_eq!(uids(&first), uids(&second));
    assert_eq!(uids(&first).len(), 6);
}

#[test]
fn csv_gives_local_times_and_file_numbers_only() {
    let tz = chrono_tz::Europe::Paris;
    let (s, config, file) = agenda_in(tz);
    let output = s.dir.path().join("agenda.csv");
    export(&s, &config, "alice", &[], "csv", &output).ok();
    let bytes = std::fs::read(&output).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    assert!(!text.contains("Testname") && !text.contains("Confidentiel"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header[..6],
        ["uid", "referent_login", "date", "start", "end", "minutes"]
    );
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    let from = local_instant(d(2026, 10, 19), NaiveTime::MIN, tz).unwrap();
    let to = local_instant(d(2026, 10, 31), NaiveTime::MIN, tz).unwrap();
    let db = stored(&s, from, to);
    assert_eq!(rows.len(), db.len());
    for row in &rows {
        let (start, minutes, status, participant, title, _) = &db[&row[0]];
        let local = start.with_timezone(&tz);
        assert_eq!(&row[2], local.format("%Y-%m-%d").to_string());
        assert_eq!(&row[3], local.format("%H:%M").to_string());
        assert_eq!(&row[5], minutes.to_string());
        assert_eq!(&row[6], "Europe/Paris");
        assert_eq!(&row[7], start.format("%Y-%m-%dT%H:%M:%SZ").to_string());
        assert_eq!(&row[9], participant.clone().unwrap_or_default());
        assert_eq!(&row[10], status.as_str());
        assert_eq!(&row[11], title.as_str());
    }
    let monday = rows.iter().find(|r| &r[2] == "2026-10-26").unwrap();
    assert_eq!(
        (&monday[3], &monday[4], &monday[9]),
        ("09:00", "10:00", file.as_str())
    );
}

#[test]
fn an_existing_file_is_kept_and_other_agendas_are_refused() {
    let (s, config, _) = agenda_in(chrono_tz::Europe::Paris);
    let output = s.dir.path().join("agenda.ics");
    std::fs::write(&output, b"kept").unwrap();
    export(&s, &config, "alice", &[], "ics", &output).fails_with("already exists");
    assert_eq!(std::fs::read(&output).unwrap(), b"kept");
    let other = s.dir.path().join("other.ics");
    export(&s, &config, "bob", &["--referent", "alice"], "ics", &other).fails_with("refused");
    assert!(!other.exists());
    let backwards = outcome(
        s.command()
            .arg("--config")
            .arg(&config)
            .args([
                "--as",
                "alice",
                "export",
                "agenda",
                "--from",
                "2026-10-30",
                "--to",
                "2026-10-19",
            ])
            .args(["--format", "csv", "--output"])
            .arg(&other),
    );
    backwards.fails_with("before the first");
}

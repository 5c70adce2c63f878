//! A realistic week entered from the keyboard in the real binary, in a
//! pseudo-terminal, then exported with the CLI.
//!
//! The demo PLIE is built around Friday 27 November 2026 and the demo
//! referent's time of that week is deleted: Monday to Thursday's attended
//! appointments wait to be turned into time. The test opens the time screen
//! (`3`), takes the appointments with `g` and accepts them all, adds file
//! work, ESF administration, travel and a phone call by typing durations
//! (Enter opens a cell's duration, Tab saves it and opens the next day's),
//! checks that `g` proposes nothing more, submits the week, exports it as
//! CSV from the screen (`X`, Enter on the first choice) into the current directory, quits, and
//! reads every row back; the CLI's export of the same week gives the same
//! bytes. It counts and prints the keystrokes.

#[path = "common/pty.rs"]
mod pty;

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone};
use parcours::demo::{DemoOptions, generate};
use parcours::domain::IsoWeek;
use parcours::domain::agenda::AppointmentStatus;
use parcours::domain::duration::format_hmm;
use parcours::store::Database;
use pty::Pty;

const FRIDAY: &str = "2026-11-27";
/// How long the program may take to start, and each step to show its effect.
const TIMEOUT: Duration = Duration::from_secs(20);

fn friday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// The binary in an 80×24 pseudo-terminal, and a vt100 screen of what it wrote.
struct Terminal {
    pty: Pty,
    keystrokes: usize,
}

impl Terminal {
    fn open(db: &Path, dir: &Path) -> Self {
        let args = [
            OsStr::new("--db"),
            db.as_os_str(),
            OsStr::new("--as"),
            OsStr::new("demo"),
        ];
        Self {
            pty: Pty::spawn(dir, FRIDAY, &args),
            keystrokes: 0,
        }
    }

    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) {
        self.pty.wait_for(what, TIMEOUT, ready);
    }

    /// Sends keys, each one keystroke: a character, or a named key.
    fn keys(&mut self, keys: &[&str]) {
        for key in keys {
            let bytes: &[u8] = match *key {
                "Enter" => b"\r",
                "Tab" => b"\t",
                "Home" => b"\x1b[H",
                "Right" => b"\x1b[C",
                text => text.as_bytes(),
            };
            self.pty.press(bytes);
            self.keystrokes += 1;
        }
    }

    /// Types text, one keystroke per character.
    fn text(&mut self, text: &str) {
        let keys: Vec<String> = text.chars().map(String::from).collect();
        self.keys(&keys.iter().map(String::as_str).collect::<Vec<_>>());
    }

    fn wait_exit(&mut self) -> bool {
        self.pty.wait_exit().success()
    }
}

/// Minutes of attended appointments per day of the week, Monday first.
fn attended_minutes(db: &Path, week: IsoWeek) -> [u32; 7] {
    let session = Database::open(db)
        .unwrap()
        .session("demo", friday())
        .unwrap();
    let tz = chrono_tz::Europe::Paris;
    let at = |d: NaiveDate| {
        tz.from_local_datetime(&d.and_hms_opt(0, 0, 0).unwrap())
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let mut minutes = [0; 7];
    for a in session
        .appointments_between(None, at(week.monday()), at(week.next().monday()))
        .unwrap()
        .iter()
        .filter(|a| a.status == AppointmentStatus::Done)
    {
        let day = (a.starts_at.with_timezone(&tz).date_naive() - week.monday()).num_days();
        minutes[day as usize] += a.minutes;
    }
    minutes
}

#[test]
fn a_week_entered_from_the_keyboard_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let week = IsoWeek::containing(friday());
    {
        let mut database = Database::open(&db).unwrap();
        generate(&mut database, &DemoOptions::standard(friday())).unwrap();
        let mut demo = database.session("demo", friday()).unwrap();
        for e in demo.week_entries(None, week).unwrap() {
            demo.delete_time_entry(e.id, e.version).unwrap();
        }
    }
    let attended = attended_minutes(&db, week);
    let proposed = {
        let session = Database::open(&db)
            .unwrap()
            .session("demo", friday())
            .unwrap();
        let tz = chrono_tz::Europe::Paris;
        let from = tz.from_local_datetime(&week.monday().and_hms_opt(0, 0, 0).unwrap());
        let to = tz.from_local_datetime(&week.next().monday().and_hms_opt(0, 0, 0).unwrap());
        session
            .appointments_between(
                None,
                from.unwrap().with_timezone(&chrono::Utc),
                to.unwrap().with_timezone(&chrono::Utc),
            )
            .unwrap()
            .iter()
            .filter(|a| a.status == AppointmentStatus::Done)
            .count()
    };
    let caseload: Vec<String> = Database::open(&db)
        .unwrap()
        .session("demo", friday())
        .unwrap()
        .caseload(None)
        .unwrap()
        .into_iter()
        .map(|r| r.file_number.to_string())
        .collect();
    // Participants are typed as the shortest end of their file number that
    // the completion matches with no one else, as a referent would.
    let fragment = |file: &str| {
        (1..=file.len())
            .map(|n| &file[file.len() - n..])
            .find(|end| caseload.iter().filter(|f| f.contains(end)).count() == 1)
            .unwrap()
            .to_owned()
    };
    let (first, second) = (fragment(&caseload[0]), fragment(&caseload[1]));
    // The rest of each 7-hour day, typed row by row (what opens the row, the
    // day, the duration as typed, in minutes), then file work.
    let mut rows: [(&str, usize, &str, u32); 7] = [
        ("adm", 4, "1h", 60),
        ("trav", 2, "30m", 30),
        (&first, 1, "0.25", 15),
        (&second, 3, "0:20", 20),
        ("part", 0, "1h30", 90),
        ("out", 0, "2", 120),
        ("emp", 4, "1:15", 75),
    ];
    // A row that would not leave a quarter of an hour of file work on its day (the
    // demo's appointments fill some days more than others) goes to the day with the
    // most room.
    let mut other = [0u32; 5];
    for (_, day, _, minutes) in rows.iter_mut() {
        let room = |d: usize, other: &[u32; 5]| 420i64 - i64::from(attended[d] + other[d]);
        if room(*day, &other) < i64::from(*minutes) + 15 {
            *day = (0..5).max_by_key(|d| (room(*d, &other), *d)).unwrap_or(4);
        }
        other[*day] += *minutes;
    }
    let file_work: Vec<u32> = (0..5).map(|d| 420 - attended[d] - other[d]).collect();

    let mut term = Terminal::open(&db, dir.path());
    term.wait_for("the caseload", |s| s.contains("Caseload"));
    term.keys(&["3"]);
    term.wait_for("the time screen", |s| {
        s.contains("2026-W48") && s.contains("Status: draft")
    });
    term.keys(&["g"]);
    term.wait_for("the proposals", |s| s.contains("Proposed entries"));
    term.keys(&["a"]);
    term.wait_for("the accepted proposals", |s| s.contains("entries added"));

    term.keys(&["n"]);
    term.text("file");
    // Enter opens Monday's duration; Tab saves each day and opens the next one's.
    term.keys(&["Enter", "Home", "Enter"]);
    for (day, minutes) in file_work.iter().enumerate() {
        term.text(&format_hmm(*minutes));
        term.keys(&[if day < 4 { "Tab" } else { "Enter" }]);
    }
    term.wait_for("the file work", |s| s.contains("File work and reports"));
    for (row, day, duration, _) in rows {
        term.keys(&["n"]);
        term.text(row);
        term.keys(&["Enter"]);
        // A new row opens on today, Friday.
        if day < 4 {
            term.keys(&["Home"]);
            term.keys(&vec!["Right"; day]);
        }
        term.keys(&["Enter"]);
        term.text(duration);
        term.keys(&["Enter"]);
    }
    term.wait_for("the week's 35 hours", |s| s.contains("week 35:00 of 35:00"));
    term.keys(&["g"]);
    term.wait_for("no second proposal", |s| {
        s.contains("No attended appointment of this week is left")
    });
    term.keys(&["s"]);
    term.wait_for("the question", |s| {
        s.contains("Submit week 2026-W48 (35:00)?")
    });
    term.keys(&["y"]);
    term.wait_for("the submitted week", |s| s.contains("Status: submitted"));
    let entering = term.keystrokes;
    term.keys(&["X"]);
    term.wait_for("the export choice", |s| s.contains("Export week 2026-W48"));
    term.keys(&["Enter"]);
    let csv_path = dir.path().join("timesheet-demo-2026-W48.csv");
    term.wait_for("the file written", |s| {
        s.contains("Written: ") && s.contains("timesheet-demo-2026-W48.csv")
    });
    let keystrokes = term.keystrokes;
    term.keys(&["q"]);
    assert!(term.wait_exit(), "exit status");

    let entries = proposed + 5 + rows.len();
    println!(
        "entered {entries} time entries of week {week} ({proposed} from the agenda) and \
         submitted it in {entering} keystrokes; {keystrokes} with the export from the screen"
    );
    assert!(entries >= 15, "a realistic week: {entries} entries");
    // 122 keystrokes for 24 entries: one Enter per typed row opens its duration (eight
    // more than when a digit typed in the grid started one, and could write by accident).
    // The two participants are typed by the shortest end of their file number that
    // only they have (3 characters each in the demo this was measured on).
    let typed_ends = first.len() + second.len();
    assert!(
        entering <= 116 + typed_ends,
        "{entering} keystrokes, {typed_ends} for the participants"
    );
    assert_eq!(keystrokes, entering + 2, "X, then Enter for CSV");

    let cli_path = dir.path().join("w48-cli.csv");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_parcours"))
        .args(["--db", db.to_str().unwrap(), "--as", "demo"])
        .args([
            "export",
            "timesheet",
            "--week",
            "2026-W48",
            "--format",
            "csv",
            "--output",
        ])
        .arg(&cli_path)
        .env("PARCOURS_TODAY", FRIDAY)
        .env("LANG", "C")
        .env_remove("PARCOURS_CONFIG")
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        std::fs::read(&csv_path).unwrap(),
        std::fs::read(&cli_path).unwrap(),
        "the screen and the CLI export the same bytes"
    );

    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), entries);
    let minutes = |r: &csv::StringRecord| r[column("minutes")].parse::<u32>().unwrap();
    assert!(
        records
            .iter()
            .all(|r| &r[column("referent_login")] == "demo")
    );
    assert!(records.iter().all(|r| &r[column("iso_week")] == "2026-W48"));
    assert_eq!(records.iter().map(minutes).sum::<u32>(), 35 * 60);
    for (day, date) in week.days().iter().take(5).enumerate() {
        let of_day: Vec<&csv::StringRecord> = records
            .iter()
            .filter(|r| r[column("date")] == date.to_string())
            .collect();
        assert_eq!(
            of_day.iter().map(|r| minutes(r)).sum::<u32>(),
            420,
            "{date}"
        );
        let file: Vec<u32> = of_day
            .iter()
            .filter(|r| &r[column("activity_code")] == "FILE")
            .map(|r| minutes(r))
            .collect();
        assert_eq!(file, [file_work[day]], "{date}");
    }
    let by = |code: &str| {
        records
            .iter()
            .filter(|r| {
                &r[column("activity_code")] == code && r[column("participant_file")].is_empty()
            })
            .map(|r| (r[column("date")].to_owned(), minutes(r)))
            .collect::<Vec<_>>()
    };
    for (row, day, _, typed) in rows {
        let date = week.days()[day].to_string();
        let participant = caseload
            .iter()
            .find(|f| f.ends_with(row) && row == fragment(f));
        let found = if let Some(file) = participant {
            records.iter().any(|r| {
                r[column("participant_file")] == **file
                    && &r[column("activity_code")] == "IND"
                    && r[column("date")] == date
                    && minutes(r) == typed
            })
        } else {
            by(&row.to_uppercase()).contains(&(date.clone(), typed))
        };
        assert!(found, "{row} on {date}: {typed} minutes");
    }
    let session = Database::open(&db)
        .unwrap()
        .session("demo", friday())
        .unwrap();
    let stored = session.week_entries(None, week).unwrap();
    assert_eq!(stored.len(), entries);
    assert_eq!(
        stored.iter().filter(|e| e.appointment_id.is_some()).count(),
        proposed
    );
}

//! Many writers on one database file: ten processes each add 500 time entries at once.
//!
//! The test re-runs its own executable as the writer processes (selected by an
//! environment variable), so each writer is a real, separate process with its own
//! SQLite connection, as referents on a shared server are.

use std::process::Command;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use parcours::domain::time::NewTimeEntry;
use parcours::domain::user::Role;
use parcours::store::Database;
use rusqlite::Connection;

const WRITERS: usize = 10;
const ENTRIES_PER_WRITER: usize = 500;
const CHILD_VAR: &str = "PARCOURS_TEST_WRITER";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// Writer side: runs only inside a child process started by the test below.
#[test]
fn writer_child() {
    let Ok(spec) = std::env::var(CHILD_VAR) else {
        return;
    };
    let (path, login) = spec.split_once('|').unwrap();
    let mut session = Database::open(path.as_ref())
        .unwrap()
        .session(login, today())
        .unwrap();
    let mut longest = Duration::ZERO;
    for i in 0..ENTRIES_PER_WRITER {
        let entry = NewTimeEntry {
            date: today() - chrono::Duration::days((i % 5) as i64),
            minutes: 1,
            activity: "FILE".into(),
            participant: None,
            appointment_id: None,
            note: format!("entry {i}"),
        };
        let started = Instant::now();
        session.add_time_entry(&entry).unwrap();
        longest = longest.max(started.elapsed());
    }
    println!("LONGEST_WAIT_MS={}", longest.as_millis());
}

#[test]
fn ten_processes_write_concurrently_without_loss_or_error() {
    if std::env::var(CHILD_VAR).is_ok() {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("shared.db");
    {
        let mut db = Database::open(&path).unwrap();
        db.init("coord", "Coordination").unwrap();
        let mut coord = db.session("coord", today()).unwrap();
        for w in 0..WRITERS {
            coord
                .add_user(
                    &format!("ref{w}"),
                    &format!("Referent {w}"),
                    Role::Referent,
                    1.0,
                )
                .unwrap();
        }
    }
    let exe = std::env::current_exe().unwrap();
    let started = Instant::now();
    let children: Vec<_> = (0..WRITERS)
        .map(|w| {
            Command::new(&exe)
                .args(["writer_child", "--exact", "--nocapture", "--test-threads=1"])
                .env(CHILD_VAR, format!("{}|ref{w}", path.display()))
                .output_async()
        })
        .collect();
    let mut longest_wait = 0u128;
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "a writer failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let wait: u128 = stdout
            .split("LONGEST_WAIT_MS=")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("the writer reports its longest wait:\n{stdout}"))
            .parse()
            .unwrap();
        longest_wait = longest_wait.max(wait);
    }
    let elapsed = started.elapsed();
    let conn = Connection::open(&path).unwrap();
    let rows: i64 = conn
        .query_row("SELECT COUNT(*) FROM time_entry", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rows, (WRITERS * ENTRIES_PER_WRITER) as i64);
    let audits: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE entity = 'time_entry'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audits, rows, "each entry has its audit row");
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    println!(
        "{} writes in {:.2} s = {:.0} writes/s with {WRITERS} writers; longest wait {longest_wait} ms",
        rows,
        elapsed.as_secs_f64(),
        rows as f64 / elapsed.as_secs_f64()
    );
}

/// Starts a command with captured output without waiting for it.
trait SpawnCaptured {
    fn output_async(&mut self) -> std::process::Child;
}

impl SpawnCaptured for Command {
    fn output_async(&mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap()
    }
}

//! Many writers on one database file: ten processes each add 500 time entries at once.
//!
//! The test re-runs its own executable as the writer processes (selected by an
//! environment variable), so each writer is a real, separate process with its own
//! SQLite connection, as referents on a shared server are.

#[path = "common/tui_kit.rs"]
mod kit;

use kit::today;
use std::os::unix::process::CommandExt;
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
    let mut waits = Vec::with_capacity(ENTRIES_PER_WRITER);
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
        waits.push(started.elapsed());
    }
    waits.sort();
    println!(
        "LONGEST_WAIT_MS={} P99_WAIT_MS={}",
        waits.last().unwrap().as_millis(),
        waits[waits.len() * 99 / 100].as_millis()
    );
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
    let (mut longest_wait, mut p99_wait) = (0u128, 0u128);
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "a writer failed:\n{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let figure = |name: &str| -> u128 {
            stdout
                .split(name)
                .nth(1)
                .and_then(|rest| rest.split_whitespace().next())
                .unwrap_or_else(|| panic!("the writer reports {name}:\n{stdout}"))
                .parse()
                .unwrap()
        };
        longest_wait = longest_wait.max(figure("LONGEST_WAIT_MS="));
        p99_wait = p99_wait.max(figure("P99_WAIT_MS="));
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
        "{} writes in {:.2} s = {:.0} writes/s with {WRITERS} writers; longest wait {longest_wait} ms, \
         99th percentile {p99_wait} ms",
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

// ---- kill -9 in the middle of heavy writes ----------------------------------------------

/// How many times writers are started and killed.
const KILL_ROUNDS: usize = 4;
/// Shell loops of the real binary writing at the same time in each round.
const KILL_WRITERS: usize = 4;
/// Writer processes of the library (thousands of writes a second) in each round.
const KILL_FAST_WRITERS: usize = 2;
const KILL_CHILD_VAR: &str = "PARCOURS_TEST_KILLED_WRITER";

/// Fast writer side: writes until killed, printing each id once its write returned.
#[test]
fn killed_writer_child() {
    let Ok(spec) = std::env::var(KILL_CHILD_VAR) else {
        return;
    };
    let (path, login) = spec.split_once('|').unwrap();
    let mut session = Database::open(path.as_ref())
        .unwrap()
        .session(login, today())
        .unwrap();
    let first_day = NaiveDate::from_ymd_opt(2026, 10, 26).unwrap();
    for i in 0..1_000_000 {
        let entry = NewTimeEntry {
            date: first_day + chrono::Duration::days(i % 28),
            minutes: 1,
            activity: "FILE".into(),
            participant: None,
            appointment_id: None,
            note: format!("entry {i}"),
        };
        let id = session.add_time_entry(&entry).unwrap().id;
        println!("ID={id}");
    }
}

/// One shell loop running `parcours time add` again and again as `login`, in its own
/// process group so that one signal kills the loop and the command it is running.
fn start_writer_loop(
    path: &std::path::Path,
    home: &std::path::Path,
    login: &str,
    round: usize,
) -> std::process::Child {
    let script = r#"i=0
while [ "$i" -lt 100000 ]; do
  "$BIN" --db "$DB" --as "$LOGIN" time add --date "2026-11-$((i % 5 + 16))" --minutes 1 \
      --activity FILE --note "round $ROUND entry $i" || exit 1
  i=$((i + 1))
done"#;
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .env("BIN", env!("CARGO_BIN_EXE_parcours"))
        .env("DB", path)
        .env("LOGIN", login)
        .env("ROUND", round.to_string())
        .env("LANG", "C")
        .env("PARCOURS_TODAY", "2026-11-23")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("PARCOURS_DB")
        .env_remove("PARCOURS_CONFIG")
        .env_remove("SSH_ORIGINAL_COMMAND")
        .process_group(0)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Ids the loop's commands printed, each once its write was committed (complete lines only).
fn reported_ids(
    stdout: std::process::ChildStdout,
    prefix: &'static str,
) -> std::thread::JoinHandle<Vec<i64>> {
    std::thread::spawn(move || {
        use std::io::BufRead;
        let mut reader = std::io::BufReader::new(stdout);
        let mut ids = Vec::new();
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line).unwrap_or(0) > 0 {
            let text = String::from_utf8_lossy(&line);
            if let (true, Some(id)) = (line.ends_with(b"\n"), text.strip_prefix(prefix)) {
                ids.push(id.trim().parse().expect("an id"));
            }
            line.clear();
        }
        ids
    })
}

#[test]
fn kill_9_during_heavy_writes_never_corrupts_or_loses_a_reported_write() {
    if std::env::var(CHILD_VAR).is_ok() {
        return;
    }
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("killed.db");
    {
        let mut db = Database::open(&path).unwrap();
        db.init("coord", "Coordination").unwrap();
        let mut coord = db.session("coord", today()).unwrap();
        let logins = (0..KILL_WRITERS)
            .map(|w| format!("ref{w}"))
            .chain((0..KILL_FAST_WRITERS).map(|w| format!("fast{w}")));
        for login in logins {
            coord
                .add_user(&login, "Referent Test", Role::Referent, 1.0)
                .unwrap();
        }
    }
    let mut reported = Vec::new();
    let mut killed_at = Vec::new();
    for round in 0..KILL_ROUNDS {
        let started = Instant::now();
        let exe = std::env::current_exe().unwrap();
        let fast = (0..KILL_FAST_WRITERS).map(|w| {
            let mut child = Command::new(&exe)
                .args([
                    "killed_writer_child",
                    "--exact",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(KILL_CHILD_VAR, format!("{}|fast{w}", path.display()))
                .process_group(0)
                .output_async();
            let ids = reported_ids(child.stdout.take().unwrap(), "ID=");
            (child, ids)
        });
        let slow = (0..KILL_WRITERS).map(|w| {
            let mut child = start_writer_loop(&path, dir.path(), &format!("ref{w}"), round);
            let ids = reported_ids(child.stdout.take().unwrap(), "");
            (child, ids)
        });
        let mut loops: Vec<_> = fast
            .chain(slow)
            .map(|(child, ids)| {
                // Each loop dies at its own random moment, most likely in the middle of a write.
                let kill_at = Duration::from_millis(fastrand::u64(300..1_500));
                (kill_at, child, ids)
            })
            .collect();
        loops.sort_by_key(|(kill_at, _, _)| *kill_at);
        for (kill_at, mut child, ids) in loops {
            std::thread::sleep(kill_at.saturating_sub(started.elapsed()));
            let group = format!("-{}", child.id());
            let status = Command::new("kill")
                .args(["-KILL", "--", &group])
                .status()
                .unwrap();
            assert!(status.success(), "kill -9 {group}");
            let exit = child.wait().unwrap();
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
            assert!(
                stderr.is_empty(),
                "no command failed before the kill: {stderr}"
            );
            assert_eq!(
                std::os::unix::process::ExitStatusExt::signal(&exit),
                Some(9),
                "the loop was killed, it did not stop by itself"
            );
            let ids = ids.join().unwrap();
            killed_at.push(kill_at.as_millis());
            reported.extend(ids);
        }
        let conn = Connection::open(&path).unwrap();
        let check: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok", "round {round}");
        for id in &reported {
            let (entries, audits): (i64, i64) = conn
                .query_row(
                    "SELECT (SELECT COUNT(*) FROM time_entry WHERE id = ?1),
                            (SELECT COUNT(*) FROM audit WHERE entity = 'time_entry' AND entity_id = ?1)",
                    [id],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!(
                (entries, audits),
                (1, 1),
                "reported entry {id}, round {round}"
            );
        }
        let (entries, audits): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT COUNT(*) FROM time_entry),
                        (SELECT COUNT(*) FROM audit WHERE entity = 'time_entry')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(
            entries, audits,
            "no entry without its audit row, round {round}"
        );
        assert!(entries >= reported.len() as i64);
    }
    assert!(
        !reported.is_empty(),
        "the writers wrote before being killed"
    );
    println!(
        "{KILL_ROUNDS} rounds of {KILL_WRITERS} writer loops of the binary and {KILL_FAST_WRITERS} fast writers killed with SIGKILL (after {killed_at:?} ms): \
         {} writes reported done, all present; integrity ok",
        reported.len()
    );
}

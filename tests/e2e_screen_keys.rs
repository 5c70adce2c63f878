//! One rule for keys, in the real binary in a pseudo-terminal: from every screen
//! (caseload, agenda, time, dashboard, audit log), each screen key `1`–`5` shows its
//! screen, `?` the help, `:` the command palette and `q` quits — for a referent and for a coordinator — and
//! the walk leaves no new row in the database.

#[path = "common/pty.rs"]
mod pty;

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use pty::Pty;
use rusqlite::Connection;

/// How long the demo may take to generate its database and show the caseload.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a key may take to show its effect, or the program to exit.
const STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// The tables and their row counts.
fn rows(db: &Path) -> Vec<(String, i64)> {
    let conn = Connection::open(db).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT COUNT(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

/// Whether the screen shows what key `key` leads to, for a coordinator or not.
fn shows(key: u8, coordinator: bool, screen: &str) -> bool {
    let title = screen.lines().next().unwrap_or_default();
    match key {
        b'1' => title.contains("| Caseload"),
        b'2' => title.contains("| Agenda"),
        b'3' => title.contains("| Time"),
        b'4' => title.contains("| Dashboard") && !screen.contains("Every change"),
        b'5' if coordinator => title.contains("| Dashboard") && screen.contains("Every change"),
        b'5' => title.contains("| Dashboard") && screen.contains("may not read the audit log"),
        _ => false,
    }
}

fn start(dir: &Path, db: &Path, login: &str) -> Pty {
    let pty = Pty::spawn(
        dir,
        "2026-11-23",
        &[
            OsStr::new("--db"),
            db.as_os_str(),
            OsStr::new("--as"),
            OsStr::new(login),
        ],
    );
    pty.wait_for("the caseload", START_TIMEOUT, |s| shows(b'1', false, s));
    pty
}

#[test]
fn every_screen_key_help_and_quit_work_from_every_screen_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut demo = Pty::demo(dir.path());
    demo.wait_for("the demo's caseload", START_TIMEOUT, |s| {
        shows(b'1', false, s)
    });
    demo.press(b"q");
    assert!(demo.wait_exit().success());
    let before = rows(&db);

    for (login, coordinator) in [("demo", false), ("coord", true)] {
        for from in *b"12345" {
            let mut pty = start(dir.path(), &db, login);
            for key in *b"12345?" {
                pty.press(&[from]);
                pty.wait_for(
                    &format!("{login}: screen {}", from as char),
                    STEP_TIMEOUT,
                    |s| shows(from, coordinator, s),
                );
                pty.press(&[key]);
                if key == b'?' {
                    pty.wait_for(
                        &format!("{login}: help from {}", from as char),
                        STEP_TIMEOUT,
                        |s| s.contains("Help"),
                    );
                    // `?` again closes it (an Esc followed at once by a digit reads as Alt+digit).
                    pty.press(b"?");
                    pty.wait_for("the help closed", STEP_TIMEOUT, |s| {
                        shows(from, coordinator, s)
                    });
                } else {
                    let what = format!("{login}: {} from {}", key as char, from as char);
                    pty.wait_for(&what, STEP_TIMEOUT, |s| shows(key, coordinator, s));
                }
            }
            // `:` opens the palette over the screen; Esc closes it, the screen unchanged.
            pty.press(&[from]);
            pty.wait_for("the screen before the palette", STEP_TIMEOUT, |s| {
                shows(from, coordinator, s)
            });
            pty.press(b":");
            let what = format!("{login}: the palette from {}", from as char);
            pty.wait_for(&what, STEP_TIMEOUT, |s| s.contains("Command palette"));
            pty.press(b"\x1b");
            pty.wait_for("the palette closed", STEP_TIMEOUT, |s| {
                !s.contains("Command palette") && shows(from, coordinator, s)
            });
            pty.press(b"q");
            assert!(
                pty.wait_exit().success(),
                "{login}: q from {}",
                from as char
            );
        }
    }
    assert_eq!(rows(&db), before, "no row written by the walk");
}

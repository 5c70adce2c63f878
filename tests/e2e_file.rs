//! The real binary in a pseudo-terminal, on the demo PLIE: filter the
//! caseload, open a file, add a contact, a step and a barrier, record the
//! exit, quit; then the SQLite file holds exactly those rows and their audit rows.
//! What the program writes is fed to a terminal emulator (vt100) whose
//! screen the test reads.

#[path = "common/pty.rs"]
mod pty;

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use pty::{CTRL_S, ENTER, Pty, SHIFT_TAB, TAB};
use rusqlite::{Connection, params};

/// How long the program may take to show the caseload.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a key may take to show its effect, or the program to exit.
const STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// The environment every run of the binary gets: English, today pinned, no user config.
fn isolate(dir: &Path, set: &mut dyn FnMut(&str, &std::ffi::OsStr)) {
    set("LANG", "C".as_ref());
    set("PARCOURS_TODAY", "2026-11-23".as_ref());
    set("XDG_CONFIG_HOME", dir.join("config").as_os_str());
    set("XDG_DATA_HOME", dir.join("data").as_os_str());
}

/// The program running in an 80×24 pseudo-terminal.
struct Running(Pty);

impl std::ops::Deref for Running {
    type Target = Pty;
    fn deref(&self) -> &Pty {
        &self.0
    }
}

impl std::ops::DerefMut for Running {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.0
    }
}

impl Running {
    fn start(dir: &Path, db: &Path) -> Self {
        Self(Pty::spawn(
            dir,
            "2026-11-23",
            &[OsStr::new("--db"), db.as_os_str(), OsStr::new("demo")],
        ))
    }

    /// Saves the open form and waits for the confirmation.
    fn save(&mut self, what: &str) {
        self.press(CTRL_S);
        self.wait_for(what, STEP_TIMEOUT, |s| s.contains("Saved."));
    }

    fn wait_exit(&mut self) -> bool {
        self.0.wait_exit().success()
    }
}

fn count(conn: &Connection, sql: &str, id: i64) -> i64 {
    conn.query_row(sql, [id], |r| r.get(0)).unwrap()
}

#[test]
fn filter_open_add_contact_step_barrier_record_exit_and_find_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut generate = Command::new(env!("CARGO_BIN_EXE_parcours"));
    generate.args([
        "--db".as_ref(),
        db.as_os_str(),
        "demo".as_ref(),
        "--no-tui".as_ref(),
    ]);
    isolate(dir.path(), &mut |k, v| {
        generate.env(k, v);
    });
    assert!(generate.status().unwrap().success());

    let conn = Connection::open(&db).unwrap();
    let (id, file): (i64, String) = conn
        .query_row(
            "SELECT p.id, p.file_number FROM participant p JOIN user u ON u.id = p.referent_id
             WHERE u.login = 'demo' AND p.status = 'active' ORDER BY p.file_number LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let contacts = count(
        &conn,
        "SELECT COUNT(*) FROM contact WHERE participant_id = ?1",
        id,
    );
    let steps = count(
        &conn,
        "SELECT COUNT(*) FROM step WHERE participant_id = ?1",
        id,
    );
    let barriers = count(
        &conn,
        "SELECT COUNT(*) FROM barrier WHERE participant_id = ?1",
        id,
    );
    let all = |table: &str| {
        count(
            &conn,
            &format!("SELECT COUNT(*) FROM {table} WHERE ?1 = ?1"),
            0,
        )
    };
    let totals = [
        all("contact"),
        all("step"),
        all("barrier"),
        all("participant"),
    ];
    let last_audit = count(&conn, "SELECT MAX(id) FROM audit WHERE ?1 = ?1", 0);

    let mut app = Running::start(dir.path(), &db);
    app.wait_for("the caseload", START_TIMEOUT, |s| s.contains("shown"));
    app.press(b"/");
    app.press(file.to_lowercase().as_bytes());
    app.wait_for("the filtered caseload", STEP_TIMEOUT, |s| {
        s.contains("1 shown") && s.contains(&file)
    });
    app.press(ENTER);
    app.press(ENTER);
    app.wait_for("the file", STEP_TIMEOUT, |s| {
        s.contains("Summary") && s.contains("Time in pathway") && s.contains(&file)
    });

    app.press(TAB);
    app.press(TAB);
    app.press(b"n");
    app.wait_for("the contact form", STEP_TIMEOUT, |s| {
        s.contains("New contact")
    });
    app.press(TAB);
    app.press(b"p");
    app.press(TAB);
    app.press(b"20");
    app.press(TAB);
    app.press("Appel de suivi fictif".as_bytes());
    app.save("the contact");
    app.wait_for("the contact in the journal", STEP_TIMEOUT, |s| {
        s.contains("Appel de suivi fictif")
    });

    app.press(SHIFT_TAB);
    app.press(b"n");
    app.wait_for("the step form", STEP_TIMEOUT, |s| {
        s.contains("New pathway step")
    });
    app.press(b"w");
    app.press(TAB);
    app.press(b"Entreprise Fictive");
    for _ in 0..3 {
        app.press(TAB);
    }
    app.press(b"2026-11-16");
    app.save("the step");
    app.wait_for("the step in the pathway", STEP_TIMEOUT, |s| {
        s.contains("Work experience") && s.contains("Entreprise Fictive")
    });

    for _ in 0..3 {
        app.press(TAB);
    }
    app.press(b"n");
    app.wait_for("the barrier form", STEP_TIMEOUT, |s| {
        s.contains("New barrier")
    });
    app.press(b"m");
    app.press(TAB);
    app.press(TAB);
    app.press(b"Pas de voiture");
    app.save("the barrier");
    app.wait_for("the barrier", STEP_TIMEOUT, |s| {
        s.contains("Pas de voiture")
    });

    app.press(TAB);
    app.press(TAB);
    app.press(b"n");
    app.wait_for("the exit form", STEP_TIMEOUT, |s| s.contains("Exit date"));
    app.press(TAB);
    app.press(b"d");
    app.save("the exit");
    app.wait_for("the exit recorded", STEP_TIMEOUT, |s| {
        s.contains("Dropped out (not positive)") && s.contains("Exited")
    });

    app.press(b"q");
    assert!(app.wait_exit(), "exit status");

    let conn = Connection::open(&db).unwrap();
    let one = |sql: &str| -> i64 { conn.query_row(sql, params![id], |r| r.get(0)).unwrap() };
    assert_eq!(
        one("SELECT COUNT(*) FROM contact WHERE participant_id = ?1"),
        contacts + 1
    );
    assert_eq!(
        one(
            "SELECT COUNT(*) FROM contact WHERE participant_id = ?1 AND summary = 'Appel de suivi fictif'
             AND kind = 'phone' AND minutes = 20 AND contact_on = '2026-11-23'"
        ),
        1
    );
    assert_eq!(
        one("SELECT COUNT(*) FROM step WHERE participant_id = ?1"),
        steps + 1
    );
    assert_eq!(
        one(
            "SELECT COUNT(*) FROM step WHERE participant_id = ?1 AND kind = 'work_experience'
             AND provider = 'Entreprise Fictive' AND actual_start = '2026-11-16' AND actual_end IS NULL"
        ),
        1
    );
    assert_eq!(
        one("SELECT COUNT(*) FROM barrier WHERE participant_id = ?1"),
        barriers + 1
    );
    assert_eq!(
        one(
            "SELECT COUNT(*) FROM barrier WHERE participant_id = ?1 AND kind = 'mobility'
             AND noted_on = '2026-11-23' AND lifted_on IS NULL AND note = 'Pas de voiture'"
        ),
        1
    );
    assert_eq!(
        one(
            "SELECT COUNT(*) FROM participant WHERE id = ?1 AND status = 'exited'
             AND exit_on = '2026-11-23' AND exit_outcome = 'drop_out'"
        ),
        1
    );
    let all = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(
        [
            all("contact"),
            all("step"),
            all("barrier"),
            all("participant")
        ],
        [totals[0] + 1, totals[1] + 1, totals[2] + 1, totals[3]],
        "nothing else was written"
    );

    let mut stmt = conn
        .prepare(
            "SELECT a.entity, a.action, u.login,
                    CASE a.entity WHEN 'participant' THEN a.entity_id = ?2
                      ELSE (SELECT participant_id FROM contact WHERE a.entity = 'contact' AND id = a.entity_id
                            UNION ALL SELECT participant_id FROM step WHERE a.entity = 'step' AND id = a.entity_id
                            UNION ALL SELECT participant_id FROM barrier WHERE a.entity = 'barrier' AND id = a.entity_id) = ?2
                    END
             FROM audit a JOIN user u ON u.id = a.actor_id
             -- A pause in typing may autosave a form's draft: scratch data, not the file's.
             WHERE a.id > ?1 AND a.entity <> 'draft' ORDER BY a.id",
        )
        .unwrap();
    let audit: Vec<(String, String, String, bool)> = stmt
        .query_map(params![last_audit, id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let expected = [
        ("participant", "read"),
        ("contact", "create"),
        ("step", "create"),
        ("barrier", "create"),
        ("participant", "exit"),
    ];
    assert_eq!(audit.len(), expected.len(), "{audit:?}");
    for ((entity, action, login, ours), (want_entity, want_action)) in audit.iter().zip(expected) {
        assert_eq!(
            (entity.as_str(), action.as_str()),
            (want_entity, want_action)
        );
        assert_eq!(login, "demo");
        assert!(ours, "{entity} {action} is about {file}");
    }
}

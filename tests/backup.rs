//! `backup` and `restore`: a killed backup never leaves a partial copy under the
//! target's name, a backup finishes under steady writes, and a restore puts a
//! checked backup back (keeping the replaced file) only when nobody else is on
//! the database, and only for a coordinator.

#[path = "common/tui_kit.rs"]
mod kit;

use kit::{rows_in, session, today};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use parcours::demo::{DemoOptions, generate};
use parcours::domain::time::NewTimeEntry;
use parcours::domain::user::Role;
use parcours::i18n::{Lang, set_language};
use parcours::store::{Database, SCHEMA_VERSION, StoreError};
use rusqlite::Connection;
use tempfile::TempDir;

/// The tables every backup must hold.
const TABLES: [&str; 12] = [
    "activity",
    "appointment",
    "audit",
    "barrier",
    "contact",
    "draft",
    "milestone",
    "participant",
    "step",
    "time_entry",
    "user",
    "week",
];

/// A demo PLIE of a few hundred participants, plus referents `w1`…`w8` for the writers.
fn demo_db(dir: &Path) -> PathBuf {
    let path = dir.join("plie.db");
    let mut db = Database::open(&path).unwrap();
    let options = DemoOptions {
        participants: 400,
        years: 2,
        today: today(),
        seed: 12,
    };
    generate(&mut db, &options).unwrap();
    let mut coord = db.session("coord", today()).unwrap();
    for n in 1..=8 {
        coord
            .add_user(
                &format!("w{n}"),
                &format!("Writer {n}"),
                Role::Referent,
                1.0,
            )
            .unwrap();
    }
    path
}

/// Whether `path` holds a whole copy: integrity ok, every table, the current schema.
fn complete_copy(path: &Path) -> Result<(), String> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| e.to_string())?;
    let integrity: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if integrity != "ok" {
        return Err(integrity);
    }
    for table in TABLES {
        let n: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .map_err(|e| e.to_string())?;
        if n != 1 {
            return Err(format!("table {table} missing"));
        }
    }
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if version != SCHEMA_VERSION {
        return Err(format!("user_version {version}"));
    }
    Ok(())
}

fn binary(db: &Path) -> Command {
    let home = db.parent().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_parcours"));
    cmd.env("LANG", "C")
        .env("PARCOURS_TODAY", "2026-11-23")
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("PARCOURS_CONFIG")
        .env_remove("PARCOURS_DB")
        .env_remove("SSH_ORIGINAL_COMMAND")
        .arg("--db")
        .arg(db);
    cmd
}

#[test]
fn a_killed_backup_never_leaves_an_incomplete_file_under_the_target_name() {
    let dir = TempDir::new().unwrap();
    let db = demo_db(dir.path());
    // One whole run first: kills are then drawn within 0–300 ms but no later than
    // 1.5 times that run, so most of them land before the copy is done.
    let whole = dir.path().join("whole.db");
    let started = Instant::now();
    let status = binary(&db)
        .args(["--as", "coord", "backup"])
        .arg(&whole)
        .status()
        .unwrap();
    assert!(status.success());
    let latest = (started.elapsed().as_millis() as u64 * 3 / 2).min(300);
    let mut rng = fastrand::Rng::with_seed(20_261_123);
    let (mut complete, mut absent) = (0, 0);
    for round in 0..10 {
        let target = dir.path().join(format!("backup-{round}.db"));
        let mut child = binary(&db)
            .args(["--as", "coord", "backup"])
            .arg(&target)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.u64(0..=latest)));
        // SIGKILL: no clean-up of any kind can run.
        let _ = child.kill();
        let status = child.wait().unwrap();
        if status.success() {
            assert!(target.exists(), "round {round}: success without a file");
        }
        if target.exists() {
            complete_copy(&target)
                .unwrap_or_else(|e| panic!("round {round}: incomplete file left: {e}"));
            complete += 1;
        } else {
            absent += 1;
        }
    }
    println!("10 kills within {latest} ms: {complete} complete copies, {absent} absent");
    // The live database is untouched by any of it.
    complete_copy(&db).unwrap();
}

#[test]
fn a_backup_finishes_quickly_under_eight_steady_writers() {
    let dir = TempDir::new().unwrap();
    let db = demo_db(dir.path());
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (1..=8)
        .map(|n| {
            let (db, stop) = (db.clone(), Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut s = session(&db, &format!("w{n}"));
                let mut written = 0u32;
                while !stop.load(Ordering::Relaxed) {
                    // One minute a day on rotating days of 2026: never 24 hours in a day.
                    let day = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
                        + chrono::Days::new(u64::from(written % 300));
                    s.add_time_entry(&NewTimeEntry {
                        date: day,
                        minutes: 1,
                        activity: "ADM".into(),
                        participant: None,
                        appointment_id: None,
                        note: format!("load {written}"),
                    })
                    .unwrap();
                    written += 1;
                }
                written
            })
        })
        .collect();
    // Let the writers get going before the copy starts.
    std::thread::sleep(Duration::from_millis(300));
    let target = dir.path().join("under-load.db");
    let coord = session(&db, "coord");
    let started = Instant::now();
    coord.backup_to(&target).unwrap();
    let took = started.elapsed();
    stop.store(true, Ordering::Relaxed);
    let written: Vec<u32> = writers.into_iter().map(|w| w.join().unwrap()).collect();
    println!("backup under 8 writers took {took:?}; writes per writer: {written:?}");
    assert!(took < Duration::from_secs(5), "backup took {took:?}");
    assert!(written.iter().all(|&n| n > 0), "every writer wrote");
    complete_copy(&target).unwrap();
}

#[test]
fn a_backup_is_mode_0600_refuses_an_existing_target_and_leaves_no_temporary_file() {
    use std::os::unix::fs::PermissionsExt;
    set_language(Lang::En);
    let dir = TempDir::new().unwrap();
    let db = demo_db(dir.path());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let target = out.join("copy.db");
    let coord = session(&db, "coord");
    coord.backup_to(&target).unwrap();
    complete_copy(&target).unwrap();
    let mode = std::fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    let refused = coord.backup_to(&target).unwrap_err();
    assert!(matches!(refused, StoreError::TargetExists(_)), "{refused}");
    assert!(refused.to_string().contains("already exists"), "{refused}");
    let names: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, ["copy.db"]);
}

/// The participants' last names, in order: what a restore must bring back.
fn names(path: &Path) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare("SELECT last_name FROM participant ORDER BY id")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn restore_brings_the_backup_back_and_keeps_the_replaced_database() {
    set_language(Lang::En);
    let dir = TempDir::new().unwrap();
    let db = demo_db(dir.path());
    let backup = dir.path().join("nightly.db");
    session(&db, "coord").backup_to(&backup).unwrap();
    let at_backup = names(&db);

    // Changes after the backup, and a WAL that holds some of them.
    let writer = Connection::open(&db).unwrap();
    writer
        .execute(
            "UPDATE participant SET last_name = 'Changed' WHERE id = 1",
            [],
        )
        .unwrap();
    drop(writer);
    let changed = names(&db);
    assert_ne!(changed, at_backup);

    let kept = session(&db, "coord").restore_from(&backup).unwrap();
    assert_eq!(
        kept,
        dir.path().join("plie.db.before-restore-20261123T120000")
    );
    assert_eq!(names(&db), at_backup, "the data is back as at the backup");
    assert_eq!(names(&kept), changed, "the replaced database is kept whole");
    complete_copy(&kept).unwrap();

    // The restore is audited in the restored database: who and which file, no contents.
    let (actor, after): (String, String) = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT u.login, a.after FROM audit a JOIN user u ON u.id = a.actor_id
             WHERE a.action = 'restore' AND a.entity = 'database'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(actor, "coord");
    let after: serde_json::Value = serde_json::from_str(&after).unwrap();
    assert_eq!(after["backup"], "nightly.db");
    assert_eq!(after["kept"], "plie.db.before-restore-20261123T120000");

    // The restored file opens and works as usual; a second restore the same day
    // keeps the file under the next free name.
    let mut coord = session(&db, "coord");
    coord
        .add_user("late", "Late Arrival", Role::Referent, 1.0)
        .unwrap();
    drop(coord);
    let second = session(&db, "coord").restore_from(&backup).unwrap();
    assert_eq!(
        second,
        dir.path().join("plie.db.before-restore-20261123T120000-2")
    );
    assert_eq!(names(&db), at_backup);
}

#[test]
fn restore_is_refused_while_another_connection_is_open() {
    set_language(Lang::En);
    let dir = TempDir::new().unwrap();
    let db = demo_db(dir.path());
    let backup = dir.path().join("nightly.db");
    session(&db, "coord").backup_to(&backup).unwrap();
    let before = names(&db);
    let files = || {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
            .collect();
        names.sort();
        names
    };
    let listed = files();

    // A writer in the middle of a transaction.
    let writer = Connection::open(&db).unwrap();
    writer
        .execute_batch("BEGIN IMMEDIATE; UPDATE participant SET last_name = 'Busy' WHERE id = 1;")
        .unwrap();
    let refused = session(&db, "coord").restore_from(&backup).unwrap_err();
    assert!(matches!(refused, StoreError::InUse), "{refused}");
    assert!(
        refused
            .to_string()
            .contains("other sessions have the database open"),
        "{refused}"
    );
    writer.execute_batch("COMMIT").unwrap();
    let after_writer = names(&db);
    assert_ne!(after_writer, before);

    // An idle session (an interface left open) is refused as well: it would go
    // on writing into the file kept aside.
    let idle = session(&db, "demo");
    let refused = session(&db, "coord").restore_from(&backup).unwrap_err();
    assert!(matches!(refused, StoreError::InUse), "{refused}");
    assert_eq!(files(), listed, "nothing created or moved");
    assert_eq!(names(&db), after_writer, "nothing restored");

    drop((writer, idle));
    session(&db, "coord").restore_from(&backup).unwrap();
    assert_eq!(names(&db), before);
}

#[test]
fn restore_is_refused_for_a_referent_a_deactivated_user_and_a_bad_backup() {
    set_language(Lang::En);
    let dir = TempDir::new().unwrap();
    let db = demo_db(dir.path());
    let backup = dir.path().join("nightly.db");
    session(&db, "coord").backup_to(&backup).unwrap();
    let before = names(&db);

    let refused = session(&db, "demo").restore_from(&backup).unwrap_err();
    assert!(matches!(refused, StoreError::Forbidden { .. }), "{refused}");
    assert_eq!(
        refused.to_string(),
        "refused: demo may not restore the database from a backup"
    );
    let gone = session(&db, "w1");
    session(&db, "coord").set_user_active("w1", false).unwrap();
    let refused = gone.restore_from(&backup).unwrap_err();
    assert!(matches!(refused, StoreError::UnknownActor(_)), "{refused}");

    // Files that are not whole parcours databases.
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, b"not a database at all, just some text").unwrap();
    let partial = dir.path().join("partial.db");
    std::fs::copy(&backup, &partial).unwrap();
    Connection::open(&partial)
        .unwrap()
        .execute_batch("DROP TABLE draft")
        .unwrap();
    let old = dir.path().join("old.db");
    std::fs::copy(&backup, &old).unwrap();
    Connection::open(&old)
        .unwrap()
        .execute_batch("PRAGMA user_version = 2")
        .unwrap();
    for (file, why) in [
        (&empty, "table activity is missing"),
        (&text, "not a database"),
        (&partial, "table draft is missing"),
        (&old, "schema version 2 instead of"),
        (&db, "it is the live database itself"),
    ] {
        let refused = session(&db, "coord").restore_from(file).unwrap_err();
        assert!(matches!(refused, StoreError::BadBackup { .. }), "{refused}");
        let message = refused.to_string();
        assert!(
            message.contains("is not a complete parcours backup") && message.contains(why),
            "{message}"
        );
    }
    assert_eq!(names(&db), before);
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restore"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_cli_restores_as_a_coordinator_and_refuses_a_referent() {
    let dir = TempDir::new().unwrap();
    let db = demo_db(dir.path());
    let backup = dir.path().join("nightly.db");
    let run = |login: &str, args: &[&str]| {
        binary(&db)
            .args(["--as", login])
            .args(args)
            .output()
            .unwrap()
    };
    let out = run("coord", &["backup", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let at_backup = rows_in(&db, "user");
    session(&db, "coord")
        .add_user("late", "Late Arrival", Role::Referent, 1.0)
        .unwrap();

    let out = run("demo", &["restore", backup.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: refused: demo may not restore the database from a backup\n"
    );
    assert_eq!(rows_in(&db, "user"), at_backup + 1);

    let out = run("coord", &["restore", backup.to_str().unwrap()]);
    assert!(out.status.success(), "{out:?}");
    let kept = dir.path().join("plie.db.before-restore-20261123T120000");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        format!(
            "restored {} into {}; the previous database is kept as {}\n",
            backup.display(),
            db.display(),
            kept.display()
        )
    );
    assert_eq!(rows_in(&db, "user"), at_backup);
    assert_eq!(rows_in(&kept, "user"), at_backup + 1);
}

//! The PLIE-wide settings live in the database (issue 12, item 3): a
//! coordinator changes them with `parcours settings`, audited; everyone reads
//! the same time zone and operation; no user's configuration file and no
//! unknown or deactivated user can change anything, not even by opening the
//! database.

#[path = "common/cli_support.rs"]
mod support;

use std::path::PathBuf;

use parcours::store::Database;
use support::Sandbox;

/// A settings file in the sandbox with `text`; its path.
fn settings_file(s: &Sandbox, name: &str, text: &str) -> PathBuf {
    let path = s.dir.path().join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Audit rows about the settings or the activity list: (actor, entity, action).
fn settings_audit(s: &Sandbox) -> Vec<(String, String, String)> {
    let conn = s.sql();
    let mut stmt = conn
        .prepare(
            "SELECT COALESCE(u.login, ''), a.entity, a.action FROM audit a
             LEFT JOIN user u ON u.id = a.actor_id
             WHERE a.entity IN ('settings', 'activity') ORDER BY a.id",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

/// Makes a file the test created readable by its owner only, as parcours creates them.
fn private(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    if path.exists() {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
}

#[test]
fn a_coordinator_sets_each_setting_and_everyone_reads_it() {
    let s = Sandbox::with_team();
    assert_eq!(
        s.run_as(
            "coord",
            &["settings", "set", "timezone", "America/Martinique"]
        )
        .ok(),
        "timezone = America/Martinique"
    );
    s.run_as(
        "coord",
        &["settings", "set", "structure.name", "PLIE du Val"],
    )
    .ok();
    s.run_as("coord", &["settings", "set", "weekly_hours", "28"])
        .ok();
    let shown = s.run_as("alice", &["settings", "show", "--format", "csv"]);
    let text = shown.ok();
    assert!(text.starts_with("key,value\n"), "{text}");
    for line in [
        "structure.name,PLIE du Val",
        "timezone,America/Martinique",
        "weekly_hours,28",
        "activity.IND,Individual interview | Entretien individuel | kind=operation",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in {text}");
    }
    assert_eq!(
        settings_audit(&s),
        vec![
            ("coord".into(), "settings".into(), "update".into()),
            ("coord".into(), "settings".into(), "update".into()),
            ("coord".into(), "settings".into(), "update".into()),
        ]
    );

    // The CLI and the interface take local times in the same zone: 10:00 in
    // Martinique is 14:00 UTC, whoever runs the command and whatever their file says.
    let id = s
        .run_as(
            "alice",
            &[
                "appointment",
                "add",
                "--start",
                "2026-11-24 10:00",
                "--minutes",
                "30",
            ],
        )
        .ok()
        .to_owned();
    let start: String = s
        .sql()
        .query_row(
            "SELECT starts_at FROM appointment WHERE id = ?1",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(start, "2026-11-24T14:00:00Z");
    let session = Database::open(&s.db)
        .unwrap()
        .session(
            "alice",
            chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        )
        .unwrap();
    assert_eq!(
        session.tz(),
        chrono_tz::America::Martinique,
        "the interface's zone"
    );
}

#[test]
fn bad_settings_and_referents_change_nothing() {
    let s = Sandbox::with_team();
    let before = s.contents();
    s.run_as("alice", &["settings", "set", "structure.name", "Mine"])
        .fails_with("refused");
    s.run_as("coord", &["settings", "set", "timezone", "Mars/Olympus"])
        .fails_with("unknown time zone `Mars/Olympus`");
    s.run_as(
        "coord",
        &["settings", "set", "timezone", "America/New_York"],
    )
    .fails_with("use a French one: Europe/Paris");
    s.run_as("coord", &["settings", "set", "weekly_hours", "0"])
        .fails_with("expected 1 to 60");
    s.run_as("coord", &["settings", "set", "colour", "red"])
        .fails_with("unknown setting `colour`");
    s.run_as(
        "coord",
        &[
            "settings",
            "set",
            "structure.name",
            "PLIE\u{1b}]0;owned\u{7}",
        ],
    )
    .fails_with("one line of printable text");
    let activity = |code: &str| {
        format!(
            "[[activities]]\ncode = \"{code}\"\nlabel_en = \"A\"\nlabel_fr = \"B\"\nesf = true\n"
        )
    };
    for (name, text, message) in [
        ("lower.toml", activity("ind"), "invalid activity code `ind`"),
        (
            "long.toml",
            activity("TOOLONGXX"),
            "invalid activity code `TOOLONGXX`",
        ),
        (
            "twice.toml",
            format!("{}{}", activity("IND"), activity("IND")),
            "`IND` is listed twice",
        ),
        (
            "unknown.toml",
            "language = \"fr\"\n".to_owned(),
            "unknown.toml:1: key `language`",
        ),
        (
            "zone.toml",
            "weekly_hours = 30\ntimezone = \"Nowhere\"\n".to_owned(),
            "unknown time zone `Nowhere`",
        ),
    ] {
        let path = settings_file(&s, name, &text);
        s.run_as("coord", &["settings", "import", path.to_str().unwrap()])
            .fails_with(message);
    }
    let path = settings_file(&s, "fine.toml", &activity("IND"));
    s.run_as("alice", &["settings", "import", path.to_str().unwrap()])
        .fails_with("refused");
    assert_eq!(s.contents(), before, "nothing written");
}

#[test]
fn an_imported_list_replaces_the_activities_and_keeps_old_codes_for_old_entries() {
    let s = Sandbox::with_team();
    s.run_as(
        "alice",
        &[
            "time",
            "add",
            "--date",
            "2026-11-23",
            "--minutes",
            "30",
            "--activity",
            "TRAV",
        ],
    )
    .ok();
    let path = settings_file(
        &s,
        "plie.toml",
        "timezone = \"America/Martinique\"\n[operation]\ncode = \"202300042\"\n\n\
         [[activities]]\ncode = \"IND\"\nlabel_en = \"Interview\"\nlabel_fr = \"Entretien\"\nesf = true\n\n\
         [[activities]]\ncode = \"CONG\"\nlabel_en = \"Leave\"\nlabel_fr = \"Congés\"\nesf = false\n",
    );
    s.run_as("coord", &["settings", "import", path.to_str().unwrap()])
        .ok();
    let active: Vec<String> = s
        .sql()
        .prepare("SELECT code FROM activity WHERE active = 1 ORDER BY code")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(active, ["CONG", "IND"]);
    let kept: i64 = s
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM time_entry WHERE activity_code = 'TRAV'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(kept, 1, "the old entry keeps its code");
    assert_eq!(
        settings_audit(&s),
        vec![
            ("coord".into(), "settings".into(), "update".into()),
            ("coord".into(), "activity".into(), "replace".into()),
        ]
    );
    // The same file again changes nothing and writes no audit row.
    s.run_as("coord", &["settings", "import", path.to_str().unwrap()])
        .ok();
    assert_eq!(settings_audit(&s).len(), 2);
}

/// Whoever cannot act writes nothing at all: an unknown login, a deactivated
/// user, a user whose configuration names PLIE-wide keys (the activity list of
/// an older configuration, lower-case and twice).
#[test]
fn unknown_deactivated_and_hostile_users_change_nothing() {
    let s = Sandbox::with_team();
    s.run_as("coord", &["user", "deactivate", "bob"]).ok();
    let hostile = settings_file(
        &s,
        "hostile.toml",
        "language = \"en\"\n[[activities]]\ncode = \"ind\"\nlabel_en = \"x\"\nlabel_fr = \"x\"\nesf = true\n\
         [[activities]]\ncode = \"ind\"\nlabel_en = \"y\"\nlabel_fr = \"y\"\nesf = false\n",
    );
    let before = s.contents();
    for command in [
        vec!["participant", "list"],
        vec!["time", "list", "--week", "2026-W48"],
        vec!["settings", "show"],
    ] {
        s.run_as("mallory", &command).fails_with("mallory");
        s.run_as("bob", &command).fails_with("bob");
        let mut with_config = vec!["--config", hostile.to_str().unwrap()];
        with_config.extend(&command);
        s.run_as("alice", &with_config)
            .fails_with("hostile.toml:2: key `activities`");
    }
    assert_eq!(
        s.contents(),
        before,
        "every table unchanged, audit included"
    );
}

/// Opening writes nothing before the actor is known: an empty file stays empty,
/// and an older schema is not migrated for an unknown login.
#[test]
fn nothing_is_migrated_or_created_before_the_actor_is_known() {
    let s = Sandbox::new();
    std::fs::write(&s.db, b"").unwrap();
    private(&s.db);
    s.run_as("coord", &["participant", "list"])
        .fails_with("is not a parcours database");
    assert_eq!(std::fs::metadata(&s.db).unwrap().len(), 0, "still empty");

    let older = Sandbox::new();
    {
        let mut conn = rusqlite::Connection::open(&older.db).unwrap();
        conn.pragma_update(None, "journal_mode", "wal").unwrap();
        parcours::store::migrate_to(&mut conn, 3).unwrap();
        conn.execute(
            "INSERT INTO user (login, name, role, fte, active, created_at)
             VALUES ('coord', 'Coord', 'coordinator', 1.0, 1, '2026-01-05T09:00:00Z')",
            [],
        )
        .unwrap();
    }
    for suffix in ["", "-wal", "-shm"] {
        private(&PathBuf::from(format!("{}{suffix}", older.db.display())));
    }
    let before = older.contents();
    older
        .run_as("mallory", &["participant", "list"])
        .fails_with("mallory");
    assert_eq!(older.contents(), before, "schema 3, untouched");
    older.run_as("coord", &["participant", "list"]).ok();
    let version: i64 = older
        .sql()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        version,
        parcours::store::SCHEMA_VERSION,
        "migrated for a known user"
    );
}

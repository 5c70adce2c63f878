//! The CLI contract, on the real binary and a real SQLite file.

#[path = "common/cli_support.rs"]
mod support;

use support::{Sandbox, counts};

// ---- init and users -------------------------------------------------------------------

#[test]
fn init_creates_the_database_with_its_coordinator_and_refuses_a_second_time() {
    let s = Sandbox::new();
    let out = s.run(&[
        "init",
        "--coordinator",
        "coord",
        "--name",
        "Coordinator Test",
    ]);
    assert!(out.ok().contains("coord"), "{out:?}");
    let (login, role): (String, String) = s
        .sql()
        .query_row("SELECT login, role FROM user", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!((login.as_str(), role.as_str()), ("coord", "coordinator"));
    let activities: i64 = s
        .sql()
        .query_row("SELECT COUNT(*) FROM activity WHERE active = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(activities, 8, "default activities are in the new database");

    let before = s.counts();
    s.run(&["init", "--coordinator", "other", "--name", "Other Test"])
        .fails_with("already has users");
    assert_eq!(s.counts(), before);
}

#[test]
fn init_with_a_bad_login_leaves_no_file() {
    let s = Sandbox::new();
    s.run(&["init", "--coordinator", "Bad Login", "--name", "X"])
        .fails_with("invalid login `Bad Login`");
    s.run(&["init", "--coordinator", "coord", "--name", " "])
        .fails_with("name is required");
    assert!(!s.db.exists(), "no database file left behind");
}

#[test]
fn coordinator_adds_users_and_a_referent_cannot() {
    let s = Sandbox::with_team();
    let out = s.run_as(
        "coord",
        &[
            "user",
            "add",
            "carol",
            "--name",
            "Carol Test",
            "--role",
            "coordinator",
            "--fte",
            "0.5",
        ],
    );
    assert!(out.ok().contains("carol"));
    let (role, fte): (String, f64) = s
        .sql()
        .query_row(
            "SELECT role, fte FROM user WHERE login = 'carol'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((role.as_str(), fte), ("coordinator", 0.5));

    let before = s.counts();
    s.run_as("alice", &["user", "add", "dave", "--name", "Dave Test"])
        .fails_with("refused: alice may not manage users");
    s.run_as("coord", &["user", "add", "bob", "--name", "Bob Again"])
        .fails_with("login `bob` is already taken");
    s.run_as(
        "coord",
        &["user", "add", "erin", "--name", "Erin Test", "--fte", "1.5"],
    )
    .fails_with("invalid full-time equivalent 1.5");
    assert_eq!(s.counts(), before);
}

// ---- identity, configuration, usage ---------------------------------------------------

#[test]
fn an_unknown_acting_user_is_refused() {
    let s = Sandbox::with_team();
    s.run_as("nobody", &["participant", "list"])
        .fails_with("`nobody` is not an active user of this database");
    s.run(&["participant", "list"]).fails_with("no acting user");
}

#[test]
fn the_acting_user_can_come_from_the_configuration_or_user() {
    let s = Sandbox::with_team();
    let config = s.dir.path().join("config.toml");
    std::fs::write(&config, "user = \"alice\"\n").unwrap();
    let cfg = config.to_str().unwrap();
    let file = s.run(&[
        "--config",
        cfg,
        "participant",
        "add",
        "--last",
        "Configured",
        "--first",
        "Test",
        "--birth",
        "1990-01-01",
    ]);
    let file = file.ok().to_owned();
    let referent: String = s
        .sql()
        .query_row(
            "SELECT u.login FROM participant p JOIN user u ON u.id = p.referent_id WHERE file_number = ?1",
            [&file],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(referent, "alice");
    let out = support::outcome(s.command().env("USER", "bob").args(["participant", "list"]));
    assert!(
        !out.ok().contains("Configured"),
        "bob does not see alice's file: {out:?}"
    );
}

#[test]
fn a_malformed_configuration_names_file_line_and_key() {
    let s = Sandbox::with_team();
    let config = s.dir.path().join("broken.toml");
    std::fs::write(&config, "language = \"en\"\nuser = [\"lots\"]\n").unwrap();
    let out = s.run_as(
        "coord",
        &["--config", config.to_str().unwrap(), "participant", "list"],
    );
    out.fails_with(&format!("{}:2: key `user`", config.display()));
    let missing = s.dir.path().join("missing.toml");
    s.run_as(
        "coord",
        &["--config", missing.to_str().unwrap(), "participant", "list"],
    )
    .fails_with("cannot read configuration file");
}

#[test]
fn usage_errors_exit_2() {
    let s = Sandbox::with_team();
    for args in [
        &["time", "add", "--date", "2026-11-23"][..],
        &["frobnicate"],
        &["participant", "list", "--format", "xml"],
        &[
            "participant",
            "add",
            "--last",
            "X",
            "--first",
            "Y",
            "--birth",
            "1990-01-01",
            "--sex",
            "q",
        ],
        &["user", "add", "zed", "--name", "Zed", "--role", "boss"],
        &[
            "time",
            "add",
            "--date",
            "2026-11-23",
            "--minutes",
            "ninety",
            "--activity",
            "IND",
        ],
    ] {
        let out = s.run_as("coord", args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
    }
}

#[test]
fn help_documents_the_contract() {
    let s = Sandbox::new();
    let help = s.run(&["--help"]);
    for word in [
        "init",
        "user",
        "participant",
        "appointment",
        "time",
        "backup",
        "restore",
        "demo",
        "--db",
        "--config",
        "--as",
        "--lang",
        "Exit status",
    ] {
        assert!(
            help.ok().contains(word),
            "`{word}` missing from --help: {help:?}"
        );
    }
    let add = s.run(&["participant", "add", "--help"]);
    assert!(add.ok().contains("--criteria"), "{add:?}");
    assert!(add.ok().contains("rsa"), "{add:?}");
}

#[test]
fn a_missing_database_is_not_created_by_other_commands() {
    let s = Sandbox::new();
    s.run_as("coord", &["participant", "list"])
        .fails_with("no database at");
    assert!(!s.db.exists());
}

#[test]
fn messages_follow_lang() {
    let s = Sandbox::with_team();
    let out = s.run_as(
        "alice",
        &[
            "--lang",
            "fr",
            "time",
            "add",
            "--date",
            "2026-02-30",
            "--minutes",
            "30",
            "--activity",
            "IND",
        ],
    );
    assert_eq!(out.code, 1);
    assert!(out.stderr.starts_with("erreur : "), "{out:?}");
    assert!(out.stderr.contains("2026-02-30"), "{out:?}");
}

// ---- participants ---------------------------------------------------------------------

#[test]
fn participant_add_prints_the_file_number_and_stores_the_file() {
    let s = Sandbox::with_team();
    let out = s.run_as(
        "alice",
        &[
            "participant",
            "add",
            "--last",
            "Testnom",
            "--first",
            "Prénom",
            "--birth",
            "1988-04-02",
            "--sex",
            "f",
            "--commune",
            "Testville",
            "--postcode",
            "97200",
            "--phone",
            "0600000000",
            "--email",
            "test@example.invalid",
            "--prescriber",
            "France Travail",
            "--criteria",
            "rsa,deld,qpv",
            "--oriented",
            "2026-11-02",
        ],
    );
    assert_eq!(out.ok(), "P-2026-0001", "the file number alone on stdout");
    let row: (String, String, String, String, i64, String, String) = s
        .sql()
        .query_row(
            "SELECT p.first_name, p.sex, p.criteria, p.oriented_on, p.qpv, u.login, p.status
             FROM participant p JOIN user u ON u.id = p.referent_id",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        row,
        (
            "Prénom".into(),
            "f".into(),
            "rsa,deld,qpv".into(),
            "2026-11-02".into(),
            1,
            "alice".into(),
            "oriented".into()
        )
    );
    let second = s.participant_of("bob", "Autre");
    assert_eq!(second, "P-2026-0002");
}

#[test]
fn participant_add_refuses_bad_input_and_writes_nothing() {
    let s = Sandbox::with_team();
    s.participant_of("alice", "Existing");
    let before = s.counts();
    let add = |extra: &[&str]| {
        let mut args = vec!["participant", "add", "--last", "Testnom", "--first", "Test"];
        args.extend_from_slice(extra);
        s.run_as("alice", &args)
    };
    add(&["--birth", "2026-02-30"]).fails_with("invalid date `2026-02-30`");
    add(&["--birth", "2020-01-01"]).fails_with("implausible birth date 2020-01-01");
    add(&["--birth", "1990-01-01", "--oriented", "2027-01-01"]).fails_with("out of order");
    add(&["--birth", "1990-01-01", "--referent", "bob"])
        .fails_with("refused: alice may not see or change another referent's caseload");
    s.run_as(
        "coord",
        &[
            "participant",
            "add",
            "--last",
            "X",
            "--first",
            "Y",
            "--birth",
            "1990-01-01",
            "--referent",
            "ghost",
        ],
    )
    .fails_with("unknown referent: ghost");
    assert_eq!(s.counts(), before);
}

#[test]
fn participant_list_in_every_format_and_only_ones_own() {
    let s = Sandbox::with_team();
    let a = s.participant_of("alice", "Zeta");
    let b = s.participant_of("alice", "Alpha, \"Junior\"");
    let c = s.participant_of("bob", "Bobcase");

    let table = s.run_as("alice", &["participant", "list"]);
    let lines: Vec<&str> = table.ok().lines().collect();
    assert!(lines[0].starts_with("File"), "{table:?}");
    assert!(
        lines[1].starts_with(&b) && lines[2].starts_with(&a),
        "sorted by name: {table:?}"
    );
    assert!(
        !table.stdout.contains(&c),
        "bob's file is not in alice's list"
    );
    assert!(table.stdout.contains("2 participants"));
    let header = lines[0];
    let status_col = header.find("Status").unwrap();
    assert_eq!(
        &lines[1][status_col..status_col + 8],
        "Oriented",
        "aligned: {table:?}"
    );

    let csv = s.run_as("alice", &["participant", "list", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.ok().as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        parcours::import::participants::COLUMNS,
        "the import file's columns"
    );
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 2);
    assert_eq!(&records[0][0], b.as_str());
    assert_eq!(&records[0][1], "Alpha, \"Junior\"");
    assert_eq!(&records[0][5], "alice");
    assert_eq!(&records[0][19], "oriented");

    let json = s.run_as("coord", &["participant", "list", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    let files: Vec<&str> = value
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file_number"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [b.as_str(), c.as_str(), a.as_str()],
        "the coordinator sees everyone"
    );

    let bobs = s.run_as(
        "coord",
        &[
            "participant",
            "list",
            "--referent",
            "bob",
            "--format",
            "csv",
        ],
    );
    assert_eq!(bobs.ok().lines().count(), 2);
    s.run_as("alice", &["participant", "list", "--referent", "bob"])
        .fails_with("refused: alice may not see or change another referent's caseload");
}

// ---- appointments ---------------------------------------------------------------------

fn stored_start(s: &Sandbox, id: &str) -> String {
    s.sql()
        .query_row(
            "SELECT starts_at FROM appointment WHERE id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn appointment_add_converts_local_time_to_utc() {
    let s = Sandbox::with_team();
    let file = s.participant_of("alice", "Rdv");
    let id = s
        .run_as(
            "alice",
            &[
                "appointment",
                "add",
                "--start",
                "2026-11-24 09:30",
                "--minutes",
                "45",
                "--participant",
                &file.to_lowercase(),
                "--title",
                "Monthly meeting",
                "--location",
                "Office 2",
            ],
        )
        .ok()
        .to_owned();
    assert_eq!(stored_start(&s, &id), "2026-11-24T08:30:00Z");
    let (kind, minutes, title, participant): (String, i64, String, String) = s
        .sql()
        .query_row(
            "SELECT a.kind, a.minutes, a.title, p.file_number FROM appointment a
             JOIN participant p ON p.id = a.participant_id WHERE a.id = ?1",
            [&id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), minutes, title.as_str(), participant.as_str()),
        ("individual", 45, "Monthly meeting", file.as_str())
    );

    let summer = s
        .run_as(
            "alice",
            &[
                "appointment",
                "add",
                "--start",
                "2026-07-01 09:00",
                "--minutes",
                "60",
                "--kind",
                "workshop",
            ],
        )
        .ok()
        .to_owned();
    assert_eq!(stored_start(&s, &summer), "2026-07-01T07:00:00Z");

    s.run_as(
        "coord",
        &["settings", "set", "timezone", "America/Martinique"],
    )
    .ok();
    let antilles = s
        .run_as(
            "alice",
            &[
                "appointment",
                "add",
                "--start",
                "2026-11-24 09:30",
                "--minutes",
                "30",
            ],
        )
        .ok()
        .to_owned();
    assert_eq!(stored_start(&s, &antilles), "2026-11-24T13:30:00Z");
}

#[test]
fn appointment_add_refuses_bad_input_and_other_caseloads() {
    let s = Sandbox::with_team();
    let bobs = s.participant_of("bob", "Bobcase");
    let before = s.counts();
    let add = |start: &str, minutes: &str, extra: &[&str]| {
        let mut args = vec!["appointment", "add", "--start", start, "--minutes", minutes];
        args.extend_from_slice(extra);
        s.run_as("alice", &args)
    };
    add("2026-03-29 02:30", "30", &[])
        .fails_with("2026-03-29 02:30 does not exist in time zone Europe/Paris");
    add("2026-02-30 10:00", "30", &[]).fails_with("invalid start `2026-02-30 10:00`");
    add("2026-11-24", "30", &[]).fails_with("invalid start");
    add("2026-11-24 10:00", "0", &[]).fails_with("invalid duration 0 minutes");
    // Another referent's file and an unknown one read the same: nothing tells which exist.
    add("2026-11-24 10:00", "30", &["--participant", &bobs]).fails_with(&format!(
        "refused: alice may not open {bobs}, which is not in their caseload"
    ));
    add("2026-11-24 10:00", "30", &["--participant", "P-2026-0999"])
        .fails_with("refused: alice may not open P-2026-0999, which is not in their caseload");
    s.run_as(
        "coord",
        &[
            "appointment",
            "add",
            "--start",
            "2026-11-24 10:00",
            "--minutes",
            "30",
            "--participant",
            "P-2026-0999",
        ],
    )
    .fails_with("unknown participant: P-2026-0999");
    add("2026-11-24 10:00", "30", &["--participant", "nonsense"])
        .fails_with("invalid file number `nonsense`");
    assert_eq!(s.counts(), before);
}

// ---- time -----------------------------------------------------------------------------

#[test]
fn time_add_and_list_in_every_format() {
    let s = Sandbox::with_team();
    let file = s.participant_of("alice", "Temps");
    let first = s.run_as(
        "alice",
        &[
            "time",
            "add",
            "--date",
            "2026-11-17",
            "--minutes",
            "90",
            "--activity",
            "ind",
            "--participant",
            &file,
            "--note",
            "monthly meeting",
        ],
    );
    let first = first.ok().to_owned();
    let second = s
        .run_as(
            "alice",
            &[
                "time",
                "add",
                "--date",
                // A French date without year: this year.
                "16/11",
                "--minutes",
                "30",
                "--activity",
                "TRAV",
            ],
        )
        .ok()
        .to_owned();
    s.run_as(
        "alice",
        &[
            "time",
            "add",
            "--date",
            "23/11/2026",
            "--minutes",
            "60",
            "--activity",
            "ADM",
        ],
    )
    .ok();
    let stored: (i64, String, String, String) = s
        .sql()
        .query_row(
            "SELECT minutes, activity_code, iso_week, note FROM time_entry WHERE id = ?1",
            [&first],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        stored,
        (
            90,
            "IND".into(),
            "2026-W47".into(),
            "monthly meeting".into()
        )
    );

    let table = s.run_as("alice", &["time", "list", "--week", "2026-W47"]);
    let lines: Vec<&str> = table.ok().lines().collect();
    assert_eq!(lines.len(), 4, "header, two entries, footer: {table:?}");
    assert!(
        lines[1].contains("Mon 2026-11-16") && lines[1].contains("0:30"),
        "{table:?}"
    );
    assert!(
        lines[2].contains("Tue 2026-11-17") && lines[2].contains("1:30"),
        "{table:?}"
    );
    assert_eq!(lines[3], "Week 2026-W47, draft: 2:00 in all");

    let csv = s.run_as(
        "alice",
        &["time", "list", "--week", "2026-W47", "--format", "csv"],
    );
    assert_eq!(
        csv.ok(),
        format!(
            "id,referent,date,minutes,activity,participant,note\n\
             {second},alice,2026-11-16,30,TRAV,,\n\
             {first},alice,2026-11-17,90,IND,{file},monthly meeting"
        )
    );

    let json = s.run_as(
        "coord",
        &[
            "time",
            "list",
            "--week",
            "2026-W47",
            "--referent",
            "alice",
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 2);
    assert_eq!(value[1]["participant"], file.as_str());
    assert_eq!(value[1]["minutes"], 90);

    let empty = s.run_as("bob", &["time", "list", "--week", "2026-W47"]);
    assert_eq!(
        empty.ok().lines().last().unwrap(),
        "Week 2026-W47, draft: 0:00 in all"
    );
}

#[test]
fn time_add_refuses_bad_input_and_writes_nothing() {
    let s = Sandbox::with_team();
    let own = s.participant_of("alice", "Own");
    let bobs = s.participant_of("bob", "Bobcase");
    let before = s.counts();
    let add = |date: &str, minutes: &str, activity: &str, extra: &[&str]| {
        let mut args = vec![
            "time",
            "add",
            "--date",
            date,
            "--minutes",
            minutes,
            "--activity",
            activity,
        ];
        args.extend_from_slice(extra);
        s.run_as("alice", &args)
    };
    add("2026-02-30", "30", "IND", &[]).fails_with("invalid date `2026-02-30`");
    add("2026-11-23", "0", "IND", &[]).fails_with("invalid duration 0 minutes");
    add("2026-11-23", "-30", "IND", &[]).fails_with("invalid duration -30 minutes");
    add("2026-11-23", "1441", "IND", &[]).fails_with("invalid duration 1441 minutes");
    add("2026-11-23", "30", "GOLF", &[]).fails_with("unknown activity: GOLF");
    add("2026-11-23", "30", "IND", &["--participant", "P-2026-0999"])
        .fails_with("refused: alice may not open P-2026-0999, which is not in their caseload");
    add("2026-11-23", "30", "IND", &["--participant", &bobs]).fails_with(&format!(
        "refused: alice may not open {bobs}, which is not in their caseload"
    ));
    assert_eq!(s.counts(), before);
    add("2026-11-23", "30", "IND", &["--participant", &own]).ok();
}

#[test]
fn time_list_refuses_bad_weeks_and_other_referents() {
    let s = Sandbox::with_team();
    s.run_as("alice", &["time", "list", "--week", "2026-47"])
        .fails_with("invalid week `2026-47`");
    s.run_as("alice", &["time", "list", "--week", "2025-W53"])
        .fails_with("invalid week `2025-W53`");
    s.run_as(
        "alice",
        &["time", "list", "--week", "2026-W47", "--referent", "bob"],
    )
    .fails_with("refused: alice may not see or change another referent's time");
    s.run_as(
        "coord",
        &["time", "list", "--week", "2026-W47", "--referent", "ghost"],
    )
    .fails_with("unknown user: ghost");
}

// ---- backup ---------------------------------------------------------------------------

#[test]
fn backup_makes_a_copy_with_the_same_rows_and_never_overwrites() {
    let s = Sandbox::with_team();
    let file = s.participant_of("alice", "Saved");
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
            "IND",
            "--participant",
            &file,
        ],
    )
    .ok();
    let target = s.dir.path().join("copy.db");
    let out = s.run_as("coord", &["backup", target.to_str().unwrap()]);
    assert!(out.ok().contains("copy.db"), "{out:?}");
    assert_eq!(counts(&target), s.counts());
    let copied: String = rusqlite::Connection::open(&target)
        .unwrap()
        .query_row("SELECT file_number FROM participant", [], |r| r.get(0))
        .unwrap();
    assert_eq!(copied, file);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&target).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the copy is readable by its owner only");
    }

    let size = std::fs::metadata(&target).unwrap().len();
    s.run_as("coord", &["backup", target.to_str().unwrap()])
        .fails_with("already exists");
    assert_eq!(std::fs::metadata(&target).unwrap().len(), size);
}

// ---- demo -----------------------------------------------------------------------------

#[test]
fn demo_without_interface_generates_once_and_opens_as_demo() {
    let s = Sandbox::new();
    let out = s.run(&[
        "demo",
        "--no-tui",
        "--participants",
        "50",
        "--years",
        "1",
        "--seed",
        "7",
    ]);
    let printed = out.ok();
    // A one-line summary, where the database went, and a next command to try.
    assert_eq!(printed.lines().count(), 3, "{out:?}");
    assert!(
        printed.contains(&format!("Demo database: {}", s.db.display())),
        "{printed}"
    );
    assert!(printed.contains("--as demo participant list"), "{printed}");
    let conn = s.sql();
    let participants: i64 = conn
        .query_row("SELECT COUNT(*) FROM participant", [], |r| r.get(0))
        .unwrap();
    assert_eq!(participants, 50);
    let roles: Vec<(String, String)> = conn
        .prepare("SELECT login, role FROM user WHERE login IN ('coord', 'demo') ORDER BY login")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        roles,
        [
            ("coord".to_owned(), "coordinator".to_owned()),
            ("demo".to_owned(), "referent".to_owned())
        ]
    );

    let before = s.counts();
    s.run(&["demo", "--no-tui", "--participants", "50", "--years", "1"])
        .fails_with("already exists");
    assert_eq!(
        s.counts(),
        before,
        "an existing demo database is left alone"
    );
    let caseload = s.run_as("demo", &["participant", "list", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(caseload.ok()).unwrap();
    assert!(
        rows.as_array()
            .unwrap()
            .iter()
            .all(|r| r["referent"] == "demo"),
        "the demo referent sees their own caseload"
    );
}

#[test]
fn demo_defaults_to_its_own_file_in_the_data_directory() {
    let s = Sandbox::new();
    let out = support::outcome(s.command_without_db().args([
        "demo",
        "--no-tui",
        "--participants",
        "20",
        "--years",
        "1",
    ]));
    let printed = out.ok().to_owned();
    let demo_db = s.dir.path().join("data/parcours/parcours-demo.db");
    assert!(demo_db.exists(), "{out:?}");
    assert!(!s.dir.path().join("data/parcours/parcours.db").exists());
    // The command printed to try next works as it is, though the database is not the default.
    let next = printed
        .lines()
        .find_map(|l| l.strip_prefix("Try: parcours "))
        .and_then(|l| l.split("   (").next())
        .expect("a next command");
    let args: Vec<&str> = next.split(' ').collect();
    let listed = support::outcome(s.command_without_db().args(&args));
    assert!(listed.ok().contains("participants"), "{listed:?}");
}

#[test]
fn user_list_for_coordinators_in_every_format() {
    let s = Sandbox::with_team();
    s.run_as("coord", &["user", "deactivate", "bob"]).ok();
    let table = s.run_as("coord", &["user", "list"]);
    let table = table.ok();
    for word in [
        "Login",
        "FTE",
        "alice",
        "bob",
        "coord",
        "Referent",
        "Coordinator",
        "3 users",
    ] {
        assert!(table.contains(word), "{word}: {table}");
    }
    let csv = s.run_as("coord", &["user", "list", "--format", "csv"]);
    assert!(
        csv.ok()
            .lines()
            .any(|l| l.starts_with("bob,") && l.ends_with(",false")),
        "{csv:?}"
    );
    let json = s.run_as("coord", &["user", "list", "--format", "json"]);
    let users: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(users.as_array().map(Vec::len), Some(3));
    s.run_as("alice", &["user", "list"])
        .fails_with("manage users");
}

#[test]
fn a_coordinators_time_list_without_referent_shows_every_referent() {
    let s = Sandbox::with_team();
    for (login, minutes) in [("alice", "60"), ("bob", "45")] {
        s.run_as(
            login,
            &[
                "time",
                "add",
                "--date",
                "23/11",
                "--minutes",
                minutes,
                "--activity",
                "ADM",
            ],
        )
        .ok();
    }
    let all = s.run_as(
        "coord",
        &["time", "list", "--week", "2026-W48", "--format", "csv"],
    );
    let referents: Vec<&str> = all
        .ok()
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1))
        .collect();
    assert_eq!(referents, ["alice", "bob"], "{all:?}");
    let table = s.run_as("coord", &["time", "list", "--week", "2026-W48"]);
    assert!(
        table.ok().contains("alice: Week 2026-W48, draft: 1:00"),
        "{table:?}"
    );
    let one = s.run_as(
        "coord",
        &[
            "time",
            "list",
            "--week",
            "2026-W48",
            "--referent",
            "bob",
            "--format",
            "csv",
        ],
    );
    assert_eq!(one.ok().lines().count(), 2, "{one:?}");
}

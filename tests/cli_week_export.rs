//! The week lifecycle (`week submit|validate|reopen|status`) and the timesheet export
//! (`export timesheet`), on the real binary and a real SQLite file.

#[path = "common/cli_support.rs"]
mod support;

use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use support::{Outcome, Sandbox, outcome};

/// The day the tests run on (a Friday after every week they fill).
const TODAY: &str = "2026-12-04";

/// The ESF operation the sandbox's PLIE settings declare.
const OPERATION: &str = "TEST-OP-0001";

/// English weekday names, Monday first, as the CSV writes them.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// A sandbox with `coord`, `alice` and `bob`, whose PLIE settings name the structure and operation.
struct Plie {
    s: Sandbox,
    config: PathBuf,
}

impl Plie {
    fn new() -> Self {
        let s = Sandbox::with_team();
        let settings = s.dir.path().join("settings.toml");
        std::fs::write(
            &settings,
            format!(
                "[structure]\nname = \"PLIE Testville\"\n[operation]\ncode = \"{OPERATION}\"\nname = \"Test operation\"\n"
            ),
        )
        .unwrap();
        s.run_as("coord", &["settings", "import", settings.to_str().unwrap()])
            .ok();
        let config = s.dir.path().join("config.toml");
        std::fs::write(&config, "language = \"en\"\n").unwrap();
        Self { s, config }
    }

    /// Runs the binary as `login` with the configuration, on Friday 4 December 2026: the
    /// weeks the tests fill (W47 to W49) have been worked and can be submitted.
    fn run(&self, login: &str, args: &[&str]) -> Outcome {
        outcome(
            self.s
                .command()
                .env("PARCOURS_TODAY", TODAY)
                .arg("--config")
                .arg(&self.config)
                .arg("--as")
                .arg(login)
                .args(args),
        )
    }

    /// Records time as `login`; returns the new entry's id.
    fn time(&self, login: &str, date: &str, minutes: u32, activity: &str, extra: &[&str]) -> i64 {
        let minutes = minutes.to_string();
        let mut args = vec![
            "time",
            "add",
            "--date",
            date,
            "--minutes",
            &minutes,
            "--activity",
            activity,
        ];
        args.extend_from_slice(extra);
        self.run(login, &args).ok().parse().unwrap()
    }

    /// A directory for exports, inside the sandbox.
    fn out_dir(&self) -> PathBuf {
        let dir = self.s.dir.path().join("out");
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// Exports as `login` into `out/NAME`; returns the outcome and the path.
    fn export(&self, login: &str, name: &str, args: &[&str]) -> (Outcome, PathBuf) {
        let path = self.out_dir().join(name);
        let mut all = vec!["export", "timesheet"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--output", path.to_str().unwrap()]);
        (self.run(login, &all), path)
    }

    /// [`Plie::export`] as `alice` on a machine whose time zone is `tz` and whose clock
    /// reads `now`.
    fn export_elsewhere(
        &self,
        name: &str,
        args: &[&str],
        tz: &str,
        now: &str,
    ) -> (Outcome, PathBuf) {
        let path = self.out_dir().join(name);
        let mut cmd = self.s.command();
        cmd.env("TZ", tz)
            .env("PARCOURS_NOW", now)
            .arg("--config")
            .arg(&self.config)
            .args(["--as", "alice", "export", "timesheet"])
            .args(args)
            .arg("--output")
            .arg(&path);
        (outcome(&mut cmd), path)
    }

    /// Every time entry, in id order: (id, login, date, week, minutes, activity, file, note).
    fn time_rows(&self) -> Vec<TimeRow> {
        let conn = self.s.sql();
        let mut stmt = conn
            .prepare(
                "SELECT t.id, u.login, t.entry_date, t.iso_week, t.minutes, t.activity_code,
                        p.file_number, t.note, t.version
                 FROM time_entry t JOIN user u ON u.id = t.referent_id
                 LEFT JOIN participant p ON p.id = t.participant_id ORDER BY t.id",
            )
            .unwrap();
        stmt.query_map([], |r| {
            Ok(TimeRow {
                id: r.get(0)?,
                login: r.get(1)?,
                date: r.get(2)?,
                week: r.get(3)?,
                minutes: r.get(4)?,
                activity: r.get(5)?,
                file: r.get(6)?,
                note: r.get(7)?,
                version: r.get(8)?,
            })
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    /// The stored status and export fingerprint of a referent's week, if it has a row.
    fn week_row(&self, login: &str, week: &str) -> Option<(String, Option<String>)> {
        self.s
            .sql()
            .query_row(
                "SELECT w.status, w.export_sha256 FROM week w JOIN user u ON u.id = w.referent_id
                 WHERE u.login = ?1 AND w.iso_week = ?2",
                [login, week],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok()
    }

    /// Audit rows about weeks: (actor login, action, after as JSON).
    fn week_audit(&self) -> Vec<(String, String, serde_json::Value)> {
        let conn = self.s.sql();
        let mut stmt = conn
            .prepare(
                "SELECT u.login, a.action, a.after FROM audit a JOIN user u ON u.id = a.actor_id
                 WHERE a.entity = 'week' ORDER BY a.id",
            )
            .unwrap();
        stmt.query_map([], |r| {
            let after: String = r.get(2)?;
            Ok((r.get(0)?, r.get(1)?, serde_json::from_str(&after).unwrap()))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }
}

/// One row of the `time_entry` table.
#[derive(Debug, Clone, PartialEq)]
struct TimeRow {
    id: i64,
    login: String,
    date: String,
    week: String,
    minutes: i64,
    activity: String,
    file: Option<String>,
    note: String,
    version: i64,
}

/// The names of the files in a directory, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The records of a CSV export, checking its header.
fn csv_records(bytes: &[u8], delimiter: u8) -> Vec<csv::StringRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(bytes);
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "referent_login",
            "referent_name",
            "iso_week",
            "status",
            "mark",
            "date",
            "weekday",
            "operation_code",
            "activity_code",
            "activity_label",
            "activity_kind",
            "esf_eligible",
            "participant_file",
            "minutes",
            "hours",
            "note",
            "fingerprint"
        ]
    );
    reader.records().map(Result::unwrap).collect()
}

/// Alice's week 2026-W48 with four entries, one for a participant of hers; its file number.
fn alice_week(p: &Plie) -> String {
    let file = p.s.participant_of("alice", "Testcase");
    p.time(
        "alice",
        "2026-11-23",
        90,
        "IND",
        &["--participant", &file, "--note", "Bilan, \"étape 1\""],
    );
    p.time(
        "alice",
        "2026-11-23",
        30,
        "FILE",
        &["--note", "ligne 1\nligne 2"],
    );
    p.time("alice", "2026-11-25", 120, "COL", &[]);
    p.time(
        "alice",
        "2026-11-27",
        45,
        "OUT",
        &["--note", "Réunion hors opération"],
    );
    file
}

/// Alice submits 2026-W48 and the coordinator validates it.
fn submit_and_validate_w48(p: &Plie) {
    p.run("alice", &["week", "submit", "--week", "2026-W48"])
        .ok();
    p.run(
        "coord",
        &[
            "week",
            "validate",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
        ],
    )
    .ok();
}

// ---- lifecycle ------------------------------------------------------------------------

#[test]
fn a_submitted_or_validated_week_refuses_every_write_and_reopening_is_audited() {
    let p = Plie::new();
    let file = alice_week(&p);
    let out = p.run("alice", &["week", "submit", "--week", "2026-W48"]);
    assert_eq!(out.ok(), "week 2026-W48 of alice: submitted");
    assert_eq!(p.week_row("alice", "2026-W48").unwrap().0, "submitted");

    let refuse_every_write = |status: &str, frozen: &[TimeRow]| {
        let counts = p.s.counts();
        for day in 23..=29 {
            let date = format!("2026-11-{day}");
            for extra in [
                &[][..],
                &["--participant", file.as_str()][..],
                &["--note", "late"][..],
            ] {
                let mut args = vec![
                    "time",
                    "add",
                    "--date",
                    &date,
                    "--minutes",
                    "15",
                    "--activity",
                    "ADM",
                ];
                args.extend_from_slice(extra);
                p.run("alice", &args)
                    .fails_with(&format!("week 2026-W48 is {status}"));
            }
        }
        p.run("alice", &["week", "submit", "--week", "2026-W48"])
            .fails_with(&format!(
                "week 2026-W48 is {status}: that step does not apply"
            ));
        p.run(
            "coord",
            &[
                "week",
                "submit",
                "--week",
                "2026-W48",
                "--referent",
                "alice",
            ],
        )
        .fails_with(&format!("week 2026-W48 is {status}"));
        assert_eq!(p.time_rows(), frozen, "no time entry changed ({status})");
        assert_eq!(p.s.counts(), counts, "no row of any table added ({status})");
    };
    refuse_every_write("submitted", &p.time_rows());

    // Another week is still open.
    p.time("alice", "2026-11-30", 60, "ADM", &[]);
    let frozen = p.time_rows();

    p.run(
        "alice",
        &[
            "week",
            "validate",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
        ],
    )
    .fails_with("refused: alice may not validate a week");
    assert_eq!(p.week_row("alice", "2026-W48").unwrap().0, "submitted");

    let out = p.run(
        "coord",
        &[
            "week",
            "validate",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
        ],
    );
    assert_eq!(out.ok(), "week 2026-W48 of alice: validated");
    assert_eq!(p.week_row("alice", "2026-W48").unwrap().0, "validated");
    refuse_every_write("validated", &frozen);
    assert_eq!(p.time_rows(), frozen);
    p.run(
        "coord",
        &[
            "week",
            "validate",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
        ],
    )
    .fails_with("week 2026-W48 is validated: that step does not apply");

    // Reopening: a coordinator only, and never without a reason.
    let before = p.s.counts();
    let missing = p.run(
        "coord",
        &[
            "week",
            "reopen",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
        ],
    );
    assert_eq!(missing.code, 2, "--reason is required: {missing:?}");
    p.run(
        "coord",
        &[
            "week",
            "reopen",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
            "--reason",
            "  ",
        ],
    )
    .fails_with("reason is required");
    p.run(
        "alice",
        &[
            "week",
            "reopen",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
            "--reason",
            "mine",
        ],
    )
    .fails_with("refused: alice may not reopen a week");
    assert_eq!(p.s.counts(), before);
    assert_eq!(p.week_row("alice", "2026-W48").unwrap().0, "validated");

    let reason = "Correction asked by the referent, see ticket 12";
    let out = p.run(
        "coord",
        &[
            "week",
            "reopen",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
            "--reason",
            reason,
        ],
    );
    assert_eq!(out.ok(), "week 2026-W48 of alice: reopened as a draft");
    assert_eq!(p.week_row("alice", "2026-W48").unwrap().0, "draft");
    let audit = p.week_audit();
    let actions: Vec<(&str, &str)> = audit
        .iter()
        .map(|(who, action, _)| (who.as_str(), action.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("alice", "submit"),
            ("coord", "validate"),
            ("coord", "reopen")
        ]
    );
    let reopened = &audit[2].2;
    assert_eq!(reopened["reason"], reason);
    assert_eq!(reopened["week"]["status"], "draft");
    assert_eq!(reopened["week"]["week"], "2026-W48");

    // A draft again: time can be added.
    let id = p.time("alice", "2026-11-24", 15, "ADM", &["--note", "late"]);
    let row = p.time_rows().into_iter().find(|r| r.id == id).unwrap();
    assert_eq!(
        (row.week.as_str(), row.minutes, row.note.as_str()),
        ("2026-W48", 15, "late")
    );
}

#[test]
fn a_coordinator_may_submit_for_a_referent_but_a_referent_only_for_themselves() {
    let p = Plie::new();
    p.time("bob", "2026-11-24", 60, "IND", &[]);
    let before = p.s.counts();
    p.run(
        "alice",
        &["week", "submit", "--week", "2026-W48", "--referent", "bob"],
    )
    .fails_with("refused: alice may not see or change another referent's time");
    assert_eq!(p.week_row("bob", "2026-W48"), None);
    assert_eq!(p.s.counts(), before);
    let out = p.run(
        "coord",
        &["week", "submit", "--week", "2026-W48", "--referent", "bob"],
    );
    assert_eq!(out.ok(), "week 2026-W48 of bob: submitted");
    assert_eq!(p.week_row("bob", "2026-W48").unwrap().0, "submitted");
}

#[test]
fn a_coordinators_own_week_needs_another_coordinator() {
    let p = Plie::new();
    p.s.run_as(
        "coord",
        &[
            "user",
            "add",
            "dana",
            "--name",
            "Dana Second",
            "--role",
            "coordinator",
        ],
    )
    .ok();
    p.time("coord", "2026-11-24", 60, "ADM", &[]);
    p.run("coord", &["week", "submit", "--week", "2026-W48"])
        .ok();
    let before = p.s.counts();
    let validate = [
        "week",
        "validate",
        "--week",
        "2026-W48",
        "--referent",
        "coord",
    ];
    p.run("coord", &validate).fails_with(
        "refused: coord may not countersign their own week: another coordinator must validate it",
    );
    assert_eq!(p.s.counts(), before);
    assert_eq!(p.week_row("coord", "2026-W48").unwrap().0, "submitted");
    // The other coordinator sees the week in `week status` and countersigns it.
    let csv = p.run(
        "dana",
        &["week", "status", "--week", "2026-W48", "--format", "csv"],
    );
    assert!(
        csv.ok()
            .lines()
            .any(|l| l.starts_with("coord,") && l.contains(",submitted,")),
        "{csv:?}"
    );
    assert_eq!(
        p.run("dana", &validate).ok(),
        "week 2026-W48 of coord: validated"
    );
}

#[test]
fn week_commands_refuse_bad_input_and_write_nothing() {
    let p = Plie::new();
    p.time("alice", "2026-11-24", 60, "IND", &[]);
    let before = p.s.counts();
    p.run("alice", &["week", "submit", "--week", "2026-W60"])
        .fails_with("invalid week `2026-W60`");
    p.run("alice", &["week", "status", "--week", "48"])
        .fails_with("invalid week `48`");
    p.run(
        "coord",
        &[
            "week",
            "submit",
            "--week",
            "2026-W48",
            "--referent",
            "ghost",
        ],
    )
    .fails_with("unknown user: ghost");
    p.run(
        "coord",
        &[
            "week",
            "validate",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
        ],
    )
    .fails_with(
        "week 2026-W48 of alice is not submitted yet: it can be validated once its referent has submitted it",
    );
    p.run(
        "coord",
        &[
            "week",
            "reopen",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
            "--reason",
            "nothing to reopen",
        ],
    )
    .fails_with("week 2026-W48 is draft: that step does not apply");
    assert_eq!(p.s.counts(), before);
    assert_eq!(p.week_row("alice", "2026-W48"), None);
    for args in [
        &["week", "validate", "--week", "2026-W48"][..],
        &["week", "submit"],
        &["week", "status", "--week", "2026-W48", "--format", "xml"],
    ] {
        assert_eq!(p.run("coord", args).code, 2, "{args:?}");
    }
}

#[test]
fn week_status_shows_a_referent_their_week_and_a_coordinator_everyones() {
    let p = Plie::new();
    p.time("alice", "2026-11-23", 90, "IND", &[]);
    p.time("alice", "2026-11-24", 30, "ADM", &[]);
    p.time("bob", "2026-11-24", 45, "COL", &[]);
    p.run("alice", &["week", "submit", "--week", "2026-W48"])
        .ok();

    let table = p.run("alice", &["week", "status", "--week", "2026-W48"]);
    let lines: Vec<&str> = table.ok().lines().collect();
    assert_eq!(lines.len(), 2, "{table:?}");
    assert!(lines[0].starts_with("Referent"), "{table:?}");
    assert!(
        lines[1].starts_with("alice")
            && lines[1].contains("submitted")
            && lines[1].contains("2:00"),
        "{table:?}"
    );
    p.run(
        "alice",
        &["week", "status", "--week", "2026-W48", "--referent", "bob"],
    )
    .fails_with("refused: alice may not see or change another referent's time");

    let csv = p.run(
        "coord",
        &["week", "status", "--week", "2026-W48", "--format", "csv"],
    );
    let mut reader = csv::Reader::from_reader(csv.ok().as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "referent",
            "referent_name",
            "week",
            "status",
            "minutes",
            "submitted_at",
            "submitted_by",
            "validated_at",
            "validated_by",
            "export_sha256"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let summary: Vec<(&str, &str, &str, &str)> = rows
        .iter()
        .map(|r| (r[0].as_str(), r[3].as_str(), r[4].as_str(), r[6].as_str()))
        .collect();
    assert_eq!(
        summary,
        [
            ("alice", "submitted", "120", "alice"),
            ("bob", "draft", "45", ""),
            ("coord", "draft", "0", "")
        ]
    );
    let submitted_at: String =
        p.s.sql()
            .query_row(
                "SELECT submitted_at FROM week WHERE iso_week = '2026-W48'",
                [],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(rows[0][5], submitted_at);

    let json = p.run(
        "coord",
        &[
            "week",
            "status",
            "--week",
            "2026-W48",
            "--referent",
            "bob",
            "--format",
            "json",
        ],
    );
    let value: serde_json::Value = serde_json::from_str(json.ok()).unwrap();
    assert_eq!(value.as_array().unwrap().len(), 1);
    assert_eq!(value[0]["referent"], "bob");
    assert_eq!(value[0]["status"], "draft");
    assert_eq!(value[0]["minutes"], 45);
}

// ---- export ---------------------------------------------------------------------------

#[test]
fn csv_export_matches_the_database_rows() {
    let p = Plie::new();
    alice_week(&p);
    p.time("alice", "2026-11-30", 60, "ADM", &[]); // the next week: not exported
    let (out, path) = p.export(
        "alice",
        "w48.csv",
        &["--week", "2026-W48", "--format", "csv"],
    );
    assert_eq!(out.ok(), path.display().to_string());
    assert!(out.stderr.is_empty(), "{out:?}");
    let bytes = std::fs::read(&path).unwrap();
    let records = csv_records(&bytes, b',');

    let conn = p.s.sql();
    let mut stmt = conn
        .prepare(
            "SELECT u.login, u.name, t.iso_week, t.entry_date, t.activity_code, a.label_en, a.esf,
                    COALESCE(p.file_number, ''), t.minutes, t.note
             FROM time_entry t JOIN user u ON u.id = t.referent_id
             JOIN activity a ON a.code = t.activity_code
             LEFT JOIN participant p ON p.id = t.participant_id
             WHERE u.login = 'alice' AND t.iso_week = '2026-W48' ORDER BY t.entry_date, t.id",
        )
        .unwrap();
    let expected: Vec<Vec<String>> = stmt
        .query_map([], |r| {
            let date: String = r.get(3)?;
            let minutes: i64 = r.get(8)?;
            let esf: bool = r.get(6)?;
            let weekday = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                .unwrap()
                .weekday();
            Ok(vec![
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                "draft".to_owned(),
                "DRAFT".to_owned(),
                date,
                WEEKDAYS[weekday.num_days_from_monday() as usize].to_owned(),
                OPERATION.to_owned(),
                r.get(4)?,
                r.get(5)?,
                if esf { "operation" } else { "outside" }.to_owned(),
                esf.to_string(),
                r.get(7)?,
                minutes.to_string(),
                format!("{:.2}", minutes as f64 / 60.0),
                r.get(9)?,
            ])
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(expected.len(), 4);
    let got: Vec<Vec<String>> = records
        .iter()
        .map(|r| r.iter().map(String::from).collect())
        .collect();
    // The last column is the week's fingerprint, the same on every row.
    let fingerprint = got[0][16].clone();
    assert_eq!(fingerprint.len(), 64);
    let without: Vec<Vec<String>> = got.iter().map(|r| r[..16].to_vec()).collect();
    assert_eq!(without, expected);
    assert!(got.iter().all(|r| r[16] == fingerprint));
    assert_eq!(
        got[1][15], "ligne 1\nligne 2",
        "a note keeps its line break"
    );
    assert_eq!(got[3][11], "false", "OUT is outside the ESF operation");

    // The same rows with `;` for French spreadsheets.
    let (out, semi) = p.export(
        "alice",
        "w48-semicolon.csv",
        &["--week", "2026-W48", "--format", "csv", "--delimiter", ";"],
    );
    out.ok();
    let semi_bytes = std::fs::read(&semi).unwrap();
    let got_semi: Vec<Vec<String>> = csv_records(&semi_bytes, b';')
        .iter()
        .map(|r| r.iter().map(String::from).collect())
        .collect();
    // The same rows, with what a spreadsheet reads: decimal comma, words for yes/no and kinds.
    assert_eq!(got_semi.len(), got.len());
    for (s, c) in got_semi.iter().zip(&got) {
        assert_eq!(s[14], c[14].replace('.', ","));
        assert_eq!(s[13], c[13]);
        assert_eq!(s[16], c[16], "the same fingerprint");
    }
    assert!(semi_bytes.starts_with(b"referent_login;referent_name;"));

    // In French, `;` gives French weekdays, labels and status, and a decimal comma.
    let path = p.out_dir().join("w48-fr.csv");
    let out = outcome(
        p.s.command()
            .env("PARCOURS_TODAY", TODAY)
            .args(["--lang", "fr", "--as", "alice", "export", "timesheet"])
            .args([
                "--week",
                "2026-W48",
                "--format",
                "csv",
                "--delimiter",
                ";",
                "--output",
            ])
            .arg(&path),
    );
    out.ok();
    let french: Vec<Vec<String>> = csv_records(&std::fs::read(&path).unwrap(), b';')
        .iter()
        .map(|r| r.iter().map(String::from).collect())
        .collect();
    assert_eq!(french[0][3], "brouillon", "{:?}", french[0]);
    assert_eq!(french[0][4], "BROUILLON");
    assert_eq!(french[0][6], "lundi");
    assert_eq!(french[0][9], "Entretien individuel");
    assert_eq!(french[0][10], "sur l'opération");
    assert_eq!(french[0][11], "oui");
    assert_eq!(french[0][14], "1,50");
    assert_eq!(
        french[0][16], fingerprint,
        "the language changes no fingerprint"
    );
}

#[test]
fn xlsx_and_pdf_exports_are_produced_with_their_magic_bytes() {
    let p = Plie::new();
    alice_week(&p);
    for (format, magic) in [("xlsx", &b"PK\x03\x04"[..]), ("pdf", b"%PDF")] {
        let name = format!("w48.{format}");
        let (out, path) = p.export("alice", &name, &["--week", "2026-W48", "--format", format]);
        assert_eq!(out.ok(), path.display().to_string());
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.len() > 1000, "{format}: {} bytes", bytes.len());
        assert!(bytes.starts_with(magic), "{format} starts with {magic:?}");
    }
    assert_eq!(listing(&p.out_dir()), ["w48.pdf", "w48.xlsx"]);
}

#[test]
fn a_validated_week_exports_the_same_csv_twice_and_keeps_its_sha256() {
    let p = Plie::new();
    alice_week(&p);
    submit_and_validate_w48(&p);
    let (first, a) = p.export(
        "alice",
        "first.csv",
        &["--week", "2026-W48", "--format", "csv"],
    );
    first.ok();
    let (second, b) = p.export(
        "coord",
        "second.csv",
        &[
            "--week",
            "2026-W48",
            "--referent",
            "alice",
            "--format",
            "csv",
        ],
    );
    second.ok();
    assert!(first.stderr.is_empty() && second.stderr.is_empty());
    let bytes = std::fs::read(&a).unwrap();
    assert_eq!(bytes, std::fs::read(&b).unwrap(), "identical CSV bytes");
    let sha = csv_records(&bytes, b',')[0][16].to_owned();
    let (status, stored) = p.week_row("alice", "2026-W48").unwrap();
    assert_eq!(status, "validated");
    assert_eq!(stored.as_deref(), Some(sha.as_str()));
    let status = p.run(
        "alice",
        &["week", "status", "--week", "2026-W48", "--format", "csv"],
    );
    assert!(status.ok().contains(&sha), "{status:?}");

    // In French, and after the structure is renamed: the same fingerprint, no warning.
    let path = p.out_dir().join("fr.pdf");
    let fr = outcome(
        p.s.command()
            .env("PARCOURS_TODAY", TODAY)
            .args(["--lang", "fr", "--as", "alice", "export", "timesheet"])
            .args(["--week", "2026-W48", "--format", "pdf", "--output"])
            .arg(&path),
    );
    fr.ok();
    assert!(fr.stderr.is_empty(), "{fr:?}");
    p.run(
        "coord",
        &["settings", "set", "structure.name", "PLIE renommé"],
    )
    .ok();
    let (renamed, c) = p.export(
        "alice",
        "renamed.csv",
        &["--week", "2026-W48", "--format", "csv"],
    );
    renamed.ok();
    assert!(renamed.stderr.is_empty(), "{renamed:?}");
    assert_eq!(csv_records(&std::fs::read(&c).unwrap(), b',')[0][16], sha);
    let verify = p.run(
        "coord",
        &[
            "week",
            "verify",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
        ],
    );
    assert_eq!(
        verify.ok(),
        format!(
            "week 2026-W48 of alice: fingerprint (SHA-256) {sha}\nit matches the validated export of 2026-12-04T12:00:00Z"
        )
    );
    p.run(
        "alice",
        &[
            "week",
            "verify",
            "--week",
            "2026-W48",
            "--fingerprint",
            &sha.to_uppercase(),
        ],
    )
    .ok();
    p.run(
        "alice",
        &[
            "week",
            "verify",
            "--week",
            "2026-W48",
            "--fingerprint",
            "abc",
        ],
    )
    .fails_with("the fingerprint given (abc) is not the week's content now");

    // Changed behind the application's back: exported, with a warning naming the change.
    p.s.sql()
        .execute(
            "UPDATE time_entry SET minutes = minutes + 5 WHERE iso_week = '2026-W48' AND activity_code = 'COL'",
            [],
        )
        .unwrap();
    let (third, c) = p.export(
        "alice",
        "third.csv",
        &["--week", "2026-W48", "--format", "csv"],
    );
    assert_eq!(third.ok(), c.display().to_string());
    assert!(
        third.stderr.starts_with(&format!(
            "warning: week 2026-W48 of alice no longer matches its validated export (SHA-256 {sha} then"
        )),
        "{third:?}"
    );
    assert!(
        third.stderr.contains(
            "changed: - entry 2026-11-25 \"COL\" 120 \"\" \"\"; + entry 2026-11-25 \"COL\" 125 \"\" \"\""
        ),
        "{third:?}"
    );
    assert_ne!(csv_records(&std::fs::read(&c).unwrap(), b',')[0][16], sha);
    assert_eq!(
        p.week_row("alice", "2026-W48").unwrap().1,
        Some(sha.clone()),
        "kept"
    );
    p.run(
        "coord",
        &[
            "week",
            "verify",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
        ],
    )
    .fails_with("changed: - entry 2026-11-25 \"COL\" 120");

    // Reopened and corrected through the application: the warning names the change too.
    p.run(
        "coord",
        &[
            "week",
            "reopen",
            "--week",
            "2026-W48",
            "--referent",
            "alice",
            "--reason",
            "COL",
        ],
    )
    .ok();
    p.time("alice", "2026-11-26", 15, "ADM", &[]);
    let (fourth, _) = p.export(
        "alice",
        "fourth.csv",
        &["--week", "2026-W48", "--format", "csv"],
    );
    fourth.ok();
    assert!(
        fourth.stderr.contains("+ entry 2026-11-26 \"ADM\" 15"),
        "{fourth:?}"
    );
    assert!(fourth.stderr.contains("- status validated"), "{fourth:?}");
}

/// An auditor who asks for the same validated week a year later, from a server in
/// another time zone, gets the same bytes in every format.
#[test]
fn a_validated_weeks_export_is_the_same_whatever_the_date_and_the_machines_time_zone() {
    let p = Plie::new();
    alice_week(&p);
    submit_and_validate_w48(&p);
    for format in ["csv", "xlsx", "pdf"] {
        let args = ["--week", "2026-W48", "--format", format];
        let (first, a) = p.export_elsewhere(
            &format!("paris.{format}"),
            &args,
            "Europe/Paris",
            "2026-11-30T08:00:00Z",
        );
        first.ok();
        let (later, b) = p.export_elsewhere(
            &format!("kiritimati.{format}"),
            &args,
            "Pacific/Kiritimati",
            "2028-01-09T23:59:30Z",
        );
        later.ok();
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "{format}: same bytes"
        );
    }
}

#[test]
fn a_coordinators_month_export_gives_one_file_per_referent_or_one_combined_file() {
    let p = Plie::new();
    p.time("alice", "2026-11-02", 60, "IND", &[]);
    p.time("alice", "2026-11-30", 30, "ADM", &[]);
    p.time("alice", "2026-12-01", 45, "ADM", &[]); // same ISO week, outside the month
    p.time("bob", "2026-11-18", 120, "COL", &[]);
    let dir = p.out_dir();

    let (out, output) = p.export(
        "coord",
        "month.csv",
        &["--month", "2026-11", "--format", "csv", "--per-referent"],
    );
    let alice_file = dir.join("timesheet-alice-2026-11.csv");
    let bob_file = dir.join("timesheet-bob-2026-11.csv");
    assert_eq!(
        out.ok(),
        format!("{}\n{}", alice_file.display(), bob_file.display())
    );
    assert!(!output.exists(), "--output itself only names the directory");
    assert_eq!(
        listing(&dir),
        ["timesheet-alice-2026-11.csv", "timesheet-bob-2026-11.csv"]
    );
    let rows = |path: &Path| -> Vec<(String, String, String)> {
        csv_records(&std::fs::read(path).unwrap(), b',')
            .iter()
            .map(|r| (r[0].to_owned(), r[5].to_owned(), r[13].to_owned()))
            .collect()
    };
    let own = |login: &str, date: &str, minutes: &str| {
        (login.to_owned(), date.to_owned(), minutes.to_owned())
    };
    assert_eq!(
        rows(&alice_file),
        [
            own("alice", "2026-11-02", "60"),
            own("alice", "2026-11-30", "30")
        ]
    );
    assert_eq!(rows(&bob_file), [own("bob", "2026-11-18", "120")]);

    // Again: the files exist, so nothing is written.
    let (again, _) = p.export(
        "coord",
        "month.csv",
        &["--month", "2026-11", "--format", "csv", "--per-referent"],
    );
    again.fails_with("already exists: an export never overwrites a file");
    assert_eq!(rows(&bob_file), [own("bob", "2026-11-18", "120")]);

    // One combined file with every referent's rows; PDF and XLSX too.
    let (out, combined) = p.export(
        "coord",
        "all.csv",
        &["--month", "2026-11", "--format", "csv"],
    );
    assert_eq!(out.ok(), combined.display().to_string());
    assert_eq!(
        rows(&combined),
        [
            own("alice", "2026-11-02", "60"),
            own("alice", "2026-11-30", "30"),
            own("bob", "2026-11-18", "120")
        ]
    );
    let (out, pdfs) = p.export(
        "coord",
        "pdf/month.pdf",
        &["--month", "2026-11", "--format", "pdf", "--per-referent"],
    );
    out.fails_with("no directory");
    assert!(!pdfs.parent().unwrap().exists());
    let (out, xlsx) = p.export(
        "coord",
        "all.xlsx",
        &["--month", "2026-11", "--format", "xlsx"],
    );
    out.ok();
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
}

#[test]
fn a_referent_cannot_export_another_referents_week() {
    let p = Plie::new();
    p.time("bob", "2026-11-24", 60, "IND", &[]);
    let before = p.s.counts();
    for format in ["csv", "xlsx", "pdf"] {
        let (out, path) = p.export(
            "alice",
            &format!("bob.{format}"),
            &[
                "--week",
                "2026-W48",
                "--referent",
                "bob",
                "--format",
                format,
            ],
        );
        out.fails_with("refused: alice may not see or change another referent's time");
        assert!(!path.exists());
    }
    assert!(
        listing(&p.out_dir()).is_empty(),
        "no file, no temporary file"
    );
    assert_eq!(p.s.counts(), before);
}

#[test]
fn export_refuses_bad_requests_and_never_overwrites() {
    let p = Plie::new();
    alice_week(&p);
    let dir = p.out_dir();
    let existing = dir.join("kept.csv");
    std::fs::write(&existing, "not to be replaced").unwrap();

    let (out, _) = p.export(
        "alice",
        "kept.csv",
        &["--week", "2026-W48", "--format", "csv"],
    );
    out.fails_with("kept.csv already exists: an export never overwrites a file");
    assert_eq!(
        std::fs::read_to_string(&existing).unwrap(),
        "not to be replaced"
    );

    let fails = |args: &[&str], needle: &str| {
        let (out, path) = p.export("alice", "new.csv", args);
        out.fails_with(needle);
        assert!(!path.exists());
    };
    fails(
        &["--week", "2026-W99", "--format", "csv"],
        "invalid week `2026-W99`",
    );
    fails(
        &["--month", "2026-13", "--format", "csv"],
        "invalid month `2026-13`",
    );
    fails(
        &["--week", "2026-W48", "--format", "csv", "--delimiter", "ab"],
        "invalid delimiter `ab`",
    );
    fails(
        &[
            "--week",
            "2026-W48",
            "--format",
            "csv",
            "--referent",
            "ghost",
        ],
        "refused: alice may not see or change another referent's time",
    );
    let (out, _) = p.export(
        "coord",
        "new.csv",
        &["--week", "2026-W40", "--format", "csv"],
    );
    out.fails_with("nothing to export");

    for args in [
        &[
            "--week", "2026-W48", "--month", "2026-11", "--format", "csv",
        ][..],
        &["--format", "csv"],
        &["--week", "2026-W48"],
        &["--week", "2026-W48", "--format", "docx"],
    ] {
        let (out, path) = p.export("alice", "usage.csv", args);
        assert_eq!(out.code, 2, "{args:?}: {out:?}");
        assert!(!path.exists());
    }
    assert_eq!(listing(&dir), ["kept.csv"], "nothing else was written");
    assert_eq!(p.week_row("alice", "2026-W48"), None);
}

#[test]
fn help_lists_the_week_and_export_commands() {
    let p = Plie::new();
    let help = p.run("alice", &["--help"]);
    assert!(help.ok().contains("week") && help.ok().contains("export"));
    let export = p.run("alice", &["export", "timesheet", "--help"]);
    for word in [
        "--week",
        "--month",
        "--per-referent",
        "--delimiter",
        "xlsx",
        "pdf",
    ] {
        assert!(export.ok().contains(word), "`{word}` missing: {export:?}");
    }
}

#[test]
fn time_ahead_and_early_submissions_are_refused_and_the_manager_is_named() {
    let p = Plie::new();
    let before = p.s.counts();
    p.run(
        "alice",
        &[
            "time",
            "add",
            "--date",
            "2027-06-20",
            "--minutes",
            "60",
            "--activity",
            "IND",
        ],
    )
    .fails_with("time is declared for days already begun: 2027-06-20 is after today (2026-12-04)");
    p.run("alice", &["week", "submit", "--week", "2027-W10"])
        .fails_with("week 2027-W10 can be submitted from its last working day on (2027-03-12)");
    p.run(
        "coord",
        &[
            "week",
            "validate",
            "--week",
            "2027-W10",
            "--referent",
            "alice",
        ],
    )
    .fails_with("week 2027-W10 of alice is not submitted yet");
    p.run("alice", &["user", "set-manager", "alice", "--name", "Moi"])
        .fails_with("refused");
    assert_eq!(p.s.counts(), before, "nothing written on a refusal");

    p.run(
        "coord",
        &["user", "set-manager", "alice", "--name", "Hélène Direction"],
    )
    .ok();
    alice_week(&p);
    submit_and_validate_w48(&p);
    let (out, path) = p.export(
        "alice",
        "w48.pdf",
        &["--week", "2026-W48", "--format", "pdf"],
    );
    out.ok();
    let doc = lopdf::Document::load(&path).unwrap();
    let pages: Vec<u32> = doc.get_pages().keys().copied().collect();
    let text = doc.extract_text(&pages).unwrap();
    assert!(
        text.contains("Hélène Direction"),
        "the line manager signs:\n{text}"
    );
    assert!(
        text.contains("(Europe/Paris)"),
        "signature times with their zone:\n{text}"
    );
}

//! Running the real `parcours` binary against a real SQLite file in a temporary directory.

#![allow(dead_code)] // Each test binary that includes this uses a different part of it.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rusqlite::Connection;
use tempfile::TempDir;

/// The tables whose row counts tell whether a command wrote anything.
pub const TABLES: [&str; 6] = [
    "user",
    "participant",
    "appointment",
    "time_entry",
    "activity",
    "audit",
];

/// A temporary directory holding one database file, and commands set up to use it.
pub struct Sandbox {
    /// The directory (removed on drop).
    pub dir: TempDir,
    /// The database file.
    pub db: PathBuf,
    /// The date the binary takes as today (`PARCOURS_TODAY`).
    pub today: String,
}

/// What a command did: its status, stdout and stderr.
#[derive(Debug)]
pub struct Outcome {
    /// Exit status code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Outcome {
    /// Stdout without its final newline, checking the command succeeded.
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, 0, "command failed: {self:?}");
        self.stdout.trim_end_matches('\n')
    }

    /// Checks the command failed with status 1 and one `error:` line containing `needle`.
    pub fn fails_with(&self, needle: &str) {
        assert_eq!(self.code, 1, "expected exit 1: {self:?}");
        assert!(self.stdout.is_empty(), "nothing on stdout: {self:?}");
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "one line on stderr: {self:?}");
        assert!(lines[0].starts_with("error: "), "{self:?}");
        assert!(lines[0].contains(needle), "`{needle}` expected in {self:?}");
    }
}

impl Sandbox {
    /// An empty directory; the database file does not exist yet.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temporary directory");
        let db = dir.path().join("parcours.db");
        Self {
            dir,
            db,
            today: "2026-11-23".to_owned(),
        }
    }

    /// The same sandbox on another day (`YYYY-MM-DD`): time can only be declared, and a
    /// week submitted, once the days have begun.
    pub fn on(mut self, today: &str) -> Self {
        self.today = today.to_owned();
        self
    }

    /// A database with coordinator `coord` and referents `alice` and `bob`.
    pub fn with_team() -> Self {
        let s = Self::new();
        s.run(&[
            "init",
            "--coordinator",
            "coord",
            "--name",
            "Coordinator Test",
        ])
        .ok();
        for (login, name) in [("alice", "Alice Testreferent"), ("bob", "Bob Testreferent")] {
            s.run_as("coord", &["user", "add", login, "--name", name])
                .ok();
        }
        s
    }

    /// The binary with a clean environment (English, a pinned date, no config or database
    /// from the environment, the platform directories inside the sandbox) and `--db`.
    pub fn command(&self) -> Command {
        let mut cmd = self.command_without_db();
        cmd.arg("--db").arg(&self.db);
        cmd
    }

    /// The binary with the clean environment of [`Sandbox::command`] but no `--db`.
    pub fn command_without_db(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_parcours"));
        cmd.env("LANG", "C")
            .env("PARCOURS_TODAY", &self.today)
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env("HOME", self.dir.path())
            .env_remove("PARCOURS_DB")
            .env_remove("PARCOURS_CONFIG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("USER")
            .env_remove("SSH_ORIGINAL_COMMAND");
        cmd
    }

    /// Runs the binary with `args` (and `--db`).
    pub fn run(&self, args: &[&str]) -> Outcome {
        outcome(self.command().args(args))
    }

    /// Runs the binary as `login`.
    pub fn run_as(&self, login: &str, args: &[&str]) -> Outcome {
        outcome(self.command().arg("--as").arg(login).args(args))
    }

    /// A participant of `referent`'s caseload, opened by the coordinator; its file number.
    pub fn participant_of(&self, referent: &str, last: &str) -> String {
        self.run_as(
            "coord",
            &[
                "participant",
                "add",
                "--last",
                last,
                "--first",
                "Test",
                "--birth",
                "1990-05-17",
                "--referent",
                referent,
            ],
        )
        .ok()
        .to_owned()
    }

    /// A direct connection to the database file.
    pub fn sql(&self) -> Connection {
        Connection::open(&self.db).expect("open the database file")
    }

    /// Row counts of [`TABLES`].
    pub fn counts(&self) -> Vec<(String, i64)> {
        counts(&self.db)
    }

    /// Every table's name and a digest of its whole content (audit included), and
    /// the schema version: equal before and after a command that wrote nothing.
    pub fn contents(&self) -> Vec<(String, String)> {
        contents(&self.db)
    }
}

/// Every table of the database at `path` with a digest of its rows in rowid order,
/// then `user_version`.
pub fn contents(path: &Path) -> Vec<(String, String)> {
    use sha2::{Digest, Sha256};
    let conn = Connection::open(path).expect("open the database file");
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        .and_then(|mut stmt| stmt.query_map([], |r| r.get(0))?.collect())
        .expect("list tables");
    let mut out: Vec<(String, String)> = tables
        .into_iter()
        .map(|table| {
            let mut stmt = conn
                .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
                .expect("select a table");
            let width = stmt.column_count();
            let mut digest = Sha256::new();
            let mut rows = stmt.query([]).expect("read a table");
            while let Some(row) = rows.next().expect("a row") {
                for i in 0..width {
                    let value: rusqlite::types::Value = row.get(i).expect("a value");
                    digest.update(format!("{value:?}\u{1f}"));
                }
                digest.update("\u{1e}");
            }
            (table, format!("{:x}", digest.finalize()))
        })
        .collect();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version");
    out.push(("user_version".into(), version.to_string()));
    out
}

/// Row counts of [`TABLES`] in the database at `path`.
pub fn counts(path: &Path) -> Vec<(String, i64)> {
    let conn = Connection::open(path).expect("open the database file");
    TABLES
        .iter()
        .map(|t| {
            let n = conn
                .query_row(&format!("SELECT COUNT(*) FROM {t}"), [], |r| r.get(0))
                .expect("count rows");
            (t.to_string(), n)
        })
        .collect()
}

/// Runs a prepared command and collects what it did.
pub fn outcome(cmd: &mut Command) -> Outcome {
    let out = cmd.output().expect("run parcours");
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

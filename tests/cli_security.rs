//! The side doors of a shared server, closed (issue 12, items 1, 7 and 8), on the real
//! binary: `--output -` is standard output and the only output over SSH; the identity is
//! checked before the output path; exports are 0600; `[keys]` is checked by every command
//! with its file and line; `demo` is bounded; a failure is one stderr line; the interface
//! without a terminal says so.

#[path = "common/cli_support.rs"]
mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use support::{Outcome, Sandbox, outcome};

/// A team whose referent `alice` has 90 minutes on 2026-11-23 (week 2026-W48) and an
/// appointment the next day.
fn team_with_time() -> Sandbox {
    let s = Sandbox::with_team();
    s.run_as(
        "alice",
        &[
            "time",
            "add",
            "--date",
            "2026-11-23",
            "--minutes",
            "90",
            "--activity",
            "IND",
        ],
    )
    .ok();
    s.run_as(
        "alice",
        &[
            "appointment",
            "add",
            "--start",
            "2026-11-24 09:30",
            "--minutes",
            "45",
            "--title",
            "Atelier",
        ],
    )
    .ok();
    s
}

/// Runs, from inside the sandbox directory, the forced command of `login`'s key with
/// `original` as what they typed over SSH.
fn over_ssh(s: &Sandbox, login: &str, original: &str) -> Outcome {
    outcome(
        s.command()
            .current_dir(s.dir.path())
            .arg("--as")
            .arg(login)
            .env("SSH_ORIGINAL_COMMAND", original),
    )
}

/// Runs `args` as `login` from inside the sandbox directory.
fn run_in_sandbox(s: &Sandbox, login: &str, args: &[&str]) -> Outcome {
    outcome(
        s.command()
            .current_dir(s.dir.path())
            .arg("--as")
            .arg(login)
            .args(args),
    )
}

/// The week-48 timesheet export of the acting user to `output`, in `format`.
fn timesheet_args<'a>(format: &'a str, output: &'a str) -> Vec<&'a str> {
    vec![
        "export",
        "timesheet",
        "--week",
        "2026-W48",
        "--format",
        format,
        "--output",
        output,
    ]
}

#[test]
fn a_dash_is_standard_output_and_never_a_file() {
    let s = team_with_time();
    let out = run_in_sandbox(&s, "alice", &timesheet_args("csv", "-"));
    let csv = out.ok();
    assert!(csv.contains("IND") || csv.contains("1:30"), "{out:?}");
    let pdf = run_in_sandbox(&s, "alice", &timesheet_args("pdf", "-"));
    assert_eq!(pdf.code, 0, "{pdf:?}");
    assert!(
        pdf.stdout.starts_with("%PDF"),
        "the PDF bytes, and only them"
    );
    let ics = run_in_sandbox(
        &s,
        "alice",
        &[
            "export",
            "agenda",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-29",
            "--format",
            "ics",
            "--output",
            "-",
        ],
    );
    assert!(ics.ok().starts_with("BEGIN:VCALENDAR"), "{ics:?}");
    assert!(
        !s.dir.path().join("-").exists(),
        "no file named `-` is created"
    );
}

#[test]
fn over_ssh_an_export_goes_to_standard_output_or_nowhere() {
    let s = team_with_time();
    let before = s.counts();
    let target = s.dir.path().join("authorized_keys2");
    let target_text = target.to_str().unwrap();
    for original in [
        format!("export timesheet --week 2026-W48 --format csv --output {target_text}"),
        format!("export timesheet --week 2026-W48 --format csv --output={target_text}"),
        "export timesheet --week 2026-W48 --format csv --output ./-".to_owned(),
        "export timesheet --week 2026-W48 --format pdf --output w48.pdf".to_owned(),
        format!(
            "export agenda --from 2026-11-23 --to 2026-11-29 --format ics --output {target_text}"
        ),
    ] {
        over_ssh(&s, "alice", &original)
            .fails_with("over SSH an export can only go to standard output");
    }
    assert!(!target.exists());
    assert!(!s.dir.path().join("w48.pdf").exists());
    assert!(!s.dir.path().join("-").exists());
    assert_eq!(s.counts(), before);

    let out = over_ssh(
        &s,
        "alice",
        "parcours export timesheet --week 2026-W48 --format csv --output -",
    );
    assert!(
        out.ok().contains("IND") || out.ok().contains("1:30"),
        "{out:?}"
    );
    // Several files cannot share standard output.
    over_ssh(
        &s,
        "coord",
        "export timesheet --week 2026-W48 --format csv --per-referent --output -",
    )
    .fails_with("--per-referent");
    run_in_sandbox(
        &s,
        "coord",
        &[
            "export",
            "timesheet",
            "--week",
            "2026-W48",
            "--format",
            "csv",
            "--per-referent",
            "--output",
            "-",
        ],
    )
    .fails_with("--per-referent");
}

#[test]
fn an_unknown_login_learns_nothing_about_paths() {
    let s = team_with_time();
    let existing = s.db.to_str().unwrap().to_owned();
    let missing_dir = s.dir.path().join("nowhere/w48.csv");
    for output in [existing.as_str(), missing_dir.to_str().unwrap(), "-"] {
        s.run_as("mallory", &timesheet_args("csv", output))
            .fails_with("`mallory` is not an active user of this database");
        s.run_as(
            "mallory",
            &[
                "export",
                "agenda",
                "--from",
                "2026-11-23",
                "--to",
                "2026-11-29",
                "--format",
                "csv",
                "--output",
                output,
            ],
        )
        .fails_with("`mallory` is not an active user of this database");
    }
}

#[test]
fn exported_files_are_readable_by_their_owner_only() {
    let s = team_with_time();
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    let csv = s.dir.path().join("w48.csv");
    s.run_as("alice", &timesheet_args("csv", csv.to_str().unwrap()))
        .ok();
    assert_eq!(mode(&csv), 0o600);
    let per = s.dir.path().join("each");
    std::fs::create_dir(&per).unwrap();
    s.run_as(
        "coord",
        &[
            "export",
            "timesheet",
            "--week",
            "2026-W48",
            "--format",
            "pdf",
            "--per-referent",
            "--output",
            per.to_str().unwrap(),
        ],
    )
    .ok();
    let files: Vec<PathBuf> = std::fs::read_dir(&per)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty());
    assert!(files.iter().all(|f| mode(f) == 0o600), "{files:?}");
    let ics = s.dir.path().join("agenda.ics");
    s.run_as(
        "alice",
        &[
            "export",
            "agenda",
            "--from",
            "2026-11-23",
            "--to",
            "2026-11-29",
            "--format",
            "ics",
            "--output",
            ics.to_str().unwrap(),
        ],
    )
    .ok();
    assert_eq!(mode(&ics), 0o600);
}

#[test]
fn every_command_refuses_a_bad_keys_table_with_its_file_and_line() {
    let s = Sandbox::with_team();
    let config = s.dir.path().join("keys.toml");
    let config_text = config.to_str().unwrap();
    // (entries, what the error says, the line it names)
    for (keys, needle, line) in [
        ("frobnicate = \"z\"", "unknown action `frobnicate`", 5),
        ("quit = \"\"", "is not a key", 5),
        (
            "quit = \"ctrl-ctrl-q\"",
            "`ctrl-ctrl-q` for `quit` is not a key",
            5,
        ),
        (
            "quit = \"j\"\nup = \"j\"",
            "`j` would be the key of both `quit` and `up`",
            6,
        ),
    ] {
        std::fs::write(
            &config,
            format!("language = \"en\"\n\n[keys]\n# mine\n{keys}\n"),
        )
        .unwrap();
        let out = outcome(
            s.command()
                .args(["--config", config_text, "--as", "alice"])
                .args(["participant", "list"]),
        );
        out.fails_with(needle);
        out.fails_with(&format!("{config_text}:{line}: key `keys."));
    }
    // The same file, valid, is accepted.
    std::fs::write(&config, "[keys]\nquit = \"w\"\n").unwrap();
    outcome(
        s.command()
            .args(["--config", config_text, "--as", "alice"])
            .args(["participant", "list"]),
    )
    .ok();
}

#[test]
fn demo_sizes_are_bounded() {
    let s = Sandbox::new();
    for (flag, value) in [
        ("--participants", "0"),
        ("--participants", "20001"),
        ("--years", "0"),
        ("--years", "16"),
        ("--years", "65536"),
    ] {
        let out = s.run(&["demo", "--no-tui", flag, value]);
        assert_eq!(out.code, 2, "a usage error: {out:?}");
        assert!(out.stderr.contains(flag), "{out:?}");
        assert!(!s.db.exists());
    }
}

#[test]
fn a_failure_is_one_stderr_line_and_warnings_come_after_success() {
    let s = team_with_time();
    std::fs::set_permissions(&s.db, std::fs::Permissions::from_mode(0o644)).unwrap();
    // The database is readable by others (a warning), then the login is unknown (the error).
    s.run_as("mallory", &["participant", "list"])
        .fails_with("`mallory` is not an active user");
    let ok = s.run_as("alice", &["participant", "list"]);
    assert_eq!(ok.code, 0, "{ok:?}");
    let warnings: Vec<&str> = ok.stderr.lines().collect();
    assert_eq!(warnings.len(), 1, "{ok:?}");
    assert!(warnings[0].starts_with("warning: the database"), "{ok:?}");
}

#[test]
fn the_interface_without_a_terminal_says_so_on_one_line() {
    let s = Sandbox::with_team();
    // assert_cmd gives the child no terminal: stdin closed, stdout a pipe (as `ssh -T server`).
    let message = "no terminal: the interface needs one; connect with `ssh -t`";
    s.run_as("alice", &[]).fails_with(message);
    let demo_db = s.dir.path().join("demo.db");
    outcome(
        s.command_without_db()
            .args(["demo", "--db", demo_db.to_str().unwrap()]),
    )
    .fails_with(message);
    assert!(!demo_db.exists(), "nothing generated for nobody to see");
    let fr = s.run_as("alice", &["--lang", "fr"]);
    assert_eq!(fr.code, 1);
    assert!(fr.stderr.starts_with("erreur : pas de terminal"), "{fr:?}");
    assert_eq!(fr.stderr.lines().count(), 1);
}

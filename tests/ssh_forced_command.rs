//! The SSH forced command through the real binary: `command="parcours --as LOGIN",restrict,pty`
//! runs what the person typed (SSH_ORIGINAL_COMMAND) only from an allow-list, always as LOGIN.

#[path = "common/cli_support.rs"]
mod support;

use support::{Outcome, Sandbox, outcome};

/// Runs the forced command of `login`'s key with `original` as what they typed over SSH.
fn over_ssh(s: &Sandbox, login: &str, original: &str) -> Outcome {
    outcome(
        s.command()
            .arg("--as")
            .arg(login)
            .env("SSH_ORIGINAL_COMMAND", original),
    )
}

#[test]
fn allowed_subcommands_run_as_the_keys_login() {
    let s = Sandbox::with_team();
    let file = s.participant_of("alice", "Fictif");
    let added = over_ssh(
        &s,
        "alice",
        &format!(
            "parcours time add --date 2026-11-23 --minutes 45 --activity IND --participant {file} --note 'bilan, suite'"
        ),
    );
    added.ok();
    let (referent, note): (String, String) = s
        .sql()
        .query_row(
            "SELECT u.login, t.note FROM time_entry t JOIN user u ON u.id = t.referent_id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (referent.as_str(), note.as_str()),
        ("alice", "bilan, suite")
    );

    let listed = over_ssh(&s, "alice", "time list --week 2026-W48 --format csv");
    assert!(listed.ok().contains(&file), "{listed:?}");
    // Still alice: bob's key sees nothing of hers.
    let bobs = over_ssh(&s, "bob", "time list --week 2026-W48 --format csv");
    assert!(!bobs.ok().contains(&file));
}

#[test]
fn identity_database_and_config_options_are_refused() {
    let s = Sandbox::with_team();
    let before = s.counts();
    for original in [
        "parcours --as coord user add eve --name Eve",
        "time list --week 2026-W48 --as coord",
        "time list --week 2026-W48 --as=coord",
        "--db /tmp/elsewhere.db time list --week 2026-W48",
        "participant list --config /tmp/c.toml",
    ] {
        over_ssh(&s, "alice", original).fails_with("cannot be given over SSH");
    }
    assert_eq!(s.counts(), before);
}

#[test]
fn other_subcommands_and_shell_commands_are_refused() {
    let s = Sandbox::with_team();
    let before = s.counts();
    for (original, word) in [
        ("bash", "`bash`"),
        ("sh -c id", "`sh`"),
        ("/bin/sh", "`/bin/sh`"),
        ("parcours user add eve --name Eve", "`user`"),
        ("parcours backup /tmp/copy.db", "`backup`"),
        ("parcours init --coordinator x --name X", "`init`"),
        ("parcours demo", "`demo`"),
    ] {
        over_ssh(&s, "alice", original).fails_with(word);
    }
    over_ssh(&s, "alice", "time list 'unclosed").fails_with("cannot read the command");
    assert_eq!(s.counts(), before);
}

#[test]
fn usage_errors_of_allowed_commands_exit_2() {
    let s = Sandbox::with_team();
    let out = over_ssh(&s, "alice", "time list --wek 2026-W48");
    assert_eq!(out.code, 2, "{out:?}");
}

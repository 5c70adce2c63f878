//! The SSH forced command (deployment 1 of `docs/deploy.md`).
//!
//! Each person's key in the service account's `authorized_keys` carries
//! `command="parcours --as LOGIN",restrict,pty`. When they run
//! `ssh server parcours time list --week 2026-W47`, sshd runs the forced
//! command and puts what they typed in `SSH_ORIGINAL_COMMAND`. It is parsed
//! here and run as the key's LOGIN, but only when its subcommand is on the
//! allow-list and it names none of the options that choose who acts or on
//! which database. Its exports may only go to standard output (`--output -`):
//! a path would let a referent write anywhere the service account can, such
//! as `~/.ssh/authorized_keys2`.

use super::{Cli, GlobalArgs};
use crate::i18n::tf;
use clap::Parser;

/// The variable sshd sets to the command the person typed.
pub const ORIGINAL_COMMAND_VAR: &str = "SSH_ORIGINAL_COMMAND";

/// Subcommands a person may run through their key (no init, user, backup or demo).
/// `report` writes to standard output only.
pub const ALLOWED_SUBCOMMANDS: &[&str] = &[
    "participant",
    "appointment",
    "time",
    "week",
    "export",
    "gdpr",
    "report",
];

/// Whether an allowed subcommand is still refused through a key: what cannot be undone
/// (deleting a file, pseudonymising files) is done at the server itself.
fn irreversible(command: Option<&super::Command>) -> bool {
    use super::Command;
    use super::gdpr::GdprCommand;
    use super::participant::ParticipantCommand;
    matches!(
        command,
        Some(Command::Participant(ParticipantCommand::Delete(_)))
            | Some(Command::Gdpr(GdprCommand::Purge(_)))
    )
}

/// Global options that only the forced command itself may set.
const FORBIDDEN_OPTIONS: &[&str] = &["--as", "--db", "--config"];

/// Why a command sent over SSH is not run.
#[derive(Debug, thiserror::Error)]
pub enum ForcedCommandError {
    /// Refused: not allowed through a key, or not parseable as words.
    #[error("{0}")]
    Refused(String),
    /// Allowed, but its options are wrong: clap's usage error (exit status 2).
    #[error("{0}")]
    Usage(clap::Error),
}

/// Builds the command line to run from the forced command's own options and the
/// command the person typed. An empty command opens the interface.
pub fn forced_command(forced: &GlobalArgs, original: &str) -> Result<Cli, ForcedCommandError> {
    let refuse = |key: &str, value: &str| {
        ForcedCommandError::Refused(tf(
            key,
            &[
                ("value", value),
                ("allowed", &ALLOWED_SUBCOMMANDS.join(", ")),
            ],
        ))
    };
    let mut words =
        shell_words::split(original).map_err(|_| refuse("cli.ssh.unparsable", original))?;
    if words
        .first()
        .is_some_and(|w| w == "parcours" || w.ends_with("/parcours"))
    {
        words.remove(0);
    }
    if words.is_empty() {
        return Ok(Cli {
            global: GlobalArgs {
                over_ssh: true,
                ..forced.clone()
            },
            command: None,
        });
    }
    if let Some(option) = words.iter().find(|w| {
        FORBIDDEN_OPTIONS
            .iter()
            .any(|o| *w == o || w.starts_with(&format!("{o}=")))
    }) {
        return Err(refuse("cli.ssh.refused_option", option));
    }
    if !ALLOWED_SUBCOMMANDS.contains(&words[0].as_str()) {
        return Err(refuse("cli.ssh.refused_command", &words[0]));
    }
    let typed = words.join(" ");
    let mut cli = Cli::try_parse_from(std::iter::once("parcours".to_owned()).chain(words))
        .map_err(ForcedCommandError::Usage)?;
    if irreversible(cli.command.as_ref()) {
        return Err(refuse("cli.ssh.refused_irreversible", &typed));
    }
    cli.global.as_login = forced.as_login.clone();
    cli.global.db = forced.db.clone();
    cli.global.config = forced.config.clone();
    cli.global.lang = cli.global.lang.or(forced.lang);
    // The output path is checked later, once the key's login is known to be a user:
    // see `cli::export::destination`.
    cli.global.over_ssh = true;
    Ok(cli)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forced() -> GlobalArgs {
        GlobalArgs {
            as_login: Some("alice".into()),
            ..Default::default()
        }
    }

    #[test]
    fn allowed_commands_run_as_the_keys_login() {
        let cli = forced_command(&forced(), "parcours time list --week 2026-W47").unwrap();
        assert_eq!(cli.global.as_login.as_deref(), Some("alice"));
        assert!(cli.global.over_ssh);
        assert!(cli.command.is_some());
        let cli = forced_command(&forced(), "week status --week 2026-W47").unwrap();
        assert!(cli.command.is_some());
        for lifecycle in [
            "participant show P-2026-0001 --format json",
            "participant exit P-2026-0001 --date 2026-11-20 --outcome cdi",
            "participant follow-up P-2026-0001 --date 2026-11-20 --situation ended",
            "participant correct-exit P-2026-0001 --reason Typo --cancel",
            "participant reassign P-2026-0001 --referent bob",
            "report outcomes --from 2026-01-01 --to 2026-12-31 --format csv",
        ] {
            let cli = forced_command(&forced(), lifecycle).unwrap();
            assert!(cli.command.is_some(), "{lifecycle}");
        }
    }

    #[test]
    fn an_empty_command_opens_the_interface() {
        assert!(forced_command(&forced(), "  ").unwrap().command.is_none());
        assert!(
            forced_command(&forced(), "parcours")
                .unwrap()
                .command
                .is_none()
        );
    }

    #[test]
    fn identity_database_and_config_cannot_be_chosen() {
        for cmd in [
            "time list --week 2026-W47 --as bob",
            "time list --week 2026-W47 --as=bob",
            "--db /tmp/other.db time list --week 2026-W47",
            "participant list --config=/tmp/c.toml",
        ] {
            assert!(
                matches!(
                    forced_command(&forced(), cmd),
                    Err(ForcedCommandError::Refused(_))
                ),
                "{cmd}"
            );
        }
    }

    #[test]
    fn other_commands_and_shells_are_refused() {
        for cmd in [
            "bash",
            "sh -c 'id'",
            "user add eve --name Eve",
            "backup /tmp/x.db",
            "init",
            "demo",
            "'unclosed",
            "participant delete P-2026-0001 --reason mistake",
            "gdpr purge --exited-before 2020-01-01",
            "parcours gdpr purge --dry-run --exited-before 2020-01-01",
        ] {
            assert!(
                matches!(
                    forced_command(&forced(), cmd),
                    Err(ForcedCommandError::Refused(_))
                ),
                "{cmd}"
            );
        }
    }

    #[test]
    fn bad_options_of_an_allowed_command_are_usage_errors() {
        assert!(matches!(
            forced_command(&forced(), "time list --wek 2026-W47"),
            Err(ForcedCommandError::Usage(_))
        ));
    }
}

//! The `parcours` binary: parses the command line and runs it.
//!
//! Exit status: 0 on success, 1 on an error (one line on stderr, no backtrace),
//! 2 on a usage error (clap's own status). Warnings are printed after a command
//! that succeeded, never with an error (see [`parcours::cli::warning`]).

use std::process::ExitCode;

use clap::Parser;
use parcours::cli::ssh::{ForcedCommandError, ORIGINAL_COMMAND_VAR, forced_command};
use parcours::cli::{Cli, run, warning};
use parcours::domain::text::printable;
use parcours::i18n::{Lang, set_language, tf};

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    // Through an SSH key's forced command, what the person typed arrives in this variable.
    if cli.command.is_none()
        && let Some(original) = std::env::var_os(ORIGINAL_COMMAND_VAR)
    {
        match forced_command(&cli.global, &original.to_string_lossy()) {
            Ok(forced) => cli = forced,
            Err(ForcedCommandError::Usage(error)) => error.exit(),
            Err(ForcedCommandError::Refused(message)) => {
                set_language(cli.global.lang.unwrap_or_else(Lang::from_env));
                return fail(&message);
            }
        }
    }
    // Panic reports and the interface's own error chains; user-facing errors are printed below.
    let installed = color_eyre::install();
    let result = installed.and_then(|()| run(cli));
    match result {
        Ok(()) => {
            for line in warning::take_lines() {
                eprintln!("{line}");
            }
            ExitCode::SUCCESS
        }
        // The warnings of a failed command are dropped: its one line is the error.
        Err(error) => fail(&error.to_string()),
    }
}

/// Prints an error as one line of stderr and gives the failure status.
///
/// Errors may echo input or stored text: control characters are replaced, so the
/// line stays one line and cannot drive the terminal.
fn fail(message: &str) -> ExitCode {
    let message = printable(&message.replace('\n', " ")).into_owned();
    eprintln!("{}", tf("cli.error_line", &[("message", &message)]));
    ExitCode::FAILURE
}

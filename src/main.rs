//! The `parcours` binary: parses the command line and runs it.
//!
//! Exit status: 0 on success, 1 on an error (one line on stderr, no backtrace),
//! 2 on a usage error (clap's own status).

use std::process::ExitCode;

use clap::Parser;
use parcours::cli::{Cli, run};
use parcours::i18n::tf;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Panic reports and the interface's own error chains; user-facing errors are printed below.
    let installed = color_eyre::install();
    let result = installed.and_then(|()| run(cli));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let message = error.to_string().replace('\n', " ");
            eprintln!("{}", tf("cli.error_line", &[("message", &message)]));
            ExitCode::FAILURE
        }
    }
}

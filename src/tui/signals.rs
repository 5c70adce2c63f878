//! Hang-ups and kills (a dropped SSH link, a shutdown): the terminal is
//! restored and the program ends instead of leaving a dead screen behind.
//!
//! A watcher thread waits for SIGHUP, SIGTERM or SIGINT while the interface
//! runs. Everything the program must do before it dies goes in
//! [`on_termination`], ahead of the terminal's restoration: that is the one
//! place where unsaved work is kept for the next start.

use std::io;
use std::thread::JoinHandle;

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};

use super::terminal;

/// The watcher thread; [`Watcher::stop`] ends it when the interface closes normally.
pub struct Watcher {
    handle: Handle,
    thread: JoinHandle<()>,
}

/// Starts watching for termination signals.
pub fn watch() -> io::Result<Watcher> {
    let mut signals = Signals::new([SIGHUP, SIGTERM, SIGINT])?;
    let handle = signals.handle();
    let thread = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                on_termination(signal);
            }
        })?;
    Ok(Watcher { handle, thread })
}

impl Watcher {
    /// Stops watching (the interface has closed by itself).
    pub fn stop(self) {
        self.handle.close();
        // A watcher that panicked has nothing left to clean up.
        let _ = self.thread.join();
    }
}

/// Ends the program on `signal`: restores the terminal, then exits with the
/// conventional status 128 + signal number.
fn on_termination(signal: i32) -> ! {
    // The program ends either way; a terminal already gone (hang-up) cannot be restored.
    let _ = terminal::restore();
    std::process::exit(128 + signal)
}

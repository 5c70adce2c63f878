//! Hang-ups and kills (a dropped SSH link, a shutdown): the open form's
//! unsaved input is kept as a draft, the terminal is restored and the
//! program ends instead of leaving a dead screen behind.
//!
//! A watcher thread waits for SIGHUP, SIGTERM or SIGINT while the interface
//! runs and then calls [`on_termination`]. A hang-up also breaks the main
//! thread's read of the terminal; when the interface closes after a signal
//! arrived, [`Watcher::stop`] lets the watcher finish rather than racing it
//! to the exit.

use std::io::{self, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;

use signal_hook::SigId;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::{Handle, Signals};

use super::drafts::keeper;
use super::terminal;
use crate::i18n::tf;

/// The signals that end the interface.
const WATCHED: [i32; 3] = [SIGHUP, SIGTERM, SIGINT];

/// The watcher thread; [`Watcher::stop`] ends it when the interface closes normally.
pub struct Watcher {
    handle: Handle,
    thread: JoinHandle<()>,
    received: Arc<AtomicUsize>,
    flags: Vec<SigId>,
}

/// Starts watching for termination signals.
pub fn watch() -> io::Result<Watcher> {
    let received = Arc::new(AtomicUsize::new(0));
    // Set from the signal handler itself: known even before the watcher wakes up.
    let flags = WATCHED
        .iter()
        .map(|&signal| {
            signal_hook::flag::register_usize(signal, Arc::clone(&received), signal as usize)
        })
        .collect::<io::Result<Vec<_>>>()?;
    let mut signals = Signals::new(WATCHED)?;
    let handle = signals.handle();
    let thread = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                on_termination(signal);
            }
        })?;
    Ok(Watcher {
        handle,
        thread,
        received,
        flags,
    })
}

impl Watcher {
    /// Stops watching (the interface has closed by itself). When a signal
    /// has arrived meanwhile, waits for the watcher instead: it keeps the
    /// draft and ends the program with the signal's status.
    pub fn stop(self) {
        if self.received.load(Ordering::SeqCst) == 0 {
            self.handle.close();
        }
        for id in self.flags {
            signal_hook::low_level::unregister(id);
        }
        // A watcher that panicked has nothing left to clean up.
        let _ = self.thread.join();
    }
}

/// Ends the program on `signal`: keeps the open form's unsaved input,
/// restores the terminal, then exits with the conventional status 128 +
/// signal number.
fn on_termination(signal: i32) -> ! {
    let kept = keeper::keep(true);
    // The program ends either way; a terminal already gone (hang-up) cannot be restored.
    let _ = terminal::restore();
    if let Err(e) = kept {
        // After a hang-up nobody reads this, and a failed write changes nothing.
        let _ = writeln!(
            io::stderr(),
            "parcours: {}",
            tf("drafts.keep_failed", &[("error", &e.to_string())])
        );
    }
    std::process::exit(128 + signal)
}

//! Warnings of a command, held back until it succeeds.
//!
//! A command that fails prints exactly one line on stderr, its error: a warning
//! met on the way (a database readable by others, a possible duplicate) would
//! make it two, and a script reading stderr would take the warning for the
//! cause. So warnings are queued here and `main` prints them only when the
//! command succeeded; after a failure they are dropped with the rest of its work.

use std::sync::Mutex;

use crate::i18n::tf;

/// The warnings of the running command, in the order they were raised.
static PENDING: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Queues a translated warning for the end of a successful command.
pub fn warn(message: String) {
    // A poisoned lock only means a panic elsewhere, which ends the run anyway.
    if let Ok(mut pending) = PENDING.lock() {
        pending.push(message);
    }
}

/// Takes the queued warnings, each as the full stderr line (`warning: …`).
pub fn take_lines() -> Vec<String> {
    let pending = PENDING
        .lock()
        .map(|mut p| std::mem::take(&mut *p))
        .unwrap_or_default();
    pending
        .iter()
        .map(|message| tf("cli.warning_line", &[("message", message)]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_come_out_once_in_order() {
        warn("first".into());
        warn("second".into());
        let lines = take_lines();
        assert_eq!(lines.len(), 2);
        assert!(lines[0].ends_with("first") && lines[1].ends_with("second"));
        assert!(take_lines().is_empty());
    }
}

//! The real binary in a pseudo-terminal: `parcours demo` opens the caseload,
//! `?` shows the help, `Esc` closes it, `q` quits with status 0 and the
//! terminal restored; a resize redraws; SIGTERM and SIGHUP restore the
//! terminal too.
//! What the program writes is fed to a terminal emulator (vt100) whose
//! screen the tests read.

#[path = "common/pty.rs"]
mod pty;

use std::time::Duration;

use pty::Pty as Session;

/// How long the demo may take to generate its database and show the caseload.
const START_TIMEOUT: Duration = Duration::from_secs(20);
/// How long a key may take to show its effect, or the program to exit.
const STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// Leaving the alternate screen.
const LEAVE_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049l";
/// Entering the alternate screen.
const ENTER_ALTERNATE_SCREEN: &[u8] = b"\x1b[?1049h";
/// Start of a synchronized frame (DEC mode 2026).
const BEGIN_SYNCHRONIZED: &[u8] = b"\x1b[?2026h";

/// Checks that the terminal is back as it was: normal screen, cursor shown, and the
/// last alternate-screen switch in the output is the one that leaves it.
fn assert_restored(session: &Session) {
    assert!(!session.alternate_screen(), "still on the alternate screen");
    assert!(!session.cursor_hidden(), "cursor still hidden");
    let output = session.output();
    let last = |pattern: &[u8]| output.windows(pattern.len()).rposition(|w| w == pattern);
    let left = last(LEAVE_ALTERNATE_SCREEN).expect("alternate screen never left");
    let entered = last(ENTER_ALTERNATE_SCREEN).expect("alternate screen never entered");
    assert!(
        left > entered,
        "the last alternate-screen switch is not the exit"
    );
}

/// The whole first frame is in: title, list, count line and, last, the hint line (a
/// read may otherwise land between two writes of the frame on a loaded machine).
fn caseload_shown(screen: &str) -> bool {
    screen.contains("Caseload")
        && screen.contains("P-20")
        && screen.contains("shown")
        && screen.contains("q Quit")
}

#[test]
fn demo_shows_caseload_and_help_then_quits_restoring_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::demo(dir.path());
    session.wait_for("the caseload", START_TIMEOUT, caseload_shown);
    assert!(session.alternate_screen());
    assert!(session.cursor_hidden());
    let output = session.output();
    assert!(
        output
            .windows(BEGIN_SYNCHRONIZED.len())
            .any(|w| w == BEGIN_SYNCHRONIZED),
        "frames are not wrapped in synchronized output"
    );
    let screen = session.screen();
    assert!(
        screen.contains("Referent") && screen.contains("2026-11-23"),
        "{screen}"
    );
    assert!(
        screen.contains("? Help") && screen.contains("q Quit"),
        "{screen}"
    );
    let days_since_contact = |token: &str| {
        token
            .strip_suffix('d')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    assert!(
        screen.split_whitespace().any(days_since_contact),
        "no days since last contact shown:\n{screen}"
    );

    session.press(b"?");
    session.wait_for("the help", STEP_TIMEOUT, |s| {
        s.contains("Keys") && s.contains("Alert markers") && s.contains("Up/Down scroll")
    });
    // The key list scrolls to its end, where quitting is.
    session.press(b"\x1b[F");
    session.wait_for("the end of the key list", STEP_TIMEOUT, |s| {
        s.contains("q, Ctrl-C") && s.contains("0 below")
    });
    assert!(
        session.screen().contains("+ Help -"),
        "ASCII borders under LANG=C"
    );

    session.press(b"\x1b");
    session.wait_for("the help to close", STEP_TIMEOUT, |s| {
        !s.contains("Alert markers") && caseload_shown(s)
    });

    session.press(b"q");
    let status = session.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    assert_restored(&session);
}

#[test]
fn resizing_redraws_and_too_small_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::demo(dir.path());
    session.wait_for("the caseload", START_TIMEOUT, caseload_shown);

    session.resize(70, 20);
    session.wait_for("the too-small message", STEP_TIMEOUT, |s| {
        s.starts_with("Terminal too small: 70x20")
    });
    session.resize(100, 30);
    session.wait_for("the caseload at 100×30", STEP_TIMEOUT, |s| {
        caseload_shown(s)
            && !s.contains("too small")
            && s.lines().nth(28).is_some_and(|l| l.contains("shown"))
    });

    session.press(b"q");
    assert!(session.wait_exit().success());
    assert_restored(&session);
}

#[test]
fn hang_up_and_termination_signals_restore_the_terminal() {
    for (signal, number) in [("TERM", 15), ("HUP", 1)] {
        let dir = tempfile::tempdir().unwrap();
        let mut session = Session::demo(dir.path());
        session.wait_for("the caseload", START_TIMEOUT, caseload_shown);
        let pid = session.process_id().expect("child pid");
        let sent = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = session.wait_exit();
        assert_eq!(status.exit_code(), 128 + number, "SIG{signal}: {status:?}");
        assert_restored(&session);
    }
}

//! The real binary in a pseudo-terminal: `parcours demo` opens the caseload,
//! `?` shows the help, `Esc` closes it, `q` quits with status 0 and the
//! terminal restored; a resize redraws; SIGTERM and SIGHUP restore the
//! terminal too.
//! What the program writes is fed to a terminal emulator (vt100) whose
//! screen the tests read.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

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

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// The program running in a pseudo-terminal, and what it has written so far.
struct Session {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    output: Arc<Mutex<Vec<u8>>>,
    reader: Option<JoinHandle<()>>,
}

impl Session {
    /// Starts `parcours --db DIR/demo.db demo` in an 80×24 terminal, LANG=C, today pinned.
    fn demo(dir: &Path) -> Self {
        let pty = native_pty_system().openpty(size(80, 24)).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_parcours"));
        cmd.arg("--db");
        cmd.arg(dir.join("demo.db"));
        cmd.arg("demo");
        cmd.cwd(dir);
        for var in [
            "PARCOURS_DB",
            "PARCOURS_CONFIG",
            "LC_ALL",
            "LC_CTYPE",
            "NO_COLOR",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("LANG", "C");
        cmd.env("TERM", "xterm-256color");
        cmd.env("PARCOURS_TODAY", "2026-11-23");
        cmd.env("XDG_CONFIG_HOME", dir.join("config"));
        cmd.env("XDG_DATA_HOME", dir.join("data"));
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(24, 80, 0)));
        let output = Arc::new(Mutex::new(Vec::new()));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let (parser_in, output_in) = (Arc::clone(&parser), Arc::clone(&output));
        let reader = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                parser_in.lock().unwrap().process(&buf[..n]);
                output_in.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Self {
            master: pty.master,
            child,
            writer,
            parser,
            output,
            reader: Some(reader),
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `ready`; fails with the screen as it is.
    fn wait_for(&self, what: &str, timeout: Duration, ready: impl Fn(&str) -> bool) {
        let start = Instant::now();
        while start.elapsed() < timeout {
            if ready(&self.screen()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.screen());
    }

    fn press(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    fn resize(&self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        self.master.resize(size(cols, rows)).unwrap();
    }

    /// Waits for the program to end, then for the rest of its output.
    fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < STEP_TIMEOUT,
                "the program did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        if let Some(reader) = self.reader.take() {
            while !reader.is_finished() && start.elapsed() < STEP_TIMEOUT {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        status
    }

    /// Checks that the terminal is back as it was: normal screen, cursor shown.
    fn assert_restored(&self) {
        let parser = self.parser.lock().unwrap();
        assert!(
            !parser.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!parser.screen().hide_cursor(), "cursor still hidden");
        let output = self.output.lock().unwrap();
        let last = |pattern: &[u8]| output.windows(pattern.len()).rposition(|w| w == pattern);
        let left = last(LEAVE_ALTERNATE_SCREEN).expect("alternate screen never left");
        let entered = last(ENTER_ALTERNATE_SCREEN).expect("alternate screen never entered");
        assert!(
            left > entered,
            "the last alternate-screen switch is not the exit"
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            // A test that failed half-way must not leave the program running.
            let _ = self.child.kill();
        }
    }
}

fn caseload_shown(screen: &str) -> bool {
    screen.contains("Caseload") && screen.contains("P-20") && screen.contains("shown")
}

#[test]
fn demo_shows_caseload_and_help_then_quits_restoring_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let mut session = Session::demo(dir.path());
    session.wait_for("the caseload", START_TIMEOUT, caseload_shown);
    {
        let parser = session.parser.lock().unwrap();
        assert!(parser.screen().alternate_screen());
        assert!(parser.screen().hide_cursor());
    }
    let output = session.output.lock().unwrap().clone();
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
    session.assert_restored();
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
    session.assert_restored();
}

#[test]
fn hang_up_and_termination_signals_restore_the_terminal() {
    for (signal, number) in [("TERM", 15), ("HUP", 1)] {
        let dir = tempfile::tempdir().unwrap();
        let mut session = Session::demo(dir.path());
        session.wait_for("the caseload", START_TIMEOUT, caseload_shown);
        let pid = session.child.process_id().expect("child pid");
        let sent = std::process::Command::new("kill")
            .args([format!("-{signal}"), pid.to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = session.wait_exit();
        assert_eq!(status.exit_code(), 128 + number, "SIG{signal}: {status:?}");
        session.assert_restored();
    }
}

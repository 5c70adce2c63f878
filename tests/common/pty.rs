//! The real `parcours` binary in a pseudo-terminal, and the screen it draws (vt100).
//!
//! Shared by the end-to-end tests: a clean environment (English, a pinned
//! today, no configuration or database from the environment), keys sent as
//! bytes, the screen read back as text, and the raw output kept for checks
//! on what was written to the terminal.

#![allow(dead_code)] // Each test binary that includes this uses a different part of it.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// Tab: the next field.
pub const TAB: &[u8] = b"\t";
/// Shift+Tab: the previous field.
pub const SHIFT_TAB: &[u8] = b"\x1b[Z";
/// Enter, as a terminal sends it.
pub const ENTER: &[u8] = b"\r";
/// Ctrl+S: save the form.
pub const CTRL_S: &[u8] = b"\x13";
/// Ctrl+U: clear the field.
pub const CTRL_U: &[u8] = b"\x15";

/// How long the program may take to exit once asked.
const EXIT_TIMEOUT: Duration = Duration::from_secs(20);

fn size(cols: u16, rows: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

/// The program running in an 80×24 pseudo-terminal, and what it has written so far.
pub struct Pty {
    master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    parser: Arc<Mutex<vt100::Parser>>,
    output: Arc<Mutex<Vec<u8>>>,
    reader: Option<JoinHandle<()>>,
}

impl Pty {
    /// Starts `parcours ARGS` in `dir`, with LANG=C and today pinned to `today`.
    pub fn spawn<S: AsRef<OsStr>>(dir: &Path, today: &str, args: &[S]) -> Self {
        let pty = native_pty_system().openpty(size(80, 24)).unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_parcours"));
        cmd.args(args);
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
        cmd.env("PARCOURS_TODAY", today);
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

    /// Starts `parcours --db DIR/demo.db demo` (generating the demo) with today 2026-11-23.
    pub fn demo(dir: &Path) -> Self {
        let db = dir.join("demo.db");
        Self::spawn(
            dir,
            "2026-11-23",
            &[OsStr::new("--db"), db.as_os_str(), OsStr::new("demo")],
        )
    }

    /// The screen as text.
    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `ready` and returns it; fails with the screen as it is.
    pub fn wait_for(&self, what: &str, timeout: Duration, ready: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        while start.elapsed() < timeout {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        panic!("timed out waiting for {what}; screen:\n{}", self.screen());
    }

    /// Sends bytes as typed keys.
    pub fn press(&mut self, keys: &[u8]) {
        self.writer.write_all(keys).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resizes the terminal (the program gets SIGWINCH).
    pub fn resize(&self, cols: u16, rows: u16) {
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(rows, cols);
        self.master.resize(size(cols, rows)).unwrap();
    }

    /// The program's process id (to send it signals).
    pub fn process_id(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// Waits for the program to end, then for the rest of its output.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                break status;
            }
            assert!(
                start.elapsed() < EXIT_TIMEOUT,
                "the program did not exit; screen:\n{}",
                self.screen()
            );
            std::thread::sleep(Duration::from_millis(30));
        };
        if let Some(reader) = self.reader.take() {
            while !reader.is_finished() && start.elapsed() < EXIT_TIMEOUT {
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        status
    }

    /// Whether the terminal shows the alternate screen.
    pub fn alternate_screen(&self) -> bool {
        self.parser.lock().unwrap().screen().alternate_screen()
    }

    /// Whether the cursor is hidden.
    pub fn cursor_hidden(&self) -> bool {
        self.parser.lock().unwrap().screen().hide_cursor()
    }

    /// Every byte the program wrote to the terminal so far.
    pub fn output(&self) -> Vec<u8> {
        self.output.lock().unwrap().clone()
    }

    /// How many bytes the program wrote to the terminal so far: a mark for [`Pty::written_since`].
    pub fn written(&self) -> usize {
        self.output.lock().unwrap().len()
    }

    /// How many bytes the program wrote since `mark` (a value of [`Pty::written`]).
    pub fn written_since(&self, mark: usize) -> usize {
        self.written() - mark
    }

    /// How many frames the program finished writing since `mark`: each ends
    /// its synchronized output (DEC mode 2026).
    pub fn frames_since(&self, mark: usize) -> usize {
        const END_OF_FRAME: &[u8] = b"\x1b[?2026l";
        let output = self.output.lock().unwrap();
        output[mark.min(output.len())..]
            .windows(END_OF_FRAME.len())
            .filter(|w| *w == END_OF_FRAME)
            .count()
    }

    /// Waits until `frames` frames were written since `mark`; returns whether they were in time.
    pub fn wait_frames(&self, mark: usize, frames: usize, timeout: Duration) -> bool {
        let start = Instant::now();
        while self.frames_since(mark) < frames {
            if start.elapsed() >= timeout {
                return false;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        true
    }

    /// The emulated terminal screen as it is now, cells and attributes.
    pub fn vt_screen(&self) -> vt100::Screen {
        self.parser.lock().unwrap().screen().clone()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            // A test that failed half-way must not leave the program running.
            let _ = self.child.kill();
        }
    }
}

//! The real `parcours` binary in an 80×24 pseudo-terminal on the large demo database
//! (`PARCOURS_BENCH_SIZE`, 2,000 participants × 7 years by default, `10000x10` for issue 19),
//! as the referent `demo` and as the coordinator `coord`:
//!
//! - launch to first complete frame: from spawning the process to the end of its first
//!   synchronized frame (`ESC [ ? 2026 l`) on the terminal, over several runs;
//! - key to frame, for every screen and every kind of key: from writing a key to the
//!   terminal to the end of the frame it causes (moves, page down, a filter keystroke,
//!   opening a file and its sections, each screen key, leaving a screen with `Esc` or `1`);
//! - peak resident memory (`VmHWM` of `/proc/PID/status`, Linux) after that walk through
//!   every screen, just before quitting.
//!
//! `cargo bench --bench startup`; `PARCOURS_BENCH_SIZE=10000x10 cargo bench --bench startup`
//! for the 10,000 × 10 figures (the database is generated once and cached, see
//! `support/mod.rs`); `PARCOURS_BENCH_DB=PATH` names the database instead.

mod support;

use std::io::{Read, Write};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

/// Launches measured per actor.
const RUNS: usize = 15;
/// The end of a synchronized frame: the frame is complete on the terminal.
const FRAME_END: &[u8] = b"\x1b[?2026l";
/// How long a frame may take before the measurement gives up.
const PATIENCE: Duration = Duration::from_secs(10);
/// The referent of the demo and the coordinator (who sees every participant).
const ACTORS: [&str; 2] = ["demo", "coord"];

/// The targets of issues 7 and 19.
const FIRST_FRAME_TARGET: Duration = Duration::from_millis(50);
/// One frame at 60 Hz: what any key may cost at most.
const FRAME_60HZ: Duration = Duration::from_millis(16);
const PEAK_RSS_TARGET_KB: u64 = 16 * 1024;

/// One `parcours` process in a pseudo-terminal, and the frames it has drawn.
struct Run {
    _master: Box<dyn MasterPty + Send>,
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    output: Receiver<(Instant, Vec<u8>)>,
    seen: Vec<u8>,
    frames: usize,
}

impl Run {
    /// Starts `parcours --db DB --as ACTOR` and returns it with the instant of the spawn.
    fn spawn(db: &support::BigDb, actor: &str) -> (Self, Instant) {
        let size = PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        };
        let pty = native_pty_system()
            .openpty(size)
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_parcours"));
        cmd.arg("--db");
        cmd.arg(db.path());
        cmd.args(["--as", actor]);
        let dir = db.path().parent().expect("the file's directory");
        cmd.cwd(dir);
        for var in ["PARCOURS_DB", "PARCOURS_CONFIG", "LC_ALL", "NO_COLOR"] {
            cmd.env_remove(var);
        }
        cmd.env("LANG", "C");
        cmd.env("TERM", "xterm-256color");
        cmd.env("PARCOURS_TODAY", "2026-11-23");
        cmd.env("XDG_CONFIG_HOME", dir.join("config"));
        cmd.env("XDG_DATA_HOME", dir.join("data"));
        let mut reader = pty.master.try_clone_reader().expect("a reader");
        let writer = pty.master.take_writer().expect("a writer");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 16 * 1024];
            while let Ok(n @ 1..) = reader.read(&mut buf) {
                if tx.send((Instant::now(), buf[..n].to_vec())).is_err() {
                    break;
                }
            }
        });
        let start = Instant::now();
        let child = pty.slave.spawn_command(cmd).expect("spawn parcours");
        drop(pty.slave);
        let run = Self {
            _master: pty.master,
            child,
            writer,
            output,
            seen: Vec::new(),
            frames: 0,
        };
        (run, start)
    }

    /// Waits for the end of the next frame and returns when it reached the terminal.
    fn next_frame(&mut self, after: &str) -> Instant {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok((at, bytes)) => {
                    self.seen.extend_from_slice(&bytes);
                    let frames = self
                        .seen
                        .windows(FRAME_END.len())
                        .filter(|w| *w == FRAME_END)
                        .count();
                    if frames > self.frames {
                        self.frames = frames;
                        return at;
                    }
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!("no frame within {PATIENCE:?} after {after}")
                }
                Err(RecvTimeoutError::Disconnected) => panic!("parcours exited"),
            }
        }
    }

    /// Types `keys` and returns the time until the frame they cause is complete.
    fn key(&mut self, keys: &[u8]) -> Duration {
        self.drain();
        let sent = Instant::now();
        self.writer.write_all(keys).expect("type");
        self.writer.flush().expect("type");
        self.next_frame(&format!("{keys:?}")) - sent
    }

    /// Takes in what arrived since the last frame (nothing should have).
    fn drain(&mut self) {
        while let Ok((_, bytes)) = self.output.try_recv() {
            self.seen.extend_from_slice(&bytes);
        }
    }

    /// The process's peak resident set size so far, in KiB (Linux).
    fn peak_rss_kb(&self) -> Option<u64> {
        let pid = self.child.process_id()?;
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }

    /// Quits with `q` and waits for the process to end.
    fn quit(mut self) {
        self.writer.write_all(b"q").expect("type q");
        self.writer.flush().expect("type q");
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait for parcours") {
                assert!(status.success(), "parcours exited with {status:?}");
                return;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.child.kill();
        panic!("parcours did not quit within {PATIENCE:?}");
    }
}

/// Minimum, median and maximum.
fn spread(mut values: Vec<Duration>) -> (Duration, Duration, Duration) {
    values.sort();
    (
        values[0],
        values[values.len() / 2],
        values[values.len() - 1],
    )
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn verdict(ok: bool) -> &'static str {
    if ok { "ok" } else { "MISSED" }
}

/// Prints one line: what, minimum / median / maximum, the target and whether the median meets it.
fn report(what: &str, actor: &str, values: Vec<Duration>, target: Duration) {
    let (min, median, max) = spread(values);
    println!(
        "{what:<34} {actor:<6} min {:>9}  median {:>9}  max {:>9}  target {:>8}  {}",
        ms(min),
        ms(median),
        ms(max),
        ms(target),
        verdict(median <= target)
    );
}

const DOWN: &[u8] = b"j";
const UP: &[u8] = b"k";
const ENTER: &[u8] = b"\r";
const ESC: &[u8] = b"\x1b";
const TAB: &[u8] = b"\t";
const RIGHT: &[u8] = b"\x1b[C";
const LEFT: &[u8] = b"\x1b[D";
const PAGE_DOWN: &[u8] = b"\x1b[6~";
const PAGE_UP: &[u8] = b"\x1b[5~";
const BACKSPACE: &[u8] = b"\x7f";

/// Who a scenario is measured for.
#[derive(Clone, Copy, PartialEq)]
enum Who {
    Both,
    Coordinator,
    Referent,
}

/// One kind of key on one screen, measured `RUNS` times.
struct Scenario {
    what: &'static str,
    who: Who,
    /// Keys pressed once before the measures (not timed).
    before: &'static [&'static [u8]],
    /// Keys pressed before each measured key (not timed).
    each: &'static [&'static [u8]],
    /// The measured keys, in turn (a move down, then back up...).
    timed: &'static [&'static [u8]],
    /// Keys pressed after each measured key (not timed).
    undo: &'static [&'static [u8]],
    /// Keys pressed once after the measures, back to the caseload (not timed).
    after: &'static [&'static [u8]],
    target: Duration,
}

/// Every screen and every kind of key, starting and ending on the caseload with nothing open.
const SCENARIOS: &[Scenario] = &[
    Scenario {
        what: "caseload: move the selection",
        who: Who::Both,
        before: &[],
        each: &[],
        timed: &[DOWN, UP],
        undo: &[],
        after: &[],
        target: Duration::from_millis(2),
    },
    Scenario {
        what: "caseload: page down / up",
        who: Who::Both,
        before: &[],
        each: &[],
        timed: &[PAGE_DOWN, PAGE_UP],
        undo: &[],
        after: &[],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "filter keystroke",
        who: Who::Both,
        before: &[b"/"],
        each: &[],
        timed: &[b"r", BACKSPACE],
        undo: &[],
        after: &[ESC],
        target: Duration::from_millis(5),
    },
    Scenario {
        what: "open a participant file",
        who: Who::Both,
        before: &[],
        each: &[],
        timed: &[ENTER],
        undo: &[ESC],
        after: &[],
        target: Duration::from_millis(10),
    },
    Scenario {
        what: "file: next section (Tab)",
        who: Who::Both,
        before: &[ENTER],
        each: &[],
        timed: &[TAB],
        undo: &[],
        after: &[ESC],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "agenda (2)",
        who: Who::Both,
        before: &[],
        each: &[],
        timed: &[b"2"],
        undo: &[b"1"],
        after: &[],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "agenda: next / previous day",
        who: Who::Both,
        before: &[b"2"],
        each: &[],
        timed: &[RIGHT, LEFT],
        undo: &[],
        after: &[b"1"],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "back to the caseload (1)",
        who: Who::Both,
        before: &[],
        each: &[b"2"],
        timed: &[b"1"],
        undo: &[],
        after: &[],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "time screen (3)",
        who: Who::Both,
        before: &[],
        each: &[],
        timed: &[b"3"],
        undo: &[ESC],
        after: &[],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "time: next / previous day",
        who: Who::Referent,
        before: &[b"3"],
        each: &[],
        timed: &[RIGHT, LEFT],
        undo: &[],
        after: &[ESC],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "time: move (referents' weeks)",
        who: Who::Coordinator,
        before: &[b"3"],
        each: &[],
        timed: &[DOWN, UP],
        undo: &[],
        after: &[ESC],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "time: previous / next week",
        who: Who::Both,
        before: &[b"3"],
        each: &[],
        timed: &[b"[", b"]"],
        undo: &[],
        after: &[ESC],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "leave the time screen (Esc)",
        who: Who::Both,
        before: &[],
        each: &[b"3"],
        timed: &[ESC],
        undo: &[],
        after: &[],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "dashboard (4)",
        who: Who::Both,
        before: &[],
        each: &[],
        timed: &[b"4"],
        undo: &[b"1"],
        after: &[],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "dashboard: move",
        who: Who::Both,
        before: &[b"4"],
        each: &[],
        timed: &[DOWN, UP],
        undo: &[],
        after: &[b"1"],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "audit log (5)",
        who: Who::Coordinator,
        before: &[],
        each: &[],
        timed: &[b"5"],
        undo: &[b"1"],
        after: &[],
        target: FRAME_60HZ,
    },
    Scenario {
        what: "audit log: move",
        who: Who::Coordinator,
        before: &[b"5"],
        each: &[],
        timed: &[DOWN, UP],
        undo: &[],
        after: &[b"1"],
        target: FRAME_60HZ,
    },
];

impl Scenario {
    fn applies_to(&self, actor: &str) -> bool {
        match self.who {
            Who::Both => true,
            Who::Coordinator => actor == "coord",
            Who::Referent => actor != "coord",
        }
    }

    /// Measures the scenario `RUNS` times in `run`, which is on the caseload.
    fn measure(&self, run: &mut Run) -> Vec<Duration> {
        let press = |run: &mut Run, keys: &[&[u8]]| {
            for key in keys {
                run.key(key);
            }
        };
        press(run, self.before);
        let times = (0..RUNS)
            .map(|i| {
                press(run, self.each);
                let time = run.key(self.timed[i % self.timed.len()]);
                press(run, self.undo);
                time
            })
            .collect();
        press(run, self.after);
        times
    }
}

fn main() {
    let db = support::big_db();
    println!(
        "parcours in an 80x24 pty, {RUNS} runs per line, {}, on {}",
        db.describe(),
        db.path().display()
    );
    for actor in ACTORS {
        let launches = (0..RUNS)
            .map(|_| {
                let (mut run, start) = Run::spawn(&db, actor);
                let first = run.next_frame("launch") - start;
                run.quit();
                first
            })
            .collect();
        report("launch to first frame", actor, launches, FIRST_FRAME_TARGET);
    }
    for actor in ACTORS {
        let (mut run, _) = Run::spawn(&db, actor);
        run.next_frame("launch");
        for scenario in SCENARIOS.iter().filter(|s| s.applies_to(actor)) {
            let times = scenario.measure(&mut run);
            report(scenario.what, actor, times, scenario.target);
        }
        match run.peak_rss_kb() {
            Some(kb) => println!(
                "{:<34} {actor:<6} {:>6.1} MiB{:>47}  {}",
                "peak resident memory",
                kb as f64 / 1024.0,
                "target 16.0 MiB",
                verdict(kb <= PEAK_RSS_TARGET_KB)
            ),
            None => println!("peak resident memory: /proc not available"),
        }
        run.quit();
    }
}

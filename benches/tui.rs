//! The interface in process, on the large demo database (2,000 participants, 7 years),
//! drawn into ratatui's `TestBackend` at 80×24: launch to first frame, one filter
//! keystroke, screen switches, opening a participant file.
//!
//! The launch, the filter and the file run as the referent `demo` (their own caseload) and
//! as the coordinator `coord` (the whole PLIE, the largest caseload).
//!
//! `cargo bench --bench tui`; `PARCOURS_BENCH_DB=PATH` reuses a generated database.

mod support;

use std::path::PathBuf;
use std::sync::OnceLock;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use divan::Bencher;
use parcours::config::Config;
use parcours::i18n::{Lang, set_language};
use parcours::tui::{App, Input, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// The benchmark database, set once by `main` before the benchmarks run.
static DB: OnceLock<PathBuf> = OnceLock::new();

/// The referent of the demo and the coordinator (who sees every participant).
const ACTORS: [&str; 2] = ["demo", "coord"];

fn main() {
    set_language(Lang::En);
    let db = support::big_db();
    DB.get_or_init(|| db.path().to_owned());
    divan::main();
    drop(db);
}

/// The user's configuration: the defaults (the demo's time zone is a setting of its database).
fn config() -> Config {
    Config::default()
}

/// Everything from opening the file to the first frame, as `parcours` does at start.
fn launch(actor: &str) -> (App, Terminal<TestBackend>) {
    let path = DB.get().expect("main sets the database");
    let db = parcours::store::Database::open(path).expect("open");
    let session = db.session(actor, support::today()).expect("session");
    let mut app = App::new(session, &config()).expect("app");
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    app.update(Input::Resize(80, 24));
    terminal.draw(|f| render(&app, f)).expect("draw");
    (app, terminal)
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Applies a key and draws the frame that follows, as the event loop does.
fn press(app: &mut App, terminal: &mut Terminal<TestBackend>, code: KeyCode) {
    if app.key(key(code)) {
        terminal.draw(|f| render(app, f)).expect("draw");
    }
}

/// Open the database (migrations checked), start the session, read the caseload, draw.
#[divan::bench(args = ACTORS, sample_count = 20)]
fn launch_to_first_frame(actor: &str) -> (App, Terminal<TestBackend>) {
    launch(actor)
}

/// One character typed in the caseload filter (`ma` ↔ `mar`, alternately typed and
/// erased), with its frame.
#[divan::bench(args = ACTORS)]
fn filter_keystroke(bencher: Bencher, actor: &str) {
    let (mut app, mut terminal) = launch(actor);
    for code in [KeyCode::Char('/'), KeyCode::Char('m'), KeyCode::Char('a')] {
        press(&mut app, &mut terminal, code);
    }
    let mut typed = false;
    bencher.bench_local(|| {
        let code = if typed {
            KeyCode::Backspace
        } else {
            KeyCode::Char('r')
        };
        typed = !typed;
        press(&mut app, &mut terminal, code);
    });
}

/// One screen switch with its frame, from the caseload (`1`) to the screen named (`2`
/// agenda, `3` time, `4` dashboard), as the referent `demo`: each sample starts from a
/// freshly launched caseload (not timed).
#[divan::bench(args = ['2', '3', '4'], sample_count = 20, sample_size = 1)]
fn switch_screen(bencher: Bencher, screen: char) {
    bencher
        .with_inputs(|| launch("demo"))
        .bench_local_values(|(mut app, mut terminal)| {
            press(&mut app, &mut terminal, KeyCode::Char(screen));
            (app, terminal)
        });
}

/// `Enter` on the first participant of the caseload alone, with its frame: each
/// sample starts from a freshly launched caseload (not timed).
#[divan::bench(args = ACTORS, sample_count = 20, sample_size = 1)]
fn open_file(bencher: Bencher, actor: &str) {
    bencher
        .with_inputs(|| launch(actor))
        .bench_local_values(|(mut app, mut terminal)| {
            press(&mut app, &mut terminal, KeyCode::Enter);
            (app, terminal)
        });
}

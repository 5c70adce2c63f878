//! The terminal interface, in the Elm pattern: a key becomes an [`Action`]
//! through the [`keymap`], [`App::update`] applies it (and may call the
//! store), and [`render`] draws the state, purely.
//!
//! [`terminal`] is the only module that writes to the terminal;
//! [`event_loop`] blocks on input and draws only when the state changed.

pub mod action;
pub mod agenda;
pub mod app;
pub mod caseload;
pub mod caseload_screen;
pub mod cell_writer;
pub mod dashboard;
pub mod drafts;
pub mod event_loop;
pub mod file;
pub mod filter;
pub mod import;
pub mod keymap;
pub mod palette;
pub mod pen;
pub mod render;
pub mod screen;
pub mod screens;
pub mod scroll_region;
pub mod show;
pub mod signals;
pub mod status;
pub mod store_text;
pub mod terminal;
pub mod theme;
pub mod time;
pub mod widgets;

pub use action::{Action, Input};
pub use app::App;
pub use render::render;
pub use theme::Theme;

use crate::config::Config;
use crate::store::Session;

/// Opens the interface on `session` and runs it until the user quits.
///
/// The terminal is restored on every way out: quitting, an error, a panic,
/// or a hang-up / kill signal. While it runs, the open form's unsaved input
/// is kept as a draft within two seconds of the last change (a silent drop
/// sends no signal); on all ways out but quitting that draft stays, offered
/// back at the next start.
pub fn run(session: Session, config: &Config, over_ssh: bool) -> color_eyre::Result<()> {
    let place = drafts::keeper::Place::of(&session);
    let mut app = App::new(session, config)?.over_ssh(over_ssh);
    if let Some(place) = place {
        drafts::keeper::arm(place)?;
    }
    let mut tui = terminal::Tui::enter()?;
    let watcher = signals::watch()?;
    let result = event_loop::run(&mut tui, &mut app);
    drop(tui);
    watcher.stop();
    let closing = if result.is_err() {
        // The terminal failed (gone with the link): keep the form as a hang-up would.
        // The terminal's error is the one to report.
        let _ = drafts::keeper::keep(true);
        drafts::keeper::Closing::Kept
    } else {
        drafts::keeper::Closing::Quit
    };
    drafts::keeper::disarm(closing);
    Ok(result?)
}

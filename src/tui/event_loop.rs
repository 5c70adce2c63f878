//! The loop: wait for input, update the state, draw when it changed.
//!
//! It blocks on the terminal's input: no tick, no timer, nothing drawn and
//! no CPU used while the user does nothing. Input that is already waiting
//! (a held key) is all applied before the next frame, so key repeats cost
//! one frame, not one each.
//!
//! After each batch that changed something, the open form's unsaved input is
//! handed to the draft [`keeper`] (when it differs from the last one), whose
//! own thread writes it after a pause in typing, so a lost connection or a
//! crash loses nothing; the loop itself still keeps no timer.

use std::io;
use std::time::Duration;

use crossterm::event::{self, Event};

use super::action::Input;
use super::app::App;
use super::drafts::keeper;
use super::render::render;
use super::terminal::Tui;

/// What a batch of input did to the screen.
#[derive(Default)]
struct Redraw {
    changed: bool,
    resized: bool,
}

/// Runs until the user quits; returns the first input or output error.
pub fn run(tui: &mut Tui, app: &mut App) -> io::Result<()> {
    let size = tui.size()?;
    app.update(Input::Resize(size.width, size.height));
    tui.draw(false, |frame| render(app, frame))?;
    let mut published = None;
    loop {
        let mut redraw = Redraw::default();
        apply(app, event::read()?, &mut redraw);
        while !app.should_quit() && event::poll(Duration::ZERO)? {
            apply(app, event::read()?, &mut redraw);
        }
        if app.should_quit() {
            return Ok(());
        }
        if redraw.changed {
            let draft = app.unsaved_draft();
            if draft != published {
                keeper::publish(draft.clone());
                published = draft;
            }
            tui.draw(redraw.resized, |frame| render(app, frame))?;
        }
    }
}

fn apply(app: &mut App, event: Event, redraw: &mut Redraw) {
    let changed = match event {
        Event::Key(key) => app.key(key),
        Event::Resize(width, height) => {
            redraw.resized = true;
            app.update(Input::Resize(width, height))
        }
        _ => false,
    };
    redraw.changed |= changed;
}

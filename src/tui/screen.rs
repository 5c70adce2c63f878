//! The one protocol between the application and its screens.
//!
//! The application resolves a key once (the keymap's [`Action`] for it),
//! lets the overlays (help, the draft offer) answer first, then hands the key
//! to the screen shown through [`Screen::key`]. The screen answers with an
//! [`Outcome`]: it handled the key (and whether to redraw), it leaves it to
//! the application's global commands (screen keys, help, quit), or it asks
//! the application to go somewhere ([`Route`]). Nothing else crosses the
//! boundary, so a new screen or mode adds match arms in its own module only.

use chrono_tz::Tz;
use crossterm::event::KeyEvent;

use super::action::Action;
use super::drafts::Draft;
use crate::domain::agenda::Appointment;
use crate::domain::journal::Alert;
use crate::store::Session;

/// What a screen gets with each event: the session and what the application knows.
pub struct Context<'a> {
    /// The session: who acts, and the store.
    pub session: &'a mut Session,
    /// The PLIE's time zone.
    pub tz: Tz,
    /// Rows available to a full-height list.
    pub list_height: usize,
}

/// Where a screen asks the application to go.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    /// Back to the caseload, read again (a file closed or a screen left).
    Caseload,
    /// The caseload restricted to the participants carrying this alert.
    CaseloadWithAlert(Alert),
    /// The caseload read again, the screen shown staying (a file saved).
    CaseloadChanged,
    /// A participant's file, opened over the caseload.
    File(String),
    /// The new-participant form, over the caseload.
    NewParticipant,
    /// The agenda, on this appointment's week with it selected.
    Agenda(Appointment),
    /// The caseload read again after this file was deleted, saying so.
    Deleted(String),
}

/// What a screen did with a key.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Not this screen's: the application's global commands apply.
    Ignored,
    /// Handled; whether the screen must be redrawn.
    Done(bool),
    /// Handled; the application goes there.
    Go(Route),
}

/// A screen of the interface.
pub trait Screen {
    /// Applies a key; `action` is what the keymap binds it to.
    fn key(&mut self, event: KeyEvent, action: Option<Action>, ctx: &mut Context<'_>) -> Outcome;

    /// Reads again what the screen shows after another connection committed, keeping
    /// the user's place (and an open form's input); whether anything was read again.
    fn refresh(&mut self, ctx: &mut Context<'_>) -> bool;

    /// The terminal's new size.
    fn resize(&mut self, _width: u16, _height: u16, _list_height: usize) {}

    /// The open form's unsaved input, kept as a draft if the program ends.
    fn draft(&self) -> Option<Draft> {
        None
    }
}

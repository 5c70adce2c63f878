//! The caseload screen: the list ([`Caseload`]), its filter line and the
//! status line, and what keys do to them. Opening a file or the new-participant
//! form is a [`Route`] the application follows.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::caseload::Caseload;
use super::screen::{Context, Outcome, Route, Screen};
use super::status::StatusLine;
use crate::domain::journal::Alert;
use crate::store::{DataStamp, StoreError};

/// Which part of the screen receives typed text and moves.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    /// The list.
    #[default]
    List,
    /// The filter line under the list.
    Filter,
}

/// The caseload screen's state.
#[derive(Debug, Default)]
pub struct CaseloadScreen {
    list: Caseload,
    focus: Focus,
    message: Option<StatusLine>,
    /// Where the data stood when the list was last read.
    read_at: Option<DataStamp>,
}

impl CaseloadScreen {
    /// The list.
    pub fn list(&self) -> &Caseload {
        &self.list
    }

    /// Where typed keys go.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// The status line's message, if any.
    pub fn message(&self) -> Option<&StatusLine> {
        self.message.as_ref()
    }

    /// Shows `message` in the status line.
    pub fn notify(&mut self, message: StatusLine) {
        self.message = Some(message);
    }

    /// Reads the caseload again; a failure is shown in the status line. Returns
    /// whether the screen changed (a message shown before is cleared).
    pub fn reload(&mut self, ctx: &mut Context<'_>) -> bool {
        match self.read(ctx) {
            Ok(changed) => self.message.take().is_some() || changed,
            Err(e) => {
                self.message = Some(StatusLine::error(e.to_string()));
                true
            }
        }
    }

    /// Reads the caseload, unless nothing was committed and the day is the same since the
    /// last reading: coming back to the list (`1`, `Esc`) then costs nothing, however many
    /// participants it holds. Returns whether the list changed.
    pub fn read(&mut self, ctx: &mut Context<'_>) -> Result<bool, StoreError> {
        let stamp = ctx.session.data_stamp()?;
        if self.read_at == Some(stamp) {
            return Ok(false);
        }
        let rows = ctx.session.caseload(None)?;
        self.read_at = Some(stamp);
        Ok(self
            .list
            .load(rows, ctx.session.today(), ctx.tz, ctx.list_height))
    }

    /// Restricts the list to the participants carrying `alert`.
    pub fn show_alert(&mut self, alert: Alert, height: usize) {
        self.list.set_alert(Some(alert), height);
    }

    fn close_filter(&mut self, height: usize) {
        self.list.set_filter(None, height);
        self.focus = Focus::List;
    }

    /// Typing into the filter line: characters and Backspace edit it, Enter leaves it.
    fn type_in_filter(&mut self, event: KeyEvent, height: usize) -> Option<bool> {
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let mut text = self.list.filter().unwrap_or("").to_owned();
        match event.code {
            KeyCode::Char(c) if plain => {
                text.push(c);
                self.list.set_filter(Some(text), height);
            }
            KeyCode::Backspace => {
                if text.pop().is_none() {
                    self.close_filter(height);
                } else {
                    self.list.set_filter(Some(text), height);
                }
            }
            KeyCode::Enter => self.focus = Focus::List,
            _ => return None,
        }
        Some(true)
    }

    fn act(&mut self, action: Action, ctx: &mut Context<'_>) -> Outcome {
        let height = ctx.list_height;
        let page = height as isize;
        let done = Outcome::Done;
        match action {
            Action::Filter => {
                let opened = self.list.filter().is_none();
                if opened {
                    self.list.set_filter(Some(String::new()), height);
                }
                let focused = self.focus() != Focus::Filter;
                self.focus = Focus::Filter;
                done(opened || focused)
            }
            Action::FocusNext | Action::FocusPrevious => {
                if self.list.filter().is_none() {
                    return done(false);
                }
                self.focus = match self.focus {
                    Focus::List => Focus::Filter,
                    Focus::Filter => Focus::List,
                };
                done(true)
            }
            Action::Up => done(self.list.move_by(-1, height)),
            Action::Down => done(self.list.move_by(1, height)),
            Action::PageUp => done(self.list.move_by(-page, height)),
            Action::PageDown => done(self.list.move_by(page, height)),
            Action::First => done(self.list.select(0, height)),
            Action::Last => done(self.list.select(usize::MAX, height)),
            Action::Back => {
                if self.list.filter().is_some() {
                    self.close_filter(height);
                    done(true)
                } else if self.list.alert().is_some() {
                    self.list.set_alert(None, height);
                    done(true)
                } else {
                    done(self.message.take().is_some())
                }
            }
            Action::Open => match self.list.selected_file() {
                Some(file) => Outcome::Go(Route::File(file.to_string())),
                None => done(false),
            },
            Action::New => Outcome::Go(Route::NewParticipant),
            Action::Sort => done(self.list.cycle_sort(height)),
            Action::StatusFilter => done(self.list.cycle_status(height)),
            Action::NextReferent if ctx.session.actor().is_coordinator() => {
                done(self.list.cycle_referent(ctx.session, height))
            }
            _ => Outcome::Ignored,
        }
    }
}

impl Screen for CaseloadScreen {
    fn key(&mut self, event: KeyEvent, action: Option<Action>, ctx: &mut Context<'_>) -> Outcome {
        if self.focus() == Focus::Filter
            && let Some(changed) = self.type_in_filter(event, ctx.list_height)
        {
            return Outcome::Done(changed);
        }
        match action {
            Some(action) => self.act(action, ctx),
            None => Outcome::Done(false),
        }
    }

    fn refresh(&mut self, ctx: &mut Context<'_>) -> bool {
        match self.read(ctx) {
            Ok(changed) => changed,
            Err(e) => {
                self.message = Some(StatusLine::error(e.to_string()));
                true
            }
        }
    }

    fn resize(&mut self, _width: u16, _height: u16, list_height: usize) {
        self.list.scroll(list_height);
    }
}

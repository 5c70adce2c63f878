//! The journal entry that opens when an appointment is marked done: the
//! contact is already logged (date, kind, length, participant); the referent
//! writes its summary and the next action, due within a week.

use chrono::{Days, NaiveDate};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::form::FormOutcome;
use crate::domain::journal::NOTE_DUE_DAYS;
use crate::store::AppointmentContact;
use crate::tui::action::Action;

/// The unsaved input of a journal entry form, to keep and put back later.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NoteDraft {
    /// The appointment the contact comes from.
    pub appointment_id: i64,
    /// The contact's version when the form opened.
    pub version: i64,
    /// The local date of the contact.
    pub contact_on: NaiveDate,
    /// File number of the participant.
    pub participant: String,
    /// The summary typed.
    pub summary: String,
    /// The next action typed.
    pub next_action: String,
    /// Whether the cursor was on the next-action line.
    pub on_next: bool,
}

/// The journal entry form's state.
#[derive(Debug, Clone)]
pub struct NoteForm {
    /// The contact the note is for.
    pub contact: AppointmentContact,
    /// The summary of the meeting.
    pub summary: Input,
    /// The next action agreed.
    pub next_action: Input,
    on_next: bool,
    asking: bool,
    /// Why the last save was refused.
    pub error: Option<String>,
}

impl NoteForm {
    /// The form for `contact`, prefilled with what it already holds.
    pub fn new(contact: AppointmentContact) -> Self {
        Self {
            summary: Input::new(contact.summary.clone()),
            next_action: Input::new(contact.next_action.clone()),
            contact,
            on_next: false,
            asking: false,
            error: None,
        }
    }

    /// The unsaved input, to keep: `None` while nothing was typed.
    pub fn draft(&self) -> Option<NoteDraft> {
        self.dirty().then(|| NoteDraft {
            appointment_id: self.contact.appointment_id,
            version: self.contact.version,
            contact_on: self.contact.contact_on,
            participant: self.contact.participant.clone(),
            summary: self.summary.value().to_owned(),
            next_action: self.next_action.value().to_owned(),
            on_next: self.on_next,
        })
    }

    /// The form for `contact` (read again) holding a kept draft's input; the
    /// contact keeps the version the draft was read at, so a change made
    /// since is refused with the usual conflict.
    pub fn restore(draft: &NoteDraft, mut contact: AppointmentContact) -> Self {
        contact.version = draft.version;
        let mut form = Self::new(contact);
        form.summary = Input::new(draft.summary.clone());
        form.next_action = Input::new(draft.next_action.clone());
        form.on_next = draft.on_next;
        form
    }

    /// Whether the cursor is on the next-action line (else on the summary).
    pub fn on_next_action(&self) -> bool {
        self.on_next
    }

    /// Whether the form asks to confirm discarding its changes.
    pub fn asking(&self) -> bool {
        self.asking
    }

    /// The last day the note may be written on (the local charter's week).
    pub fn due(&self) -> NaiveDate {
        self.contact
            .contact_on
            .checked_add_days(Days::new(NOTE_DUE_DAYS.unsigned_abs()))
            .unwrap_or(self.contact.contact_on)
    }

    /// Whether anything was typed since the form opened.
    pub fn dirty(&self) -> bool {
        self.summary.value() != self.contact.summary
            || self.next_action.value() != self.contact.next_action
    }

    /// Applies a key; `action` is what the keymap binds it to.
    pub fn key(&mut self, event: KeyEvent, action: Option<Action>) -> FormOutcome {
        if self.asking {
            return super::form::answer_discard(&mut self.asking, event);
        }
        let plain_char = matches!(event.code, KeyCode::Char(_))
            && !event
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match (if plain_char { None } else { action }, event.code) {
            (Some(Action::Save), _) => FormOutcome::Save,
            (Some(Action::Back), _) if self.dirty() => {
                self.asking = true;
                FormOutcome::Changed
            }
            (Some(Action::Back), _) => FormOutcome::Close,
            (Some(Action::FocusNext | Action::FocusPrevious), _)
            | (_, KeyCode::Up | KeyCode::Down | KeyCode::Enter) => {
                self.on_next = !self.on_next;
                FormOutcome::Changed
            }
            _ => {
                let text = if self.on_next {
                    &mut self.next_action
                } else {
                    &mut self.summary
                };
                match text.handle_event(&Event::Key(event)) {
                    Some(_) => {
                        self.error = None;
                        FormOutcome::Changed
                    }
                    None => FormOutcome::Ignored,
                }
            }
        }
    }
}

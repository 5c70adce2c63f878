//! The appointment form: create, edit and move. Kind, date, time, length,
//! participant (picked by search), title, location, notes, and on creation a
//! last date to repeat the slot weekly until.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use super::picker::{Choice, Picker};
use crate::domain::DomainError;
use crate::domain::agenda::AppointmentKind;
use crate::domain::duration::parse_minutes;
use crate::domain::participant::parse_date_on;
use crate::domain::schedule::{AppointmentFields, local_instant, weekly_starts};
use crate::store::AppointmentDetail;
use crate::tui::action::Action;
use crate::tui::show;
use crate::tui::widgets::confirm;

/// A field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// What it is for (a closed list, changed with Left / Right / Space).
    Kind,
    /// Local date, YYYY-MM-DD.
    Date,
    /// Local start time, HH:MM.
    Time,
    /// Length (`45`, `1h30`).
    Duration,
    /// The participant met, picked by search.
    Participant,
    /// Short title.
    Title,
    /// Where.
    Location,
    /// Free notes.
    Notes,
    /// Repeat weekly until this date (creation only).
    Until,
}

impl Field {
    /// The translation key of the field's label.
    pub fn label_key(self) -> &'static str {
        match self {
            Field::Kind => "agenda.field.kind",
            Field::Date => "agenda.field.date",
            Field::Time => "agenda.field.time",
            Field::Duration => "agenda.field.duration",
            Field::Participant => "agenda.field.participant",
            Field::Title => "agenda.field.title",
            Field::Location => "agenda.field.location",
            Field::Notes => "agenda.field.notes",
            Field::Until => "agenda.field.until",
        }
    }
}

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormOutcome {
    /// Nothing.
    Ignored,
    /// The form changed; draw it again.
    Changed,
    /// Save was asked.
    Save,
    /// The form is to close without saving.
    Close,
}

/// The unsaved input of an appointment form, to keep and put back later.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AppointmentDraft {
    /// The id and version read of the appointment edited, or `None` for a new one.
    pub editing: Option<(i64, i64)>,
    /// The kind's code.
    pub kind: String,
    /// Local date as typed.
    pub date: String,
    /// Local start time as typed.
    pub time: String,
    /// Length as typed.
    pub duration: String,
    /// File number of the participant picked.
    pub participant: Option<String>,
    /// Short title.
    pub title: String,
    /// Where.
    pub location: String,
    /// Free notes.
    pub notes: String,
    /// Last date of a weekly series.
    pub until: String,
    /// Index of the focused field.
    pub focus: usize,
    /// The form's values when it opened (to tell later whether it changed).
    pub initial: String,
}

/// The appointment form's state.
#[derive(Debug, Clone)]
pub struct AppointmentForm {
    editing: Option<(i64, i64)>,
    /// What the appointment is for.
    pub kind: AppointmentKind,
    /// Local date.
    pub date: Input,
    /// Local start time.
    pub time: Input,
    /// Length.
    pub duration: Input,
    /// The participant.
    pub picker: Picker,
    /// Short title.
    pub title: Input,
    /// Where.
    pub location: Input,
    /// Free notes.
    pub notes: Input,
    /// Last date of a weekly series (creation only).
    pub until: Input,
    focus: usize,
    /// Why the last save was refused.
    pub error: Option<String>,
    /// Overlaps found by the last save; saving again saves anyway.
    pub warning: Option<String>,
    asking: bool,
    initial: String,
}

fn input(text: impl Into<String>) -> Input {
    Input::new(text.into())
}

impl AppointmentForm {
    /// A new appointment on `date` at `time` (local), offering `choices` as participants.
    pub fn create(date: NaiveDate, time: NaiveTime, choices: Vec<Choice>) -> Self {
        Self::build(
            None,
            AppointmentKind::Individual,
            date,
            time,
            60,
            Picker::new(choices, None),
            ["", "", ""],
        )
    }

    /// The form of an existing appointment, its times shown in `tz`.
    pub fn edit(detail: &AppointmentDetail, tz: Tz, choices: Vec<Choice>) -> Self {
        let a = &detail.appointment;
        let local = a.starts_at.with_timezone(&tz);
        Self::build(
            Some((a.id, a.version)),
            a.kind,
            local.date_naive(),
            local.time(),
            a.minutes,
            Picker::new(choices, a.participant.as_deref()),
            [a.title.as_str(), a.location.as_str(), detail.notes.as_str()],
        )
    }

    fn build(
        editing: Option<(i64, i64)>,
        kind: AppointmentKind,
        date: NaiveDate,
        time: NaiveTime,
        minutes: u32,
        picker: Picker,
        [title, location, notes]: [&str; 3],
    ) -> Self {
        let mut form = Self {
            editing,
            kind,
            date: input(show::date(date)),
            time: input(show::time(time)),
            duration: input(minutes.to_string()),
            picker,
            title: input(title),
            location: input(location),
            notes: input(notes),
            until: Input::default(),
            focus: 0,
            error: None,
            warning: None,
            asking: false,
            initial: String::new(),
        };
        form.initial = form.snapshot();
        form
    }

    /// The unsaved input, to keep: `None` while nothing was changed.
    pub fn draft(&self) -> Option<AppointmentDraft> {
        if !self.dirty() {
            return None;
        }
        Some(AppointmentDraft {
            editing: self.editing,
            kind: self.kind.code().to_owned(),
            date: self.date.value().to_owned(),
            time: self.time.value().to_owned(),
            duration: self.duration.value().to_owned(),
            participant: self.picker.chosen().map(|c| c.file.clone()),
            title: self.title.value().to_owned(),
            location: self.location.value().to_owned(),
            notes: self.notes.value().to_owned(),
            until: self.until.value().to_owned(),
            focus: self.focus,
            initial: self.initial.clone(),
        })
    }

    /// The form holding a kept draft's input (and the version it was read at),
    /// offering `choices` as participants.
    pub fn restore(draft: &AppointmentDraft, choices: Vec<Choice>) -> Self {
        let form = Self {
            editing: draft.editing,
            kind: AppointmentKind::from_code(&draft.kind).unwrap_or(AppointmentKind::Individual),
            date: input(draft.date.as_str()),
            time: input(draft.time.as_str()),
            duration: input(draft.duration.as_str()),
            picker: Picker::new(choices, draft.participant.as_deref()),
            title: input(draft.title.as_str()),
            location: input(draft.location.as_str()),
            notes: input(draft.notes.as_str()),
            until: input(draft.until.as_str()),
            focus: draft.focus,
            error: None,
            warning: None,
            asking: false,
            initial: draft.initial.clone(),
        };
        let last = form.fields().len() - 1;
        Self {
            focus: form.focus.min(last),
            ..form
        }
    }

    /// The id and version of the appointment edited, or `None` for a new one.
    pub fn editing(&self) -> Option<(i64, i64)> {
        self.editing
    }

    /// The fields shown, in order.
    pub fn fields(&self) -> Vec<Field> {
        let mut fields = vec![
            Field::Kind,
            Field::Date,
            Field::Time,
            Field::Duration,
            Field::Participant,
            Field::Title,
            Field::Location,
            Field::Notes,
        ];
        if self.editing.is_none() {
            fields.push(Field::Until);
        }
        fields
    }

    /// The field with the cursor.
    pub fn focus(&self) -> Field {
        let fields = self.fields();
        fields[self.focus.min(fields.len() - 1)]
    }

    /// Whether the form asks to confirm discarding its changes.
    pub fn asking(&self) -> bool {
        self.asking
    }

    /// The text input of a field, if it is one.
    pub fn text(&self, field: Field) -> Option<&Input> {
        match field {
            Field::Kind => None,
            Field::Date => Some(&self.date),
            Field::Time => Some(&self.time),
            Field::Duration => Some(&self.duration),
            Field::Participant => Some(&self.picker.query),
            Field::Title => Some(&self.title),
            Field::Location => Some(&self.location),
            Field::Notes => Some(&self.notes),
            Field::Until => Some(&self.until),
        }
    }

    fn text_mut(&mut self, field: Field) -> Option<&mut Input> {
        match field {
            Field::Kind => None,
            Field::Date => Some(&mut self.date),
            Field::Time => Some(&mut self.time),
            Field::Duration => Some(&mut self.duration),
            Field::Participant => Some(&mut self.picker.query),
            Field::Title => Some(&mut self.title),
            Field::Location => Some(&mut self.location),
            Field::Notes => Some(&mut self.notes),
            Field::Until => Some(&mut self.until),
        }
    }

    fn snapshot(&self) -> String {
        [
            self.kind.code(),
            self.date.value(),
            self.time.value(),
            self.duration.value(),
            self.picker.chosen().map_or("", |c| c.file.as_str()),
            self.title.value(),
            self.location.value(),
            self.notes.value(),
            self.until.value(),
        ]
        .join("\u{1f}")
    }

    /// Whether anything was changed since the form opened.
    pub fn dirty(&self) -> bool {
        self.snapshot() != self.initial
    }

    fn move_focus(&mut self, delta: isize) {
        let n = self.fields().len();
        self.focus = (self.focus as isize + delta).rem_euclid(n as isize) as usize;
    }

    fn cycle_kind(&mut self, delta: isize) {
        let all = AppointmentKind::ALL;
        let at = all.iter().position(|k| *k == self.kind).unwrap_or(0) as isize;
        self.kind = all[(at + delta).rem_euclid(all.len() as isize) as usize];
    }

    /// Applies a key; `action` is what the keymap binds it to. Printable
    /// characters always go to the focused field.
    pub fn key(&mut self, event: KeyEvent, action: Option<Action>) -> FormOutcome {
        let plain_char = matches!(event.code, KeyCode::Char(_))
            && !event
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        if self.asking {
            return answer_discard(&mut self.asking, event);
        }
        let action = if plain_char { None } else { action };
        let outcome = match (action, event.code) {
            (Some(Action::Save), _) => return FormOutcome::Save,
            (Some(Action::Back), _) => return self.back(),
            (Some(Action::FocusNext), _) => self.moved(1),
            (Some(Action::FocusPrevious), _) => self.moved(-1),
            (_, KeyCode::Up) if self.focus() == Field::Participant && self.picker.searching() => {
                self.picker.move_by(-1);
                FormOutcome::Changed
            }
            (_, KeyCode::Down) if self.focus() == Field::Participant && self.picker.searching() => {
                self.picker.move_by(1);
                FormOutcome::Changed
            }
            (_, KeyCode::Up) => self.moved(-1),
            (_, KeyCode::Down | KeyCode::Enter)
                if !(self.focus() == Field::Participant && self.picker.searching()) =>
            {
                self.moved(1)
            }
            (_, KeyCode::Enter) => {
                self.picker.pick();
                FormOutcome::Changed
            }
            (_, KeyCode::Left) if self.focus() == Field::Kind => self.kinded(-1),
            (_, KeyCode::Right | KeyCode::Char(' ')) if self.focus() == Field::Kind => {
                self.kinded(1)
            }
            (_, KeyCode::Backspace)
                if self.focus() == Field::Participant && !self.picker.searching() =>
            {
                self.picker.clear();
                FormOutcome::Changed
            }
            _ => self.typed(event),
        };
        if outcome == FormOutcome::Changed {
            self.error = None;
            self.warning = None;
        }
        outcome
    }

    fn moved(&mut self, delta: isize) -> FormOutcome {
        self.move_focus(delta);
        FormOutcome::Changed
    }

    fn kinded(&mut self, delta: isize) -> FormOutcome {
        self.cycle_kind(delta);
        FormOutcome::Changed
    }

    fn typed(&mut self, event: KeyEvent) -> FormOutcome {
        let field = self.focus();
        let Some(text) = self.text_mut(field) else {
            return FormOutcome::Ignored;
        };
        match text.handle_event(&Event::Key(event)) {
            Some(_) => {
                if field == Field::Participant {
                    self.picker.searched();
                }
                FormOutcome::Changed
            }
            None => FormOutcome::Ignored,
        }
    }

    fn back(&mut self) -> FormOutcome {
        if self.focus() == Field::Participant && self.picker.searching() {
            self.picker.query.reset();
            FormOutcome::Changed
        } else if self.dirty() {
            self.asking = true;
            FormOutcome::Changed
        } else {
            FormOutcome::Close
        }
    }

    /// What the form holds, checked: the appointment's fields and its start(s)
    /// in UTC (several for a weekly series), times read in `tz`, a date without
    /// year in the year of `today`.
    pub fn values(
        &self,
        tz: Tz,
        today: NaiveDate,
    ) -> Result<(AppointmentFields, Vec<DateTime<Utc>>), DomainError> {
        let parse_date = |text: &str| parse_date_on(text, Some(today));
        let date = parse_date(self.date.value())?;
        let time = parse_time(self.time.value())?;
        let minutes = parse_length(self.duration.value())?;
        let starts = match self.until.value().trim() {
            "" => vec![local_instant(date, time, tz)?],
            until => weekly_starts(date, time, parse_date(until)?, tz)?,
        };
        let fields = AppointmentFields {
            participant: self.picker.chosen().map(|c| c.file.clone()),
            kind: self.kind,
            starts_at: starts[0],
            minutes,
            title: self.title.value().trim().to_owned(),
            location: self.location.value().trim().to_owned(),
            notes: self.notes.value().trim().to_owned(),
        };
        Ok((fields, starts))
    }
}

/// A key while "discard what was typed?" is asked: yes closes the form, no goes back
/// to it (clearing `asking`), anything else is not an answer.
pub(super) fn answer_discard(asking: &mut bool, event: KeyEvent) -> FormOutcome {
    match confirm::answer(event) {
        Some(true) => FormOutcome::Close,
        Some(false) => {
            *asking = false;
            FormOutcome::Changed
        }
        None => FormOutcome::Ignored,
    }
}

/// A time typed as `9:30`, `09:30` or `9h30`.
fn parse_time(text: &str) -> Result<NaiveTime, DomainError> {
    let normal = text.trim().to_lowercase().replace('h', ":");
    let normal = if normal.ends_with(':') {
        format!("{normal}00")
    } else {
        normal
    };
    NaiveTime::parse_from_str(&normal, "%H:%M")
        .map_err(|_| DomainError::new("agenda.error.time").arg("value", text.trim()))
}

/// A length typed as whole minutes (`45`) or as a duration (`1h30`, `1:30`).
fn parse_length(text: &str) -> Result<u32, DomainError> {
    let text = text.trim();
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        let minutes: i64 = text.parse().unwrap_or(i64::MAX);
        return crate::domain::duration::check_minutes(minutes);
    }
    parse_minutes(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typed_values_become_utc_fields() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let mut form =
            AppointmentForm::create(day, NaiveTime::from_hms_opt(9, 0, 0).unwrap(), Vec::new());
        assert!(!form.dirty());
        form.key(press(KeyCode::Right), None);
        assert_eq!(form.kind, AppointmentKind::Workshop);
        form.key(press(KeyCode::Tab), Some(Action::FocusNext));
        form.key(press(KeyCode::Tab), Some(Action::FocusNext));
        assert_eq!(form.focus(), Field::Time);
        for _ in 0..5 {
            form.key(press(KeyCode::Backspace), None);
        }
        for c in "9h30".chars() {
            form.key(press(KeyCode::Char(c)), Some(Action::Quit));
        }
        assert!(form.dirty());
        let (fields, starts) = form.values(chrono_tz::Europe::Paris, day).unwrap();
        assert_eq!(starts.len(), 1);
        assert_eq!(fields.starts_at.to_rfc3339(), "2026-11-24T08:30:00+00:00");
        assert_eq!(fields.minutes, 60);
        form.duration = Input::new("1h30".into());
        form.until = Input::new("08/12".into());
        let (fields, starts) = form.values(chrono_tz::Europe::Paris, day).unwrap();
        assert_eq!((fields.minutes, starts.len()), (90, 3));
        form.time = Input::new("25:00".into());
        assert!(form.values(chrono_tz::Europe::Paris, day).is_err());
    }

    #[test]
    fn a_draft_brings_the_input_back() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let mut form =
            AppointmentForm::create(day, NaiveTime::from_hms_opt(9, 0, 0).unwrap(), Vec::new());
        assert_eq!(form.draft(), None);
        for _ in 0..5 {
            form.key(press(KeyCode::Tab), Some(Action::FocusNext));
        }
        for c in "Atelier fictif".chars() {
            form.key(press(KeyCode::Char(c)), None);
        }
        let draft = form.draft().unwrap();
        let back = AppointmentForm::restore(&draft, Vec::new());
        assert_eq!(back.title.value(), "Atelier fictif");
        assert_eq!((back.focus(), back.editing()), (Field::Title, None));
        assert!(back.dirty());
        assert_eq!(back.draft(), Some(draft));
    }

    #[test]
    fn escape_asks_when_dirty() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let mut form =
            AppointmentForm::create(day, NaiveTime::from_hms_opt(9, 0, 0).unwrap(), Vec::new());
        assert_eq!(
            form.key(press(KeyCode::Esc), Some(Action::Back)),
            FormOutcome::Close
        );
        form.key(press(KeyCode::Char(' ')), None);
        assert_eq!(
            form.key(press(KeyCode::Esc), Some(Action::Back)),
            FormOutcome::Changed
        );
        assert!(form.asking());
        assert_eq!(
            form.key(press(KeyCode::Char('n')), None),
            FormOutcome::Changed
        );
        assert!(!form.asking());
        form.key(press(KeyCode::Esc), Some(Action::Back));
        assert_eq!(
            form.key(press(KeyCode::Char('y')), None),
            FormOutcome::Close
        );
    }
}

//! A form: labelled fields, one focused, a message line and a yes/no question.
//!
//! Keys: typed text goes into the focused text field; `Tab`, `Enter` and the
//! arrows up and down move between fields; the keymap's `save` (Ctrl-S)
//! asks to save, its `back` (Esc) to cancel — asking first when something was
//! typed. The form only collects input: the caller validates and saves.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::field::{Field, FieldId, FieldKind};
use crate::domain::DomainError;
use crate::domain::participant::parse_date_on;
use crate::i18n::{t, tf, tn};
use crate::store::Session;
use crate::tui::action::Action;
use crate::tui::theme::Theme;

/// What a key did to a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormEvent {
    /// Nothing.
    Ignored,
    /// The form changed (text, focus, question): redraw.
    Changed,
    /// The user asks to save.
    Save,
    /// The user leaves without saving.
    Cancel,
    /// The user answered yes to the question asked with this tag.
    Confirmed(&'static str),
}

/// A screen state holding a form while it is open (a filter, a period): where the form is,
/// and how a saved one is applied.
pub trait HeldForm {
    /// The open form, if any.
    fn held(&mut self) -> &mut Option<Form>;

    /// Applies the saved `form` through `session`; a refusal is shown in the form, which
    /// then stays open.
    fn apply(&mut self, form: &mut Form, session: &Session) -> Result<(), Refused>;
}

/// Applies a key to `owner`'s open form: a cancel closes it, a save applies it. Returns
/// whether the state changed.
pub fn key_held(
    owner: &mut impl HeldForm,
    event: KeyEvent,
    action: Option<Action>,
    session: &Session,
) -> bool {
    let Some(form) = owner.held().as_mut() else {
        return false;
    };
    match form.key(event, action) {
        FormEvent::Ignored => false,
        FormEvent::Changed | FormEvent::Confirmed(_) => true,
        FormEvent::Cancel => {
            *owner.held() = None;
            true
        }
        FormEvent::Save => {
            if let Some(mut form) = owner.held().take() {
                form.set_today(session.today());
                if owner.apply(&mut form, session).is_err() {
                    *owner.held() = Some(form);
                }
            }
            true
        }
    }
}

/// A message under the fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Something to fix before saving.
    Error(String),
    /// Something to know before saving again.
    Warning(String),
}

/// A yes/no question waiting for its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Question {
    tag: &'static str,
    text: String,
}

/// Input the form refused; the reason is shown in its message line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refused;

/// The tag of the "discard your changes?" question.
const DISCARD: &str = "discard";

/// A form's input, to keep and put back later: each field's value and the
/// value it had when the form opened, and the focused field.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FormDraft {
    /// Index of the focused field.
    pub focus: usize,
    /// The fields, in order.
    pub fields: Vec<FieldDraft>,
}

/// One field of a [`FormDraft`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FieldDraft {
    /// The field's id.
    pub id: String,
    /// Its value, as [`Field::value_text`] gives it.
    pub value: String,
    /// Its value when the form opened.
    pub original: String,
}

/// A form's state.
#[derive(Debug, Clone)]
pub struct Form {
    title: String,
    fields: Vec<Field>,
    /// The fields as they were when the form opened (or was last rebased).
    original: Vec<Field>,
    focus: usize,
    dirty: bool,
    notice: Option<Notice>,
    question: Option<Question>,
    /// The session's today, once told: the year of a date typed without one.
    today: Option<NaiveDate>,
}

impl Form {
    /// A form titled `title` with `fields`, the first focused.
    pub fn new(title: String, fields: Vec<Field>) -> Self {
        Self {
            title,
            original: fields.clone(),
            fields,
            focus: 0,
            dirty: false,
            notice: None,
            question: None,
            today: None,
        }
    }

    /// Tells the form the session's today: the year of a date typed as `DD/MM`.
    pub fn set_today(&mut self, today: NaiveDate) {
        self.today = Some(today);
    }

    /// Its title.
    pub fn title(&self) -> &str {
        &self.title
    }

    /// Its fields, in order.
    pub fn fields(&self) -> &[Field] {
        &self.fields
    }

    /// Index of the focused field.
    pub fn focus(&self) -> usize {
        self.focus
    }

    /// Whether something was changed since the form opened.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    /// The message under the fields.
    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// The question waiting for a yes or no.
    pub fn question(&self) -> Option<&str> {
        self.question.as_ref().map(|q| q.text.as_str())
    }

    /// Shows an error, focusing the field `id` when given.
    pub fn set_error(&mut self, message: String, field: Option<&str>) {
        if let Some(i) = field.and_then(|id| self.index(id)) {
            self.focus = i;
        }
        self.notice = Some(Notice::Error(message));
    }

    /// Shows a warning.
    pub fn set_warning(&mut self, message: String) {
        self.notice = Some(Notice::Warning(message));
    }

    /// Asks a yes/no question; a yes comes back as [`FormEvent::Confirmed`] with `tag`.
    pub fn ask(&mut self, tag: &'static str, question: String) {
        self.question = Some(Question {
            tag,
            text: question,
        });
    }

    fn index(&self, id: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.id == id)
    }

    fn field(&self, id: impl FieldId) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id.name())
    }

    /// Applies a key, given the keymap's action for it.
    pub fn key(&mut self, event: KeyEvent, action: Option<Action>) -> FormEvent {
        if let Some(question) = self.question.take() {
            return match event.code {
                KeyCode::Char('y' | 'Y' | 'o' | 'O') if question.tag == DISCARD => {
                    FormEvent::Cancel
                }
                KeyCode::Char('y' | 'Y' | 'o' | 'O') => FormEvent::Confirmed(question.tag),
                _ => FormEvent::Changed,
            };
        }
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        let typed = plain
            && matches!(event.code, KeyCode::Char(_))
            && self.fields.get(self.focus).is_some_and(Field::takes_text);
        if !typed {
            match action {
                Some(Action::Save) => return FormEvent::Save,
                Some(Action::Back) => return self.cancel(),
                // A letter bound to quit (`q`) picks an option in a choice field instead.
                Some(Action::Quit) if !plain => return self.cancel(),
                _ => {}
            }
            let last = self.fields.len().saturating_sub(1);
            let moved = match event.code {
                KeyCode::Tab | KeyCode::Down | KeyCode::Enter => Some((self.focus + 1).min(last)),
                KeyCode::BackTab | KeyCode::Up => Some(self.focus.saturating_sub(1)),
                _ => None,
            };
            if let Some(to) = moved {
                let changed = to != self.focus;
                self.focus = to;
                return if changed {
                    FormEvent::Changed
                } else {
                    FormEvent::Ignored
                };
            }
        }
        let Some(field) = self.fields.get_mut(self.focus) else {
            return FormEvent::Ignored;
        };
        match field.key(event) {
            (true, _) => {
                self.dirty = true;
                self.notice = None;
                FormEvent::Changed
            }
            (false, true) => FormEvent::Changed,
            (false, false) => FormEvent::Ignored,
        }
    }

    fn cancel(&mut self) -> FormEvent {
        if self.dirty {
            self.ask(DISCARD, t("form.discard"));
            FormEvent::Changed
        } else {
            FormEvent::Cancel
        }
    }

    /// Moves the form onto a newer version of its record: each field the
    /// user left as it was takes the newer value, each field the user changed
    /// keeps the user's input.
    pub fn rebase(&mut self, newer: Form) {
        for ((field, original), fresh) in self
            .fields
            .iter_mut()
            .zip(&self.original)
            .zip(&newer.fields)
        {
            if field.id == fresh.id && field.value_text() == original.value_text() {
                *field = fresh.clone();
            }
        }
        self.original = newer.fields;
    }

    /// The input, to keep it: `None` while nothing was changed.
    pub fn draft(&self) -> Option<FormDraft> {
        if !self.dirty {
            return None;
        }
        let fields = self
            .fields
            .iter()
            .zip(&self.original)
            .map(|(field, original)| FieldDraft {
                id: field.id.to_owned(),
                value: field.value_text(),
                original: original.value_text(),
            })
            .collect();
        Some(FormDraft {
            focus: self.focus,
            fields,
        })
    }

    /// Puts back kept input: each field found by id takes its kept value and
    /// remembers the kept original (so a later conflict keeps only what the
    /// user changed).
    pub fn restore(&mut self, draft: &FormDraft) {
        for kept in &draft.fields {
            let Some(i) = self.index(&kept.id) else {
                continue;
            };
            self.fields[i].set_value_text(&kept.value);
            if let Some(original) = self.original.get_mut(i) {
                original.set_value_text(&kept.original);
            }
        }
        self.focus = draft.focus.min(self.fields.len().saturating_sub(1));
        self.dirty = true;
    }

    /// Checks the required fields; the first empty one is focused and named in the error.
    pub fn check_required(&mut self) -> Result<(), Refused> {
        let Some(i) = self.fields.iter().position(|f| f.required && f.is_empty()) else {
            return Ok(());
        };
        let message = tf("error.required", &[("field", &self.fields[i].label)]);
        self.focus = i;
        self.notice = Some(Notice::Error(message));
        Err(Refused)
    }

    /// The trimmed text of field `id` (empty when there is no such text field).
    pub fn text(&self, id: impl FieldId) -> String {
        match self.field(id).map(|f| &f.kind) {
            Some(FieldKind::Text(input) | FieldKind::Date(input)) => {
                input.value().trim().to_owned()
            }
            _ => String::new(),
        }
    }

    /// The date in field `id`: `None` when empty; an invalid date is shown
    /// as the form's error, with the field focused.
    pub fn date(&mut self, id: impl FieldId) -> Result<Option<NaiveDate>, Refused> {
        let text = self.text(id);
        if text.is_empty() {
            return Ok(None);
        }
        parse_date_on(&text, self.today)
            .map(Some)
            .map_err(|e| self.fail(e, id))
    }

    /// Shows a domain error as the form's error, focusing field `id`.
    pub fn fail(&mut self, error: DomainError, id: impl FieldId) -> Refused {
        self.set_error(error.to_string(), Some(id.name()));
        Refused
    }

    /// The code chosen in field `id`.
    pub fn choice(&self, id: impl FieldId) -> Option<&str> {
        match self.field(id).map(|f| &f.kind) {
            Some(FieldKind::Choice {
                options,
                selected: Some(i),
            }) => options.get(*i).map(|o| o.code.as_str()),
            _ => None,
        }
    }

    /// The codes set in field `id`.
    pub fn flags(&self, id: impl FieldId) -> Vec<&str> {
        match self.field(id).map(|f| &f.kind) {
            Some(FieldKind::Flags {
                options, checked, ..
            }) => options
                .iter()
                .zip(checked)
                .filter(|(_, c)| **c)
                .map(|(o, _)| o.code.as_str())
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Whether field `id` is toggled on.
    pub fn toggle(&self, id: impl FieldId) -> bool {
        matches!(
            self.field(id).map(|f| &f.kind),
            Some(FieldKind::Toggle(true))
        )
    }
}

/// The widest a form gets.
const MAX_WIDTH: u16 = 78;

/// Draws `form` over the middle of `area`, with `hints` on its last line.
pub fn render(form: &Form, theme: &Theme, hints: Line<'static>, frame: &mut Frame, area: Rect) {
    let fields = form.fields();
    let wanted = u16::try_from(fields.len() + 4).unwrap_or(u16::MAX);
    let inner = crate::tui::screens::overlay(frame, area, (MAX_WIDTH, wanted), form.title(), theme);
    let [body, message, bottom] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    let label_width = fields
        .iter()
        .map(|f| Span::raw(f.label.as_str()).width() + 3)
        .max()
        .unwrap_or(0);
    let label_width = u16::try_from(label_width)
        .unwrap_or(u16::MAX)
        .min(inner.width / 2);
    let height = usize::from(body.height).max(1);
    let offset = (form.focus() + 1).saturating_sub(height);
    for (row, (index, field)) in fields
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .enumerate()
    {
        let y = body.y + u16::try_from(row).unwrap_or(0);
        let [label_area, value_area] =
            Layout::horizontal([Constraint::Length(label_width), Constraint::Fill(1)])
                .areas(Rect::new(body.x, y, body.width, 1));
        let focused = index == form.focus();
        let mark = if field.required { "*" } else { " " };
        let label_style = if focused {
            theme.selected()
        } else {
            theme.header()
        };
        frame.render_widget(
            Paragraph::new(format!(" {}{mark}", field.label)).style(label_style),
            label_area,
        );
        render_value(field, focused, theme, frame, value_area);
    }

    let (text, style) = match (form.question(), form.notice()) {
        (Some(q), _) => (q.to_owned(), theme.key()),
        (None, Some(Notice::Error(e))) => (e.clone(), theme.alert()),
        (None, Some(Notice::Warning(w))) => (w.clone(), theme.key()),
        (None, None) => (String::new(), Style::new()),
    };
    frame.render_widget(Paragraph::new(format!(" {text}")).style(style), message);
    frame.render_widget(hints, bottom);
}

fn render_value(field: &Field, focused: bool, theme: &Theme, frame: &mut Frame, area: Rect) {
    let (left, right) = if theme.ascii {
        ("< ", " >")
    } else {
        ("◂ ", " ▸")
    };
    let value_area = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(2),
        ..area
    };
    let line = match &field.kind {
        FieldKind::Text(input) | FieldKind::Date(input) => {
            let width = usize::from(value_area.width.max(1));
            let scroll = input.visual_scroll(width);
            let text: String = input.value().chars().skip(scroll).collect();
            if focused {
                let x = input.visual_cursor().saturating_sub(scroll);
                let x = value_area.x + u16::try_from(x).unwrap_or(0);
                frame.set_cursor_position(Position::new(
                    x.min(value_area.right().saturating_sub(1)),
                    value_area.y,
                ));
            }
            Line::from(text)
        }
        FieldKind::Choice { options, selected } => {
            let label = selected
                .and_then(|i| options.get(i))
                .map_or_else(|| theme.none().to_owned(), |o| o.label.clone());
            if focused {
                Line::from(format!("{left}{label}{right}"))
            } else {
                Line::from(label)
            }
        }
        FieldKind::Flags {
            options,
            checked,
            cursor,
        } => {
            if focused {
                let mark = if checked.get(*cursor).copied().unwrap_or(false) {
                    "[x]"
                } else {
                    "[ ]"
                };
                let label = options.get(*cursor).map_or("", |o| o.label.as_str());
                let count = tn("form.checked", checked.iter().filter(|c| **c).count(), &[]);
                Line::from(vec![
                    Span::raw(format!("{left}{mark} {label}{right}  ")),
                    Span::styled(count, theme.muted()),
                ])
            } else {
                let set: Vec<&str> = options
                    .iter()
                    .zip(checked)
                    .filter(|(_, c)| **c)
                    .map(|(o, _)| o.label.as_str())
                    .collect();
                if set.is_empty() {
                    Line::from(theme.none())
                } else {
                    Line::from(set.join(", "))
                }
            }
        }
        FieldKind::Toggle(value) => {
            let text = if *value { t("form.yes") } else { t("form.no") };
            let mark = if *value { "[x]" } else { "[ ]" };
            Line::from(format!("{mark} {text}"))
        }
    };
    frame.render_widget(Paragraph::new(line), value_area);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn form() -> Form {
        Form::new(
            "Test".into(),
            vec![
                Field::text("name", "Name".into(), "").required(),
                Field::date("on", "Date".into(), None),
            ],
        )
    }

    #[test]
    fn typed_text_saves_and_cancel_asks_when_dirty() {
        let mut form = form();
        assert_eq!(form.check_required(), Err(Refused));
        assert!(matches!(form.notice(), Some(Notice::Error(e)) if e.contains("Name")));
        assert_eq!(
            form.key(key(KeyCode::Char('q')), Some(Action::Quit)),
            FormEvent::Changed
        );
        assert_eq!(form.text("name"), "q");
        assert!(form.is_dirty() && form.notice().is_none());
        assert_eq!(
            form.key(key(KeyCode::Esc), Some(Action::Back)),
            FormEvent::Changed
        );
        assert!(form.question().is_some());
        assert_eq!(form.key(key(KeyCode::Char('n')), None), FormEvent::Changed);
        assert_eq!(form.text("name"), "q", "the answer is not typed");
        assert_eq!(
            form.key(key(KeyCode::Esc), Some(Action::Back)),
            FormEvent::Changed
        );
        assert_eq!(form.key(key(KeyCode::Char('y')), None), FormEvent::Cancel);
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(form.key(ctrl_s, Some(Action::Save)), FormEvent::Save);
    }

    #[test]
    fn dates_are_read_as_french_users_type_them() {
        let mut form = form();
        form.fields[1].set_value_text("31/12/1990");
        assert_eq!(form.date("on"), Ok(NaiveDate::from_ymd_opt(1990, 12, 31)));
        form.fields[1].set_value_text("31/12");
        assert_eq!(
            form.date("on"),
            Err(Refused),
            "no year without the session's today"
        );
        form.set_today(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap_or_default());
        assert_eq!(form.date("on"), Ok(NaiveDate::from_ymd_opt(2026, 12, 31)));
    }

    #[test]
    fn rebase_keeps_what_the_user_changed_and_takes_the_rest() {
        let mut form = form();
        form.key(key(KeyCode::Char('a')), None);
        let newer = Form::new(
            "Test".into(),
            vec![
                Field::text("name", "Name".into(), "theirs"),
                Field::date("on", "Date".into(), NaiveDate::from_ymd_opt(2026, 1, 2)),
            ],
        );
        form.rebase(newer);
        assert_eq!(form.text("name"), "a");
        assert_eq!(form.text("on"), "2026-01-02");
    }

    #[test]
    fn a_draft_puts_back_values_originals_and_focus() {
        let mut form = form();
        assert_eq!(form.draft(), None, "nothing typed, nothing to keep");
        form.key(key(KeyCode::Char('z')), None);
        form.key(key(KeyCode::Tab), None);
        let draft = form.draft().unwrap();
        let mut back = Form::new(
            "Test".into(),
            vec![
                Field::text("name", "Name".into(), "newer").required(),
                Field::date("on", "Date".into(), None),
            ],
        );
        back.restore(&draft);
        assert_eq!((back.text("name"), back.focus()), ("z".to_owned(), 1));
        assert!(back.is_dirty());
        let newer = Form::new(
            "Test".into(),
            vec![
                Field::text("name", "Name".into(), "theirs"),
                Field::date("on", "Date".into(), NaiveDate::from_ymd_opt(2026, 1, 2)),
            ],
        );
        back.rebase(newer);
        assert_eq!(back.text("name"), "z", "the kept input wins");
        assert_eq!(
            back.text("on"),
            "2026-01-02",
            "the untouched field takes the newer value"
        );
    }

    #[test]
    fn dates_are_checked_and_focus_moves() {
        let mut form = form();
        assert_eq!(form.key(key(KeyCode::Tab), None), FormEvent::Changed);
        assert_eq!(form.key(key(KeyCode::Tab), None), FormEvent::Ignored);
        for c in "2026-02-30".chars() {
            form.key(key(KeyCode::Char(c)), None);
        }
        assert_eq!(form.date("on"), Err(Refused));
        assert_eq!(form.focus(), 1);
        assert_eq!(form.key(key(KeyCode::Up), None), FormEvent::Changed);
        assert_eq!(form.date("name"), Ok(None));
        assert_eq!(
            form.key(key(KeyCode::Esc), Some(Action::Back)),
            FormEvent::Changed
        );
        assert_eq!(form.key(key(KeyCode::Char('y')), None), FormEvent::Cancel);
    }
}

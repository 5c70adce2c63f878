//! One field of a form: a line of text, a date, a choice in a closed list,
//! a set of flags, or a yes/no toggle. Text editing is `tui-input`'s.

use chrono::NaiveDate;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::Input;
use tui_input::backend::crossterm::to_input_request;

use crate::tui::filter::fold;
use crate::tui::show;

/// One option of a closed list: its stable code and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// The code the caller gets back.
    pub code: String,
    /// What the user reads.
    pub label: String,
}

impl Choice {
    /// An option.
    pub fn new(code: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            label: label.into(),
        }
    }
}

/// What a field holds and how it is edited.
#[derive(Debug, Clone)]
pub enum FieldKind {
    /// One line of free text.
    Text(Input),
    /// A date typed as `YYYY-MM-DD`.
    Date(Input),
    /// One of a closed list (or none, when the field is optional).
    Choice {
        /// The options.
        options: Vec<Choice>,
        /// The chosen one.
        selected: Option<usize>,
    },
    /// Any number of a closed list.
    Flags {
        /// The options.
        options: Vec<Choice>,
        /// Which are set.
        checked: Vec<bool>,
        /// The option under the cursor.
        cursor: usize,
    },
    /// Yes or no.
    Toggle(bool),
}

/// What a form finds a field by: a stable name, also the key its input is
/// kept under in a draft (so renaming one loses the drafts already kept).
///
/// Record forms name their fields with an `enum`, so that a misspelt field is
/// a compile error rather than a value silently never read; a plain
/// `&'static str` serves the small forms that are never kept.
pub trait FieldId: Copy {
    /// The field's stable name.
    fn name(self) -> &'static str;
}

impl FieldId for &'static str {
    fn name(self) -> &'static str {
        self
    }
}

/// A labelled field of a form.
#[derive(Debug, Clone)]
pub struct Field {
    /// The name the caller reads the value by.
    pub id: &'static str,
    /// What the user reads.
    pub label: String,
    /// Whether the form refuses to save while the field is empty.
    pub required: bool,
    /// Its value and editor.
    pub kind: FieldKind,
}

impl Field {
    fn new(id: impl FieldId, label: String, kind: FieldKind) -> Self {
        Self {
            id: id.name(),
            label,
            required: false,
            kind,
        }
    }

    /// A free-text field.
    pub fn text(id: impl FieldId, label: String, value: &str) -> Self {
        Self::new(id, label, FieldKind::Text(Input::new(value.to_owned())))
    }

    /// A date field, shown and typed as `YYYY-MM-DD`.
    pub fn date(id: impl FieldId, label: String, value: Option<NaiveDate>) -> Self {
        let text = value.map(show::date);
        Self::new(
            id,
            label,
            FieldKind::Date(Input::new(text.unwrap_or_default())),
        )
    }

    /// A choice among `options`, `selected` by code.
    pub fn choice(
        id: impl FieldId,
        label: String,
        options: Vec<Choice>,
        selected: Option<&str>,
    ) -> Self {
        let selected = selected.and_then(|code| options.iter().position(|o| o.code == code));
        Self::new(id, label, FieldKind::Choice { options, selected })
    }

    /// A set of flags among `options`, those in `checked` (codes) set.
    pub fn flags(id: impl FieldId, label: String, options: Vec<Choice>, checked: &[&str]) -> Self {
        let checked = options
            .iter()
            .map(|o| checked.contains(&o.code.as_str()))
            .collect();
        Self::new(
            id,
            label,
            FieldKind::Flags {
                options,
                checked,
                cursor: 0,
            },
        )
    }

    /// A yes/no field.
    pub fn toggle(id: impl FieldId, label: String, value: bool) -> Self {
        Self::new(id, label, FieldKind::Toggle(value))
    }

    /// The same field, required.
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// Whether the field holds nothing.
    pub fn is_empty(&self) -> bool {
        match &self.kind {
            FieldKind::Text(input) | FieldKind::Date(input) => input.value().trim().is_empty(),
            FieldKind::Choice { selected, .. } => selected.is_none(),
            FieldKind::Flags { checked, .. } => !checked.contains(&true),
            FieldKind::Toggle(_) => false,
        }
    }

    /// The field's value as text, to tell whether two versions of a field hold the same.
    pub fn value_text(&self) -> String {
        match &self.kind {
            FieldKind::Text(input) | FieldKind::Date(input) => input.value().to_owned(),
            FieldKind::Choice { options, selected } => selected
                .and_then(|i| options.get(i))
                .map(|o| o.code.clone())
                .unwrap_or_default(),
            FieldKind::Flags { checked, .. } => {
                checked.iter().map(|c| if *c { '1' } else { '0' }).collect()
            }
            FieldKind::Toggle(value) => value.to_string(),
        }
    }

    /// Puts back a value read by [`Field::value_text`]; a code no longer
    /// offered leaves a choice empty.
    pub fn set_value_text(&mut self, text: &str) {
        match &mut self.kind {
            FieldKind::Text(input) | FieldKind::Date(input) => *input = Input::new(text.to_owned()),
            FieldKind::Choice { options, selected } => {
                *selected = options.iter().position(|o| o.code == text);
            }
            FieldKind::Flags { checked, .. } => {
                for (flag, c) in checked.iter_mut().zip(text.chars()) {
                    *flag = c == '1';
                }
            }
            FieldKind::Toggle(value) => *value = text == "true",
        }
    }

    /// Whether typed characters go into this field as text.
    pub fn takes_text(&self) -> bool {
        matches!(self.kind, FieldKind::Text(_) | FieldKind::Date(_))
    }

    /// Applies a key to the field. Returns whether its value changed, and
    /// whether anything (value or cursor) changed.
    pub fn key(&mut self, event: KeyEvent) -> (bool, bool) {
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match &mut self.kind {
            FieldKind::Text(input) | FieldKind::Date(input) => {
                match to_input_request(&Event::Key(event)).and_then(|r| input.handle(r)) {
                    Some(changed) => (changed.value, true),
                    None => (false, false),
                }
            }
            FieldKind::Choice { options, .. } if options.is_empty() => (false, false),
            FieldKind::Choice { options, selected } => {
                let count = options.len();
                let next = match event.code {
                    KeyCode::Right | KeyCode::Char(' ') => {
                        Some(selected.map_or(0, |s| (s + 1) % count))
                    }
                    KeyCode::Left => Some(selected.map_or(count - 1, |s| (s + count - 1) % count)),
                    KeyCode::Char(c) if plain => jump(options, *selected, c),
                    _ => None,
                };
                match next {
                    Some(n) if Some(n) != *selected => {
                        *selected = Some(n);
                        (true, true)
                    }
                    _ => (false, false),
                }
            }
            FieldKind::Flags {
                options,
                checked,
                cursor,
            } => match event.code {
                KeyCode::Right if *cursor + 1 < options.len() => {
                    *cursor += 1;
                    (false, true)
                }
                KeyCode::Left if *cursor > 0 => {
                    *cursor -= 1;
                    (false, true)
                }
                KeyCode::Char(' ') => {
                    if let Some(flag) = checked.get_mut(*cursor) {
                        *flag = !*flag;
                    }
                    (true, true)
                }
                KeyCode::Char(c) if plain => match jump(options, Some(*cursor), c) {
                    Some(n) => {
                        *cursor = n;
                        (false, true)
                    }
                    None => (false, false),
                },
                _ => (false, false),
            },
            FieldKind::Toggle(value) => match event.code {
                KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => {
                    *value = !*value;
                    (true, true)
                }
                _ => (false, false),
            },
        }
    }
}

/// The next option after `from` whose label starts with `c` (accents and case ignored).
fn jump(options: &[Choice], from: Option<usize>, c: char) -> Option<usize> {
    let wanted = fold(&c.to_string());
    let start = from.map_or(0, |s| s + 1);
    (0..options.len())
        .map(|i| (start + i) % options.len())
        .find(|&i| fold(&options[i].label).starts_with(&wanted))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn choices_cycle_and_jump_by_initial() {
        let options = vec![
            Choice::new("a", "Étape"),
            Choice::new("b", "Entretien"),
            Choice::new("c", "Zèbre"),
        ];
        let mut field = Field::choice("k", "Kind".into(), options, None);
        assert!(field.is_empty());
        assert_eq!(field.key(key(KeyCode::Char('e'))), (true, true));
        assert_eq!(field.key(key(KeyCode::Char('e'))), (true, true));
        assert!(matches!(
            field.kind,
            FieldKind::Choice {
                selected: Some(1),
                ..
            }
        ));
        field.key(key(KeyCode::Right));
        field.key(key(KeyCode::Right));
        assert!(matches!(
            field.kind,
            FieldKind::Choice {
                selected: Some(0),
                ..
            }
        ));
        assert_eq!(field.key(key(KeyCode::Char('x'))), (false, false));
    }

    #[test]
    fn text_is_edited_by_tui_input_and_flags_toggle() {
        let mut field = Field::text("t", "Text".into(), "ab");
        field.key(key(KeyCode::Left));
        field.key(key(KeyCode::Char('X')));
        field.key(key(KeyCode::End));
        field.key(key(KeyCode::Backspace));
        assert!(matches!(&field.kind, FieldKind::Text(i) if i.value() == "aX"));
        let options = vec![Choice::new("a", "A"), Choice::new("b", "B")];
        let mut flags = Field::flags("f", "Flags".into(), options, &["b"]);
        assert!(!flags.is_empty());
        flags.key(key(KeyCode::Right));
        flags.key(key(KeyCode::Char(' ')));
        assert!(flags.is_empty());
    }
}

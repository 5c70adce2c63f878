//! The command palette (`:` or Ctrl-P): a line to type in, and the fuzzy,
//! accent-insensitive matches (see [`super::filter`]) among the actions of the
//! screen shown and the global ones (each with its key), the participants to go
//! to by name or file number, and the ISO week typed (`2026-W48`). Enter runs
//! the highlighted one. The application holds it as an overlay, like the help.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use super::filter::{Needle, haystack};
use crate::domain::IsoWeek;
use crate::i18n::tf;

/// What an entry of the palette does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Runs an action, as its key would.
    Action(Action),
    /// Opens this participant's file.
    File(String),
    /// Shows this week on the time screen.
    Week(IsoWeek),
}

/// One line of the palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// What is shown and searched.
    pub label: String,
    /// The key that does the same, if any.
    pub key: String,
    /// What Enter does.
    pub target: Target,
}

/// What a key did in the palette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The palette stays open; whether it changed.
    Changed(bool),
    /// Closed without running anything.
    Close,
    /// Closed, running this.
    Run(Target),
}

/// The open palette: what is typed, the highlighted match, what can be matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    query: String,
    selected: usize,
    entries: Vec<Entry>,
}

impl Palette {
    /// An empty palette over `entries`, in the order shown before anything is typed.
    pub fn new(entries: Vec<Entry>) -> Self {
        Self {
            query: String::new(),
            selected: 0,
            entries,
        }
    }

    /// What is typed.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The highlighted line among [`Palette::matches`].
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// The entries matching what is typed, best first (all of them, in order, before
    /// anything is typed); a typed ISO week comes first.
    pub fn matches(&self) -> Vec<Entry> {
        let mut found = Vec::new();
        if let Ok(week) = self.query.trim().parse::<IsoWeek>() {
            found.push(Entry {
                label: tf("palette.week", &[("week", &week.to_string())]),
                key: String::new(),
                target: Target::Week(week),
            });
        }
        let mut needle = Needle::new(&self.query);
        if needle.is_empty() {
            found.extend(self.entries.iter().cloned());
            return found;
        }
        let mut scored: Vec<(u32, usize)> = self
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| needle.score(&haystack(&e.label)).map(|s| (s, i)))
            .collect();
        scored.sort_by_key(|&(score, i)| (std::cmp::Reverse(score), i));
        found.extend(scored.into_iter().map(|(_, i)| self.entries[i].clone()));
        found
    }

    /// Applies a key: text goes to the line, Up/Down move, Enter runs, Esc closes.
    pub fn key(&mut self, event: KeyEvent) -> Outcome {
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match event.code {
            KeyCode::Esc => Outcome::Close,
            KeyCode::Enter => match self.matches().into_iter().nth(self.selected) {
                Some(entry) => Outcome::Run(entry.target),
                None => Outcome::Close,
            },
            KeyCode::Up => {
                let before = self.selected;
                self.selected = before.saturating_sub(1);
                Outcome::Changed(before != self.selected)
            }
            KeyCode::Down => {
                let before = self.selected;
                let last = self.matches().len().saturating_sub(1);
                self.selected = (before + 1).min(last);
                Outcome::Changed(before != self.selected)
            }
            KeyCode::Backspace => {
                self.selected = 0;
                Outcome::Changed(self.query.pop().is_some())
            }
            KeyCode::Char(c) if plain => {
                self.query.push(c);
                self.selected = 0;
                Outcome::Changed(true)
            }
            _ => Outcome::Changed(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(palette: &mut Palette, text: &str) {
        for c in text.chars() {
            palette.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    fn palette() -> Palette {
        Palette::new(vec![
            Entry {
                label: "Agenda".into(),
                key: "2".into(),
                target: Target::Action(Action::Agenda),
            },
            Entry {
                label: "P-2026-0001 BRIMÉBRIN Hélène".into(),
                key: String::new(),
                target: Target::File("P-2026-0001".into()),
            },
        ])
    }

    #[test]
    fn names_match_without_accents_and_enter_runs_the_best() {
        let mut p = palette();
        press(&mut p, "helene brimebrin");
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        assert_eq!(
            p.key(enter),
            Outcome::Run(Target::File("P-2026-0001".into()))
        );
        let mut p = palette();
        press(&mut p, "0001");
        assert_eq!(p.matches().len(), 1);
        let mut p = palette();
        press(&mut p, "2026-W47");
        let week = "2026-W47".parse().unwrap();
        assert_eq!(p.matches()[0].target, Target::Week(week));
        let esc = KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE);
        assert_eq!(p.key(esc), Outcome::Close);
    }
}

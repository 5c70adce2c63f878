//! Picking a participant by typing part of a name or file number, with the
//! caseload filter's fuzzy matching (case and accents ignored, every word must match).

use nucleo_matcher::Utf32String;
use tui_input::Input;

use crate::store::CaseloadRow;
use crate::tui::filter::{Needle, haystack};

/// How many matches the picker offers at once.
pub const MAX_MATCHES: usize = 5;

/// A participant the picker can offer.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// File number.
    pub file: String,
    /// "LAST First".
    pub name: String,
    haystack: Utf32String,
}

impl Choice {
    /// A choice from a caseload row.
    pub fn of(row: &CaseloadRow) -> Self {
        let name = format!("{} {}", row.last_name.to_uppercase(), row.first_name);
        let haystack = haystack(&format!("{} {name}", row.file_number));
        Self {
            file: row.file_number.to_string(),
            name,
            haystack,
        }
    }
}

/// The participant field of the appointment form.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    choices: Vec<Choice>,
    /// What is typed to search.
    pub query: Input,
    chosen: Option<Choice>,
    highlighted: usize,
}

impl Picker {
    /// A picker over `choices`, with `chosen` (a file number) already picked.
    pub fn new(choices: Vec<Choice>, chosen: Option<&str>) -> Self {
        let chosen = chosen.map(|file| {
            choices
                .iter()
                .find(|c| c.file == file)
                .cloned()
                .unwrap_or_else(|| Choice {
                    file: file.to_owned(),
                    name: String::new(),
                    haystack: haystack(file),
                })
        });
        Self {
            choices,
            query: Input::default(),
            chosen,
            highlighted: 0,
        }
    }

    /// The picked participant.
    pub fn chosen(&self) -> Option<&Choice> {
        self.chosen.as_ref()
    }

    /// Whether a search is being typed.
    pub fn searching(&self) -> bool {
        !self.query.value().is_empty()
    }

    /// The participants matching what is typed, at most [`MAX_MATCHES`].
    pub fn matches(&self) -> Vec<&Choice> {
        if self.query.value().trim().is_empty() {
            return Vec::new();
        }
        let mut needle = Needle::new(self.query.value());
        self.choices
            .iter()
            .filter(|c| needle.matches(&c.haystack))
            .take(MAX_MATCHES)
            .collect()
    }

    /// Which match is highlighted.
    pub fn highlighted(&self) -> usize {
        self.highlighted.min(self.matches().len().saturating_sub(1))
    }

    /// Moves the highlight among the matches.
    pub fn move_by(&mut self, delta: isize) {
        let n = self.matches().len();
        if n > 0 {
            self.highlighted = self.highlighted().saturating_add_signed(delta).min(n - 1);
        }
    }

    /// Picks the highlighted match and clears the search; returns whether one was picked.
    pub fn pick(&mut self) -> bool {
        let Some(choice) = self.matches().get(self.highlighted()).map(|c| (*c).clone()) else {
            return false;
        };
        self.chosen = Some(choice);
        self.query.reset();
        self.highlighted = 0;
        true
    }

    /// Drops the picked participant (the appointment is with nobody).
    pub fn clear(&mut self) {
        self.chosen = None;
    }

    /// After the search text changed: the highlight goes back to the best match.
    pub fn searched(&mut self) {
        self.highlighted = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    use crate::domain::participant::Status;

    fn row(file: &str, last: &str, first: &str) -> CaseloadRow {
        CaseloadRow {
            id: 1,
            file_number: file.parse().unwrap(),
            last_name: last.into(),
            first_name: first.into(),
            commune: String::new(),
            status: Status::Active,
            referent: None,
            started_on: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
            last_contact: None,
            next_appointment: None,
            alerts: Vec::new(),
        }
    }

    #[test]
    fn finds_by_folded_words_and_picks() {
        let choices = vec![
            Choice::of(&row("P-2026-0001", "Lévêque", "Zoé")),
            Choice::of(&row("P-2026-0002", "Zorglub", "Test")),
        ];
        let mut picker = Picker::new(choices, None);
        picker.query = Input::new("zoe lev".into());
        assert_eq!(picker.matches().len(), 1);
        assert!(picker.pick());
        assert_eq!(picker.chosen().unwrap().file, "P-2026-0001");
        assert!(!picker.searching());
        picker.query = Input::new("0002".into());
        assert!(picker.pick());
        assert_eq!(picker.chosen().unwrap().name, "ZORGLUB Test");
        picker.clear();
        assert!(picker.chosen().is_none());
    }
}

//! The question asked at start when the user has kept drafts: which forms
//! were left unsaved and when, to resume one or discard it.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::Draft;
use crate::i18n::t;
use crate::store::SavedDraft;
use crate::tui::action::Action;
use crate::tui::show;
use crate::tui::widgets::cursor::Cursor;

/// One kept draft in the list.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The slot it fills in the store.
    pub slot: String,
    /// The draft, `None` when this version of the program cannot read it.
    pub draft: Option<Draft>,
    /// What was being edited, in words.
    pub what: String,
    /// When it was kept, local time (`YYYY-MM-DD HH:MM`).
    pub when: String,
}

/// What a key asks of the application.
#[derive(Debug, Clone, PartialEq)]
pub enum Choice {
    /// Nothing.
    Ignored,
    /// The selection moved.
    Moved,
    /// Open this draft's form again (and forget the draft).
    Resume(String, Box<Draft>),
    /// Forget this draft.
    Discard(String),
    /// Close the question; the drafts stay for the next start.
    Later,
}

/// The kept drafts and the selected one.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    items: Vec<Item>,
    cursor: Cursor,
}

/// `saved_at` in local time.
fn local(saved_at: DateTime<Utc>, tz: Tz) -> String {
    show::date_time(show::local(saved_at, tz))
}

impl Offer {
    /// The question for `saved` (newest first), times shown in `tz`; `None` when there is none.
    pub fn new(saved: Vec<SavedDraft>, tz: Tz) -> Option<Self> {
        let items: Vec<Item> = saved
            .into_iter()
            .map(|s| {
                let draft = Draft::from_payload(&s.payload);
                let what = draft
                    .as_ref()
                    .map_or_else(|| t("drafts.unreadable"), Draft::describe);
                Item {
                    slot: s.form,
                    draft,
                    what,
                    when: local(s.saved_at, tz),
                }
            })
            .collect();
        (!items.is_empty()).then_some(Self {
            items,
            cursor: Cursor::default(),
        })
    }

    /// The drafts listed.
    pub fn items(&self) -> &[Item] {
        &self.items
    }

    /// Index of the selected draft.
    pub fn selected(&self) -> usize {
        self.cursor.selected()
    }

    /// What the keymap's `action` asks.
    pub fn act(&mut self, action: Action) -> Choice {
        let len = self.items.len();
        let selected = self.cursor.selected();
        match action {
            Action::Up | Action::Down | Action::First | Action::Last => {
                match self.cursor.navigate(action, len, len, 1) {
                    Some(true) => Choice::Moved,
                    _ => Choice::Ignored,
                }
            }
            Action::Open | Action::Edit => match self.items.get(selected) {
                Some(Item {
                    slot,
                    draft: Some(draft),
                    ..
                }) => Choice::Resume(slot.clone(), Box::new(draft.clone())),
                _ => Choice::Ignored,
            },
            Action::Delete | Action::Clear => self
                .items
                .get(selected)
                .map_or(Choice::Ignored, |i| Choice::Discard(i.slot.clone())),
            Action::Back => Choice::Later,
            _ => Choice::Ignored,
        }
    }

    /// Drops `slot` from the list (discarded); `false` when the list is now empty.
    pub fn remove(&mut self, slot: &str) -> bool {
        self.items.retain(|i| i.slot != slot);
        let len = self.items.len();
        self.cursor.select(self.cursor.selected(), len, len);
        !self.items.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn saved(form: &str, payload: &str) -> SavedDraft {
        SavedDraft {
            form: form.into(),
            payload: payload.into(),
            saved_at: "2026-11-23T13:05:00Z".parse().expect("an instant"),
        }
    }

    #[test]
    fn lists_in_local_time_moves_resumes_and_discards() {
        let note = r#"{"kind":"note","note":{"appointment_id":7,"version":2,"contact_on":"2026-11-23","participant":"P-2026-0002","summary":"x","next_action":"","on_next":false}}"#;
        let mut offer = Offer::new(
            vec![saved("agenda/note/7", note), saved("old", "{}")],
            chrono_tz::Europe::Paris,
        )
        .unwrap();
        assert_eq!(offer.items()[0].when, "2026-11-23 14:05");
        assert_eq!(
            offer.items()[0].what,
            "Journal note · P-2026-0002 · 2026-11-23"
        );
        assert!(
            matches!(offer.act(Action::Open), Choice::Resume(slot, _) if slot == "agenda/note/7")
        );
        assert_eq!(offer.act(Action::Down), Choice::Moved);
        assert_eq!(
            offer.act(Action::Open),
            Choice::Ignored,
            "an unreadable draft cannot resume"
        );
        assert_eq!(offer.act(Action::Delete), Choice::Discard("old".into()));
        assert!(offer.remove("old"));
        assert_eq!(offer.selected(), 0);
        assert_eq!(offer.act(Action::Back), Choice::Later);
        assert!(!offer.remove("agenda/note/7"));
        assert_eq!(Offer::new(Vec::new(), chrono_tz::Europe::Paris), None);
    }
}

//! The note of a time entry being typed, kept when the program ends before
//! it is saved (see `tui::drafts`), and opened again at the next start on
//! the entry's week and cell.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::input::weekday_index;
use super::{Mode, TimeScreen};
use crate::domain::IsoWeek;
use crate::store::{Session, StoreError};

/// The unsaved note of a time entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeNoteDraft {
    /// The entry.
    pub entry_id: i64,
    /// Its version when the note was opened: a change made since is refused
    /// with the usual conflict.
    pub version: i64,
    /// Its date: the week and the day to open again.
    pub date: NaiveDate,
    /// Its activity code.
    pub activity: String,
    /// Its participant's file number.
    pub participant: Option<String>,
    /// The note typed.
    pub text: String,
}

impl TimeScreen {
    /// The note being typed, to keep: `None` unless a note is open and
    /// differs from the entry's.
    pub fn draft(&self) -> Option<TimeNoteDraft> {
        let Mode::Note {
            entry,
            version,
            text,
            ..
        } = &self.mode
        else {
            return None;
        };
        let read = self.entry(*entry)?;
        (read.note != *text).then(|| TimeNoteDraft {
            entry_id: read.id,
            version: *version,
            date: read.date,
            activity: read.activity.clone(),
            participant: read.participant.clone(),
            text: text.clone(),
        })
    }

    /// Opens a kept note again (the screen already [`open`](Self::open)ed):
    /// the actor's week of the entry, its cell selected, the note holding
    /// the kept input at the kept version.
    pub fn resume(&mut self, draft: &TimeNoteDraft, session: &Session) -> Result<(), StoreError> {
        self.referent = None;
        self.go_to(session, IsoWeek::containing(draft.date));
        let (row, selected) = self
            .rows
            .iter()
            .enumerate()
            .find_map(|(r, row)| {
                let cell = row.cells.get(weekday_index(draft.date))?;
                Some((r, cell.iter().position(|e| e.id == draft.entry_id)?))
            })
            .ok_or_else(|| StoreError::not_found("entity.time_entry", draft.entry_id))?;
        self.row = row;
        self.day = weekday_index(draft.date);
        self.clamp();
        self.mode = Mode::Note {
            selected,
            entry: draft.entry_id,
            version: draft.version,
            text: draft.text.clone(),
        };
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;

    use crate::config::Config;
    use crate::demo::{DemoOptions, generate};
    use crate::domain::time::NewTimeEntry;
    use crate::i18n::{Lang, set_language};
    use crate::store::Database;
    use crate::tui::drafts::Draft;
    use crate::tui::{App, Theme, render};

    const TODAY: (i32, u32, u32) = (2026, 11, 23);

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
    }

    fn press(app: &mut App, code: KeyCode) {
        app.key(KeyEvent::new(code, KeyModifiers::NONE));
    }

    fn type_text(app: &mut App, text: &str) {
        text.chars().for_each(|c| press(app, KeyCode::Char(c)));
    }

    fn screen(app: &App) -> String {
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| render(app, f)).unwrap();
        let buffer = terminal.backend().buffer();
        (0..buffer.area.height)
            .map(|y| {
                (0..buffer.area.width)
                    .map(|x| buffer[(x, y)].symbol())
                    .collect::<String>()
                    + "\n"
            })
            .collect()
    }

    /// A kept note is offered at start and resumes on its week and cell
    /// with its input; the open note is what a hang-up would keep; saving
    /// after someone else changed the entry meets the conflict, keeps the
    /// input, and Enter again saves it.
    #[test]
    fn a_kept_time_note_resumes_on_its_cell_and_meets_the_conflict() {
        set_language(Lang::En);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo.db");
        let mut db = Database::open(&path).unwrap();
        generate(&mut db, &DemoOptions::standard(today())).unwrap();
        let mut mine = db.session("demo", today()).unwrap();
        let activity = mine.activities().unwrap()[0].code.clone();
        let entry = mine
            .add_time_entry(&NewTimeEntry {
                date: today(),
                minutes: 45,
                activity: activity.clone(),
                participant: None,
                appointment_id: None,
                note: "Note d'origine".into(),
            })
            .unwrap();
        let kept = Draft::TimeNote {
            note: super::TimeNoteDraft {
                entry_id: entry.id,
                version: entry.version,
                date: entry.date,
                activity: activity.clone(),
                participant: None,
                text: "Note reprise".into(),
            },
        };
        mine.save_draft(&kept.slot(), &kept.to_payload().unwrap())
            .unwrap();

        let session = Database::open(&path)
            .unwrap()
            .session("demo", today())
            .unwrap();
        let mut app = App::new(session, &Config::default())
            .unwrap()
            .with_theme(Theme {
                colour: false,
                ascii: false,
            });
        let offer = screen(&app);
        assert!(
            offer.contains(&format!("Time entry note · 2026-11-23 · {activity}")),
            "{offer}"
        );
        press(&mut app, KeyCode::Enter);
        let resumed = screen(&app);
        assert!(resumed.contains("2026-W48"), "{resumed}");
        assert!(resumed.contains("Note reprise"), "{resumed}");
        assert_eq!(app.unsaved_draft(), Some(kept.clone()));
        assert!(
            mine.drafts().unwrap().is_empty(),
            "a resumed draft is forgotten"
        );

        // Closed and opened again from the cell: the snapshot follows the input.
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.unsaved_draft(), None);
        // `e` opens the note of a cell's one entry, or the list of its several.
        let several = app.time().cell_entries().len() > 1;
        if several {
            press(&mut app, KeyCode::Char('e'));
        }
        let detail = screen(&app);
        assert!(detail.contains("Note d'origine"), "{detail}");
        let Some(selected) = mine
            .week_entries(None, crate::domain::IsoWeek::containing(today()))
            .unwrap()
            .iter()
            .filter(|e| e.date == today() && e.activity == activity && e.participant.is_none())
            .position(|e| e.id == entry.id)
        else {
            panic!("the entry is in its cell");
        };
        (0..selected).for_each(|_| press(&mut app, KeyCode::Down));
        press(&mut app, KeyCode::Char('e'));
        assert_eq!(app.unsaved_draft(), None, "nothing typed yet");
        type_text(&mut app, " bis");
        let Some(Draft::TimeNote { note }) = app.unsaved_draft() else {
            panic!("the open note is kept");
        };
        assert_eq!(
            (note.entry_id, note.version, note.text.as_str()),
            (entry.id, entry.version, "Note d'origine bis")
        );

        // Someone changes the entry meanwhile: the usual conflict, input kept.
        let changed = NewTimeEntry {
            date: entry.date,
            minutes: 60,
            activity: activity.clone(),
            participant: None,
            appointment_id: None,
            note: entry.note.clone(),
        };
        mine.update_time_entry(entry.id, entry.version, &changed)
            .unwrap();
        press(&mut app, KeyCode::Enter);
        let refused = screen(&app);
        let newest = Database::open(&path)
            .unwrap()
            .session("coord", today())
            .unwrap()
            .audit_page(&crate::store::audit_query::AuditFilter::default(), None, 1)
            .unwrap()
            .entries
            .remove(0)
            .at;
        let at = newest.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let local = crate::tui::store_text::local_time(Some(newest), mine.tz());
        assert!(
            refused.contains(&format!("changed by demo at {local}")),
            "{refused}"
        );
        assert!(!refused.contains(&at), "not in UTC: {refused}");
        assert!(refused.contains("Note d'origine bis"), "{refused}");
        press(&mut app, KeyCode::Enter);
        let stored = mine
            .week_entries(None, crate::domain::IsoWeek::containing(today()))
            .unwrap();
        let saved = stored.iter().find(|e| e.id == entry.id).unwrap();
        assert_eq!(
            (saved.minutes, saved.note.as_str()),
            (60, "Note d'origine bis")
        );
    }
}

//! Unsaved forms that outlive the program: the open form's input is kept as
//! a draft for its user within two seconds of the last change, and again
//! when the program ends without a chance to save (a hang-up, a kill), so a
//! dropped SSH link, even one that sends no signal, or a crash loses
//! nothing; the draft is offered back at the user's next start.
//!
//! [`Draft`] is what is kept: which form, on which record (with the version
//! it was read at), and the input. [`keeper`] holds the latest one where its
//! autosave thread and the signal watcher can reach it and writes it through
//! the store; [`offer`] is the question asked at the next start.

pub mod keeper;
pub mod offer;

use serde::{Deserialize, Serialize};

use super::agenda::form::AppointmentDraft;
use super::agenda::note::NoteDraft;
use super::file::editor::EditorDraft;
use super::file::section::Section;
use super::time::draft::TimeNoteDraft;
use crate::i18n::t;
use crate::tui::show;

/// The unsaved input of one open form, and where it belongs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Draft {
    /// A form of a participant file, open over one of its sections.
    File {
        /// The file number.
        file: String,
        /// The section the form was opened from.
        section: Section,
        /// The form.
        editor: EditorDraft,
    },
    /// The new-participant form.
    NewParticipant {
        /// The form.
        editor: EditorDraft,
    },
    /// The agenda's appointment form.
    Appointment {
        /// The form.
        form: AppointmentDraft,
    },
    /// The journal note of an appointment marked done.
    Note {
        /// The form.
        note: NoteDraft,
    },
    /// The note of a time entry, typed on the time screen.
    TimeNote {
        /// The note.
        note: TimeNoteDraft,
    },
}

impl Draft {
    /// The slot the draft fills: one per form and record, so keeping the same
    /// form again replaces the older draft.
    pub fn slot(&self) -> String {
        match self {
            Draft::File { editor, .. } | Draft::NewParticipant { editor } => {
                format!("file/{}", editor.edits.key())
            }
            Draft::Appointment { form } => match form.editing {
                Some((id, _)) => format!("agenda/appointment/{id}"),
                None => "agenda/appointment/new".to_owned(),
            },
            Draft::Note { note } => format!("agenda/note/{}", note.appointment_id),
            Draft::TimeNote { note } => format!("time/note/{}", note.entry_id),
        }
    }

    /// What was being edited, in words: the form's title and its subject.
    pub fn describe(&self) -> String {
        match self {
            Draft::File { file, editor, .. } => format!("{} · {file}", t(editor.edits.title_key())),
            Draft::NewParticipant { editor } => t(editor.edits.title_key()),
            Draft::Appointment { form } => {
                let title = if form.editing.is_some() {
                    t("drafts.form.edit_appointment")
                } else {
                    t("drafts.form.new_appointment")
                };
                format!("{title} · {} {}", form.date.trim(), form.time.trim())
            }
            Draft::Note { note } => format!(
                "{} · {} · {}",
                t("drafts.form.note"),
                note.participant,
                show::date(note.contact_on)
            ),
            Draft::TimeNote { note } => {
                let mut what = format!(
                    "{} · {} · {}",
                    t("drafts.form.time_note"),
                    show::date(note.date),
                    note.activity
                );
                if let Some(file) = &note.participant {
                    what.push_str(&format!(" · {file}"));
                }
                what
            }
        }
    }

    /// The draft as stored (JSON).
    pub fn to_payload(&self) -> serde_json::Result<String> {
        serde_json::to_string(self)
    }

    /// A stored draft read back; `None` when it was written by a version of
    /// the program whose forms differ.
    pub fn from_payload(payload: &str) -> Option<Self> {
        serde_json::from_str(payload).ok()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::tui::file::editor::Edits;
    use crate::tui::widgets::form::{FieldDraft, FormDraft};

    #[test]
    fn drafts_round_trip_through_their_payload_and_name_their_slot() {
        let editor = EditorDraft {
            edits: Edits::NewContact {
                file: "P-2026-0001".into(),
            },
            form: FormDraft {
                focus: 3,
                fields: vec![FieldDraft {
                    id: "summary".into(),
                    value: "Appel fictif".into(),
                    original: String::new(),
                }],
            },
        };
        let file = Draft::File {
            file: "P-2026-0001".into(),
            section: Section::Journal,
            editor,
        };
        let note = Draft::Note {
            note: NoteDraft {
                appointment_id: 7,
                version: 2,
                contact_on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
                participant: "P-2026-0002".into(),
                summary: "Entretien fictif".into(),
                next_action: String::new(),
                on_next: false,
            },
        };
        let time = Draft::TimeNote {
            note: TimeNoteDraft {
                entry_id: 12,
                version: 3,
                date: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
                activity: "ACC".into(),
                participant: Some("P-2026-0003".into()),
                text: "Note fictive".into(),
            },
        };
        for draft in [&file, &note, &time] {
            let payload = draft.to_payload().unwrap();
            assert_eq!(Draft::from_payload(&payload).as_ref(), Some(draft));
        }
        assert_eq!(file.slot(), "file/contact/new/P-2026-0001");
        assert_eq!(note.slot(), "agenda/note/7");
        assert_eq!(file.describe(), "New contact · P-2026-0001");
        assert_eq!(time.slot(), "time/note/12");
        assert_eq!(
            time.describe(),
            "Time entry note · 2026-11-24 · ACC · P-2026-0003"
        );
        assert_eq!(Draft::from_payload(r#"{"kind":"gone"}"#), None);
    }
}

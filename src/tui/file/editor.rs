//! The forms of the participant file: the open form and the record it
//! edits. What differs between records (fields, checks, the store call) is
//! each kind's definition in `super::forms`; opening, keeping a draft,
//! resuming one, saving and reloading after a conflict are written here once.

use chrono::NaiveDate;
use chrono_tz::Tz;
use crossterm::event::KeyEvent;

use super::forms::barrier::{LiftBarrierForm, NewBarrierForm};
use super::forms::esf::EsfForm;
use super::forms::lifecycle::{CorrectionForm, EventForm, ReassignForm};
use super::forms::milestone;
use super::forms::participant::{NewParticipantForm, ParticipantForm};
use super::forms::{ListForm, RecordForm, Unsaved};
use crate::domain::esf::{EsfRecord, EsfStage};
use crate::domain::lifecycle::EventKind;
use crate::domain::participant::Participant;
use crate::i18n::{t, tf};
use crate::store::{Barrier, Contact, EventRecord, Milestone, Session, Step, StoreError};
use crate::tui::action::Action;
use crate::tui::store_text::local_time;
use crate::tui::widgets::form::{Form, FormDraft, FormEvent};

/// The tag of the "reload after a conflict?" question.
const RELOAD: &str = "reload";

/// The record a kept form edits: its key, and the version it was read at
/// for an existing record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Edits {
    /// A new participant file.
    NewParticipant,
    /// A participant's identity and entry data.
    Participant {
        /// File number.
        file: String,
        /// Version read.
        version: i64,
    },
    /// A new journal contact in `file`.
    NewContact {
        /// File number.
        file: String,
    },
    /// A journal contact.
    Contact {
        /// Contact id.
        id: i64,
        /// Version read.
        version: i64,
    },
    /// A new pathway step in `file`.
    NewStep {
        /// File number.
        file: String,
    },
    /// A pathway step.
    Step {
        /// Step id.
        id: i64,
        /// Version read.
        version: i64,
    },
    /// A new barrier in `file`.
    NewBarrier {
        /// File number.
        file: String,
    },
    /// A barrier being lifted.
    LiftBarrier {
        /// Barrier id.
        id: i64,
        /// Version read.
        version: i64,
    },
    /// A new milestone review in `file`.
    NewMilestone {
        /// File number.
        file: String,
    },
    /// A milestone review.
    Milestone {
        /// Milestone id.
        id: i64,
        /// Version read.
        version: i64,
    },
    /// The exit of participant `file`.
    Exit {
        /// File number.
        file: String,
        /// Version read.
        version: i64,
    },
    /// Another lifecycle event of participant `file` (entry file, decision, contract, check).
    Event {
        /// File number.
        file: String,
        /// Version read.
        version: i64,
        /// The event's kind.
        kind: EventKind,
    },
    /// A coordinator's correction of event `event` of participant `file`.
    Correction {
        /// File number.
        file: String,
        /// Version read.
        version: i64,
        /// The event's id.
        event: i64,
    },
    /// The reassignment of participant `file` to another referent.
    Reassign {
        /// File number.
        file: String,
        /// Version read.
        version: i64,
    },
    /// The ESF entry questionnaire of participant `file`.
    EsfEntry {
        /// File number.
        file: String,
        /// Version of the record read.
        version: i64,
    },
    /// The ESF situation on leaving of participant `file`.
    EsfExit {
        /// File number.
        file: String,
        /// Version of the record read.
        version: i64,
    },
    /// The ESF situation six months after leaving of participant `file`.
    EsfFollowUp {
        /// File number.
        file: String,
        /// Version of the record read.
        version: i64,
    },
}

impl Edits {
    /// The translation key of the form's title.
    pub fn title_key(&self) -> &'static str {
        match self {
            Edits::NewParticipant => "file.form.new_participant",
            Edits::Participant { .. } => "file.form.edit_participant",
            Edits::NewContact { .. } => "file.form.new_contact",
            Edits::Contact { .. } => "file.form.edit_contact",
            Edits::NewStep { .. } => "file.form.new_step",
            Edits::Step { .. } => "file.form.edit_step",
            Edits::NewBarrier { .. } => "file.form.new_barrier",
            Edits::LiftBarrier { .. } => "file.form.lift_barrier",
            Edits::NewMilestone { .. } => "file.form.new_milestone",
            Edits::Milestone { .. } => "file.form.edit_milestone",
            Edits::Exit { .. } => "file.form.exit",
            Edits::Event { kind, .. } => match kind {
                EventKind::EntryFile => "lifecycle.form.entry_file",
                EventKind::Commission => "lifecycle.form.commission",
                EventKind::Contract => "lifecycle.form.contract",
                EventKind::Exit => "file.form.exit",
                EventKind::FollowUp => "lifecycle.form.follow_up",
            },
            Edits::Correction { .. } => "lifecycle.form.correct",
            Edits::Reassign { .. } => "lifecycle.form.reassign",
            Edits::EsfEntry { .. } => "file.form.esf_entry",
            Edits::EsfExit { .. } => "file.form.esf_exit",
            Edits::EsfFollowUp { .. } => "file.form.esf_follow_up",
        }
    }

    /// A key naming the record, distinct for every record a form can edit.
    pub fn key(&self) -> String {
        match self {
            Edits::NewParticipant => "participant/new".to_owned(),
            Edits::Participant { file, .. } => format!("participant/{file}"),
            Edits::NewContact { file } => format!("contact/new/{file}"),
            Edits::Contact { id, .. } => format!("contact/{id}"),
            Edits::NewStep { file } => format!("step/new/{file}"),
            Edits::Step { id, .. } => format!("step/{id}"),
            Edits::NewBarrier { file } => format!("barrier/new/{file}"),
            Edits::LiftBarrier { id, .. } => format!("barrier/{id}"),
            Edits::NewMilestone { file } => format!("milestone/new/{file}"),
            Edits::Milestone { id, .. } => format!("milestone/{id}"),
            Edits::Exit { file, .. } => format!("exit/{file}"),
            Edits::Event { file, kind, .. } => format!("lifecycle/{kind}/{file}"),
            Edits::Correction { event, .. } => format!("lifecycle/correct/{event}"),
            Edits::Reassign { file, .. } => format!("reassign/{file}"),
            Edits::EsfEntry { file, .. } => format!("esf/entry/{file}"),
            Edits::EsfExit { file, .. } => format!("esf/exit/{file}"),
            Edits::EsfFollowUp { file, .. } => format!("esf/follow-up/{file}"),
        }
    }
}

/// The unsaved input of a file form, to keep and put back later.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct EditorDraft {
    /// What the form edits.
    pub edits: Edits,
    /// The input.
    pub form: FormDraft,
}

/// What a key did to an open form.
#[derive(Debug, Clone, PartialEq)]
pub enum EditorEvent {
    /// Nothing.
    Ignored,
    /// The form changed: redraw.
    Changed,
    /// The user left without saving.
    Cancelled,
    /// Saved: the participant's file as it now is (a new file for a creation).
    Saved(String),
}

/// A stored record read again for a kept draft, put back at the version the
/// draft was read at, so that saving it after somebody else's change is
/// refused as a conflict.
trait AtVersion {
    /// The record, at `version`.
    fn at(self, version: i64) -> Self;
}

/// Implements [`AtVersion`] for records with a `version` field.
macro_rules! at_version {
    ($($record:ty),+) => {
        $(impl AtVersion for $record {
            fn at(self, version: i64) -> Self {
                Self { version, ..self }
            }
        })+
    };
}

at_version!(Participant, Contact, Step, Barrier, Milestone, EsfRecord);

/// An open form and the record it edits.
#[derive(Debug, Clone)]
pub struct Editor {
    form: Form,
    record: Box<dyn RecordForm>,
}

impl Editor {
    /// The form of `record`, holding its values.
    fn open(record: Box<dyn RecordForm>) -> Self {
        let mut form = Form::new(t(record.title_key()), record.fields());
        if let Some(notice) = record.notice() {
            form.set_warning(notice);
        }
        Self { form, record }
    }

    /// The form for a new participant file, oriented today by default; a
    /// coordinator also chooses the referent (a referent's new files are theirs).
    pub fn new_participant(session: &Session) -> Self {
        Self::open(Box::new(NewParticipantForm::new(session)))
    }

    /// The form editing a participant's identity and entry data.
    pub fn edit_participant(p: &Participant) -> Self {
        Self::open(Box::new(ParticipantForm::new(p.clone())))
    }

    /// The form for a new journal contact, today by default.
    pub fn new_contact(file: &str, today: NaiveDate) -> Self {
        Self::open(Box::new(ListForm::<Contact>::New {
            file: file.to_owned(),
            defaults: today,
        }))
    }

    /// The form editing a journal contact (typically to write its note); a
    /// stored contact shows its own day, so `_today` serves new ones only
    /// (the file pane passes it to both).
    pub fn edit_contact(contact: &Contact, _today: NaiveDate) -> Self {
        Self::open(Box::new(ListForm::Stored(contact.clone())))
    }

    /// The form for a new pathway step.
    pub fn new_step(file: &str) -> Self {
        Self::open(Box::new(ListForm::<Step>::New {
            file: file.to_owned(),
            defaults: (),
        }))
    }

    /// The form editing a step; setting its actual end and outcome closes it.
    pub fn edit_step(step: &Step) -> Self {
        Self::open(Box::new(ListForm::Stored(step.clone())))
    }

    /// The form noting a barrier, today by default.
    pub fn new_barrier(file: &str, today: NaiveDate) -> Self {
        Self::open(Box::new(NewBarrierForm::new(file, today)))
    }

    /// The form marking a barrier lifted, today by default.
    pub fn lift_barrier(barrier: &Barrier, today: NaiveDate) -> Self {
        Self::open(Box::new(LiftBarrierForm::new(barrier.clone(), today)))
    }

    /// The form recording a milestone review held today by default.
    pub fn new_milestone(file: &str, today: NaiveDate, objectives: &str) -> Self {
        Self::open(Box::new(ListForm::<Milestone>::New {
            file: file.to_owned(),
            defaults: milestone::blank(today, objectives),
        }))
    }

    /// The form editing a milestone review.
    pub fn edit_milestone(m: &Milestone) -> Self {
        Self::open(Box::new(ListForm::Stored(m.clone())))
    }

    /// The form recording lifecycle event `kind` of `p`, today by default.
    pub fn event(p: &Participant, kind: EventKind, today: NaiveDate) -> Self {
        Self::open(Box::new(EventForm::new(p.clone(), kind, today)))
    }

    /// A coordinator's correction or cancellation of event `record` of `p`.
    pub fn correct(p: &Participant, record: &EventRecord) -> Self {
        Self::open(Box::new(CorrectionForm::new(p.clone(), record.clone())))
    }

    /// A coordinator's reassignment of `p` to another referent.
    pub fn reassign(p: &Participant, session: &Session) -> Self {
        Self::open(Box::new(ReassignForm::new(p.clone(), session)))
    }

    /// What the last save did, in words, when there is more to say than that it was saved.
    pub fn saved(&self) -> Option<String> {
        self.record.saved()
    }

    /// The ESF entry questionnaire of `record`.
    pub fn esf_entry(record: &EsfRecord) -> Self {
        Self::esf_stage(record, EsfStage::Entry)
    }

    /// The questionnaire of `stage` of the ESF `record`.
    pub fn esf_stage(record: &EsfRecord, stage: EsfStage) -> Self {
        Self::open(Box::new(EsfForm::new(record.clone(), stage)))
    }

    /// The unsaved input, to keep: `None` while nothing was typed.
    pub fn draft(&self) -> Option<EditorDraft> {
        let form = self.form.draft()?;
        let edits = self.record.edits()?;
        Some(EditorDraft { edits, form })
    }

    /// The form of a kept draft, with its input: an existing record is read
    /// again but keeps the version the draft was read at, so saving it after
    /// somebody else's change is refused with the usual conflict.
    pub fn restore(draft: &EditorDraft, session: &Session) -> Result<Self, StoreError> {
        let today = session.today();
        let mut editor = match &draft.edits {
            Edits::NewParticipant => Self::new_participant(session),
            Edits::Participant { file, version } => {
                Self::edit_participant(&session.participant(file)?.at(*version))
            }
            Edits::NewContact { file } => Self::new_contact(file, today),
            Edits::Contact { id, version } => {
                Self::edit_contact(&session.contact(*id)?.at(*version), today)
            }
            Edits::NewStep { file } => Self::new_step(file),
            Edits::Step { id, version } => Self::edit_step(&session.step(*id)?.at(*version)),
            Edits::NewBarrier { file } => Self::new_barrier(file, today),
            Edits::LiftBarrier { id, version } => {
                Self::lift_barrier(&session.barrier(*id)?.at(*version), today)
            }
            Edits::NewMilestone { file } => {
                let last = session.milestones(file)?.into_iter().next();
                let objectives = last.map_or(String::new(), |m| m.details.new_objectives);
                Self::new_milestone(file, today, &objectives)
            }
            Edits::Milestone { id, version } => {
                Self::edit_milestone(&session.milestone(*id)?.at(*version))
            }
            Edits::Exit { file, version } => Self::event(
                &session.participant(file)?.at(*version),
                EventKind::Exit,
                today,
            ),
            Edits::Event {
                file,
                version,
                kind,
            } => Self::event(&session.participant(file)?.at(*version), *kind, today),
            Edits::Correction {
                file,
                version,
                event,
            } => {
                let record = session
                    .lifecycle_events(file)?
                    .into_iter()
                    .find(|r| r.id == *event)
                    .ok_or_else(|| StoreError::not_found("lifecycle.entity.event", event))?;
                Self::correct(&session.participant(file)?.at(*version), &record)
            }
            Edits::Reassign { file, version } => {
                Self::reassign(&session.participant(file)?.at(*version), session)
            }
            Edits::EsfEntry { file, version } => {
                Self::esf_entry(&session.esf_record(file)?.at(*version))
            }
            Edits::EsfExit { file, version } => {
                Self::esf_stage(&session.esf_record(file)?.at(*version), EsfStage::Exit)
            }
            Edits::EsfFollowUp { file, version } => {
                Self::esf_stage(&session.esf_record(file)?.at(*version), EsfStage::FollowUp)
            }
        };
        editor.form.restore(&draft.form);
        Ok(editor)
    }

    /// The form, for drawing.
    pub fn form(&self) -> &Form {
        &self.form
    }

    /// Applies a key; saving goes through `session`, a conflict's time shown in `tz`.
    pub fn key(
        &mut self,
        event: KeyEvent,
        action: Option<Action>,
        session: &mut Session,
        tz: Tz,
    ) -> EditorEvent {
        match self.form.key(event, action) {
            FormEvent::Ignored => EditorEvent::Ignored,
            FormEvent::Changed => EditorEvent::Changed,
            FormEvent::Cancel => EditorEvent::Cancelled,
            FormEvent::Save => match self.save(session, tz) {
                Some(file) => EditorEvent::Saved(file),
                None => EditorEvent::Changed,
            },
            FormEvent::Confirmed(RELOAD) => {
                self.reload(session);
                EditorEvent::Changed
            }
            FormEvent::Confirmed(_) => EditorEvent::Changed,
        }
    }

    /// Checks the input and saves it; returns the participant's file number,
    /// or `None` with the reason shown in the form (a conflict's time in `tz`).
    fn save(&mut self, session: &mut Session, tz: Tz) -> Option<String> {
        self.form.set_today(session.today());
        match self.record.save(&mut self.form, session) {
            Ok(file) => Some(file),
            Err(Unsaved::Shown) => None,
            Err(Unsaved::Store(StoreError::Conflict { by, at })) => {
                let at = local_time(at, tz);
                let question = tf("file.conflict", &[("by", &by), ("at", &at)]);
                self.form.ask(RELOAD, question);
                None
            }
            Err(Unsaved::Store(e)) => {
                self.form.set_error(e.to_string(), None);
                None
            }
        }
    }

    /// Reads the record again after a conflict: the fields the user changed
    /// keep the input, the others take the newer values.
    fn reload(&mut self, session: &Session) {
        match self.record.reread(session) {
            Ok(None) => {}
            Ok(Some(record)) => {
                let fresh = Self::open(record);
                self.form.rebase(fresh.form);
                self.record = fresh.record;
                self.form.set_warning(t("file.reloaded"));
            }
            Err(e) => self.form.set_error(e.to_string(), None),
        }
    }
}

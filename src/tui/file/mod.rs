//! The participant file: its state (the file, the section shown, the lists
//! read so far, the selection, the open form) and how keys change it.
//!
//! Sections are read lazily: a list is read from the store the first time
//! its section is shown, and read again after a save.

pub mod delete;
pub mod editor;
mod forms;
pub mod section;

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use crossterm::event::KeyEvent;

use self::delete::{DeleteEvent, DeleteFile};
use self::editor::{Editor, EditorEvent};
pub use self::forms::lifecycle::next_kind;
use self::section::Section;
use crate::domain::agenda::Appointment;
use crate::domain::esf::{EsfRecord, EsfStage};
use crate::domain::participant::Participant;
use crate::domain::schedule::local_instant;
use crate::i18n::{t, tf};
use crate::store::{Barrier, Contact, EventRecord, Milestone, Session, Step, StoreError};
use crate::tui::action::Action;
use crate::tui::drafts::Draft;
use crate::tui::screen::{Context, Outcome as ScreenOutcome, Route, Screen};
use crate::tui::status::StatusLine;
use crate::tui::widgets::cursor::Cursor;

/// What a key did, for the application around the file.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Nothing changed.
    Ignored,
    /// The state changed: redraw.
    Changed,
    /// Something was saved: the caseload's lines are out of date.
    Saved,
    /// The user left the file (or gave up creating one): back to the caseload.
    Close,
    /// An action for the application: help, quit, or another screen (which closes the file).
    Pass(Action),
    /// Show this appointment in the agenda, on its week (which closes the file).
    ShowInAgenda(Appointment),
    /// The file was deleted (entered by mistake): back to the caseload, read again.
    Deleted(String),
}

/// How many lines Page Up / Page Down move in a section's list.
const FILE_PAGE: usize = 10;

/// The lists of a file, each read when first shown.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    /// The journal, newest first.
    pub contacts: Option<Vec<Contact>>,
    /// The steps, in order.
    pub steps: Option<Vec<Step>>,
    /// The barriers, current first.
    pub barriers: Option<Vec<Barrier>>,
    /// The milestone reviews, newest first.
    pub milestones: Option<Vec<Milestone>>,
    /// The appointments: coming ones first (soonest first), then past ones (latest first).
    pub appointments: Option<Appointments>,
    /// The lifecycle events, set-aside ones included, in date order.
    pub events: Option<Vec<EventRecord>>,
    /// The ESF record.
    pub esf: Option<EsfRecord>,
}

/// A participant's appointments, split at the start of today (local time).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Appointments {
    /// From today on, soonest first.
    pub coming: Vec<Appointment>,
    /// Before today, latest first.
    pub past: Vec<Appointment>,
}

impl Appointments {
    /// Splits appointments (in any order) at `from`: those starting then or later are coming.
    pub fn split(mut all: Vec<Appointment>, from: DateTime<Utc>) -> Self {
        all.sort_by_key(|a| (a.starts_at, a.id));
        let at = all.partition_point(|a| a.starts_at < from);
        let coming = all.split_off(at);
        all.reverse();
        Self { coming, past: all }
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.coming.len() + self.past.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The appointment on line `index` (coming ones, then past ones).
    pub fn get(&self, index: usize) -> Option<&Appointment> {
        self.coming
            .get(index)
            .or_else(|| self.past.get(index.checked_sub(self.coming.len())?))
    }

    /// Every appointment, in display order.
    pub fn iter(&self) -> impl Iterator<Item = &Appointment> {
        self.coming.iter().chain(&self.past)
    }
}

/// An open participant file.
#[derive(Debug, Clone)]
pub struct FileView {
    participant: Participant,
    tz: Tz,
    section: Section,
    lists: Lists,
    cursor: Cursor,
    editor: Option<Editor>,
    /// The deletion of a file entered by mistake, while asked (coordinators).
    deleting: Option<DeleteFile>,
    message: Option<StatusLine>,
}

/// The file pane: an open file, or the form creating a new one.
#[derive(Debug, Clone)]
pub enum Pane {
    /// A participant file.
    File(Box<FileView>),
    /// The new-participant form over the caseload; the time zone the file will be shown in.
    Creating(Box<Editor>, Tz),
}

impl Pane {
    /// Opens the file `file_number` on its summary (the store logs a
    /// coordinator's reading of a file outside their own caseload); times
    /// are shown in `tz`.
    pub fn open(session: &mut Session, file_number: &str, tz: Tz) -> Result<Self, StoreError> {
        let participant = session.open_participant(file_number)?;
        Ok(Pane::File(Box::new(FileView::new(participant, tz))))
    }

    /// The file `file` on `section`, with `editor` open over it (a kept
    /// draft resumed); read like [`Pane::open`].
    pub fn resume(
        session: &mut Session,
        file: &str,
        section: Section,
        editor: Editor,
        tz: Tz,
    ) -> Result<Self, StoreError> {
        let mut view = FileView::new(session.open_participant(file)?, tz);
        view.show(section, session);
        view.editor = Some(editor);
        Ok(Pane::File(Box::new(view)))
    }

    /// The new-participant form (with the referent to choose, for a coordinator).
    pub fn create(session: &Session, tz: Tz) -> Self {
        Pane::Creating(Box::new(Editor::new_participant(session)), tz)
    }

    /// Reads the open file again (others changed the database), on the same
    /// section and line; not while a form is open, which keeps its input.
    /// Returns whether it read.
    pub fn reload(&mut self, session: &Session) -> bool {
        match self {
            Pane::File(view) if view.editor.is_none() && view.deleting.is_none() => {
                view.refresh(session);
                true
            }
            _ => false,
        }
    }

    /// Applies a key (with the keymap's action for it).
    pub fn key(
        &mut self,
        event: KeyEvent,
        action: Option<Action>,
        session: &mut Session,
    ) -> Outcome {
        match self {
            Pane::File(view) => view.key(event, action, session),
            Pane::Creating(editor, tz) => match editor.key(event, action, session, *tz) {
                EditorEvent::Ignored => Outcome::Ignored,
                EditorEvent::Changed => Outcome::Changed,
                EditorEvent::Cancelled => Outcome::Close,
                EditorEvent::Saved(file) => match Pane::open(session, &file, *tz) {
                    Ok(pane) => {
                        *self = pane;
                        Outcome::Saved
                    }
                    Err(_) => Outcome::Close,
                },
            },
        }
    }
}

impl FileView {
    fn new(participant: Participant, tz: Tz) -> Self {
        Self {
            participant,
            tz,
            section: Section::Summary,
            lists: Lists::default(),
            cursor: Cursor::default(),
            editor: None,
            deleting: None,
            message: None,
        }
    }

    /// The participant's file.
    pub fn participant(&self) -> &Participant {
        &self.participant
    }

    /// The time zone appointments are shown in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The section shown.
    pub fn section(&self) -> Section {
        self.section
    }

    /// The lists read so far.
    pub fn lists(&self) -> &Lists {
        &self.lists
    }

    /// Position of the selection in the section's list.
    pub fn selected(&self) -> usize {
        self.cursor.selected()
    }

    /// The open form, if any.
    pub fn editor(&self) -> Option<&Editor> {
        self.editor.as_ref()
    }

    /// The deletion being asked, if any.
    pub fn deleting(&self) -> Option<&DeleteFile> {
        self.deleting.as_ref()
    }

    /// A message for the status line (a save, an error).
    pub fn message(&self) -> Option<&StatusLine> {
        self.message.as_ref()
    }

    fn file_number(&self) -> &str {
        &self.participant.file_number
    }

    /// How many lines the current section's list has.
    fn list_len(&self) -> usize {
        let lists = &self.lists;
        match self.section {
            Section::Pathway => lists.steps.as_ref().map_or(0, Vec::len),
            Section::Journal => lists.contacts.as_ref().map_or(0, Vec::len),
            Section::Barriers => lists.barriers.as_ref().map_or(0, Vec::len),
            Section::Milestones => lists.milestones.as_ref().map_or(0, Vec::len),
            Section::Appointments => lists.appointments.as_ref().map_or(0, Appointments::len),
            Section::Lifecycle => lists.events.as_ref().map_or(0, Vec::len),
            // One line per stage: the selection picks the questionnaire `e` opens.
            Section::Esf => lists.esf.as_ref().map_or(0, |_| EsfStage::ALL.len()),
            Section::Summary => 0,
        }
    }

    /// Reads the current section's list if it was not read yet.
    fn load(&mut self, session: &Session) {
        let file = self.participant.file_number.clone();
        let result = match self.section {
            Section::Pathway if self.lists.steps.is_none() => {
                session.steps(&file).map(|l| self.lists.steps = Some(l))
            }
            Section::Journal if self.lists.contacts.is_none() => session
                .contacts(&file)
                .map(|l| self.lists.contacts = Some(l)),
            Section::Barriers if self.lists.barriers.is_none() => session
                .barriers(&file)
                .map(|l| self.lists.barriers = Some(l)),
            Section::Milestones if self.lists.milestones.is_none() => session
                .milestones(&file)
                .map(|l| self.lists.milestones = Some(l)),
            Section::Lifecycle if self.lists.events.is_none() => session
                .lifecycle_events(&file)
                .map(|l| self.lists.events = Some(l)),
            Section::Esf if self.lists.esf.is_none() => {
                session.esf_record(&file).map(|r| self.lists.esf = Some(r))
            }
            Section::Appointments if self.lists.appointments.is_none() => {
                let from = start_of(session.today(), self.tz);
                session
                    .participant_appointments(&file)
                    .map(|l| self.lists.appointments = Some(Appointments::split(l, from)))
            }
            _ => Ok(()),
        };
        if let Err(e) = result {
            self.message = Some(StatusLine::error(e.to_string()));
        }
    }

    /// Shows `section`, reading its list if needed.
    pub fn show(&mut self, section: Section, session: &Session) {
        self.section = section;
        self.cursor.reset();
        self.load(session);
    }

    /// Reads the file and the shown list again (after a save).
    fn refresh(&mut self, session: &Session) {
        match session.participant(&self.participant.file_number) {
            Ok(p) => self.participant = p,
            Err(e) => self.message = Some(StatusLine::error(e.to_string())),
        }
        self.lists = Lists::default();
        self.load(session);
        let len = self.list_len();
        self.cursor.select(self.cursor.selected(), len, len);
    }

    fn key(&mut self, event: KeyEvent, action: Option<Action>, session: &mut Session) -> Outcome {
        if let Some(editor) = self.editor.as_mut() {
            return match editor.key(event, action, session, self.tz) {
                EditorEvent::Ignored => Outcome::Ignored,
                EditorEvent::Changed => Outcome::Changed,
                EditorEvent::Cancelled => {
                    self.editor = None;
                    Outcome::Changed
                }
                EditorEvent::Saved(_) => {
                    let said = editor.saved().unwrap_or_else(|| t("file.saved"));
                    self.editor = None;
                    self.message = Some(StatusLine::warning(said));
                    self.refresh(session);
                    Outcome::Saved
                }
            };
        }
        if let Some(deleting) = self.deleting.as_mut() {
            return match deleting.key(event, action, session) {
                DeleteEvent::Ignored => Outcome::Ignored,
                DeleteEvent::Changed => Outcome::Changed,
                DeleteEvent::Cancelled => {
                    self.deleting = None;
                    Outcome::Changed
                }
                DeleteEvent::Deleted => Outcome::Deleted(self.participant.file_number.clone()),
            };
        }
        let Some(action) = action else {
            return Outcome::Ignored;
        };
        let had_message = self.message.take().is_some();
        let outcome = self.act(action, session);
        if had_message && outcome == Outcome::Ignored {
            Outcome::Changed
        } else {
            outcome
        }
    }

    fn act(&mut self, action: Action, session: &mut Session) -> Outcome {
        let len = self.list_len();
        // No scroll to keep here: the section draws the selection where it fits.
        if let Some(moved) = self.cursor.navigate(action, len, len, FILE_PAGE) {
            return if moved {
                Outcome::Changed
            } else {
                Outcome::Ignored
            };
        }
        match action {
            Action::Back => Outcome::Close,
            Action::FocusNext | Action::Right => {
                self.show(self.section.next(), session);
                Outcome::Changed
            }
            Action::FocusPrevious | Action::Left => {
                self.show(self.section.previous(), session);
                Outcome::Changed
            }
            Action::New => self.open_editor(self.new_editor(session)),
            Action::Open if self.section == Section::Appointments => {
                match self
                    .lists
                    .appointments
                    .as_ref()
                    .and_then(|l| l.get(self.cursor.selected()))
                {
                    Some(a) => Outcome::ShowInAgenda(a.clone()),
                    None => Outcome::Ignored,
                }
            }
            Action::Edit | Action::Open
                if self.section == Section::Lifecycle && !session.actor().is_coordinator() =>
            {
                self.message = Some(StatusLine::warning(t(
                    "lifecycle.hint.coordinator_corrects",
                )));
                Outcome::Changed
            }
            Action::Edit | Action::Open if self.section == Section::Esf => {
                if let Some(why) = self.esf_not_open(session) {
                    self.message = Some(StatusLine::warning(why));
                    return Outcome::Changed;
                }
                self.open_editor(self.edit_editor(session))
            }
            Action::Edit | Action::Open => self.open_editor(self.edit_editor(session)),
            // Only a coordinator is offered it; the store checks again.
            Action::Delete
                if self.section == Section::Summary && session.actor().is_coordinator() =>
            {
                self.deleting = Some(DeleteFile::new(&self.participant.file_number));
                Outcome::Changed
            }
            Action::NextReferent if session.actor().is_coordinator() => {
                self.open_editor(Some(Editor::reassign(&self.participant, session)))
            }
            Action::NextReferent => {
                let refused = StoreError::forbidden(&session.actor().login, "what.reassign");
                self.message = Some(StatusLine::error(refused.to_string()));
                Outcome::Changed
            }
            // The keys that mean the same on every screen.
            Action::Help
            | Action::Palette
            | Action::Quit
            | Action::Caseload
            | Action::Agenda
            | Action::Time
            | Action::Dashboard
            | Action::Audit
            | Action::Indicators => Outcome::Pass(action),
            _ => Outcome::Ignored,
        }
    }

    fn open_editor(&mut self, editor: Option<Editor>) -> Outcome {
        match editor {
            Some(editor) => {
                self.editor = Some(editor);
                Outcome::Changed
            }
            None => Outcome::Ignored,
        }
    }

    /// The form `n` opens in the current section.
    fn new_editor(&self, session: &Session) -> Option<Editor> {
        let today = session.today();
        let file = self.file_number();
        match self.section {
            Section::Summary | Section::Appointments | Section::Esf => None,
            Section::Pathway => Some(Editor::new_step(file)),
            Section::Journal => Some(Editor::new_contact(file, today)),
            Section::Barriers => Some(Editor::new_barrier(file, today)),
            Section::Milestones => {
                let last = self.lists.milestones.as_ref().and_then(|l| l.first());
                let objectives = last.map_or("", |m| m.details.new_objectives.as_str());
                Some(Editor::new_milestone(file, today, objectives))
            }
            Section::Lifecycle => Some(Editor::event(
                &self.participant,
                next_kind(&self.participant),
                today,
            )),
        }
    }

    /// The form `e` (or `Enter`) opens in the current section, on the selected line.
    fn edit_editor(&self, session: &Session) -> Option<Editor> {
        let today = session.today();
        let i = self.cursor.selected();
        match self.section {
            Section::Summary => Some(Editor::edit_participant(&self.participant)),
            Section::Pathway => self.lists.steps.as_ref()?.get(i).map(Editor::edit_step),
            Section::Journal => self
                .lists
                .contacts
                .as_ref()?
                .get(i)
                .map(|c| Editor::edit_contact(c, today)),
            Section::Barriers => self
                .lists
                .barriers
                .as_ref()?
                .get(i)
                .filter(|b| b.lifted_on.is_none())
                .map(|b| Editor::lift_barrier(b, today)),
            Section::Milestones => self
                .lists
                .milestones
                .as_ref()?
                .get(i)
                .map(Editor::edit_milestone),
            Section::Appointments => None,
            Section::Lifecycle => self
                .lists
                .events
                .as_ref()?
                .get(i)
                .filter(|r| r.is_live())
                .map(|r| Editor::correct(&self.participant, r)),
            Section::Esf => self.esf_editor(session),
        }
    }

    /// The questionnaire of the selected ESF stage; a stage not reached yet says when it
    /// opens instead.
    fn esf_editor(&self, session: &Session) -> Option<Editor> {
        let record = self.lists.esf.as_ref()?;
        let stage = *EsfStage::ALL.get(self.cursor.selected())?;
        let opens = record.state(stage).opens_on;
        match (stage, opens) {
            (EsfStage::Entry, _) => Some(Editor::esf_entry(record)),
            (_, Some(day)) if day <= session.today() => Some(Editor::esf_stage(record, stage)),
            _ => None,
        }
    }

    /// Why the selected ESF stage cannot be filled in yet, if it cannot.
    fn esf_not_open(&self, session: &Session) -> Option<String> {
        let record = self.lists.esf.as_ref()?;
        let stage = *EsfStage::ALL.get(self.cursor.selected())?;
        match record.state(stage).opens_on {
            _ if stage == EsfStage::Entry => None,
            None => Some(t("esf.section.no_exit")),
            Some(day) if day > session.today() => Some(tf(
                "esf.section.opens",
                &[("date", &crate::tui::show::date(day))],
            )),
            Some(_) => None,
        }
    }
}

/// The instant the local day `day` starts in `tz` (UTC midnight if the zone skips it).
fn start_of(day: NaiveDate, tz: Tz) -> DateTime<Utc> {
    local_instant(day, chrono::NaiveTime::MIN, tz)
        .unwrap_or_else(|_| day.and_time(chrono::NaiveTime::MIN).and_utc())
}

impl Screen for Pane {
    fn key(
        &mut self,
        event: KeyEvent,
        action: Option<Action>,
        ctx: &mut Context<'_>,
    ) -> ScreenOutcome {
        match Pane::key(self, event, action, ctx.session) {
            // The file keeps the keys it does not use: only those it passes on are global.
            Outcome::Ignored => ScreenOutcome::Done(false),
            Outcome::Changed => ScreenOutcome::Done(true),
            Outcome::Saved => ScreenOutcome::Go(Route::CaseloadChanged),
            Outcome::Close => ScreenOutcome::Go(Route::Caseload),
            Outcome::Pass(_) => ScreenOutcome::Ignored,
            Outcome::ShowInAgenda(appointment) => ScreenOutcome::Go(Route::Agenda(appointment)),
            Outcome::Deleted(file) => ScreenOutcome::Go(Route::Deleted(file)),
        }
    }

    fn refresh(&mut self, ctx: &mut Context<'_>) -> bool {
        self.reload(ctx.session)
    }

    fn draft(&self) -> Option<Draft> {
        match self {
            Pane::File(view) => view.editor()?.draft().map(|editor| Draft::File {
                file: view.participant().file_number.clone(),
                section: view.section(),
                editor,
            }),
            Pane::Creating(editor, _) => editor
                .draft()
                .map(|editor| Draft::NewParticipant { editor }),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::agenda::{AppointmentKind, AppointmentStatus};

    fn at(day: u32, hour: u32, id: i64) -> Appointment {
        Appointment {
            id,
            referent: "demo".into(),
            participant: Some("P-2026-0001".into()),
            participant_name: None,
            kind: AppointmentKind::Individual,
            starts_at: Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap(),
            minutes: 45,
            title: String::new(),
            location: String::new(),
            status: AppointmentStatus::Planned,
            uid: String::new(),
            version: 1,
        }
    }

    #[test]
    fn appointments_split_at_the_local_start_of_today() {
        // 2026-11-23 starts at 04:00 UTC in Martinique.
        let from = start_of(
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            chrono_tz::America::Martinique,
        );
        let list = Appointments::split(
            vec![
                at(30, 13, 1),
                at(23, 3, 2),
                at(10, 13, 3),
                at(23, 5, 4),
                at(20, 13, 5),
            ],
            from,
        );
        let ids: Vec<i64> = list.iter().map(|a| a.id).collect();
        assert_eq!(
            ids,
            [4, 1, 2, 5, 3],
            "coming soonest first, then past latest first"
        );
        assert_eq!(list.get(2).map(|a| a.id), Some(2));
        assert_eq!(list.get(5), None);
        assert_eq!((list.coming.len(), list.len()), (2, 5));
    }
}

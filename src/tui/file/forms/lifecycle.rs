//! The lifecycle's forms: recording the next event of a file (the entry file, the
//! commission's decision, the engagement contract, the exit, the six-month check;
//! today by default), a coordinator's correction or cancellation of a recorded event,
//! with its reason, and the reassignment of a file to another referent.

use chrono::NaiveDate;

use super::{FormField, RecordForm, Unsaved};
use crate::domain::lifecycle::{Event, EventKind, ExitOutcome, Situation};
use crate::domain::participant::{CommissionDecision, Participant, Status};
use crate::domain::pathway::job_follow_up_due;
use crate::domain::user::Role;
use crate::i18n::{t, tf, tn};
use crate::store::{Change, EventRecord, Session, StoreError};
use crate::tui::file::editor::Edits;
use crate::tui::show;
use crate::tui::widgets::field::{Choice, Field};
use crate::tui::widgets::form::Form;

form_fields! {
    /// A field of the lifecycle forms.
    EventField {
        /// The day of an event other than an exit.
        On => "on", "event_on",
        /// The exit's day (the name exit drafts were kept under).
        ExitOn => "exit_on", "exit_on",
        /// The commission's decision.
        Decision => "decision", "commission_decision",
        /// How the pathway ended.
        Outcome => "outcome", "exit_outcome",
        /// The situation at the six-month check.
        Situation => "situation", "situation",
        /// A free note.
        Note => "note", "note",
        /// A correction: the event did not happen.
        Cancel => "cancel", "cancel_event",
        /// A correction's reason.
        Reason => "reason", "reason",
        /// The referent a file goes to.
        Referent => "referent", "new_referent",
    }
}

use EventField as F;

/// The event the file's status calls for next: the entry file (again, after an exit
/// or a refusal), the decision, the contract once accepted, the exit, the check.
pub fn next_kind(p: &Participant) -> EventKind {
    match p.status {
        Status::Oriented | Status::Exited | Status::NotAdmitted => EventKind::EntryFile,
        Status::AwaitingCommission
            if p.commission_decision == Some(CommissionDecision::Accepted) =>
        {
            EventKind::Contract
        }
        Status::AwaitingCommission => EventKind::Commission,
        Status::Active => EventKind::Exit,
        Status::JobFollowUp => EventKind::FollowUp,
    }
}

/// The choices of a decision, an outcome (with its category) or a situation.
fn value_choices(kind: EventKind) -> Vec<Choice> {
    match kind {
        EventKind::Commission => CommissionDecision::ALL
            .iter()
            .map(|d| Choice::new(d.code(), d.label()))
            .collect(),
        EventKind::Exit => ExitOutcome::ALL
            .iter()
            .map(|o| {
                Choice::new(
                    o.code(),
                    format!("{} ({})", o.label(), o.category().label()),
                )
            })
            .collect(),
        EventKind::FollowUp => Situation::ALL
            .iter()
            .map(|s| Choice::new(s.code(), s.label()))
            .collect(),
        EventKind::EntryFile | EventKind::Contract => Vec::new(),
    }
}

/// The field holding an event's value, if its kind has one.
fn value_field(kind: EventKind, selected: Option<&str>) -> Option<Field> {
    let field = match kind {
        EventKind::Commission => F::Decision,
        EventKind::Exit => F::Outcome,
        EventKind::FollowUp => F::Situation,
        EventKind::EntryFile | EventKind::Contract => return None,
    };
    Some(field.choice(value_choices(kind), selected).required())
}

/// The code chosen in the value field of `kind`.
fn chosen(form: &Form, kind: EventKind) -> Option<String> {
    let field = match kind {
        EventKind::Commission => F::Decision,
        EventKind::Exit => F::Outcome,
        EventKind::FollowUp => F::Situation,
        EventKind::EntryFile | EventKind::Contract => return None,
    };
    form.choice(field).map(str::to_owned)
}

/// The date field of `kind`.
fn date_field(kind: EventKind) -> F {
    if kind == EventKind::Exit {
        F::ExitOn
    } else {
        F::On
    }
}

/// The form recording the next event of a file.
#[derive(Debug, Clone)]
pub struct EventForm {
    participant: Participant,
    kind: EventKind,
    today: NaiveDate,
}

impl EventForm {
    /// The event `kind` of `participant`, `today` by default.
    pub fn new(participant: Participant, kind: EventKind, today: NaiveDate) -> Self {
        Self {
            participant,
            kind,
            today,
        }
    }
}

impl RecordForm for EventForm {
    fn title_key(&self) -> &'static str {
        let reentry = matches!(
            self.participant.status,
            Status::Exited | Status::NotAdmitted
        );
        match self.kind {
            EventKind::EntryFile if reentry => "lifecycle.form.reentry",
            EventKind::EntryFile => "lifecycle.form.entry_file",
            EventKind::Commission => "lifecycle.form.commission",
            EventKind::Contract => "lifecycle.form.contract",
            EventKind::Exit => "file.form.exit",
            EventKind::FollowUp => "lifecycle.form.follow_up",
        }
    }

    fn fields(&self) -> Vec<Field> {
        let mut fields = vec![date_field(self.kind).date(Some(self.today)).required()];
        fields.extend(value_field(self.kind, None));
        if matches!(self.kind, EventKind::Exit | EventKind::FollowUp) {
            fields.push(F::Note.text(""));
        }
        fields
    }

    /// What the event leads to.
    fn notice(&self) -> Option<String> {
        Some(match self.kind {
            EventKind::EntryFile if self.participant.contract_on.is_some() => tf(
                "lifecycle.notice.reentry",
                &[(
                    "date",
                    &self
                        .participant
                        .contract_on
                        .map(show::date)
                        .unwrap_or_default(),
                )],
            ),
            EventKind::EntryFile => t("lifecycle.notice.entry_file"),
            EventKind::Commission => t("lifecycle.notice.commission"),
            EventKind::Contract => t("lifecycle.notice.contract"),
            EventKind::Exit => t("lifecycle.notice.exit"),
            EventKind::FollowUp => {
                let due = self
                    .participant
                    .exit_check_due
                    .or(self.participant.exit_on.map(job_follow_up_due));
                tf(
                    "lifecycle.notice.follow_up",
                    &[("due", &due.map(show::date).unwrap_or_default())],
                )
            }
        })
    }

    fn edits(&self) -> Option<Edits> {
        let file = self.participant.file_number.clone();
        let version = self.participant.version;
        Some(match self.kind {
            EventKind::Exit => Edits::Exit { file, version },
            kind => Edits::Event {
                file,
                version,
                kind,
            },
        })
    }

    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        form.check_required()?;
        let on = form.date(date_field(self.kind))?.ok_or(Unsaved::Shown)?;
        let note = form.text(F::Note);
        let value = chosen(form, self.kind);
        let code = value.as_deref();
        let event = match self.kind {
            EventKind::EntryFile => Event::entry_file(on),
            EventKind::Contract => Event::contract(on),
            EventKind::Commission => Event::commission(
                on,
                code.and_then(CommissionDecision::from_code)
                    .ok_or(Unsaved::Shown)?,
            ),
            EventKind::Exit => Event::exit(
                on,
                code.and_then(ExitOutcome::from_code)
                    .ok_or(Unsaved::Shown)?,
                &note,
            ),
            EventKind::FollowUp => Event::follow_up(
                on,
                code.and_then(Situation::from_code).ok_or(Unsaved::Shown)?,
                &note,
            ),
        };
        let p = &self.participant;
        Ok(session
            .record_event(&p.file_number, p.version, &event)?
            .file_number)
    }

    fn reread(&self, session: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        let fresh = session.participant(&self.participant.file_number)?;
        Ok(Some(Box::new(Self::new(fresh, self.kind, self.today))))
    }
}

/// A coordinator's correction of one recorded event: its date, its value, or its
/// cancellation, always with a reason.
#[derive(Debug, Clone)]
pub struct CorrectionForm {
    participant: Participant,
    record: EventRecord,
}

impl CorrectionForm {
    /// The correction of `record`, an event of `participant`.
    pub fn new(participant: Participant, record: EventRecord) -> Self {
        Self {
            participant,
            record,
        }
    }
}

impl RecordForm for CorrectionForm {
    fn title_key(&self) -> &'static str {
        "lifecycle.form.correct"
    }

    fn fields(&self) -> Vec<Field> {
        let e = &self.record.event;
        let mut fields = vec![date_field(e.kind).date(Some(e.on)).required()];
        fields.extend(value_field(e.kind, e.value_code()));
        fields.push(F::Cancel.toggle(false));
        fields.push(F::Reason.text("").required());
        fields
    }

    /// Which event, and what a correction does.
    fn notice(&self) -> Option<String> {
        let e = &self.record.event;
        Some(tf(
            "lifecycle.notice.correct",
            &[("what", &e.kind.label()), ("date", &show::date(e.on))],
        ))
    }

    fn edits(&self) -> Option<Edits> {
        Some(Edits::Correction {
            file: self.participant.file_number.clone(),
            version: self.participant.version,
            event: self.record.id,
        })
    }

    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        form.check_required()?;
        let e = &self.record.event;
        let change = if form.toggle(F::Cancel) {
            Change::Cancel
        } else {
            let on = form.date(date_field(e.kind))?.filter(|d| *d != e.on);
            let value = chosen(form, e.kind).filter(|c| Some(c.as_str()) != e.value_code());
            Change::Amend { on, value }
        };
        let reason = form.text(F::Reason);
        let p = &self.participant;
        Ok(session
            .correct_event(&p.file_number, p.version, self.record.id, &reason, &change)?
            .file_number)
    }

    fn reread(&self, session: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        let fresh = session.participant(&self.participant.file_number)?;
        let record = session
            .lifecycle_events(&fresh.file_number)?
            .into_iter()
            .find(|r| r.id == self.record.id)
            .ok_or_else(|| StoreError::not_found("lifecycle.entity.event", self.record.id))?;
        Ok(Some(Box::new(Self::new(fresh, record))))
    }
}

/// A coordinator gives a file to another referent, its coming appointments with it.
#[derive(Debug, Clone)]
pub struct ReassignForm {
    participant: Participant,
    referents: Vec<Choice>,
    /// What the reassignment did, once saved.
    done: Option<String>,
}

impl ReassignForm {
    /// The reassignment of `participant`, among the active referents but theirs.
    pub fn new(participant: Participant, session: &Session) -> Self {
        let current = participant.referent.clone();
        let referents = session
            .users()
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.active && u.role == Role::Referent && Some(&u.login) != current.as_ref())
            .map(|u| Choice::new(u.login.clone(), format!("{} ({})", u.name, u.login)))
            .collect();
        Self {
            participant,
            referents,
            done: None,
        }
    }
}

impl RecordForm for ReassignForm {
    fn title_key(&self) -> &'static str {
        "lifecycle.form.reassign"
    }

    fn fields(&self) -> Vec<Field> {
        vec![F::Referent.choice(self.referents.clone(), None).required()]
    }

    /// Who holds the file now, and what moves with it.
    fn notice(&self) -> Option<String> {
        let from = self
            .participant
            .referent
            .clone()
            .unwrap_or_else(|| "—".to_owned());
        Some(tf("lifecycle.notice.reassign", &[("from", &from)]))
    }

    fn edits(&self) -> Option<Edits> {
        Some(Edits::Reassign {
            file: self.participant.file_number.clone(),
            version: self.participant.version,
        })
    }

    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        form.check_required()?;
        let login = form.choice(F::Referent).ok_or(Unsaved::Shown)?.to_owned();
        let p = &self.participant;
        let done = session.reassign(&p.file_number, p.version, &login)?;
        self.done = Some(tn(
            "lifecycle.reassigned",
            done.moved,
            &[("file", &done.participant.file_number), ("to", &done.to)],
        ));
        Ok(done.participant.file_number)
    }

    fn saved(&self) -> Option<String> {
        self.done.clone()
    }

    fn reread(&self, session: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        let fresh = session.participant(&self.participant.file_number)?;
        Ok(Some(Box::new(Self::new(fresh, session))))
    }
}

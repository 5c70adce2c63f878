//! The forms of the participant file: which record each one edits, its
//! fields, and how its input is checked and saved through the store.

use chrono::NaiveDate;
use chrono_tz::Tz;
use crossterm::event::KeyEvent;

use crate::domain::DomainError;
use crate::domain::duration::{check_minutes, parse_minutes};
use crate::domain::journal::ContactKind;
use crate::domain::participant::{
    CommissionDecision, Criterion, EducationLevel, ExitOutcome, LabourStatus, NewParticipant,
    Participant, Sex, Status,
};
use crate::domain::pathway::{BarrierKind, StepKind, StepOutcome};
use crate::domain::user::Role;
use crate::i18n::{t, tf};
use crate::store::{
    Barrier, Contact, Milestone, NewBarrier, NewContact, NewMilestone, NewStep, Session, Step,
    StoreError,
};
use crate::tui::action::Action;
use crate::tui::store_text::local_time;
use crate::tui::widgets::field::{Choice, Field};
use crate::tui::widgets::form::{Form, FormDraft, FormEvent, Refused};

/// The tag of the "reload after a conflict?" question.
const RELOAD: &str = "reload";

/// What a form edits.
#[derive(Debug, Clone)]
enum Target {
    /// A new file; the identity last warned about as a possible duplicate.
    NewParticipant(Option<(String, String, NaiveDate)>),
    EditParticipant(Participant),
    NewContact(String),
    EditContact(Contact),
    NewStep(String),
    EditStep(Step),
    NewBarrier(String),
    LiftBarrier(Barrier),
    NewMilestone(String),
    EditMilestone(Milestone),
    Exit(Participant),
    ConfirmFollowUp(Participant),
}

/// The record a kept form edits: its key, and the version it was read at
/// for an existing record.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
pub enum Edits {
    /// A new participant file.
    NewParticipant,
    /// A participant's identity, entry and commission data.
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

/// An open form and the record it edits.
#[derive(Debug, Clone)]
pub struct Editor {
    form: Form,
    target: Target,
}

fn options<T: Copy>(all: &[T], code: fn(T) -> &'static str, label: fn(T) -> String) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice::new(code(*v), label(*v)))
        .collect()
}

fn label(key: &str) -> String {
    t(&format!("file.field.{key}"))
}

/// The identity and entry fields shared by the new and edit participant forms.
fn participant_fields(d: &NewParticipant) -> Vec<Field> {
    let criteria: Vec<&str> = d.criteria.iter().map(|c| c.code()).collect();
    vec![
        Field::text("last", label("last_name"), &d.last_name).required(),
        Field::text("first", label("first_name"), &d.first_name).required(),
        Field::date("birth", label("birth_date"), d.birth_date).required(),
        Field::choice(
            "sex",
            label("sex"),
            options(Sex::ALL, Sex::code, Sex::label),
            d.sex.map(Sex::code),
        ),
        Field::text("phone", label("phone"), &d.phone),
        Field::text("email", label("email"), &d.email),
        Field::text("commune", label("commune"), &d.commune),
        Field::text("postcode", label("postcode"), &d.postcode),
        Field::toggle("qpv", label("qpv"), d.qpv),
        Field::text("prescriber", label("prescriber"), &d.prescriber),
        Field::flags(
            "criteria",
            label("criteria"),
            options(Criterion::ALL, Criterion::code, Criterion::label),
            &criteria,
        ),
        Field::choice(
            "labour",
            label("labour_status"),
            options(LabourStatus::ALL, LabourStatus::code, LabourStatus::label),
            d.labour_status.map(LabourStatus::code),
        ),
        Field::choice(
            "education",
            label("education"),
            options(
                EducationLevel::ALL,
                EducationLevel::code,
                EducationLevel::label,
            ),
            d.education.map(EducationLevel::code),
        ),
        Field::date("oriented", label("oriented_on"), d.oriented_on).required(),
    ]
}

/// Statuses a form may set by hand: the exit has its own form.
const EDITABLE_STATUSES: &[Status] =
    &[Status::Oriented, Status::AwaitingCommission, Status::Active];

/// The referent field: for a coordinator, a choice among the active
/// referents (and the current one); for a referent, their own name alone,
/// which cannot be changed (reassigning is a coordinator's decision).
fn referent_field(session: &Session, current: Option<&str>) -> Field {
    let coordinator = session.actor().is_coordinator();
    let mut options: Vec<Choice> = if coordinator {
        session
            .users()
            .unwrap_or_default()
            .into_iter()
            .filter(|u| u.active && u.role == Role::Referent)
            .map(|u| Choice::new(u.login.clone(), format!("{} ({})", u.name, u.login)))
            .collect()
    } else {
        Vec::new()
    };
    if let Some(login) = current.filter(|l| !options.iter().any(|o| o.code == *l)) {
        let label = if coordinator {
            login.to_owned()
        } else {
            tf("file.referent_fixed", &[("login", login)])
        };
        options.insert(0, Choice::new(login, label));
    }
    Field::choice("referent", label("referent"), options, current)
}

fn participant_details(form: &mut Form) -> Result<NewParticipant, Refused> {
    form.check_required()?;
    let birth_date = form.date("birth")?;
    let oriented_on = form.date("oriented")?;
    Ok(NewParticipant {
        last_name: form.text("last"),
        first_name: form.text("first"),
        birth_date,
        sex: form.choice("sex").and_then(Sex::from_code),
        commune: form.text("commune"),
        postcode: form.text("postcode"),
        qpv: form.toggle("qpv"),
        phone: form.text("phone"),
        email: form.text("email"),
        prescriber: form.text("prescriber"),
        criteria: form
            .flags("criteria")
            .into_iter()
            .filter_map(Criterion::from_code)
            .collect(),
        labour_status: form.choice("labour").and_then(LabourStatus::from_code),
        education: form.choice("education").and_then(EducationLevel::from_code),
        oriented_on,
    })
}

/// Checks a participant's identity with the domain rules, showing the error on its field.
fn validate_details(
    form: &mut Form,
    details: &NewParticipant,
    today: NaiveDate,
) -> Result<(), Refused> {
    details.validate(today).map_err(|e| {
        let field = if e.key == "error.birth_date" {
            "birth"
        } else {
            "oriented"
        };
        form.fail(e, field)
    })
}

/// Checks that dates follow each other (each no earlier than the ones before) and are not in the future.
fn dates_in_order(
    form: &mut Form,
    dates: &[(&str, Option<NaiveDate>)],
    today: NaiveDate,
) -> Result<(), Refused> {
    let label = |form: &Form, id: &str| {
        form.fields()
            .iter()
            .find(|f| f.id == id)
            .map_or_else(String::new, |f| f.label.clone())
    };
    let mut previous: Option<(&str, NaiveDate)> = None;
    for (id, date) in dates {
        let Some(date) = *date else { continue };
        let error = if date > today {
            Some(DomainError::new("file.error.future").arg("field", label(form, id)))
        } else {
            previous.filter(|(_, p)| date < *p).map(|(before, p)| {
                DomainError::new("file.error.before")
                    .arg("field", label(form, id))
                    .arg("previous", label(form, before))
                    .arg("date", p)
            })
        };
        if let Some(error) = error {
            form.fail(error.arg("value", date), id);
            return Err(Refused);
        }
        previous = Some((id, date));
    }
    Ok(())
}

fn contact_fields(c: Option<&NewContact>, today: NaiveDate) -> Vec<Field> {
    let kind = c.map_or(ContactKind::FaceToFace, |c| c.kind);
    let minutes = c.map(|c| c.minutes.to_string()).unwrap_or_default();
    vec![
        Field::date(
            "on",
            label("contact_on"),
            Some(c.map_or(today, |c| c.contact_on)),
        )
        .required(),
        Field::choice(
            "kind",
            label("contact_kind"),
            options(ContactKind::ALL, ContactKind::code, ContactKind::label),
            Some(kind.code()),
        )
        .required(),
        Field::text("minutes", label("minutes"), &minutes),
        Field::text(
            "summary",
            label("summary"),
            c.map_or("", |c| c.summary.as_str()),
        ),
        Field::text(
            "next",
            label("next_action"),
            c.map_or("", |c| c.next_action.as_str()),
        ),
    ]
}

fn contact_details(form: &mut Form, appointment_id: Option<i64>) -> Result<NewContact, Refused> {
    form.check_required()?;
    let Some(contact_on) = form.date("on")? else {
        return Err(Refused);
    };
    let text = form.text("minutes");
    let minutes = if text.is_empty() || text == "0" {
        0
    } else if text.chars().all(|c| c.is_ascii_digit()) {
        // A bare number is minutes here (a contact lasts minutes, not hours).
        let n = text.parse::<i64>().unwrap_or(i64::MAX);
        check_minutes(n).map_err(|e| form.fail(e, "minutes"))?
    } else {
        parse_minutes(&text).map_err(|e| form.fail(e, "minutes"))?
    };
    Ok(NewContact {
        contact_on,
        kind: form
            .choice("kind")
            .and_then(ContactKind::from_code)
            .unwrap_or(ContactKind::FaceToFace),
        minutes,
        summary: form.text("summary"),
        next_action: form.text("next"),
        appointment_id,
    })
}

fn milestone_details(form: &mut Form) -> Result<NewMilestone, Refused> {
    form.check_required()?;
    let Some(held_on) = form.date("held_on")? else {
        return Err(Refused);
    };
    Ok(NewMilestone {
        held_on,
        objectives: form.text("objectives"),
        achieved: form.text("achieved"),
        new_objectives: form.text("new_objectives"),
    })
}

fn step_fields(s: Option<&NewStep>) -> Vec<Field> {
    vec![
        Field::choice(
            "kind",
            label("step_kind"),
            options(StepKind::ALL, StepKind::code, StepKind::label),
            s.map(|s| s.kind.code()),
        )
        .required(),
        Field::text(
            "provider",
            label("provider"),
            s.map_or("", |s| s.provider.as_str()),
        ),
        Field::date(
            "planned_start",
            label("planned_start"),
            s.and_then(|s| s.planned_start),
        ),
        Field::date(
            "planned_end",
            label("planned_end"),
            s.and_then(|s| s.planned_end),
        ),
        Field::date(
            "actual_start",
            label("actual_start"),
            s.and_then(|s| s.actual_start),
        ),
        Field::date(
            "actual_end",
            label("actual_end"),
            s.and_then(|s| s.actual_end),
        ),
        Field::choice(
            "outcome",
            label("outcome"),
            options(StepOutcome::ALL, StepOutcome::code, StepOutcome::label),
            s.and_then(|s| s.outcome).map(StepOutcome::code),
        ),
        Field::text("note", label("note"), s.map_or("", |s| s.note.as_str())),
    ]
}

fn step_details(form: &mut Form) -> Result<NewStep, Refused> {
    form.check_required()?;
    let step = NewStep {
        kind: form
            .choice("kind")
            .and_then(StepKind::from_code)
            .unwrap_or(StepKind::Diagnostic),
        provider: form.text("provider"),
        planned_start: form.date("planned_start")?,
        planned_end: form.date("planned_end")?,
        actual_start: form.date("actual_start")?,
        actual_end: form.date("actual_end")?,
        outcome: form.choice("outcome").and_then(StepOutcome::from_code),
        note: form.text("note"),
    };
    step.validate().map_err(|e| {
        let field = if e.key == "error.required" {
            "actual_start"
        } else if e.key == "file.error.step_outcome" {
            "outcome"
        } else {
            "actual_end"
        };
        form.fail(e, field)
    })?;
    Ok(step)
}

impl Editor {
    fn new(title_key: &str, fields: Vec<Field>, target: Target) -> Self {
        Self {
            form: Form::new(t(title_key), fields),
            target,
        }
    }

    /// The form for a new participant file, oriented today by default; a
    /// coordinator also chooses the referent (a referent's new files are theirs).
    pub fn new_participant(session: &Session) -> Self {
        let blank = NewParticipant {
            oriented_on: Some(session.today()),
            ..NewParticipant::default()
        };
        let mut fields = participant_fields(&blank);
        if session.actor().is_coordinator() {
            fields.push(referent_field(session, None));
        }
        Self::new(
            "file.form.new_participant",
            fields,
            Target::NewParticipant(None),
        )
    }

    /// The form editing a participant's identity, entry and commission data,
    /// and (for a coordinator) the referent.
    pub fn edit_participant(p: &Participant, session: &Session) -> Self {
        let mut fields = participant_fields(&p.details);
        fields.extend([
            Field::date("commission_on", label("commission_on"), p.commission_on),
            Field::choice(
                "decision",
                label("commission_decision"),
                options(
                    CommissionDecision::ALL,
                    CommissionDecision::code,
                    CommissionDecision::label,
                ),
                p.commission_decision.map(CommissionDecision::code),
            ),
            Field::date("contract_on", label("contract_on"), p.contract_on),
        ]);
        if EDITABLE_STATUSES.contains(&p.status) {
            fields.push(
                Field::choice(
                    "status",
                    label("status"),
                    options(EDITABLE_STATUSES, Status::code, Status::label),
                    Some(p.status.code()),
                )
                .required(),
            );
        }
        fields.push(referent_field(session, p.referent.as_deref()));
        Self::new(
            "file.form.edit_participant",
            fields,
            Target::EditParticipant(p.clone()),
        )
    }

    /// The form for a new journal contact, today by default.
    pub fn new_contact(file: &str, today: NaiveDate) -> Self {
        Self::new(
            "file.form.new_contact",
            contact_fields(None, today),
            Target::NewContact(file.to_owned()),
        )
    }

    /// The form editing a journal contact (typically to write its note).
    pub fn edit_contact(contact: &Contact, today: NaiveDate) -> Self {
        let fields = contact_fields(Some(&contact.details), today);
        Self::new(
            "file.form.edit_contact",
            fields,
            Target::EditContact(contact.clone()),
        )
    }

    /// The form for a new pathway step.
    pub fn new_step(file: &str) -> Self {
        Self::new(
            "file.form.new_step",
            step_fields(None),
            Target::NewStep(file.to_owned()),
        )
    }

    /// The form editing a step; setting its actual end and outcome closes it.
    pub fn edit_step(step: &Step) -> Self {
        Self::new(
            "file.form.edit_step",
            step_fields(Some(&step.details)),
            Target::EditStep(step.clone()),
        )
    }

    /// The form noting a barrier, today by default.
    pub fn new_barrier(file: &str, today: NaiveDate) -> Self {
        let fields = vec![
            Field::choice(
                "kind",
                label("barrier_kind"),
                options(BarrierKind::ALL, BarrierKind::code, BarrierKind::label),
                None,
            )
            .required(),
            Field::date("noted_on", label("noted_on"), Some(today)).required(),
            Field::text("note", label("note"), ""),
        ];
        Self::new(
            "file.form.new_barrier",
            fields,
            Target::NewBarrier(file.to_owned()),
        )
    }

    /// The form marking a barrier lifted, today by default.
    pub fn lift_barrier(barrier: &Barrier, today: NaiveDate) -> Self {
        let fields = vec![Field::date("lifted_on", label("lifted_on"), Some(today)).required()];
        let mut editor = Self::new(
            "file.form.lift_barrier",
            fields,
            Target::LiftBarrier(barrier.clone()),
        );
        editor.form.set_warning(barrier.details.kind.label());
        editor
    }

    /// The form recording a milestone review held today by default.
    pub fn new_milestone(file: &str, today: NaiveDate, objectives: &str) -> Self {
        let fields = vec![
            Field::date("held_on", label("held_on"), Some(today)).required(),
            Field::text("objectives", label("objectives"), objectives),
            Field::text("achieved", label("achieved"), ""),
            Field::text("new_objectives", label("new_objectives"), ""),
        ];
        Self::new(
            "file.form.new_milestone",
            fields,
            Target::NewMilestone(file.to_owned()),
        )
    }

    /// The form editing a milestone review.
    pub fn edit_milestone(m: &Milestone) -> Self {
        let d = &m.details;
        let fields = vec![
            Field::date("held_on", label("held_on"), Some(d.held_on)).required(),
            Field::text("objectives", label("objectives"), &d.objectives),
            Field::text("achieved", label("achieved"), &d.achieved),
            Field::text("new_objectives", label("new_objectives"), &d.new_objectives),
        ];
        Self::new(
            "file.form.edit_milestone",
            fields,
            Target::EditMilestone(m.clone()),
        )
    }

    /// The form recording the exit, today by default.
    pub fn exit(p: &Participant, today: NaiveDate) -> Self {
        let fields = vec![
            Field::date("exit_on", label("exit_on"), Some(today)).required(),
            Field::choice(
                "outcome",
                label("exit_outcome"),
                options(ExitOutcome::ALL, ExitOutcome::code, ExitOutcome::label),
                None,
            )
            .required(),
        ];
        let mut editor = Self::new("file.form.exit", fields, Target::Exit(p.clone()));
        editor.form.set_warning(t("file.exit.job_hint"));
        editor
    }

    /// The confirmation that the 6-month follow-up in employment is over.
    pub fn confirm_follow_up(p: &Participant) -> Self {
        let mut editor = Self::new(
            "file.form.confirm_follow_up",
            Vec::new(),
            Target::ConfirmFollowUp(p.clone()),
        );
        editor.form.set_warning(t("file.exit.confirm_hint"));
        editor
    }

    /// The unsaved input, to keep: `None` while nothing was typed.
    pub fn draft(&self) -> Option<EditorDraft> {
        let form = self.form.draft()?;
        let edits = match &self.target {
            Target::NewParticipant(_) => Edits::NewParticipant,
            Target::EditParticipant(p) => Edits::Participant {
                file: p.file_number.clone(),
                version: p.version,
            },
            Target::NewContact(file) => Edits::NewContact { file: file.clone() },
            Target::EditContact(c) => Edits::Contact {
                id: c.id,
                version: c.version,
            },
            Target::NewStep(file) => Edits::NewStep { file: file.clone() },
            Target::EditStep(s) => Edits::Step {
                id: s.id,
                version: s.version,
            },
            Target::NewBarrier(file) => Edits::NewBarrier { file: file.clone() },
            Target::LiftBarrier(b) => Edits::LiftBarrier {
                id: b.id,
                version: b.version,
            },
            Target::NewMilestone(file) => Edits::NewMilestone { file: file.clone() },
            Target::EditMilestone(m) => Edits::Milestone {
                id: m.id,
                version: m.version,
            },
            Target::Exit(p) => Edits::Exit {
                file: p.file_number.clone(),
                version: p.version,
            },
            Target::ConfirmFollowUp(_) => return None,
        };
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
                let mut p = session.participant(file)?;
                p.version = *version;
                Self::edit_participant(&p, session)
            }
            Edits::NewContact { file } => Self::new_contact(file, today),
            Edits::Contact { id, version } => {
                let mut c = session.contact(*id)?;
                c.version = *version;
                Self::edit_contact(&c, today)
            }
            Edits::NewStep { file } => Self::new_step(file),
            Edits::Step { id, version } => {
                let mut s = session.step(*id)?;
                s.version = *version;
                Self::edit_step(&s)
            }
            Edits::NewBarrier { file } => Self::new_barrier(file, today),
            Edits::LiftBarrier { id, version } => {
                let mut b = session.barrier(*id)?;
                b.version = *version;
                Self::lift_barrier(&b, today)
            }
            Edits::NewMilestone { file } => {
                let last = session.milestones(file)?.into_iter().next();
                let objectives = last.map_or(String::new(), |m| m.details.new_objectives);
                Self::new_milestone(file, today, &objectives)
            }
            Edits::Milestone { id, version } => {
                let mut m = session.milestone(*id)?;
                m.version = *version;
                Self::edit_milestone(&m)
            }
            Edits::Exit { file, version } => {
                let mut p = session.participant(file)?;
                p.version = *version;
                Self::exit(&p, today)
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
        let today = session.today();
        let form = &mut self.form;
        let result = match &mut self.target {
            Target::NewParticipant(warned) => {
                let details = participant_details(form).ok()?;
                validate_details(form, &details, today).ok()?;
                let birth = details.birth_date?;
                let identity = (
                    details.last_name.to_lowercase(),
                    details.first_name.to_lowercase(),
                    birth,
                );
                if warned.as_ref() != Some(&identity) {
                    match session.possible_duplicates(
                        &details.last_name,
                        &details.first_name,
                        birth,
                    ) {
                        Ok(files) if !files.is_empty() => {
                            *warned = Some(identity);
                            form.set_warning(tf("file.duplicate", &[("files", &files.join(", "))]));
                            return None;
                        }
                        Ok(_) => {}
                        Err(e) => {
                            form.set_error(e.to_string(), None);
                            return None;
                        }
                    }
                }
                let referent = form.choice("referent").map(str::to_owned);
                session
                    .add_participant(&details, referent.as_deref())
                    .map(|p| p.file_number)
            }
            Target::EditParticipant(p) => {
                let details = participant_details(form).ok()?;
                validate_details(form, &details, today).ok()?;
                let commission_on = form.date("commission_on").ok()?;
                let contract_on = form.date("contract_on").ok()?;
                let order = [
                    ("oriented", details.oriented_on),
                    ("commission_on", commission_on),
                    ("contract_on", contract_on),
                ];
                dates_in_order(form, &order, today).ok()?;
                let mut edited = p.clone();
                edited.details = details;
                edited.commission_on = commission_on;
                edited.commission_decision = form
                    .choice("decision")
                    .and_then(CommissionDecision::from_code);
                edited.contract_on = contract_on;
                if let Some(status) = form.choice("status").and_then(Status::from_code) {
                    edited.status = status;
                }
                edited.referent = form.choice("referent").map(str::to_owned);
                session.update_participant(&edited).map(|p| p.file_number)
            }
            Target::NewContact(file) => {
                let new = contact_details(form, None).ok()?;
                session.add_contact(file, &new).map(|c| c.participant)
            }
            Target::EditContact(contact) => {
                let details = contact_details(form, contact.details.appointment_id).ok()?;
                let edited = Contact {
                    details,
                    ..contact.clone()
                };
                session.update_contact(&edited).map(|c| c.participant)
            }
            Target::NewStep(file) => {
                let new = step_details(form).ok()?;
                session.add_step(file, &new).map(|s| s.participant)
            }
            Target::EditStep(step) => {
                let details = step_details(form).ok()?;
                let edited = Step {
                    details,
                    ..step.clone()
                };
                session.update_step(&edited).map(|s| s.participant)
            }
            Target::NewBarrier(file) => {
                form.check_required().ok()?;
                let noted_on = form.date("noted_on").ok()??;
                let new = NewBarrier {
                    kind: form.choice("kind").and_then(BarrierKind::from_code)?,
                    noted_on,
                    note: form.text("note"),
                };
                session.add_barrier(file, &new).map(|b| b.participant)
            }
            Target::LiftBarrier(barrier) => {
                form.check_required().ok()?;
                let lifted_on = form.date("lifted_on").ok()??;
                session
                    .lift_barrier(barrier, lifted_on)
                    .map(|b| b.participant)
            }
            Target::NewMilestone(file) => {
                let new = milestone_details(form).ok()?;
                session.add_milestone(file, &new).map(|m| m.participant)
            }
            Target::EditMilestone(milestone) => {
                let details = milestone_details(form).ok()?;
                let edited = Milestone {
                    details,
                    ..milestone.clone()
                };
                session.update_milestone(&edited).map(|m| m.participant)
            }
            Target::Exit(p) => {
                form.check_required().ok()?;
                let exit_on = form.date("exit_on").ok()??;
                let outcome = form.choice("outcome").and_then(ExitOutcome::from_code)?;
                session
                    .record_exit(&p.file_number, p.version, exit_on, outcome)
                    .map(|p| p.file_number)
            }
            Target::ConfirmFollowUp(p) => session
                .confirm_follow_up(&p.file_number, p.version)
                .map(|p| p.file_number),
        };
        match result {
            Ok(file) => Some(file),
            Err(StoreError::Conflict { by, at }) => {
                let at = local_time(at, tz);
                form.ask(RELOAD, tf("file.conflict", &[("by", &by), ("at", &at)]));
                None
            }
            Err(e) => {
                form.set_error(e.to_string(), None);
                None
            }
        }
    }

    /// Reads the record again after a conflict: the fields the user changed
    /// keep the input, the others take the newer values.
    fn reload(&mut self, session: &Session) {
        let today = session.today();
        let fresh = match &self.target {
            Target::EditParticipant(p) => session
                .participant(&p.file_number)
                .map(|p| Editor::edit_participant(&p, session)),
            Target::Exit(p) => session
                .participant(&p.file_number)
                .map(|p| Editor::exit(&p, today)),
            Target::ConfirmFollowUp(p) => session
                .participant(&p.file_number)
                .map(|p| Editor::confirm_follow_up(&p)),
            Target::EditContact(c) => session
                .contact(c.id)
                .map(|c| Editor::edit_contact(&c, today)),
            Target::EditStep(s) => session.step(s.id).map(|s| Editor::edit_step(&s)),
            Target::EditMilestone(m) => session.milestone(m.id).map(|m| Editor::edit_milestone(&m)),
            Target::LiftBarrier(b) => session
                .barrier(b.id)
                .map(|b| Editor::lift_barrier(&b, today)),
            _ => return,
        };
        match fresh {
            Ok(fresh) => {
                self.form.rebase(fresh.form);
                self.target = fresh.target;
                self.form.set_warning(t("file.reloaded"));
            }
            Err(e) => self.form.set_error(e.to_string(), None),
        }
    }
}

//! Bulk loading of a whole generated data set into a new database (the demo generator).
//!
//! Everything is written in one transaction with cached prepared statements and
//! a single audit row, so hundreds of thousands of rows take seconds. Rows carry
//! their own ids (users, participants, appointments), which is safe because the
//! load is refused unless the database has no user yet, hence no row that
//! could refer to one.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Transaction, params};
use serde::Serialize;

use super::agenda::utc_text;
use super::error::Result;
use super::{Database, audit, settings, time};
use crate::domain::DomainError;
use crate::domain::agenda::{AppointmentKind, AppointmentStatus};
use crate::domain::journal::ContactKind;
use crate::domain::participant::{
    CommissionDecision, Criterion, EducationLevel, ExitOutcome, LabourStatus, Sex, Status,
    criteria_to_codes,
};
use crate::domain::pathway::{BarrierKind, StepKind, StepOutcome};
use crate::domain::settings::{PlieSettings, validate_activities};
use crate::domain::time::{Activity, WeekStatus};
use crate::domain::user::Role;

/// A user to create.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct UserRow {
    /// Id to give the row.
    pub id: i64,
    /// Login.
    pub login: String,
    /// Full name.
    pub name: String,
    /// Role.
    pub role: Role,
    /// Full-time equivalent.
    pub fte: f64,
    /// Creation instant.
    pub created_at: DateTime<Utc>,
}

/// A participant file to create.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParticipantRow {
    /// Id to give the row.
    pub id: i64,
    /// File number `P-YYYY-NNNN`.
    pub file_number: String,
    /// Family name.
    pub last_name: String,
    /// Given name.
    pub first_name: String,
    /// Date of birth.
    pub birth_date: NaiveDate,
    /// Sex.
    pub sex: Sex,
    /// Commune of residence.
    pub commune: String,
    /// Postcode.
    pub postcode: String,
    /// Lives in a priority neighbourhood.
    pub qpv: bool,
    /// Phone number.
    pub phone: String,
    /// E-mail address.
    pub email: String,
    /// Who oriented the person.
    pub prescriber: String,
    /// Eligibility criteria.
    pub criteria: Vec<Criterion>,
    /// Labour status at entry.
    pub labour_status: LabourStatus,
    /// Qualification level.
    pub education: EducationLevel,
    /// Current status.
    pub status: Status,
    /// Orientation date.
    pub oriented_on: NaiveDate,
    /// Commission date.
    pub commission_on: Option<NaiveDate>,
    /// Commission decision.
    pub commission_decision: Option<CommissionDecision>,
    /// Engagement contract date.
    pub contract_on: Option<NaiveDate>,
    /// Referent's user id.
    pub referent_id: Option<i64>,
    /// Exit date.
    pub exit_on: Option<NaiveDate>,
    /// Exit outcome.
    pub exit_outcome: Option<ExitOutcome>,
    /// Creation instant.
    pub created_at: DateTime<Utc>,
    /// Last change instant.
    pub updated_at: DateTime<Utc>,
    /// Author of the last change.
    pub updated_by: i64,
}

/// A barrier of a participant.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BarrierRow {
    /// Participant id.
    pub participant_id: i64,
    /// Kind of barrier.
    pub kind: BarrierKind,
    /// When it was noted.
    pub noted_on: NaiveDate,
    /// When it was lifted.
    pub lifted_on: Option<NaiveDate>,
    /// Free note.
    pub note: String,
}

/// A pathway step.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct StepRow {
    /// Participant id.
    pub participant_id: i64,
    /// Kind of step.
    pub kind: StepKind,
    /// Organisation providing it.
    pub provider: String,
    /// Planned start.
    pub planned_start: NaiveDate,
    /// Planned end.
    pub planned_end: NaiveDate,
    /// Actual start.
    pub actual_start: Option<NaiveDate>,
    /// Actual end.
    pub actual_end: Option<NaiveDate>,
    /// How it ended or stands.
    pub outcome: Option<StepOutcome>,
    /// Free note.
    pub note: String,
}

/// A contact of the journal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ContactRow {
    /// Participant id.
    pub participant_id: i64,
    /// Author's user id.
    pub author_id: i64,
    /// Date of the contact.
    pub contact_on: NaiveDate,
    /// How it took place.
    pub kind: ContactKind,
    /// Length in minutes.
    pub minutes: u32,
    /// Journal note (empty: still to write).
    pub summary: String,
    /// Next action agreed.
    pub next_action: String,
    /// The appointment it took place in.
    pub appointment_id: Option<i64>,
    /// When it was logged.
    pub logged_at: DateTime<Utc>,
}

/// A milestone review.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct MilestoneRow {
    /// Participant id.
    pub participant_id: i64,
    /// Date of the review.
    pub held_on: NaiveDate,
    /// Objectives reviewed.
    pub objectives: String,
    /// What was achieved.
    pub achieved: String,
    /// New objectives.
    pub new_objectives: String,
}

/// An appointment of an agenda.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AppointmentRow {
    /// Id to give the row.
    pub id: i64,
    /// Referent's user id.
    pub referent_id: i64,
    /// Participant met, if any.
    pub participant_id: Option<i64>,
    /// What it is for.
    pub kind: AppointmentKind,
    /// Start instant.
    pub starts_at: DateTime<Utc>,
    /// Length in minutes.
    pub minutes: u32,
    /// Short title.
    pub title: String,
    /// Place.
    pub location: String,
    /// What became of it.
    pub status: AppointmentStatus,
    /// Calendar identifier (unique).
    pub uid: String,
}

/// A time entry.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TimeEntryRow {
    /// Referent's user id.
    pub referent_id: i64,
    /// Day worked.
    pub entry_date: NaiveDate,
    /// ISO week of the day (`2026-W47`).
    pub iso_week: String,
    /// Minutes.
    pub minutes: u32,
    /// Activity code.
    pub activity_code: &'static str,
    /// Participant concerned.
    pub participant_id: Option<i64>,
    /// Appointment it comes from.
    pub appointment_id: Option<i64>,
    /// Free note.
    pub note: String,
    /// When it was entered.
    pub created_at: DateTime<Utc>,
}

/// A week that left the draft state.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WeekRow {
    /// Referent's user id.
    pub referent_id: i64,
    /// ISO week (`2026-W47`).
    pub iso_week: String,
    /// Submitted or validated.
    pub status: WeekStatus,
    /// Submission instant and author.
    pub submitted: Option<(DateTime<Utc>, i64)>,
    /// Validation instant and author.
    pub validated: Option<(DateTime<Utc>, i64)>,
}

/// Everything a generator produced, in insertion order.
#[derive(Debug, Default)]
pub(crate) struct Dataset {
    /// Users (the first coordinator is the author of the audit row).
    pub users: Vec<UserRow>,
    /// Participants.
    pub participants: Vec<ParticipantRow>,
    /// Barriers.
    pub barriers: Vec<BarrierRow>,
    /// Pathway steps.
    pub steps: Vec<StepRow>,
    /// Journal contacts.
    pub contacts: Vec<ContactRow>,
    /// Milestone reviews.
    pub milestones: Vec<MilestoneRow>,
    /// Appointments.
    pub appointments: Vec<AppointmentRow>,
    /// Time entries.
    pub time_entries: Vec<TimeEntryRow>,
    /// Weeks submitted or validated.
    pub weeks: Vec<WeekRow>,
    /// The PLIE-wide settings.
    pub settings: PlieSettings,
    /// The activity list.
    pub activities: Vec<Activity>,
}

impl Database {
    /// Writes `data` into a database that has no user yet, in one transaction, with one
    /// audit row (`entity`, `action`, `after`) by the first coordinator of the data set.
    pub(crate) fn load_dataset<A: Serialize + ?Sized>(
        &mut self,
        data: &Dataset,
        entity: &str,
        action: &str,
        after: &A,
    ) -> Result<()> {
        let tx = self.begin()?;
        let users: i64 = tx.query_row("SELECT COUNT(*) FROM user", [], |r| r.get(0))?;
        if users > 0 {
            return Err(DomainError::new("error.already_initialised").into());
        }
        validate_activities(&data.activities)?;
        data.settings.validate()?;
        settings::store(&tx, &data.settings)?;
        time::replace_activities(&tx, &data.activities)?;
        insert_users(&tx, &data.users)?;
        insert_participants(&tx, &data.participants)?;
        insert_pathways(&tx, data)?;
        insert_appointments(&tx, &data.appointments)?;
        insert_contacts(&tx, &data.contacts)?;
        insert_time(&tx, data)?;
        let author = data
            .users
            .iter()
            .find(|u| u.role == Role::Coordinator)
            .map(|u| u.id);
        audit::record(&tx, author, entity, 0, action, None::<&()>, Some(after))?;
        tx.commit()?;
        Ok(())
    }
}

fn insert_users(tx: &Transaction, users: &[UserRow]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO user (id, login, name, role, fte, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5, 1, ?6)",
    )?;
    for u in users {
        crate::domain::user::validate_login(&u.login)?;
        stmt.execute(params![
            u.id,
            u.login,
            u.name,
            u.role.code(),
            u.fte,
            utc_text(u.created_at)
        ])?;
    }
    Ok(())
}

fn insert_participants(tx: &Transaction, participants: &[ParticipantRow]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO participant (id, file_number, last_name, first_name, birth_date, sex, commune, postcode,
            qpv, phone, email, prescriber, criteria, labour_status, education, status, oriented_on,
            commission_on, commission_decision, contract_on, referent_id, exit_on, exit_outcome,
            created_at, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
            ?20, ?21, ?22, ?23, ?24, ?25, ?26)",
    )?;
    for p in participants {
        stmt.execute(params![
            p.id,
            p.file_number,
            p.last_name,
            p.first_name,
            p.birth_date,
            p.sex.code(),
            p.commune,
            p.postcode,
            p.qpv,
            p.phone,
            p.email,
            p.prescriber,
            criteria_to_codes(&p.criteria),
            p.labour_status.code(),
            p.education.code(),
            p.status.code(),
            p.oriented_on,
            p.commission_on,
            p.commission_decision.map(|d| d.code()),
            p.contract_on,
            p.referent_id,
            p.exit_on,
            p.exit_outcome.map(|o| o.code()),
            utc_text(p.created_at),
            utc_text(p.updated_at),
            p.updated_by,
        ])?;
    }
    Ok(())
}

fn insert_pathways(tx: &Transaction, data: &Dataset) -> Result<()> {
    let mut barrier = tx.prepare_cached(
        "INSERT INTO barrier (participant_id, kind, noted_on, lifted_on, note) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for b in &data.barriers {
        barrier.execute(params![
            b.participant_id,
            b.kind.code(),
            b.noted_on,
            b.lifted_on,
            b.note
        ])?;
    }
    let mut step = tx.prepare_cached(
        "INSERT INTO step (participant_id, kind, provider, planned_start, planned_end, actual_start,
            actual_end, outcome, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for s in &data.steps {
        step.execute(params![
            s.participant_id,
            s.kind.code(),
            s.provider,
            s.planned_start,
            s.planned_end,
            s.actual_start,
            s.actual_end,
            s.outcome.map(|o| o.code()),
            s.note
        ])?;
    }
    let mut milestone = tx.prepare_cached(
        "INSERT INTO milestone (participant_id, held_on, objectives, achieved, new_objectives)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for m in &data.milestones {
        milestone.execute(params![
            m.participant_id,
            m.held_on,
            m.objectives,
            m.achieved,
            m.new_objectives
        ])?;
    }
    Ok(())
}

fn insert_appointments(tx: &Transaction, appointments: &[AppointmentRow]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO appointment (id, referent_id, participant_id, kind, starts_at, minutes, title, location,
            status, uid) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for a in appointments {
        stmt.execute(params![
            a.id,
            a.referent_id,
            a.participant_id,
            a.kind.code(),
            utc_text(a.starts_at),
            a.minutes,
            a.title,
            a.location,
            a.status.code(),
            a.uid
        ])?;
    }
    Ok(())
}

fn insert_contacts(tx: &Transaction, contacts: &[ContactRow]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO contact (participant_id, author_id, contact_on, kind, minutes, summary, next_action,
            appointment_id, logged_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for c in contacts {
        stmt.execute(params![
            c.participant_id,
            c.author_id,
            c.contact_on,
            c.kind.code(),
            c.minutes,
            c.summary,
            c.next_action,
            c.appointment_id,
            utc_text(c.logged_at)
        ])?;
    }
    Ok(())
}

fn insert_time(tx: &Transaction, data: &Dataset) -> Result<()> {
    let mut entry = tx.prepare_cached(
        "INSERT INTO time_entry (referent_id, entry_date, iso_week, minutes, activity_code, participant_id,
            appointment_id, note, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for t in &data.time_entries {
        entry.execute(params![
            t.referent_id,
            t.entry_date,
            t.iso_week,
            t.minutes,
            t.activity_code,
            t.participant_id,
            t.appointment_id,
            t.note,
            utc_text(t.created_at)
        ])?;
    }
    let mut week = tx.prepare_cached(
        "INSERT INTO week (referent_id, iso_week, status, submitted_at, submitted_by, validated_at, validated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for w in &data.weeks {
        week.execute(params![
            w.referent_id,
            w.iso_week,
            w.status.code(),
            w.submitted.map(|(at, _)| utc_text(at)),
            w.submitted.map(|(_, by)| by),
            w.validated.map(|(at, _)| utc_text(at)),
            w.validated.map(|(_, by)| by),
        ])?;
    }
    Ok(())
}

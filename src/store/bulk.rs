//! Bulk loading of a generated data set into a new database (the demo generator).
//!
//! The rows arrive in batches ([`Dataset`]), written as they come and then dropped, so
//! a PLIE of 10,000 participants × 10 years (over 1.6 million rows) never sits in memory
//! whole. Everything is written in one transaction with cached prepared statements and
//! a single audit row, so hundreds of thousands of rows take seconds. Rows carry
//! their own ids (users, participants, appointments), which is safe because the
//! load is refused unless the database has no user yet, hence no row that
//! could refer to one.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Transaction, named_params};
use serde::Serialize;

use super::codec::Instant;
use super::error::Result;
pub(crate) use super::esf::EsfRow;
pub(crate) use super::participants::{HistoryRow, ParticipantRow};
use super::{Database, WriteTx, audit, participants, settings, time};
use crate::domain::agenda::{AppointmentKind, AppointmentStatus};
use crate::domain::journal::ContactKind;
use crate::domain::pathway::{BarrierKind, StepKind, StepOutcome};
use crate::domain::settings::{PlieSettings, validate_activities};
use crate::domain::time::{Activity, WeekStatus};
use crate::domain::user::Role;
use crate::domain::{DomainError, IsoWeek};

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
    /// ISO week of the day.
    pub iso_week: IsoWeek,
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
    /// ISO week.
    pub iso_week: IsoWeek,
    /// Submitted or validated.
    pub status: WeekStatus,
    /// Submission instant and author.
    pub submitted: Option<(DateTime<Utc>, i64)>,
    /// Validation instant and author.
    pub validated: Option<(DateTime<Utc>, i64)>,
}

/// A batch of rows a generator produced, in insertion order: a row may refer to rows of
/// an earlier batch or of the same one (a contact to the appointment it took place in).
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
    /// The ESF records.
    pub esf: Vec<EsfRow>,
}

/// How many rows a load wrote, per table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Users.
    pub users: usize,
    /// Participants.
    pub participants: usize,
    /// Journal contacts.
    pub contacts: usize,
    /// Appointments.
    pub appointments: usize,
    /// Time entries.
    pub time_entries: usize,
}

/// A load under way: one open transaction that batches are written into.
pub(crate) struct BulkLoad<'db> {
    tx: WriteTx<'db>,
    /// The first coordinator written: the author of the audit row.
    author: Option<i64>,
    counts: Counts,
}

/// SQLite's page cache during a load, in KiB (a session's is [`super::CACHE_KIB`]): the
/// indexes of a large load (a million time entries) no longer fit a small cache, and every
/// insertion then reads its index pages back from the file. 48 MiB keeps a 10,000 × 10 load
/// at about half the time, well under the demo's 100 MB budget.
const LOAD_CACHE_KIB: i64 = 48 * 1024;

impl Database {
    /// Loads into a database that has no user yet, in one transaction: the PLIE-wide
    /// `settings` and the `activities` first, then what `fill` writes in batches; committed
    /// when `fill` succeeds, nothing written when it fails.
    pub(crate) fn bulk_load<T>(
        &mut self,
        settings: &PlieSettings,
        activities: &[Activity],
        fill: impl FnOnce(&mut BulkLoad<'_>) -> Result<T>,
    ) -> Result<T> {
        self.conn
            .pragma_update(None, "cache_size", -LOAD_CACHE_KIB)?;
        let loaded = self.load(settings, activities, fill);
        self.conn
            .pragma_update(None, "cache_size", -super::CACHE_KIB)?;
        loaded
    }

    fn load<T>(
        &mut self,
        settings: &PlieSettings,
        activities: &[Activity],
        fill: impl FnOnce(&mut BulkLoad<'_>) -> Result<T>,
    ) -> Result<T> {
        let tx = self.begin()?;
        let users: i64 = tx.query_row("SELECT COUNT(*) AS n FROM user", [], |r| r.get("n"))?;
        if users > 0 {
            return Err(DomainError::new("error.already_initialised").into());
        }
        validate_activities(activities)?;
        settings.validate()?;
        settings::store(&tx, settings)?;
        time::replace_activities(&tx, activities)?;
        let mut load = BulkLoad {
            tx,
            author: None,
            counts: Counts::default(),
        };
        let value = fill(&mut load)?;
        load.tx.commit()?;
        Ok(value)
    }
}

impl BulkLoad<'_> {
    /// Writes one batch, whose rows are then dropped.
    pub(crate) fn write(&mut self, batch: Dataset) -> Result<()> {
        let tx = &self.tx;
        insert_users(tx, &batch.users)?;
        insert_participants(tx, &batch.participants)?;
        super::esf::insert_all(tx, &batch.esf)?;
        insert_pathways(tx, &batch)?;
        insert_appointments(tx, &batch.appointments)?;
        insert_contacts(tx, &batch.contacts)?;
        insert_time(tx, &batch)?;
        self.author = self.author.or_else(|| {
            batch
                .users
                .iter()
                .find(|u| u.role == Role::Coordinator)
                .map(|u| u.id)
        });
        let c = &mut self.counts;
        c.users += batch.users.len();
        c.participants += batch.participants.len();
        c.contacts += batch.contacts.len();
        c.appointments += batch.appointments.len();
        c.time_entries += batch.time_entries.len();
        Ok(())
    }

    /// How many rows were written so far.
    pub(crate) fn counts(&self) -> Counts {
        self.counts
    }

    /// Writes the load's one audit row (`entity`, `action`, `after`), by the first
    /// coordinator written.
    pub(crate) fn audit<A: Serialize + ?Sized>(
        &self,
        entity: &str,
        action: &str,
        after: &A,
    ) -> Result<()> {
        audit::record(
            &self.tx,
            self.author,
            entity,
            0,
            action,
            None::<&()>,
            Some(after),
        )
    }
}

fn insert_users(tx: &Transaction, users: &[UserRow]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO user (id, login, name, role, fte, active, created_at)
         VALUES (:id, :login, :name, :role, :fte, 1, :created_at)",
    )?;
    for u in users {
        crate::domain::user::validate_login(&u.login)?;
        stmt.execute(named_params! {
            ":id": u.id,
            ":login": u.login,
            ":name": u.name,
            ":role": u.role,
            ":fte": u.fte,
            ":created_at": Instant(u.created_at),
        })?;
    }
    Ok(())
}

/// Inserts the generated files with their lifecycle events; the generator dates
/// them, so no date is held against the loading machine's clock.
fn insert_participants(tx: &Transaction, rows: &[ParticipantRow]) -> Result<()> {
    for row in rows {
        participants::insert(tx, row, NaiveDate::MAX)?;
    }
    Ok(())
}

fn insert_pathways(tx: &Transaction, data: &Dataset) -> Result<()> {
    let mut barrier = tx.prepare_cached(
        "INSERT INTO barrier (participant_id, kind, noted_on, lifted_on, note)
         VALUES (:participant_id, :kind, :noted_on, :lifted_on, :note)",
    )?;
    for b in &data.barriers {
        barrier.execute(named_params! {
            ":participant_id": b.participant_id,
            ":kind": b.kind,
            ":noted_on": b.noted_on,
            ":lifted_on": b.lifted_on,
            ":note": b.note,
        })?;
    }
    let mut step = tx.prepare_cached(
        "INSERT INTO step (participant_id, kind, provider, planned_start, planned_end, actual_start,
            actual_end, outcome, note)
         VALUES (:participant_id, :kind, :provider, :planned_start, :planned_end, :actual_start,
            :actual_end, :outcome, :note)",
    )?;
    for s in &data.steps {
        step.execute(named_params! {
            ":participant_id": s.participant_id,
            ":kind": s.kind,
            ":provider": s.provider,
            ":planned_start": s.planned_start,
            ":planned_end": s.planned_end,
            ":actual_start": s.actual_start,
            ":actual_end": s.actual_end,
            ":outcome": s.outcome,
            ":note": s.note,
        })?;
    }
    let mut milestone = tx.prepare_cached(
        "INSERT INTO milestone (participant_id, held_on, objectives, achieved, new_objectives)
         VALUES (:participant_id, :held_on, :objectives, :achieved, :new_objectives)",
    )?;
    for m in &data.milestones {
        milestone.execute(named_params! {
            ":participant_id": m.participant_id,
            ":held_on": m.held_on,
            ":objectives": m.objectives,
            ":achieved": m.achieved,
            ":new_objectives": m.new_objectives,
        })?;
    }
    Ok(())
}

fn insert_appointments(tx: &Transaction, appointments: &[AppointmentRow]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO appointment (id, referent_id, participant_id, kind, starts_at, minutes, title,
            location, status, uid)
         VALUES (:id, :referent_id, :participant_id, :kind, :starts_at, :minutes, :title,
            :location, :status, :uid)",
    )?;
    for a in appointments {
        stmt.execute(named_params! {
            ":id": a.id,
            ":referent_id": a.referent_id,
            ":participant_id": a.participant_id,
            ":kind": a.kind,
            ":starts_at": Instant(a.starts_at),
            ":minutes": a.minutes,
            ":title": a.title,
            ":location": a.location,
            ":status": a.status,
            ":uid": a.uid,
        })?;
    }
    Ok(())
}

fn insert_contacts(tx: &Transaction, contacts: &[ContactRow]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO contact (participant_id, author_id, contact_on, kind, minutes, summary,
            next_action, appointment_id, logged_at)
         VALUES (:participant_id, :author_id, :contact_on, :kind, :minutes, :summary,
            :next_action, :appointment_id, :logged_at)",
    )?;
    for c in contacts {
        stmt.execute(named_params! {
            ":participant_id": c.participant_id,
            ":author_id": c.author_id,
            ":contact_on": c.contact_on,
            ":kind": c.kind,
            ":minutes": c.minutes,
            ":summary": c.summary,
            ":next_action": c.next_action,
            ":appointment_id": c.appointment_id,
            ":logged_at": Instant(c.logged_at),
        })?;
    }
    Ok(())
}

fn insert_time(tx: &Transaction, data: &Dataset) -> Result<()> {
    let mut entry = tx.prepare_cached(
        "INSERT INTO time_entry (referent_id, entry_date, iso_week, minutes, activity_code,
            participant_id, appointment_id, note, created_at)
         VALUES (:referent_id, :entry_date, :iso_week, :minutes, :activity_code,
            :participant_id, :appointment_id, :note, :created_at)",
    )?;
    for t in &data.time_entries {
        entry.execute(named_params! {
            ":referent_id": t.referent_id,
            ":entry_date": t.entry_date,
            ":iso_week": t.iso_week,
            ":minutes": t.minutes,
            ":activity_code": t.activity_code,
            ":participant_id": t.participant_id,
            ":appointment_id": t.appointment_id,
            ":note": t.note,
            ":created_at": Instant(t.created_at),
        })?;
    }
    let mut week = tx.prepare_cached(
        "INSERT INTO week (referent_id, iso_week, status, submitted_at, submitted_by, validated_at,
            validated_by)
         VALUES (:referent_id, :iso_week, :status, :submitted_at, :submitted_by, :validated_at,
            :validated_by)",
    )?;
    for w in &data.weeks {
        week.execute(named_params! {
            ":referent_id": w.referent_id,
            ":iso_week": w.iso_week,
            ":status": w.status,
            ":submitted_at": w.submitted.map(|(at, _)| Instant(at)),
            ":submitted_by": w.submitted.map(|(_, by)| by),
            ":validated_at": w.validated.map(|(at, _)| Instant(at)),
            ":validated_by": w.validated.map(|(_, by)| by),
        })?;
    }
    Ok(())
}

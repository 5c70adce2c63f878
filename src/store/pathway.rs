//! The pathway of a participant: steps, barriers, milestone reviews, and the exit.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::error::{Result, StoreError};
use super::{Session, audit, participants};
use crate::domain::DomainError;
use crate::domain::participant::Participant;
use crate::domain::pathway::{BarrierKind, StepKind, StepOutcome};
use crate::domain::text::{Lines, check_all};

/// A pathway step (training, work experience, contract…) as entered.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewStep {
    /// What kind of step.
    pub kind: StepKind,
    /// Who provides it (training body, employer, IAE structure…).
    pub provider: String,
    /// Planned start.
    pub planned_start: Option<NaiveDate>,
    /// Planned end.
    pub planned_end: Option<NaiveDate>,
    /// Actual start.
    pub actual_start: Option<NaiveDate>,
    /// Actual end (set when the step is closed).
    pub actual_end: Option<NaiveDate>,
    /// How it ended (set when the step is closed).
    pub outcome: Option<StepOutcome>,
    /// Free note.
    pub note: String,
}

/// A pathway step as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Step {
    /// Database id.
    pub id: i64,
    /// The participant's file number.
    pub participant: String,
    /// What was entered.
    #[serde(flatten)]
    pub details: NewStep,
    /// Optimistic-lock version.
    pub version: i64,
}

impl Step {
    /// Whether the step is over (it has an end date and a final outcome).
    pub fn is_closed(&self) -> bool {
        self.details.actual_end.is_some()
            && self
                .details
                .outcome
                .is_some_and(|o| o != StepOutcome::Ongoing)
    }
}

impl NewStep {
    /// Checks that each pair of dates is in order and that a closed step has a start and an outcome.
    pub fn validate(&self) -> Result<(), DomainError> {
        check_all(&[
            ("file.field.provider", &self.provider, Lines::One),
            ("file.field.note", &self.note, Lines::Many),
        ])?;
        in_order(self.planned_start, self.planned_end)?;
        in_order(self.actual_start, self.actual_end)?;
        if let Some(end) = self.actual_end {
            if self.actual_start.is_none() {
                return Err(required("file.field.actual_start"));
            }
            if self.outcome.is_none_or(|o| o == StepOutcome::Ongoing) {
                return Err(DomainError::new("file.error.step_outcome").arg("date", end));
            }
        }
        Ok(())
    }
}

/// A barrier (*frein périphérique*) as noted.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewBarrier {
    /// What kind of barrier.
    pub kind: BarrierKind,
    /// When it was noted.
    pub noted_on: NaiveDate,
    /// Free note.
    pub note: String,
}

/// A barrier as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Barrier {
    /// Database id.
    pub id: i64,
    /// The participant's file number.
    pub participant: String,
    /// What was noted.
    #[serde(flatten)]
    pub details: NewBarrier,
    /// When it was lifted.
    pub lifted_on: Option<NaiveDate>,
    /// Optimistic-lock version.
    pub version: i64,
}

/// A milestone review (every 5 months) as held.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewMilestone {
    /// The day of the review.
    pub held_on: NaiveDate,
    /// The objectives that were set.
    pub objectives: String,
    /// What was achieved, and if not, why.
    pub achieved: String,
    /// The objectives for the next period.
    pub new_objectives: String,
}

/// A milestone review as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Milestone {
    /// Database id.
    pub id: i64,
    /// The participant's file number.
    pub participant: String,
    /// What was recorded.
    #[serde(flatten)]
    pub details: NewMilestone,
    /// Optimistic-lock version.
    pub version: i64,
}

impl NewBarrier {
    /// Checks the note (several lines allowed, no other control character).
    pub fn validate(&self) -> Result<(), DomainError> {
        check_all(&[("file.field.note", &self.note, Lines::Many)])
    }
}

impl NewMilestone {
    /// Checks the three texts (several lines allowed, no other control character).
    pub fn validate(&self) -> Result<(), DomainError> {
        check_all(&[
            ("file.field.objectives", &self.objectives, Lines::Many),
            ("file.field.achieved", &self.achieved, Lines::Many),
            (
                "file.field.new_objectives",
                &self.new_objectives,
                Lines::Many,
            ),
        ])
    }
}

fn required(field_key: &str) -> DomainError {
    DomainError::new("error.required").arg("field", crate::i18n::t(field_key))
}

fn in_order(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), DomainError> {
    match (from, to) {
        (Some(from), Some(to)) if to < from => Err(DomainError::new("file.error.end_before_start")
            .arg("start", from)
            .arg("end", to)),
        _ => Ok(()),
    }
}

/// A date that must lie between the orientation and today.
fn within_pathway(
    date: NaiveDate,
    participant: &Participant,
    today: NaiveDate,
) -> Result<(), DomainError> {
    let oriented = participant.details.oriented_on.unwrap_or(date);
    if date > today || date < oriented {
        return Err(DomainError::new("error.date_order").arg("date", date));
    }
    Ok(())
}

/// A step's actual dates lie inside the pathway: from the orientation on, and not
/// after today (a step is completed once it has happened). Planned dates may be ahead.
fn step_in_pathway(
    step: &NewStep,
    participant: &Participant,
    today: NaiveDate,
) -> Result<(), DomainError> {
    let oriented = participant.details.oriented_on.unwrap_or(today);
    for (field, date) in [
        ("file.field.actual_start", step.actual_start),
        ("file.field.actual_end", step.actual_end),
    ] {
        let Some(date) = date else { continue };
        let error = if date > today {
            DomainError::new("file.error.step_future").arg("today", today)
        } else if date < oriented {
            DomainError::new("file.error.step_before_pathway").arg("oriented", oriented)
        } else {
            continue;
        };
        return Err(error
            .arg("field", crate::i18n::t(field).to_lowercase())
            .arg("date", date));
    }
    Ok(())
}

const STEP_COLUMNS: &str =
    "s.id, p.file_number, s.kind, s.provider, s.planned_start, s.planned_end, s.actual_start,
    s.actual_end, s.outcome, s.note, s.version";

/// A step from a row of [`STEP_COLUMNS`] (an unknown kind or outcome is an error).
fn step_from_row(r: &Row) -> rusqlite::Result<Step> {
    Ok(Step {
        id: r.get("id")?,
        participant: r.get("file_number")?,
        details: NewStep {
            kind: r.get("kind")?,
            provider: r.get("provider")?,
            planned_start: r.get("planned_start")?,
            planned_end: r.get("planned_end")?,
            actual_start: r.get("actual_start")?,
            actual_end: r.get("actual_end")?,
            outcome: r.get("outcome")?,
            note: r.get("note")?,
        },
        version: r.get("version")?,
    })
}

/// One row of a participant's pathway record (`table` is the table with its
/// alias, `columns` read through that alias and `p` for the participant), by id.
fn by_id<T>(
    conn: &Connection,
    columns: &str,
    table: &str,
    id: i64,
    from_row: fn(&Row) -> rusqlite::Result<T>,
    entity: &'static str,
) -> Result<T> {
    let alias = table.rsplit(' ').next().unwrap_or(table);
    conn.query_row(
        &format!(
            "SELECT {columns} FROM {table} JOIN participant p ON p.id = {alias}.participant_id WHERE {alias}.id = :id"
        ),
        named_params! { ":id": id },
        from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found(entity, id))
}

fn load_step(conn: &Connection, id: i64) -> Result<Step> {
    by_id(
        conn,
        STEP_COLUMNS,
        "step s",
        id,
        step_from_row,
        "file.entity.step",
    )
}

const BARRIER_COLUMNS: &str =
    "b.id, p.file_number, b.kind, b.noted_on, b.note, b.lifted_on, b.version";

/// A barrier from a row of [`BARRIER_COLUMNS`] (an unknown kind is an error).
fn barrier_from_row(r: &Row) -> rusqlite::Result<Barrier> {
    Ok(Barrier {
        id: r.get("id")?,
        participant: r.get("file_number")?,
        details: NewBarrier {
            kind: r.get("kind")?,
            noted_on: r.get("noted_on")?,
            note: r.get("note")?,
        },
        lifted_on: r.get("lifted_on")?,
        version: r.get("version")?,
    })
}

fn load_barrier(conn: &Connection, id: i64) -> Result<Barrier> {
    by_id(
        conn,
        BARRIER_COLUMNS,
        "barrier b",
        id,
        barrier_from_row,
        "file.entity.barrier",
    )
}

const MILESTONE_COLUMNS: &str =
    "m.id, p.file_number, m.held_on, m.objectives, m.achieved, m.new_objectives, m.version";

/// A milestone review from a row of [`MILESTONE_COLUMNS`].
fn milestone_from_row(r: &Row) -> rusqlite::Result<Milestone> {
    Ok(Milestone {
        id: r.get("id")?,
        participant: r.get("file_number")?,
        details: NewMilestone {
            held_on: r.get("held_on")?,
            objectives: r.get("objectives")?,
            achieved: r.get("achieved")?,
            new_objectives: r.get("new_objectives")?,
        },
        version: r.get("version")?,
    })
}

fn load_milestone(conn: &Connection, id: i64) -> Result<Milestone> {
    by_id(
        conn,
        MILESTONE_COLUMNS,
        "milestone m",
        id,
        milestone_from_row,
        "file.entity.milestone",
    )
}

impl Session {
    /// Adds a step to the pathway of participant `file`.
    pub fn add_step(&mut self, file: &str, new: &NewStep) -> Result<Step> {
        new.validate()?;
        let today = self.today();
        self.write(|tx, actor| {
            let file = participants::load(tx, actor, file)?;
            step_in_pathway(new, &file, today)?;
            let participant = file.id;
            tx.execute(
                "INSERT INTO step (participant_id, kind, provider, planned_start, planned_end, actual_start,
                    actual_end, outcome, note)
                 VALUES (:participant_id, :kind, :provider, :planned_start, :planned_end, :actual_start,
                    :actual_end, :outcome, :note)",
                named_params! {
                    ":participant_id": participant,
                    ":kind": new.kind,
                    ":provider": new.provider.trim(),
                    ":planned_start": new.planned_start,
                    ":planned_end": new.planned_end,
                    ":actual_start": new.actual_start,
                    ":actual_end": new.actual_end,
                    ":outcome": new.outcome,
                    ":note": new.note.trim(),
                },
            )?;
            let created = load_step(tx, tx.last_insert_rowid())?;
            audit::record(tx, Some(actor.id), "step", created.id, "create", None::<&()>, Some(&created))?;
            Ok(created)
        })
    }

    /// Saves an edited step (closing it is setting its actual end and outcome).
    /// `edited.version` must be the version that was read.
    pub fn update_step(&mut self, edited: &Step) -> Result<Step> {
        edited.details.validate()?;
        let today = self.today();
        self.write(|tx, actor| {
            let before = load_step(tx, edited.id)?;
            let file = participants::load(tx, actor, &before.participant)?;
            step_in_pathway(&edited.details, &file, today)?;
            let d = &edited.details;
            let changed = tx.execute(
                "UPDATE step SET kind = :kind, provider = :provider, planned_start = :planned_start,
                    planned_end = :planned_end, actual_start = :actual_start, actual_end = :actual_end,
                    outcome = :outcome, note = :note, version = version + 1
                 WHERE id = :id AND version = :version",
                named_params! {
                    ":kind": d.kind,
                    ":provider": d.provider.trim(),
                    ":planned_start": d.planned_start,
                    ":planned_end": d.planned_end,
                    ":actual_start": d.actual_start,
                    ":actual_end": d.actual_end,
                    ":outcome": d.outcome,
                    ":note": d.note.trim(),
                    ":id": before.id,
                    ":version": edited.version,
                },
            )?;
            if changed == 0 {
                return Err(audit::conflict(tx, "step", before.id));
            }
            let after = load_step(tx, before.id)?;
            let action = if after.is_closed() && !before.is_closed() { "close" } else { "update" };
            audit::record(tx, Some(actor.id), "step", before.id, action, Some(&before), Some(&after))?;
            Ok(after)
        })
    }

    /// The steps of participant `file`, in the order they started (or were planned to).
    pub fn steps(&self, file: &str) -> Result<Vec<Step>> {
        let id = participants::id_for(&self.conn, &self.actor, file)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {STEP_COLUMNS} FROM step s JOIN participant p ON p.id = s.participant_id
             WHERE s.participant_id = :participant_id
             ORDER BY COALESCE(s.actual_start, s.planned_start), s.id"
        ))?;
        let rows = stmt
            .query_map(named_params! { ":participant_id": id }, step_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Notes a barrier of participant `file`.
    pub fn add_barrier(&mut self, file: &str, new: &NewBarrier) -> Result<Barrier> {
        new.validate()?;
        let today = self.today();
        self.write(|tx, actor| {
            let participant = participants::load(tx, actor, file)?;
            within_pathway(new.noted_on, &participant, today)?;
            tx.execute(
                "INSERT INTO barrier (participant_id, kind, noted_on, note)
                 VALUES (:participant_id, :kind, :noted_on, :note)",
                named_params! {
                    ":participant_id": participant.id,
                    ":kind": new.kind,
                    ":noted_on": new.noted_on,
                    ":note": new.note.trim(),
                },
            )?;
            let created = load_barrier(tx, tx.last_insert_rowid())?;
            audit::record(
                tx,
                Some(actor.id),
                "barrier",
                created.id,
                "create",
                None::<&()>,
                Some(&created),
            )?;
            Ok(created)
        })
    }

    /// Marks a barrier lifted on `lifted_on`. `barrier.version` must be the version that was read.
    pub fn lift_barrier(&mut self, barrier: &Barrier, lifted_on: NaiveDate) -> Result<Barrier> {
        let today = self.today();
        self.write(|tx, actor| {
            let before = load_barrier(tx, barrier.id)?;
            participants::id_for(tx, actor, &before.participant)?;
            if lifted_on > today {
                return Err(DomainError::new("error.date_order")
                    .arg("date", lifted_on)
                    .into());
            }
            in_order(Some(before.details.noted_on), Some(lifted_on))?;
            let changed = tx.execute(
                "UPDATE barrier SET lifted_on = :lifted_on, version = version + 1
                 WHERE id = :id AND version = :version",
                named_params! {
                    ":lifted_on": lifted_on,
                    ":id": before.id,
                    ":version": barrier.version,
                },
            )?;
            if changed == 0 {
                return Err(audit::conflict(tx, "barrier", before.id));
            }
            let after = load_barrier(tx, before.id)?;
            audit::record(
                tx,
                Some(actor.id),
                "barrier",
                before.id,
                "lift",
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// The barriers of participant `file`: current ones first, then lifted, each by date noted.
    pub fn barriers(&self, file: &str) -> Result<Vec<Barrier>> {
        let id = participants::id_for(&self.conn, &self.actor, file)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {BARRIER_COLUMNS} FROM barrier b JOIN participant p ON p.id = b.participant_id
             WHERE b.participant_id = :participant_id
             ORDER BY b.lifted_on IS NOT NULL, b.noted_on, b.id"
        ))?;
        let rows = stmt
            .query_map(named_params! { ":participant_id": id }, barrier_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Records a milestone review of participant `file`.
    pub fn add_milestone(&mut self, file: &str, new: &NewMilestone) -> Result<Milestone> {
        new.validate()?;
        let today = self.today();
        self.write(|tx, actor| {
            let participant = participants::load(tx, actor, file)?;
            within_pathway(new.held_on, &participant, today)?;
            if new.achieved.trim().is_empty() && new.new_objectives.trim().is_empty() {
                return Err(required("file.field.achieved").into());
            }
            tx.execute(
                "INSERT INTO milestone (participant_id, held_on, objectives, achieved, new_objectives)
                 VALUES (:participant_id, :held_on, :objectives, :achieved, :new_objectives)",
                named_params! {
                    ":participant_id": participant.id,
                    ":held_on": new.held_on,
                    ":objectives": new.objectives.trim(),
                    ":achieved": new.achieved.trim(),
                    ":new_objectives": new.new_objectives.trim(),
                },
            )?;
            let created = load_milestone(tx, tx.last_insert_rowid())?;
            audit::record(tx, Some(actor.id), "milestone", created.id, "create", None::<&()>, Some(&created))?;
            Ok(created)
        })
    }

    /// Saves an edited milestone review (its objectives, what was achieved,
    /// the new objectives, its date). `edited.version` must be the version that was read.
    pub fn update_milestone(&mut self, edited: &Milestone) -> Result<Milestone> {
        edited.details.validate()?;
        let today = self.today();
        let d = &edited.details;
        self.write(|tx, actor| {
            let before = load_milestone(tx, edited.id)?;
            let participant = participants::load(tx, actor, &before.participant)?;
            within_pathway(d.held_on, &participant, today)?;
            if d.achieved.trim().is_empty() && d.new_objectives.trim().is_empty() {
                return Err(required("file.field.achieved").into());
            }
            let changed = tx.execute(
                "UPDATE milestone SET held_on = :held_on, objectives = :objectives, achieved = :achieved,
                    new_objectives = :new_objectives, version = version + 1
                 WHERE id = :id AND version = :version",
                named_params! {
                    ":held_on": d.held_on,
                    ":objectives": d.objectives.trim(),
                    ":achieved": d.achieved.trim(),
                    ":new_objectives": d.new_objectives.trim(),
                    ":id": before.id,
                    ":version": edited.version,
                },
            )?;
            if changed == 0 {
                return Err(audit::conflict(tx, "milestone", before.id));
            }
            let after = load_milestone(tx, before.id)?;
            audit::record(tx, Some(actor.id), "milestone", before.id, "update", Some(&before), Some(&after))?;
            Ok(after)
        })
    }

    /// One milestone review, if the actor may see its participant's file.
    pub fn milestone(&self, id: i64) -> Result<Milestone> {
        let milestone = load_milestone(&self.conn, id)?;
        participants::id_for(&self.conn, &self.actor, &milestone.participant)?;
        Ok(milestone)
    }

    /// The milestone reviews of participant `file`, newest first.
    pub fn milestones(&self, file: &str) -> Result<Vec<Milestone>> {
        let id = participants::id_for(&self.conn, &self.actor, file)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {MILESTONE_COLUMNS} FROM milestone m JOIN participant p ON p.id = m.participant_id
             WHERE m.participant_id = :participant_id ORDER BY m.held_on DESC, m.id DESC"
        ))?;
        let rows = stmt
            .query_map(named_params! { ":participant_id": id }, milestone_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One step, if the actor may see its participant's file.
    pub fn step(&self, id: i64) -> Result<Step> {
        let step = load_step(&self.conn, id)?;
        participants::id_for(&self.conn, &self.actor, &step.participant)?;
        Ok(step)
    }

    /// One barrier, if the actor may see its participant's file.
    pub fn barrier(&self, id: i64) -> Result<Barrier> {
        let barrier = load_barrier(&self.conn, id)?;
        participants::id_for(&self.conn, &self.actor, &barrier.participant)?;
        Ok(barrier)
    }
}

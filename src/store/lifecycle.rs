//! The lifecycle events of a participant and the status they give.
//!
//! Every change of status is an event written here: recorded (entry file, commission
//! decision, contract, exit, six-month check) by anyone who may work on the file, or
//! corrected and cancelled, with a reason, by a coordinator. Each write reads the file's
//! events, adds the change, walks them all with the domain's rules
//! ([`derive`]) and only then writes the event and what it gives — status, dates, the
//! exit and its validation — on the participant row, version checked, with the audit
//! row: a refusal writes nothing. This module is the only writer of those columns.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, Row, named_params};

use super::codec::Instant;
use super::error::{Result, StoreError};
use super::{Session, WriteTx, audit, participants};
use crate::domain::DomainError;
use crate::domain::lifecycle::{Event, EventKind, Lifecycle, check_after, derive};
use crate::domain::participant::Participant;
use crate::domain::text::{Lines, check};
use crate::domain::user::User;

/// A lifecycle event as stored, with who recorded it and, if it was set aside, why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct EventRecord {
    /// Database id.
    pub id: i64,
    /// What happened, and when.
    #[serde(flatten)]
    pub event: Event,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it (none for an event carried over from an older schema).
    pub recorded_by: Option<String>,
    /// The event this one replaced, for a correction.
    pub corrects: Option<i64>,
    /// Set when a correction or a cancellation took it out of the lifecycle.
    pub voided: Option<Voided>,
}

impl EventRecord {
    /// Whether the event counts (it was neither corrected nor cancelled).
    pub fn is_live(&self) -> bool {
        self.voided.is_none()
    }
}

/// Why and by whom an event was set aside.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Voided {
    /// When.
    pub at: DateTime<Utc>,
    /// By whom (none when the program set it aside while bringing an older database up to date).
    pub by: Option<String>,
    /// Why, as the coordinator wrote it.
    pub reason: String,
}

/// A coordinator's correction of an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The event did not happen: it is taken out.
    Cancel,
    /// The event happened otherwise: its date and/or its value (a decision, outcome
    /// or situation code) change.
    Amend {
        /// The right date, if it changes.
        on: Option<NaiveDate>,
        /// The right code, if it changes.
        value: Option<String>,
    },
}

const EVENT_COLUMNS: &str = "e.id, e.kind, e.happened_on, e.decision, e.outcome, e.situation, e.note,
    e.recorded_at, r.login AS recorded_by, e.corrects, e.voided_at, v.login AS voided_by, e.void_reason";

/// The tables [`EVENT_COLUMNS`] reads from.
const EVENT_TABLES: &str = "lifecycle_event e LEFT JOIN user r ON r.id = e.recorded_by
    LEFT JOIN user v ON v.id = e.voided_by";

fn event_from_row(r: &Row) -> rusqlite::Result<EventRecord> {
    let voided_at: Option<Instant> = r.get("voided_at")?;
    Ok(EventRecord {
        id: r.get("id")?,
        event: Event {
            kind: r.get("kind")?,
            on: r.get("happened_on")?,
            decision: r.get("decision")?,
            outcome: r.get("outcome")?,
            situation: r.get("situation")?,
            note: r.get("note")?,
        },
        recorded_at: r.get::<_, Instant>("recorded_at")?.0,
        recorded_by: r.get("recorded_by")?,
        corrects: r.get("corrects")?,
        voided: match voided_at {
            Some(at) => Some(Voided {
                at: at.0,
                by: r.get("voided_by")?,
                reason: r
                    .get::<_, Option<String>>("void_reason")?
                    .unwrap_or_default(),
            }),
            None => None,
        },
    })
}

/// Every event of participant `id`, set-aside ones included, in date order.
pub(crate) fn records(conn: &Connection, participant_id: i64) -> Result<Vec<EventRecord>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM {EVENT_TABLES}
         WHERE e.participant_id = :participant_id ORDER BY e.happened_on, e.id"
    ))?;
    let rows = stmt
        .query_map(
            named_params! { ":participant_id": participant_id },
            event_from_row,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The events that count, numbered by their id, as [`derive`] takes them.
fn live(records: &[EventRecord]) -> Vec<(i64, Event)> {
    records
        .iter()
        .filter(|r| r.is_live())
        .map(|r| (r.id, r.event.clone()))
        .collect()
}

/// The id a new event is numbered with before it is written: after every stored one,
/// so that same-day events keep their recording order.
const NEW: i64 = i64::MAX;

/// An event to insert: what happened, who recorded it and when, what it corrects,
/// and for an event set aside when it is written (the demo's corrections), why.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EventRow<'a> {
    /// What happened.
    pub event: &'a Event,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// The event it replaces.
    pub corrects: Option<i64>,
    /// When, by whom and why it was set aside.
    pub voided: Option<(DateTime<Utc>, Option<i64>, &'a str)>,
}

/// Inserts one event of participant `participant_id`; its id.
pub(crate) fn insert_event(conn: &Connection, participant_id: i64, row: &EventRow) -> Result<i64> {
    let e = row.event;
    conn.prepare_cached(
        "INSERT INTO lifecycle_event (participant_id, kind, happened_on, decision, outcome, situation,
            note, recorded_at, recorded_by, corrects, voided_at, voided_by, void_reason)
         VALUES (:participant_id, :kind, :happened_on, :decision, :outcome, :situation,
            :note, :recorded_at, :recorded_by, :corrects, :voided_at, :voided_by, :void_reason)",
    )?
    .execute(named_params! {
        ":participant_id": participant_id,
        ":kind": e.kind,
        ":happened_on": e.on,
        ":decision": e.decision,
        ":outcome": e.outcome,
        ":situation": e.situation,
        ":note": e.note,
        ":recorded_at": Instant(row.recorded_at),
        ":recorded_by": row.recorded_by,
        ":corrects": row.corrects,
        ":voided_at": row.voided.map(|(at, _, _)| Instant(at)),
        ":voided_by": row.voided.and_then(|(_, by, _)| by),
        ":void_reason": row.voided.map(|(_, _, reason)| reason),
    })?;
    Ok(conn.last_insert_rowid())
}

/// Sets event `id` aside at `at`, by `by`, for `reason`.
fn void(conn: &Connection, id: i64, at: &str, by: Option<i64>, reason: &str) -> Result<()> {
    conn.execute(
        "UPDATE lifecycle_event SET voided_at = :at, voided_by = :by, void_reason = :reason
         WHERE id = :id AND voided_at IS NULL",
        named_params! { ":at": at, ":by": by, ":reason": reason, ":id": id },
    )?;
    Ok(())
}

/// Who changes the participant row with its projection, and the version they read.
pub(crate) struct Stamp<'a> {
    /// The instant, as stored.
    pub at: &'a str,
    /// The acting user.
    pub by: i64,
    /// The version the change was made on.
    pub version: i64,
}

/// Writes what `lc` gives on participant `id`'s row. With a `stamp`, the row's version
/// must be the one read (else nothing is written and the conflict is returned) and moves
/// on; without, the row is only brought in line (loading, migration).
pub(crate) fn project(
    conn: &Connection,
    id: i64,
    lc: &Lifecycle,
    stamp: Option<&Stamp>,
) -> Result<()> {
    let exit = lc.exit;
    let changed = conn
        .prepare_cached(
            "UPDATE participant SET status = :status, entry_file_on = :entry_file_on,
                commission_on = :commission_on, commission_decision = :commission_decision,
                contract_on = :contract_on, exit_on = :exit_on, exit_outcome = :exit_outcome,
                exit_validation = :exit_validation, exit_check_due = :exit_check_due,
                exit_checked_on = :exit_checked_on, follow_up_situation = :follow_up_situation,
                updated_at = COALESCE(:updated_at, updated_at),
                updated_by = COALESCE(:updated_by, updated_by),
                version = version + (:version IS NOT NULL)
             WHERE id = :id AND (:version IS NULL OR version = :version)",
        )?
        .execute(named_params! {
            ":status": lc.status,
            ":entry_file_on": lc.entry_file_on,
            ":commission_on": lc.commission.map(|(on, _)| on),
            ":commission_decision": lc.commission.map(|(_, d)| d),
            ":contract_on": lc.entered_on,
            ":exit_on": exit.map(|x| x.on),
            ":exit_outcome": exit.map(|x| x.outcome),
            ":exit_validation": exit.and_then(|x| x.validation),
            ":exit_check_due": exit.and_then(|x| x.check_due),
            ":exit_checked_on": exit.and_then(|x| x.checked_on),
            ":follow_up_situation": exit.and_then(|x| x.situation),
            ":updated_at": stamp.map(|s| s.at),
            ":updated_by": stamp.map(|s| s.by),
            ":version": stamp.map(|s| s.version),
            ":id": id,
        })?;
    if changed == 0 {
        return Err(audit::conflict(conn, "participant", id));
    }
    Ok(())
}

/// Walks every file's events again and writes what they give, setting aside with the
/// reason any event that does not follow (an older database's typed statuses). No
/// date is in the future here: what was recorded before is kept as recorded.
pub(crate) fn rebuild_all(conn: &Connection) -> Result<()> {
    let mut stmt =
        conn.prepare("SELECT id, oriented_on, updated_at FROM participant ORDER BY id")?;
    let files = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, i64>("id")?,
                r.get::<_, NaiveDate>("oriented_on")?,
                r.get::<_, String>("updated_at")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    for (id, oriented_on, updated_at) in files {
        let mut events = live(&records(conn, id)?);
        let lc = loop {
            match derive(oriented_on, &events, NaiveDate::MAX) {
                Ok(lc) => break lc,
                Err(refusal) => {
                    let reason = crate::i18n::tf(
                        "lifecycle.set_aside",
                        &[("reason", &refusal.error.to_string())],
                    );
                    void(conn, refusal.event, &updated_at, None, &reason)?;
                    events.retain(|(event, _)| *event != refusal.event);
                }
            }
        };
        project(conn, id, &lc, None)?;
    }
    Ok(())
}

/// The participant a lifecycle write works on, checked against the version read.
fn file_at(tx: &WriteTx, actor: &User, file: &str, version: i64) -> Result<Participant> {
    let before = participants::load(tx, actor, file)?;
    if before.version != version {
        return Err(audit::conflict(tx, "participant", before.id));
    }
    Ok(before)
}

/// Writes a checked change of `before` (read at `version`): the new event `row`, if
/// any, then what `lc` gives on the participant row, and the audit row of `action`;
/// the file as it now is.
fn written(
    tx: &WriteTx,
    actor: &User,
    (before, version): (&Participant, i64),
    lc: &Lifecycle,
    row: Option<&EventRow>,
    action: &str,
) -> Result<Participant> {
    if let Some(row) = row {
        insert_event(tx, before.id, row)?;
    }
    let stamp = Stamp {
        at: tx.now(),
        by: actor.id,
        version,
    };
    project(tx, before.id, lc, Some(&stamp))?;
    let after = participants::load(tx, actor, &before.file_number)?;
    let (id, actor_id) = (before.id, Some(actor.id));
    audit::record(
        tx,
        actor_id,
        "participant",
        id,
        action,
        Some(before),
        Some(&after),
    )?;
    Ok(after)
}

/// What `events` give for `participant` on `today`, or why they do not follow.
pub(crate) fn derive_for(
    participant: &Participant,
    events: &[(i64, Event)],
    today: NaiveDate,
) -> Result<Lifecycle> {
    let oriented = participant.details.oriented_on.unwrap_or(today);
    derive(oriented, events, today).map_err(|r| StoreError::Invalid(r.error))
}

impl Session {
    /// Records `event` in participant `file`'s lifecycle, the file read at `version`:
    /// the status, the entry and the exit follow. Refused, with nothing written, when the
    /// event does not follow the file's others (see [`derive`]).
    pub fn record_event(&mut self, file: &str, version: i64, event: &Event) -> Result<Participant> {
        event.validate()?;
        self.write(|tx, actor| {
            let before = file_at(tx, actor, file, version)?;
            let mut events = live(&records(tx, before.id)?);
            events.push((NEW, event.clone()));
            let lc = derive_for(&before, &events, tx.today())?;
            let row = EventRow {
                event,
                recorded_at: tx.instant(),
                recorded_by: Some(actor.id),
                corrects: None,
                voided: None,
            };
            let action = event.kind.code();
            written(tx, actor, (&before, version), &lc, Some(&row), action)
        })
    }

    /// Corrects or cancels event `event_id` of participant `file` (read at `version`),
    /// for `reason`: coordinators only. The event is set aside with the reason and,
    /// for a correction, replaced; the six-month check of a corrected or cancelled exit
    /// goes with it (it was about that exit). Refused, with nothing written, when the
    /// events would no longer follow.
    pub fn correct_event(
        &mut self,
        file: &str,
        version: i64,
        event_id: i64,
        reason: &str,
        change: &Change,
    ) -> Result<Participant> {
        let reason = reason.trim().to_owned();
        if reason.is_empty() {
            return Err(DomainError::new("error.required")
                .arg("field", crate::i18n::t("lifecycle.field.reason"))
                .into());
        }
        check("lifecycle.field.reason", &reason, Lines::Many)?;
        self.write(|tx, actor| {
            if !actor.is_coordinator() {
                return Err(StoreError::forbidden(
                    &actor.login,
                    "what.correct_lifecycle",
                ));
            }
            let before = file_at(tx, actor, file, version)?;
            let all = records(tx, before.id)?;
            let target = all
                .iter()
                .find(|r| r.id == event_id)
                .ok_or_else(|| StoreError::not_found("lifecycle.entity.event", event_id))?;
            if !target.is_live() {
                return Err(DomainError::new("lifecycle.error.already_voided")
                    .arg("what", target.event.kind.label())
                    .arg("date", target.event.on)
                    .into());
            }
            let mut events = live(&all);
            let mut gone = vec![target.id];
            if target.event.kind == EventKind::Exit {
                gone.extend(check_after(&events, target.id));
            }
            events.retain(|(id, _)| !gone.contains(id));
            let replacement = match change {
                Change::Cancel => None,
                Change::Amend { on, value } => {
                    let next = target.event.corrected(*on, value.as_deref())?;
                    if next == target.event {
                        return Err(DomainError::new("lifecycle.error.no_change").into());
                    }
                    Some(next)
                }
            };
            if let Some(next) = &replacement {
                events.push((NEW, next.clone()));
            }
            let lc = derive_for(&before, &events, tx.today())?;
            for id in &gone {
                void(tx, *id, tx.now(), Some(actor.id), &reason)?;
            }
            let row = replacement.as_ref().map(|next| EventRow {
                event: next,
                recorded_at: tx.instant(),
                recorded_by: Some(actor.id),
                corrects: Some(target.id),
                voided: None,
            });
            let action = match change {
                Change::Cancel => "cancel_",
                Change::Amend { .. } => "correct_",
            };
            let action = format!("{action}{}", target.event.kind.code());
            written(tx, actor, (&before, version), &lc, row.as_ref(), &action)
        })
    }

    /// The lifecycle events of participant `file`, set-aside ones included, in date order.
    pub fn lifecycle_events(&self, file: &str) -> Result<Vec<EventRecord>> {
        let id = participants::id_for(&self.conn, &self.actor, file)?;
        records(&self.conn, id)
    }

    /// Where participant `file` stands as their events give it, with each status's start.
    pub fn lifecycle(&self, file: &str) -> Result<Lifecycle> {
        let participant = participants::load(&self.conn, &self.actor, file)?;
        let events = live(&records(&self.conn, participant.id)?);
        // What was recorded is kept as recorded, whatever today is.
        derive_for(&participant, &events, NaiveDate::MAX)
    }
}

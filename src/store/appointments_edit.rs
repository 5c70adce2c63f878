//! Changing the agenda: creating (one appointment or a weekly series), editing
//! and moving, marking done / no-show / cancelled — with the journal contact a
//! meeting leaves, written in the same transaction — and writing that
//! contact's note. Also a participant's appointments, past and coming.
//!
//! A referent changes only their own agenda; a coordinator reads any agenda
//! but changes only their own.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::agenda::{COLUMNS, from_row, load};
use super::codec::Instant;
use super::error::{Result, StoreError};
use super::{Session, audit, participants};
use crate::domain::DomainError;
use crate::domain::agenda::{Appointment, AppointmentStatus};
use crate::domain::duration::check_minutes;
use crate::domain::journal::ContactKind;
use crate::domain::schedule::{AppointmentFields, MAX_WEEKLY_OCCURRENCES, contact_kind};
use crate::domain::text::Lines;
use crate::domain::user::User;

/// An appointment with what only the agenda screens show: its notes and series.
#[derive(Debug, Clone, PartialEq)]
pub struct AppointmentDetail {
    /// The appointment.
    pub appointment: Appointment,
    /// Free notes.
    pub notes: String,
    /// Identifier shared by the occurrences of a weekly slot.
    pub series: Option<String>,
}

/// The journal contact an appointment left, as the journal entry form needs it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AppointmentContact {
    /// Database id of the contact.
    pub id: i64,
    /// The appointment it took place in.
    pub appointment_id: i64,
    /// File number of the participant.
    pub participant: String,
    /// Local date of the contact.
    pub contact_on: NaiveDate,
    /// How it took place.
    pub kind: ContactKind,
    /// Length in minutes.
    pub minutes: u32,
    /// The journal note (empty: still to write, within a week).
    pub summary: String,
    /// The next action agreed.
    pub next_action: String,
    /// Optimistic-lock version.
    pub version: i64,
}

/// What marking an appointment did.
#[derive(Debug, Clone, PartialEq)]
pub struct StatusChange {
    /// The appointment as saved.
    pub appointment: Appointment,
    /// The journal contact written with it (a meeting or no-show with a participant).
    pub contact: Option<AppointmentContact>,
}

const CONTACT_COLUMNS: &str = "c.id, c.appointment_id, p.file_number, c.contact_on, c.kind, c.minutes, c.summary, c.next_action, c.version";

/// A contact from a row of [`CONTACT_COLUMNS`] (an unknown kind is an error).
fn contact_from_row(r: &Row) -> rusqlite::Result<AppointmentContact> {
    Ok(AppointmentContact {
        id: r.get("id")?,
        appointment_id: r.get("appointment_id")?,
        participant: r.get("file_number")?,
        contact_on: r.get("contact_on")?,
        kind: r.get("kind")?,
        minutes: r.get("minutes")?,
        summary: r.get("summary")?,
        next_action: r.get("next_action")?,
        version: r.get("version")?,
    })
}

fn load_contact(conn: &Connection, id: i64) -> Result<AppointmentContact> {
    conn.query_row(
        &format!(
            "SELECT {CONTACT_COLUMNS} FROM contact c JOIN participant p ON p.id = c.participant_id
             WHERE c.id = :id AND c.appointment_id IS NOT NULL"
        ),
        named_params! { ":id": id },
        contact_from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("agenda.entity.contact", id))
}

/// Loads an appointment the actor may change: one of their own agenda.
fn own(conn: &Connection, actor: &User, id: i64) -> Result<Appointment> {
    let appointment = load(conn, id)?;
    if appointment.referent != actor.login {
        return Err(StoreError::forbidden(&actor.login, "what.other_agenda"));
    }
    Ok(appointment)
}

fn participant_id(conn: &Connection, actor: &User, file: Option<&str>) -> Result<Option<i64>> {
    file.map(|f| participants::id_for(conn, actor, f))
        .transpose()
}

fn check_planned(appointment: &Appointment) -> Result<()> {
    if appointment.status == AppointmentStatus::Planned {
        Ok(())
    } else {
        Err(DomainError::new("agenda.error.not_planned")
            .arg("status", appointment.status.label())
            .into())
    }
}

impl Session {
    /// One appointment with its notes: from the actor's agenda, or any for a coordinator.
    pub fn appointment(&self, id: i64) -> Result<AppointmentDetail> {
        self.reader()?;
        let appointment = load(&self.conn, id)?;
        if appointment.referent != self.actor.login && !self.actor.is_coordinator() {
            return Err(StoreError::forbidden(
                &self.actor.login,
                "what.other_agenda",
            ));
        }
        let (notes, series) = self.conn.query_row(
            "SELECT notes, series FROM appointment WHERE id = :id",
            named_params! { ":id": id },
            |r| Ok((r.get("notes")?, r.get("series")?)),
        )?;
        Ok(AppointmentDetail {
            appointment,
            notes,
            series,
        })
    }

    /// Puts one appointment in the actor's agenda at each of `starts` (in time
    /// order); several starts make a series that shares one identifier.
    pub fn create_appointments(
        &mut self,
        fields: &AppointmentFields,
        starts: &[DateTime<Utc>],
    ) -> Result<Vec<Appointment>> {
        let minutes = check_minutes(i64::from(fields.minutes))?;
        fields.validate()?;
        if starts.is_empty() || starts.len() > MAX_WEEKLY_OCCURRENCES {
            return Err(DomainError::new("agenda.error.too_many")
                .arg("n", starts.len())
                .arg("max", MAX_WEEKLY_OCCURRENCES)
                .into());
        }
        self.write(|tx, actor| {
            let participant = participant_id(tx, actor, fields.participant.as_deref())?;
            let first: i64 =
                tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 AS next_id FROM appointment", [], |r| r.get("next_id"))?;
            let series = (starts.len() > 1).then(|| {
                format!("{}-{}-{first}", actor.login, starts[0].format("%Y%m%dT%H%M%SZ"))
            });
            let mut created = Vec::with_capacity(starts.len());
            for (n, start) in starts.iter().enumerate() {
                let uid = format!(
                    "{}-{}-{}@parcours",
                    actor.login,
                    start.format("%Y%m%dT%H%M%SZ"),
                    first + n as i64
                );
                tx.execute(
                    "INSERT INTO appointment (referent_id, participant_id, kind, starts_at, minutes, title,
                        location, notes, status, series, uid)
                     VALUES (:referent_id, :participant_id, :kind, :starts_at, :minutes, :title,
                        :location, :notes, 'planned', :series, :uid)",
                    named_params! {
                        ":referent_id": actor.id,
                        ":participant_id": participant,
                        ":kind": fields.kind,
                        ":starts_at": Instant(*start),
                        ":minutes": minutes,
                        ":title": fields.title.trim(),
                        ":location": fields.location.trim(),
                        ":notes": fields.notes.trim(),
                        ":series": series,
                        ":uid": uid,
                    },
                )?;
                let appointment = load(tx, tx.last_insert_rowid())?;
                audit::record(
                    tx,
                    Some(actor.id),
                    "appointment",
                    appointment.id,
                    "create",
                    None::<&()>,
                    Some(&appointment),
                )?;
                created.push(appointment);
            }
            Ok(created)
        })
    }

    /// Saves an edited or moved appointment of the actor's agenda.
    ///
    /// `version` must be the one that was read: if someone saved in between,
    /// nothing is written and the conflict names them. Only a planned
    /// appointment changes; one that took place is part of the journal.
    pub fn update_appointment(
        &mut self,
        id: i64,
        version: i64,
        fields: &AppointmentFields,
    ) -> Result<Appointment> {
        let minutes = check_minutes(i64::from(fields.minutes))?;
        fields.validate()?;
        self.write(|tx, actor| {
            let before = own(tx, actor, id)?;
            check_planned(&before)?;
            let participant = participant_id(tx, actor, fields.participant.as_deref())?;
            let changed = tx.execute(
                "UPDATE appointment SET participant_id = :participant_id, kind = :kind,
                    starts_at = :starts_at, minutes = :minutes, title = :title, location = :location,
                    notes = :notes, version = version + 1
                 WHERE id = :id AND version = :version",
                named_params! {
                    ":participant_id": participant,
                    ":kind": fields.kind,
                    ":starts_at": Instant(fields.starts_at),
                    ":minutes": minutes,
                    ":title": fields.title.trim(),
                    ":location": fields.location.trim(),
                    ":notes": fields.notes.trim(),
                    ":id": id,
                    ":version": version,
                },
            )?;
            if changed == 0 {
                return Err(audit::conflict(tx, "appointment", id));
            }
            let after = load(tx, id)?;
            audit::record(tx, Some(actor.id), "appointment", id, "update", Some(&before), Some(&after))?;
            Ok(after)
        })
    }

    /// Marks a planned appointment of the actor's agenda done, no-show or cancelled.
    ///
    /// A meeting that took place (or was missed) with a participant goes into
    /// their journal in the same transaction, dated with its local day in `tz`:
    /// a no-show as such, a meeting as a contact whose note is still to write
    /// (within a week). Only an appointment that has started can be done or missed.
    pub fn set_appointment_status(
        &mut self,
        id: i64,
        version: i64,
        status: AppointmentStatus,
        tz: Tz,
    ) -> Result<StatusChange> {
        let today = self.today();
        self.write(|tx, actor| {
            let before = own(tx, actor, id)?;
            check_planned(&before)?;
            let local_day = before.starts_at.with_timezone(&tz).date_naive();
            match status {
                AppointmentStatus::Planned => {
                    return Err(DomainError::new("agenda.error.not_planned")
                        .arg("status", before.status.label())
                        .into());
                }
                AppointmentStatus::Done | AppointmentStatus::NoShow if local_day > today => {
                    return Err(DomainError::new("agenda.error.future")
                        .arg("date", local_day)
                        .into());
                }
                _ => {}
            }
            let changed = tx.execute(
                "UPDATE appointment SET status = :status, version = version + 1
                 WHERE id = :id AND version = :version",
                named_params! { ":status": status, ":id": id, ":version": version },
            )?;
            if changed == 0 {
                return Err(audit::conflict(tx, "appointment", id));
            }
            let after = load(tx, id)?;
            audit::record(tx, Some(actor.id), "appointment", id, status.code(), Some(&before), Some(&after))?;
            let contact = match (contact_kind(after.kind, status), after.participant.as_deref()) {
                (Some(kind), Some(file)) => {
                    let participant = participants::id_for(tx, actor, file)?;
                    let minutes = if kind == ContactKind::NoShow { 0 } else { after.minutes };
                    tx.execute(
                        "INSERT INTO contact (participant_id, author_id, contact_on, kind, minutes, summary,
                            next_action, appointment_id, logged_at)
                         VALUES (:participant_id, :author_id, :contact_on, :kind, :minutes, '', '',
                            :appointment_id, :logged_at)",
                        named_params! {
                            ":participant_id": participant,
                            ":author_id": actor.id,
                            ":contact_on": local_day,
                            ":kind": kind,
                            ":minutes": minutes,
                            ":appointment_id": id,
                            ":logged_at": tx.now(),
                        },
                    )?;
                    let contact = load_contact(tx, tx.last_insert_rowid())?;
                    audit::record(tx, Some(actor.id), "contact", contact.id, "create", None::<&()>, Some(&contact))?;
                    Some(contact)
                }
                _ => None,
            };
            Ok(StatusChange {
                appointment: after,
                contact,
            })
        })
    }

    /// The journal contact an appointment left, if any (same reading rights as the appointment).
    pub fn appointment_contact(&self, appointment_id: i64) -> Result<Option<AppointmentContact>> {
        self.appointment(appointment_id)?;
        let id: Option<i64> = self
            .conn
            .query_row(
                "SELECT id FROM contact WHERE appointment_id = :appointment_id ORDER BY id DESC LIMIT 1",
                named_params! { ":appointment_id": appointment_id },
                |r| r.get("id"),
            )
            .optional()?;
        id.map(|id| load_contact(&self.conn, id)).transpose()
    }

    /// Writes the journal note of a contact the actor logged from an appointment.
    ///
    /// The summary is required; `version` is the contact's as read.
    pub fn write_appointment_note(
        &mut self,
        contact_id: i64,
        version: i64,
        summary: &str,
        next_action: &str,
    ) -> Result<AppointmentContact> {
        if summary.trim().is_empty() {
            return Err(DomainError::new("error.required")
                .arg("field", crate::i18n::t("agenda.field.summary"))
                .into());
        }
        crate::domain::text::check_all(&[
            ("agenda.field.summary", summary, Lines::Many),
            ("agenda.field.next_action", next_action, Lines::Many),
        ])?;
        self.write(|tx, actor| {
            let before = load_contact(tx, contact_id)?;
            let author: i64 = tx.query_row(
                "SELECT author_id FROM contact WHERE id = :id",
                named_params! { ":id": contact_id },
                |r| r.get("author_id"),
            )?;
            if author != actor.id {
                return Err(StoreError::forbidden(
                    &actor.login,
                    "agenda.what.other_note",
                ));
            }
            let changed = tx.execute(
                "UPDATE contact SET summary = :summary, next_action = :next_action, version = version + 1
                 WHERE id = :id AND version = :version",
                named_params! {
                    ":summary": summary.trim(),
                    ":next_action": next_action.trim(),
                    ":id": contact_id,
                    ":version": version,
                },
            )?;
            if changed == 0 {
                return Err(audit::conflict(tx, "contact", contact_id));
            }
            let after = load_contact(tx, contact_id)?;
            audit::record(
                tx,
                Some(actor.id),
                "contact",
                contact_id,
                "update",
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// A participant's appointments, past and coming, in time order (whoever's
    /// agenda they are in), if the actor may read the participant's file.
    pub fn participant_appointments(&self, file_number: &str) -> Result<Vec<Appointment>> {
        let participant = participants::id_for(&self.conn, &self.actor, file_number)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM appointment a JOIN user u ON u.id = a.referent_id
             LEFT JOIN participant p ON p.id = a.participant_id
             WHERE a.participant_id = :participant_id ORDER BY a.starts_at, a.id"
        ))?;
        let rows = stmt
            .query_map(named_params! { ":participant_id": participant }, from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

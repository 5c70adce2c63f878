//! Appointments of the agenda.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, named_params};

use super::codec::Instant;
use super::error::{Result, StoreError};
use super::{Session, audit, participants};
use crate::domain::agenda::{Appointment, NewAppointment};
use crate::domain::duration::check_minutes;

/// The columns [`from_row`] reads, from `appointment a`, `user u` and `participant p`.
pub(super) const COLUMNS: &str = "a.id, u.login, p.file_number, p.last_name, p.first_name, a.kind, a.starts_at, a.minutes, a.title, a.location, a.status, a.uid, a.version";

/// An appointment from a row of [`COLUMNS`].
/// An unknown kind or status is an error, never a default.
pub(super) fn from_row(r: &Row) -> rusqlite::Result<Appointment> {
    Ok(Appointment {
        id: r.get("id")?,
        referent: r.get("login")?,
        participant: r.get("file_number")?,
        participant_name: match (
            r.get::<_, Option<String>>("last_name")?,
            r.get::<_, Option<String>>("first_name")?,
        ) {
            (Some(last), Some(first)) => Some(format!("{} {first}", last.to_uppercase())),
            _ => None,
        },
        kind: r.get("kind")?,
        starts_at: r.get::<_, Instant>("starts_at")?.0,
        minutes: r.get("minutes")?,
        title: r.get("title")?,
        location: r.get("location")?,
        status: r.get("status")?,
        uid: r.get("uid")?,
        version: r.get("version")?,
    })
}

/// One appointment by id, whoever's it is (callers check permissions).
pub(super) fn load(conn: &Connection, id: i64) -> Result<Appointment> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM appointment a JOIN user u ON u.id = a.referent_id
             LEFT JOIN participant p ON p.id = a.participant_id WHERE a.id = :id"
        ),
        named_params! { ":id": id },
        from_row,
    )
    .map_err(|e| match e {
        rusqlite::Error::QueryReturnedNoRows => StoreError::not_found("entity.appointment", id),
        e => e.into(),
    })
}

impl Session {
    /// Puts an appointment in the actor's agenda.
    pub fn add_appointment(&mut self, new: &NewAppointment) -> Result<Appointment> {
        let minutes = check_minutes(new.minutes as i64)?;
        new.validate()?;
        self.write(|tx, actor| {
            let participant_id = match new.participant.as_deref() {
                Some(f) => Some(participants::id_for(tx, actor, f)?),
                None => None,
            };
            let seq: i64 = tx.query_row("SELECT COALESCE(MAX(id), 0) + 1 AS next_id FROM appointment", [], |r| r.get("next_id"))?;
            let uid = format!("{}-{}-{}@parcours", actor.login, new.starts_at.format("%Y%m%dT%H%M%SZ"), seq);
            tx.execute(
                "INSERT INTO appointment (referent_id, participant_id, kind, starts_at, minutes, title, location, status, uid)
                 VALUES (:referent_id, :participant_id, :kind, :starts_at, :minutes, :title, :location,
                    'planned', :uid)",
                named_params! {
                    ":referent_id": actor.id,
                    ":participant_id": participant_id,
                    ":kind": new.kind,
                    ":starts_at": Instant(new.starts_at),
                    ":minutes": minutes,
                    ":title": new.title.trim(),
                    ":location": new.location.trim(),
                    ":uid": uid,
                },
            )?;
            let created = load(tx, tx.last_insert_rowid())?;
            audit::record(tx, Some(actor.id), "appointment", created.id, "create", None::<&()>, Some(&created))?;
            Ok(created)
        })
    }

    /// `referent`'s appointments (the actor's by default) starting in `[from, to)`, in time order.
    pub fn appointments_between(
        &self,
        referent: Option<&str>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Appointment>> {
        let subject = self.subject(referent, "what.other_agenda")?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM appointment a JOIN user u ON u.id = a.referent_id
             LEFT JOIN participant p ON p.id = a.participant_id
             WHERE a.referent_id = :referent_id AND a.starts_at >= :from AND a.starts_at < :to
             ORDER BY a.starts_at, a.id"
        ))?;
        let params = named_params! {
            ":referent_id": subject.id,
            ":from": Instant(from),
            ":to": Instant(to),
        };
        let rows = stmt
            .query_map(params, from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

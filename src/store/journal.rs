//! The contact journal: what happened with a participant, newest first.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::codec::Instant;
use super::error::{Result, StoreError};
use super::{Session, audit, participants};
use crate::domain::DomainError;
use crate::domain::duration::check_minutes;
use crate::domain::journal::ContactKind;
use crate::domain::participant::Participant;
use crate::domain::text::{Lines, check_all};

/// A contact to record in a participant's journal.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct NewContact {
    /// The day it took place.
    pub contact_on: NaiveDate,
    /// How it took place.
    pub kind: ContactKind,
    /// How long it lasted, in minutes (0 when not relevant, e.g. an e-mail).
    pub minutes: u32,
    /// The journal note; empty until written (the note is due within a week).
    pub summary: String,
    /// What comes next.
    pub next_action: String,
    /// The agenda appointment it came from, if any.
    pub appointment_id: Option<i64>,
}

/// A contact as stored.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Contact {
    /// Database id.
    pub id: i64,
    /// The participant's file number.
    pub participant: String,
    /// Login of the user who logged it.
    pub author: String,
    /// What was recorded.
    #[serde(flatten)]
    pub details: NewContact,
    /// When it was logged (UTC).
    pub logged_at: DateTime<Utc>,
    /// Optimistic-lock version.
    pub version: i64,
}

impl NewContact {
    /// Checks the contact against the participant's file and today: it took
    /// place, from the orientation on, and lasted a possible time.
    pub fn validate(&self, participant: &Participant, today: NaiveDate) -> Result<(), DomainError> {
        check_all(&[
            ("file.field.summary", &self.summary, Lines::Many),
            ("file.field.next_action", &self.next_action, Lines::Many),
        ])?;
        let oriented = participant.details.oriented_on.unwrap_or(self.contact_on);
        if self.contact_on > today || self.contact_on < oriented {
            return Err(DomainError::new("error.date_order").arg("date", self.contact_on));
        }
        if self.minutes > 0 {
            check_minutes(i64::from(self.minutes))?;
        }
        Ok(())
    }
}

const COLUMNS: &str =
    "c.id, p.file_number, u.login, c.contact_on, c.kind, c.minutes, c.summary, c.next_action,
    c.appointment_id, c.logged_at, c.version";

const FROM: &str = "FROM contact c JOIN participant p ON p.id = c.participant_id JOIN user u ON u.id = c.author_id";

/// A contact from a row of [`COLUMNS`] (an unknown kind is an error).
fn from_row(r: &Row) -> rusqlite::Result<Contact> {
    Ok(Contact {
        id: r.get("id")?,
        participant: r.get("file_number")?,
        author: r.get("login")?,
        details: NewContact {
            contact_on: r.get("contact_on")?,
            kind: r.get("kind")?,
            minutes: r.get("minutes")?,
            summary: r.get("summary")?,
            next_action: r.get("next_action")?,
            appointment_id: r.get("appointment_id")?,
        },
        logged_at: r.get::<_, Instant>("logged_at")?.0,
        version: r.get("version")?,
    })
}

fn load(conn: &Connection, id: i64) -> Result<Contact> {
    conn.query_row(
        &format!("SELECT {COLUMNS} {FROM} WHERE c.id = :id"),
        named_params! { ":id": id },
        from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("file.entity.contact", id))
}

impl Session {
    /// Records a contact in the journal of participant `file`, authored by the actor.
    pub fn add_contact(&mut self, file: &str, new: &NewContact) -> Result<Contact> {
        let today = self.today();
        self.write(|tx, actor| {
            let participant = participants::load(tx, actor, file)?;
            new.validate(&participant, today)?;
            if let Some(id) = new.appointment_id {
                super::access::ensure_own_appointment(tx, actor, id)?;
            }
            tx.execute(
                "INSERT INTO contact (participant_id, author_id, contact_on, kind, minutes, summary, next_action,
                    appointment_id, logged_at)
                 VALUES (:participant_id, :author_id, :contact_on, :kind, :minutes, :summary, :next_action,
                    :appointment_id, :logged_at)",
                named_params! {
                    ":participant_id": participant.id,
                    ":author_id": actor.id,
                    ":contact_on": new.contact_on,
                    ":kind": new.kind,
                    ":minutes": new.minutes,
                    ":summary": new.summary.trim(),
                    ":next_action": new.next_action.trim(),
                    ":appointment_id": new.appointment_id,
                    ":logged_at": tx.now(),
                },
            )?;
            let created = load(tx, tx.last_insert_rowid())?;
            audit::record(tx, Some(actor.id), "contact", created.id, "create", None::<&()>, Some(&created))?;
            Ok(created)
        })
    }

    /// Saves an edited contact. `edited.version` must be the version that was
    /// read: if someone saved in between, nothing is written and the conflict names them.
    pub fn update_contact(&mut self, edited: &Contact) -> Result<Contact> {
        let today = self.today();
        self.write(|tx, actor| {
            let before = load(tx, edited.id)?;
            let participant = participants::load(tx, actor, &before.participant)?;
            edited.details.validate(&participant, today)?;
            let d = &edited.details;
            let changed = tx.execute(
                "UPDATE contact SET contact_on = :contact_on, kind = :kind, minutes = :minutes,
                    summary = :summary, next_action = :next_action, version = version + 1
                 WHERE id = :id AND version = :version",
                named_params! {
                    ":contact_on": d.contact_on,
                    ":kind": d.kind,
                    ":minutes": d.minutes,
                    ":summary": d.summary.trim(),
                    ":next_action": d.next_action.trim(),
                    ":id": before.id,
                    ":version": edited.version,
                },
            )?;
            if changed == 0 {
                return Err(audit::conflict(tx, "contact", before.id));
            }
            let after = load(tx, before.id)?;
            audit::record(
                tx,
                Some(actor.id),
                "contact",
                before.id,
                "update",
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// The journal of participant `file`, newest first.
    pub fn contacts(&self, file: &str) -> Result<Vec<Contact>> {
        let id = participants::id_for(&self.conn, &self.actor, file)?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} {FROM} WHERE c.participant_id = :participant_id
             ORDER BY c.contact_on DESC, c.id DESC"
        ))?;
        let rows = stmt
            .query_map(named_params! { ":participant_id": id }, from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// One contact, if the actor may see its participant's file.
    pub fn contact(&self, id: i64) -> Result<Contact> {
        let contact = load(&self.conn, id)?;
        participants::id_for(&self.conn, &self.actor, &contact.participant)?;
        Ok(contact)
    }
}

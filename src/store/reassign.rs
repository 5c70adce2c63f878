//! Reassigning a participant to another referent, with their coming appointments.
//!
//! The file and its coming appointments change hands together, in one transaction:
//! the new referent finds them in their agenda, the old one can no longer cancel
//! them. Appointments that have begun stay where they were held, so each referent's
//! agenda and time remain what was really done.

use rusqlite::named_params;
use serde::Serialize;

use super::codec::Instant;
use super::error::{Result, StoreError};
use super::{Session, audit, participants, users};
use crate::domain::DomainError;
use crate::domain::participant::Participant;

/// What a reassignment did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reassignment {
    /// The file as it now is.
    pub participant: Participant,
    /// The former referent's login, if there was one.
    pub from: Option<String>,
    /// The new referent's login.
    pub to: String,
    /// Appointments from now on that moved to the new referent's agenda.
    pub moved: usize,
}

/// An appointment's referent before and after a reassignment, as the audit row keeps it.
#[derive(Serialize)]
struct AgendaOwner<'a> {
    referent: &'a str,
}

impl Session {
    /// Gives participant `file` (read at `version`) to the active referent `login`
    /// (coordinators only), with the appointments that have not begun yet: they leave
    /// the former referent's agenda for the new one's. Past appointments stay.
    pub fn reassign(&mut self, file: &str, version: i64, login: &str) -> Result<Reassignment> {
        self.write(|tx, actor| {
            if !actor.is_coordinator() {
                return Err(StoreError::forbidden(&actor.login, "what.reassign"));
            }
            let before = participants::load(tx, actor, file)?;
            let to = users::referent(tx, login)?;
            if before.referent.as_deref() == Some(to.login.as_str()) {
                return Err(DomainError::new("lifecycle.error.same_referent")
                    .arg("file", &before.file_number)
                    .arg("login", &to.login)
                    .into());
            }
            let changed = tx.execute(
                "UPDATE participant SET referent_id = :referent_id, updated_at = :updated_at,
                    updated_by = :updated_by, version = version + 1
                 WHERE id = :id AND version = :version",
                named_params! {
                    ":referent_id": to.id,
                    ":updated_at": tx.now(),
                    ":updated_by": actor.id,
                    ":id": before.id,
                    ":version": version,
                },
            )?;
            if changed == 0 {
                return Err(audit::conflict(tx, "participant", before.id));
            }
            let mut stmt = tx.prepare_cached(
                "SELECT a.id, u.login FROM appointment a JOIN user u ON u.id = a.referent_id
                 WHERE a.participant_id = :participant_id AND a.starts_at >= :now
                   AND a.referent_id <> :referent_id",
            )?;
            let coming = stmt
                .query_map(
                    named_params! {
                        ":participant_id": before.id,
                        ":now": Instant(tx.instant()),
                        ":referent_id": to.id,
                    },
                    |r| Ok((r.get::<_, i64>("id")?, r.get::<_, String>("login")?)),
                )?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            for (id, owner) in &coming {
                tx.execute(
                    "UPDATE appointment SET referent_id = :referent_id, version = version + 1
                     WHERE id = :id",
                    named_params! { ":referent_id": to.id, ":id": id },
                )?;
                audit::record(
                    tx,
                    Some(actor.id),
                    "appointment",
                    *id,
                    "reassign",
                    Some(&AgendaOwner { referent: owner }),
                    Some(&AgendaOwner {
                        referent: &to.login,
                    }),
                )?;
            }
            let after = participants::load(tx, actor, file)?;
            audit::record(
                tx,
                Some(actor.id),
                "participant",
                before.id,
                "reassign",
                Some(&before),
                Some(&after),
            )?;
            Ok(Reassignment {
                from: before.referent.clone(),
                to: to.login,
                moved: coming.len(),
                participant: after,
            })
        })
    }
}

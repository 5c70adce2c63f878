//! Who may still act: every call of a session re-checks that its user is active
//! (a user deactivated while their interface is open can read nothing more),
//! and coordinators deactivate and reactivate users.

use rusqlite::{Connection, OptionalExtension, named_params};

use super::error::{Result, StoreError};
use super::{Session, audit, users};
use crate::domain::user::User;

/// Refuses `actor` if they are no longer an active user of the database.
pub(crate) fn ensure_active(conn: &Connection, actor: &User) -> Result<()> {
    let active: Option<bool> = conn
        .query_row(
            "SELECT active FROM user WHERE id = :id",
            named_params! { ":id": actor.id },
            |r| r.get("active"),
        )
        .optional()?;
    if active == Some(true) {
        Ok(())
    } else {
        Err(StoreError::UnknownActor(actor.login.clone()))
    }
}

impl Session {
    /// The acting user, checked to be still active: every read starts with it.
    pub(crate) fn reader(&self) -> Result<&User> {
        ensure_active(&self.conn, &self.actor)?;
        Ok(&self.actor)
    }

    /// Deactivates (`active` false) or reactivates the user `login`: coordinators
    /// only, and never on themselves (so an active coordinator always remains).
    ///
    /// A deactivated user keeps their records (caseload, agenda, time, audit
    /// trail) but can no longer start a session, read or write anything; their
    /// participants stay assigned until a coordinator reassigns them. Setting
    /// the state a user already has changes nothing.
    pub fn set_user_active(&mut self, login: &str, active: bool) -> Result<User> {
        self.write(|tx, actor| {
            if !actor.is_coordinator() {
                return Err(StoreError::forbidden(&actor.login, "what.manage_users"));
            }
            if login == actor.login {
                return Err(StoreError::forbidden(&actor.login, "what.own_account"));
            }
            let before = users::by_login(tx, login)?
                .ok_or_else(|| StoreError::not_found("entity.user", login))?;
            if before.active == active {
                return Ok(before);
            }
            tx.execute(
                "UPDATE user SET active = :active, version = version + 1 WHERE id = :id",
                named_params! { ":active": active, ":id": before.id },
            )?;
            let after = User {
                active,
                ..before.clone()
            };
            let action = if active { "activate" } else { "deactivate" };
            audit::record(
                tx,
                Some(actor.id),
                "user",
                before.id,
                action,
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }
}

/// Refuses an appointment that is not in `actor`'s own agenda (time entries and
/// journal contacts may only point at the actor's own appointments).
pub(crate) fn ensure_own_appointment(conn: &Connection, actor: &User, id: i64) -> Result<()> {
    let owner: Option<i64> = conn
        .query_row(
            "SELECT referent_id FROM appointment WHERE id = :id",
            named_params! { ":id": id },
            |r| r.get("referent_id"),
        )
        .optional()?;
    match owner {
        None => Err(StoreError::not_found("entity.appointment", id)),
        Some(owner) if owner != actor.id => {
            Err(StoreError::forbidden(&actor.login, "what.other_agenda"))
        }
        Some(_) => Ok(()),
    }
}

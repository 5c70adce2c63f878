//! Users: referents and coordinators.

use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::error::{Result, StoreError};
use super::{Session, WriteTx, audit};
use crate::domain::user::{Role, User, validate_login};

const COLUMNS: &str = "id, login, name, role, fte, active";

/// A user from a row of [`COLUMNS`] (an unknown role is an error, never a referent).
fn from_row(r: &Row) -> rusqlite::Result<User> {
    Ok(User {
        id: r.get("id")?,
        login: r.get("login")?,
        name: r.get("name")?,
        role: r.get("role")?,
        fte: r.get("fte")?,
        active: r.get("active")?,
    })
}

/// The user with this login, active or not.
pub(crate) fn by_login(conn: &Connection, login: &str) -> Result<Option<User>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM user WHERE login = :login"),
            named_params! { ":login": login },
            from_row,
        )
        .optional()?)
}

/// The user with this id, active or not.
pub(crate) fn by_id(conn: &Connection, id: i64) -> Result<Option<User>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM user WHERE id = :id"),
            named_params! { ":id": id },
            from_row,
        )
        .optional()?)
}

/// The line manager named on a user's timesheets (blank when not set).
pub(crate) fn manager(conn: &Connection, id: i64) -> Result<String> {
    Ok(conn
        .query_row("SELECT manager FROM user WHERE id = ?1", [id], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// Inserts a user (callers check permissions and write the audit row).
pub(crate) fn insert(
    conn: &WriteTx,
    login: &str,
    name: &str,
    role: Role,
    fte: f64,
) -> Result<User> {
    validate_login(login)?;
    if name.trim().is_empty() {
        return Err(crate::domain::DomainError::new("error.required")
            .arg("field", crate::i18n::t("field.name"))
            .into());
    }
    crate::domain::text::check("field.name", name, crate::domain::text::Lines::One)?;
    if !(fte > 0.0 && fte <= 1.0) {
        return Err(crate::domain::DomainError::new("error.fte")
            .arg("value", fte)
            .into());
    }
    if by_login(conn, login)?.is_some() {
        return Err(crate::domain::DomainError::new("error.login_taken")
            .arg("value", login)
            .into());
    }
    conn.execute(
        "INSERT INTO user (login, name, role, fte, active, created_at)
         VALUES (:login, :name, :role, :fte, 1, :created_at)",
        named_params! {
            ":login": login,
            ":name": name.trim(),
            ":role": role,
            ":fte": fte,
            ":created_at": conn.now(),
        },
    )?;
    Ok(User {
        id: conn.last_insert_rowid(),
        login: login.into(),
        name: name.trim().into(),
        role,
        fte,
        active: true,
    })
}

/// An active referent by login, or a not-found error.
pub(crate) fn referent(conn: &Connection, login: &str) -> Result<User> {
    by_login(conn, login)?
        .filter(|u| u.active && u.role == Role::Referent)
        .ok_or_else(|| StoreError::not_found("entity.referent", login))
}

impl Session {
    /// Adds a user (coordinators only).
    pub fn add_user(&mut self, login: &str, name: &str, role: Role, fte: f64) -> Result<User> {
        self.write(|tx, actor| {
            if !actor.is_coordinator() {
                return Err(StoreError::forbidden(&actor.login, "what.manage_users"));
            }
            let user = insert(tx, login, name, role, fte)?;
            audit::record(
                tx,
                Some(actor.id),
                "user",
                user.id,
                "create",
                None::<&()>,
                Some(&user),
            )?;
            Ok(user)
        })
    }

    /// Names the line manager who countersigns `login`'s timesheets (coordinators only;
    /// a blank name leaves the box to whoever validates the week). Audited.
    pub fn set_manager(&mut self, login: &str, name: &str) -> Result<()> {
        crate::domain::text::check("field.manager", name, crate::domain::text::Lines::One)?;
        self.write(|tx, actor| {
            if !actor.is_coordinator() {
                return Err(StoreError::forbidden(&actor.login, "what.manage_users"));
            }
            let user =
                by_login(tx, login)?.ok_or_else(|| StoreError::not_found("entity.user", login))?;
            let before = serde_json::json!({ "login": login, "manager": manager(tx, user.id)? });
            tx.execute(
                "UPDATE user SET manager = :manager WHERE id = :id",
                named_params! { ":id": user.id, ":manager": name.trim() },
            )?;
            let after = serde_json::json!({ "login": login, "manager": name.trim() });
            audit::record(
                tx,
                Some(actor.id),
                "user",
                user.id,
                "set_manager",
                Some(&before),
                Some(&after),
            )?;
            Ok(())
        })
    }

    /// The line manager named on `login`'s timesheets (blank when not set); the actor's own
    /// for a referent, anyone's for a coordinator.
    pub fn manager(&self, login: Option<&str>) -> Result<String> {
        let subject = self.subject(login, "what.other_time")?;
        manager(&self.conn, subject.id)
    }

    /// All users, by login (coordinators see everyone, a referent sees the active users).
    pub fn users(&self) -> Result<Vec<User>> {
        self.reader()?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM user WHERE :everyone OR active = 1 ORDER BY login"
        ))?;
        let users = stmt
            .query_map(
                named_params! { ":everyone": self.actor.is_coordinator() },
                from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(users)
    }

    /// Every user, active or not, by login: the coordinator's list of accounts
    /// (`parcours user list`); refused to a referent.
    pub fn user_accounts(&self) -> Result<Vec<User>> {
        let actor = self.reader()?;
        if !actor.is_coordinator() {
            return Err(StoreError::forbidden(&actor.login, "what.manage_users"));
        }
        self.users()
    }

    /// The user whose data a call is about: `login` if given, else the actor.
    ///
    /// A referent may only name themselves; a coordinator may name any referent.
    pub(crate) fn subject(&self, login: Option<&str>, what_key: &str) -> Result<User> {
        self.reader()?;
        match login {
            None => Ok(self.actor.clone()),
            Some(l) if l == self.actor.login => Ok(self.actor.clone()),
            Some(l) if self.actor.is_coordinator() => {
                by_login(&self.conn, l)?.ok_or_else(|| StoreError::not_found("entity.user", l))
            }
            Some(_) => Err(StoreError::forbidden(&self.actor.login, what_key)),
        }
    }
}

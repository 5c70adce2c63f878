//! Errors of the store, with messages in the user's language.

use chrono::{DateTime, Utc};

use super::codec::{Unreadable, stamp};
use crate::domain::time::WeekStatus;
use crate::domain::{DomainError, IsoWeek};
use crate::i18n::{t, tf};

/// Why a store call failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The input broke a rule of the domain.
    #[error("{0}")]
    Invalid(#[from] DomainError),
    /// A record named by the caller does not exist.
    #[error("{}", tf("error.not_found", &[("what", &crate::i18n::t(.entity)), ("key", .key)]))]
    NotFound {
        /// Translation key of the kind of record (`entity.participant`…).
        entity: &'static str,
        /// How the caller named it.
        key: String,
    },
    /// The acting user may not do this.
    #[error("{}", tf("error.forbidden", &[("login", .login), ("what", .what)]))]
    Forbidden {
        /// Who tried.
        login: String,
        /// What they tried, in words.
        what: String,
    },
    /// Somebody else saved the record since it was read: nothing was written.
    #[error("{}", tf("error.conflict", &[("by", .by), ("at", &.at.map(stamp).unwrap_or_default())]))]
    Conflict {
        /// Login of the user who made the last change.
        by: String,
        /// When they made it (none when the record has no audit row).
        at: Option<DateTime<Utc>>,
    },
    /// The week is submitted or validated: its time cannot change.
    #[error("{}", tf("error.week_locked", &[("week", &.week.to_string()), ("status", &.status.label())]))]
    WeekLocked {
        /// The ISO week.
        week: IsoWeek,
        /// Its status.
        status: WeekStatus,
    },
    /// The database was made by a newer parcours.
    #[error("{}", tf("error.schema_too_new", &[("found", &.found.to_string()), ("supported", &.supported.to_string())]))]
    SchemaTooNew {
        /// Schema version found in the file.
        found: i64,
        /// Newest version this program knows.
        supported: i64,
    },
    /// The file exists but holds no parcours database (empty, or another program's).
    #[error("{}", tf("error.not_a_database", &[("path", .0)]))]
    NotADatabase(String),
    /// The acting login is not a known, active user.
    #[error("{}", tf("error.unknown_actor", &[("login", .0)]))]
    UnknownActor(String),
    /// The database file could not be created.
    #[error("{}", tf("error.database_file", &[("path", .path), ("detail", .detail)]))]
    File {
        /// The file.
        path: String,
        /// What the system said.
        detail: String,
    },
    /// A backup would replace an existing file: refused, nothing written.
    #[error("{}", tf("error.target_exists", &[("path", .0)]))]
    TargetExists(String),
    /// A file offered as a backup (or just made) is not a whole parcours database.
    #[error("{}", tf("error.bad_backup", &[("path", .path), ("detail", .detail)]))]
    BadBackup {
        /// The file.
        path: String,
        /// What is wrong with it.
        detail: String,
    },
    /// A restore found other connections on the database: nothing changed.
    #[error("{}", crate::i18n::t("error.in_use"))]
    InUse,
    /// A stored value this program cannot read (a damaged row, or one written by
    /// a newer version): an error rather than a default, so that nothing is
    /// decided on a value that is not the one stored.
    #[error("{}", tf("error.unreadable", &[("what", &t(.what)), ("value", .value)]))]
    Unreadable {
        /// Translation key of the kind of value (`stored.week_status`…).
        what: &'static str,
        /// The stored text.
        value: String,
    },
    /// SQLite itself failed.
    #[error("{}", tf("error.sqlite", &[("detail", &.0.to_string())]))]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    /// SQLite's error, except a stored value [`super::codec`] could not read,
    /// which becomes [`StoreError::Unreadable`].
    fn from(e: rusqlite::Error) -> Self {
        match e {
            rusqlite::Error::FromSqlConversionFailure(column, kind, inner) => {
                match inner.downcast::<Unreadable>() {
                    Ok(u) => StoreError::Unreadable {
                        what: u.what,
                        value: u.value,
                    },
                    Err(inner) => StoreError::Sqlite(rusqlite::Error::FromSqlConversionFailure(
                        column, kind, inner,
                    )),
                }
            }
            other => StoreError::Sqlite(other),
        }
    }
}

/// Results of store calls.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl StoreError {
    /// A refusal for `what` by the acting login.
    pub fn forbidden(login: &str, what_key: &str) -> Self {
        StoreError::Forbidden {
            login: login.to_owned(),
            what: crate::i18n::t(what_key),
        }
    }

    /// A missing record of the given kind.
    pub fn not_found(entity: &'static str, key: impl ToString) -> Self {
        StoreError::NotFound {
            entity,
            key: key.to_string(),
        }
    }

    /// Whether SQLite reported the database busy or locked (worth retrying).
    pub fn is_busy(&self) -> bool {
        matches!(
            self,
            StoreError::Sqlite(rusqlite::Error::SqliteFailure(e, _))
                if matches!(e.code, rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
        )
    }
}

//! Errors of the store, with messages in the user's language.

use crate::domain::DomainError;
use crate::i18n::tf;

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
    #[error("{}", tf("error.conflict", &[("by", .by), ("at", .at)]))]
    Conflict {
        /// Login of the user who made the last change.
        by: String,
        /// When they made it (UTC).
        at: String,
    },
    /// The week is submitted or validated: its time cannot change.
    #[error("{}", tf("error.week_locked", &[("week", .week), ("status", .status)]))]
    WeekLocked {
        /// The ISO week.
        week: String,
        /// Its status label.
        status: String,
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
    /// SQLite itself failed.
    #[error("{}", tf("error.sqlite", &[("detail", &.0.to_string())]))]
    Sqlite(#[from] rusqlite::Error),
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

//! The only place that knows SQL.
//!
//! [`Database`] opens a file (pragmas, WAL, busy timeout, migrations) and does
//! the few things that need no acting user (creating the first coordinator).
//! Everything else goes through a [`Session`]: a connection plus the user who
//! acts, so every call can check permissions and write its audit row in the
//! same transaction as the change.

mod access;
mod agenda;
mod appointments_edit;
mod audit;
pub mod audit_query;
mod backup;
pub(crate) mod bulk;
pub mod dashboard;
mod drafts;
mod error;
pub mod file_mode;
mod journal;
mod migrations;
mod participants;
mod pathway;
mod time;
mod users;
mod weeks;

pub use appointments_edit::{AppointmentContact, AppointmentDetail, StatusChange};
pub use audit::AuditRow;
pub use drafts::SavedDraft;
pub use error::{Result, StoreError};
pub use journal::{Contact, NewContact};
pub use migrations::{LATEST as SCHEMA_VERSION, migrate_to};
pub use participants::CaseloadRow;
pub use pathway::{Barrier, Milestone, NewBarrier, NewMilestone, NewStep, Step};
pub use weeks::WeekRecord;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::domain::time::Activity;
use crate::domain::user::{Role, User};

/// How long a statement waits for another writer before SQLite reports busy.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// The shortest and longest pause between two tries of a busy database (chosen at random).
const BUSY_PAUSE_MICROS: std::ops::RangeInclusive<u64> = 200..=2_000;

thread_local! {
    /// When the current wait for a busy database began (SQLite counts the tries, not the time).
    static BUSY_SINCE: std::cell::Cell<Option<Instant>> = const { std::cell::Cell::new(None) };
}

/// SQLite's busy handler: tries again after a short random pause until [`BUSY_TIMEOUT`].
///
/// SQLite's own handler sleeps longer and longer (up to 100 ms) the longer a
/// connection has waited, so a newcomer often takes the lock before a writer that
/// has waited for a second; short, random pauses give every waiting writer the
/// same chance at each commit.
fn wait_fairly(tries: i32) -> bool {
    let now = Instant::now();
    let since = BUSY_SINCE.with(|since| match since.get() {
        Some(at) if tries > 0 => at,
        _ => {
            since.set(Some(now));
            now
        }
    });
    if now.duration_since(since) >= BUSY_TIMEOUT {
        return false;
    }
    std::thread::sleep(Duration::from_micros(fastrand::u64(BUSY_PAUSE_MICROS)));
    true
}

/// How many times a write that found the database busy is tried again.
const WRITE_RETRIES: u32 = 5;

/// An open, migrated database with no acting user yet.
pub struct Database {
    conn: Connection,
}

impl Database {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    ///
    /// A new file is created readable by its owner only (or its group in a
    /// set-group-ID directory), whatever the umask.
    pub fn open(path: &Path) -> Result<Self> {
        file_mode::create_private(path).map_err(|e| StoreError::File {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        Self::prepare(conn)
    }

    /// Opens a private in-memory database (tests and benchmarks).
    pub fn open_in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(mut conn: Connection) -> Result<Self> {
        conn.busy_handler(Some(wait_fairly))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "journal_mode", "wal")?;
        conn.pragma_update(None, "synchronous", "normal")?;
        // 512 KiB of page cache instead of SQLite's 2 MiB: the OS caches the file anyway,
        // the caseload query is as fast, and each session's memory stays small (issue 7).
        conn.pragma_update(None, "cache_size", -512)?;
        migrations::migrate(&mut conn)?;
        Ok(Self { conn })
    }

    /// Whether the database holds no user yet (fresh file).
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) FROM user", [], |r| r.get(0))?;
        Ok(n == 0)
    }

    /// Creates the first coordinator of an empty database, with the default activities
    /// (the configuration's own list replaces them through [`Database::sync_activities`]).
    pub fn init(&mut self, login: &str, name: &str) -> Result<User> {
        crate::domain::user::validate_login(login)?;
        if !self.is_empty()? {
            return Err(crate::domain::DomainError::new("error.already_initialised").into());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let user = users::insert(&tx, login, name, Role::Coordinator, 1.0)?;
        audit::record(
            &tx,
            Some(user.id),
            "user",
            user.id,
            "init",
            None::<&()>,
            Some(&user),
        )?;
        time::replace_activities(&tx, &crate::domain::time::default_activities())?;
        tx.commit()?;
        Ok(user)
    }

    /// Makes the activity list match the configuration: new codes are added,
    /// changed labels updated, codes no longer listed deactivated (kept for old entries).
    pub fn sync_activities(&mut self, activities: &[Activity]) -> Result<()> {
        let current = time::all_activities(&self.conn)?;
        let wanted: Vec<(Activity, bool)> = activities.iter().map(|a| (a.clone(), true)).collect();
        let stale = current
            .iter()
            .any(|(a, active)| !wanted.iter().any(|(w, _)| w == a) && *active);
        let missing = wanted
            .iter()
            .any(|(w, _)| !current.iter().any(|(a, active)| a == w && *active));
        if !stale && !missing {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        time::replace_activities(&tx, activities)?;
        audit::record(
            &tx,
            None,
            "activity",
            0,
            "sync",
            Some(&current),
            Some(&activities),
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Starts a session as `login`, who must be an active user.
    pub fn session(self, login: &str, today: NaiveDate) -> Result<Session> {
        let actor = users::by_login(&self.conn, login)?
            .filter(|u| u.active)
            .ok_or_else(|| StoreError::UnknownActor(login.to_owned()))?;
        Ok(Session {
            conn: self.conn,
            actor,
            today,
        })
    }

    /// A checked, consistent copy of the database into the new file `target` (`VACUUM INTO`).
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        backup::backup(&self.conn, target)
    }
}

/// A connection and the user acting through it.
pub struct Session {
    conn: Connection,
    actor: User,
    today: NaiveDate,
}

impl Session {
    /// The user acting in this session.
    pub fn actor(&self) -> &User {
        &self.actor
    }

    /// The date the session takes as today (the PLIE's local date).
    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Runs `write` in one `BEGIN IMMEDIATE` transaction, retrying a few times when busy.
    ///
    /// The actor is checked again first, so a user deactivated meanwhile can write nothing.
    fn write<T>(&mut self, mut write: impl FnMut(&Transaction, &User) -> Result<T>) -> Result<T> {
        let mut attempt = 0;
        loop {
            let result: Result<T> = (|| {
                let tx = self
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                let actor = users::by_id(&tx, self.actor.id)?
                    .filter(|u| u.active)
                    .ok_or_else(|| StoreError::UnknownActor(self.actor.login.clone()))?;
                let value = write(&tx, &actor)?;
                tx.commit()?;
                Ok(value)
            })();
            match result {
                Err(e) if e.is_busy() && attempt < WRITE_RETRIES => {
                    attempt += 1;
                    std::thread::sleep(Duration::from_millis(20 << attempt));
                }
                other => return other,
            }
        }
    }

    /// A consistent copy of the whole database into the new file `target`, mode 0600.
    ///
    /// Made in one read transaction (`VACUUM INTO` a temporary file next to the
    /// target), so others' commits do not hold it up; checked (integrity, tables,
    /// schema version), then linked under `target`, which is never replaced: a
    /// killed backup leaves no file under that name. It holds every caseload, so
    /// only a coordinator may make one.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        if !self.reader()?.is_coordinator() {
            return Err(StoreError::forbidden(&self.actor.login, "what.backup"));
        }
        backup::backup(&self.conn, target)
    }

    /// The latest audit rows, newest first (coordinators see all, others their own).
    pub fn audit_log(&self, limit: usize) -> Result<Vec<AuditRow>> {
        audit::latest(&self.conn, self.reader()?, limit)
    }

    /// SQLite's `data_version`: changes when another connection commits.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }
}

/// The current instant as stored: UTC, second precision, `Z` suffix.
pub(crate) fn now_utc() -> String {
    Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

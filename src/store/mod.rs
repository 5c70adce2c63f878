//! The only place that knows SQL.
//!
//! [`Database`] opens a file (pragmas, WAL, busy timeout, migrations) and does
//! the few things that need no acting user (creating the first coordinator).
//! Everything else goes through a [`Session`]: a connection plus the user who
//! acts, so every call can check permissions and write its audit row in the
//! same transaction as the change.

mod access;
mod access_log;
mod agenda;
mod appointments_edit;
mod audit;
pub mod audit_query;
mod backup;
pub(crate) mod bulk;
mod codec;
pub mod dashboard;
mod drafts;
mod error;
mod esf;
pub mod esf_indicators;
pub mod file_mode;
mod gdpr;
mod import;
mod journal;
mod lifecycle;
mod migrations;
pub mod outcomes;
mod participants;
mod pathway;
mod reassign;
mod settings;
mod subject_access;
mod time;
mod users;
mod weeks;

pub use access_log::ExportKind;
pub use appointments_edit::{AppointmentContact, AppointmentDetail, StatusChange};
pub use audit::AuditRow;
pub use drafts::SavedDraft;
pub use error::{Result, StoreError};
pub use gdpr::{PastRetention, PurgeCandidate, PurgeReport};
pub use import::{ImportBasis, ImportSource};
pub use journal::{Contact, NewContact};
pub use lifecycle::{Change, EventRecord, Voided};
pub use migrations::{LATEST as SCHEMA_VERSION, migrate_to};
pub use participants::CaseloadRow;
pub use pathway::{Barrier, Milestone, NewBarrier, NewMilestone, NewStep, Step};
pub use reassign::Reassignment;
pub use weeks::WeekRecord;

pub(crate) use codec::stamp;

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::clock::Clock;

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

/// SQLite's page cache of a connection, in KiB: 256 KiB instead of SQLite's 2 MiB. The OS
/// caches the file anyway, the caseload query and the dashboard's sums are as fast, and
/// each session's memory stays small (issues 7 and 19).
const CACHE_KIB: i64 = 256;

/// How many times a write that found the database busy is tried again.
const WRITE_RETRIES: u32 = 5;

/// An open, migrated database with no acting user yet.
pub struct Database {
    conn: Connection,
    /// Stamps what is written before a session exists (first coordinator, demo load).
    clock: Clock,
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

    /// Opens an existing database for a session, writing nothing: no file is
    /// created, and an older schema is only migrated by [`Database::session_at`]
    /// once the acting user is known and active. A file that is not a parcours
    /// database (an empty file, another program's) is refused.
    pub fn open_existing(path: &Path) -> Result<Self> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let version = migrations::version(&conn)?;
        if version == 0 {
            return Err(StoreError::NotADatabase(path.display().to_string()));
        }
        Self::configure(conn)
    }

    /// Opens a private in-memory database (tests and benchmarks).
    pub fn open_in_memory() -> Result<Self> {
        Self::prepare(Connection::open_in_memory()?)
    }

    fn prepare(conn: Connection) -> Result<Self> {
        let mut db = Self::configure(conn)?;
        migrations::migrate(&mut db.conn)?;
        Ok(db)
    }

    /// The connection's settings; none of them writes to a parcours database that
    /// is already in WAL mode.
    fn configure(conn: Connection) -> Result<Self> {
        conn.busy_handler(Some(wait_fairly))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.pragma_update(None, "journal_mode", "wal")?;
        conn.pragma_update(None, "synchronous", "normal")?;
        conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
        Ok(Self {
            conn,
            clock: Clock::system(),
        })
    }

    /// The same database, its writes stamped by `clock` (the system clock by default).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// A write transaction stamped with this database's clock.
    fn begin(&mut self) -> Result<WriteTx<'_>> {
        let at = self.clock.now();
        // No session yet, so no PLIE time zone: these writes (first user, demo loading)
        // record no time entry through the rules that look at today.
        let today = self.clock.today(chrono_tz::UTC);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        Ok(WriteTx::new(tx, at, today))
    }

    /// Whether the database holds no user yet (fresh file).
    pub fn is_empty(&self) -> Result<bool> {
        let n: i64 = self
            .conn
            .query_row("SELECT COUNT(*) AS n FROM user", [], |r| r.get("n"))?;
        Ok(n == 0)
    }

    /// Creates the first coordinator of an empty database, with the default activities
    /// (a coordinator replaces them with `parcours settings`).
    pub fn init(&mut self, login: &str, name: &str) -> Result<User> {
        crate::domain::user::validate_login(login)?;
        if !self.is_empty()? {
            return Err(crate::domain::DomainError::new("error.already_initialised").into());
        }
        let tx = self.begin()?;
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

    /// Starts a session as `login`, who must be an active user, reading the time
    /// from `clock`; today's date is taken in the PLIE's time zone (a setting).
    ///
    /// The actor is checked before anything is written: a database opened with
    /// [`Database::open_existing`] is only brought up to date once they are known.
    pub fn session_at(mut self, login: &str, clock: Clock) -> Result<Session> {
        let actor = users::by_login(&self.conn, login)?
            .filter(|u| u.active)
            .ok_or_else(|| StoreError::UnknownActor(login.to_owned()))?;
        migrations::migrate(&mut self.conn)?;
        let tz = settings::load(&self.conn)?.timezone;
        Ok(Session {
            conn: self.conn,
            actor,
            clock,
            tz,
            writes: 0,
        })
    }

    /// Starts a session as `login` on a clock pinned on `today` (tests, benchmarks,
    /// demonstrations): every instant it writes is that date at noon UTC.
    pub fn session(self, login: &str, today: NaiveDate) -> Result<Session> {
        self.session_at(login, Clock::on(today))
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
    clock: Clock,
    /// The time zone today's date is taken in.
    tz: Tz,
    /// Transactions this session committed (see [`DataStamp`]).
    writes: u64,
}

/// What a screen's data was read at: if the stamp is the same at the next look, nothing it
/// shows can have changed, so a long list (a coordinator's 10,000-line caseload) is not read
/// again when the user merely comes back to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataStamp {
    /// SQLite's `data_version`: moves when another connection commits.
    version: i64,
    /// This session's own commits of data (not its access logs), which `data_version`
    /// does not count.
    writes: u64,
    /// Today's date: alerts and the next appointment depend on it.
    today: NaiveDate,
}

/// A write transaction and the instant its rows are stamped with (one per
/// transaction, so a change and its audit row carry the same time).
pub(crate) struct WriteTx<'c> {
    tx: Transaction<'c>,
    at: DateTime<Utc>,
    /// `at` as stored, made once for the many rows of a transaction.
    stamped: String,
    /// The PLIE's local date of this write.
    today: NaiveDate,
}

impl<'c> std::ops::Deref for WriteTx<'c> {
    type Target = Transaction<'c>;

    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl<'c> WriteTx<'c> {
    /// The instant of this write as stored.
    pub(crate) fn now(&self) -> &str {
        &self.stamped
    }

    /// The instant of this write.
    pub(crate) fn instant(&self) -> DateTime<Utc> {
        self.at
    }

    /// A write transaction stamped `at`, on the PLIE's local date `today`.
    pub(super) fn new(tx: Transaction<'c>, at: DateTime<Utc>, today: NaiveDate) -> Self {
        WriteTx {
            tx,
            at,
            stamped: stamp(at),
            today,
        }
    }

    /// The PLIE's local date of this write (the rules on declaring time look at it).
    pub(crate) fn today(&self) -> NaiveDate {
        self.today
    }

    /// Makes the write durable.
    pub(crate) fn commit(self) -> Result<()> {
        Ok(self.tx.commit()?)
    }
}

impl Session {
    /// The user acting in this session.
    pub fn actor(&self) -> &User {
        &self.actor
    }

    /// The date the session takes as today (the PLIE's local date).
    pub fn today(&self) -> NaiveDate {
        self.clock.today(self.tz)
    }

    /// The current instant, from the session's clock.
    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// The session's clock (a second connection of the same user keeps the same time).
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// The time zone today's date is taken in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Runs `write` in one `BEGIN IMMEDIATE` transaction, retrying a few times when busy.
    ///
    /// The actor is checked again first, so a user deactivated meanwhile can write nothing.
    fn write<T>(&mut self, write: impl FnMut(&WriteTx, &User) -> Result<T>) -> Result<T> {
        let value = self.transact(write)?;
        self.writes += 1;
        Ok(value)
    }

    /// Like [`Session::write`], for a transaction that only logs an access (an audit row
    /// saying a file was read or exported): nothing a screen shows changes, so the
    /// [`DataStamp`] stays and a coordinator's 10,000-line caseload is not read again
    /// because they opened a file.
    fn log_access<T>(&mut self, write: impl FnMut(&WriteTx, &User) -> Result<T>) -> Result<T> {
        self.transact(write)
    }

    fn transact<T>(&mut self, mut write: impl FnMut(&WriteTx, &User) -> Result<T>) -> Result<T> {
        let mut attempt = 0;
        loop {
            let result: Result<T> = (|| {
                let at = self.clock.now();
                let tx = self
                    .conn
                    .transaction_with_behavior(TransactionBehavior::Immediate)?;
                let today = self.clock.today(self.tz);
                let tx = WriteTx::new(tx, at, today);
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
            .query_row("PRAGMA data_version", [], |r| r.get("data_version"))?)
    }

    /// Where the data stands now: equal stamps mean nothing was committed meanwhile, by
    /// this session or another, and the day is the same.
    pub fn data_stamp(&self) -> Result<DataStamp> {
        Ok(DataStamp {
            version: self.data_version()?,
            writes: self.writes,
            today: self.today(),
        })
    }
}

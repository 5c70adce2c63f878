//! Backups and restores of the whole database file (coordinators only).
//!
//! A backup is one `VACUUM INTO` a temporary file next to the target: one
//! statement in one read transaction, so commits by others neither block it
//! nor make it start again (SQLite's paged backup API restarts after every
//! commit of another connection and never finished under steady writes). The
//! copy is checked (integrity, tables, schema version), synced, then linked
//! under its final name, which never replaces a file: a backup killed at any
//! moment leaves either nothing or a complete copy under the target's name.
//!
//! A restore checks the backup the same way, takes the live database for
//! itself (refused while any other connection has it open), keeps the current
//! file beside it, and renames a checked copy of the backup over it.

use std::fs::{self, File, OpenOptions};
use std::io;
use std::os::unix::fs::{MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::error::{Result, StoreError};
use super::{Session, audit, migrations, users};
use crate::i18n::{t, tf};

/// How long a restore waits for the live database before saying it is in use.
const RESTORE_WAIT: Duration = Duration::from_millis(500);

/// How many names (`….before-restore-DATE`, `…-2`…) a restore tries for the kept file.
const MAX_KEPT_NAMES: u32 = 100;

/// Copies the database behind `conn` into the new file `target`, never replacing one.
pub(crate) fn backup(conn: &Connection, target: &Path) -> Result<()> {
    if taken(target) {
        return Err(StoreError::TargetExists(target.display().to_string()));
    }
    let temp = staging_name(target, "partial");
    create_private(&temp, 0o600).map_err(|e| file_error(&temp, &e))?;
    let result = (|| {
        let name = temp
            .to_str()
            .ok_or_else(|| file_error(&temp, &io::Error::other(t("error.path_not_utf8"))))?;
        conn.execute(
            "VACUUM INTO :target",
            rusqlite::named_params! { ":target": name },
        )?;
        {
            let copy = Connection::open_with_flags(
                &temp,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            verify(&copy, target)?;
        }
        sync_file(&temp).map_err(|e| file_error(&temp, &e))?;
        place_new(&temp, target)?;
        sync_parent(target);
        Ok(())
    })();
    // The temporary name is only a staging step: once linked (or failed) it goes.
    let _ = fs::remove_file(&temp);
    result
}

/// Checks that `conn` holds a whole parcours database: integrity, every table of
/// the current schema, and the current schema version. `shown` names it in errors.
fn verify(conn: &Connection, shown: &Path) -> Result<()> {
    let bad = |detail: String| StoreError::BadBackup {
        path: shown.display().to_string(),
        detail,
    };
    let integrity: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut stmt| {
            stmt.query_map([], |r| r.get("integrity_check"))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|e| bad(e.to_string()))?;
    if integrity != ["ok"] {
        return Err(bad(tf(
            "error.backup_integrity",
            &[("detail", &integrity.join("; "))],
        )));
    }
    let found = table_names(conn).map_err(|e| bad(e.to_string()))?;
    if let Some(missing) = expected_tables()?
        .into_iter()
        .find(|name| !found.contains(name))
    {
        return Err(bad(tf("error.backup_table", &[("table", &missing)])));
    }
    let version = migrations::version(conn)?;
    if version != migrations::LATEST {
        return Err(bad(tf(
            "error.backup_version",
            &[
                ("found", &version.to_string()),
                ("expected", &migrations::LATEST.to_string()),
            ],
        )));
    }
    Ok(())
}

/// The tables of the current schema, read from a fresh in-memory database so the
/// list follows the migrations by itself.
fn expected_tables() -> Result<Vec<String>> {
    let mut conn = Connection::open_in_memory()?;
    migrations::migrate(&mut conn)?;
    Ok(table_names(&conn)?)
}

fn table_names(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )?;
    stmt.query_map([], |r| r.get("name"))?.collect()
}

impl Session {
    /// Replaces the database with the backup at `backup`: coordinators only.
    ///
    /// The backup is checked like a new one (integrity, tables, schema version);
    /// the live database must be open by nobody else (no interface, script or
    /// backup: [`StoreError::InUse`] otherwise, nothing changed). The current file
    /// is kept beside it as `NAME.before-restore-YYYYMMDDTHHMMSS` (the session's clock, UTC;
    /// `-2`, `-3`… when taken), whose path is returned. The restored database
    /// gets an audit row `restore` naming the backup file and who restored it.
    /// The session is used up: its connection still reads the file kept aside.
    pub fn restore_from(mut self, backup: &Path) -> Result<PathBuf> {
        if !self.reader()?.is_coordinator() {
            return Err(StoreError::forbidden(&self.actor.login, "what.restore"));
        }
        let live = match self.conn.path() {
            Some(path) if !path.is_empty() => PathBuf::from(path),
            _ => {
                return Err(file_error(
                    Path::new(":memory:"),
                    &io::Error::other(t("error.in_memory")),
                ));
            }
        };
        if same_file(backup, &live) {
            return Err(StoreError::BadBackup {
                path: backup.display().to_string(),
                detail: t("error.backup_is_live"),
            });
        }
        self.take_alone()?;
        let kept = kept_name(&live, &self.now().format("%Y%m%dT%H%M%S").to_string())?;
        let temp = staging_name(&live, "restore-partial");
        let mode = fs::metadata(&live)
            .map(|m| m.mode() & 0o777)
            .map_err(|e| file_error(&live, &e))?;
        let result = (|| {
            copy_new(backup, &temp, mode)?;
            {
                let mut copy = Connection::open_with_flags(
                    &temp,
                    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )?;
                verify(&copy, backup)?;
                record_restore(
                    &mut copy,
                    (self.now(), self.today()),
                    &self.actor.login,
                    backup,
                    &kept,
                )?;
            }
            sync_file(&temp).map_err(|e| file_error(&temp, &e))?;
            keep_beside(&live, &kept)?;
            // The live file was checkpointed and left WAL mode above, so any -wal or
            // -shm still there is stale and must not be applied to the restored file.
            for suffix in ["-wal", "-shm"] {
                let _ = fs::remove_file(with_suffix(&live, suffix));
            }
            fs::rename(&temp, &live).map_err(|e| file_error(&live, &e))?;
            sync_parent(&live);
            Ok(kept.clone())
        })();
        let _ = fs::remove_file(&temp);
        result
    }

    /// Makes this connection the only one on the database and holds it alone:
    /// leaving WAL mode checkpoints the WAL and needs every other connection
    /// closed (an idle interface too: its later writes would go to the file kept
    /// aside), then an exclusive transaction keeps newcomers waiting.
    fn take_alone(&mut self) -> Result<()> {
        self.conn.busy_timeout(RESTORE_WAIT)?;
        let in_use = |e: StoreError| if e.is_busy() { StoreError::InUse } else { e };
        let mode: String = self
            .conn
            .query_row("PRAGMA journal_mode = DELETE", [], |r| {
                r.get("journal_mode")
            })
            .map_err(|e| in_use(e.into()))?;
        if !mode.eq_ignore_ascii_case("delete") {
            return Err(StoreError::InUse);
        }
        // Out of WAL mode, an exclusive transaction locks readers out too. It is
        // never committed: closing the connection (the session is used up) ends it.
        self.conn
            .execute_batch("BEGIN EXCLUSIVE")
            .map_err(|e| in_use(e.into()))
    }
}

/// The audit row of a restore, in the restored database: who, from which file
/// (its name only) and where the replaced database was kept.
fn record_restore(
    copy: &mut Connection,
    (at, today): (chrono::DateTime<chrono::Utc>, chrono::NaiveDate),
    login: &str,
    backup: &Path,
    kept: &Path,
) -> Result<()> {
    let tx = super::WriteTx::new(
        copy.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?,
        at,
        today,
    );
    let actor = users::by_login(&tx, login)?.map(|u| u.id);
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let detail = serde_json::json!({
        "backup": name(backup),
        "by": login,
        "kept": name(kept),
    });
    audit::record(
        &tx,
        actor,
        "database",
        0,
        "restore",
        None::<&()>,
        Some(&detail),
    )?;
    tx.commit()?;
    // The restored file must not need a WAL next to it once renamed.
    copy.query_row("PRAGMA journal_mode = DELETE", [], |r| {
        r.get::<_, String>("journal_mode")
    })?;
    Ok(())
}

/// The first free `LIVE.before-restore-DATE` name (`-2`, `-3`… after it).
fn kept_name(live: &Path, date: &str) -> Result<PathBuf> {
    let base = format!("{}.before-restore-{date}", file_name(live));
    (1..=MAX_KEPT_NAMES)
        .map(|n| match n {
            1 => live.with_file_name(&base),
            n => live.with_file_name(format!("{base}-{n}")),
        })
        .find(|p| !taken(p))
        .ok_or_else(|| StoreError::TargetExists(live.with_file_name(base).display().to_string()))
}

/// Gives the live file a second name (a hard link: both names are the same, whole
/// file), or copies it where links are not possible; never replaces a file.
fn keep_beside(live: &Path, kept: &Path) -> Result<()> {
    match fs::hard_link(live, kept) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            Err(StoreError::TargetExists(kept.display().to_string()))
        }
        Err(_) => {
            let mode = fs::metadata(live)
                .map(|m| m.mode() & 0o777)
                .map_err(|e| file_error(live, &e))?;
            copy_new(live, kept, mode)?;
            sync_file(kept).map_err(|e| file_error(kept, &e))
        }
    }
}

/// Copies `from` into the new file `to`, created with `mode`.
fn copy_new(from: &Path, to: &Path, mode: u32) -> Result<()> {
    let mut source = File::open(from).map_err(|e| file_error(from, &e))?;
    create_private(to, mode).map_err(|e| file_error(to, &e))?;
    let mut out = OpenOptions::new()
        .write(true)
        .open(to)
        .map_err(|e| file_error(to, &e))?;
    io::copy(&mut source, &mut out).map_err(|e| file_error(to, &e))?;
    Ok(())
}

/// Creates the new, empty file `path` with exactly `mode`, whatever the umask.
fn create_private(path: &Path, mode: u32) -> io::Result<()> {
    OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)?;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

/// Gives the checked copy `temp` the name `target`, failing if that name is taken.
fn place_new(temp: &Path, target: &Path) -> Result<()> {
    match fs::hard_link(temp, target) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            Err(StoreError::TargetExists(target.display().to_string()))
        }
        // A file system without hard links: check, then rename (a small window).
        Err(_) if taken(target) => Err(StoreError::TargetExists(target.display().to_string())),
        Err(_) => fs::rename(temp, target).map_err(|e| file_error(target, &e)),
    }
}

/// A hidden name next to `path` for a file being prepared (`.NAME.PID.WHAT`).
fn staging_name(path: &Path, what: &str) -> PathBuf {
    path.with_file_name(format!(
        ".{}.{}.{what}",
        file_name(path),
        std::process::id()
    ))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether `path` is taken (by a file, a directory, even a dangling link).
fn taken(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}

/// Whether both paths name the same file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

fn sync_file(path: &Path) -> io::Result<()> {
    OpenOptions::new().write(true).open(path)?.sync_all()
}

/// Makes a new name in `path`'s directory durable.
fn sync_parent(path: &Path) {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    // Some file systems refuse to sync a directory; the file itself is synced already.
    let _ = File::open(dir).and_then(|d| d.sync_all());
}

fn file_error(path: &Path, error: &io::Error) -> StoreError {
    StoreError::File {
        path: path.display().to_string(),
        detail: error.to_string(),
    }
}

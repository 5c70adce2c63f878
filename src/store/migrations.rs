//! Schema migrations, keyed on SQLite's `PRAGMA user_version`.
//!
//! Each migration is one SQL file of `assets/migrations`, applied in order in
//! one transaction together with the new version number. A database of a newer
//! version than this program knows is refused rather than touched.

use rusqlite::Connection;

use super::error::{Result, StoreError};

/// The migrations, in order: migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../../assets/migrations/001_pathway.sql"),
    include_str!("../../assets/migrations/002_agenda_time.sql"),
    include_str!("../../assets/migrations/003_caseload_indexes.sql"),
    include_str!("../../assets/migrations/004_plie_settings.sql"),
    include_str!("../../assets/migrations/005_timesheet_audit.sql"),
    include_str!("../../assets/migrations/006_gdpr.sql"),
    LIFECYCLE,
    include_str!("../../assets/migrations/008_esf_record.sql"),
    include_str!("../../assets/migrations/009_follow_up_dates.sql"),
];

/// The migration that turns typed statuses into lifecycle events: after its SQL, every
/// file's status is derived from its events ([`super::lifecycle::rebuild_all`]).
const LIFECYCLE: &str = include_str!("../../assets/migrations/007_lifecycle.sql");

/// The schema version this program writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

/// The schema version of an open database.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get("user_version"))?)
}

/// Brings the database up to the latest schema.
pub fn migrate(conn: &mut Connection) -> Result<()> {
    migrate_to(conn, LATEST)
}

/// Brings the database up to schema `target` (tests use it to build older databases).
pub fn migrate_to(conn: &mut Connection, target: i64) -> Result<()> {
    let current = version(conn)?;
    if current > LATEST {
        return Err(StoreError::SchemaTooNew {
            found: current,
            supported: LATEST,
        });
    }
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(current as usize)
    {
        let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        // Another process may have migrated while this one waited for the lock.
        if version(&tx)? > index as i64 {
            continue;
        }
        tx.execute_batch(sql)?;
        if *sql == LIFECYCLE {
            super::lifecycle::rebuild_all(&tx)?;
        }
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}

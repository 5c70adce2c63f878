//! The audit log: who changed what and when, with before/after snapshots.

use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::WriteTx;
use super::error::{Result, StoreError};
use crate::domain::user::User;

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRow {
    /// When (UTC).
    pub at: String,
    /// Who (login), or empty for configuration changes.
    pub actor: String,
    /// Kind of record (`participant`, `time_entry`…).
    pub entity: String,
    /// Its id.
    pub entity_id: i64,
    /// What was done (`create`, `update`, `delete`, `submit`…).
    pub action: String,
}

/// Writes one audit row inside the caller's transaction.
pub(crate) fn record<B: Serialize + ?Sized, A: Serialize + ?Sized>(
    tx: &WriteTx,
    actor_id: Option<i64>,
    entity: &str,
    entity_id: i64,
    action: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> Result<()> {
    let before = before
        .map(serde_json::to_string)
        .transpose()
        .map_err(to_sql_error)?;
    let after = after
        .map(serde_json::to_string)
        .transpose()
        .map_err(to_sql_error)?;
    tx.execute(
        "INSERT INTO audit (at, actor_id, entity, entity_id, action, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![tx.now(), actor_id, entity, entity_id, action, before, after],
    )?;
    Ok(())
}

fn to_sql_error(e: serde_json::Error) -> StoreError {
    StoreError::Sqlite(rusqlite::Error::ToSqlConversionFailure(Box::new(e)))
}

/// The conflict error for a record whose version moved: names the last writer and when.
pub(crate) fn conflict(conn: &Connection, entity: &str, entity_id: i64) -> StoreError {
    let last = conn
        .query_row(
            "SELECT COALESCE(u.login, ''), a.at FROM audit a LEFT JOIN user u ON u.id = a.actor_id
             WHERE a.entity = ?1 AND a.entity_id = ?2 ORDER BY a.id DESC LIMIT 1",
            params![entity, entity_id],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
        )
        .optional();
    match last {
        Ok(Some((by, at))) => StoreError::Conflict { by, at },
        Ok(None) => StoreError::Conflict {
            by: String::new(),
            at: String::new(),
        },
        Err(e) => e.into(),
    }
}

/// The latest audit rows, newest first; a referent sees only their own actions.
pub(crate) fn latest(conn: &Connection, actor: &User, limit: usize) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare(
        "SELECT a.at, COALESCE(u.login, ''), a.entity, COALESCE(a.entity_id, 0), a.action
         FROM audit a LEFT JOIN user u ON u.id = a.actor_id
         WHERE ?1 OR a.actor_id = ?2 ORDER BY a.id DESC LIMIT ?3",
    )?;
    let rows = stmt
        .query_map(
            params![actor.is_coordinator(), actor.id, limit as i64],
            |r| {
                Ok(AuditRow {
                    at: r.get(0)?,
                    actor: r.get(1)?,
                    entity: r.get(2)?,
                    entity_id: r.get(3)?,
                    action: r.get(4)?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

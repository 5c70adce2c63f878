//! The audit log: who changed what and when, with before/after snapshots.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, named_params};
use serde::Serialize;

use super::WriteTx;
use super::codec::Instant;
use super::error::{Result, StoreError};
use crate::domain::user::User;

/// One line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditRow {
    /// When.
    pub at: DateTime<Utc>,
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
        "INSERT INTO audit (at, actor_id, entity, entity_id, action, before, after)
         VALUES (:at, :actor_id, :entity, :entity_id, :action, :before, :after)",
        named_params! {
            ":at": tx.now(),
            ":actor_id": actor_id,
            ":entity": entity,
            ":entity_id": entity_id,
            ":action": action,
            ":before": before,
            ":after": after,
        },
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
            "SELECT COALESCE(u.login, '') AS login, a.at AS at FROM audit a LEFT JOIN user u ON u.id = a.actor_id
             WHERE a.entity = :entity AND a.entity_id = :entity_id ORDER BY a.id DESC LIMIT 1",
            named_params! { ":entity": entity, ":entity_id": entity_id },
            |r| Ok((r.get::<_, String>("login")?, r.get::<_, Instant>("at")?)),
        )
        .optional();
    match last {
        Ok(Some((by, at))) => StoreError::Conflict { by, at: Some(at.0) },
        Ok(None) => StoreError::Conflict {
            by: String::new(),
            at: None,
        },
        Err(e) => e.into(),
    }
}

/// The latest audit rows, newest first; a referent sees only their own actions.
pub(crate) fn latest(conn: &Connection, actor: &User, limit: usize) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare(
        "SELECT a.at AS at, COALESCE(u.login, '') AS login, a.entity AS entity,
                COALESCE(a.entity_id, 0) AS entity_id, a.action AS action
         FROM audit a LEFT JOIN user u ON u.id = a.actor_id
         WHERE :everyone OR a.actor_id = :actor_id ORDER BY a.id DESC LIMIT :limit",
    )?;
    let rows = stmt
        .query_map(
            named_params! {
                ":everyone": actor.is_coordinator(),
                ":actor_id": actor.id,
                ":limit": limit as i64,
            },
            |r| {
                Ok(AuditRow {
                    at: r.get::<_, Instant>("at")?.0,
                    actor: r.get("login")?,
                    entity: r.get("entity")?,
                    entity_id: r.get("entity_id")?,
                    action: r.get("action")?,
                })
            },
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

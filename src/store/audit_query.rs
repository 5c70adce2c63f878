//! The audit log as a coordinator searches it (by participant, user, period, and
//! accesses only, page by page), and the `read` row written whenever a file is opened.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use chrono_tz::Tz;
use rusqlite::named_params;

use super::codec::Instant;
use super::error::{Result, StoreError};
use super::{Session, audit, participants, users};
use crate::domain::participant::Participant;
use crate::domain::schedule::local_instant;

/// What the audit screen asks for; every criterion is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only rows about this participant (their file and its contacts, steps,
    /// barriers, milestones, appointments and time entries).
    pub file_number: Option<String>,
    /// Only rows written by this login.
    pub user: Option<String>,
    /// Only rows from this instant on.
    pub since: Option<DateTime<Utc>>,
    /// Only rows before this instant.
    pub until: Option<DateTime<Utc>>,
    /// Only the access log: files opened, exported, or given in a subject-access answer.
    pub accesses_only: bool,
}

impl AuditFilter {
    /// Restricts the filter to the local days `from` to `to` (both included) in `tz`.
    pub fn local_days(
        mut self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        tz: Tz,
    ) -> Result<Self> {
        let start = |day: NaiveDate| -> Result<DateTime<Utc>> {
            Ok(local_instant(day, NaiveTime::MIN, tz).or_else(|_| {
                local_instant(
                    day,
                    NaiveTime::from_hms_opt(1, 0, 0).unwrap_or(NaiveTime::MIN),
                    tz,
                )
            })?)
        };
        self.since = from.map(start).transpose()?;
        self.until = to.map(|d| start(d.succ_opt().unwrap_or(d))).transpose()?;
        Ok(self)
    }
}

/// One row of the audit log with the record it is about.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditEntry {
    /// Row id (newest rows have the largest).
    pub id: i64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who (login), empty for configuration changes.
    pub actor: String,
    /// Kind of record (`participant`, `contact`, `time_entry`…).
    pub entity: String,
    /// Its id.
    pub entity_id: i64,
    /// The record in words: the participant's file number, or the user's login
    /// for users and weeks; `None` when it no longer resolves.
    pub record: Option<String>,
    /// What was done (`create`, `update`, `read`…).
    pub action: String,
    /// The record before (JSON), if the row holds it.
    pub before: Option<String>,
    /// The record after (JSON), if the row holds it.
    pub after: Option<String>,
}

/// One page of the audit log, newest first.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AuditPage {
    /// The rows.
    pub entries: Vec<AuditEntry>,
    /// Pass this as `before_id` for the next (older) page; `None` on the last page.
    pub next: Option<i64>,
}

/// The participant a record of each audited table belongs to.
const RECORD: &str = "CASE a.entity
    WHEN 'participant' THEN (SELECT file_number FROM participant WHERE id = a.entity_id)
    WHEN 'contact' THEN (SELECT p.file_number FROM contact x JOIN participant p ON p.id = x.participant_id WHERE x.id = a.entity_id)
    WHEN 'step' THEN (SELECT p.file_number FROM step x JOIN participant p ON p.id = x.participant_id WHERE x.id = a.entity_id)
    WHEN 'barrier' THEN (SELECT p.file_number FROM barrier x JOIN participant p ON p.id = x.participant_id WHERE x.id = a.entity_id)
    WHEN 'milestone' THEN (SELECT p.file_number FROM milestone x JOIN participant p ON p.id = x.participant_id WHERE x.id = a.entity_id)
    WHEN 'appointment' THEN (SELECT p.file_number FROM appointment x JOIN participant p ON p.id = x.participant_id WHERE x.id = a.entity_id)
    WHEN 'time_entry' THEN (SELECT p.file_number FROM time_entry x JOIN participant p ON p.id = x.participant_id WHERE x.id = a.entity_id)
    WHEN 'user' THEN (SELECT login FROM user WHERE id = a.entity_id)
    WHEN 'week' THEN (SELECT login FROM user WHERE id = a.entity_id)
  END";

/// The actions of the access log (rows on a participant's file that change nothing).
pub(super) const ACCESS_ACTIONS: &str = "('read', 'export', 'subject_access')";

/// The rows about participant `:participant_id`: its file and the records hanging from it.
pub(super) const ABOUT_PARTICIPANT: &str = "(a.entity = 'participant' AND a.entity_id = :participant_id)
    OR (a.entity = 'contact' AND a.entity_id IN (SELECT id FROM contact WHERE participant_id = :participant_id))
    OR (a.entity = 'step' AND a.entity_id IN (SELECT id FROM step WHERE participant_id = :participant_id))
    OR (a.entity = 'barrier' AND a.entity_id IN (SELECT id FROM barrier WHERE participant_id = :participant_id))
    OR (a.entity = 'milestone' AND a.entity_id IN (SELECT id FROM milestone WHERE participant_id = :participant_id))
    OR (a.entity = 'appointment' AND a.entity_id IN (SELECT id FROM appointment WHERE participant_id = :participant_id))
    OR (a.entity = 'time_entry' AND a.entity_id IN (SELECT id FROM time_entry WHERE participant_id = :participant_id))";

impl Session {
    /// A page of at most `limit` audit rows matching `filter`, newest first,
    /// older than the row `before_id` when given (coordinators only).
    ///
    /// A file number or login that does not exist is reported as not found.
    pub fn audit_page(
        &self,
        filter: &AuditFilter,
        before_id: Option<i64>,
        limit: usize,
    ) -> Result<AuditPage> {
        if !self.reader()?.is_coordinator() {
            return Err(StoreError::forbidden(&self.actor.login, "what.audit_log"));
        }
        let participant = match filter.file_number.as_deref() {
            Some(file) => Some(participants::id_for(&self.conn, &self.actor, file)?),
            None => None,
        };
        let user = match filter.user.as_deref() {
            Some(login) => Some(
                users::by_login(&self.conn, login.trim())?
                    .ok_or_else(|| StoreError::not_found("entity.user", login))?
                    .id,
            ),
            None => None,
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.id, a.at, COALESCE(u.login, '') AS login, a.entity,
                    COALESCE(a.entity_id, 0) AS entity_id, {RECORD} AS record,
                    a.action, a.before, a.after
             FROM audit a LEFT JOIN user u ON u.id = a.actor_id
             WHERE (:before_id IS NULL OR a.id < :before_id)
               AND (:user_id IS NULL OR a.actor_id = :user_id)
               AND (:participant_id IS NULL OR {ABOUT_PARTICIPANT})
               AND (:since IS NULL OR a.at >= :since)
               AND (:until IS NULL OR a.at < :until)
               AND (NOT :accesses OR (a.entity = 'participant' AND a.action IN {ACCESS_ACTIONS}))
             ORDER BY a.id DESC LIMIT :limit"
        ))?;
        let fetch = i64::try_from(limit).unwrap_or(i64::MAX - 1) + 1;
        let mut entries = stmt
            .query_map(
                named_params! {
                    ":before_id": before_id,
                    ":user_id": user,
                    ":participant_id": participant,
                    ":since": filter.since.map(Instant),
                    ":until": filter.until.map(Instant),
                    ":accesses": filter.accesses_only,
                    ":limit": fetch,
                },
                |r| {
                    Ok(AuditEntry {
                        id: r.get("id")?,
                        at: r.get::<_, Instant>("at")?.0,
                        actor: r.get("login")?,
                        entity: r.get("entity")?,
                        entity_id: r.get("entity_id")?,
                        record: r.get("record")?,
                        action: r.get("action")?,
                        before: r.get("before")?,
                        after: r.get("after")?,
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let next = if entries.len() > limit {
            entries.truncate(limit);
            entries.last().map(|e| e.id)
        } else {
            None
        };
        Ok(AuditPage { entries, next })
    }

    /// Opens a participant's file for reading, like [`Session::participant`], and logs
    /// the open: an audit row `read` (no before/after) in the same transaction, whoever
    /// opens it (GDPR: the PLIE must be able to say who opened which file).
    pub fn open_participant(&mut self, file_number: &str) -> Result<Participant> {
        self.log_access(|tx, actor| {
            let participant = participants::load(tx, actor, file_number)?;
            audit::record(
                tx,
                Some(actor.id),
                "participant",
                participant.id,
                "read",
                None::<&()>,
                None::<&()>,
            )?;
            Ok(participant)
        })
    }
}

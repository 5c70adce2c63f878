//! The weekly timesheet lifecycle: draft → submitted → validated, and reopening.

use rusqlite::{Connection, OptionalExtension, params};

use super::codec::Instant;
use super::error::{Result, StoreError};
use super::time::week_status;
use super::{Session, audit, users};
use crate::domain::IsoWeek;
use crate::domain::time::WeekStatus;
use crate::domain::user::User;
use chrono::{DateTime, Utc};

/// A referent's week as the timesheet shows it.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct WeekRecord {
    /// Login of the referent.
    pub referent: String,
    /// Full name of the referent.
    pub referent_name: String,
    /// The ISO week.
    pub week: IsoWeek,
    /// Where the week stands.
    pub status: WeekStatus,
    /// When the referent submitted it (UTC).
    pub submitted_at: Option<DateTime<Utc>>,
    /// Who submitted it.
    pub submitted_by: Option<String>,
    /// When a coordinator validated it (UTC).
    pub validated_at: Option<DateTime<Utc>>,
    /// Who validated it (full name, for the signature box).
    pub validated_by: Option<String>,
    /// Login of who validated it (what the fingerprint covers).
    pub validated_login: Option<String>,
    /// The referent's line manager, named in the countersignature box (blank: whoever validated).
    pub manager: String,
    /// SHA-256 of the validated week's canonical content, taken at its first export.
    pub export_sha256: Option<String>,
    /// When that export was generated (UTC): later exports reuse it.
    pub export_at: Option<DateTime<Utc>>,
    /// The canonical content `export_sha256` is the fingerprint of, so a difference can be named.
    #[serde(skip)]
    pub export_content: Option<String>,
    /// Why the week was last reopened.
    pub reopen_reason: Option<String>,
    /// When (UTC).
    pub reopened_at: Option<DateTime<Utc>>,
    /// By whom (full name).
    pub reopened_by: Option<String>,
    /// Whether the referent has seen the notice of that reopening.
    pub reopen_seen: bool,
}

fn load(conn: &Connection, referent: &User, week: IsoWeek) -> Result<WeekRecord> {
    let manager = users::manager(conn, referent.id)?;
    let row = conn
        .query_row(
            "SELECT w.status, w.submitted_at, s.login, w.validated_at, v.name, w.export_sha256, w.export_at,
                    v.login, w.export_content, w.reopen_reason, w.reopened_at, o.name, w.reopen_seen
             FROM week w LEFT JOIN user s ON s.id = w.submitted_by LEFT JOIN user v ON v.id = w.validated_by
                LEFT JOIN user o ON o.id = w.reopened_by
             WHERE w.referent_id = ?1 AND w.iso_week = ?2",
            params![referent.id, week.to_string()],
            |r| {
                Ok(WeekRecord {
                    referent: referent.login.clone(),
                    referent_name: referent.name.clone(),
                    week,
                    // Fails closed: an unreadable status is an error, never an open draft.
                    status: r.get(0)?,
                    submitted_at: r.get::<_, Option<Instant>>(1)?.map(|i| i.0),
                    submitted_by: r.get(2)?,
                    validated_at: r.get::<_, Option<Instant>>(3)?.map(|i| i.0),
                    validated_by: r.get(4)?,
                    export_sha256: r.get(5)?,
                    export_at: r.get::<_, Option<Instant>>(6)?.map(|i| i.0),
                    validated_login: r.get(7)?,
                    manager: manager.clone(),
                    export_content: r.get(8)?,
                    reopen_reason: r.get(9)?,
                    reopened_at: r.get::<_, Option<Instant>>(10)?.map(|i| i.0),
                    reopened_by: r.get(11)?,
                    reopen_seen: r.get(12)?,
                })
            },
        )
        .optional()?;
    Ok(row.unwrap_or(WeekRecord {
        referent: referent.login.clone(),
        referent_name: referent.name.clone(),
        week,
        status: WeekStatus::Draft,
        submitted_at: None,
        submitted_by: None,
        validated_at: None,
        validated_by: None,
        validated_login: None,
        manager,
        export_sha256: None,
        export_at: None,
        export_content: None,
        reopen_reason: None,
        reopened_at: None,
        reopened_by: None,
        reopen_seen: true,
    }))
}

fn transition_error(week: IsoWeek, status: WeekStatus) -> StoreError {
    crate::domain::DomainError::new("error.week_transition")
        .arg("week", week)
        .arg("status", status.label())
        .into()
}

impl Session {
    /// The week of `referent` (the actor's by default) with its status and signatures.
    pub fn week(&self, referent: Option<&str>, week: IsoWeek) -> Result<WeekRecord> {
        let subject = self.subject(referent, "what.other_time")?;
        load(&self.conn, &subject, week)
    }

    /// Every active user's record for a week, coordinators' included (coordinators only).
    ///
    /// Coordinators record time too, and their weeks need another coordinator's
    /// countersignature, so they are listed with the referents'.
    pub fn weeks_overview(&self, week: IsoWeek) -> Result<Vec<WeekRecord>> {
        if !self.reader()?.is_coordinator() {
            return Err(StoreError::forbidden(&self.actor.login, "what.other_time"));
        }
        self.users()?
            .into_iter()
            .filter(|u| u.active)
            .map(|u| load(&self.conn, &u, week))
            .collect()
    }

    /// Submits a draft week: from then on its time cannot change.
    ///
    /// A referent submits their own week; a coordinator may name a referent. Not before
    /// the week's last working day: a week is signed once it has been worked.
    pub fn submit_week(&mut self, referent: Option<&str>, week: IsoWeek) -> Result<WeekRecord> {
        let subject = self.subject(referent, "what.other_time")?;
        self.write(|tx, actor| {
            let status = week_status(tx, subject.id, week)?;
            if status != WeekStatus::Draft {
                return Err(transition_error(week, status));
            }
            let last_working_day = week.last_working_day();
            if tx.today() < last_working_day {
                return Err(crate::domain::DomainError::new("error.week_submit_early")
                    .arg("week", week)
                    .arg("date", last_working_day)
                    .into());
            }
            let now = tx.now();
            tx.execute(
                "INSERT INTO week (referent_id, iso_week, status, submitted_at, submitted_by) VALUES (?1, ?2, 'submitted', ?3, ?4)
                 ON CONFLICT(referent_id, iso_week) DO UPDATE SET status = 'submitted', submitted_at = ?3,
                    submitted_by = ?4, validated_at = NULL, validated_by = NULL, version = version + 1",
                params![subject.id, week.to_string(), now, actor.id],
            )?;
            let after = load(tx, &subject, week)?;
            audit::record(tx, Some(actor.id), "week", subject.id, "submit", None::<&()>, Some(&after))?;
            Ok(after)
        })
    }

    /// Validates (countersigns) a submitted week: coordinators only, and never their own
    /// week (a countersignature by its owner would prove nothing: another coordinator signs).
    pub fn validate_week(&mut self, referent: &str, week: IsoWeek) -> Result<WeekRecord> {
        self.write(|tx, actor| {
            if !actor.is_coordinator() {
                return Err(StoreError::forbidden(&actor.login, "what.validate_week"));
            }
            let subject = users::by_login(tx, referent)?.ok_or_else(|| StoreError::not_found("entity.user", referent))?;
            if subject.id == actor.id {
                return Err(StoreError::forbidden(&actor.login, "what.validate_own_week"));
            }
            let status = week_status(tx, subject.id, week)?;
            if status == WeekStatus::Draft {
                return Err(crate::domain::DomainError::new("error.week_not_submitted")
                    .arg("week", week)
                    .arg("referent", &subject.login)
                    .into());
            }
            if status != WeekStatus::Submitted {
                return Err(transition_error(week, status));
            }
            tx.execute(
                "UPDATE week SET status = 'validated', validated_at = ?3, validated_by = ?4, version = version + 1
                 WHERE referent_id = ?1 AND iso_week = ?2",
                params![subject.id, week.to_string(), tx.now(), actor.id],
            )?;
            let after = load(tx, &subject, week)?;
            audit::record(tx, Some(actor.id), "week", subject.id, "validate", None::<&()>, Some(&after))?;
            Ok(after)
        })
    }

    /// Reopens a submitted or validated week as a draft: coordinators only, with a reason
    /// kept in the audit log and shown to the referent (see [`Session::acknowledge_reopen`]).
    ///
    /// The fingerprint of the validated export is kept, so that the next export names what
    /// changed since.
    pub fn reopen_week(
        &mut self,
        referent: &str,
        week: IsoWeek,
        reason: &str,
    ) -> Result<WeekRecord> {
        if reason.trim().is_empty() {
            return Err(crate::domain::DomainError::new("error.required")
                .arg("field", crate::i18n::t("field.reason"))
                .into());
        }
        crate::domain::text::check("field.reason", reason, crate::domain::text::Lines::One)?;
        self.write(|tx, actor| {
            if !actor.is_coordinator() {
                return Err(StoreError::forbidden(&actor.login, "what.reopen_week"));
            }
            let subject = users::by_login(tx, referent)?.ok_or_else(|| StoreError::not_found("entity.user", referent))?;
            let before = load(tx, &subject, week)?;
            if before.status == WeekStatus::Draft {
                return Err(transition_error(week, before.status));
            }
            tx.execute(
                "UPDATE week SET status = 'draft', submitted_at = NULL, submitted_by = NULL, validated_at = NULL,
                    validated_by = NULL, reopen_reason = ?3, reopened_at = ?4, reopened_by = ?5,
                    reopen_seen = 0, version = version + 1
                 WHERE referent_id = ?1 AND iso_week = ?2",
                params![subject.id, week.to_string(), reason.trim(), tx.now(), actor.id],
            )?;
            let after = load(tx, &subject, week)?;
            let reason = serde_json::json!({ "reason": reason.trim(), "week": after });
            audit::record(tx, Some(actor.id), "week", subject.id, "reopen", Some(&before), Some(&reason))?;
            Ok(after)
        })
    }

    /// Marks the notice of the week's last reopening as read by its referent (their own
    /// week only; nothing to do when there is no unread notice).
    pub fn acknowledge_reopen(&mut self, week: IsoWeek) -> Result<WeekRecord> {
        let subject = self.subject(None, "what.other_time")?;
        self.write(|tx, actor| {
            let before = load(tx, &subject, week)?;
            if before.reopen_seen {
                return Ok(before);
            }
            tx.execute(
                "UPDATE week SET reopen_seen = 1 WHERE referent_id = ?1 AND iso_week = ?2",
                params![subject.id, week.to_string()],
            )?;
            let after = load(tx, &subject, week)?;
            audit::record(
                tx,
                Some(actor.id),
                "week",
                subject.id,
                "reopen_seen",
                None::<&()>,
                Some(&after),
            )?;
            Ok(after)
        })
    }

    /// Stores the fingerprint of a validated week's export with the content it covers.
    ///
    /// The first export of a validation is kept: a later export with the same content
    /// changes nothing, and one with another content (changed behind the program's back)
    /// never replaces it, so the difference keeps showing. Only a new validation (after a
    /// reopening) takes a new fingerprint. Returns the record, whose `export_at` the
    /// exporter reuses so that exports are reproducible.
    pub fn record_week_export(
        &mut self,
        referent: &str,
        week: IsoWeek,
        sha256: &str,
        content: &str,
        generated_at: DateTime<Utc>,
    ) -> Result<WeekRecord> {
        let subject = self.subject(Some(referent), "what.other_time")?;
        self.write(|tx, actor| {
            let before = load(tx, &subject, week)?;
            if before.status != WeekStatus::Validated
                || before.export_sha256.as_deref() == Some(sha256)
            {
                return Ok(before);
            }
            let validated_since = match (&before.validated_at, &before.export_at) {
                (Some(validated), Some(exported)) => validated > exported,
                _ => true,
            };
            let at = match (&before.export_sha256, &before.export_at) {
                (Some(_), _) if !validated_since => return Ok(before),
                (Some(_), _) => generated_at,
                // A week exported before fingerprints covered the content keeps its date.
                (None, Some(at)) if !validated_since => *at,
                (None, _) => generated_at,
            };
            tx.execute(
                "UPDATE week SET export_sha256 = ?3, export_content = ?4, export_at = ?5
                 WHERE referent_id = ?1 AND iso_week = ?2",
                params![subject.id, week.to_string(), sha256, content, Instant(at)],
            )?;
            let after = load(tx, &subject, week)?;
            audit::record(
                tx,
                Some(actor.id),
                "week",
                subject.id,
                "export",
                Some(&before),
                Some(&after),
            )?;
            Ok(after)
        })
    }
}

//! The PLIE-wide settings row and the activity list: read by every active
//! user, changed only by a coordinator, each change audited with its
//! before/after.

use rusqlite::{Connection, named_params};

use super::error::{Result, StoreError};
use super::{Session, WriteTx, audit, time};
use crate::domain::DomainError;
use crate::domain::retention::RetentionRule;
use crate::domain::settings::{PlieSettings, timezone, validate_activities};
use crate::domain::time::Activity;

/// Reads the settings row; a stored value this program cannot use is an error,
/// never silently a default (a wrong time zone would move every appointment).
pub(crate) fn load(conn: &Connection) -> Result<PlieSettings> {
    let (settings, zone) = conn.query_row(
        "SELECT structure_name, operation_code, operation_name, timezone, weekly_hours,
                retention_years, retention_reason, last_payment_on,
                positive_exit_target
         FROM plie_settings WHERE id = 1",
        [],
        |r| {
            let settings = PlieSettings {
                structure_name: r.get("structure_name")?,
                operation_code: r.get("operation_code")?,
                operation_name: r.get("operation_name")?,
                timezone: chrono_tz::UTC,
                weekly_hours: r.get("weekly_hours")?,
                retention: RetentionRule {
                    years: r.get("retention_years")?,
                    reason: r.get("retention_reason")?,
                    last_payment_on: r.get("last_payment_on")?,
                },
                positive_exit_target: r.get("positive_exit_target")?,
            };
            Ok((settings, r.get::<_, String>("timezone")?))
        },
    )?;
    let settings = PlieSettings {
        timezone: timezone(&zone).map_err(unreadable)?,
        ..settings
    };
    settings.validate().map_err(unreadable)?;
    Ok(settings)
}

fn unreadable(e: DomainError) -> StoreError {
    DomainError::new("settings.error.stored")
        .arg("detail", e)
        .into()
}

/// Writes `settings` over the row (inside the caller's transaction).
pub(crate) fn store(tx: &WriteTx, settings: &PlieSettings) -> Result<()> {
    tx.execute(
        "UPDATE plie_settings SET structure_name = :structure_name, operation_code = :operation_code,
            operation_name = :operation_name, timezone = :timezone, weekly_hours = :weekly_hours,
            retention_years = :retention_years, retention_reason = :retention_reason,
            last_payment_on = :last_payment_on,
            positive_exit_target = :positive_exit_target, version = version + 1
         WHERE id = 1",
        named_params! {
            ":structure_name": settings.structure_name,
            ":operation_code": settings.operation_code,
            ":operation_name": settings.operation_name,
            ":timezone": settings.timezone.name(),
            ":weekly_hours": settings.weekly_hours,
            ":retention_years": settings.retention.years,
            ":retention_reason": settings.retention.reason,
            ":last_payment_on": settings.retention.last_payment_on,
            ":positive_exit_target": settings.positive_exit_target,
        },
    )?;
    Ok(())
}

impl Session {
    /// The PLIE-wide settings (any active user).
    pub fn settings(&self) -> Result<PlieSettings> {
        self.reader()?;
        load(&self.conn)
    }

    /// Replaces the PLIE-wide settings and, when given, the activity list, in one
    /// audited transaction (coordinators). Every value is checked first; a refusal
    /// writes nothing. Activities missing from a new list are deactivated, never
    /// deleted: old time entries keep their code.
    pub fn change_settings(
        &mut self,
        settings: &PlieSettings,
        activities: Option<&[Activity]>,
    ) -> Result<PlieSettings> {
        settings.validate()?;
        if let Some(list) = activities {
            validate_activities(list)?;
        }
        self.write(|tx, actor| {
            if !actor.is_coordinator() {
                return Err(StoreError::forbidden(&actor.login, "what.settings"));
            }
            let before = load(tx)?;
            if before != *settings {
                store(tx, settings)?;
                audit::record(
                    tx,
                    Some(actor.id),
                    "settings",
                    1,
                    "update",
                    Some(&before),
                    Some(settings),
                )?;
            }
            if let Some(list) = activities {
                let current: Vec<Activity> = time::all_activities(tx)?
                    .into_iter()
                    .filter_map(|(a, active)| active.then_some(a))
                    .collect();
                if current != list {
                    time::replace_activities(tx, list)?;
                    audit::record(
                        tx,
                        Some(actor.id),
                        "activity",
                        0,
                        "replace",
                        Some(&current),
                        Some(list),
                    )?;
                }
            }
            Ok(settings.clone())
        })
    }
}

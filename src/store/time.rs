//! Time entries, activities and the weekly lifecycle.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::error::{Result, StoreError};
use super::{Session, WriteTx, audit, participants};
use crate::domain::IsoWeek;
use crate::domain::duration::check_minutes;
use crate::domain::text::{Lines, check};
use crate::domain::time::{
    Activity, NewTimeEntry, TimeEntry, WeekStatus, check_day_total, check_not_future,
    normalise_activity_code,
};
use crate::domain::user::User;

/// Every activity with its active flag, by code.
pub(crate) fn all_activities(conn: &Connection) -> Result<Vec<(Activity, bool)>> {
    let mut stmt =
        conn.prepare("SELECT code, label_en, label_fr, kind, active FROM activity ORDER BY rowid")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                Activity {
                    code: r.get("code")?,
                    label_en: r.get("label_en")?,
                    label_fr: r.get("label_fr")?,
                    kind: r.get("kind")?,
                },
                r.get("active")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Makes the activity table hold exactly `activities` as active ones (others are deactivated, not deleted).
pub(crate) fn replace_activities(conn: &Connection, activities: &[Activity]) -> Result<()> {
    conn.execute("UPDATE activity SET active = 0", [])?;
    for a in activities {
        conn.execute(
            "INSERT INTO activity (code, label_en, label_fr, esf, kind, active)
             VALUES (:code, :label_en, :label_fr, :esf, :kind, 1)
             ON CONFLICT(code) DO UPDATE SET label_en = :label_en, label_fr = :label_fr, esf = :esf,
                kind = :kind, active = 1",
            named_params! {
                ":code": normalise_activity_code(&a.code),
                ":label_en": a.label_en,
                ":label_fr": a.label_fr,
                ":esf": a.esf(),
                ":kind": a.kind,
            },
        )?;
    }
    Ok(())
}

const COLUMNS: &str = "t.id, u.login, t.entry_date, t.minutes, t.activity_code, p.file_number, t.appointment_id, t.note, t.version";

/// A time entry from a row of [`COLUMNS`].
fn from_row(r: &Row) -> rusqlite::Result<TimeEntry> {
    Ok(TimeEntry {
        id: r.get("id")?,
        referent: r.get("login")?,
        date: r.get("entry_date")?,
        minutes: r.get("minutes")?,
        activity: r.get("activity_code")?,
        participant: r.get("file_number")?,
        appointment_id: r.get("appointment_id")?,
        note: r.get("note")?,
        version: r.get("version")?,
    })
}

/// The status of a referent's week: draft when it has no row (never
/// submitted); a stored status this program cannot read is an error, so a
/// damaged row never unlocks a validated week.
pub(crate) fn week_status(
    conn: &Connection,
    referent_id: i64,
    week: IsoWeek,
) -> Result<WeekStatus> {
    let status: Option<WeekStatus> = conn
        .query_row(
            "SELECT status FROM week WHERE referent_id = :referent_id AND iso_week = :iso_week",
            named_params! { ":referent_id": referent_id, ":iso_week": week },
            |r| r.get("status"),
        )
        .optional()?;
    Ok(status.unwrap_or(WeekStatus::Draft))
}

/// Refuses any change to a week that is not a draft.
pub(crate) fn ensure_week_editable(
    conn: &Connection,
    referent_id: i64,
    week: IsoWeek,
) -> Result<()> {
    let status = week_status(conn, referent_id, week)?;
    if status.is_editable() {
        Ok(())
    } else {
        Err(StoreError::WeekLocked { week, status })
    }
}

fn day_total(conn: &Connection, referent_id: i64, date: NaiveDate) -> Result<u32> {
    Ok(conn.query_row(
        "SELECT COALESCE(SUM(minutes), 0) AS total FROM time_entry
         WHERE referent_id = :referent_id AND entry_date = :entry_date",
        named_params! { ":referent_id": referent_id, ":entry_date": date },
        |r| r.get("total"),
    )?)
}

fn active_activity(conn: &Connection, code: &str) -> Result<String> {
    let code = normalise_activity_code(code);
    let found: Option<bool> = conn
        .query_row(
            "SELECT active FROM activity WHERE code = :code",
            named_params! { ":code": code },
            |r| r.get("active"),
        )
        .optional()?;
    match found {
        Some(true) => Ok(code),
        _ => Err(StoreError::not_found("entity.activity", code)),
    }
}

/// A new or changed entry, checked and resolved to what is stored.
struct CheckedEntry {
    minutes: u32,
    activity: String,
    participant_id: Option<i64>,
    week: IsoWeek,
}

/// Applies every rule to an entry of the actor's: minutes, activity, participant in their
/// caseload, a day already begun, draft week, 24 hours a day (not counting the entry
/// `replacing`, if any).
fn check_entry(
    conn: &WriteTx,
    actor: &User,
    new: &NewTimeEntry,
    replacing: Option<i64>,
) -> Result<CheckedEntry> {
    let minutes = check_minutes(new.minutes as i64)?;
    check_not_future(new.date, conn.today())?;
    check("file.field.note", &new.note, Lines::Many)?;
    let activity = active_activity(conn, &new.activity)?;
    let participant_id = match new.participant.as_deref() {
        Some(f) => Some(participants::id_for(conn, actor, f)?),
        None => None,
    };
    if let Some(id) = new.appointment_id {
        super::access::ensure_own_appointment(conn, actor, id)?;
    }
    let week = IsoWeek::containing(new.date);
    ensure_week_editable(conn, actor.id, week)?;
    let replaced: u32 = match replacing {
        Some(id) => conn.query_row(
            "SELECT COALESCE(SUM(minutes), 0) AS total FROM time_entry
             WHERE id = :id AND entry_date = :entry_date",
            named_params! { ":id": id, ":entry_date": new.date },
            |r| r.get("total"),
        )?,
        None => 0,
    };
    check_day_total(day_total(conn, actor.id, new.date)? - replaced, minutes)?;
    Ok(CheckedEntry {
        minutes,
        activity,
        participant_id,
        week,
    })
}

/// Inserts a time entry of the actor's after every check (callers hold the transaction).
pub(crate) fn insert_entry(conn: &WriteTx, actor: &User, new: &NewTimeEntry) -> Result<TimeEntry> {
    let c = check_entry(conn, actor, new, None)?;
    conn.execute(
        "INSERT INTO time_entry (referent_id, entry_date, iso_week, minutes, activity_code, participant_id,
            appointment_id, note, created_at)
         VALUES (:referent_id, :entry_date, :iso_week, :minutes, :activity_code, :participant_id,
            :appointment_id, :note, :created_at)",
        named_params! {
            ":referent_id": actor.id,
            ":entry_date": new.date,
            ":iso_week": c.week,
            ":minutes": c.minutes,
            ":activity_code": c.activity,
            ":participant_id": c.participant_id,
            ":appointment_id": new.appointment_id,
            ":note": new.note.trim(),
            ":created_at": conn.now(),
        },
    )?;
    entry_by_id(conn, conn.last_insert_rowid())
}

fn entry_by_id(conn: &Connection, id: i64) -> Result<TimeEntry> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM time_entry t JOIN user u ON u.id = t.referent_id
             LEFT JOIN participant p ON p.id = t.participant_id WHERE t.id = :id"
        ),
        named_params! { ":id": id },
        from_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::not_found("entity.time_entry", id))
}

/// Loads one of the actor's own entries for a change, checking its week is still a draft
/// and that the caller read its current version.
fn entry_for_change(conn: &Connection, actor: &User, id: i64, version: i64) -> Result<TimeEntry> {
    let entry = entry_by_id(conn, id)?;
    if entry.referent != actor.login {
        return Err(StoreError::forbidden(&actor.login, "what.edit_other_entry"));
    }
    ensure_week_editable(conn, actor.id, IsoWeek::containing(entry.date))?;
    if entry.version != version {
        return Err(audit::conflict(conn, "time_entry", id));
    }
    Ok(entry)
}

impl Session {
    /// The active activities, in the configured order.
    pub fn activities(&self) -> Result<Vec<Activity>> {
        self.reader()?;
        Ok(all_activities(&self.conn)?
            .into_iter()
            .filter(|(_, active)| *active)
            .map(|(a, _)| a)
            .collect())
    }

    /// Records time for the actor. Refused when the week is submitted or validated,
    /// the day would exceed 24 hours, or the activity or participant is unknown or not theirs.
    pub fn add_time_entry(&mut self, new: &NewTimeEntry) -> Result<TimeEntry> {
        self.write(|tx, actor| {
            let entry = insert_entry(tx, actor, new)?;
            audit::record(
                tx,
                Some(actor.id),
                "time_entry",
                entry.id,
                "create",
                None::<&()>,
                Some(&entry),
            )?;
            Ok(entry)
        })
    }

    /// Replaces one of the actor's entries by `changed` (same checks as a new entry).
    ///
    /// `version` is the version that was read; both the old and the new day must be in draft weeks.
    pub fn update_time_entry(
        &mut self,
        id: i64,
        version: i64,
        changed: &NewTimeEntry,
    ) -> Result<TimeEntry> {
        self.write(|tx, actor| {
            let before = entry_for_change(tx, actor, id, version)?;
            let c = check_entry(tx, actor, changed, Some(id))?;
            tx.execute(
                "UPDATE time_entry SET entry_date = :entry_date, iso_week = :iso_week, minutes = :minutes,
                    activity_code = :activity_code, participant_id = :participant_id,
                    appointment_id = :appointment_id, note = :note, version = version + 1
                 WHERE id = :id",
                named_params! {
                    ":id": id,
                    ":entry_date": changed.date,
                    ":iso_week": c.week,
                    ":minutes": c.minutes,
                    ":activity_code": c.activity,
                    ":participant_id": c.participant_id,
                    ":appointment_id": changed.appointment_id,
                    ":note": changed.note.trim(),
                },
            )?;
            let after = entry_by_id(tx, id)?;
            audit::record(tx, Some(actor.id), "time_entry", id, "update", Some(&before), Some(&after))?;
            Ok(after)
        })
    }

    /// Deletes one of the actor's entries of a draft week; `version` is the version that was read.
    pub fn delete_time_entry(&mut self, id: i64, version: i64) -> Result<()> {
        self.write(|tx, actor| {
            let before = entry_for_change(tx, actor, id, version)?;
            tx.execute(
                "DELETE FROM time_entry WHERE id = :id",
                named_params! { ":id": id },
            )?;
            audit::record(
                tx,
                Some(actor.id),
                "time_entry",
                id,
                "delete",
                Some(&before),
                None::<&()>,
            )?;
            Ok(())
        })
    }

    /// `referent`'s entries of a week (the actor's by default), by date then in the order they were made.
    pub fn week_entries(&self, referent: Option<&str>, week: IsoWeek) -> Result<Vec<TimeEntry>> {
        let subject = self.subject(referent, "what.other_time")?;
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM time_entry t JOIN user u ON u.id = t.referent_id
             LEFT JOIN participant p ON p.id = t.participant_id
             WHERE t.referent_id = :referent_id AND t.iso_week = :iso_week
             ORDER BY t.entry_date, t.id"
        ))?;
        let rows = stmt
            .query_map(
                named_params! { ":referent_id": subject.id, ":iso_week": week },
                from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The status of `referent`'s week (the actor's by default).
    pub fn week_status(&self, referent: Option<&str>, week: IsoWeek) -> Result<WeekStatus> {
        let subject = self.subject(referent, "what.other_time")?;
        week_status(&self.conn, subject.id, week)
    }
}

impl Session {
    /// Every activity ever configured, active or not: old entries keep their label and ESF flag
    /// (the timesheet exports need them for weeks recorded before a change of the list).
    pub fn activities_including_inactive(&self) -> Result<Vec<Activity>> {
        self.reader()?;
        Ok(all_activities(&self.conn)?
            .into_iter()
            .map(|(a, _)| a)
            .collect())
    }
}

//! Erasure and retention (GDPR art. 17 and 5(1)(e)): deleting a file entered by mistake,
//! and pseudonymising the files of people whose pathway ended before the retention date.
//!
//! Both are a coordinator's, in one audited transaction. Both also clear what the rest of
//! the database holds about the person: the personal fields of the before/after JSON of
//! every audit row about the file (a `create` row holds the whole file), the unsaved drafts
//! naming it, and — for a purge — the notes of the time entries naming it, also inside the
//! canonical content stored with a validated week's fingerprint. SQLite's `secure_delete`
//! zeroes what is freed, and the write-ahead log is checkpointed and truncated afterwards,
//! so the removed text is gone from the files on disk, not merely unlinked (a purge also
//! rebuilds the file with `VACUUM`).

use chrono::NaiveDate;
use rusqlite::named_params;
use serde::Serialize;

use super::audit_query::ABOUT_PARTICIPANT;
use super::error::{Result, StoreError};
use super::{Session, WriteTx, audit, participants, settings};
use crate::domain::DomainError;
use crate::domain::participant::{ExitOutcome, FileNumber};
use crate::domain::text::{Lines, check};

/// The fields of audited records that hold personal data or free text about a person:
/// blanked in the audit rows of a deleted or pseudonymised file.
const PERSONAL_FIELDS: &[&str] = &[
    "last_name",
    "first_name",
    "participant_name",
    "birth_date",
    "phone",
    "email",
    "address",
    "commune",
    "postcode",
    "summary",
    "next_action",
    "note",
    "notes",
    "objectives",
    "achieved",
    "new_objectives",
    "title",
    "location",
];

/// A file a purge would pseudonymise (what the dry run lists).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurgeCandidate {
    /// File number.
    pub file_number: FileNumber,
    /// Exit date.
    pub exit_on: NaiveDate,
    /// How the pathway ended.
    pub exit_outcome: Option<ExitOutcome>,
    /// The referent's login, if any.
    pub referent: Option<String>,
}

/// How many files are past their retention date (the coordinator's dashboard).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PastRetention {
    /// Files of people who left before `exited_before`, not yet pseudonymised.
    pub count: u32,
    /// The retention rule's limit today: `gdpr purge --exited-before` this date.
    pub exited_before: NaiveDate,
}

/// What a purge did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PurgeReport {
    /// The files pseudonymised.
    pub files: Vec<PurgeCandidate>,
    /// Whether the write-ahead log could be emptied at once (false while another
    /// connection was reading: the old pages then stay there until its next checkpoint).
    pub log_cleared: bool,
}

impl Session {
    /// Deletes the file `file_number`, entered by mistake, with `reason` (coordinators).
    ///
    /// Refused — nothing written — when the file holds anything that happened: a time
    /// entry naming it (the ESF hours), a contact that took place (any journal entry but a
    /// no-show) or an appointment held. What remains (planned or cancelled appointments,
    /// no-shows, steps, barriers, reviews, drafts) goes with it, and the personal fields
    /// of the audit rows about it are blanked. The audit row of the deletion names the
    /// file number and the reason only.
    pub fn delete_participant(&mut self, file_number: &str, reason: &str) -> Result<()> {
        let reason = reason.trim().to_owned();
        if reason.is_empty() {
            return Err(DomainError::new("error.required")
                .arg("field", crate::i18n::t("field.reason"))
                .into());
        }
        check("field.reason", &reason, Lines::One)?;
        self.conn.pragma_update(None, "secure_delete", true)?;
        self.write(|tx, actor| {
            if !actor.is_coordinator() {
                return Err(StoreError::forbidden(&actor.login, "what.delete_participant"));
            }
            let participant = participants::load(tx, actor, file_number)?;
            let id = participant.id;
            let held: (i64, i64, i64) = tx.query_row(
                "SELECT
                    (SELECT COUNT(*) FROM time_entry WHERE participant_id = :id
                        OR appointment_id IN (SELECT id FROM appointment WHERE participant_id = :id)) AS time,
                    (SELECT COUNT(*) FROM contact WHERE participant_id = :id AND kind <> 'no_show') AS contacts,
                    (SELECT COUNT(*) FROM appointment WHERE participant_id = :id AND status = 'done') AS held",
                named_params! { ":id": id },
                |r| Ok((r.get("time")?, r.get("contacts")?, r.get("held")?)),
            )?;
            if held != (0, 0, 0) {
                return Err(DomainError::new("gdpr.error.delete_held")
                    .arg("file", &participant.file_number)
                    .arg("time", held.0)
                    .arg("contacts", held.1)
                    .arg("appointments", held.2)
                    .into());
            }
            // ESF answers are data the operation reports: a file that has them was not
            // entered by mistake.
            let esf: i64 = tx.query_row(
                "SELECT COUNT(*) AS n FROM esf_record WHERE participant_id = :id",
                named_params! { ":id": id },
                |r| r.get("n"),
            )?;
            if esf > 0 {
                return Err(DomainError::new("gdpr.error.delete_esf")
                    .arg("file", &participant.file_number)
                    .into());
            }
            forget_drafts(tx, id, &participant.file_number, &participant.details.last_name)?;
            redact_audit(tx, id)?;
            for table in [
                "esf_correction",
                "lifecycle_event",
                "contact",
                "step",
                "barrier",
                "milestone",
                "appointment",
            ] {
                tx.execute(
                    &format!("DELETE FROM {table} WHERE participant_id = :id"),
                    named_params! { ":id": id },
                )?;
            }
            tx.execute(
                "DELETE FROM participant WHERE id = :id",
                named_params! { ":id": id },
            )?;
            #[derive(Serialize)]
            struct Deleted<'a> {
                file_number: &'a str,
                reason: &'a str,
            }
            audit::record(
                tx,
                Some(actor.id),
                "participant",
                id,
                "delete",
                None::<&()>,
                Some(&Deleted {
                    file_number: &participant.file_number,
                    reason: &reason,
                }),
            )
        })?;
        self.clear_log()?;
        Ok(())
    }

    /// For a coordinator, how many files are past their retention date today; `None` for
    /// a referent, or while no file can be (the last ESF payment is too recent).
    pub fn past_retention(&self) -> Result<Option<PastRetention>> {
        if !self.reader()?.is_coordinator() {
            return Ok(None);
        }
        let rule = settings::load(&self.conn)?.retention;
        let Some(exited_before) = rule.past_for_exits_before(self.today()) else {
            return Ok(None);
        };
        let count = self.conn.query_row(
            "SELECT COUNT(*) AS n FROM participant
             WHERE exit_on < :before AND pseudonymised_on IS NULL",
            named_params! { ":before": exited_before },
            |r| r.get("n"),
        )?;
        Ok(Some(PastRetention {
            count,
            exited_before,
        }))
    }

    /// The files a purge with `exited_before` would pseudonymise, by file number
    /// (coordinators); refused when the date is after the retention rule's.
    pub fn purge_candidates(&self, exited_before: NaiveDate) -> Result<Vec<PurgeCandidate>> {
        let actor = self.reader()?;
        if !actor.is_coordinator() {
            return Err(StoreError::forbidden(&actor.login, "what.purge"));
        }
        check_retention(&self.conn, exited_before, self.today())?;
        candidates(&self.conn, exited_before)
    }

    /// Pseudonymises the files of people who left before `exited_before` (coordinators).
    ///
    /// Removed: names (the file number stands in), contact details, address, postcode and
    /// commune, the birth day (the year stays, for the ESF age bands), every free text of
    /// the file (journal, steps' notes, barriers' details, reviews, appointments' titles,
    /// places and notes, the notes of the time entries naming the person), the personal
    /// fields of the audit rows about it and the drafts naming it. Kept: the file number,
    /// dates, statuses, codes (criteria, kinds of steps and barriers, exit outcome), and
    /// every time entry with its minutes, activity and file number, so the hours declared
    /// to the ESF still add up. One audit row `pseudonymise` per file, in one transaction;
    /// then the database file is rebuilt so nothing removed stays in its free pages.
    pub fn purge(&mut self, exited_before: NaiveDate) -> Result<PurgeReport> {
        let today = self.today();
        self.conn.pragma_update(None, "secure_delete", true)?;
        let files = self.write(|tx, actor| {
            if !actor.is_coordinator() {
                return Err(StoreError::forbidden(&actor.login, "what.purge"));
            }
            check_retention(tx, exited_before, today)?;
            let files = candidates(tx, exited_before)?;
            for file in &files {
                pseudonymise(tx, file.file_number, actor.id)?;
                #[derive(Serialize)]
                struct Purged {
                    exited_before: NaiveDate,
                }
                let id = participants::id_for(tx, actor, &file.file_number.to_string())?;
                audit::record(
                    tx,
                    Some(actor.id),
                    "participant",
                    id,
                    "pseudonymise",
                    None::<&()>,
                    Some(&Purged { exited_before }),
                )?;
            }
            Ok(files)
        })?;
        if !files.is_empty() {
            self.conn.execute_batch("VACUUM")?;
        }
        let log_cleared = self.clear_log()?;
        Ok(PurgeReport { files, log_cleared })
    }

    /// Checkpoints the write-ahead log and truncates it; false when another connection's
    /// reading kept some of it.
    fn clear_log(&self) -> Result<bool> {
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        Ok(busy == 0)
    }
}

/// Refuses a purge date after the retention rule's on `today`.
fn check_retention(
    conn: &rusqlite::Connection,
    exited_before: NaiveDate,
    today: NaiveDate,
) -> Result<()> {
    let rule = settings::load(conn)?.retention;
    match rule.past_for_exits_before(today) {
        Some(limit) if exited_before <= limit => Ok(()),
        limit => Err(DomainError::new("gdpr.error.too_early")
            .arg("date", exited_before)
            .arg(
                "limit",
                limit.map_or_else(|| crate::i18n::t("gdpr.no_limit_yet"), |d| d.to_string()),
            )
            .arg("years", rule.years)
            .into()),
    }
}

/// The files whose pathway ended before `exited_before` and that are still whole.
fn candidates(
    conn: &rusqlite::Connection,
    exited_before: NaiveDate,
) -> Result<Vec<PurgeCandidate>> {
    let mut stmt = conn.prepare(
        "SELECT p.file_number, p.exit_on, p.exit_outcome, u.login AS referent
         FROM participant p LEFT JOIN user u ON u.id = p.referent_id
         WHERE p.exit_on < :before AND p.pseudonymised_on IS NULL
         ORDER BY p.file_number",
    )?;
    let rows = stmt
        .query_map(named_params! { ":before": exited_before }, |r| {
            Ok(PurgeCandidate {
                file_number: r.get("file_number")?,
                exit_on: r.get("exit_on")?,
                exit_outcome: r.get("exit_outcome")?,
                referent: r.get("referent")?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Removes the personal data of one file (see [`Session::purge`]).
fn pseudonymise(tx: &WriteTx, file_number: FileNumber, actor_id: i64) -> Result<()> {
    let file = file_number.to_string();
    let (id, last_name): (i64, String) = tx.query_row(
        "SELECT id, last_name FROM participant WHERE file_number = :file",
        named_params! { ":file": file },
        |r| Ok((r.get("id")?, r.get("last_name")?)),
    )?;
    forget_drafts(tx, id, &file, &last_name)?;
    redact_audit(tx, id)?;
    forget_week_notes(tx, &file)?;
    let params = named_params! { ":id": id };
    for sql in [
        "UPDATE contact SET summary = '', next_action = '' WHERE participant_id = :id",
        "UPDATE step SET note = '' WHERE participant_id = :id",
        "UPDATE barrier SET note = '' WHERE participant_id = :id",
        "UPDATE milestone SET objectives = '', achieved = '', new_objectives = ''
         WHERE participant_id = :id",
        "UPDATE appointment SET title = '', location = '', notes = '' WHERE participant_id = :id",
        "UPDATE time_entry SET note = '' WHERE participant_id = :id",
        // The events' dates, kinds and outcomes stay (the figures follow them); their
        // free text may name the person.
        // The sensitive ESF answers go; the stages' labour-market results stay for the
        // figures already reported. The corrections' before/after and reasons go whole.
        "UPDATE esf_record SET disability = NULL, third_country = NULL,
            foreign_background = NULL, minority = NULL, homeless = NULL, rural = NULL
         WHERE participant_id = :id",
        "DELETE FROM esf_correction WHERE participant_id = :id",
        "UPDATE lifecycle_event SET note = '',
            void_reason = CASE WHEN void_reason IS NULL THEN NULL ELSE '' END
         WHERE participant_id = :id",
    ] {
        tx.execute(sql, params)?;
    }
    tx.execute(
        "UPDATE participant SET last_name = file_number, first_name = '',
            birth_date = substr(birth_date, 1, 4) || '-01-01', phone = '', email = '',
            address = '', postcode = '', commune = '', pseudonymised_on = :today,
            updated_at = :now, updated_by = :actor, version = version + 1
         WHERE id = :id",
        named_params! {
            ":today": tx.today(),
            ":now": tx.now(),
            ":actor": actor_id,
            ":id": id,
        },
    )?;
    Ok(())
}

/// Deletes every user's drafts that name the file: its slot or input holds the file
/// number or the family name, or it is the note of one of its appointments or time entries.
fn forget_drafts(tx: &WriteTx, id: i64, file: &str, last_name: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM draft WHERE instr(form, :file) > 0 OR instr(payload, :file) > 0
            OR (length(:last) > 1 AND instr(payload, :last) > 0)
            OR form IN (SELECT 'agenda/note/' || id FROM appointment WHERE participant_id = :id
                UNION SELECT 'agenda/appointment/' || id FROM appointment WHERE participant_id = :id
                UNION SELECT 'time/note/' || id FROM time_entry WHERE participant_id = :id)",
        named_params! { ":file": file, ":last": last_name.trim(), ":id": id },
    )?;
    Ok(())
}

/// Blanks the personal fields of the before/after JSON of every audit row about the file.
fn redact_audit(tx: &WriteTx, id: i64) -> Result<()> {
    let rows: Vec<(i64, Option<String>, Option<String>)> = {
        let mut stmt = tx.prepare(&format!(
            "SELECT a.id, a.before, a.after FROM audit a
             WHERE (a.before IS NOT NULL OR a.after IS NOT NULL) AND ({ABOUT_PARTICIPANT})"
        ))?;
        stmt.query_map(named_params! { ":participant_id": id }, |r| {
            Ok((r.get("id")?, r.get("before")?, r.get("after")?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    };
    let mut update =
        tx.prepare("UPDATE audit SET before = :before, after = :after WHERE id = :id")?;
    for (row, before, after) in rows {
        update.execute(named_params! {
            ":before": before.as_deref().map(redacted),
            ":after": after.as_deref().map(redacted),
            ":id": row,
        })?;
    }
    Ok(())
}

/// `json` with every [`PERSONAL_FIELDS`] value blanked, at any depth; a text that is not
/// JSON is dropped whole (it cannot be told apart from a name).
fn redacted(json: &str) -> String {
    fn blank(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, field) in map.iter_mut() {
                    if PERSONAL_FIELDS.contains(&key.as_str()) && !field.is_null() {
                        *field = serde_json::Value::String(String::new());
                    } else {
                        blank(field);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(blank),
            _ => {}
        }
    }
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(mut value) => {
            blank(&mut value);
            value.to_string()
        }
        Err(_) => String::new(),
    }
}

/// Blanks the notes of the entries naming `file` in the canonical content kept with a
/// validated week's fingerprint (the week's `parcours week verify` then reports the change;
/// the purge's audit row says why).
fn forget_week_notes(tx: &WriteTx, file: &str) -> Result<()> {
    let quoted = serde_json::Value::from(file).to_string();
    let weeks: Vec<(i64, String, String)> = {
        let mut stmt = tx.prepare(
            "SELECT referent_id, iso_week, export_content FROM week
             WHERE instr(export_content, :quoted) > 0",
        )?;
        stmt.query_map(named_params! { ":quoted": quoted }, |r| {
            Ok((
                r.get("referent_id")?,
                r.get("iso_week")?,
                r.get("export_content")?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?
    };
    let marker = format!(" {quoted} ");
    for (referent, week, content) in weeks {
        let scrubbed: Vec<String> = content
            .lines()
            .map(|line| match line.find(&marker) {
                Some(at) if line.starts_with("entry ") => {
                    format!("{}\"\"", &line[..at + marker.len()])
                }
                _ => line.to_owned(),
            })
            .collect();
        let mut text = scrubbed.join("\n");
        text.push('\n');
        tx.execute(
            "UPDATE week SET export_content = :content
             WHERE referent_id = :referent AND iso_week = :week",
            named_params! { ":content": text, ":referent": referent, ":week": week },
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redacted;

    #[test]
    fn personal_fields_are_blanked_at_any_depth() {
        let json = r#"{"last_name":"Zorglub","kind":"phone","nested":[{"summary":"Vu","minutes":30}],"exit_on":null}"#;
        assert_eq!(
            redacted(json),
            r#"{"exit_on":null,"kind":"phone","last_name":"","nested":[{"minutes":30,"summary":""}]}"#
        );
        assert_eq!(redacted("not json"), "");
    }
}

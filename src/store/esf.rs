//! The ESF participant record: reading it (one participant, or a whole caseload in two
//! queries), saving each stage's answers, the dated corrections of a validated entry, and
//! the SQL that says whether a stage is complete, generated from the domain's item list
//! so that the caseload's alerts, the indicators and the record agree.
//!
//! The entry's core items live on `participant` (sex, labour status, education); the
//! other answers in `esf_record`, one row per participant, and the corrections in
//! `esf_correction`. A sensitive answer never goes into an audit row: the row names the
//! items that changed, the values stay in these two tables, which only the participant's
//! referent and the coordinators read.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::codec::{Criteria, Instant};
use super::error::{Result, StoreError};
use super::{Session, WriteTx, audit, participants};
use crate::domain::DomainError;
use crate::domain::esf::{
    Answer, Completeness, Correction, Course, EntryAnswers, EsfItem, EsfRecord, EsfStage,
    ExitAnswers, FollowUpAnswers, FrenchItems, Identity, StoredRecord, Validation,
};
use crate::domain::esf_indicators::Population;
use crate::domain::participant::{Criterion, FileNumber, Participant};
use crate::domain::period::Period;
use crate::domain::text::{Lines, check};
use crate::domain::user::User;

/// The column holding `item`'s answer, in a query over `participant p LEFT JOIN esf_record e`.
pub(crate) fn column(item: EsfItem) -> &'static str {
    match item {
        EsfItem::Sex => "p.sex",
        EsfItem::LabourStatus => "p.labour_status",
        EsfItem::UnemployedSince => "e.unemployed_since",
        EsfItem::Education => "p.education",
        EsfItem::Disability => "e.disability",
        EsfItem::ThirdCountry => "e.third_country",
        EsfItem::ForeignBackground => "e.foreign_background",
        EsfItem::Minority => "e.minority",
        EsfItem::Homeless => "e.homeless",
        EsfItem::Rural => "e.rural",
        EsfItem::JobSearching => "e.job_searching",
        EsfItem::InTraining => "e.in_training",
        EsfItem::Qualification => "e.qualification",
        EsfItem::Employed => "e.employed",
        EsfItem::EmployedAfterSixMonths => "e.employed_after_six_months",
        EsfItem::ImprovedAfterSixMonths => "e.improved_after_six_months",
    }
}

/// The SQL condition "every item `stage` asks is answered", over `participant p LEFT JOIN
/// esf_record e`: the domain's rule ([`crate::domain::esf::missing`]) written as SQL from
/// the same item list.
pub(crate) fn complete_sql(stage: EsfStage) -> String {
    let parts: Vec<String> = EsfItem::of(stage)
        .map(|item| match item.only_for() {
            None => format!("{} IS NOT NULL", column(item)),
            Some(status) => format!(
                "(COALESCE(p.labour_status, '') <> '{}' OR {} IS NOT NULL)",
                status.code(),
                column(item)
            ),
        })
        .collect();
    format!("({})", parts.join(" AND "))
}

/// The columns saying which stages are complete (`esf_entry_done`…), for a query that
/// joins `esf_record e` to `participant p`; read back with [`completeness`].
pub(crate) fn done_columns() -> String {
    format!(
        "{} AS esf_entry_done, {} AS esf_exit_done, {} AS esf_follow_up_done",
        complete_sql(EsfStage::Entry),
        complete_sql(EsfStage::Exit),
        complete_sql(EsfStage::FollowUp)
    )
}

/// The join that [`done_columns`] needs.
pub(crate) const JOIN: &str = "LEFT JOIN esf_record e ON e.participant_id = p.id";

/// Which stages are complete, from a row of [`done_columns`].
pub(crate) fn completeness(r: &Row) -> rusqlite::Result<Completeness> {
    Ok(Completeness {
        entry: r.get("esf_entry_done")?,
        exit: r.get("esf_exit_done")?,
        follow_up: r.get("esf_follow_up_done")?,
    })
}

/// What a record is read with, each column by name, from `participant p`, `esf_record e`
/// and the validating user `v`.
const RECORD_COLUMNS: &str = "p.id, p.file_number, p.last_name, p.first_name, p.postcode,
    p.commune, p.birth_date, p.contract_on, p.exit_on, p.sex,
    p.labour_status, p.education, p.criteria, p.qpv, p.version AS participant_version,
    e.unemployed_since, e.disability, e.third_country, e.foreign_background, e.minority,
    e.homeless, e.rural, e.entry_validated_at, v.login AS validated_by, e.job_searching,
    e.in_training, e.qualification, e.employed, e.employed_after_six_months,
    e.improved_after_six_months, COALESCE(e.version, 0) AS version";

/// The joins of [`RECORD_COLUMNS`].
const RECORD_FROM: &str = "participant p LEFT JOIN esf_record e ON e.participant_id = p.id
    LEFT JOIN user v ON v.id = e.entry_validated_by";

/// A record as read, before its stages are worked out on a day.
struct ReadRecord {
    participant_id: i64,
    file_number: FileNumber,
    identity: Identity,
    course: Course,
    stored: StoredRecord,
}

impl ReadRecord {
    fn into_record(self, today: NaiveDate) -> EsfRecord {
        self.into_pair(today).1
    }

    fn into_pair(self, today: NaiveDate) -> (Identity, EsfRecord) {
        let birth = self.identity.birth_date;
        let record = EsfRecord::new(self.file_number, birth, self.course, self.stored, today);
        (self.identity, record)
    }
}

/// A record from a row of [`RECORD_COLUMNS`] (its corrections are read apart).
fn from_row(r: &Row) -> rusqlite::Result<ReadRecord> {
    let criteria = r.get::<_, Criteria>("criteria")?.0.into_owned();
    let has = |c: Criterion| criteria.contains(&c);
    let validated = match r.get::<_, Option<Instant>>("entry_validated_at")? {
        Some(at) => Some(Validation {
            at: at.0,
            by: r
                .get::<_, Option<String>>("validated_by")?
                .unwrap_or_default(),
        }),
        None => None,
    };
    Ok(ReadRecord {
        participant_id: r.get("id")?,
        file_number: r.get("file_number")?,
        identity: Identity {
            last_name: r.get("last_name")?,
            first_name: r.get("first_name")?,
            birth_date: r.get("birth_date")?,
            postcode: r.get("postcode")?,
            commune: r.get("commune")?,
        },
        course: Course {
            entry_on: r.get("contract_on")?,
            exit_on: r.get("exit_on")?,
        },
        stored: StoredRecord {
            entry: EntryAnswers {
                sex: r.get("sex")?,
                labour_status: r.get("labour_status")?,
                unemployed_since: r.get("unemployed_since")?,
                education: r.get("education")?,
                disability: r.get("disability")?,
                third_country: r.get("third_country")?,
                foreign_background: r.get("foreign_background")?,
                minority: r.get("minority")?,
                homeless: r.get("homeless")?,
                rural: r.get("rural")?,
            },
            exit: ExitAnswers {
                job_searching: r.get("job_searching")?,
                in_training: r.get("in_training")?,
                qualification: r.get("qualification")?,
                employed: r.get("employed")?,
            },
            follow_up: FollowUpAnswers {
                employed: r.get("employed_after_six_months")?,
                improved: r.get("improved_after_six_months")?,
            },
            validated,
            corrections: Vec::new(),
            french: FrenchItems {
                rsa: has(Criterion::Rsa),
                ass: has(Criterion::Ass),
                aah: has(Criterion::Aah),
                rqth: has(Criterion::Rqth),
                qpv: r.get::<_, bool>("qpv")? || has(Criterion::Qpv),
                single_parent: has(Criterion::SingleParent),
            },
            version: r.get("version")?,
            participant_version: r.get("participant_version")?,
        },
    })
}

/// The corrections of the participants `scope` selects (an SQL condition on `p` and `e`
/// with its named `params`), oldest first, by participant id.
fn corrections(
    conn: &Connection,
    scope: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
) -> Result<HashMap<i64, Vec<Correction>>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT c.participant_id, c.item, c.before, c.after, c.reason, c.corrected_at,
                u.login AS corrected_by
         FROM esf_correction c JOIN participant p ON p.id = c.participant_id
             LEFT JOIN esf_record e ON e.participant_id = p.id
             JOIN user u ON u.id = c.corrected_by
         WHERE {scope} ORDER BY c.participant_id, c.id"
    ))?;
    let mut rows = stmt.query(params)?;
    let mut out: HashMap<i64, Vec<Correction>> = HashMap::new();
    while let Some(r) = rows.next()? {
        out.entry(r.get("participant_id")?)
            .or_default()
            .push(Correction {
                item: r.get("item")?,
                before: r.get("before")?,
                after: r.get("after")?,
                reason: r.get("reason")?,
                at: r.get::<_, Instant>("corrected_at")?.0,
                by: r.get("corrected_by")?,
            });
    }
    Ok(out)
}

/// The record of participant `id` as stored now (corrections included).
fn read(conn: &Connection, id: i64) -> Result<ReadRecord> {
    let mut record = conn.query_row(
        &format!("SELECT {RECORD_COLUMNS} FROM {RECORD_FROM} WHERE p.id = :id"),
        named_params! { ":id": id },
        from_row,
    )?;
    record.stored.corrections = corrections(conn, "p.id = :id", named_params! { ":id": id })?
        .remove(&id)
        .unwrap_or_default();
    Ok(record)
}

/// The records of the participants `condition` selects (an SQL condition on `p` and `e`
/// with its named `params`), with their corrections, by file number: two queries whatever
/// their number.
fn read_where(
    conn: &Connection,
    condition: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
) -> Result<Vec<ReadRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {RECORD_COLUMNS} FROM {RECORD_FROM} WHERE {condition} ORDER BY p.file_number"
    ))?;
    let mut read: Vec<ReadRecord> = stmt
        .query_map(params, from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let mut fixes = corrections(conn, condition, params)?;
    for r in &mut read {
        r.stored.corrections = fixes.remove(&r.participant_id).unwrap_or_default();
    }
    Ok(read)
}

/// The records [`read_where`] finds, on `today`.
pub(crate) fn records_where(
    conn: &Connection,
    condition: &str,
    params: &[(&str, &dyn rusqlite::ToSql)],
    today: NaiveDate,
) -> Result<Vec<EsfRecord>> {
    Ok(read_where(conn, condition, params)?
        .into_iter()
        .map(|r| r.into_record(today))
        .collect())
}

/// The payload of an audit row: the items that changed and the stage's completeness —
/// never an answer.
#[derive(serde::Serialize)]
struct Changed<'a> {
    stage: EsfStage,
    items: Vec<EsfItem>,
    complete: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

/// A stage's answers to save, and what they replace.
struct Save<'a> {
    participant: &'a Participant,
    before: &'a ReadRecord,
    /// The version of the stored answers the editor read.
    version: i64,
    stage: EsfStage,
}

impl Save<'_> {
    /// Refuses the save when the stored answers changed since they were read.
    fn check_version(&self, tx: &WriteTx) -> Result<()> {
        if self.before.stored.version != self.version {
            return Err(audit::conflict(tx, "esf_record", self.participant.id));
        }
        Ok(())
    }

    /// Writes the audit row of the change of `items`.
    fn audit(
        &self,
        tx: &WriteTx,
        actor: &User,
        items: Vec<EsfItem>,
        reason: Option<&str>,
    ) -> Result<ReadRecord> {
        let after = read(tx, self.participant.id)?;
        let complete = after.stored.is_complete(self.stage);
        let action = match (self.stage, reason) {
            (EsfStage::Entry, Some(_)) => "correct",
            (stage, _) => stage.code(),
        };
        audit::record(
            tx,
            Some(actor.id),
            "esf_record",
            self.participant.id,
            action,
            None::<&()>,
            Some(&Changed {
                stage: self.stage,
                items,
                complete,
                reason,
            }),
        )?;
        Ok(after)
    }
}

/// Inserts or updates the stored answers of `participant_id`.
fn upsert(tx: &WriteTx, actor: &User, participant_id: i64, stored: &StoredRecord) -> Result<()> {
    let e = &stored.entry;
    let code = |a: Option<Answer>| a.map(Answer::code);
    tx.execute(
        "INSERT INTO esf_record (participant_id, unemployed_since, disability, third_country,
            foreign_background, minority, homeless, rural, job_searching, in_training,
            qualification, employed, employed_after_six_months, improved_after_six_months,
            updated_at, updated_by)
         VALUES (:id, :unemployed_since, :disability, :third_country, :foreign_background,
            :minority, :homeless, :rural, :job_searching, :in_training, :qualification,
            :employed, :employed_after_six_months, :improved_after_six_months, :at, :by)
         ON CONFLICT(participant_id) DO UPDATE SET
            unemployed_since = excluded.unemployed_since, disability = excluded.disability,
            third_country = excluded.third_country,
            foreign_background = excluded.foreign_background, minority = excluded.minority,
            homeless = excluded.homeless, rural = excluded.rural,
            job_searching = excluded.job_searching, in_training = excluded.in_training,
            qualification = excluded.qualification, employed = excluded.employed,
            employed_after_six_months = excluded.employed_after_six_months,
            improved_after_six_months = excluded.improved_after_six_months,
            updated_at = excluded.updated_at, updated_by = excluded.updated_by,
            version = esf_record.version + 1",
        named_params! {
            ":id": participant_id,
            ":unemployed_since": e.unemployed_since,
            ":disability": code(e.disability),
            ":third_country": code(e.third_country),
            ":foreign_background": code(e.foreign_background),
            ":minority": code(e.minority),
            ":homeless": code(e.homeless),
            ":rural": code(e.rural),
            ":job_searching": stored.exit.job_searching,
            ":in_training": stored.exit.in_training,
            ":qualification": stored.exit.qualification,
            ":employed": stored.exit.employed,
            ":employed_after_six_months": stored.follow_up.employed,
            ":improved_after_six_months": stored.follow_up.improved,
            ":at": tx.now(),
            ":by": actor.id,
        },
    )?;
    Ok(())
}

/// The core entry items the participant file holds (sex, labour status, education).
const CORE: [EsfItem; 3] = [EsfItem::Sex, EsfItem::LabourStatus, EsfItem::Education];

/// Refuses an edit of the participant file that changes a core entry item of a validated
/// ESF entry: such a change is a correction, dated and with its reason, made in the
/// record ([`Session::save_esf_entry`]).
pub(crate) fn ensure_core_unchanged(
    tx: &WriteTx,
    before: &Participant,
    after: &Participant,
) -> Result<()> {
    let validated: Option<String> = tx
        .query_row(
            "SELECT entry_validated_at FROM esf_record WHERE participant_id = :id",
            named_params! { ":id": before.id },
            |r| r.get("entry_validated_at"),
        )
        .optional()?
        .flatten();
    let (b, a) = (&before.details, &after.details);
    let changed =
        b.sex != a.sex || b.labour_status != a.labour_status || b.education != a.education;
    if validated.is_some() && changed {
        let items: Vec<String> = CORE.iter().map(|i| i.label()).collect();
        return Err(DomainError::new("esf.error.correct_in_record")
            .arg("file", &before.file_number)
            .arg("items", items.join(", "))
            .into());
    }
    Ok(())
}

impl Session {
    /// The ESF record of participant `file`: its referent and the coordinators only.
    pub fn esf_record(&self, file: &str) -> Result<EsfRecord> {
        let p = participants::load(&self.conn, &self.actor, file)?;
        Ok(read(&self.conn, p.id)?.into_record(self.today()))
    }

    /// The ESF records of a caseload: `referent`'s (the actor's own by default; the whole
    /// PLIE for a coordinator without one), in two queries, by file number.
    pub fn esf_records(&self, referent: Option<&str>) -> Result<Vec<EsfRecord>> {
        let everyone = referent.is_none() && self.actor.is_coordinator();
        let subject = self.subject(referent, "what.other_caseload")?;
        records_where(
            &self.conn,
            "(:everyone OR p.referent_id = :referent_id)",
            named_params! { ":everyone": everyone, ":referent_id": subject.id },
            self.today(),
        )
    }

    /// The records a stage's platform export covers in `period` (coordinators): those
    /// entering, leaving, or six months after leaving, with who they are about.
    pub fn esf_export(
        &self,
        stage: EsfStage,
        period: Period,
    ) -> Result<Vec<(Identity, EsfRecord)>> {
        if !self.reader()?.is_coordinator() {
            return Err(StoreError::forbidden(&self.actor.login, "what.esf_export"));
        }
        let population = Population::of_stage(stage);
        let (from, to) = period.dates_of(population);
        let today = self.today();
        Ok(read_where(
            &self.conn,
            super::esf_indicators::population_sql(population),
            named_params! { ":from": from, ":to": to },
        )?
        .into_iter()
        .map(|r| r.into_pair(today))
        .collect())
    }

    /// Saves the entry questionnaire of `file` (the core items on the participant file,
    /// the others in the record), read at `version` and `participant_version`.
    ///
    /// The first save that leaves the entry complete validates it; after that every
    /// change needs a `reason` and is kept as a dated correction of each item. The
    /// unemployment start date is checked against the labour status at the entry date.
    pub fn save_esf_entry(
        &mut self,
        file: &str,
        answers: &EntryAnswers,
        version: i64,
        participant_version: i64,
        reason: &str,
    ) -> Result<EsfRecord> {
        let today = self.today();
        check("esf.field.reason", reason, Lines::One)?;
        let reason = reason.trim();
        let record = self.write(|tx, actor| {
            let p = participants::load(tx, actor, file)?;
            let before = read(tx, p.id)?;
            let save = Save {
                participant: &p,
                before: &before,
                version,
                stage: EsfStage::Entry,
            };
            save.check_version(tx)?;
            if p.version != participant_version {
                return Err(audit::conflict(tx, "participant", p.id));
            }
            answers.check(
                before.identity.birth_date,
                before.course.entry_on.unwrap_or(today),
            )?;
            let changes = before.stored.entry.changes(answers);
            if changes.is_empty() {
                return Ok(before);
            }
            let validated = before.stored.validated.is_some();
            if validated && reason.is_empty() {
                return Err(DomainError::new("esf.error.reason_required").into());
            }
            if CORE.iter().any(|i| changes.iter().any(|(c, _, _)| c == i)) {
                update_core(tx, actor, &p, answers)?;
            }
            let mut stored = before.stored.clone();
            stored.entry = answers.clone();
            upsert(tx, actor, p.id, &stored)?;
            if validated {
                for (item, was, now) in &changes {
                    tx.execute(
                        "INSERT INTO esf_correction (participant_id, item, before, after, reason,
                            corrected_at, corrected_by)
                         VALUES (:id, :item, :before, :after, :reason, :at, :by)",
                        named_params! {
                            ":id": p.id,
                            ":item": item.code(),
                            ":before": was,
                            ":after": now,
                            ":reason": reason,
                            ":at": tx.now(),
                            ":by": actor.id,
                        },
                    )?;
                }
            } else if answers.missing().is_empty() {
                tx.execute(
                    "UPDATE esf_record SET entry_validated_at = :at, entry_validated_by = :by
                     WHERE participant_id = :id",
                    named_params! { ":at": tx.now(), ":by": actor.id, ":id": p.id },
                )?;
            }
            let items = changes.iter().map(|(item, _, _)| *item).collect();
            save.audit(tx, actor, items, validated.then_some(reason))
        })?;
        Ok(record.into_record(today))
    }

    /// Saves the situation on leaving of `file`, read at `version`: refused before the
    /// participant has entered and left.
    pub fn save_esf_exit(
        &mut self,
        file: &str,
        answers: &ExitAnswers,
        version: i64,
    ) -> Result<EsfRecord> {
        self.save_stage(file, version, EsfStage::Exit, |stored| {
            stored.exit = *answers;
            Ok(())
        })
    }

    /// Saves the situation six months after leaving of `file`, read at `version`: refused
    /// before that date, and an improved situation for a person not employed at entry.
    pub fn save_esf_follow_up(
        &mut self,
        file: &str,
        answers: &FollowUpAnswers,
        version: i64,
    ) -> Result<EsfRecord> {
        self.save_stage(file, version, EsfStage::FollowUp, |stored| {
            answers.check(stored.entry.labour_status)?;
            stored.follow_up = *answers;
            Ok(())
        })
    }

    /// Saves the answers of the exit or six-month `stage` of `file`, read at `version`, as
    /// `answer` puts them in the stored record (with its checks): refused before the stage
    /// opens; nothing written when nothing changed.
    fn save_stage(
        &mut self,
        file: &str,
        version: i64,
        stage: EsfStage,
        answer: impl Fn(&mut StoredRecord) -> Result<()>,
    ) -> Result<EsfRecord> {
        let today = self.today();
        let record = self.write(|tx, actor| {
            let p = participants::load(tx, actor, file)?;
            let before = read(tx, p.id)?;
            let save = Save {
                participant: &p,
                before: &before,
                version,
                stage,
            };
            save.check_version(tx)?;
            match before.course.opens_on(stage) {
                None => {
                    return Err(DomainError::new("esf.error.no_exit")
                        .arg("file", file)
                        .into());
                }
                Some(opens) if today < opens => {
                    return Err(DomainError::new("esf.error.not_open")
                        .arg("stage", stage.label())
                        .arg("date", opens)
                        .into());
                }
                Some(_) => {}
            }
            let mut stored = before.stored.clone();
            answer(&mut stored)?;
            let items = before.stored.changed(&stored, stage);
            if items.is_empty() {
                return Ok(before);
            }
            upsert(tx, actor, p.id, &stored)?;
            save.audit(tx, actor, items, None)
        })?;
        Ok(record.into_record(today))
    }
}

/// Writes the core entry items on the participant file, with the file's audit row.
fn update_core(tx: &WriteTx, actor: &User, p: &Participant, answers: &EntryAnswers) -> Result<()> {
    tx.execute(
        "UPDATE participant SET sex = :sex, labour_status = :labour_status,
            education = :education, updated_at = :at, updated_by = :by, version = version + 1
         WHERE id = :id AND version = :version",
        named_params! {
            ":sex": answers.sex,
            ":labour_status": answers.labour_status,
            ":education": answers.education,
            ":at": tx.now(),
            ":by": actor.id,
            ":id": p.id,
            ":version": p.version,
        },
    )?;
    let after = participants::load(tx, actor, &p.file_number)?;
    audit::record(
        tx,
        Some(actor.id),
        "participant",
        p.id,
        "update",
        Some(p),
        Some(&after),
    )
}

/// A participant's record as the demo generator writes it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct EsfRow {
    /// Participant id.
    pub participant_id: i64,
    /// The answers (the core entry items are the participant row's own).
    pub stored: StoredRecord,
    /// When the entry was validated, and by whom (user id).
    pub validated: Option<(DateTime<Utc>, i64)>,
    /// Author of the answers.
    pub updated_by: i64,
    /// When they were written.
    pub updated_at: DateTime<Utc>,
}

/// Inserts the generated records (bulk loading, in the caller's transaction).
pub(crate) fn insert_all(tx: &rusqlite::Transaction, rows: &[EsfRow]) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO esf_record (participant_id, unemployed_since, disability, third_country,
            foreign_background, minority, homeless, rural, entry_validated_at,
            entry_validated_by, job_searching, in_training, qualification, employed,
            employed_after_six_months, improved_after_six_months, updated_at, updated_by)
         VALUES (:id, :unemployed_since, :disability, :third_country, :foreign_background,
            :minority, :homeless, :rural, :validated_at, :validated_by, :job_searching,
            :in_training, :qualification, :employed, :employed_after_six_months,
            :improved_after_six_months, :updated_at, :updated_by)",
    )?;
    for row in rows {
        let s = &row.stored;
        let code = |a: Option<Answer>| a.map(Answer::code);
        stmt.execute(named_params! {
            ":id": row.participant_id,
            ":unemployed_since": s.entry.unemployed_since,
            ":disability": code(s.entry.disability),
            ":third_country": code(s.entry.third_country),
            ":foreign_background": code(s.entry.foreign_background),
            ":minority": code(s.entry.minority),
            ":homeless": code(s.entry.homeless),
            ":rural": code(s.entry.rural),
            ":validated_at": row.validated.map(|(at, _)| Instant(at)),
            ":validated_by": row.validated.map(|(_, by)| by),
            ":job_searching": s.exit.job_searching,
            ":in_training": s.exit.in_training,
            ":qualification": s.exit.qualification,
            ":employed": s.exit.employed,
            ":employed_after_six_months": s.follow_up.employed,
            ":improved_after_six_months": s.follow_up.improved,
            ":updated_at": Instant(row.updated_at),
            ":updated_by": row.updated_by,
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_completeness_sql_follows_the_domain_items() {
        let entry = complete_sql(EsfStage::Entry);
        for item in EsfItem::of(EsfStage::Entry) {
            assert!(entry.contains(column(item)), "{item:?} in {entry}");
        }
        assert!(entry.contains("<> 'long_term_unemployed' OR e.unemployed_since IS NOT NULL"));
        let later = complete_sql(EsfStage::FollowUp);
        assert!(later.contains("<> 'employed' OR e.improved_after_six_months IS NOT NULL"));
        assert!(!later.contains("p.sex"));
    }

    #[test]
    fn the_completeness_sql_agrees_with_the_domain_on_every_labour_status() {
        use crate::domain::participant::LabourStatus;
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.execute_batch(
            "CREATE TABLE participant (id INTEGER PRIMARY KEY, sex TEXT, labour_status TEXT,
                education TEXT);
             CREATE TABLE esf_record (participant_id INTEGER, unemployed_since TEXT,
                disability TEXT, third_country TEXT, foreign_background TEXT, minority TEXT,
                homeless TEXT, rural TEXT);",
        )
        .expect("schema");
        let full = EntryAnswers {
            sex: Some(crate::domain::participant::Sex::Male),
            labour_status: None,
            unemployed_since: None,
            education: Some(crate::domain::participant::EducationLevel::Level1),
            disability: Some(Answer::No),
            third_country: Some(Answer::No),
            foreign_background: Some(Answer::Refused),
            minority: Some(Answer::No),
            homeless: Some(Answer::No),
            rural: Some(Answer::Yes),
        };
        let mut id = 0;
        for labour in LabourStatus::ALL.iter().copied().map(Some).chain([None]) {
            for since in [None, NaiveDate::from_ymd_opt(2020, 1, 1)] {
                for rural in [None, Some(Answer::No)] {
                    id += 1;
                    let answers = EntryAnswers {
                        labour_status: labour,
                        unemployed_since: since,
                        rural,
                        ..full.clone()
                    };
                    conn.execute(
                        "INSERT INTO participant VALUES (?1, 'm', ?2, '1')",
                        rusqlite::params![id, labour.map(|l| l.code())],
                    )
                    .expect("participant");
                    conn.execute(
                        "INSERT INTO esf_record VALUES (?1, ?2, 'no', 'no', 'refused', 'no', 'no', ?3)",
                        rusqlite::params![id, since, rural.map(Answer::code)],
                    )
                    .expect("record");
                    let sql = format!(
                        "SELECT {} FROM participant p {JOIN} WHERE p.id = ?1",
                        complete_sql(EsfStage::Entry)
                    );
                    let done: bool = conn.query_row(&sql, [id], |r| r.get(0)).expect("done");
                    assert_eq!(done, answers.missing().is_empty(), "{answers:?}");
                }
            }
        }
    }
}

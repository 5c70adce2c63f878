//! Participants: creation, reading, updating and the caseload list.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::error::{Result, StoreError};
use super::{Session, audit, users};
use crate::domain::journal::Alert;
use crate::domain::participant::{
    AlertInputs, CommissionDecision, EducationLevel, ExitOutcome, LabourStatus, NewParticipant,
    Participant, Sex, Status, alerts, criteria_from_codes, criteria_to_codes,
};
use crate::domain::user::User;
use crate::i18n::tf;

/// One line of the caseload: what a referent needs to see at a glance.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CaseloadRow {
    /// Database id.
    pub id: i64,
    /// File number.
    pub file_number: String,
    /// Family name.
    pub last_name: String,
    /// Given name.
    pub first_name: String,
    /// Commune of residence.
    pub commune: String,
    /// Status.
    pub status: Status,
    /// Referent's login.
    pub referent: Option<String>,
    /// Start of the pathway (contract, else orientation).
    pub started_on: NaiveDate,
    /// Last contact that took place.
    pub last_contact: Option<NaiveDate>,
    /// Next planned appointment.
    pub next_appointment: Option<DateTime<Utc>>,
    /// Follow-up alerts on the session's today.
    pub alerts: Vec<Alert>,
}

const COLUMNS: &str = "p.id, p.file_number, p.last_name, p.first_name, p.birth_date, p.sex, p.commune, p.postcode, p.qpv,
    p.phone, p.email, p.prescriber, p.criteria, p.labour_status, p.education, p.status, p.oriented_on,
    p.commission_on, p.commission_decision, p.contract_on, u.login, p.exit_on, p.exit_outcome, p.version";

fn from_row(r: &Row) -> rusqlite::Result<Participant> {
    let code = |i: usize| r.get::<_, Option<String>>(i);
    Ok(Participant {
        id: r.get(0)?,
        file_number: r.get(1)?,
        details: NewParticipant {
            last_name: r.get(2)?,
            first_name: r.get(3)?,
            birth_date: Some(r.get(4)?),
            sex: code(5)?.as_deref().and_then(Sex::from_code),
            commune: r.get(6)?,
            postcode: r.get(7)?,
            qpv: r.get(8)?,
            phone: r.get(9)?,
            email: r.get(10)?,
            prescriber: r.get(11)?,
            criteria: criteria_from_codes(&r.get::<_, String>(12)?),
            labour_status: code(13)?.as_deref().and_then(LabourStatus::from_code),
            education: code(14)?.as_deref().and_then(EducationLevel::from_code),
            oriented_on: Some(r.get(16)?),
        },
        status: Status::from_code(&r.get::<_, String>(15)?).unwrap_or(Status::Oriented),
        commission_on: r.get(17)?,
        commission_decision: code(18)?.as_deref().and_then(CommissionDecision::from_code),
        contract_on: r.get(19)?,
        referent: r.get(20)?,
        exit_on: r.get(21)?,
        exit_outcome: code(22)?.as_deref().and_then(ExitOutcome::from_code),
        version: r.get(23)?,
    })
}

/// Reads a participant by file number, checking that the actor may see it.
pub(crate) fn load(conn: &Connection, actor: &User, file_number: &str) -> Result<Participant> {
    super::access::ensure_active(conn, actor)?;
    let wanted = file_number.trim().to_ascii_uppercase();
    let found = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM participant p LEFT JOIN user u ON u.id = p.referent_id WHERE p.file_number = ?1"),
            [&wanted],
            from_row,
        )
        .optional()?;
    if actor.is_coordinator() {
        return found.ok_or_else(|| StoreError::not_found("entity.participant", file_number));
    }
    // For a referent, an unknown file and another referent's read the same, so that
    // trying numbers tells nothing about which files exist.
    match found {
        Some(p) if p.referent.as_deref() == Some(actor.login.as_str()) => Ok(p),
        _ => Err(StoreError::Forbidden {
            login: actor.login.clone(),
            what: tf("what.outside_caseload", &[("file", &wanted)]),
        }),
    }
}

/// The id of a participant the actor may work on, by file number.
pub(crate) fn id_for(conn: &Connection, actor: &User, file_number: &str) -> Result<i64> {
    load(conn, actor, file_number).map(|p| p.id)
}

fn next_file_number(conn: &Connection, year: i32) -> Result<String> {
    let prefix = format!("P-{year}-");
    let last: Option<String> = conn.query_row(
        "SELECT MAX(file_number) FROM participant WHERE file_number LIKE ?1 || '%'",
        [&prefix],
        |r| r.get(0),
    )?;
    let seq = last
        .and_then(|f| f[prefix.len()..].parse::<u32>().ok())
        .unwrap_or(0)
        + 1;
    crate::domain::participant::FileNumber::new(year, seq)
        .map(|f| f.to_string())
        .ok_or_else(|| {
            crate::domain::DomainError::new("error.file_numbers_exhausted")
                .arg("year", year)
                .into()
        })
}

impl Session {
    /// Opens a new participant file, oriented, in `referent`'s caseload (the actor's by default).
    ///
    /// A referent can only open files in their own caseload.
    pub fn add_participant(
        &mut self,
        new: &NewParticipant,
        referent: Option<&str>,
    ) -> Result<Participant> {
        let today = self.today();
        new.validate(today)?;
        let referent_login = referent.map(str::to_owned);
        self.write(|tx, actor| {
            let referent = match referent_login.as_deref() {
                None if actor.is_coordinator() => None,
                None => Some(actor.clone()),
                Some(l) if l == actor.login && !actor.is_coordinator() => Some(actor.clone()),
                Some(l) if actor.is_coordinator() => Some(users::referent(tx, l)?),
                Some(_) => return Err(StoreError::forbidden(&actor.login, "what.other_caseload")),
            };
            let oriented = new.oriented_on.unwrap_or(today);
            let file_number = next_file_number(tx, oriented.format("%Y").to_string().parse().unwrap_or(2000))?;
            let now = tx.now();
            tx.execute(
                "INSERT INTO participant (file_number, last_name, first_name, birth_date, sex, commune, postcode, qpv,
                    phone, email, prescriber, criteria, labour_status, education, status, oriented_on, referent_id,
                    created_at, updated_at, updated_by)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?18, ?19)",
                params![
                    file_number,
                    new.last_name.trim(),
                    new.first_name.trim(),
                    new.birth_date,
                    new.sex.map(|s| s.code()),
                    new.commune.trim(),
                    new.postcode.trim(),
                    new.qpv,
                    new.phone.trim(),
                    new.email.trim(),
                    new.prescriber.trim(),
                    criteria_to_codes(&new.criteria),
                    new.labour_status.map(|s| s.code()),
                    new.education.map(|s| s.code()),
                    Status::Oriented.code(),
                    oriented,
                    referent.as_ref().map(|u| u.id),
                    now,
                    actor.id,
                ],
            )?;
            let created = load(tx, actor, &file_number)?;
            audit::record(tx, Some(actor.id), "participant", created.id, "create", None::<&()>, Some(&created))?;
            Ok(created)
        })
    }

    /// A participant's file, if the actor may read it.
    pub fn participant(&self, file_number: &str) -> Result<Participant> {
        load(&self.conn, &self.actor, file_number)
    }

    /// Saves an edited participant file.
    ///
    /// `edited.version` must be the version that was read: if someone saved in
    /// between, nothing is written and the conflict names them. Changing the
    /// referent is for coordinators only.
    pub fn update_participant(&mut self, edited: &Participant) -> Result<Participant> {
        let today = self.today();
        edited.details.validate(today)?;
        self.write(|tx, actor| {
            let before = load(tx, actor, &edited.file_number)?;
            if before.referent != edited.referent && !actor.is_coordinator() {
                return Err(StoreError::forbidden(&actor.login, "what.reassign"));
            }
            let referent_id = match edited.referent.as_deref() {
                Some(l) => Some(users::referent(tx, l)?.id),
                None => None,
            };
            let d = &edited.details;
            let changed = tx.execute(
                "UPDATE participant SET last_name = ?1, first_name = ?2, birth_date = ?3, sex = ?4, commune = ?5,
                    postcode = ?6, qpv = ?7, phone = ?8, email = ?9, prescriber = ?10, criteria = ?11,
                    labour_status = ?12, education = ?13, status = ?14, oriented_on = ?15, commission_on = ?16,
                    commission_decision = ?17, contract_on = ?18, referent_id = ?19, exit_on = ?20,
                    exit_outcome = ?21, updated_at = ?22, updated_by = ?23, version = version + 1
                 WHERE id = ?24 AND version = ?25",
                params![
                    d.last_name.trim(),
                    d.first_name.trim(),
                    d.birth_date,
                    d.sex.map(|s| s.code()),
                    d.commune.trim(),
                    d.postcode.trim(),
                    d.qpv,
                    d.phone.trim(),
                    d.email.trim(),
                    d.prescriber.trim(),
                    criteria_to_codes(&d.criteria),
                    d.labour_status.map(|s| s.code()),
                    d.education.map(|s| s.code()),
                    edited.status.code(),
                    d.oriented_on,
                    edited.commission_on,
                    edited.commission_decision.map(|c| c.code()),
                    edited.contract_on,
                    referent_id,
                    edited.exit_on,
                    edited.exit_outcome.map(|o| o.code()),
                    tx.now(),
                    actor.id,
                    before.id,
                    edited.version,
                ],
            )?;
            if changed == 0 {
                return Err(audit::conflict(tx, "participant", before.id));
            }
            let after = load(tx, actor, &edited.file_number)?;
            audit::record(tx, Some(actor.id), "participant", before.id, "update", Some(&before), Some(&after))?;
            Ok(after)
        })
    }

    /// File numbers of existing participants with the same names and birth date (duplicate warning).
    pub fn possible_duplicates(
        &self,
        last: &str,
        first: &str,
        birth: NaiveDate,
    ) -> Result<Vec<String>> {
        self.reader()?;
        let mut stmt = self.conn.prepare(
            "SELECT file_number FROM participant
             WHERE lower(last_name) = lower(?1) AND lower(first_name) = lower(?2) AND birth_date = ?3",
        )?;
        let files = stmt
            .query_map(params![last.trim(), first.trim(), birth], |r| r.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(files)
    }

    /// The caseload: `referent`'s participants (the actor's own by default; a
    /// coordinator without a referent sees the whole PLIE), sorted by name.
    ///
    /// The next appointment is the first planned one from the session's today on.
    pub fn caseload(&self, referent: Option<&str>) -> Result<Vec<CaseloadRow>> {
        let everyone = referent.is_none() && self.actor.is_coordinator();
        let subject = self.subject(referent, "what.other_caseload")?;
        let now = format!("{}T00:00:00Z", self.today().format("%Y-%m-%d"));
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.id, p.file_number, p.last_name, p.first_name, p.commune, p.status, u.login,
                    COALESCE(p.contract_on, p.oriented_on), p.contract_on, p.exit_on,
                    (SELECT MAX(c.contact_on) FROM contact c WHERE c.participant_id = p.id AND c.kind <> 'no_show'),
                    (SELECT MIN(a.starts_at) FROM appointment a
                       WHERE a.participant_id = p.id AND a.status = 'planned' AND a.starts_at >= ?3),
                    (SELECT MIN(c.contact_on) FROM contact c
                       WHERE c.participant_id = p.id AND c.summary = '' AND c.kind <> 'no_show'),
                    (SELECT MAX(m.held_on) FROM milestone m WHERE m.participant_id = p.id)
             FROM participant p LEFT JOIN user u ON u.id = p.referent_id
             WHERE ?1 OR p.referent_id = ?2
             ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.file_number",
        )?;
        let today = self.today();
        let rows = stmt
            .query_map(params![everyone, subject.id, now], |r| {
                let status = Status::from_code(&r.get::<_, String>(5)?).unwrap_or(Status::Oriented);
                let started_on: NaiveDate = r.get(7)?;
                let last_contact: Option<NaiveDate> = r.get(10)?;
                let next: Option<String> = r.get(11)?;
                let inputs = AlertInputs {
                    status,
                    started_on,
                    contract_on: r.get(8)?,
                    exit_on: r.get(9)?,
                    last_contact,
                    oldest_unnoted_contact: r.get(12)?,
                    last_milestone: r.get(13)?,
                };
                Ok(CaseloadRow {
                    id: r.get(0)?,
                    file_number: r.get(1)?,
                    last_name: r.get(2)?,
                    first_name: r.get(3)?,
                    commune: r.get(4)?,
                    status,
                    referent: r.get(6)?,
                    started_on,
                    last_contact,
                    next_appointment: next.and_then(|s| s.parse().ok()),
                    alerts: alerts(&inputs, today),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }
}

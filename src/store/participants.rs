//! Participants: creation, reading, updating and the caseload list.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, named_params};

use super::codec::{Criteria, Day, Instant, columns};
use super::error::{Result, StoreError};
use super::lifecycle::{self, EventRow};
use super::{Session, audit, stamp, users};
use crate::domain::DomainError;
use crate::domain::esf::Completeness;
use crate::domain::journal::Alert;
use crate::domain::lifecycle::{Event, Lifecycle, derive};
use crate::domain::participant::{
    AlertInputs, FileNumber, NewParticipant, Participant, Status, alerts,
};
use crate::domain::text::sort_by_names;
use crate::domain::user::User;
use crate::i18n::tf;

/// One line of the caseload: what a referent needs to see at a glance.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CaseloadRow {
    /// Database id.
    pub id: i64,
    /// File number.
    pub file_number: FileNumber,
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

/// The columns [`from_row`] reads, each by its name, from `participant p` and `user u`.
const COLUMNS: &str = "p.id, p.file_number, p.last_name, p.first_name, p.birth_date, p.sex, p.address, p.commune, p.postcode, p.qpv,
    p.phone, p.email, p.prescriber, p.criteria, p.labour_status, p.education, p.status, p.oriented_on,
    p.entry_file_on, p.commission_on, p.commission_decision, p.contract_on, u.login AS referent,
    p.exit_on, p.exit_outcome, p.exit_validation, p.exit_check_due, p.exit_checked_on,
    p.follow_up_situation, p.version";

/// A participant from a row of [`COLUMNS`]; a stored code this program does
/// not know is an error, never a default.
fn from_row(r: &Row) -> rusqlite::Result<Participant> {
    Ok(Participant {
        id: r.get("id")?,
        file_number: r.get::<_, FileNumber>("file_number")?.to_string(),
        details: NewParticipant {
            last_name: r.get("last_name")?,
            first_name: r.get("first_name")?,
            birth_date: Some(r.get("birth_date")?),
            sex: r.get("sex")?,
            address: r.get("address")?,
            commune: r.get("commune")?,
            postcode: r.get("postcode")?,
            qpv: r.get("qpv")?,
            phone: r.get("phone")?,
            email: r.get("email")?,
            prescriber: r.get("prescriber")?,
            criteria: r.get::<_, Criteria>("criteria")?.0.into_owned(),
            labour_status: r.get("labour_status")?,
            education: r.get("education")?,
            oriented_on: Some(r.get("oriented_on")?),
        },
        status: r.get("status")?,
        entry_file_on: r.get("entry_file_on")?,
        commission_on: r.get("commission_on")?,
        commission_decision: r.get("commission_decision")?,
        contract_on: r.get("contract_on")?,
        referent: r.get("referent")?,
        exit_on: r.get("exit_on")?,
        exit_outcome: r.get("exit_outcome")?,
        exit_validation: r.get("exit_validation")?,
        exit_check_due: r.get("exit_check_due")?,
        exit_checked_on: r.get("exit_checked_on")?,
        follow_up_situation: r.get("follow_up_situation")?,
        version: r.get("version")?,
    })
}

/// A participant file as inserted, by [`Session::add_participant`], the import and
/// the bulk loader alike (one statement, so a new column is added in one place), with
/// the lifecycle events it comes with: the status is what they give.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ParticipantRow {
    /// Id to give the row (the bulk loader's), or `None` for the next one.
    pub id: Option<i64>,
    /// File number.
    pub file_number: FileNumber,
    /// What the file holds about the person (its `oriented_on` is not read: see below).
    pub details: NewParticipant,
    /// Orientation date.
    pub oriented_on: NaiveDate,
    /// Referent's user id.
    pub referent_id: Option<i64>,
    /// The lifecycle events, in the order they were recorded.
    pub events: Vec<HistoryRow>,
    /// Creation instant.
    pub created_at: DateTime<Utc>,
    /// Last change instant.
    pub updated_at: DateTime<Utc>,
    /// Author of the last change.
    pub updated_by: i64,
}

/// A lifecycle event a new file comes with.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct HistoryRow {
    /// What happened.
    pub event: Event,
    /// When it was recorded.
    pub recorded_at: DateTime<Utc>,
    /// Who recorded it.
    pub recorded_by: Option<i64>,
    /// The event it replaced: its place in the same list.
    pub corrects: Option<usize>,
    /// When, by whom and why it was set aside.
    pub voided: Option<(DateTime<Utc>, Option<i64>, String)>,
}

impl ParticipantRow {
    /// What the file's events give on `today`.
    pub fn lifecycle(&self, today: NaiveDate) -> Result<Lifecycle, DomainError> {
        let live: Vec<(i64, Event)> = (0..)
            .zip(&self.events)
            .filter(|(_, h)| h.voided.is_none())
            .map(|(i, h)| (i, h.event.clone()))
            .collect();
        Ok(derive(self.oriented_on, &live, today)?)
    }
}

/// The one insert of a participant row.
const INSERT: &str = "INSERT INTO participant (id, file_number, last_name, first_name, birth_date,
    sex, address, commune, postcode, qpv, phone, email, prescriber, criteria, labour_status, education, status,
    oriented_on, referent_id, created_at, updated_at, updated_by)
 VALUES (:id, :file_number, :last_name, :first_name, :birth_date, :sex, :address, :commune, :postcode, :qpv,
    :phone, :email, :prescriber, :criteria, :labour_status, :education, :status, :oriented_on,
    :referent_id, :created_at, :updated_at, :updated_by)";

/// Inserts `row` and its events, and writes what they give on `today` (refused when they
/// do not follow); the new row's id.
pub(crate) fn insert(conn: &Connection, row: &ParticipantRow, today: NaiveDate) -> Result<i64> {
    let lc = row.lifecycle(today)?;
    conn.prepare_cached(INSERT)?.execute(named_params! {
        ":id": row.id,
        ":file_number": row.file_number,
        ":last_name": row.details.last_name,
        ":first_name": row.details.first_name,
        ":birth_date": row.details.birth_date,
        ":sex": row.details.sex,
        ":address": row.details.address,
        ":commune": row.details.commune,
        ":postcode": row.details.postcode,
        ":qpv": row.details.qpv,
        ":phone": row.details.phone,
        ":email": row.details.email,
        ":prescriber": row.details.prescriber,
        ":criteria": Criteria(row.details.criteria.as_slice().into()),
        ":labour_status": row.details.labour_status,
        ":education": row.details.education,
        ":status": lc.status,
        ":oriented_on": row.oriented_on,
        ":referent_id": row.referent_id,
        ":created_at": Instant(row.created_at),
        ":updated_at": Instant(row.updated_at),
        ":updated_by": row.updated_by,
    })?;
    let id = conn.last_insert_rowid();
    let mut ids: Vec<i64> = Vec::with_capacity(row.events.len());
    for h in &row.events {
        let event = EventRow {
            event: &h.event,
            recorded_at: h.recorded_at,
            recorded_by: h.recorded_by,
            corrects: h.corrects.and_then(|i| ids.get(i).copied()),
            voided: h
                .voided
                .as_ref()
                .map(|(at, by, why)| (*at, *by, why.as_str())),
        };
        ids.push(lifecycle::insert_event(conn, id, &event)?);
    }
    if !row.events.is_empty() {
        lifecycle::project(conn, id, &lc, None)?;
    }
    Ok(id)
}

/// Reads a participant by file number, checking that the actor may see it.
pub(crate) fn load(conn: &Connection, actor: &User, file_number: &str) -> Result<Participant> {
    super::access::ensure_active(conn, actor)?;
    let wanted = file_number.trim().to_ascii_uppercase();
    let found = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM participant p LEFT JOIN user u ON u.id = p.referent_id WHERE p.file_number = :file_number"),
            named_params! { ":file_number": wanted },
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

/// The file number after the highest of `year` (an unreadable highest one is an error).
fn next_file_number(conn: &Connection, year: i32) -> Result<FileNumber> {
    let last: Option<FileNumber> = conn.query_row(
        "SELECT MAX(file_number) AS last FROM participant WHERE file_number LIKE :prefix || '%'",
        named_params! { ":prefix": format!("P-{year}-") },
        |r| r.get("last"),
    )?;
    let seq = last.map_or(0, FileNumber::seq) + 1;
    FileNumber::new(year, seq).ok_or_else(|| {
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
            let file_number = next_file_number(tx, oriented.year())?;
            let row = ParticipantRow {
                id: None,
                file_number,
                details: new.trimmed(),
                oriented_on: oriented,
                referent_id: referent.as_ref().map(|u| u.id),
                events: Vec::new(),
                created_at: tx.instant(),
                updated_at: tx.instant(),
                updated_by: actor.id,
            };
            insert(tx, &row, today)?;
            let created = load(tx, actor, &file_number.to_string())?;
            audit::record(
                tx,
                Some(actor.id),
                "participant",
                created.id,
                "create",
                None::<&()>,
                Some(&created),
            )?;
            Ok(created)
        })
    }

    /// A participant's file, if the actor may read it.
    pub fn participant(&self, file_number: &str) -> Result<Participant> {
        load(&self.conn, &self.actor, file_number)
    }

    /// Saves an edited participant file: identity, contact details and entry data.
    ///
    /// `edited.version` must be the version that was read: if someone saved in
    /// between, nothing is written and the conflict names them. The status and its
    /// dates change only through lifecycle events ([`Session::record_event`]) and the
    /// referent only through [`Session::reassign`], which moves the agenda with the
    /// file: an edit that changes them is refused. A new orientation date must still
    /// come before the file's events.
    pub fn update_participant(&mut self, edited: &Participant) -> Result<Participant> {
        let today = self.today();
        edited.details.validate(today)?;
        self.write(|tx, actor| {
            let before = load(tx, actor, &edited.file_number)?;
            if before.referent != edited.referent {
                if !actor.is_coordinator() {
                    return Err(StoreError::forbidden(&actor.login, "what.reassign"));
                }
                return Err(DomainError::new("lifecycle.error.reassign_by_edit").into());
            }
            super::esf::ensure_core_unchanged(tx, &before, edited)?;
            if before.lifecycle_differs(edited) {
                return Err(DomainError::new("lifecycle.error.typed_status").into());
            }
            let events: Vec<(i64, Event)> = lifecycle::records(tx, before.id)?
                .into_iter()
                .filter(|r| r.is_live())
                .map(|r| (r.id, r.event))
                .collect();
            lifecycle::derive_for(edited, &events, NaiveDate::MAX)?;
            let d = &edited.details;
            let changed = tx.execute(
                "UPDATE participant SET last_name = :last_name, first_name = :first_name,
                    birth_date = :birth_date, sex = :sex, address = :address, commune = :commune, postcode = :postcode,
                    qpv = :qpv, phone = :phone, email = :email, prescriber = :prescriber,
                    criteria = :criteria, labour_status = :labour_status, education = :education,
                    oriented_on = :oriented_on,
                    updated_at = :updated_at, updated_by = :updated_by, version = version + 1
                 WHERE id = :id AND version = :version",
                named_params! {
                    ":last_name": d.last_name.trim(),
                    ":first_name": d.first_name.trim(),
                    ":birth_date": d.birth_date,
                    ":sex": d.sex,
                    ":address": d.address.trim(),
                    ":commune": d.commune.trim(),
                    ":postcode": d.postcode.trim(),
                    ":qpv": d.qpv,
                    ":phone": d.phone.trim(),
                    ":email": d.email.trim(),
                    ":prescriber": d.prescriber.trim(),
                    ":criteria": Criteria(d.criteria.as_slice().into()),
                    ":labour_status": d.labour_status,
                    ":education": d.education,
                    ":oriented_on": d.oriented_on,
                    ":updated_at": tx.now(),
                    ":updated_by": actor.id,
                    ":id": before.id,
                    ":version": edited.version,
                },
            )?;
            if changed == 0 {
                return Err(audit::conflict(tx, "participant", before.id));
            }
            let after = load(tx, actor, &edited.file_number)?;
            audit::record(
                tx,
                Some(actor.id),
                "participant",
                before.id,
                "update",
                Some(&before),
                Some(&after),
            )?;
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
             WHERE lower(last_name) = lower(:last) AND lower(first_name) = lower(:first) AND birth_date = :birth",
        )?;
        let files = stmt
            .query_map(
                named_params! { ":last": last.trim(), ":first": first.trim(), ":birth": birth },
                |r| r.get("file_number"),
            )?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(files)
    }

    /// The full files of a caseload, same scope and order as [`Session::caseload`]
    /// (`participant list --format csv`, which writes the import's columns).
    pub fn caseload_files(&self, referent: Option<&str>) -> Result<Vec<Participant>> {
        let everyone = referent.is_none() && self.actor.is_coordinator();
        let subject = self.subject(referent, "what.other_caseload")?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM participant p LEFT JOIN user u ON u.id = p.referent_id
             WHERE :everyone OR p.referent_id = :referent_id
             ORDER BY p.last_name COLLATE NOCASE, p.first_name COLLATE NOCASE, p.file_number"
        ))?;
        let files = stmt
            .query_map(
                named_params! { ":everyone": everyone, ":referent_id": subject.id },
                from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(files)
    }

    /// The caseload: `referent`'s participants (the actor's own by default; a
    /// coordinator without a referent sees the whole PLIE), sorted by name.
    ///
    /// The next appointment is the first planned one from the session's today on.
    pub fn caseload(&self, referent: Option<&str>) -> Result<Vec<CaseloadRow>> {
        let everyone = referent.is_none() && self.actor.is_coordinator();
        let subject = self.subject(referent, "what.other_caseload")?;
        // Appointments from the start of today in UTC on (as before: the local
        // date's midnight, read as UTC).
        let from = self.today().and_time(NaiveTime::MIN).and_utc();
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT p.id, p.file_number, p.last_name, p.first_name, p.commune, p.status, u.login AS referent,
                    COALESCE(p.contract_on, p.oriented_on) AS started_on, p.contract_on, p.exit_on,
                    {esf_done},
                    f.last_contact, f.oldest_unnoted_contact, f.last_milestone,
                    (SELECT MIN(a.starts_at) FROM appointment a
                       WHERE a.participant_id = p.id AND a.status = 'planned' AND a.starts_at >= :from)
                       AS next_appointment
             FROM participant p LEFT JOIN user u ON u.id = p.referent_id
             LEFT JOIN participant_follow_up f ON f.participant_id = p.id {esf_join}
             WHERE :everyone OR p.referent_id = :referent_id
             ORDER BY p.id",
            esf_done = super::esf::done_columns(),
            esf_join = super::esf::JOIN,
        ))?;
        let today = self.today();
        let params = named_params! {
            ":everyone": everyone,
            ":referent_id": subject.id,
            ":from": stamp(from),
        };
        let [
            id,
            file_number,
            last_name,
            first_name,
            commune,
            status,
            referent,
            started_on,
            contract_on,
            exit_on,
            last_contact,
            oldest_unnoted_contact,
            last_milestone,
            next_appointment,
            esf_entry_done,
            esf_exit_done,
            esf_follow_up_done,
        ] = columns(
            &stmt,
            [
                "id",
                "file_number",
                "last_name",
                "first_name",
                "commune",
                "status",
                "referent",
                "started_on",
                "contract_on",
                "exit_on",
                "last_contact",
                "oldest_unnoted_contact",
                "last_milestone",
                "next_appointment",
                "esf_entry_done",
                "esf_exit_done",
                "esf_follow_up_done",
            ],
        )?;
        let day = |r: &Row<'_>, i: usize| -> rusqlite::Result<Option<NaiveDate>> {
            Ok(r.get::<_, Option<Day>>(i)?.map(|d| d.0))
        };
        let rows = stmt
            .query_map(params, |r| {
                let status: Status = r.get(status)?;
                let started_on = r.get::<_, Day>(started_on)?.0;
                let last_contact = day(r, last_contact)?;
                let inputs = AlertInputs {
                    status,
                    started_on,
                    contract_on: day(r, contract_on)?,
                    exit_on: day(r, exit_on)?,
                    last_contact,
                    oldest_unnoted_contact: day(r, oldest_unnoted_contact)?,
                    last_milestone: day(r, last_milestone)?,
                    esf_done: Completeness {
                        entry: r.get(esf_entry_done)?,
                        exit: r.get(esf_exit_done)?,
                        follow_up: r.get(esf_follow_up_done)?,
                    },
                };
                Ok(CaseloadRow {
                    id: r.get(id)?,
                    file_number: r.get(file_number)?,
                    last_name: r.get(last_name)?,
                    first_name: r.get(first_name)?,
                    commune: r.get(commune)?,
                    status,
                    referent: r.get(referent)?,
                    started_on,
                    last_contact,
                    next_appointment: r
                        .get::<_, Option<Instant>>(next_appointment)?
                        .map(|at| at.0),
                    alerts: alerts(&inputs, today),
                })
            })?
            .collect::<rusqlite::Result<Vec<CaseloadRow>>>()?;
        // By name in French order (SQLite's NOCASE puts `É` after `Z`), then file number.
        let mut rows = rows;
        sort_by_names(
            &mut rows,
            |r| (r.last_name.as_str(), r.first_name.as_str()),
            |r| r.file_number,
        );
        Ok(rows)
    }
}

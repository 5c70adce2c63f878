//! The answer to a subject-access request (GDPR art. 15): everything held on one person,
//! gathered into the sections of [`SubjectAccess`], and audited.
//!
//! Time entries naming the person give their dates, durations and activities only: which
//! colleague spent the time, and their notes, are the colleague's data. The access log is
//! every audit row about the file (who read, exported or changed it, and when), by login.

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use rusqlite::{Connection, named_params};

use super::audit_query::ABOUT_PARTICIPANT;
use super::codec::Instant;
use super::error::{Result, StoreError};
use super::{Session, audit, settings};
use crate::domain::agenda::{AppointmentKind, AppointmentStatus};
use crate::domain::duration::format_hmm;
use crate::domain::esf::{EsfItem, EsfRecord, EsfStage};
use crate::domain::participant::Participant;
use crate::domain::settings::PlieSettings;
use crate::domain::subject_access::{FORMAT, Record, Section, SubjectAccess};
use crate::i18n::{Lang, label_or_code, language, t, tf};

impl Session {
    /// Everything held on the person of file `file_number` (coordinators); the answer is
    /// audited (`subject_access` on the file) once gathered.
    pub fn subject_access(&mut self, file_number: &str) -> Result<SubjectAccess> {
        let actor = self.reader()?;
        if !actor.is_coordinator() {
            return Err(StoreError::forbidden(&actor.login, "what.subject_access"));
        }
        let person = self.participant(file_number)?;
        let settings = settings::load(&self.conn)?;
        let file = person.file_number.as_str();
        let sections = vec![
            information(&settings, &person),
            identity(&person),
            pathway_file(&person),
            Section::new(
                "steps",
                self.steps(file)?
                    .into_iter()
                    .map(|s| {
                        let d = s.details;
                        Record::new()
                            .with("kind", d.kind.label())
                            .with("provider", d.provider)
                            .date("planned_start", d.planned_start)
                            .date("planned_end", d.planned_end)
                            .date("actual_start", d.actual_start)
                            .date("actual_end", d.actual_end)
                            .with("outcome", d.outcome.map(|o| o.label()).unwrap_or_default())
                            .with("note", d.note)
                    })
                    .collect(),
            ),
            Section::new(
                "barriers",
                oldest_first(self.barriers(file)?, |b| (b.details.noted_on, b.id))
                    .into_iter()
                    .map(|b| {
                        Record::new()
                            .with("kind", b.details.kind.label())
                            .date("noted_on", Some(b.details.noted_on))
                            .date("lifted_on", b.lifted_on)
                            .with("note", b.details.note)
                    })
                    .collect(),
            ),
            Section::new(
                "lifecycle",
                oldest_first(self.lifecycle_events(file)?, |e| (e.event.on, e.id))
                    .into_iter()
                    .map(|e| {
                        let ev = e.event;
                        let detail = [
                            ev.decision.map(|d| d.label()),
                            ev.outcome.map(|o| o.label()),
                            ev.situation.map(|s| s.label()),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(", ");
                        Record::new()
                            .date("event_on", Some(ev.on))
                            .with("event", ev.kind.label())
                            .with("detail", detail)
                            .with("note", ev.note)
                            .with("set_aside", e.voided.map(|v| v.reason).unwrap_or_default())
                    })
                    .collect(),
            ),
            Section::new("esf", esf_answers(&self.esf_record(file)?)),
            Section::new(
                "milestones",
                oldest_first(self.milestones(file)?, |m| (m.details.held_on, m.id))
                    .into_iter()
                    .map(|m| {
                        let d = m.details;
                        Record::new()
                            .date("held_on", Some(d.held_on))
                            .with("objectives", d.objectives)
                            .with("achieved", d.achieved)
                            .with("new_objectives", d.new_objectives)
                    })
                    .collect(),
            ),
            Section::new(
                "journal",
                oldest_first(self.contacts(file)?, |c| (c.details.contact_on, c.id))
                    .into_iter()
                    .map(|c| {
                        let d = c.details;
                        Record::new()
                            .date("contact_on", Some(d.contact_on))
                            .with("kind", d.kind.label())
                            .with("duration", format_hmm(d.minutes))
                            .with("summary", d.summary)
                            .with("next_action", d.next_action)
                    })
                    .collect(),
            ),
            Section::new(
                "appointments",
                appointments(&self.conn, person.id, self.tz)?,
            ),
            Section::new("time", time_entries(&self.conn, person.id)?),
            Section::new("access_log", access_log(&self.conn, person.id, self.tz)?),
        ];
        let produced_on = self.today();
        let id = person.id;
        self.log_access(|tx, actor| {
            audit::record(
                tx,
                Some(actor.id),
                "participant",
                id,
                "subject_access",
                None::<&()>,
                None::<&()>,
            )
        })?;
        Ok(SubjectAccess {
            format: FORMAT,
            file_number: person.file_number,
            produced_on,
            sections,
        })
    }
}

/// GDPR art. 15(1)(a)–(h): who holds the data, why, on what basis, for whom, how long,
/// the person's rights and where the data came from.
fn information(settings: &PlieSettings, person: &Participant) -> Section {
    let rule = &settings.retention;
    let kept = match person.exit_on {
        Some(exit) => tf(
            "gdpr.info.kept_until",
            &[
                ("date", &rule.kept_until(exit).to_string()),
                ("reason", &rule.reason),
            ],
        ),
        None => tf(
            "gdpr.info.kept_while_followed",
            &[("years", &rule.years.to_string()), ("reason", &rule.reason)],
        ),
    };
    let source = if person.details.prescriber.trim().is_empty() {
        t("gdpr.info.source_plain")
    } else {
        tf(
            "gdpr.info.source_prescriber",
            &[("prescriber", &person.details.prescriber)],
        )
    };
    Section::new(
        "information",
        vec![
            Record::new()
                .with("controller", settings.structure_name.clone())
                .with("purposes", t("gdpr.info.purposes"))
                .with("legal_bases", t("gdpr.info.legal_bases"))
                .with("categories", t("gdpr.info.categories"))
                .with("recipients", t("gdpr.info.recipients"))
                .with("retention", kept)
                .with("rights", t("gdpr.info.rights"))
                .with("source", source),
        ],
    )
}

fn identity(p: &Participant) -> Section {
    let d = &p.details;
    Section::new(
        "identity",
        vec![
            Record::new()
                .with("last_name", d.last_name.clone())
                .with("first_name", d.first_name.clone())
                .date("birth_date", d.birth_date)
                .with("sex", d.sex.map(|s| s.label()).unwrap_or_default())
                .with("phone", d.phone.clone())
                .with("email", d.email.clone())
                .with("address", d.address.clone())
                .with("postcode", d.postcode.clone())
                .with("commune", d.commune.clone())
                .with("qpv", yes_no(d.qpv)),
        ],
    )
}

fn pathway_file(p: &Participant) -> Section {
    let d = &p.details;
    let criteria: Vec<String> = d.criteria.iter().map(|c| c.label()).collect();
    Section::new(
        "file",
        vec![
            Record::new()
                .with("file_number", p.file_number.clone())
                .with("status", p.status.label())
                .with("prescriber", d.prescriber.clone())
                .with("criteria", criteria.join(", "))
                .with(
                    "labour_status",
                    d.labour_status.map(|s| s.label()).unwrap_or_default(),
                )
                .with(
                    "education",
                    d.education.map(|e| e.label()).unwrap_or_default(),
                )
                .date("oriented_on", d.oriented_on)
                .date("commission_on", p.commission_on)
                .with(
                    "commission_decision",
                    p.commission_decision.map(|c| c.label()).unwrap_or_default(),
                )
                .date("contract_on", p.contract_on)
                .with("referent", p.referent.clone().unwrap_or_default())
                .date("exit_on", p.exit_on)
                .with(
                    "exit_outcome",
                    p.exit_outcome.map(|o| o.label()).unwrap_or_default(),
                ),
        ],
    )
}

/// `records` sorted by `key` (a date, then the id), whatever order the store lists them in.
fn oldest_first<T>(mut records: Vec<T>, key: impl Fn(&T) -> (NaiveDate, i64)) -> Vec<T> {
    records.sort_by_key(key);
    records
}

fn yes_no(value: bool) -> String {
    t(if value { "form.yes" } else { "form.no" })
}

/// A UTC instant as the PLIE's local date and time.
fn local(at: DateTime<Utc>, tz: Tz) -> String {
    at.with_timezone(&tz).format("%Y-%m-%d %H:%M").to_string()
}

/// The person's appointments, in the PLIE's local time (whose agenda they are in is left out).
fn appointments(conn: &Connection, id: i64, tz: Tz) -> Result<Vec<Record>> {
    let mut stmt = conn.prepare(
        "SELECT starts_at, minutes, kind, title, location, notes, status FROM appointment
         WHERE participant_id = :id ORDER BY starts_at, id",
    )?;
    let rows = stmt
        .query_map(named_params! { ":id": id }, |r| {
            let kind: AppointmentKind = r.get("kind")?;
            let status: AppointmentStatus = r.get("status")?;
            Ok(Record::new()
                .with("starts_at", local(r.get::<_, Instant>("starts_at")?.0, tz))
                .with("duration", format_hmm(r.get("minutes")?))
                .with("kind", kind.label())
                .with("title", r.get::<_, String>("title")?)
                .with("location", r.get::<_, String>("location")?)
                .with("notes", r.get::<_, String>("notes")?)
                .with("status", status.label()))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The time entries naming the person: date, duration and activity, never whose.
fn time_entries(conn: &Connection, id: i64) -> Result<Vec<Record>> {
    let mut stmt = conn.prepare(
        "SELECT t.entry_date, t.minutes, a.label_en, a.label_fr FROM time_entry t
         JOIN activity a ON a.code = t.activity_code
         WHERE t.participant_id = :id ORDER BY t.entry_date, t.id",
    )?;
    let french = language() == Lang::Fr;
    let rows = stmt
        .query_map(named_params! { ":id": id }, |r| {
            let label: String = r.get(if french { "label_fr" } else { "label_en" })?;
            Ok(Record::new()
                .date("date", Some(r.get::<_, NaiveDate>("entry_date")?))
                .with("duration", format_hmm(r.get("minutes")?))
                .with("activity", label))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Who read, exported or changed the file, and when (every audit row about it), oldest first.
fn access_log(conn: &Connection, id: i64, tz: Tz) -> Result<Vec<Record>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT a.at, COALESCE(u.login, '') AS login, a.entity, a.action
         FROM audit a LEFT JOIN user u ON u.id = a.actor_id
         WHERE {ABOUT_PARTICIPANT} ORDER BY a.id"
    ))?;
    let rows = stmt
        .query_map(named_params! { ":participant_id": id }, |r| {
            let entity: String = r.get("entity")?;
            let action: String = r.get("action")?;
            Ok(Record::new()
                .with("at", local(r.get::<_, Instant>("at")?.0, tz))
                .with("by", r.get::<_, String>("login")?)
                .with("record", label_or_code("dashboard.entity", &entity))
                .with("action", label_or_code("dashboard.action", &action)))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// The ESF questionnaires' answers, one record per item asked, stage by stage (an
/// unanswered item shows empty, a refusal as such).
fn esf_answers(record: &EsfRecord) -> Vec<Record> {
    EsfStage::ALL
        .iter()
        .flat_map(|&stage| EsfItem::of(stage).map(move |item| (stage, item)))
        .map(|(stage, item)| {
            Record::new()
                .with("stage", stage.label())
                .with("item", item.label())
                .with("answer", record.value(item).unwrap_or_default())
        })
        .collect()
}

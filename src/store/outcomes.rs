//! Outcome figures over a period, per referent and for the PLIE: entries, exits by
//! category, positive exits against the PLIE's target, provisional exits and their
//! six-month checks, pathway length, steps and contacts per participant.
//!
//! Two grouped queries over the whole scope (entries and exits; participants followed
//! with their steps and contacts), read on the indexes of schema 007 and the
//! per-participant indexes of steps and contacts: never a query per participant or per
//! referent. Exits are those in force on the participant rows, which only the
//! lifecycle code writes, so the figures follow every correction.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::named_params;

use super::Session;
use super::error::Result;
use crate::domain::lifecycle::{ExitCategory, ExitOutcome};
use crate::domain::outcomes::Counts;
use crate::domain::period::Period;
use crate::domain::user::Role;

/// One line of the outcome figures: a referent (none for files without one) or the total.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OutcomeLine {
    /// The referent's login; `None` for the files no referent holds.
    pub referent: Option<String>,
    /// Their name.
    pub name: String,
    /// The counts of the period.
    pub counts: Counts,
    /// The soonest six-month check still to record, among the period's provisional exits.
    pub next_check: Option<NaiveDate>,
    /// Those of the period's provisional exits whose check is due on or before today.
    pub checks_due: u32,
}

impl OutcomeLine {
    fn new(referent: Option<String>, name: String) -> Self {
        Self {
            referent,
            name,
            counts: Counts::default(),
            next_check: None,
            checks_due: 0,
        }
    }

    fn add(&mut self, other: &OutcomeLine) {
        self.counts.add(&other.counts);
        self.checks_due += other.checks_due;
        self.next_check = match (self.next_check, other.next_check) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

/// The outcome figures of a period.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Outcomes {
    /// The period.
    pub period: Period,
    /// The PLIE's positive-exit target, in percent.
    pub target: u32,
    /// One line per referent in scope, by login.
    pub lines: Vec<OutcomeLine>,
    /// The whole scope.
    pub total: OutcomeLine,
}

/// `codes` as an SQL list of literals (stable codes of the domain: letters, digits, `_`).
fn sql_list(codes: impl Iterator<Item = &'static str>) -> String {
    codes
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Session {
    /// The outcome figures of `period`: the acting referent's own, or for a
    /// coordinator every referent's (or `referent`'s alone) and the PLIE's.
    pub fn outcomes(&self, period: Period, referent: Option<&str>) -> Result<Outcomes> {
        let everyone = referent.is_none() && self.actor.is_coordinator();
        let subject = self.subject(referent, "what.other_caseload")?;
        let target = super::settings::load(&self.conn)?.positive_exit_target;
        let mut lines: BTreeMap<Option<i64>, OutcomeLine> = BTreeMap::new();
        let people = if everyone {
            self.users()?
                .into_iter()
                .filter(|u| u.role == Role::Referent)
                .collect()
        } else {
            vec![subject.clone()]
        };
        for user in &people {
            if user.active || !everyone {
                lines.insert(
                    Some(user.id),
                    OutcomeLine::new(Some(user.login.clone()), user.name.clone()),
                );
            }
        }
        let named = |lines: &mut BTreeMap<Option<i64>, OutcomeLine>, id: Option<i64>| {
            lines.entry(id).or_insert_with(|| {
                let user = people.iter().find(|u| Some(u.id) == id);
                OutcomeLine::new(
                    user.map(|u| u.login.clone()),
                    user.map(|u| u.name.clone()).unwrap_or_default(),
                )
            });
        };
        let today = self.today();
        let training = sql_list(
            ExitOutcome::ALL
                .iter()
                .filter(|o| o.category() == ExitCategory::Training)
                .map(|o| o.code()),
        );
        // COUNT(CASE …) rather than SUM(condition): a NULL date counts as no, not as NULL.
        let mut exits = self.conn.prepare_cached(&format!(
            "SELECT referent_id,
                COUNT(CASE WHEN contract_on BETWEEN :from AND :to THEN 1 END) AS entries,
                COUNT(CASE WHEN exit_on BETWEEN :from AND :to THEN 1 END) AS exits,
                COUNT(CASE WHEN exit_on BETWEEN :from AND :to AND exit_validation = 'validated'
                    AND exit_outcome NOT IN ({training}) THEN 1 END) AS positive_employment,
                COUNT(CASE WHEN exit_on BETWEEN :from AND :to AND exit_validation = 'validated'
                    AND exit_outcome IN ({training}) THEN 1 END) AS positive_training,
                COUNT(CASE WHEN exit_on BETWEEN :from AND :to
                    AND exit_validation = 'provisional' THEN 1 END) AS provisional,
                TOTAL(CASE WHEN exit_on BETWEEN :from AND :to
                    THEN julianday(exit_on) - julianday(contract_on) END) AS pathway_days,
                MIN(CASE WHEN exit_on BETWEEN :from AND :to AND exit_validation = 'provisional'
                    THEN exit_check_due END) AS next_check,
                COUNT(CASE WHEN exit_on BETWEEN :from AND :to AND exit_validation = 'provisional'
                    AND exit_check_due <= :today THEN 1 END) AS checks_due
             FROM participant
             WHERE (:everyone OR referent_id = :referent_id)
               AND (contract_on BETWEEN :from AND :to OR exit_on BETWEEN :from AND :to)
             GROUP BY referent_id"
        ))?;
        let params = named_params! {
            ":everyone": everyone,
            ":referent_id": subject.id,
            ":from": period.from,
            ":to": period.to,
            ":today": today,
        };
        let mut rows = exits.query(params)?;
        while let Some(r) = rows.next()? {
            let id: Option<i64> = r.get("referent_id")?;
            named(&mut lines, id);
            if let Some(line) = lines.get_mut(&id) {
                let c = &mut line.counts;
                c.entries = r.get("entries")?;
                c.exits = r.get("exits")?;
                c.positive_employment = r.get("positive_employment")?;
                c.positive_training = r.get("positive_training")?;
                c.provisional = r.get("provisional")?;
                c.pathway_days = r.get::<_, f64>("pathway_days")?.round() as i64;
                line.next_check = r.get("next_check")?;
                line.checks_due = r.get("checks_due")?;
            }
        }
        drop(rows);
        let mut followed = self.conn.prepare_cached(
            // The participants in the pathway during the period: entered by its end and
            // not gone before its start. Steps and contacts come from their own indexes.
            "SELECT p.referent_id, COUNT(*) AS followed,
                COALESCE(SUM((SELECT COUNT(*) FROM step s WHERE s.participant_id = p.id)), 0) AS steps,
                COUNT(CASE WHEN NOT EXISTS (SELECT 1 FROM step s WHERE s.participant_id = p.id)
                    THEN 1 END) AS without_step,
                COALESCE(SUM((SELECT COUNT(*) FROM contact c WHERE c.participant_id = p.id
                     AND c.contact_on BETWEEN :from AND :to AND c.kind <> 'no_show')), 0) AS contacts
             FROM participant p
             WHERE (:everyone OR p.referent_id = :referent_id)
               AND p.contract_on <= :to AND (p.exit_on IS NULL OR p.exit_on >= :from)
             GROUP BY p.referent_id",
        )?;
        let mut rows = followed.query(named_params! {
            ":everyone": everyone,
            ":referent_id": subject.id,
            ":from": period.from,
            ":to": period.to,
        })?;
        while let Some(r) = rows.next()? {
            let id: Option<i64> = r.get("referent_id")?;
            named(&mut lines, id);
            if let Some(line) = lines.get_mut(&id) {
                let c = &mut line.counts;
                c.followed = r.get("followed")?;
                c.steps = r.get("steps")?;
                c.without_step = r.get("without_step")?;
                c.contacts = r.get("contacts")?;
            }
        }
        drop(rows);
        let mut total = OutcomeLine::new(None, String::new());
        for line in lines.values() {
            total.add(line);
        }
        let mut lines: Vec<OutcomeLine> = lines.into_values().collect();
        lines.sort_by(|a, b| {
            a.referent
                .is_none()
                .cmp(&b.referent.is_none())
                .then(a.referent.cmp(&b.referent))
        });
        Ok(Outcomes {
            period,
            target,
            lines,
            total,
        })
    }
}

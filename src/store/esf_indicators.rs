//! The ESF+ common indicators over a period, counted by SQL: one grouped query per
//! population (those entering, leaving, and six months after leaving), each indicator a
//! `SUM` over the rule of [`crate::domain::esf_indicators`], by sex; the incomplete
//! records and the participants behind a figure come from the same conditions.
//!
//! A participant whose record misses an item the stage asks counts in no figure but the
//! total of participants (EECO01), and is listed, so the report says how many and who.

use std::collections::BTreeSet;

use rusqlite::{Row, named_params};
use serde::Serialize;

use super::Session;
use super::error::Result;
use super::esf::{JOIN, column, complete_sql, records_where};
use crate::domain::esf::{EsfItem, EsfStage};
use crate::domain::esf_indicators::{INDICATORS, Indicator, Population, Rule};
use crate::domain::participant::{EducationLevel, FileNumber, Sex};
use crate::domain::period::Period;
use crate::domain::text::sort_by_names;
use crate::domain::user::User;

/// One line of the report: an indicator's figures by sex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorLine {
    /// SFC2021 code.
    pub code: &'static str,
    /// The regulation's wording, in the interface's language.
    pub label: &'static str,
    /// Women.
    pub women: u32,
    /// Men.
    pub men: u32,
    /// Non-binary persons.
    pub non_binary: u32,
    /// Everyone counted (for EECO01, the incomplete records too).
    pub total: u32,
}

/// A stage of a record the indicators could not count.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IncompleteStage {
    /// The participant's file number.
    pub file_number: FileNumber,
    /// The stage.
    pub stage: EsfStage,
    /// What it misses.
    pub missing: Vec<EsfItem>,
}

/// The indicators of a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IndicatorReport {
    /// The period.
    pub period: Period,
    /// One line per indicator, in the regulation's order.
    pub lines: Vec<IndicatorLine>,
    /// The stages that kept a participant out of the figures (but EECO01's total).
    pub incomplete: Vec<IncompleteStage>,
}

impl IndicatorReport {
    /// How many participants have an incomplete stage.
    pub fn incomplete_participants(&self) -> usize {
        self.incomplete
            .iter()
            .map(|i| i.file_number)
            .collect::<BTreeSet<_>>()
            .len()
    }
}

/// A participant behind a figure, for checking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CountedParticipant {
    /// File number.
    pub file_number: FileNumber,
    /// Family name.
    pub last_name: String,
    /// Given name.
    pub first_name: String,
    /// Sex.
    pub sex: Option<Sex>,
    /// Referent's login.
    pub referent: Option<String>,
}

/// Age at entry in whole years, in SQL (the day of the year decides, as `age_on` does).
const AGE: &str = "(CAST(strftime('%Y', p.contract_on) AS INTEGER)
    - CAST(strftime('%Y', p.birth_date) AS INTEGER)
    - (strftime('%m-%d', p.contract_on) < strftime('%m-%d', p.birth_date)))";

/// A rule as an SQL condition over `participant p LEFT JOIN esf_record e`; its codes
/// come from the program, never from input.
fn rule_sql(rule: Rule) -> String {
    let quoted = |codes: Vec<&str>| {
        if codes.is_empty() {
            return "NULL".to_owned();
        }
        codes
            .iter()
            .map(|c| format!("'{c}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match rule {
        Rule::Everyone => "1".to_owned(),
        Rule::Labour(statuses) => format!(
            "p.labour_status IN ({})",
            quoted(statuses.iter().map(|s| s.code()).collect())
        ),
        Rule::Age { from, to: Some(to) } => format!("{AGE} BETWEEN {from} AND {to}"),
        Rule::Age { from, to: None } => format!("{AGE} >= {from}"),
        Rule::Isced(band) => format!(
            "p.education IN ({})",
            quoted(
                EducationLevel::ALL
                    .iter()
                    .filter(|e| e.isced_band() == band)
                    .map(|e| e.code())
                    .collect()
            )
        ),
        Rule::Yes(item) if item.refusable() => format!("{} = 'yes'", column(item)),
        Rule::Yes(item) => format!("{} = 1", column(item)),
    }
}

/// The participants of a population (`:from` and `:to` bound to its dates).
pub(crate) fn population_sql(population: Population) -> &'static str {
    match population {
        Population::Entering => "p.contract_on BETWEEN :from AND :to",
        Population::Leaving | Population::SixMonthsAfter => {
            "p.contract_on IS NOT NULL AND p.exit_on BETWEEN :from AND :to"
        }
    }
}

/// "Every stage the population needs is complete", in SQL.
pub(crate) fn counted_sql(population: Population) -> String {
    population
        .stages()
        .iter()
        .map(|s| complete_sql(*s))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// Who the figures are about: the whole PLIE, or one referent's caseload.
struct Scope {
    everyone: bool,
    referent_id: i64,
}

/// The scope's condition on `p`.
const SCOPE: &str = "(:everyone OR p.referent_id = :referent_id)";

/// The populations, in the order of the report.
const POPULATIONS: [Population; 3] = [
    Population::Entering,
    Population::Leaving,
    Population::SixMonthsAfter,
];

impl Session {
    /// Who a report is about: `referent`'s caseload (the actor's own for a referent), or
    /// the whole PLIE for a coordinator without one.
    fn indicator_scope(&self, referent: Option<&str>) -> Result<Scope> {
        let subject: User = self.subject(referent, "what.other_caseload")?;
        Ok(Scope {
            everyone: referent.is_none() && self.actor.is_coordinator(),
            referent_id: subject.id,
        })
    }

    /// The common indicators of `period`, for `referent`'s caseload or (a coordinator
    /// without one) the whole PLIE: one grouped query per population.
    pub fn indicators(&self, period: Period, referent: Option<&str>) -> Result<IndicatorReport> {
        let scope = self.indicator_scope(referent)?;
        let mut lines: Vec<IndicatorLine> = INDICATORS
            .iter()
            .map(|i| IndicatorLine {
                code: i.code,
                label: i.label(),
                women: 0,
                men: 0,
                non_binary: 0,
                total: 0,
            })
            .collect();
        let mut incomplete = Vec::new();
        for population in POPULATIONS {
            let members: Vec<usize> = (0..INDICATORS.len())
                .filter(|i| INDICATORS[*i].population == population)
                .collect();
            let sums: Vec<String> = members
                .iter()
                .map(|i| {
                    format!(
                        "SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS i{i}",
                        rule_sql(INDICATORS[*i].rule)
                    )
                })
                .collect();
            let (from, to) = period.dates_of(population);
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT p.sex AS sex, {counted} AS counted, COUNT(*) AS n, {sums}
                 FROM participant p {JOIN}
                 WHERE {population} AND {SCOPE}
                 GROUP BY p.sex, counted",
                counted = counted_sql(population),
                sums = sums.join(", "),
                population = population_sql(population),
            ))?;
            let mut rows = stmt.query(named_params! {
                ":from": from,
                ":to": to,
                ":everyone": scope.everyone,
                ":referent_id": scope.referent_id,
            })?;
            while let Some(r) = rows.next()? {
                add_group(r, &members, &mut lines)?;
            }
            incomplete.extend(self.incomplete_stages(population, period, &scope)?);
        }
        incomplete.sort_by_key(|a| (a.file_number, a.stage));
        incomplete.dedup();
        Ok(IndicatorReport {
            period,
            lines,
            incomplete,
        })
    }

    /// The incomplete stages of a population's records.
    fn incomplete_stages(
        &self,
        population: Population,
        period: Period,
        scope: &Scope,
    ) -> Result<Vec<IncompleteStage>> {
        let (from, to) = period.dates_of(population);
        let records = records_where(
            &self.conn,
            &format!(
                "{} AND {SCOPE} AND NOT ({})",
                population_sql(population),
                counted_sql(population)
            ),
            named_params! {
                ":from": from,
                ":to": to,
                ":everyone": scope.everyone,
                ":referent_id": scope.referent_id,
            },
            self.today(),
        )?;
        Ok(records
            .iter()
            .flat_map(|record| {
                population
                    .stages()
                    .iter()
                    .map(|stage| (*stage, &record.state(*stage).missing))
                    .filter(|(_, missing)| !missing.is_empty())
                    .map(|(stage, missing)| IncompleteStage {
                        file_number: record.file_number,
                        stage,
                        missing: missing.clone(),
                    })
            })
            .collect())
    }

    /// The participants behind indicator `code` in `period` (for EECO01 its total, the
    /// incomplete records included), by name.
    pub fn indicator_participants(
        &self,
        period: Period,
        referent: Option<&str>,
        indicator: &Indicator,
    ) -> Result<Vec<CountedParticipant>> {
        let scope = self.indicator_scope(referent)?;
        let counted = match indicator.rule {
            Rule::Everyone => "1".to_owned(),
            _ => counted_sql(indicator.population),
        };
        let (from, to) = period.dates_of(indicator.population);
        let mut stmt = self.conn.prepare(&format!(
            "SELECT p.file_number, p.last_name, p.first_name, p.sex, u.login AS referent
             FROM participant p {JOIN} LEFT JOIN user u ON u.id = p.referent_id
             WHERE {population} AND {SCOPE} AND {counted} AND {rule}",
            population = population_sql(indicator.population),
            rule = rule_sql(indicator.rule),
        ))?;
        let mut found = stmt
            .query_map(
                named_params! {
                    ":from": from,
                    ":to": to,
                    ":everyone": scope.everyone,
                    ":referent_id": scope.referent_id,
                },
                |r| {
                    Ok(CountedParticipant {
                        file_number: r.get("file_number")?,
                        last_name: r.get("last_name")?,
                        first_name: r.get("first_name")?,
                        sex: r.get("sex")?,
                        referent: r.get("referent")?,
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        sort_by_names(
            &mut found,
            |p| (p.last_name.as_str(), p.first_name.as_str()),
            |p| p.file_number,
        );
        Ok(found)
    }
}

/// Adds one group of a population's query (one sex, counted or not) to the lines of its
/// `members` (indexes into [`INDICATORS`]).
fn add_group(r: &Row, members: &[usize], lines: &mut [IndicatorLine]) -> rusqlite::Result<()> {
    let counted: bool = r.get("counted")?;
    let n: u32 = r.get("n")?;
    if !counted {
        // An incomplete record counts in the total of participants only.
        if let Some(total) = members
            .iter()
            .find(|i| INDICATORS[**i].rule == Rule::Everyone)
        {
            lines[*total].total += n;
        }
        return Ok(());
    }
    let sex: Option<Sex> = r.get("sex")?;
    for i in members {
        let value: u32 = r.get(format!("i{i}").as_str())?;
        let line = &mut lines[*i];
        match sex {
            Some(Sex::Female) => line.women += value,
            Some(Sex::Male) => line.men += value,
            Some(Sex::NonBinary) => line.non_binary += value,
            // A counted record has a sex: the entry stage asks it.
            None => {}
        }
        line.total += value;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_become_sql_conditions() {
        assert_eq!(rule_sql(Rule::Isced("3-4")), "p.education IN ('3', '4')");
        assert!(rule_sql(Rule::Age { from: 55, to: None }).ends_with(">= 55"));
        assert_eq!(rule_sql(Rule::Yes(EsfItem::Minority)), "e.minority = 'yes'");
        assert_eq!(rule_sql(Rule::Yes(EsfItem::Employed)), "e.employed = 1");
    }
}

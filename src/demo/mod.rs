//! Deterministic generator of a realistic, entirely fictional PLIE.
//!
//! The PLIE sits on the CACEM territory (Martinique): a coordinator `coord`,
//! the referent `demo` and a few more, participants in every status with
//! their pathway, journal, barriers and milestone reviews, their ESF records,
//! each referent's agenda around `today` and their weekly time entries. The same options give
//! the same data, byte for byte (only the audit row's timestamp differs).
//!
//! The rows are streamed: each participant's file (person, barriers, steps, reviews),
//! then each referent's agenda, journal and time, is handed to the store as soon as it
//! is made and then dropped, so memory stays small whatever the size of the PLIE. Only
//! the meetings the participants ask of their referents wait for the referents' turn.
//! Everything is written in one transaction with a single audit row.

mod agenda;
mod calendar;
mod dice;
mod esf;
mod journal;
mod lifecycle;
mod names;
mod pathway;
mod people;
mod territory;
mod timesheet;

pub use territory::TIME_ZONE;

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate};

use self::agenda::Frame;
use self::calendar::{Calendar, local};
use self::dice::Dice;
use self::lifecycle::{Lifecycle, SHOWCASE, Shape, Tally};
use crate::domain::participant::{FileNumber, Status};
use crate::domain::time::default_activities;
use crate::domain::{DomainError, IsoWeek};
use crate::i18n::tf;
use crate::store::bulk::Dataset;
use crate::store::{Database, Result};

/// The seed of the standard demo.
const STANDARD_SEED: u64 = 20_261_123;

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOptions {
    /// Participants to generate, over the whole period.
    pub participants: usize,
    /// Years of history before `today`.
    pub years: u32,
    /// The date the data is built around (alerts, agenda, current week).
    pub today: NaiveDate,
    /// Seed of the pseudo-random generator.
    pub seed: u64,
}

impl DemoOptions {
    /// The standard demo: about 300 participants over 3 years, with a fixed seed.
    pub fn standard(today: NaiveDate) -> Self {
        Self {
            participants: 300,
            years: 3,
            today,
            seed: STANDARD_SEED,
        }
    }
}

/// How much was generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct DemoSummary {
    /// Participant files.
    pub participants: usize,
    /// Users (coordinator and referents).
    pub users: usize,
    /// Journal contacts.
    pub contacts: usize,
    /// Appointments.
    pub appointments: usize,
    /// Time entries.
    pub time_entries: usize,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counts = [
            ("participants", self.participants),
            ("users", self.users),
            ("contacts", self.contacts),
            ("appointments", self.appointments),
            ("time_entries", self.time_entries),
        ]
        .map(|(name, n)| (name, n.to_string()));
        let args: Vec<(&str, &str)> = counts.iter().map(|(k, v)| (*k, v.as_str())).collect();
        f.write_str(&tf("demo.summary", &args))
    }
}

/// Fills a new database with a fictional PLIE.
///
/// Refused (`error.already_initialised`) when the database already has users. The
/// default activities are added first; everything else is one transaction with one
/// audit row (`demo`, `generate`).
pub fn generate(db: &mut Database, options: &DemoOptions) -> Result<DemoSummary> {
    if !db.is_empty()? {
        return Err(DomainError::new("error.already_initialised").into());
    }
    db.bulk_load(&territory::settings(), &default_activities(), |load| {
        stream(options, &mut |batch| load.write(batch))?;
        let counts = load.counts();
        let summary = DemoSummary {
            participants: counts.participants,
            users: counts.users,
            contacts: counts.contacts,
            appointments: counts.appointments,
            time_entries: counts.time_entries,
        };
        let record = serde_json::json!({
            "seed": options.seed,
            "today": options.today,
            "years": options.years,
            "summary": summary,
        });
        load.audit("demo", "generate", &record)?;
        Ok(summary)
    })
}

/// Makes the PLIE from the options alone and hands it to `write` in batches, in an
/// order where every row comes after those it refers to: the staff, each participant's
/// file, then each referent's agenda, journal, time entries and weeks.
fn stream(options: &DemoOptions, write: &mut dyn FnMut(Dataset) -> Result<()>) -> Result<()> {
    let today = options.today;
    let start = today
        .checked_sub_months(Months::new(12 * options.years.max(1)))
        .unwrap_or(today);
    let horizon = IsoWeek::containing(today).sunday() + Days::new(21);
    let mut dice = Dice::new(options.seed);
    let referents = people::referent_count(options.participants);
    let users = people::staff(&mut dice, referents, local(start, 8, 0));
    let coordinator_id = users[0].id;
    let calendars: Vec<Calendar> = users[1..]
        .iter()
        .enumerate()
        .map(|(i, u)| Calendar::new(&mut dice, i, u.fte < 1.0, start, today))
        .collect();
    let weights: Vec<(usize, u32)> = users[1..]
        .iter()
        .enumerate()
        .map(|(i, u)| (i, (u.fte * 10.0).round() as u32))
        .collect();
    let referent_ids: Vec<i64> = users[1..].iter().map(|u| u.id).collect();
    write(Dataset {
        users,
        ..Dataset::default()
    })?;
    let mut courses: Vec<(Lifecycle, usize)> = (0..options.participants)
        .map(|i| {
            let shape = SHOWCASE.get(i).copied().unwrap_or(Shape::Natural);
            let referent = match shape {
                Shape::Natural => dice.weighted(&weights),
                _ => 0,
            };
            let welcome = calendars[referent].welcome;
            let span = (start, today);
            (
                lifecycle::lifecycle(&mut dice, shape, welcome, span),
                referent,
            )
        })
        .collect();
    courses.sort_by_key(|(lc, _)| lc.oriented_on);
    // Exits are settled in date order, each referent's near the same positive share.
    let mut tallies = vec![Tally::default(); calendars.len()];
    let mut by_exit: Vec<usize> = (0..courses.len()).collect();
    by_exit.sort_by_key(|&i| courses[i].0.exit_on);
    for i in by_exit {
        let (lc, referent) = &mut courses[i];
        if lc.pending.is_some() {
            let positive = tallies[*referent].next_positive(&mut dice);
            lc.settle(positive, &mut dice, today);
        }
    }
    // The ESF records draw from their own generator, file after file.
    let mut esf = esf::Records::new(options.seed, referent_ids.first().copied(), today);
    let mut meetings = vec![Vec::new(); calendars.len()];
    let mut sequences: BTreeMap<i32, u32> = BTreeMap::new();
    for (n, (lc, referent)) in courses.iter().enumerate() {
        let mut data = Dataset::default();
        let id = n as i64 + 1;
        let year = lc.oriented_on.year();
        let seq = sequences.entry(year).or_insert(0);
        *seq += 1;
        let file_number = FileNumber::new(year, *seq)
            .ok_or_else(|| DomainError::new("error.file_numbers_exhausted").arg("year", year))?;
        let unassigned =
            lc.status == Status::Oriented && lc.shape == Shape::Natural && dice.chance(0.3);
        let referent_id = (!unassigned).then(|| referent_ids[*referent]);
        let placement = people::Placement {
            id,
            file_number,
            referent_id,
            updated_by: referent_id.unwrap_or(coordinator_id),
        };
        let history = lc.history(placement.updated_by, coordinator_id, today);
        let participant = people::participant(&mut dice, placement, lc, history);
        data.esf.extend(esf.record(&participant));
        data.participants.push(participant);
        pathway::barriers(&mut dice, id, lc, today, &mut data);
        pathway::steps(&mut dice, id, lc, today, &mut data);
        pathway::milestones(&mut dice, id, lc, today, &mut data);
        if referent_id.is_some() {
            meetings[*referent].extend(journal::meetings(&mut dice, id, lc, today, horizon));
        }
        write(data)?;
    }
    let mut next_appointment = 1;
    for (r, calendar) in calendars.iter().enumerate() {
        let mut data = Dataset::default();
        let frame = Frame {
            referent_id: referent_ids[r],
            office: agenda::office(r),
            calendar,
            start,
            today,
            horizon,
        };
        let list = std::mem::take(&mut meetings[r]);
        let agenda = agenda::agenda(&mut dice, &frame, list, &mut next_appointment);
        timesheet::time_entries(&mut dice, &frame, &agenda, &mut data.time_entries);
        timesheet::weeks(&frame, coordinator_id, r % 2 == 0, &mut data.weeks);
        data.appointments = agenda.appointments;
        data.contacts = agenda.contacts;
        write(data)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole PLIE in memory, every batch appended (the tests look at all of it).
    pub(super) fn dataset(options: &DemoOptions) -> Result<Dataset> {
        let mut all = Dataset::default();
        stream(options, &mut |mut batch| {
            all.users.append(&mut batch.users);
            all.participants.append(&mut batch.participants);
            all.barriers.append(&mut batch.barriers);
            all.steps.append(&mut batch.steps);
            all.contacts.append(&mut batch.contacts);
            all.milestones.append(&mut batch.milestones);
            all.appointments.append(&mut batch.appointments);
            all.time_entries.append(&mut batch.time_entries);
            all.weeks.append(&mut batch.weeks);
            all.esf.append(&mut batch.esf);
            Ok(())
        })?;
        Ok(all)
    }
    use crate::domain::journal::{Alert, ContactKind};
    use crate::domain::participant::{AlertInputs, alerts};

    #[test]
    fn same_options_same_dataset() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let options = DemoOptions {
            participants: 60,
            years: 2,
            today,
            seed: 1,
        };
        let (a, b) = (dataset(&options).unwrap(), dataset(&options).unwrap());
        assert_eq!(a.participants, b.participants);
        assert_eq!(a.time_entries, b.time_entries);
        let other = dataset(&DemoOptions { seed: 2, ..options }).unwrap();
        assert_ne!(a.participants, other.participants);
    }

    /// The alerts of each of `referent_id`'s participants, computed from the data set
    /// with the domain's rules.
    fn alerts_of(data: &Dataset, referent_id: i64, today: NaiveDate) -> Vec<Vec<Alert>> {
        let participants = data
            .participants
            .iter()
            .filter(|p| p.referent_id == Some(referent_id));
        participants
            .map(|p| {
                let lc = p.lifecycle(today).unwrap();
                let contacts = data
                    .contacts
                    .iter()
                    .filter(|c| Some(c.participant_id) == p.id && c.kind != ContactKind::NoShow);
                let inputs = AlertInputs {
                    status: lc.status,
                    started_on: lc.entered_on.unwrap_or(p.oriented_on),
                    contract_on: lc.entered_on,
                    exit_on: lc.exit.map(|x| x.on),
                    last_contact: contacts.clone().map(|c| c.contact_on).max(),
                    oldest_unnoted_contact: contacts
                        .filter(|c| c.summary.is_empty())
                        .map(|c| c.contact_on)
                        .min(),
                    last_milestone: data
                        .milestones
                        .iter()
                        .filter(|m| Some(m.participant_id) == p.id)
                        .map(|m| m.held_on)
                        .max(),
                    // The ESF stages have their own test (demo/esf.rs): a one-year demo
                    // has no exit six months old to show late.
                    esf_done: crate::domain::esf::Completeness {
                        entry: true,
                        exit: true,
                        follow_up: true,
                    },
                };
                alerts(&inputs, today)
            })
            .collect()
    }

    #[test]
    fn demo_referent_shows_every_alert_whatever_the_date_and_seed() {
        let start = NaiveDate::from_ymd_opt(2025, 12, 27).unwrap();
        for (n, seed) in (0..14).zip(40..) {
            let today = start + Days::new(n * 29);
            let options = DemoOptions {
                participants: 40,
                years: 1,
                today,
                seed,
            };
            let data = dataset(&options).unwrap();
            let caseload = alerts_of(&data, 2, today);
            let esf = [Alert::EsfEntry, Alert::EsfExit, Alert::EsfFollowUp];
            for alert in Alert::ALL.iter().filter(|a| !esf.contains(a)) {
                let count = caseload.iter().filter(|a| a.contains(alert)).count();
                assert!(count >= 2, "{count} × {alert:?} on {today} (seed {seed})");
            }
        }
    }

    #[test]
    fn summary_is_one_line() {
        let summary = DemoSummary {
            participants: 3,
            users: 5,
            contacts: 7,
            appointments: 11,
            time_entries: 13,
        };
        let text = summary.to_string();
        assert!(!text.contains('\n') && text.contains("13"), "{text}");
    }
}

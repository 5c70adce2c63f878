//! The dashboard's figures: caseload by status, follow-up alerts, the day's and
//! the week's appointments, the week's hours and the status of the last weeks,
//! for the acting referent or, for a coordinator, per referent and for the PLIE.
//!
//! Every figure comes from a handful of grouped queries over the whole scope,
//! never one query per participant or per referent. Alerts are counted with the
//! domain's own rule ([`alerts`]) on one reading of their inputs, so the
//! counts always match the markers of the caseload.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;
use rusqlite::ToSql;

use super::error::Result;
use super::{Session, stamp};
use crate::domain::IsoWeek;
use crate::domain::journal::Alert;
use crate::domain::participant::{AlertInputs, Status, alerts};
use crate::domain::schedule::local_instant;
use crate::domain::time::{ESF_ANNUAL_HOURS, WeekStatus};
use crate::domain::user::{CASELOAD_PER_FTE, Role, User};

/// How many weeks (the current one included) the dashboard shows the status of.
pub const WEEKS_SHOWN: usize = 4;

/// Counts over one scope: a referent's caseload, or the whole PLIE.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    /// Participants per status, in the order of [`Status::ALL`].
    pub statuses: Vec<(Status, u32)>,
    /// Participants carrying each alert, in the order of [`Alert::ALL`].
    pub alerts: Vec<(Alert, u32)>,
    /// Participants with at least one alert.
    pub flagged: u32,
    /// Appointments (not cancelled) starting today, local time.
    pub appointments_today: u32,
    /// Appointments (not cancelled) starting this ISO week, local time.
    pub appointments_week: u32,
    /// Minutes of time entered this week.
    pub minutes: u32,
    /// Of which on ESF activities.
    pub esf_minutes: u32,
    /// Minutes declared on the ESF operation since 1 January of this year.
    pub esf_year_minutes: u32,
    /// Full-time equivalents the contract hours and the capacity are for.
    pub fte: f64,
}

impl Figures {
    fn empty() -> Self {
        Self {
            statuses: Status::ALL.iter().map(|s| (*s, 0)).collect(),
            alerts: Alert::ALL.iter().map(|a| (*a, 0)).collect(),
            ..Self::default()
        }
    }

    /// The ESF hours basis of the year for these FTE, in minutes (1,720 h × FTE).
    pub fn esf_year_basis_minutes(&self) -> u32 {
        (f64::from(ESF_ANNUAL_HOURS) * 60.0 * self.fte).round() as u32
    }

    /// Participants with this status.
    pub fn status(&self, status: Status) -> u32 {
        self.statuses
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }

    /// Participants carrying this alert.
    pub fn alert(&self, alert: Alert) -> u32 {
        self.alerts
            .iter()
            .find(|(a, _)| *a == alert)
            .map_or(0, |(_, n)| *n)
    }

    /// Participants being followed (in the pathway or in the job follow-up).
    pub fn followed(&self) -> u32 {
        self.status(Status::Active) + self.status(Status::JobFollowUp)
    }

    /// How many participants the scope can hold (70 per FTE).
    pub fn capacity(&self) -> u32 {
        (self.fte * CASELOAD_PER_FTE).round() as u32
    }

    fn add(&mut self, other: &Figures) {
        for ((_, n), (_, m)) in self.statuses.iter_mut().zip(&other.statuses) {
            *n += m;
        }
        for ((_, n), (_, m)) in self.alerts.iter_mut().zip(&other.alerts) {
            *n += m;
        }
        self.flagged += other.flagged;
        self.appointments_today += other.appointments_today;
        self.appointments_week += other.appointments_week;
        self.minutes += other.minutes;
        self.esf_minutes += other.esf_minutes;
        self.esf_year_minutes += other.esf_year_minutes;
        self.fte += other.fte;
    }
}

/// One referent's line of the dashboard.
#[derive(Debug, Clone, PartialEq)]
pub struct ReferentFigures {
    /// Login.
    pub login: String,
    /// Full name.
    pub name: String,
    /// Their caseload, alerts, appointments and hours.
    pub figures: Figures,
    /// Status of their last weeks, the current one first.
    pub weeks: Vec<(IsoWeek, WeekStatus)>,
}

/// How many referents' weeks are in each status, for one week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeekTally {
    /// The ISO week.
    pub week: IsoWeek,
    /// Referents whose week is still a draft.
    pub draft: u32,
    /// Referents whose week is submitted.
    pub submitted: u32,
    /// Referents whose week is validated.
    pub validated: u32,
}

/// Everything the dashboard shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    /// The session's today.
    pub today: NaiveDate,
    /// The ISO week containing today.
    pub week: IsoWeek,
    /// The referents in scope (the actor alone for a referent), by login.
    pub referents: Vec<ReferentFigures>,
    /// The whole scope, participants without a referent included.
    pub total: Figures,
    /// The last weeks, the current one first: how many referents' weeks are in each status.
    pub weeks: Vec<WeekTally>,
}

/// Scope of the queries: `everyone` (coordinator) or one referent's id.
struct Scope {
    everyone: bool,
    referent_id: i64,
}

/// Named parameters of a query.
type Params<'a> = Vec<(&'a str, &'a dyn ToSql)>;

impl Scope {
    /// `WHERE`'s condition on the referent `column`: `column = :referent_id` for a referent,
    /// always true for a coordinator. Each scope has its own statement, because with one
    /// `:everyone OR column = :referent_id` SQLite cannot use the referent's index and
    /// reads the whole table (on 10,000 participants × 10 years, 1,000,000 time entries for
    /// one referent's dashboard).
    fn only(&self, column: &str) -> String {
        if self.everyone {
            "1".to_owned()
        } else {
            format!("{column} = :referent_id")
        }
    }

    /// `params` and, for a referent, `:referent_id`.
    fn params<'a>(&'a self, mut params: Params<'a>) -> Params<'a> {
        if !self.everyone {
            params.push((":referent_id", &self.referent_id));
        }
        params
    }
}

type ByReferent = HashMap<Option<i64>, Figures>;

impl Session {
    /// The dashboard of the acting referent, or of the whole PLIE (with a
    /// line per active referent) for a coordinator; days are cut in `tz`.
    pub fn dashboard(&self, tz: Tz) -> Result<Dashboard> {
        self.reader()?;
        let today = self.today();
        let week = IsoWeek::containing(today);
        let scope = Scope {
            everyone: self.actor.is_coordinator(),
            referent_id: self.actor.id,
        };
        let people: Vec<User> = if scope.everyone {
            self.users()?
                .into_iter()
                .filter(|u| u.active && u.role == Role::Referent)
                .collect()
        } else {
            vec![self.actor.clone()]
        };
        let mut figures: ByReferent = HashMap::new();
        self.count_statuses(&scope, &mut figures)?;
        self.count_alerts(&scope, &mut figures)?;
        self.count_appointments(&scope, tz, &mut figures)?;
        self.count_minutes(&scope, week, &mut figures)?;
        self.count_year_esf(&scope, today.year(), &mut figures)?;
        let weeks: Vec<IsoWeek> = std::iter::successors(Some(week), |w| Some(w.previous()))
            .take(WEEKS_SHOWN)
            .collect();
        let statuses = self.week_statuses(&scope, &weeks)?;

        let mut total = Figures::empty();
        for f in figures.values() {
            total.add(f);
        }
        let mut tallies: Vec<WeekTally> = weeks
            .iter()
            .map(|w| WeekTally {
                week: *w,
                draft: 0,
                submitted: 0,
                validated: 0,
            })
            .collect();
        let referents: Vec<ReferentFigures> = people
            .into_iter()
            .map(|user| {
                let mut mine = figures
                    .remove(&Some(user.id))
                    .unwrap_or_else(Figures::empty);
                mine.fte = user.fte;
                total.fte += user.fte;
                let weeks: Vec<(IsoWeek, WeekStatus)> = weeks
                    .iter()
                    .map(|w| {
                        let status = statuses
                            .get(&(user.id, *w))
                            .copied()
                            .unwrap_or(WeekStatus::Draft);
                        (*w, status)
                    })
                    .collect();
                for (tally, (_, status)) in tallies.iter_mut().zip(&weeks) {
                    match status {
                        WeekStatus::Draft => tally.draft += 1,
                        WeekStatus::Submitted => tally.submitted += 1,
                        WeekStatus::Validated => tally.validated += 1,
                    }
                }
                ReferentFigures {
                    login: user.login,
                    name: user.name,
                    figures: mine,
                    weeks,
                }
            })
            .collect();
        Ok(Dashboard {
            today,
            week,
            referents,
            total,
            weeks: tallies,
        })
    }

    fn count_statuses(&self, scope: &Scope, out: &mut ByReferent) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT referent_id, status, COUNT(*) AS n FROM participant
             WHERE {} GROUP BY referent_id, status",
            scope.only("referent_id")
        ))?;
        let mut rows = stmt.query(&*scope.params(Vec::new()))?;
        while let Some(r) = rows.next()? {
            let status = r.get("status")?;
            let figures = out
                .entry(r.get("referent_id")?)
                .or_insert_with(Figures::empty);
            if let Some((_, n)) = figures.statuses.iter_mut().find(|(s, _)| *s == status) {
                *n += r.get::<_, u32>("n")?;
            }
        }
        Ok(())
    }

    /// Reads each participant's alert inputs in one query and counts the
    /// alerts the domain's rule gives on today.
    fn count_alerts(&self, scope: &Scope, out: &mut ByReferent) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            // The follow-up dates are kept per participant (migration 009): the whole
            // PLIE in one cheap pass.
            "SELECT p.referent_id, p.status, COALESCE(p.contract_on, p.oriented_on) AS started_on,
                    p.contract_on, p.exit_on, {esf_done},
                    f.last_contact, f.oldest_unnoted_contact, f.last_milestone
             FROM participant p LEFT JOIN participant_follow_up f ON f.participant_id = p.id
             {esf_join}
             WHERE {only}",
            esf_done = super::esf::done_columns(),
            esf_join = super::esf::JOIN,
            only = scope.only("p.referent_id")
        ))?;
        let mut rows = stmt.query(&*scope.params(Vec::new()))?;
        while let Some(r) = rows.next()? {
            let inputs = AlertInputs {
                status: r.get("status")?,
                started_on: r.get("started_on")?,
                contract_on: r.get("contract_on")?,
                exit_on: r.get("exit_on")?,
                last_contact: r.get("last_contact")?,
                oldest_unnoted_contact: r.get("oldest_unnoted_contact")?,
                last_milestone: r.get("last_milestone")?,
                esf_done: super::esf::completeness(r)?,
            };
            let found = alerts(&inputs, self.today());
            if found.is_empty() {
                continue;
            }
            let figures = out
                .entry(r.get("referent_id")?)
                .or_insert_with(Figures::empty);
            figures.flagged += 1;
            for alert in found {
                if let Some((_, n)) = figures.alerts.iter_mut().find(|(a, _)| *a == alert) {
                    *n += 1;
                }
            }
        }
        Ok(())
    }

    fn count_appointments(&self, scope: &Scope, tz: Tz, out: &mut ByReferent) -> Result<()> {
        let week = IsoWeek::containing(self.today());
        let midnight = |day: NaiveDate| {
            local_instant(day, NaiveTime::MIN, tz)
                .or_else(|_| {
                    local_instant(
                        day,
                        NaiveTime::from_hms_opt(1, 0, 0).unwrap_or(NaiveTime::MIN),
                        tz,
                    )
                })
                .map(stamp)
        };
        let bounds = [
            midnight(self.today())?,
            midnight(self.today().succ_opt().unwrap_or(self.today()))?,
            midnight(week.monday())?,
            midnight(week.next().monday())?,
        ];
        let mut stmt = self.conn.prepare_cached(&format!(
            // From the users (CROSS JOIN fixes SQLite's loop order), so that each referent's
            // week is read on the (referent, start) index rather than every appointment.
            "SELECT u.id AS referent_id, SUM(a.starts_at >= :today AND a.starts_at < :tomorrow) AS today,
                    COUNT(*) AS week
             FROM user u CROSS JOIN appointment a ON a.referent_id = u.id
                AND a.starts_at >= :monday AND a.starts_at < :next_monday
             WHERE {} AND a.status <> 'cancelled'
             GROUP BY u.id",
            scope.only("u.id")
        ))?;
        let mut rows = stmt.query(&*scope.params(vec![
            (":today", &bounds[0]),
            (":tomorrow", &bounds[1]),
            (":monday", &bounds[2]),
            (":next_monday", &bounds[3]),
        ]))?;
        while let Some(r) = rows.next()? {
            let figures = out
                .entry(r.get("referent_id")?)
                .or_insert_with(Figures::empty);
            figures.appointments_today = r.get("today")?;
            figures.appointments_week = r.get("week")?;
        }
        Ok(())
    }

    fn count_minutes(&self, scope: &Scope, week: IsoWeek, out: &mut ByReferent) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            // From the users (CROSS JOIN fixes SQLite's loop order), so that each referent's
            // week is read on the (referent, week) index rather than every time entry; grouped
            // by the user, in the order the users are read, so no sorter holds the entries.
            "SELECT u.id AS referent_id, SUM(t.minutes) AS minutes,
                    SUM(CASE WHEN a.esf = 1 THEN t.minutes ELSE 0 END) AS esf_minutes
             FROM user u CROSS JOIN time_entry t ON t.referent_id = u.id AND t.iso_week = :iso_week
             JOIN activity a ON a.code = t.activity_code
             WHERE {} GROUP BY u.id",
            scope.only("u.id")
        ))?;
        let mut rows = stmt.query(&*scope.params(vec![(":iso_week", &week)]))?;
        while let Some(r) = rows.next()? {
            let figures = out
                .entry(r.get("referent_id")?)
                .or_insert_with(Figures::empty);
            figures.minutes = r.get("minutes")?;
            figures.esf_minutes = r.get("esf_minutes")?;
        }
        Ok(())
    }

    /// Minutes on the ESF operation per referent over the calendar year `year`: what the
    /// hourly rate's 1,720 h × FTE basis caps (art. 55 of Regulation (EU) 2021/1060).
    fn count_year_esf(&self, scope: &Scope, year: i32, out: &mut ByReferent) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            // From the users, each referent's weeks of the year on the (referent, week, date)
            // index: the ISO weeks that hold a day of the year bound the range, the dates
            // then cut it to the year exactly.
            "SELECT u.id AS referent_id, SUM(t.minutes) AS minutes
             FROM user u CROSS JOIN time_entry t ON t.referent_id = u.id
                AND t.iso_week >= :first_week AND t.iso_week <= :last_week
                AND t.entry_date >= :from AND t.entry_date < :to
             JOIN activity a ON a.code = t.activity_code AND a.kind = 'operation'
             WHERE {} GROUP BY u.id",
            scope.only("u.id")
        ))?;
        let from = format!("{year:04}-01-01");
        let to = format!("{:04}-01-01", year + 1);
        let first_day = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(self.today());
        let last_day = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(self.today());
        let (first_week, last_week) = (
            IsoWeek::containing(first_day),
            IsoWeek::containing(last_day),
        );
        let mut rows = stmt.query(&*scope.params(vec![
            (":first_week", &first_week),
            (":last_week", &last_week),
            (":from", &from),
            (":to", &to),
        ]))?;
        while let Some(r) = rows.next()? {
            let figures = out
                .entry(r.get("referent_id")?)
                .or_insert_with(Figures::empty);
            figures.esf_year_minutes = r.get("minutes")?;
        }
        Ok(())
    }

    /// The recorded status of each (referent, week) among `weeks`; a missing one is a draft.
    fn week_statuses(
        &self,
        scope: &Scope,
        weeks: &[IsoWeek],
    ) -> Result<HashMap<(i64, IsoWeek), WeekStatus>> {
        let (Some(newest), Some(oldest)) = (weeks.first(), weeks.last()) else {
            return Ok(HashMap::new());
        };
        let mut stmt = self.conn.prepare_cached(&format!(
            // From the users, each referent's last weeks on the (referent, week) key.
            "SELECT w.referent_id, w.iso_week, w.status FROM user u CROSS JOIN week w
                ON w.referent_id = u.id AND w.iso_week >= :oldest AND w.iso_week <= :newest
             WHERE {}",
            scope.only("u.id")
        ))?;
        let mut rows =
            stmt.query(&*scope.params(vec![(":oldest", oldest), (":newest", newest)]))?;
        let mut out = HashMap::new();
        while let Some(r) = rows.next()? {
            let status: WeekStatus = r.get("status")?;
            out.insert((r.get("referent_id")?, r.get("iso_week")?), status);
        }
        Ok(out)
    }
}

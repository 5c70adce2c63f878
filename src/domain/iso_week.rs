//! ISO-8601 weeks (`2026-W47`): the unit of time entry and ESF timesheets.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::fmt;
use std::str::FromStr;

use super::DomainError;

/// An ISO-8601 week: Monday to Sunday, numbered within its ISO year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct IsoWeek {
    year: i32,
    week: u32,
}

impl IsoWeek {
    /// The week of the given ISO year and number, if it exists (week 53 only in long years).
    pub fn new(year: i32, week: u32) -> Option<Self> {
        NaiveDate::from_isoywd_opt(year, week, Weekday::Mon).map(|_| Self { year, week })
    }

    /// The ISO week a date belongs to (1 January can be in week 52 or 53 of the year before).
    pub fn containing(date: NaiveDate) -> Self {
        let w = date.iso_week();
        Self {
            year: w.year(),
            week: w.week(),
        }
    }

    /// The ISO year (not always the calendar year of every day in the week).
    pub fn year(self) -> i32 {
        self.year
    }

    /// The week number, 1 to 53.
    pub fn week(self) -> u32 {
        self.week
    }

    /// The Monday that opens the week.
    pub fn monday(self) -> NaiveDate {
        NaiveDate::from_isoywd_opt(self.year, self.week, Weekday::Mon)
            .expect("an IsoWeek is only built for existing weeks")
    }

    /// The Sunday that closes the week.
    pub fn sunday(self) -> NaiveDate {
        self.monday() + Duration::days(6)
    }

    /// The week's last working day, Friday: from then on the week has been worked and
    /// may be submitted.
    pub fn last_working_day(self) -> NaiveDate {
        self.monday() + Duration::days(4)
    }

    /// The seven days of the week, Monday first.
    pub fn days(self) -> [NaiveDate; 7] {
        let monday = self.monday();
        std::array::from_fn(|i| monday + Duration::days(i as i64))
    }

    /// Whether the date falls in this week.
    pub fn contains(self, date: NaiveDate) -> bool {
        Self::containing(date) == self
    }

    /// The week after this one.
    pub fn next(self) -> Self {
        Self::containing(self.monday() + Duration::days(7))
    }

    /// The week before this one.
    pub fn previous(self) -> Self {
        Self::containing(self.monday() - Duration::days(7))
    }
}

/// Written as its text (`2026-W48`) in JSON and audit rows.
impl serde::Serialize for IsoWeek {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl fmt::Display for IsoWeek {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}", self.year, self.week)
    }
}

impl FromStr for IsoWeek {
    type Err = DomainError;

    /// Parses `YYYY-Www` (also accepts a lower-case `w`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || DomainError::new("error.iso_week").arg("value", s);
        let (year, week) = s.trim().split_once(['W', 'w']).ok_or_else(bad)?;
        let year = year.strip_suffix('-').ok_or_else(bad)?;
        if year.len() != 4 || week.len() != 2 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let week: u32 = week.parse().map_err(|_| bad())?;
        Self::new(year, week).ok_or_else(bad)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn parses_and_prints() {
        let w: IsoWeek = "2026-W47".parse().unwrap();
        assert_eq!(w.to_string(), "2026-W47");
        assert_eq!(w.monday(), d(2026, 11, 16));
        assert_eq!(w.sunday(), d(2026, 11, 22));
    }

    #[test]
    fn rejects_malformed_and_missing_weeks() {
        for bad in [
            "2026-47", "2026W47", "26-W47", "2026-W7", "2026-W00", "2025-W53", "x",
        ] {
            assert!(bad.parse::<IsoWeek>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn week_53_exists_in_long_years() {
        let w: IsoWeek = "2026-W53".parse().unwrap();
        assert_eq!(w.monday(), d(2026, 12, 28));
        assert_eq!(w.next().to_string(), "2027-W01");
        assert_eq!(IsoWeek::containing(d(2027, 1, 3)), w);
    }

    #[test]
    fn week_across_year_boundary() {
        // 1 January 2025 is a Wednesday of 2025-W01, whose Monday is in 2024.
        let w = IsoWeek::containing(d(2025, 1, 1));
        assert_eq!(w.to_string(), "2025-W01");
        assert_eq!(w.monday(), d(2024, 12, 30));
        assert!(w.contains(d(2024, 12, 31)));
        assert_eq!(w.previous().to_string(), "2024-W52");
    }

    #[test]
    fn week_across_month_boundary() {
        let w: IsoWeek = "2026-W49".parse().unwrap();
        let days = w.days();
        assert_eq!(days[0], d(2026, 11, 30));
        assert_eq!(days[1], d(2026, 12, 1));
    }
}

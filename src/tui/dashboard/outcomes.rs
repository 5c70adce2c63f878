//! The dashboard's outcome figures: the year to date, for the acting referent, or
//! for a coordinator every referent and the PLIE, against the PLIE's positive-exit
//! target. Read with the other figures, from the store's grouped queries.

use chrono::{Datelike, NaiveDate};

use crate::domain::period::Period;
use crate::store::outcomes::{OutcomeLine, Outcomes};
use crate::store::{Result, Session};

/// The period the dashboard counts: from 1 January to today.
pub fn year_to_date(today: NaiveDate) -> Period {
    let from = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    Period { from, to: today }
}

/// The outcome figures of the year to date, as `session` may read them.
pub fn read(session: &Session) -> Result<Outcomes> {
    session.outcomes(year_to_date(session.today()), None)
}

/// The line of referent `login`, if they have one.
pub fn of<'a>(outcomes: &'a Outcomes, login: &str) -> Option<&'a OutcomeLine> {
    outcomes
        .lines
        .iter()
        .find(|l| l.referent.as_deref() == Some(login))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_starts_on_the_first_of_january() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let period = year_to_date(today);
        assert_eq!(period.from, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
        assert_eq!(period.to, today);
    }
}

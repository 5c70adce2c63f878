//! How long a participant's file is kept once the pathway has ended (GDPR art. 5(1)(e)).
//!
//! ESF documents must be kept until 31 December of the fifth year after the last payment
//! to the operation (art. 82 of Regulation (EU) 2021/1060; ten years for state-aid cases).
//! The PLIE records the number of years, the reason, and — once it is known — the date of
//! the last ESF payment. A file is past its retention date on the 1 January after
//! 31 December of year `Y + years`, where `Y` is the later of the exit year and the last
//! payment's year: a person's costs cannot be paid before their exit is known, so the exit
//! year is the earliest the count can start while the payment date is not recorded yet.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::DomainError;

/// The reason stored by default (French, the users' language; schema 6 stores the same).
pub const ESF_REASON: &str = "FSE+ : pièces conservées jusqu'au 31 décembre de la cinquième année suivant le dernier paiement (art. 82 du règlement (UE) 2021/1060)";

/// The most years a rule may keep files (a slip of the keyboard must not mean forever).
const MAX_YEARS: u32 = 30;

/// The PLIE's retention rule: part of the PLIE-wide settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetentionRule {
    /// Years kept after the later of the exit year and the last payment's year.
    pub years: u32,
    /// Why (the rule's legal source), shown beside the figures.
    pub reason: String,
    /// The date of the last ESF payment to the operation, once known.
    pub last_payment_on: Option<NaiveDate>,
}

impl Default for RetentionRule {
    fn default() -> Self {
        Self {
            years: 5,
            reason: ESF_REASON.to_owned(),
            last_payment_on: None,
        }
    }
}

impl RetentionRule {
    /// Whole years, 1 to 30.
    pub fn years(value: &str) -> Result<u32, DomainError> {
        value
            .parse::<u32>()
            .ok()
            .filter(|y| (1..=MAX_YEARS).contains(y))
            .ok_or_else(|| DomainError::new("settings.error.retention_years").arg("value", value))
    }

    /// A last payment date, `YYYY-MM-DD` or `DD/MM/YYYY`; blank for none yet.
    pub fn last_payment(value: &str) -> Result<Option<NaiveDate>, DomainError> {
        if value.trim().is_empty() {
            return Ok(None);
        }
        super::participant::parse_date_on(value, None).map(Some)
    }

    /// The last day a file whose pathway ended on `exit_on` must be kept.
    pub fn kept_until(&self, exit_on: NaiveDate) -> NaiveDate {
        let start = self
            .last_payment_on
            .map_or(exit_on.year(), |paid| paid.year().max(exit_on.year()));
        end_of_year(start.saturating_add(self.years as i32))
    }

    /// On `today`, the files of people who left before the returned date are past their
    /// retention date; `None` while no file can be (the last payment is too recent).
    pub fn past_for_exits_before(&self, today: NaiveDate) -> Option<NaiveDate> {
        // Past when `kept_until(exit) < today`, that is when the starting year plus the
        // years is before today's year.
        let last_year_kept = today.year() - 1 - self.years as i32;
        if self
            .last_payment_on
            .is_some_and(|paid| paid.year() > last_year_kept)
        {
            return None;
        }
        NaiveDate::from_ymd_opt(last_year_kept + 1, 1, 1)
    }
}

fn end_of_year(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn five_years_from_the_later_of_exit_and_last_payment() {
        let mut rule = RetentionRule::default();
        assert_eq!(rule.kept_until(d(2020, 3, 1)), d(2025, 12, 31));
        assert_eq!(
            rule.past_for_exits_before(d(2026, 11, 23)),
            Some(d(2021, 1, 1))
        );
        rule.last_payment_on = Some(d(2023, 6, 30));
        assert_eq!(rule.kept_until(d(2020, 3, 1)), d(2028, 12, 31));
        assert_eq!(rule.kept_until(d(2024, 3, 1)), d(2029, 12, 31));
        assert_eq!(rule.past_for_exits_before(d(2026, 11, 23)), None);
        assert_eq!(
            rule.past_for_exits_before(d(2029, 1, 1)),
            Some(d(2024, 1, 1))
        );
        for exit in [d(2023, 12, 31), d(2020, 1, 1)] {
            assert!(rule.kept_until(exit) < d(2029, 1, 1));
        }
        assert!(rule.kept_until(d(2024, 1, 1)) >= d(2029, 1, 1));
    }

    #[test]
    fn years_and_payment_dates_are_checked() {
        assert_eq!(RetentionRule::years("10"), Ok(10));
        for bad in ["0", "31", "five", "-1"] {
            assert!(RetentionRule::years(bad).is_err(), "{bad}");
        }
        assert_eq!(RetentionRule::last_payment(" "), Ok(None));
        assert_eq!(
            RetentionRule::last_payment("30/06/2027"),
            Ok(Some(d(2027, 6, 30)))
        );
        assert!(RetentionRule::last_payment("2027-13-01").is_err());
    }
}

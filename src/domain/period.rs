//! A period of whole days, both ends included: what the outcome report, the ESF indicators
//! and the ESF platform export are asked for (`--from`, `--to`).

use chrono::NaiveDate;
use serde::Serialize;

use super::DomainError;

/// Average days in a month, to turn a number of days into months.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// A period of whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
}

impl Period {
    /// The period from `from` to `to`; refused when it ends before it starts.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Self, DomainError> {
        if to < from {
            return Err(DomainError::new("error.period")
                .arg("from", from)
                .arg("to", to));
        }
        Ok(Self { from, to })
    }

    /// Its length in days.
    pub fn days(self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// Its length in months (of 365.25 / 12 days).
    pub fn months(self) -> f64 {
        self.days() as f64 / DAYS_PER_MONTH
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn both_ends_count_and_a_backward_period_is_refused() {
        let year = Period::new(day(1, 1), day(12, 31)).unwrap();
        assert_eq!(year.days(), 365);
        assert!((year.months() - 11.99).abs() < 0.01);
        assert_eq!(Period::new(day(3, 3), day(3, 3)).unwrap().days(), 1);
        assert_eq!(
            Period::new(day(3, 3), day(3, 2)).unwrap_err().key,
            "error.period"
        );
    }
}

//! A PLIE's outcomes over a period: entries, exits by category, the positive-exit rate
//! against the PLIE's target, provisional exits, pathway length, steps and contacts.
//!
//! The store sums the counts in a few grouped queries; the ratios are computed here
//! once, so the dashboard, `parcours report outcomes` and the tests that recompute
//! them agree to the digit.

use super::period::{DAYS_PER_MONTH, Period};

/// The default positive-exit target, in percent (AVE's national figure was 47 % in
/// 2019; PLIE protocols set 40–50 %).
pub const DEFAULT_TARGET: u32 = 45;

/// The counts of one scope (a referent's caseload, or the PLIE) over a period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Counts {
    /// Participants whose (first) entry — the engagement contract — falls in the period.
    pub entries: u32,
    /// Participants whose exit in force falls in the period.
    pub exits: u32,
    /// Of those, positive into employment and validated.
    pub positive_employment: u32,
    /// Of those, positive into qualifying training and validated.
    pub positive_training: u32,
    /// Of those, awaiting their six-month check.
    pub provisional: u32,
    /// Days from entry to exit, summed over the period's exits.
    pub pathway_days: i64,
    /// Participants in the pathway during the period (entered by its end, not exited before it).
    pub followed: u32,
    /// Steps of those participants.
    pub steps: u32,
    /// Of those participants, the ones with no step.
    pub without_step: u32,
    /// Contacts held with them in the period (no-shows left out).
    pub contacts: u32,
}

impl Counts {
    /// Positive exits, validated.
    pub fn positive(&self) -> u32 {
        self.positive_employment + self.positive_training
    }

    /// Exits whose result is known: all but the provisional ones.
    pub fn settled(&self) -> u32 {
        self.exits.saturating_sub(self.provisional)
    }

    /// Exits not positive: not positive outcomes, and positive ones whose six-month
    /// check did not confirm them.
    pub fn not_positive(&self) -> u32 {
        self.settled().saturating_sub(self.positive())
    }

    /// Positive exits among the settled ones, in percent; `None` without any.
    /// Provisional exits are left out until their check says what they are.
    pub fn positive_rate(&self) -> Option<f64> {
        ratio(f64::from(self.positive()) * 100.0, self.settled())
    }

    /// Average pathway length of the period's exits, in months.
    pub fn average_months(&self) -> Option<f64> {
        ratio(self.pathway_days as f64 / DAYS_PER_MONTH, self.exits)
    }

    /// Steps per participant followed.
    pub fn steps_per_participant(&self) -> Option<f64> {
        ratio(f64::from(self.steps), self.followed)
    }

    /// Contacts per participant followed and per month of `period`.
    pub fn contacts_per_month(&self, period: Period) -> Option<f64> {
        ratio(f64::from(self.contacts) / period.months(), self.followed)
    }

    /// Adds another scope's counts.
    pub fn add(&mut self, other: &Counts) {
        self.entries += other.entries;
        self.exits += other.exits;
        self.positive_employment += other.positive_employment;
        self.positive_training += other.positive_training;
        self.provisional += other.provisional;
        self.pathway_days += other.pathway_days;
        self.followed += other.followed;
        self.steps += other.steps;
        self.without_step += other.without_step;
        self.contacts += other.contacts;
    }
}

fn ratio(part: f64, whole: u32) -> Option<f64> {
    (whole > 0).then(|| part / f64::from(whole))
}

/// `value` rounded to `places` decimals, as reports print it.
pub fn rounded(value: f64, places: i32) -> f64 {
    let scale = 10f64.powi(places);
    (value * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn rates_leave_out_the_provisional_exits() {
        let counts = Counts {
            exits: 10,
            positive_employment: 3,
            positive_training: 1,
            provisional: 2,
            pathway_days: 3044,
            followed: 4,
            steps: 10,
            contacts: 24,
            ..Counts::default()
        };
        assert_eq!(counts.settled(), 8);
        assert_eq!(counts.not_positive(), 4);
        assert_eq!(counts.positive_rate(), Some(50.0));
        assert_eq!(counts.average_months().map(|m| rounded(m, 1)), Some(10.0));
        assert_eq!(counts.steps_per_participant(), Some(2.5));
        let year = Period::new(d(2026, 1, 1), d(2026, 12, 31)).unwrap();
        assert_eq!(year.days(), 365);
        assert_eq!(
            counts.contacts_per_month(year).map(|c| rounded(c, 2)),
            Some(0.5)
        );
        assert_eq!(Counts::default().positive_rate(), None);
        assert!(Period::new(d(2026, 2, 1), d(2026, 1, 1)).is_err());
    }
}

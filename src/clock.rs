//! The program's one clock: today's date and the current instant.
//!
//! Every screen, export and audit row asks a [`Clock`] for the time; nothing
//! else reads the system clock for product data (`tests/architecture.rs`
//! checks it). Pinning the clock makes a run reproducible whatever the real
//! date and the machine's time zone:
//! - `PARCOURS_NOW=2026-11-23T09:00:00Z` pins the instant (RFC 3339);
//! - `PARCOURS_TODAY=2026-11-23` is the shorthand: that date at 12:00 UTC,
//!   which is still that date in every time zone from UTC−11 to UTC+11
//!   (Martinique and Paris included).

use chrono::{DateTime, NaiveDate, NaiveTime, SubsecRound, Utc};
use chrono_tz::Tz;

use crate::domain::DomainError;

/// The variable that pins the current instant.
pub const NOW_VAR: &str = "PARCOURS_NOW";

/// The variable that pins today's date (at noon UTC).
pub const TODAY_VAR: &str = "PARCOURS_TODAY";

/// The hour of the day, UTC, a pinned date stands for.
const PINNED_HOUR: u32 = 12;

/// Where the current instant comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    /// `None`: the system clock; `Some`: always this instant.
    pinned: Option<DateTime<Utc>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { pinned: None }
    }

    /// A clock that always reads `at` (whole seconds).
    pub fn pinned(at: DateTime<Utc>) -> Self {
        Self {
            pinned: Some(at.trunc_subsecs(0)),
        }
    }

    /// A clock pinned on `date` at noon UTC (what `PARCOURS_TODAY` means).
    pub fn on(date: NaiveDate) -> Self {
        let noon = NaiveTime::from_hms_opt(PINNED_HOUR, 0, 0).unwrap_or(NaiveTime::MIN);
        Self::pinned(date.and_time(noon).and_utc())
    }

    /// The clock the environment asks for: `PARCOURS_NOW`, else `PARCOURS_TODAY`,
    /// else the system clock. A variable that is set but unreadable is an error,
    /// not silently the real time.
    pub fn from_env() -> Result<Self, DomainError> {
        let var = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        if let Some(value) = var(NOW_VAR) {
            return DateTime::parse_from_rfc3339(&value)
                .map(|at| Self::pinned(at.with_timezone(&Utc)))
                .map_err(|_| {
                    DomainError::new("error.clock_now")
                        .arg("var", NOW_VAR)
                        .arg("value", &value)
                });
        }
        if let Some(value) = var(TODAY_VAR) {
            return NaiveDate::parse_from_str(&value, "%Y-%m-%d")
                .map(Self::on)
                .map_err(|_| {
                    DomainError::new("error.clock_today")
                        .arg("var", TODAY_VAR)
                        .arg("value", &value)
                });
        }
        Ok(Self::system())
    }

    /// The current instant, whole seconds.
    pub fn now(&self) -> DateTime<Utc> {
        self.pinned.unwrap_or_else(|| Utc::now().trunc_subsecs(0))
    }

    /// Today's date in `tz`.
    pub fn today(&self, tz: Tz) -> NaiveDate {
        self.now().with_timezone(&tz).date_naive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_pinned_date_is_that_date_in_the_plies_time_zones() {
        let clock = Clock::on(date(2026, 11, 23));
        for tz in [
            chrono_tz::America::Martinique,
            chrono_tz::Europe::Paris,
            chrono_tz::Indian::Reunion,
            chrono_tz::Pacific::Noumea,
        ] {
            assert_eq!(clock.today(tz), date(2026, 11, 23), "{tz}");
        }
        assert_eq!(clock.now().to_rfc3339(), "2026-11-23T12:00:00+00:00");
    }

    #[test]
    fn a_pinned_instant_gives_the_local_date() {
        let at = DateTime::parse_from_rfc3339("2026-12-31T23:30:00-04:00")
            .unwrap()
            .with_timezone(&Utc);
        let clock = Clock::pinned(at);
        assert_eq!(
            clock.today(chrono_tz::America::Martinique),
            date(2026, 12, 31)
        );
        assert_eq!(clock.today(chrono_tz::Europe::Paris), date(2027, 1, 1));
        assert_eq!(clock.now(), at);
    }

    #[test]
    fn the_system_clock_moves() {
        let clock = Clock::system();
        assert!(clock.now().timestamp() > 1_700_000_000);
    }
}

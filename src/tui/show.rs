//! How the interface writes dates, times and durations: one place, so every
//! screen shows them alike (and a display preference has one place to change).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike, Utc};
use chrono_tz::Tz;

/// A date: `2026-11-23`.
pub fn date(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// A time of day: `09:30`.
pub fn time(at: impl Timelike) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

/// A date and time: `2026-11-23 09:30`.
pub fn date_time(at: NaiveDateTime) -> String {
    format!("{} {}", date(at.date()), time(at.time()))
}

/// A stored instant in the PLIE's time zone.
pub fn local(at: DateTime<Utc>, tz: Tz) -> NaiveDateTime {
    at.with_timezone(&tz).naive_local()
}

/// A day and month: `23/11`.
pub fn day_month(day: NaiveDate) -> String {
    day.format("%d/%m").to_string()
}

/// A day, month and year: `23/11/2026`.
pub fn day_month_year(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// A duration in minutes: `1:30`.
pub fn duration(minutes: u32) -> String {
    crate::domain::duration::format_hmm(minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        let at = day.and_hms_opt(9, 5, 59).unwrap();
        assert_eq!(date(day), "2026-11-03");
        assert_eq!(time(at), "09:05");
        assert_eq!(date_time(at), "2026-11-03 09:05");
        assert_eq!(day_month(day), "03/11");
        assert_eq!(day_month_year(day), "03/11/2026");
        assert_eq!(duration(90), "1:30");
        let utc = at.and_utc();
        assert_eq!(
            date_time(local(utc, chrono_tz::America::Martinique)),
            "2026-11-03 05:05"
        );
    }
}

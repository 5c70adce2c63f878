//! How the interface writes dates, times and durations: one place, so every
//! screen shows them alike (and a display preference has one place to change).

use std::sync::atomic::{AtomicU8, Ordering};

use chrono::{DateTime, NaiveDate, NaiveDateTime, Timelike, Utc};
use chrono_tz::Tz;

use crate::config::DateOrder;
use crate::i18n::{self, Lang};

/// The date order of this process, set once from the person's configuration (like the
/// language): 0 follows the language, 1 year first, 2 day first.
static DATE_ORDER: AtomicU8 = AtomicU8::new(0);

/// Sets how the interface writes dates (see [`DateOrder`]).
pub fn set_date_order(order: DateOrder) {
    let code = match order {
        DateOrder::Language => 0,
        DateOrder::YearFirst => 1,
        DateOrder::DayFirst => 2,
    };
    DATE_ORDER.store(code, Ordering::Relaxed);
}

/// A date as the person reads dates: `23/11/2026` in French, `2026-11-23` in English,
/// unless the configuration's `display.dates` says otherwise. Both take ten columns,
/// so no layout depends on the choice, and every date field accepts both forms.
pub fn date(day: NaiveDate) -> String {
    let day_first = match DATE_ORDER.load(Ordering::Relaxed) {
        1 => false,
        2 => true,
        _ => i18n::language() == Lang::Fr,
    };
    if day_first {
        day_month_year(day)
    } else {
        day.format("%Y-%m-%d").to_string()
    }
}

/// A time of day: `09:30`.
pub fn time(at: impl Timelike) -> String {
    format!("{:02}:{:02}", at.hour(), at.minute())
}

/// A date and time: `2026-11-23 09:30` (the date as [`date`] writes it).
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
        // Year first whatever the language of the test process (the preference is
        // process-wide, so this one test covers every order).
        set_date_order(DateOrder::DayFirst);
        assert_eq!(date(day), "03/11/2026");
        set_date_order(DateOrder::YearFirst);
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

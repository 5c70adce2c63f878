//! Today's date in the PLIE's time zone.
//!
//! `PARCOURS_TODAY=YYYY-MM-DD` pins the date, so demonstrations, screenshots
//! and tests show the same week whatever the real date is.

use chrono::{NaiveDate, Utc};
use chrono_tz::Tz;

/// The variable that pins today's date.
pub const TODAY_VAR: &str = "PARCOURS_TODAY";

/// Today's date in `tz`, or the pinned date when `PARCOURS_TODAY` holds a valid one.
pub fn today(tz: Tz) -> NaiveDate {
    std::env::var(TODAY_VAR)
        .ok()
        .and_then(|v| NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok())
        .unwrap_or_else(|| Utc::now().with_timezone(&tz).date_naive())
}

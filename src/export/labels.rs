//! The words and numbers printed on the human timesheets (XLSX and PDF), in the current language.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::domain::duration::format_decimal_hours;
use crate::domain::timesheet::{Month, Timesheet};
use crate::i18n::{Lang, language, t, tf};

/// Translation keys of the short weekday names, Monday first.
const DAY_KEYS: [&str; 7] = [
    "sheet.day.mon",
    "sheet.day.tue",
    "sheet.day.wed",
    "sheet.day.thu",
    "sheet.day.fri",
    "sheet.day.sat",
    "sheet.day.sun",
];

/// The short name of the `index`-th day of the week (0 = Monday).
pub(crate) fn weekday(index: usize) -> String {
    DAY_KEYS.get(index).map(|k| t(k)).unwrap_or_default()
}

/// A date as people of the current language write it (`2026-11-23`, `23/11/2026`).
pub(crate) fn date(d: NaiveDate) -> String {
    match language() {
        Lang::Fr => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%Y-%m-%d").to_string(),
    }
}

/// A day and month for a column header (`11-23`, `23/11`).
pub(crate) fn day_month(d: NaiveDate) -> String {
    match language() {
        Lang::Fr => d.format("%d/%m").to_string(),
        Lang::En => d.format("%m-%d").to_string(),
    }
}

/// A local date and time (`2026-11-23 17:05`).
pub(crate) fn date_time(at: NaiveDateTime) -> String {
    format!("{} {}", date(at.date()), at.format("%H:%M"))
}

/// The generation time line, in UTC so that it reads the same wherever it is printed.
pub(crate) fn generated(at: DateTime<Utc>) -> String {
    tf(
        "sheet.generated",
        &[("at", &format!("{} UTC", date_time(at.naive_utc())))],
    )
}

/// Minutes as decimal hours with two decimals, with the language's decimal mark.
pub(crate) fn hours(minutes: u32) -> String {
    let text = format_decimal_hours(i64::from(minutes));
    match language() {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}

/// A share (0 to 1) as a percentage with one decimal.
pub(crate) fn percent(share: f64) -> String {
    let text = format!("{:.1} %", share * 100.0);
    match language() {
        Lang::Fr => text.replace('.', ","),
        Lang::En => text,
    }
}

/// `yes` or `no` in the current language.
pub(crate) fn yes_no(value: bool) -> String {
    t(if value { "sheet.yes" } else { "sheet.no" })
}

/// The week and its dates: `2026-W48, from 2026-11-23 to 2026-11-29`.
pub(crate) fn week_line(sheet: &Timesheet) -> String {
    let period = tf(
        "sheet.period",
        &[
            ("from", &date(sheet.first_day)),
            ("to", &date(sheet.last_day)),
        ],
    );
    format!("{}, {period}", sheet.week)
}

/// The operation's number and name on one line.
pub(crate) fn operation_line(sheet: &Timesheet) -> String {
    let h = &sheet.heading;
    match (h.operation_code.is_empty(), h.operation_name.is_empty()) {
        (false, false) => format!("{} — {}", h.operation_code, h.operation_name),
        (false, true) => h.operation_code.clone(),
        _ => h.operation_name.clone(),
    }
}

/// The referent's name and login.
pub(crate) fn referent_line(sheet: &Timesheet) -> String {
    format!(
        "{} ({})",
        sheet.heading.referent_name, sheet.heading.referent_login
    )
}

/// The status, with the draft mark when the week is not validated.
pub(crate) fn status_line(sheet: &Timesheet) -> String {
    let status = sheet.lifecycle.status.label();
    if sheet.is_validated() {
        status
    } else {
        format!("{status} — {}", t("sheet.draft"))
    }
}

/// The note printed under a day that is outside the month of a clipped sheet.
pub(crate) fn outside_month(sheet: &Timesheet) -> String {
    tf(
        "sheet.outside_month",
        &[("month", &Month::containing(sheet.first_day).to_string())],
    )
}

/// The activity as a grid row label: `IND — Individual interview`.
pub(crate) fn activity(code: &str, label: &str) -> String {
    if code == label {
        code.to_owned()
    } else {
        format!("{code} — {label}")
    }
}

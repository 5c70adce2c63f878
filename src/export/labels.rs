//! The words and numbers printed on the human timesheets (XLSX and PDF), in the current language.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::domain::duration::format_decimal_hours;
use crate::domain::time::ActivityKind;
use crate::domain::timesheet::{Heading, Month, Signature, Timesheet};
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

/// An electronic signature's local time with its zone (`2026-11-23 17:05 (Europe/Paris)`).
pub(crate) fn signed_at(signature: &Signature) -> String {
    format!("{} ({})", date_time(signature.at), signature.zone)
}

/// The electronic trail of the employee's box: when the week was submitted.
pub(crate) fn submitted_trail(sheet: &Timesheet) -> String {
    match &sheet.lifecycle.submitted {
        Some(sig) => tf("sheet.submitted_trail", &[("at", &signed_at(sig))]),
        None => t("sheet.not_submitted"),
    }
}

/// The electronic trail of the manager's box: who validated the week, and when.
pub(crate) fn validated_trail(sheet: &Timesheet) -> String {
    match &sheet.lifecycle.validated {
        Some(sig) => tf(
            "sheet.validated_trail",
            &[("name", &sig.name), ("at", &signed_at(sig))],
        ),
        None => t("sheet.not_validated"),
    }
}

/// The person named in the countersignature box: the employee's line manager, or, when
/// none is set, the coordinator who validated the week.
pub(crate) fn manager_name(sheet: &Timesheet) -> String {
    if sheet.heading.line_manager.trim().is_empty() {
        sheet
            .lifecycle
            .validated
            .as_ref()
            .map(|sig| sig.name.clone())
            .unwrap_or_default()
    } else {
        sheet.heading.line_manager.clone()
    }
}

/// The fingerprint line printed on every sheet.
pub(crate) fn fingerprint(sheet: &Timesheet) -> String {
    tf(
        "sheet.fingerprint",
        &[("sha", &sheet.lifecycle.fingerprint)],
    )
}

/// The one command that checks the fingerprint against the database.
pub(crate) fn verify(sheet: &Timesheet) -> String {
    tf(
        "sheet.verify",
        &[
            ("week", &sheet.week.to_string()),
            ("referent", &sheet.heading.referent_login),
        ],
    )
}

/// The short name of an activity kind for the grid's narrow column (`ESF`, `other`, `abs.`).
pub(crate) fn kind_short(kind: ActivityKind) -> String {
    t(&format!("sheet.kind_short.{}", kind.code()))
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
    operation_line_of(&sheet.heading)
}

/// The operation's number and name of a heading on one line.
pub(crate) fn operation_line_of(h: &Heading) -> String {
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

/// The week's status (the DRAFT mark is printed apart, once).
pub(crate) fn status_line(sheet: &Timesheet) -> String {
    sheet.lifecycle.status.label()
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

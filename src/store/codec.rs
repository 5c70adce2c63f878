//! Stored text ↔ typed values: the one place where instants, codes, file numbers
//! and ISO weeks are turned into the text the database holds, and back.
//!
//! Reading fails closed: a value this program cannot read is an error naming
//! it, never a default (a damaged week status read as `draft` would unlock a
//! validated week).

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::domain::IsoWeek;
use crate::domain::agenda::{AppointmentKind, AppointmentStatus};
use crate::domain::esf::{Answer, EsfItem};
use crate::domain::journal::ContactKind;
use crate::domain::lifecycle::{EventKind, Situation, Validation};
use crate::domain::participant::{
    CommissionDecision, Criterion, EducationLevel, ExitOutcome, FileNumber, LabourStatus, Sex,
    Status,
};
use crate::domain::pathway::{BarrierKind, StepKind, StepOutcome};
use crate::domain::time::{ActivityKind, WeekStatus};
use crate::domain::user::Role;

/// The stored form of an instant: UTC, second precision, `Z` suffix.
const INSTANT_FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// A stored value this program cannot read: what it should have been, and what was found.
#[derive(Debug)]
pub struct Unreadable {
    /// Translation key of the kind of value expected (`stored.week_status`…).
    pub what: &'static str,
    /// The stored text.
    pub value: String,
}

impl fmt::Display for Unreadable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}", self.what, self.value)
    }
}

impl std::error::Error for Unreadable {}

/// The column's text, or an error for any other SQLite type.
fn text(value: ValueRef<'_>) -> FromSqlResult<&str> {
    value.as_str()
}

/// Decodes `value` with `parse`, failing with [`Unreadable`] when it returns nothing.
fn decode<T>(
    value: ValueRef<'_>,
    what: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> FromSqlResult<T> {
    let stored = text(value)?;
    parse(stored).ok_or_else(|| {
        FromSqlError::Other(Box::new(Unreadable {
            what,
            value: stored.to_owned(),
        }))
    })
}

/// An instant as stored: UTC, second precision, `Z` suffix.
pub(crate) fn stamp(at: DateTime<Utc>) -> String {
    at.format(INSTANT_FORMAT).to_string()
}

/// A stored instant (RFC 3339, as [`stamp`] writes it).
pub(crate) fn instant(stored: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(stored)
        .ok()
        .map(|at| at.with_timezone(&Utc))
}

/// An instant as a column: read and written in the stored form of [`stamp`]
/// (rusqlite's own conversion writes another form, with a space and `+00:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Instant(pub DateTime<Utc>);

impl FromSql for Instant {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        decode(value, "stored.instant", instant).map(Instant)
    }
}

impl ToSql for Instant {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(stamp(self.0)))
    }
}

/// A date as a column (`YYYY-MM-DD`), read without chrono's general parser: a coordinator's
/// caseload reads six dates for each of 10,000 participants, and the general parser was a
/// tenth of that reading. Any other form goes to rusqlite's own conversion (and its errors).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Day(pub NaiveDate);

impl FromSql for Day {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let quick = value.as_str().ok().and_then(|text| {
            let b = text.as_bytes();
            let digits = |r: std::ops::Range<usize>| {
                b[r].iter().try_fold(0u32, |n, d| {
                    d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
                })
            };
            if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
                return None;
            }
            let year = i32::try_from(digits(0..4)?).ok()?;
            NaiveDate::from_ymd_opt(year, digits(5..7)?, digits(8..10)?)
        });
        match quick {
            Some(day) => Ok(Day(day)),
            None => NaiveDate::column_result(value).map(Day),
        }
    }
}

/// The positions of `names` among a statement's columns: looked up once per statement
/// rather than at every row (by-name lookups were a fifth of reading a 10,000-line
/// caseload), and still named in the code that reads them.
pub(crate) fn columns<const N: usize>(
    stmt: &rusqlite::Statement<'_>,
    names: [&str; N],
) -> rusqlite::Result<[usize; N]> {
    let mut found = [0; N];
    for (slot, name) in found.iter_mut().zip(names) {
        *slot = stmt.column_index(name)?;
    }
    Ok(found)
}

/// Criteria as stored: comma-separated codes, empty for none.
pub(crate) struct Criteria<'a>(pub std::borrow::Cow<'a, [Criterion]>);

impl ToSql for Criteria<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        let codes: Vec<&str> = self.0.iter().map(|c| c.code()).collect();
        Ok(ToSqlOutput::from(codes.join(",")))
    }
}

impl FromSql for Criteria<'static> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        decode(value, "stored.criteria", |codes| {
            codes
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .map(Criterion::from_code)
                .collect::<Option<Vec<_>>>()
        })
        .map(|list| Criteria(list.into()))
    }
}

/// `FromSql` and `ToSql` through a type's stable code, failing closed on an unknown one.
macro_rules! stored_codes {
    ($($ty:ty => $what:literal),+ $(,)?) => {$(
        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                decode(value, $what, <$ty>::from_code)
            }
        }

        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.code()))
            }
        }
    )+};
}

stored_codes!(
    Status => "stored.status",
    Sex => "stored.sex",
    LabourStatus => "stored.labour",
    EducationLevel => "stored.education",
    CommissionDecision => "stored.commission",
    ExitOutcome => "stored.exit",
    EventKind => "stored.lifecycle_kind",
    Validation => "stored.exit_validation",
    Situation => "stored.situation",
    StepKind => "stored.step",
    StepOutcome => "stored.step_outcome",
    BarrierKind => "stored.barrier",
    ContactKind => "stored.contact",
    AppointmentKind => "stored.appointment",
    AppointmentStatus => "stored.appointment_status",
    WeekStatus => "stored.week_status",
    ActivityKind => "stored.activity_kind",
    Role => "stored.role",
    Answer => "stored.esf_answer",
    EsfItem => "stored.esf_item",
);

/// `FromSql` and `ToSql` through a type's text form (`Display` and `FromStr`).
macro_rules! stored_text {
    ($($ty:ty => $what:literal),+ $(,)?) => {$(
        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                decode(value, $what, |s| s.parse().ok())
            }
        }

        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.to_string()))
            }
        }
    )+};
}

stored_text!(
    FileNumber => "stored.file_number",
    IsoWeek => "stored.iso_week",
);

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::Connection;

    fn read<T: FromSql>(stored: &str) -> rusqlite::Result<T> {
        let conn = Connection::open_in_memory().expect("in-memory database");
        conn.query_row("SELECT ?1", [stored], |r| r.get(0))
    }

    #[test]
    fn known_values_round_trip_and_unknown_ones_are_errors() {
        assert_eq!(
            read::<WeekStatus>("validated").ok(),
            Some(WeekStatus::Validated)
        );
        assert!(read::<WeekStatus>("Validated").is_err());
        assert!(read::<WeekStatus>("").is_err());
        assert_eq!(
            read::<FileNumber>("P-2026-0042").ok(),
            FileNumber::new(2026, 42)
        );
        assert!(read::<FileNumber>("P-2026-42").is_err());
        assert_eq!(read::<IsoWeek>("2026-W53").ok(), IsoWeek::new(2026, 53));
        assert!(read::<IsoWeek>("2025-W53").is_err());
        assert_eq!(
            read::<Criteria>("rsa, qpv").map(|c| c.0.into_owned()).ok(),
            Some(vec![Criterion::Rsa, Criterion::Qpv])
        );
        assert_eq!(
            read::<Criteria>("").map(|c| c.0.into_owned()).ok(),
            Some(Vec::new())
        );
        assert!(read::<Criteria>("rsa,unknown").is_err());
    }

    #[test]
    fn criteria_are_written_as_their_codes() {
        let conn = Connection::open_in_memory().expect("in-memory database");
        let list = [Criterion::Rsa, Criterion::Qpv];
        let written: String = conn
            .query_row("SELECT ?1", [Criteria(list.as_slice().into())], |r| {
                r.get(0)
            })
            .expect("written");
        assert_eq!(written, "rsa,qpv");
    }

    #[test]
    fn instants_are_stored_in_one_form() {
        let at = instant("2026-11-23T10:05:00Z").expect("an instant");
        assert_eq!(stamp(at), "2026-11-23T10:05:00Z");
        assert_eq!(
            read::<Instant>("2026-11-23T10:05:00Z").ok(),
            Some(Instant(at))
        );
        assert!(read::<Instant>("2026-11-23").is_err());
        let conn = Connection::open_in_memory().expect("in-memory database");
        let written: String = conn
            .query_row("SELECT ?1", [Instant(at)], |r| r.get(0))
            .expect("written");
        assert_eq!(written, "2026-11-23T10:05:00Z");
    }

    #[test]
    fn an_unreadable_value_names_what_was_expected() {
        match read::<Status>("gone") {
            Err(rusqlite::Error::FromSqlConversionFailure(_, _, e)) => {
                let e = e.downcast_ref::<Unreadable>().expect("an unreadable value");
                assert_eq!((e.what, e.value.as_str()), ("stored.status", "gone"));
            }
            other => panic!("expected an unreadable value, got {other:?}"),
        }
    }
}

//! An agenda as CSV, for spreadsheets: one row per appointment in time order,
//! local date and times in the PLIE's zone plus the UTC start. RFC 4180 (CRLF,
//! quoting only when needed), UTF-8, a header row. Participants appear by file
//! number only; notes are never exported.

use chrono_tz::Tz;

use super::ExportError;
use crate::domain::agenda::Appointment;
use crate::domain::schedule::ends_at;
use crate::domain::text::spreadsheet_text;

/// The header row.
pub const HEADER: [&str; 13] = [
    "uid",
    "referent_login",
    "date",
    "start",
    "end",
    "minutes",
    "timezone",
    "start_utc",
    "kind",
    "participant_file",
    "status",
    "title",
    "location",
];

/// The CSV fields of one appointment, its times in `tz`; stored text is
/// spreadsheet-safe (no control character, no formula).
pub fn row(a: &Appointment, tz: Tz) -> [String; 13] {
    let start = a.starts_at.with_timezone(&tz);
    let end = ends_at(a).with_timezone(&tz);
    let text = |value: &str| spreadsheet_text(value).into_owned();
    [
        text(&a.uid),
        text(&a.referent),
        start.format("%Y-%m-%d").to_string(),
        start.format("%H:%M").to_string(),
        end.format("%H:%M").to_string(),
        a.minutes.to_string(),
        tz.name().to_owned(),
        crate::store::stamp(a.starts_at),
        a.kind.code().to_owned(),
        text(a.participant.as_deref().unwrap_or_default()),
        a.status.code().to_owned(),
        text(a.title.trim()),
        text(a.location.trim()),
    ]
}

/// Writes the appointments, in the order given, under one header row.
pub fn agenda_csv(appointments: &[Appointment], tz: Tz) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail = |e: &dyn std::fmt::Display| ExportError::write("CSV", e);
    writer.write_record(HEADER).map_err(|e| fail(&e))?;
    for a in appointments {
        writer.write_record(row(a, tz)).map_err(|e| fail(&e))?;
    }
    writer.into_inner().map_err(|e| fail(&e))
}

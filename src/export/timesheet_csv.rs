//! The weekly ESF timesheet as CSV: one row per time entry, for scripts and spreadsheets.
//!
//! RFC 4180 (CRLF line ends, fields quoted only when needed, quotes doubled), UTF-8 without
//! a byte-order mark, a header row, `,` by default. Rows come sheet by sheet, each by date
//! then in the order the entries were made. Nothing in a row depends on when the file is
//! made, so the same week always gives the same bytes.

use chrono::Datelike;

use super::ExportError;
use crate::domain::DomainError;
use crate::domain::duration::format_decimal_hours;
use crate::domain::text::spreadsheet_text;
use crate::domain::timesheet::{SheetEntry, Timesheet};

/// The header row, as design.md fixes it.
pub const HEADER: [&str; 13] = [
    "referent_login",
    "referent_name",
    "iso_week",
    "date",
    "weekday",
    "operation_code",
    "activity_code",
    "activity_label",
    "esf_eligible",
    "participant_file",
    "minutes",
    "hours",
    "note",
];

/// English weekday names, Monday first: the CSV is the same in every language.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The default field separator.
pub const DEFAULT_DELIMITER: u8 = b',';

/// Checks a separator given by a person (`--delimiter ';'`): one ASCII character that is
/// neither a quote nor a line break.
pub fn parse_delimiter(text: &str) -> Result<u8, DomainError> {
    let bad = || DomainError::new("sheet.error.delimiter").arg("value", text);
    let value = if text == "\\t" { "\t" } else { text };
    match value.as_bytes() {
        [b] if b.is_ascii() && !matches!(b, b'"' | b'\r' | b'\n') => Ok(*b),
        _ => Err(bad()),
    }
}

/// The CSV fields of one entry of a sheet; stored text is spreadsheet-safe (no
/// control character, no formula).
pub fn row(sheet: &Timesheet, entry: &SheetEntry) -> [String; 13] {
    let h = &sheet.heading;
    let weekday = WEEKDAYS[entry.date.weekday().num_days_from_monday() as usize];
    let text = |value: &str| spreadsheet_text(value).into_owned();
    [
        text(&h.referent_login),
        text(&h.referent_name),
        sheet.week.to_string(),
        entry.date.format("%Y-%m-%d").to_string(),
        weekday.to_owned(),
        text(&h.operation_code),
        text(&entry.activity_code),
        text(&entry.activity_label),
        entry.esf.to_string(),
        text(entry.participant.as_deref().unwrap_or_default()),
        entry.minutes.to_string(),
        format_decimal_hours(i64::from(entry.minutes)),
        text(&entry.note),
    ]
}

/// Writes the rows of every sheet, in order, under one header row.
pub fn timesheet_csv(sheets: &[Timesheet], delimiter: u8) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail = |e: &dyn std::fmt::Display| ExportError::write("CSV", e);
    writer.write_record(HEADER).map_err(|e| fail(&e))?;
    for sheet in sheets {
        for entry in &sheet.entries {
            writer
                .write_record(row(sheet, entry))
                .map_err(|e| fail(&e))?;
        }
    }
    writer.into_inner().map_err(|e| fail(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters() {
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert_eq!(parse_delimiter(","), Ok(b','));
        assert_eq!(parse_delimiter("\\t"), Ok(b'\t'));
        for bad in ["", ";;", "\"", "\n", "é"] {
            assert!(parse_delimiter(bad).is_err(), "{bad:?} should be refused");
        }
    }
}

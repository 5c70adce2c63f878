//! The weekly ESF timesheet as CSV: one row per time entry, for scripts and spreadsheets.
//!
//! RFC 4180 (CRLF line ends, fields quoted only when needed, quotes doubled), UTF-8 without
//! a byte-order mark, a header row, `,` by default. Rows come sheet by sheet, each by date
//! then in the order the entries were made. Nothing in a row depends on when the file is
//! made, so the same week always gives the same bytes.
//!
//! Each row carries its week's status, the DRAFT mark of a week not validated, and the
//! week's fingerprint (the `fingerprint` column: the SHA-256 printed on the PDF and XLSX
//! sheets, checked by `parcours week verify`). `hours` is exact to the millionth, so the
//! column sums to the week's total. Two flavours: with `,` (and any other separator but
//! `;`) codes and English weekdays with a decimal point, for scripts; with `;`, what a
//! French spreadsheet reads as numbers — decimal comma — and weekdays, status and yes/no in
//! the language of the export.

use chrono::Datelike;

use super::ExportError;
use crate::domain::DomainError;
use crate::domain::duration::format_exact_hours;
use crate::domain::text::spreadsheet_text;
use crate::domain::timesheet::{SheetEntry, Timesheet};
use crate::i18n::t;

/// The header row (column names stay the same in every flavour).
pub const HEADER: [&str; 17] = [
    "referent_login",
    "referent_name",
    "iso_week",
    "status",
    "mark",
    "date",
    "weekday",
    "operation_code",
    "activity_code",
    "activity_label",
    "activity_kind",
    "esf_eligible",
    "participant_file",
    "minutes",
    "hours",
    "note",
    "fingerprint",
];

/// English weekday names, Monday first, of the script flavour.
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Translation keys of the full weekday names of the spreadsheet flavour, Monday first.
const WEEKDAY_KEYS: [&str; 7] = [
    "sheet.weekday.mon",
    "sheet.weekday.tue",
    "sheet.weekday.wed",
    "sheet.weekday.thu",
    "sheet.weekday.fri",
    "sheet.weekday.sat",
    "sheet.weekday.sun",
];

/// The default field separator.
pub const DEFAULT_DELIMITER: u8 = b',';

/// The separator of the spreadsheet flavour.
pub const SPREADSHEET_DELIMITER: u8 = b';';

/// How the CSV is written: its separator, and whether values follow the language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvFlavour {
    /// Field separator.
    pub delimiter: u8,
    /// Decimal comma and translated weekdays, status, mark and yes/no (the `;` flavour).
    pub localised: bool,
}

impl CsvFlavour {
    /// The flavour of a separator: `;` is for spreadsheets, anything else for scripts.
    pub fn for_delimiter(delimiter: u8) -> Self {
        Self {
            delimiter,
            localised: delimiter == SPREADSHEET_DELIMITER,
        }
    }
}

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
pub fn row(sheet: &Timesheet, entry: &SheetEntry, flavour: CsvFlavour) -> [String; 17] {
    let h = &sheet.heading;
    let day = entry.date.weekday().num_days_from_monday() as usize;
    let text = |value: &str| spreadsheet_text(value).into_owned();
    let status = sheet.lifecycle.status;
    let draft = !sheet.is_validated();
    let hours = format_exact_hours(entry.minutes);
    let (weekday, status, mark, kind, esf, hours) = if flavour.localised {
        (
            t(WEEKDAY_KEYS[day]),
            status.label(),
            if draft {
                t("sheet.draft")
            } else {
                String::new()
            },
            entry.kind.label(),
            t(if entry.esf() { "sheet.yes" } else { "sheet.no" }),
            hours.replace('.', ","),
        )
    } else {
        (
            WEEKDAYS[day].to_owned(),
            status.code().to_owned(),
            if draft {
                "DRAFT".to_owned()
            } else {
                String::new()
            },
            entry.kind.code().to_owned(),
            entry.esf().to_string(),
            hours,
        )
    };
    [
        text(&h.referent_login),
        text(&h.referent_name),
        sheet.week.to_string(),
        status,
        mark,
        entry.date.format("%Y-%m-%d").to_string(),
        weekday,
        text(&h.operation_code),
        text(&entry.activity_code),
        text(&entry.activity_label),
        kind,
        esf,
        text(entry.participant.as_deref().unwrap_or_default()),
        entry.minutes.to_string(),
        hours,
        text(&entry.note),
        sheet.lifecycle.fingerprint.clone(),
    ]
}

/// Writes the rows of every sheet, in order, under one header row.
pub fn timesheet_csv(sheets: &[Timesheet], flavour: CsvFlavour) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(flavour.delimiter)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let fail = |e: &dyn std::fmt::Display| ExportError::write("CSV", e);
    writer.write_record(HEADER).map_err(|e| fail(&e))?;
    for sheet in sheets {
        for entry in &sheet.entries {
            writer
                .write_record(row(sheet, entry, flavour))
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
        assert!(CsvFlavour::for_delimiter(b';').localised);
        assert!(!CsvFlavour::for_delimiter(b',').localised);
        assert!(!CsvFlavour::for_delimiter(b'\t').localised);
    }
}

//! The files of the ESF platform export, pure functions of the records and the column
//! map: one CSV per stage with the complete records, and the error list of the others
//! (file number, stage, missing items), like the platform's own error file.
//!
//! Every cell is quoted, so that an importer taking quoted cells as text keeps file
//! numbers and postcodes as written (leading zeros included); stored text goes through
//! `domain::text::spreadsheet_text` (no control character, no formula).

use chrono::NaiveDate;

use super::esf_map::{ColumnMap, Field};
use crate::domain::DomainError;
use crate::domain::esf::{EsfItem, EsfRecord, EsfStage, Identity};
use crate::domain::esf_indicators::Population;
use crate::domain::participant::FileNumber;
use crate::domain::text::spreadsheet_text;

/// A stage that kept a participant out of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingStage {
    /// The participant's file number.
    pub file_number: FileNumber,
    /// The incomplete stage.
    pub stage: EsfStage,
    /// Its unanswered items.
    pub missing: Vec<EsfItem>,
}

/// A stage's export: the file's bytes, how many participants it holds, and the stages
/// that kept the others out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformExport {
    /// The CSV file, encoded as the map says.
    pub bytes: Vec<u8>,
    /// Participants written.
    pub exported: usize,
    /// The incomplete stages, by file number.
    pub errors: Vec<MissingStage>,
}

/// The file of `stage` for `records` (those its population holds), laid out by `map`.
///
/// A record is written when every stage the population needs is complete (the entry,
/// and the exit or six-month stage for those files); otherwise each incomplete stage is
/// an error line.
pub fn platform_csv(
    map: &ColumnMap,
    stage: EsfStage,
    records: &[(Identity, EsfRecord)],
) -> Result<PlatformExport, DomainError> {
    let columns = map.columns(stage);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut errors = Vec::new();
    for (identity, record) in records {
        let missing: Vec<MissingStage> = Population::of_stage(stage)
            .stages()
            .iter()
            .filter(|s| !record.state(**s).complete)
            .map(|s| MissingStage {
                file_number: record.file_number,
                stage: *s,
                missing: record.state(*s).missing.clone(),
            })
            .collect();
        if missing.is_empty() {
            rows.push(
                columns
                    .iter()
                    .map(|c| cell(map, c.field, identity, record))
                    .collect(),
            );
        } else {
            errors.extend(missing);
        }
    }
    let header: Vec<String> = columns.iter().map(|c| c.header.clone()).collect();
    let bytes = encode(map, &csv_text(map.separator_byte()?, &header, &rows)?)?;
    Ok(PlatformExport {
        bytes,
        exported: rows.len(),
        errors,
    })
}

/// The error file: a header line, then one line per incomplete stage (file number, stage,
/// missing items by code), in the map's separator and encoding.
pub fn errors_csv(map: &ColumnMap, errors: &[MissingStage]) -> Result<Vec<u8>, DomainError> {
    let header = ["file_number", "stage", "missing"].map(str::to_owned);
    let rows: Vec<Vec<String>> = errors.iter().map(error_cells).collect();
    encode(map, &csv_text(map.separator_byte()?, &header, &rows)?)
}

/// The error lines alone, in UTF-8 and the map's separator: what goes to standard error
/// when the file itself goes to standard output.
pub fn error_lines(map: &ColumnMap, errors: &[MissingStage]) -> Result<Vec<String>, DomainError> {
    let separator = map.separator_byte()?;
    errors
        .iter()
        .map(|e| {
            let text = csv_text(separator, &[], &[error_cells(e)])?;
            Ok(text.trim_end_matches(['\r', '\n']).to_owned())
        })
        .collect()
}

fn error_cells(e: &MissingStage) -> Vec<String> {
    let missing: Vec<&str> = e.missing.iter().map(|i| i.code()).collect();
    vec![
        e.file_number.to_string(),
        e.stage.code().to_owned(),
        missing.join(", "),
    ]
}

/// One cell: a value code from the map, a date in its format, or spreadsheet-safe text.
fn cell(map: &ColumnMap, field: Field, identity: &Identity, record: &EsfRecord) -> String {
    let v = &map.values;
    let pick = |table: &std::collections::BTreeMap<String, String>, code: Option<&str>| {
        code.and_then(|c| table.get(c)).cloned().unwrap_or_default()
    };
    let boolean =
        |value: Option<bool>| pick(&v.boolean, value.map(|yes| if yes { "yes" } else { "no" }));
    let date = |d: Option<NaiveDate>| {
        d.map(|d| d.format(&map.date_format).to_string())
            .unwrap_or_default()
    };
    let entry = &record.entry.answers;
    let french = &record.entry.french;
    match field {
        Field::FileNumber => record.file_number.to_string(),
        Field::LastName => spreadsheet_text(&identity.last_name).into_owned(),
        Field::FirstName => spreadsheet_text(&identity.first_name).into_owned(),
        Field::BirthDate => date(Some(identity.birth_date)),
        Field::Postcode => spreadsheet_text(&identity.postcode).into_owned(),
        Field::Commune => spreadsheet_text(&identity.commune).into_owned(),
        Field::EntryDate => date(record.entry_on),
        Field::ExitDate => date(record.exit_on),
        Field::Age => record.entry.age.map(|a| a.to_string()).unwrap_or_default(),
        Field::Sex => pick(&v.sex, entry.sex.map(|s| s.code())),
        Field::LabourStatus => pick(&v.labour_status, entry.labour_status.map(|s| s.code())),
        Field::UnemployedSince => date(entry.unemployed_since),
        Field::Education => pick(&v.education, entry.education.map(|e| e.code())),
        Field::Isced => pick(&v.isced, record.entry.isced),
        Field::Rsa => boolean(Some(french.rsa)),
        Field::Ass => boolean(Some(french.ass)),
        Field::Aah => boolean(Some(french.aah)),
        Field::Rqth => boolean(Some(french.rqth)),
        Field::Qpv => boolean(Some(french.qpv)),
        Field::SingleParent => boolean(Some(french.single_parent)),
        Field::JobSearching | Field::InTraining | Field::Qualification | Field::Employed => {
            boolean(field.item().and_then(|i| record.exit.answers.value(i)))
        }
        Field::EmployedAfterSixMonths | Field::ImprovedAfterSixMonths => {
            boolean(field.item().and_then(|i| record.follow_up.answers.value(i)))
        }
        Field::Disability
        | Field::ThirdCountry
        | Field::ForeignBackground
        | Field::Minority
        | Field::Homeless
        | Field::Rural => pick(
            &v.answer,
            field.item().and_then(|i| entry.answer(i)).map(|a| a.code()),
        ),
    }
}

/// CSV text, every cell quoted, CRLF line ends (RFC 4180); no header line when `header`
/// is empty.
fn csv_text(separator: u8, header: &[String], rows: &[Vec<String>]) -> Result<String, DomainError> {
    let fail = |e: &dyn std::fmt::Display| {
        DomainError::new("esf.export.write").arg("detail", e.to_string())
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(separator)
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    if !header.is_empty() {
        writer.write_record(header).map_err(|e| fail(&e))?;
    }
    for row in rows {
        writer.write_record(row).map_err(|e| fail(&e))?;
    }
    let bytes = writer.into_inner().map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|e| fail(&e))
}

/// `text` in the map's encoding, with the UTF-8 byte-order mark if it asks for one; a
/// character the encoding cannot write is an error naming it (never a silent `?`).
fn encode(map: &ColumnMap, text: &str) -> Result<Vec<u8>, DomainError> {
    let encoding = map.encoding()?;
    if encoding == encoding_rs::UTF_8 {
        let mut bytes = if map.bom {
            vec![0xEF, 0xBB, 0xBF]
        } else {
            Vec::new()
        };
        bytes.extend_from_slice(text.as_bytes());
        return Ok(bytes);
    }
    let (bytes, _, unmappable) = encoding.encode(text);
    if unmappable {
        let c = text
            .chars()
            .find(|c| encoding.encode(&c.to_string()).2)
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        return Err(DomainError::new("esf.export.unencodable")
            .arg("char", c)
            .arg("encoding", encoding.name()));
    }
    Ok(bytes.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_character_the_encoding_lacks_is_named() {
        let map = ColumnMap::parse(
            &super::super::esf_map::DEFAULT_MAP
                .replace("encoding = \"utf-8\"", "encoding = \"windows-1252\"")
                .replace("bom = true", "bom = false"),
            "test",
        )
        .unwrap();
        assert_eq!(encode(&map, "Prénom €").unwrap(), b"Pr\xe9nom \x80");
        let e = encode(&map, "Nguyễn").unwrap_err();
        assert_eq!(e.key, "esf.export.unencodable");
        assert!(
            e.args.iter().any(|(k, v)| *k == "char" && v == "ễ"),
            "{e:?}"
        );
    }

    #[test]
    fn error_lines_are_csv_without_header() {
        let map = ColumnMap::default_map().unwrap();
        let errors = [MissingStage {
            file_number: FileNumber::new(2026, 7).unwrap(),
            stage: EsfStage::FollowUp,
            missing: vec![
                EsfItem::EmployedAfterSixMonths,
                EsfItem::ImprovedAfterSixMonths,
            ],
        }];
        assert_eq!(
            error_lines(&map, &errors).unwrap(),
            [
                "\"P-2026-0007\";\"follow-up\";\"employed_after_six_months, improved_after_six_months\""
            ]
        );
        let file = errors_csv(&map, &errors).unwrap();
        assert!(file.starts_with(b"\xEF\xBB\xBF\"file_number\";\"stage\";\"missing\"\r\n"));
    }
}

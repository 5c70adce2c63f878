//! The column map of the ESF platform export: which columns each stage's CSV has (header
//! and field), how each answer is coded, the separator, the date format, the encoding and
//! the byte-order mark.
//!
//! The official import template of Ma Démarche FSE+ is not public, so the layout is data:
//! `assets/esf_map.toml` is the project's own default (documented in `docs/esf.md`), and a
//! PLIE gives its intermediate body's template with `--map FILE.toml`, without code. A map
//! is checked whole when read: every value code present, every field allowed in its stage,
//! the date format and the encoding usable; the first fault is named.

use std::collections::BTreeMap;

use chrono::format::{Item, StrftimeItems};
use serde::Deserialize;

use crate::domain::DomainError;
use crate::domain::esf::{Answer, EsfItem, EsfStage};
use crate::domain::participant::{EducationLevel, LabourStatus, Sex};

/// The map shipped with parcours (`assets/esf_map.toml`).
pub const DEFAULT_MAP: &str = include_str!("../../assets/esf_map.toml");

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The file number `P-YYYY-NNNN` (text).
    FileNumber,
    /// Family name.
    LastName,
    /// Given name.
    FirstName,
    /// Date of birth.
    BirthDate,
    /// Postcode (text: leading zeros kept).
    Postcode,
    /// Commune of residence.
    Commune,
    /// Entry date (the engagement contract).
    EntryDate,
    /// Exit date.
    ExitDate,
    /// Age at entry, in years.
    Age,
    /// Sex (`values.sex`).
    Sex,
    /// Labour-market status at entry (`values.labour_status`).
    LabourStatus,
    /// Start of the unemployment.
    UnemployedSince,
    /// French education level (`values.education`).
    Education,
    /// ISCED band of the education level (`values.isced`).
    Isced,
    /// Disability (`values.answer`).
    Disability,
    /// Third-country national (`values.answer`).
    ThirdCountry,
    /// Foreign background (`values.answer`).
    ForeignBackground,
    /// Minority (`values.answer`).
    Minority,
    /// Homeless or housing exclusion (`values.answer`).
    Homeless,
    /// Rural area (`values.answer`).
    Rural,
    /// RSA (`values.boolean`).
    Rsa,
    /// ASS (`values.boolean`).
    Ass,
    /// AAH (`values.boolean`).
    Aah,
    /// RQTH (`values.boolean`).
    Rqth,
    /// QPV resident (`values.boolean`).
    Qpv,
    /// Single parent (`values.boolean`).
    SingleParent,
    /// Job searching on leaving (`values.boolean`).
    JobSearching,
    /// In education or training on leaving (`values.boolean`).
    InTraining,
    /// Gained a qualification on leaving (`values.boolean`).
    Qualification,
    /// In employment on leaving (`values.boolean`).
    Employed,
    /// In employment six months after leaving (`values.boolean`).
    EmployedAfterSixMonths,
    /// Improved situation six months after leaving (`values.boolean`; empty when not asked).
    ImprovedAfterSixMonths,
}

impl Field {
    /// The record item of an answer field; `None` for identity and derived fields.
    pub fn item(self) -> Option<EsfItem> {
        Some(match self {
            Self::Sex => EsfItem::Sex,
            Self::LabourStatus => EsfItem::LabourStatus,
            Self::UnemployedSince => EsfItem::UnemployedSince,
            Self::Education => EsfItem::Education,
            Self::Disability => EsfItem::Disability,
            Self::ThirdCountry => EsfItem::ThirdCountry,
            Self::ForeignBackground => EsfItem::ForeignBackground,
            Self::Minority => EsfItem::Minority,
            Self::Homeless => EsfItem::Homeless,
            Self::Rural => EsfItem::Rural,
            Self::JobSearching => EsfItem::JobSearching,
            Self::InTraining => EsfItem::InTraining,
            Self::Qualification => EsfItem::Qualification,
            Self::Employed => EsfItem::Employed,
            Self::EmployedAfterSixMonths => EsfItem::EmployedAfterSixMonths,
            Self::ImprovedAfterSixMonths => EsfItem::ImprovedAfterSixMonths,
            _ => return None,
        })
    }

    /// Whether a stage's file may have this column: the exit and six-month answers only
    /// in their own stage's file (they do not exist yet at entry).
    pub fn allowed_in(self, stage: EsfStage) -> bool {
        match self.item().map(EsfItem::stage) {
            Some(EsfStage::Exit) => stage == EsfStage::Exit,
            Some(EsfStage::FollowUp) => stage == EsfStage::FollowUp,
            _ => !(self == Self::ExitDate && stage == EsfStage::Entry),
        }
    }
}

/// One column of a stage's file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// The header line's text.
    pub header: String,
    /// What it holds.
    pub field: Field,
}

/// How the answers are coded: for each list, the text written for each of its codes.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Values {
    /// `f`, `m`, `x`.
    pub sex: BTreeMap<String, String>,
    /// `unemployed`, `long_term_unemployed`, `inactive`, `employed`.
    pub labour_status: BTreeMap<String, String>,
    /// French levels `1` to `8`.
    pub education: BTreeMap<String, String>,
    /// `0-2`, `3-4`, `5-8`.
    pub isced: BTreeMap<String, String>,
    /// `yes`, `no`, `refused`.
    pub answer: BTreeMap<String, String>,
    /// `yes`, `no`.
    pub boolean: BTreeMap<String, String>,
}

/// A column map, as read and checked.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMap {
    /// Field separator: one ASCII character (`\t` for a tab).
    pub separator: String,
    /// Date format, chrono's `strftime` syntax (`%d/%m/%Y`).
    pub date_format: String,
    /// Encoding by its WHATWG label (`utf-8`, `windows-1252`…).
    pub encoding: String,
    /// Whether a UTF-8 file starts with a byte-order mark.
    pub bom: bool,
    /// The value codes.
    pub values: Values,
    /// The columns of the entry file.
    pub entry: Vec<Column>,
    /// The columns of the exit file.
    pub exit: Vec<Column>,
    /// The columns of the six-month file.
    #[serde(rename = "follow-up")]
    pub follow_up: Vec<Column>,
}

impl ColumnMap {
    /// The map shipped with parcours.
    pub fn default_map() -> Result<Self, DomainError> {
        Self::parse(DEFAULT_MAP, "assets/esf_map.toml")
    }

    /// Reads and checks a map's TOML text; `source` names it in errors.
    pub fn parse(text: &str, source: &str) -> Result<Self, DomainError> {
        let map: ColumnMap = toml::from_str(text).map_err(|e| {
            DomainError::new("esf.map.unreadable")
                .arg("file", source)
                .arg("detail", e.message())
        })?;
        map.check().map_err(|e| e.arg("file", source))?;
        Ok(map)
    }

    /// The columns of `stage`'s file.
    pub fn columns(&self, stage: EsfStage) -> &[Column] {
        match stage {
            EsfStage::Entry => &self.entry,
            EsfStage::Exit => &self.exit,
            EsfStage::FollowUp => &self.follow_up,
        }
    }

    /// The separator as a byte.
    pub fn separator_byte(&self) -> Result<u8, DomainError> {
        super::timesheet_csv::parse_delimiter(&self.separator)
    }

    /// The encoding to write.
    pub fn encoding(&self) -> Result<&'static encoding_rs::Encoding, DomainError> {
        let bad = || DomainError::new("esf.map.encoding").arg("value", &self.encoding);
        let encoding =
            encoding_rs::Encoding::for_label(self.encoding.trim().as_bytes()).ok_or_else(bad)?;
        // UTF-16 and the like are decoded only: encoding_rs writes them as UTF-8.
        if encoding.output_encoding() != encoding {
            return Err(bad());
        }
        Ok(encoding)
    }

    fn check(&self) -> Result<(), DomainError> {
        self.separator_byte()?;
        let encoding = self.encoding()?;
        if self.bom && encoding != encoding_rs::UTF_8 {
            return Err(DomainError::new("esf.map.bom").arg("value", &self.encoding));
        }
        if StrftimeItems::new(&self.date_format).any(|i| matches!(i, Item::Error))
            || self.date_format.trim().is_empty()
        {
            return Err(DomainError::new("esf.map.date_format").arg("value", &self.date_format));
        }
        let v = &self.values;
        codes("sex", &v.sex, Sex::ALL.iter().map(|s| s.code()))?;
        codes(
            "labour_status",
            &v.labour_status,
            LabourStatus::ALL.iter().map(|s| s.code()),
        )?;
        codes(
            "education",
            &v.education,
            EducationLevel::ALL.iter().map(|e| e.code()),
        )?;
        codes("isced", &v.isced, ["0-2", "3-4", "5-8"].into_iter())?;
        codes("answer", &v.answer, Answer::ALL.iter().map(|a| a.code()))?;
        codes("boolean", &v.boolean, ["yes", "no"].into_iter())?;
        for stage in EsfStage::ALL {
            let columns = self.columns(*stage);
            if columns.is_empty() {
                return Err(DomainError::new("esf.map.no_columns").arg("stage", stage.code()));
            }
            if let Some(column) = columns.iter().find(|c| !c.field.allowed_in(*stage)) {
                return Err(DomainError::new("esf.map.field_stage")
                    .arg("header", &column.header)
                    .arg("stage", stage.code()));
            }
        }
        Ok(())
    }
}

/// Checks that `table` of `values` gives a text for every code of its list, and nothing else.
fn codes<'a>(
    table: &str,
    map: &BTreeMap<String, String>,
    expected: impl Iterator<Item = &'a str>,
) -> Result<(), DomainError> {
    let expected: Vec<&str> = expected.collect();
    if let Some(code) = expected.iter().find(|c| !map.contains_key(**c)) {
        return Err(DomainError::new("esf.map.missing_code")
            .arg("table", table)
            .arg("code", code));
    }
    if let Some(code) = map.keys().find(|k| !expected.contains(&k.as_str())) {
        return Err(DomainError::new("esf.map.unknown_code")
            .arg("table", table)
            .arg("code", code)
            .arg("codes", expected.join(", ")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_map_is_valid_and_covers_every_item() {
        let map = ColumnMap::default_map().expect("the default map reads");
        for item in EsfItem::ALL {
            let stage = item.stage();
            assert!(
                map.columns(stage)
                    .iter()
                    .any(|c| c.field.item() == Some(*item)),
                "{item:?} has a column in the {stage:?} file"
            );
        }
        assert_eq!(map.separator_byte(), Ok(b';'));
    }

    #[test]
    fn faults_are_named() {
        let broken = DEFAULT_MAP.replace("refused = ", "declined = ");
        let e = ColumnMap::parse(&broken, "mine.toml").unwrap_err();
        assert_eq!(e.key, "esf.map.missing_code");
        let broken = DEFAULT_MAP.replace("encoding = \"utf-8\"", "encoding = \"klingon\"");
        assert_eq!(
            ColumnMap::parse(&broken, "mine.toml").unwrap_err().key,
            "esf.map.encoding"
        );
        let broken = DEFAULT_MAP.replace("date_format = \"%d/%m/%Y\"", "date_format = \"%Q\"");
        assert_eq!(
            ColumnMap::parse(&broken, "mine.toml").unwrap_err().key,
            "esf.map.date_format"
        );
        let e = ColumnMap::parse("separator = ", "mine.toml").unwrap_err();
        assert_eq!(e.key, "esf.map.unreadable");
        assert!(e.args.iter().any(|(k, v)| *k == "file" && v == "mine.toml"));
        assert!(!Field::JobSearching.allowed_in(EsfStage::Entry));
        assert!(Field::Sex.allowed_in(EsfStage::FollowUp));
    }
}

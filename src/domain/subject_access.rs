//! The answer to a subject-access request (GDPR art. 15) and its portable copy (art. 20):
//! one serialisable view of everything held on one person, in sections.
//!
//! A section has a stable id (its title is the catalogue key `gdpr.section.ID`) and records;
//! a record is an ordered list of fields, each with a stable id (its label is
//! `gdpr.field.ID`) and a value already written for a reader (dates `YYYY-MM-DD`, codes
//! as their labels in the language of the request). The JSON copy is this view as is; the
//! document for the person is drawn from it by `export::subject_access_html`, which knows
//! no section: a new kind of data (ESF answers, the pathway's lifecycle) is one more
//! [`Section`] pushed by the store, and both outputs carry it.

use chrono::NaiveDate;
use serde::Serialize;
use serde::ser::SerializeMap;

/// The format name and version written at the top of the JSON copy.
pub const FORMAT: &str = "parcours-subject-access 1";

/// Everything held on one person, section by section.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SubjectAccess {
    /// [`FORMAT`].
    pub format: &'static str,
    /// The person's file number.
    pub file_number: String,
    /// The day the answer was produced.
    pub produced_on: NaiveDate,
    /// The sections, in the order they are shown.
    pub sections: Vec<Section>,
}

/// One part of the answer: the records of one kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section {
    /// Stable id; the title is the catalogue key `gdpr.section.ID`.
    pub id: &'static str,
    /// The records, oldest first where they have a date.
    pub records: Vec<Record>,
}

impl Section {
    /// A section of `records`.
    pub fn new(id: &'static str, records: Vec<Record>) -> Self {
        Self { id, records }
    }
}

/// One record: fields in the order they are shown, serialised as a JSON object.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Record(pub Vec<(&'static str, String)>);

impl Record {
    /// An empty record.
    pub fn new() -> Self {
        Self::default()
    }

    /// The record with `field` set to `value`.
    pub fn with(mut self, field: &'static str, value: impl Into<String>) -> Self {
        self.0.push((field, value.into()));
        self
    }

    /// The record with `field` set to a date, or blank.
    pub fn date(self, field: &'static str, date: Option<NaiveDate>) -> Self {
        self.with(field, date.map(|d| d.to_string()).unwrap_or_default())
    }

    /// The value of `field`, if the record has it.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(id, _)| *id == field)
            .map(|(_, value)| value.as_str())
    }
}

impl Serialize for Record {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (field, value) in &self.0 {
            map.serialize_entry(field, value)?;
        }
        map.end()
    }
}

impl SubjectAccess {
    /// The section `id`, if present.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    /// The portable copy: pretty JSON ending with a line feed.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        let mut text = serde_json::to_string_pretty(self)?;
        text.push('\n');
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_their_field_order_in_json() {
        let access = SubjectAccess {
            format: FORMAT,
            file_number: "P-2026-0001".into(),
            produced_on: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            sections: vec![Section::new(
                "journal",
                vec![Record::new().with("zeta", "1").with("alpha", "2")],
            )],
        };
        let json = access.to_json().unwrap();
        assert!(json.find("zeta").unwrap() < json.find("alpha").unwrap());
        assert_eq!(
            access.section("journal").unwrap().records[0].get("alpha"),
            Some("2")
        );
    }
}

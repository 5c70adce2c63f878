//! Before/after snapshots of an audit row, compared field by field.
//!
//! The snapshots are the JSON the store wrote; nested objects are flattened to
//! dotted field names. Nothing is read besides the row itself.

use serde_json::Value;

use crate::i18n::t;

/// One field of a record, before and after the change (`None`: absent on that side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// Dotted field name (`details.commune`).
    pub field: String,
    /// The value before, as text.
    pub before: Option<String>,
    /// The value after, as text.
    pub after: Option<String>,
}

impl FieldChange {
    /// Whether the value differs between the two sides.
    pub fn changed(&self) -> bool {
        self.before != self.after
    }
}

/// Every field of either snapshot, in the order they appear (after's order first).
pub fn fields(before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let before = flatten_text(before);
    let after = flatten_text(after);
    let mut out: Vec<FieldChange> = after
        .iter()
        .map(|(field, value)| FieldChange {
            field: field.clone(),
            before: lookup(&before, field),
            after: Some(value.clone()),
        })
        .collect();
    out.extend(
        before
            .iter()
            .filter(|(field, _)| lookup(&after, field).is_none())
            .map(|(field, value)| FieldChange {
                field: field.clone(),
                before: Some(value.clone()),
                after: None,
            }),
    );
    out
}

/// The changed fields on one line: `commune: A → B, phone: … → …`; for a
/// creation or a deletion, its first fields that hold a value.
pub fn summary(before: Option<&str>, after: Option<&str>, none: &str, arrow: &str) -> String {
    let all = fields(before, after);
    match (before.is_some(), after.is_some()) {
        (false, false) => String::new(),
        (false, true) | (true, false) => all
            .iter()
            .filter(|c| {
                c.after
                    .as_ref()
                    .or(c.before.as_ref())
                    .is_some_and(|v| !v.is_empty())
            })
            .take(3)
            .map(|c| {
                let value = c.after.as_ref().or(c.before.as_ref());
                format!(
                    "{}={}",
                    field_label(&c.field),
                    value.map_or(none, String::as_str)
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
        (true, true) => all
            .iter()
            .filter(|c| c.changed())
            .map(|c| {
                format!(
                    "{}: {} {arrow} {}",
                    field_label(&c.field),
                    c.before.as_deref().unwrap_or(none),
                    c.after.as_deref().unwrap_or(none)
                )
            })
            .collect::<Vec<_>>()
            .join(", "),
    }
}

/// What a recorded field is called in the person's language: the catalogue's name for
/// the last part of the dotted name (`details.commune` → `commune`), or that part itself
/// when the catalogue has none (a field added later still shows, untranslated).
pub fn field_label(field: &str) -> String {
    let short = field.rsplit('.').next().unwrap_or(field);
    let key = format!("dashboard.audit.record_field.{short}");
    let label = t(&key);
    if label == key {
        short.to_owned()
    } else {
        label
    }
}

fn lookup(pairs: &[(String, String)], field: &str) -> Option<String> {
    pairs
        .iter()
        .find(|(f, _)| f == field)
        .map(|(_, v)| v.clone())
}

fn flatten_text(json: Option<&str>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    match json.map(serde_json::from_str::<Value>) {
        Some(Ok(value)) => flatten("", &value, &mut out),
        Some(Err(_)) => out.push((VALUE.to_owned(), json.unwrap_or_default().to_owned())),
        None => {}
    }
    out
}

fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    let name = |key: &str| {
        if prefix.is_empty() {
            key.to_owned()
        } else {
            format!("{prefix}.{key}")
        }
    };
    let leaf = if prefix.is_empty() { VALUE } else { prefix };
    match value {
        Value::Object(map) => {
            for (key, v) in map {
                flatten(&name(key), v, out);
            }
        }
        Value::Array(items) if items.iter().any(|v| v.is_object() || v.is_array()) => {
            for (i, v) in items.iter().enumerate() {
                flatten(&name(&i.to_string()), v, out);
            }
        }
        Value::Array(items) => {
            let text = items.iter().map(scalar).collect::<Vec<_>>().join(" ");
            out.push((leaf.to_owned(), text));
        }
        other => out.push((leaf.to_owned(), scalar(other))),
    }
}

/// A field name for a value that is not inside an object.
const VALUE: &str = "value";

fn scalar(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_fields_on_one_line() {
        let before = r#"{"id":1,"details":{"commune":"Ville-Fictive","qpv":false},"tags":["a"]}"#;
        let after = r#"{"id":1,"details":{"commune":"Autre-Ville","qpv":true},"tags":["a","b"]}"#;
        assert_eq!(
            summary(Some(before), Some(after), "-", "->"),
            "commune: Ville-Fictive -> Autre-Ville, QPV: false -> true, tags: a -> a b"
        );
        let all = fields(Some(before), Some(after));
        assert_eq!(all.len(), 4);
        assert_eq!(all[0].field, "details.commune");
        assert!(all[0].changed());
        assert_eq!(all[2].field, "id");
        assert!(!all[2].changed());
    }

    #[test]
    fn creations_reads_and_removed_fields() {
        assert_eq!(summary(None, None, "-", "->"), "");
        assert_eq!(
            summary(None, Some(r#"{"a":1,"b":null,"c":"x","d":2}"#), "-", "->"),
            "a=1, c=x, d=2"
        );
        assert_eq!(
            summary(Some("[[1,true]]"), Some(r#"[{"code":"IND"}]"#), "-", "->"),
            "code: - -> IND, 0: 1 true -> -"
        );
        let gone = fields(Some(r#"{"a":1,"b":2}"#), Some(r#"{"a":1}"#));
        assert_eq!(gone[1].after, None);
        assert_eq!(
            summary(Some(r#"{"a":1,"b":2}"#), Some(r#"{"a":1}"#), "-", "->"),
            "b: 2 -> -"
        );
    }
}

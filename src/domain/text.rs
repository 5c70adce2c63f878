//! Free text, kept harmless: refused on input when it holds control characters,
//! and shown without them on every output.
//!
//! One user's text reaches another user's terminal (tables, the interface), a
//! spreadsheet (CSV, XLSX) or a calendar (ICS). A control character there can
//! retitle a terminal, erase or forge lines, inject calendar properties, or turn
//! a cell into a formula. So:
//!
//! - on input, [`check`] refuses C0 controls (except line feed and tab in the
//!   multi-line fields: notes, journal text, objectives), DEL, the C1 controls
//!   U+0080–U+009F and the bidirectional overrides U+202A–U+202E, U+2066–U+2069;
//!   names, titles, reasons and labels are single-line ([`Lines::One`]);
//! - on output, [`printable`] replaces every such character (line feed and tab
//!   included: one value stays on one line) by a visible stand-in of one column:
//!   the Unicode control picture of a C0 character or DEL (`␛` for ESC, `␊` for a
//!   line feed), U+FFFD `�` for C1 controls and bidi overrides. Text stored
//!   before the input check may hold any of them, so every output applies it;
//! - in data formats meant for spreadsheets and scripts (CSV, XLSX, JSON), the
//!   line feeds and tabs of multi-line notes are data and stay (quoted in CSV,
//!   escaped in JSON); every other control character is replaced, and
//!   [`spreadsheet_text`] also neutralises formulas (the OWASP rule): text
//!   beginning with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
//!   `'`, so `=HYPERLINK("x")` reads `'=HYPERLINK("x")`.

use std::borrow::Cow;
use std::cmp::Ordering;

use super::DomainError;

/// Text folded for comparing names and matching filters: lower case, accents removed
/// (`é` → `e`), ligatures spelt out (`œ` → `oe`, as people type them).
pub fn fold(text: &str) -> String {
    use nucleo_matcher::chars::{normalize, to_lower_case};
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        match to_lower_case(normalize(c)) {
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            c => folded.push(c),
        }
    }
    folded
}

/// Whether a field may hold several lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Names, titles, reasons, labels, contact details: one line, no tab.
    One,
    /// Notes and journal text: line feeds and tabs allowed.
    Many,
}

/// Whether `c` is refused in stored text (and replaced on output): C0 controls,
/// DEL, C1 controls and the bidirectional embeddings, overrides and isolates.
pub fn is_control(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Refuses `value` if it holds a control character not allowed in a field of this kind.
///
/// `field_key` is the translation key of the field's label, named in the error.
pub fn check(field_key: &'static str, value: &str, lines: Lines) -> Result<(), DomainError> {
    let allowed = |c: char| lines == Lines::Many && matches!(c, '\n' | '\t');
    match value.chars().find(|&c| is_control(c) && !allowed(c)) {
        None => Ok(()),
        Some(c) => Err(DomainError::new("error.control_char")
            .arg("field", crate::i18n::t(field_key))
            .arg("char", format!("U+{:04X}", u32::from(c)))),
    }
}

/// Checks several fields in order; the first refused one is reported.
pub fn check_all(fields: &[(&'static str, &str, Lines)]) -> Result<(), DomainError> {
    fields
        .iter()
        .try_for_each(|&(key, value, lines)| check(key, value, lines))
}

/// The visible stand-in of a control character (see the module notes); `None` for
/// any other character.
pub fn stand_in(c: char) -> Option<char> {
    match c {
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(c)),
        '\u{7f}' => Some('\u{2421}'),
        c if is_control(c) => Some(char::REPLACEMENT_CHARACTER),
        _ => None,
    }
}

/// `text` with every control character replaced by its stand-in; borrowed when clean.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.chars().map(|c| stand_in(c).unwrap_or(c)).collect())
}

/// `text` with every control character but line feed and tab replaced: the
/// multi-line text of data formats, whose own quoting or escaping holds lines.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    let kept = |c: char| matches!(c, '\n' | '\t');
    if !text.chars().any(|c| is_control(c) && !kept(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if kept(c) { c } else { stand_in(c).unwrap_or(c) })
            .collect(),
    )
}

/// `text` as a spreadsheet text cell: a would-be formula gets a leading `'`, then
/// control characters are replaced as by [`printable_lines`] (a note's lines stay).
///
/// Only for text: numbers written as numbers (durations, totals) never go through it.
pub fn spreadsheet_text(text: &str) -> Cow<'_, str> {
    let formula = text.starts_with(['=', '+', '-', '@', '\t', '\r']);
    match (formula, printable_lines(text)) {
        (false, shown) => shown,
        (true, shown) => Cow::Owned(format!("'{shown}")),
    }
}

/// A name's place in French order, as a French reader expects: letters first, accents and
/// case ignored (`BRIMÉBRIN` before `BRIMOUQUIN`, `Élodie` among the E); then accents, then
/// case, break the ties, so the order is total and stable.
///
/// A list is sorted on one key per item rather than folding both names at every comparison
/// (on a 10,000-line caseload that was most of the time spent reading it); the key borrows
/// the name, and the tie-breaks compare it without copying it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrenchKey<'a> {
    letters: String,
    text: &'a str,
}

impl Ord for FrenchKey<'_> {
    fn cmp(&self, other: &Self) -> Ordering {
        // Characters compare in code point order, as their UTF-8 bytes do: the same order
        // as comparing the lower-cased strings, without making them.
        self.letters
            .cmp(&other.letters)
            .then_with(|| {
                self.text
                    .chars()
                    .flat_map(char::to_lowercase)
                    .cmp(other.text.chars().flat_map(char::to_lowercase))
            })
            .then_with(|| self.text.cmp(other.text))
    }
}

impl PartialOrd for FrenchKey<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The French-order key of `text` (see [`FrenchKey`]).
pub fn french_key(text: &str) -> FrenchKey<'_> {
    FrenchKey {
        letters: fold(text),
        text,
    }
}

/// Sorts people in French order of their family name, then given name (`names`), `tie`
/// breaking the remaining ties: one key per person, sorted, then each person swapped into
/// its place, so a 10,000-line list is never held twice.
pub fn sort_by_names<T, K: Ord>(
    people: &mut [T],
    names: impl Fn(&T) -> (&str, &str),
    tie: impl Fn(&T) -> K,
) {
    let mut keys: Vec<_> = people
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let (last, first) = names(person);
            ((french_key(last), french_key(first), tie(person)), i)
        })
        .collect();
    keys.sort_unstable();
    let mut place = vec![0; keys.len()];
    for (new, (_, old)) in keys.into_iter().enumerate() {
        place[old] = new;
    }
    // `place[i]` is where the person now at `i` belongs: each swap settles one.
    for i in 0..people.len() {
        while place[i] != i {
            let j = place[i];
            people.swap(i, j);
            place.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn people_sorted_by_family_then_given_name_then_the_tie_break() {
        let mut people = vec![
            ("Zoé", "Anne", 1),
            ("élodie", "Marc", 2),
            ("Bénard", "Luc", 3),
            ("Benard", "Luc", 5),
            ("Benard", "Luc", 4),
            ("Benard", "Albert", 6),
        ];
        sort_by_names(&mut people, |p| (p.0, p.1), |p| p.2);
        let ids: Vec<i32> = people.iter().map(|p| p.2).collect();
        assert_eq!(ids, [6, 4, 5, 3, 2, 1]);
    }

    #[test]
    fn names_in_french_order() {
        let mut names = vec![
            "BRIMOUQUIN",
            "Bénard",
            "BRIMÉBRIN",
            "benard",
            "Benard",
            "Œillet",
            "Oeuf",
            "Zoé",
            "élodie",
            "Emile",
        ];
        names.sort_by_cached_key(|n| french_key(n));
        assert_eq!(
            names,
            [
                "Benard",
                "benard",
                "Bénard",
                "BRIMÉBRIN",
                "BRIMOUQUIN",
                "élodie",
                "Emile",
                "Œillet",
                "Oeuf",
                "Zoé"
            ]
        );
    }

    #[test]
    fn single_line_fields_refuse_every_control_character() {
        crate::i18n::set_language(crate::i18n::Lang::En);
        for c in [
            '\u{1b}', '\r', '\n', '\t', '\u{0}', '\u{7f}', '\u{9b}', '\u{202e}', '\u{2066}',
        ] {
            let value = format!("Dupont{c}x");
            let error = check("file.field.last_name", &value, Lines::One).unwrap_err();
            assert_eq!(error.key, "error.control_char");
            assert!(error.to_string().contains("Last name"), "{error}");
        }
        assert!(
            check(
                "file.field.last_name",
                "Dupont-Lefèvre d'Ornano",
                Lines::One
            )
            .is_ok()
        );
    }

    #[test]
    fn multi_line_fields_keep_line_feeds_and_tabs_only() {
        assert!(check("file.field.note", "one\ntwo\tthree", Lines::Many).is_ok());
        for c in ['\r', '\u{1b}', '\u{7}', '\u{85}', '\u{202d}'] {
            assert!(check("file.field.note", &format!("a{c}b"), Lines::Many).is_err());
        }
        let error = check_all(&[
            ("file.field.note", "fine", Lines::Many),
            ("agenda.field.title", "a\u{1b}]0;x\u{7}", Lines::One),
        ])
        .unwrap_err();
        assert!(error.args.iter().any(|(_, v)| v == "U+001B"), "{error:?}");
    }

    #[test]
    fn printable_leaves_no_control_character_and_one_column_each() {
        let text: String = (0u32..0x2070)
            .filter_map(char::from_u32)
            .filter(|&c| is_control(c))
            .collect();
        let shown = printable(&text);
        assert!(!shown.chars().any(is_control));
        assert_eq!(shown.chars().count(), text.chars().count());
        assert_eq!(printable("\u{1b}[2J\r\n"), "␛[2J␍␊");
        assert!(matches!(printable("Élodie"), Cow::Borrowed("Élodie")));
    }

    #[test]
    fn formulas_become_readable_text() {
        assert_eq!(spreadsheet_text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for start in ["+33 6", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(spreadsheet_text(start).starts_with('\''), "{start}");
        }
        assert_eq!(spreadsheet_text("\r=1"), "'␍=1");
        assert_eq!(spreadsheet_text("\tx"), "'\tx");
        assert_eq!(spreadsheet_text("a\nb\tc\r\u{1b}"), "a\nb\tc␍␛");
        assert_eq!(spreadsheet_text("Atelier CV"), "Atelier CV");
        assert_eq!(spreadsheet_text("1:30"), "1:30");
    }
}

//! Printing lists: an aligned plain-text table for people, CSV and JSON for scripts.
//!
//! Table headers and values are translated; CSV headers and values are stable
//! codes; JSON is the store's rows as they are. Stored text may hold control
//! characters (written before they were refused, or by hand): every value goes
//! through `domain::text` first — `printable` for tables, JSON strings and
//! confirmation lines, `spreadsheet_text` (also no formulas) for CSV cells — so
//! nothing a user typed can drive the reader's terminal or spreadsheet.

use std::io::{self, Write};

use color_eyre::Result;
use color_eyre::eyre::eyre;
use serde::Serialize;

use crate::domain::text::{is_control, printable, spreadsheet_text, stand_in};
use crate::i18n::{t, tf};

/// The output format of a list command.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned plain text with translated headers.
    #[default]
    Table,
    /// RFC 4180 CSV with a header row of stable column names.
    Csv,
    /// A JSON array of records.
    Json,
}

/// Who reads the cells: people (translated labels, local times) or programs (codes, UTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    /// The table format.
    Person,
    /// The CSV format.
    Program,
}

/// A column of a list: its CSV name and the translation key of its table header.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Stable CSV header.
    pub name: &'static str,
    /// Translation key of the table header.
    pub label_key: &'static str,
}

/// A list ready to print in any format.
pub struct Listing<'a, T> {
    /// Its columns.
    pub columns: &'a [Column],
    /// Its records.
    pub rows: &'a [T],
    /// The cells of one record, in column order.
    pub cells: &'a dyn Fn(&T, Reader) -> Vec<String>,
    /// Lines printed under the table (totals); not part of CSV or JSON.
    pub footer: Vec<String>,
}

impl<T: Serialize> Listing<'_, T> {
    /// Prints the list on stdout in `format`.
    pub fn print(&self, format: Format) -> Result<()> {
        let text = self.render(format)?;
        print_text(&text)
    }

    /// The list as text in `format`.
    pub fn render(&self, format: Format) -> Result<String> {
        match format {
            Format::Table => Ok(self.table()),
            Format::Csv => self.csv(),
            Format::Json => {
                let mut text = printable_json(&serde_json::to_string_pretty(self.rows)?);
                text.push('\n');
                Ok(text)
            }
        }
    }

    fn table(&self) -> String {
        let header: Vec<String> = self.columns.iter().map(|c| t(c.label_key)).collect();
        let body: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                (self.cells)(r, Reader::Person)
                    .iter()
                    .map(|cell| printable(cell).into_owned())
                    .collect()
            })
            .collect();
        let mut text = align(std::iter::once(&header).chain(&body));
        for line in &self.footer {
            text.push_str(&printable(line));
            text.push('\n');
        }
        text
    }

    fn csv(&self) -> Result<String> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(self.columns.iter().map(|c| c.name))?;
        for row in self.rows {
            let cells = (self.cells)(row, Reader::Program);
            writer.write_record(cells.iter().map(|cell| spreadsheet_text(cell).into_owned()))?;
        }
        let bytes = writer.into_inner().map_err(|e| eyre!(e.to_string()))?;
        Ok(String::from_utf8(bytes)?)
    }
}

/// JSON text whose strings show stand-ins instead of control characters.
///
/// serde_json writes C0 controls as escapes (`\r`, `\u001b`), which a reader
/// decodes back into the raw character, and DEL, C1 and bidi controls raw. A
/// backslash only ever starts an escape in JSON text, so each escape of a control
/// character becomes its stand-in, and every raw one too — except `\n` and `\t`,
/// the lines of a multi-line note, kept as in CSV; the layout's own line feeds
/// are outside strings and stay.
fn printable_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut chars = json.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(if c == '\n' {
                c
            } else {
                stand_in(c).unwrap_or(c)
            });
            continue;
        }
        let escaped = match chars.next() {
            Some(kept @ ('n' | 't')) => {
                out.push('\\');
                out.push(kept);
                None
            }
            Some('r') => Some('\r'),
            Some('b') => Some('\u{8}'),
            Some('f') => Some('\u{c}'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                match u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                    Some(control) if is_control(control) => Some(control),
                    _ => {
                        out.push_str("\\u");
                        out.push_str(&hex);
                        None
                    }
                }
            }
            Some(other) => {
                out.push('\\');
                out.push(other);
                None
            }
            None => None,
        };
        if let Some(control) = escaped {
            out.extend(stand_in(control));
        }
    }
    out
}

/// Lines of cells padded to the widest cell of each column, two spaces apart.
fn align<'a>(lines: impl Iterator<Item = &'a Vec<String>> + Clone) -> String {
    let mut widths: Vec<usize> = Vec::new();
    for line in lines.clone() {
        for (i, cell) in line.iter().enumerate() {
            let width = cell.chars().count();
            match widths.get_mut(i) {
                Some(w) => *w = (*w).max(width),
                None => widths.push(width),
            }
        }
    }
    let mut text = String::new();
    for line in lines {
        let mut out = String::new();
        for (cell, width) in line.iter().zip(&widths) {
            out.push_str(cell);
            out.extend(std::iter::repeat_n(' ', width - cell.chars().count() + 2));
        }
        text.push_str(out.trim_end());
        text.push('\n');
    }
    text
}

/// Prints text on stdout in one write; a reader that went away (`| head`) is not an error.
pub fn print_text(text: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            Err(eyre!(tf("cli.error.output", &[("detail", &e.to_string())])))
        }
        _ => Ok(()),
    }
}

/// Prints `value` as pretty JSON on stdout, its strings made printable like a list's.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    let mut text = printable_json(&serde_json::to_string_pretty(value)?);
    text.push('\n');
    print_text(&text)
}

/// Prints one line on stdout (a new id, a confirmation); control characters in
/// what it echoes are replaced.
pub fn print_line(line: &str) -> Result<()> {
    print_text(&format!("{}\n", printable(line)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Row {
        code: &'static str,
        label: &'static str,
    }

    const COLUMNS: &[Column] = &[
        Column {
            name: "code",
            label_key: "cli.column.activity",
        },
        Column {
            name: "label",
            label_key: "cli.column.note",
        },
    ];

    fn listing(rows: &[Row]) -> Listing<'_, Row> {
        Listing {
            columns: COLUMNS,
            rows,
            cells: &|r: &Row, reader| match reader {
                Reader::Person => vec![r.code.to_lowercase(), r.label.into()],
                Reader::Program => vec![r.code.into(), r.label.into()],
            },
            footer: vec!["total".into()],
        }
    }

    #[test]
    fn table_is_aligned_with_translated_headers_and_footer() {
        let rows = [
            Row {
                code: "IND",
                label: "é, \"quoted\"",
            },
            Row {
                code: "TRAVEL",
                label: "x",
            },
        ];
        let text = listing(&rows).render(Format::Table).unwrap();
        assert_eq!(
            text,
            "Activity  Note\nind       é, \"quoted\"\ntravel    x\ntotal\n"
        );
    }

    #[test]
    fn csv_quotes_and_uses_codes() {
        let rows = [Row {
            code: "IND",
            label: "é, \"quoted\"",
        }];
        let text = listing(&rows).render(Format::Csv).unwrap();
        assert_eq!(text, "code,label\nIND,\"é, \"\"quoted\"\"\"\n");
    }

    #[test]
    fn stored_control_characters_and_formulas_are_neutralised_in_every_format() {
        let rows = [Row {
            code: "=HYPERLINK(\"x\")",
            label: "a\u{1b}]0;owned\u{7}\r\u{b}forged line\u{9b}\u{202e}",
        }];
        for format in [Format::Table, Format::Csv, Format::Json] {
            let text = listing(&rows).render(format).unwrap();
            assert!(
                !text
                    .chars()
                    .any(|c| c != '\n' && crate::domain::text::is_control(c)),
                "{format:?}: {text:?}"
            );
            assert_eq!(
                text.lines().count(),
                if format == Format::Json {
                    6
                } else {
                    2 + usize::from(format == Format::Table)
                },
                "{format:?}: {text:?}"
            );
        }
        let csv = listing(&rows).render(Format::Csv).unwrap();
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
        assert!(csv.contains("a␛]0;owned␇␍␋forged line��"), "{csv}");
        // A multi-line note keeps its line in data formats, quoted or escaped.
        let rows = [Row {
            code: "IND",
            label: "one\ntwo",
        }];
        let csv = listing(&rows).render(Format::Csv).unwrap();
        assert!(csv.ends_with("IND,\"one\ntwo\"\n"), "{csv}");
        let json = listing(&rows).render(Format::Json).unwrap();
        assert!(json.contains(r#""one\ntwo""#), "{json}");
        let table = listing(&rows).render(Format::Table).unwrap();
        assert!(table.contains("one␊two"), "{table}");
    }

    #[test]
    fn json_keeps_its_escapes_of_quotes_and_backslashes() {
        let json = serde_json::to_string(&["a\\u001b \"q\" \u{1b}\u{7f}\u{85}\u{e9}"]).unwrap();
        let shown = printable_json(&json);
        assert_eq!(shown, "[\"a\\\\u001b \\\"q\\\" ␛␡�é\"]");
        let back: Vec<String> = serde_json::from_str(&shown).unwrap();
        assert_eq!(back, ["a\\u001b \"q\" ␛␡�é"]);
    }

    #[test]
    fn json_is_an_array_of_records() {
        let rows = [Row {
            code: "IND",
            label: "x",
        }];
        let text = listing(&rows).render(Format::Json).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value[0]["code"], "IND");
        assert_eq!(listing(&[]).render(Format::Json).unwrap(), "[]\n");
    }
}

//! The answer to a subject-access request as one self-contained HTML page for the person:
//! readable in any browser, printable, in the language of the request.
//!
//! A pure function of the [`SubjectAccess`] view: a section of one record is a list of
//! labelled values, a section of several a table; every stored text is escaped and its
//! control characters shown as visible stand-ins (`domain::text::printable_lines`), line
//! feeds kept as line breaks. No script, no external resource.

use std::fmt::Write;

use crate::domain::subject_access::{Record, Section, SubjectAccess};
use crate::domain::text::printable_lines;
use crate::i18n::{language, t, tf};

/// The page's style: plain, printable, wide tables wrap.
const STYLE: &str = "body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;line-height:1.4}\
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #888}\
table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:.3em;text-align:left;vertical-align:top}\
th{background:#eee}dl{display:grid;grid-template-columns:max-content auto;gap:.3em 1em}dt{font-weight:bold}dd{margin:0}\
.foot{margin-top:2em;font-size:.9em}";

/// The HTML page of `access`.
pub fn subject_access_html(access: &SubjectAccess) -> String {
    let mut page = String::new();
    let title = t("gdpr.doc.title");
    let _ = write!(
        page,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n<p>{}</p>\n",
        language().code(),
        escape(&title),
        escape(&access.file_number),
        escape(&title),
        escape(&tf(
            "gdpr.doc.intro",
            &[
                ("file", &access.file_number),
                ("date", &access.produced_on.to_string()),
            ],
        )),
    );
    for section in &access.sections {
        write_section(&mut page, section);
    }
    let _ = write!(
        page,
        "<p class=\"foot\">{}</p>\n</body>\n</html>\n",
        escape(&t("gdpr.doc.footer"))
    );
    page
}

fn write_section(page: &mut String, section: &Section) {
    let _ = writeln!(
        page,
        "<h2 id=\"{}\">{}</h2>",
        section.id,
        escape(&t(&format!("gdpr.section.{}", section.id)))
    );
    match section.records.as_slice() {
        [] => {
            let _ = writeln!(page, "<p>{}</p>", escape(&t("gdpr.doc.none")));
        }
        [record] => {
            page.push_str("<dl>\n");
            for (field, value) in &record.0 {
                let _ = writeln!(page, "<dt>{}</dt><dd>{}</dd>", label(field), escape(value));
            }
            page.push_str("</dl>\n");
        }
        records => {
            page.push_str("<table>\n<thead><tr>");
            for (field, _) in &records[0].0 {
                let _ = write!(page, "<th>{}</th>", label(field));
            }
            page.push_str("</tr></thead>\n<tbody>\n");
            for record in records {
                write_row(page, record);
            }
            page.push_str("</tbody>\n</table>\n");
        }
    }
}

fn write_row(page: &mut String, record: &Record) {
    page.push_str("<tr>");
    for (_, value) in &record.0 {
        let _ = write!(page, "<td>{}</td>", escape(value));
    }
    page.push_str("</tr>\n");
}

fn label(field: &str) -> String {
    escape(&t(&format!("gdpr.field.{field}")))
}

/// `text` safe inside HTML text and attribute values, control characters made visible and
/// line feeds kept as line breaks.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in printable_lines(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::subject_access::FORMAT;

    #[test]
    fn stored_text_is_escaped_and_sections_take_their_layout() {
        let access = SubjectAccess {
            format: FORMAT,
            file_number: "P-2026-0001".into(),
            produced_on: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            sections: vec![
                Section::new(
                    "identity",
                    vec![Record::new().with("last_name", "<script>alert(1)</script>")],
                ),
                Section::new(
                    "journal",
                    vec![
                        Record::new().with("summary", "line 1\nline 2 \u{1b}[31m"),
                        Record::new().with("summary", "\"quoted\" & 'single'"),
                    ],
                ),
                Section::new("time", vec![]),
            ],
        };
        let html = subject_access_html(&access);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("line 1<br>line 2 \u{241b}[31m"));
        assert!(html.contains("&quot;quoted&quot; &amp; &#39;single&#39;"));
        assert!(html.contains("<dl>") && html.contains("<table>"));
        assert_eq!(html.matches("<tr>").count(), 3, "a header and two rows");
    }
}

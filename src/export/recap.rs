//! The monthly recap per referent (`export timesheet --month … --recap`), for the cost claim:
//! hours per activity and per week of the month (days of the month only), hours worked on
//! and outside the operation, absences, the total and the ESF share of hours worked.
//!
//! CSV (one row per activity, then one per figure), XLSX (a sheet per referent, real
//! numbers) and PDF (a page per referent, continued when the activities do not fit). A
//! recap whose weeks are not all validated is marked DRAFT. Pure functions of
//! [`MonthRecap`] values.

use krilla::Document;
use krilla::page::PageSettings;
use rust_xlsxwriter::{Format as CellFormat, Workbook, Worksheet, XlsxError};

use super::pdf_canvas::{Align, BLUE_TINT, Canvas, Fonts, GREY, RED, Style, Weight};
use super::timesheet_csv::CsvFlavour;
use super::{ExportError, labels};
use crate::domain::duration::format_exact_hours;
use crate::domain::text::spreadsheet_text;
use crate::domain::time::ActivityKind;
use crate::domain::timesheet::MonthRecap;
use crate::i18n::{t, tf};

/// The figures under the activities: a translation key and the minutes.
fn figures(recap: &MonthRecap) -> [(&'static str, u32); 5] {
    [
        (
            "sheet.esf_hours",
            recap.kind_minutes(ActivityKind::Operation),
        ),
        (
            "sheet.other_hours",
            recap.kind_minutes(ActivityKind::Outside),
        ),
        ("sheet.worked_hours", recap.worked_minutes()),
        (
            "sheet.absence_hours",
            recap.kind_minutes(ActivityKind::Absence),
        ),
        ("sheet.total_hours", recap.total_minutes()),
    ]
}

/// The recap title line: `Monthly recap 2026-11 — Alice Exemple (alice)`, DRAFT when not final.
fn title(recap: &MonthRecap) -> String {
    let mut title = tf(
        "sheet.recap_title",
        &[
            ("month", &recap.month.to_string()),
            (
                "referent",
                &format!(
                    "{} ({})",
                    recap.heading.referent_name, recap.heading.referent_login
                ),
            ),
        ],
    );
    if !recap.is_validated() {
        title = format!("{title} — {}", t("sheet.draft"));
    }
    title
}

/// One CSV row per activity (hours per week, then the month's total), then one per figure
/// and the ESF share; hours exact, in the flavour's decimal mark.
pub fn recap_csv(recaps: &[MonthRecap], flavour: CsvFlavour) -> Result<Vec<u8>, ExportError> {
    let hours = |minutes: u32| {
        let text = format_exact_hours(minutes);
        if flavour.localised {
            text.replace('.', ",")
        } else {
            text
        }
    };
    let mut writer = csv::WriterBuilder::new()
        .delimiter(flavour.delimiter)
        .terminator(csv::Terminator::CRLF)
        .flexible(true)
        .from_writer(Vec::new());
    let fail = |e: &dyn std::fmt::Display| ExportError::write("CSV", e);
    for recap in recaps {
        let h = &recap.heading;
        let lead = |code: &str, label: &str, kind: &str| -> Vec<String> {
            vec![
                spreadsheet_text(&h.referent_login).into_owned(),
                spreadsheet_text(&h.referent_name).into_owned(),
                recap.month.to_string(),
                spreadsheet_text(code).into_owned(),
                spreadsheet_text(label).into_owned(),
                kind.to_owned(),
            ]
        };
        let mut header: Vec<String> = [
            "referent_login",
            "referent_name",
            "month",
            "activity_code",
            "activity_label",
            "activity_kind",
        ]
        .map(String::from)
        .to_vec();
        header.extend(recap.weeks.iter().map(ToString::to_string));
        header.push("total_hours".into());
        writer.write_record(&header).map_err(|e| fail(&e))?;
        for row in &recap.rows {
            let kind = if flavour.localised {
                row.kind.label()
            } else {
                row.kind.code().to_owned()
            };
            let mut record = lead(&row.code, &row.label, &kind);
            record.extend(row.per_week.iter().map(|m| hours(*m)));
            record.push(hours(row.total()));
            writer.write_record(&record).map_err(|e| fail(&e))?;
        }
        for (key, minutes) in figures(recap) {
            let mut record = lead("", &t(key), "");
            record.extend(recap.weeks.iter().map(|_| String::new()));
            record.push(hours(minutes));
            writer.write_record(&record).map_err(|e| fail(&e))?;
        }
        let mut record = lead("", &t("sheet.esf_share"), "");
        record.extend(recap.weeks.iter().map(|_| String::new()));
        let share = format!("{:.4}", recap.esf_share());
        record.push(if flavour.localised {
            share.replace('.', ",")
        } else {
            share
        });
        writer.write_record(&record).map_err(|e| fail(&e))?;
    }
    writer.into_inner().map_err(|e| fail(&e))
}

fn xlsx_fail(e: XlsxError) -> ExportError {
    ExportError::write("XLSX", e)
}

/// A sheet per referent (`2026-11 alice`), hours as numbers.
pub fn recap_xlsx(recaps: &[MonthRecap]) -> Result<Vec<u8>, ExportError> {
    let mut workbook = Workbook::new();
    let bold = CellFormat::new().set_bold();
    let hours_format = CellFormat::new().set_num_format("0.00");
    let share_format = CellFormat::new().set_num_format("0.0%");
    let mut names: Vec<String> = Vec::new();
    for recap in recaps {
        let mut ws = Worksheet::new();
        let name: String = format!("{} {}", recap.month, recap.heading.referent_login)
            .chars()
            .take(31)
            .collect();
        let name = if names.contains(&name) {
            format!(
                "{} ({})",
                name.chars().take(26).collect::<String>(),
                names.len() + 1
            )
        } else {
            name
        };
        ws.set_name(&name).map_err(xlsx_fail)?;
        names.push(name);
        write_recap(&mut ws, recap, (&bold, &hours_format, &share_format)).map_err(xlsx_fail)?;
        workbook.push_worksheet(ws);
    }
    workbook.save_to_buffer().map_err(xlsx_fail)
}

fn write_recap(
    ws: &mut Worksheet,
    recap: &MonthRecap,
    (bold, hours, share): (&CellFormat, &CellFormat, &CellFormat),
) -> Result<(), XlsxError> {
    let h = |m: u32| f64::from(m) / 60.0;
    ws.set_column_width(0, 40)?;
    ws.write_string_with_format(0, 0, spreadsheet_text(&title(recap)), bold)?;
    ws.write_string(
        1,
        0,
        spreadsheet_text(&labels::operation_line_of(&recap.heading)),
    )?;
    let head = 3;
    ws.write_string_with_format(head, 0, t("sheet.activity"), bold)?;
    ws.write_string_with_format(head, 1, t("sheet.kind"), bold)?;
    let total_col = 2 + recap.weeks.len() as u16;
    for (i, week) in recap.weeks.iter().enumerate() {
        ws.write_string_with_format(head, 2 + i as u16, week.to_string(), bold)?;
    }
    ws.write_string_with_format(head, total_col, t("sheet.total"), bold)?;
    let mut row = head;
    for r in &recap.rows {
        row += 1;
        let label = labels::activity(&r.code, &r.label);
        ws.write_string(row, 0, spreadsheet_text(&label))?;
        ws.write_string(row, 1, labels::kind_short(r.kind))?;
        for (i, m) in r.per_week.iter().enumerate() {
            ws.write_number_with_format(row, 2 + i as u16, h(*m), hours)?;
        }
        ws.write_number_with_format(row, total_col, h(r.total()), hours)?;
    }
    row += 1;
    ws.write_string_with_format(row, 0, t("sheet.total"), bold)?;
    for (i, m) in recap.week_totals().iter().enumerate() {
        ws.write_number_with_format(row, 2 + i as u16, h(*m), hours)?;
    }
    ws.write_number_with_format(row, total_col, h(recap.total_minutes()), hours)?;
    row += 1;
    for (key, minutes) in figures(recap) {
        row += 1;
        ws.write_string(row, 0, t(key))?;
        ws.write_number_with_format(row, total_col, h(minutes), hours)?;
    }
    row += 1;
    ws.write_string(row, 0, t("sheet.esf_share"))?;
    ws.write_number_with_format(row, total_col, recap.esf_share(), share)?;
    Ok(())
}

/// A row of the PDF table: wrapped label, kind, minutes per week, total, whether it is the
/// totals row.
type Line = (Vec<String>, String, Vec<u32>, u32, bool);

/// A4 width and height in points.
const PAGE: (f32, f32) = (595.28, 841.89);
/// Left and right margin.
const MARGIN: f32 = 36.0;

/// A page per referent, continued on further pages when the activities do not fit.
pub fn recap_pdf(recaps: &[MonthRecap]) -> Result<Vec<u8>, ExportError> {
    let fonts = Fonts::load()?;
    let mut document = Document::new();
    let width = PAGE.0 - 2.0 * MARGIN;
    let bottom = PAGE.1 - MARGIN - 20.0;
    for recap in recaps {
        let weeks = recap.weeks.len() as f32;
        let (kind_w, week_w, total_w) = (34.0, 46.0, 52.0);
        let activity_w = width - kind_w - weeks * week_w - total_w;
        let mut lines: Vec<Line> = recap
            .rows
            .iter()
            .map(|r| {
                let label = labels::activity(&r.code, &r.label);
                let wrapped = fonts.wrap(&label, activity_w - 8.0, 8.0, Weight::Regular);
                (
                    wrapped,
                    labels::kind_short(r.kind),
                    r.per_week.clone(),
                    r.total(),
                    false,
                )
            })
            .collect();
        lines.push((
            vec![t("sheet.total")],
            String::new(),
            recap.week_totals(),
            recap.total_minutes(),
            true,
        ));
        let mut rest = &lines[..];
        let mut first = true;
        while first || !rest.is_empty() {
            let settings = PageSettings::from_wh(PAGE.0, PAGE.1)
                .ok_or_else(|| ExportError::write("PDF", "invalid page size"))?;
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            let mut c = Canvas::new(&mut surface, &fonts);
            let mut y = MARGIN + 20.0;
            let style = if recap.is_validated() {
                Style::bold(13.0)
            } else {
                Style::bold(13.0).in_colour(RED)
            };
            for line in fonts.wrap(&title(recap), width, 13.0, Weight::Bold) {
                c.text(MARGIN, y, &line, style, Align::Left);
                y += 16.0;
            }
            if first {
                let operation = labels::operation_line_of(&recap.heading);
                for line in fonts.wrap(&operation, width, 9.0, Weight::Regular) {
                    c.text(MARGIN, y, &line, Style::regular(9.0), Align::Left);
                    y += 12.0;
                }
            }
            y += 8.0;
            c.rect((MARGIN, y, width, 16.0), Some(BLUE_TINT), Some((GREY, 0.5)));
            let bold = Style::bold(8.0);
            c.text(
                MARGIN + 4.0,
                y + 11.0,
                &t("sheet.activity"),
                bold,
                Align::Left,
            );
            let kind_x = MARGIN + activity_w + kind_w / 2.0;
            c.text(
                kind_x,
                y + 11.0,
                &t("sheet.kind"),
                Style::bold(7.0),
                Align::Centre,
            );
            for (i, week) in recap.weeks.iter().enumerate() {
                let x = MARGIN + activity_w + kind_w + week_w * (i as f32 + 0.5);
                c.text(
                    x,
                    y + 11.0,
                    &format!("W{:02}", week.week()),
                    bold,
                    Align::Centre,
                );
            }
            c.text(
                MARGIN + width - 4.0,
                y + 11.0,
                &t("sheet.total"),
                bold,
                Align::Right,
            );
            y += 16.0;
            let mut used = 0;
            for (label, kind, per_week, total, is_total) in rest {
                let height = 15.0_f32.max(10.0 * label.len() as f32 + 5.0);
                if y + height > bottom && used > 0 {
                    break;
                }
                let style = if *is_total { bold } else { Style::regular(8.0) };
                let background = is_total.then_some(BLUE_TINT);
                c.rect((MARGIN, y, width, height), background, Some((GREY, 0.5)));
                for (i, line) in label.iter().enumerate() {
                    c.text(
                        MARGIN + 4.0,
                        y + 10.5 + 10.0 * i as f32,
                        line,
                        style,
                        Align::Left,
                    );
                }
                c.text(kind_x, y + 10.5, kind, Style::regular(7.0), Align::Centre);
                for (i, m) in per_week.iter().enumerate() {
                    let right = MARGIN + activity_w + kind_w + week_w * (i as f32 + 1.0) - 4.0;
                    c.text(right, y + 10.5, &labels::hours(*m), style, Align::Right);
                }
                c.text(
                    MARGIN + width - 4.0,
                    y + 10.5,
                    &labels::hours(*total),
                    bold,
                    Align::Right,
                );
                y += height;
                used += 1;
            }
            rest = &rest[used..];
            if rest.is_empty() {
                y += 16.0;
                let mut summary: Vec<(String, String)> = figures(recap)
                    .iter()
                    .map(|(key, minutes)| (t(key), labels::hours(*minutes)))
                    .collect();
                summary.push((t("sheet.esf_share"), labels::percent(recap.esf_share())));
                for (label, value) in summary {
                    c.text(
                        MARGIN + width - 70.0,
                        y,
                        &label,
                        Style::regular(9.0),
                        Align::Right,
                    );
                    c.text(
                        MARGIN + width - 4.0,
                        y,
                        &value,
                        Style::bold(9.0),
                        Align::Right,
                    );
                    y += 13.0;
                }
            }
            surface.finish();
            page.finish();
            first = false;
        }
    }
    document.finish().map_err(|e| ExportError::write("PDF", e))
}

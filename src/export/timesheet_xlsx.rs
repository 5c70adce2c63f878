//! The weekly ESF timesheet as an Excel workbook.
//!
//! One sheet per referent-week, named by its week and login (`2026-W47 alice`, unique,
//! within Excel's 31 characters), laid out to print on A4 pages: the header, the
//! activities × days grid with real numbers (decimal hours) and formulas for every total,
//! contract hours, hours worked on and outside the operation, absences and the ESF share of
//! hours worked, the time per participant by file number, the certification sentence and
//! the signature boxes with the electronic trail, then the fingerprint cell (SHA-256 of the
//! week's content and the command that checks it). Long texts wrap. A "Detail" sheet holds
//! the CSV's rows with real numbers and dates. Formulas carry their computed result so that
//! readers which do not recalculate see the numbers. The document's creation date is the
//! sheets' generation time, never "now".

use crate::domain::text::{printable, spreadsheet_text};
use chrono::{DateTime, Utc};
use rust_xlsxwriter::utility::row_col_to_cell;
use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

use super::timesheet_csv::{CsvFlavour, HEADER, SPREADSHEET_DELIMITER};
use super::{ExportError, labels};
use crate::domain::time::ActivityKind;
use crate::domain::timesheet::Timesheet;
use crate::i18n::t;

/// Excel's paper code for A4.
const PAPER_A4: u8 = 9;

/// First row of the activities × days grid (its header row).
const GRID_ROW: u32 = 8;

/// Last column of the layout (J: the totals).
const LAST_COL: u16 = 9;

/// Excel's limit on sheet names.
const SHEET_NAME_MAX: usize = 31;

/// About how many characters a line of the merged B:J cells holds.
const MERGED_CHARS: usize = 75;

/// About how many characters a line of the activity column holds.
const LABEL_CHARS: usize = 34;

/// Cell formats of the timesheet, made once per workbook.
struct Styles {
    title: Format,
    draft: Format,
    label: Format,
    wrapped: Format,
    head: Format,
    text: Format,
    flag: Format,
    hours: Format,
    outside: Format,
    total_label: Format,
    total: Format,
    share: Format,
    sign_head: Format,
    sign: Format,
    sign_space: Format,
    note: Format,
    fingerprint: Format,
    warn: Format,
    date: Format,
    decimal: Format,
}

impl Styles {
    fn new() -> Self {
        let boxed = Format::new().set_border(FormatBorder::Thin);
        let hours = boxed.clone().set_num_format("0.00");
        Self {
            title: Format::new().set_bold().set_font_size(14),
            draft: Format::new()
                .set_bold()
                .set_font_size(16)
                .set_font_color(Color::RGB(0xC00000))
                .set_border(FormatBorder::Medium)
                .set_border_color(Color::RGB(0xC00000))
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            label: Format::new().set_bold().set_align(FormatAlign::Top),
            wrapped: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            head: boxed
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(0xDDEBF7)),
            text: boxed.clone().set_text_wrap().set_align(FormatAlign::Top),
            flag: boxed.clone().set_align(FormatAlign::Center),
            hours: hours.clone(),
            outside: boxed.clone().set_background_color(Color::RGB(0xD9D9D9)),
            total_label: boxed.clone().set_bold(),
            total: hours.set_bold(),
            share: boxed.clone().set_bold().set_num_format("0.0%"),
            sign_head: boxed
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xDDEBF7)),
            sign: boxed.clone().set_text_wrap(),
            sign_space: boxed.set_align(FormatAlign::Top),
            note: Format::new()
                .set_italic()
                .set_font_size(8)
                .set_font_color(Color::RGB(0x595959)),
            fingerprint: Format::new()
                .set_font_size(8)
                .set_text_wrap()
                .set_font_color(Color::RGB(0x595959)),
            warn: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_font_color(Color::RGB(0xC00000)),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            decimal: Format::new().set_num_format("0.00"),
        }
    }
}

fn fail(e: XlsxError) -> ExportError {
    ExportError::write("XLSX", e)
}

/// Writes one timesheet sheet per sheet given, then one "Detail" sheet with every row.
pub fn timesheet_xlsx(sheets: &[Timesheet]) -> Result<Vec<u8>, ExportError> {
    let styles = Styles::new();
    let mut workbook = Workbook::new();
    workbook.set_properties(&properties(sheets));
    let names = sheet_names(sheets);
    for (sheet, name) in sheets.iter().zip(&names) {
        let mut ws = Worksheet::new();
        ws.set_name(name).map_err(fail)?;
        write_timesheet(&mut ws, sheet, &styles).map_err(fail)?;
        workbook.push_worksheet(ws);
    }
    let mut detail = Worksheet::new();
    detail
        .set_name(unique_name(&t("sheet.detail_name"), &names))
        .map_err(fail)?;
    write_detail(&mut detail, sheets, &styles).map_err(fail)?;
    workbook.push_worksheet(detail);
    workbook.save_to_buffer().map_err(fail)
}

/// Document properties fixed by the content: the creation date is the latest generation time.
fn properties(sheets: &[Timesheet]) -> DocProperties {
    let created = sheets
        .iter()
        .map(|s| s.lifecycle.generated_at)
        .max()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let mut title = t("sheet.title");
    if let [sheet] = sheets {
        title = format!("{title} {} — {}", sheet.week, sheet.heading.referent_name);
    }
    let structure = sheets
        .first()
        .map(|s| s.heading.structure.clone())
        .unwrap_or_default();
    let structure = printable(&structure).into_owned();
    DocProperties::new()
        .set_title(printable(&title))
        .set_company(&structure)
        .set_author(&structure)
        .set_creation_datetime(&created)
}

/// Sheet names: the week and the login (`2026-W47 alice`), the login shortened when the
/// name would pass Excel's 31 characters, a number added if two still meet.
fn sheet_names(sheets: &[Timesheet]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(sheets.len());
    for sheet in sheets {
        let name = unique_name(
            &format!("{} {}", sheet.week, sheet.heading.referent_login),
            &names,
        );
        names.push(name);
    }
    names
}

/// A valid sheet name (no `[]:*?/\`, at most 31 characters) not already in `taken`.
fn unique_name(wanted: &str, taken: &[String]) -> String {
    let clean: String = wanted
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .collect();
    let clean = clean.trim_matches('\'');
    let fit = |text: &str, room: usize| text.chars().take(room).collect::<String>();
    let mut name = fit(clean, SHEET_NAME_MAX);
    let mut n = 2;
    while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) {
        let suffix = format!(" ({n})");
        name = format!(
            "{}{suffix}",
            fit(clean, SHEET_NAME_MAX - suffix.chars().count())
        );
        n += 1;
    }
    name
}

/// A formula with its computed value, so readers that do not recalculate see the number.
fn formula(text: &str, value: f64) -> Formula {
    Formula::new(text).set_result(value.to_string())
}

fn hours(minutes: u32) -> f64 {
    f64::from(minutes) / 60.0
}

fn cell(row: u32, col: u16) -> String {
    row_col_to_cell(row, col)
}

fn write_timesheet(ws: &mut Worksheet, sheet: &Timesheet, s: &Styles) -> Result<(), XlsxError> {
    ws.set_paper_size(PAPER_A4)
        .set_portrait()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_column_width(0, 36)?;
    ws.set_column_width(1, 6)?;
    for col in 2..=8 {
        ws.set_column_width(col, 9)?;
    }
    ws.set_column_width(LAST_COL, 10)?;

    ws.merge_range(0, 0, 0, 6, &t("sheet.title"), &s.title)?;
    if !sheet.is_validated() {
        ws.merge_range(0, 7, 1, LAST_COL, &t("sheet.draft"), &s.draft)?;
    }
    let header = [
        ("sheet.structure", sheet.heading.structure.clone()),
        ("sheet.operation", labels::operation_line(sheet)),
        ("sheet.referent", labels::referent_line(sheet)),
        ("sheet.week", labels::week_line(sheet)),
        ("sheet.status", labels::status_line(sheet)),
    ];
    for (row, (key, value)) in (2u32..).zip(header) {
        ws.write_string_with_format(row, 0, t(key), &s.label)?;
        fit_rows(ws, row, &value, MERGED_CHARS)?;
        ws.merge_range(row, 1, row, LAST_COL, &spreadsheet_text(&value), &s.wrapped)?;
    }

    let end = write_grid(ws, sheet, s)?;
    let end = write_summary(ws, sheet, end, s)?;
    let end = write_participants(ws, sheet, end + 2, s)?;
    let end = write_signatures(ws, sheet, end + 2, s)?;
    let mut row = end + 2;
    if !sheet.is_validated() {
        ws.set_row_height(row, 30)?;
        ws.merge_range(row, 0, row, LAST_COL, &t("sheet.draft_note"), &s.warn)?;
        row += 1;
    }
    ws.merge_range(
        row,
        0,
        row,
        LAST_COL,
        &labels::generated(sheet.lifecycle.generated_at),
        &s.note,
    )?;
    // The fingerprint cell: what an auditor compares with `parcours week verify`.
    row += 1;
    let fingerprint = format!("{}\n{}", labels::fingerprint(sheet), labels::verify(sheet));
    ws.set_row_height(row, 24)?;
    ws.merge_range(row, 0, row, LAST_COL, &fingerprint, &s.fingerprint)?;
    ws.set_print_area(0, 0, row, LAST_COL)?;
    Ok(())
}

/// The grid; returns the row of its totals.
fn write_grid(ws: &mut Worksheet, sheet: &Timesheet, s: &Styles) -> Result<u32, XlsxError> {
    let head = GRID_ROW;
    ws.set_row_height(head, 30)?;
    ws.write_string_with_format(head, 0, t("sheet.activity"), &s.head)?;
    ws.write_string_with_format(head, 1, t("sheet.kind"), &s.head)?;
    for (i, day) in sheet.days().into_iter().enumerate() {
        let text = format!("{}\n{}", labels::weekday(i), labels::day_month(day));
        ws.write_string_with_format(head, 2 + i as u16, text, &s.head)?;
    }
    ws.write_string_with_format(head, LAST_COL, t("sheet.total"), &s.head)?;

    let grid = sheet.grid();
    let first = head + 1;
    let days = sheet.days();
    for (row, (activity, minutes)) in (first..).zip(sheet.activities.iter().zip(&grid)) {
        let label = labels::activity(&activity.code, &activity.label);
        fit_rows(ws, row, &label, LABEL_CHARS)?;
        ws.write_string_with_format(row, 0, spreadsheet_text(&label), &s.text)?;
        ws.write_string_with_format(row, 1, labels::kind_short(activity.kind), &s.flag)?;
        for (i, (&m, day)) in minutes.iter().zip(days).enumerate() {
            let col = 2 + i as u16;
            match (m, sheet.covers(day)) {
                (0, true) => ws.write_blank(row, col, &s.hours)?,
                (0, false) => ws.write_blank(row, col, &s.outside)?,
                (m, _) => ws.write_number_with_format(row, col, hours(m), &s.hours)?,
            };
        }
        let total: u32 = minutes.iter().sum();
        let sum = format!("=SUM({}:{})", cell(row, 2), cell(row, 8));
        ws.write_formula_with_format(row, LAST_COL, formula(&sum, hours(total)), &s.total)?;
    }

    let totals = first + sheet.activities.len() as u32;
    let last = totals - 1;
    ws.write_string_with_format(totals, 0, t("sheet.total"), &s.total_label)?;
    ws.write_blank(totals, 1, &s.total_label)?;
    let day_totals = sheet.day_totals();
    for col in 2..=LAST_COL {
        let value = match day_totals.get(usize::from(col - 2)) {
            Some(&m) => hours(m),
            None => hours(sheet.total_minutes()),
        };
        let sum = if sheet.activities.is_empty() {
            "=0".to_owned()
        } else {
            format!("=SUM({}:{})", cell(first, col), cell(last, col))
        };
        ws.write_formula_with_format(totals, col, formula(&sum, value), &s.total)?;
    }
    Ok(totals)
}

/// Contract hours, hours worked on and outside the operation (SUMIF over the kind
/// column), hours worked, absences, total and the ESF share of hours worked; returns the
/// last row.
fn write_summary(
    ws: &mut Worksheet,
    sheet: &Timesheet,
    totals: u32,
    s: &Styles,
) -> Result<u32, XlsxError> {
    let top = totals + 2;
    let first = GRID_ROW + 1;
    let total = cell(totals, LAST_COL);
    let by_kind = |kind: ActivityKind| {
        if totals > first {
            format!(
                "=SUMIF({}:{},\"{}\",{}:{})",
                cell(first, 1),
                cell(totals - 1, 1),
                labels::kind_short(kind).replace('"', "\"\""),
                cell(first, LAST_COL),
                cell(totals - 1, LAST_COL)
            )
        } else {
            "=0".to_owned()
        }
    };
    let (esf, other, worked) = (
        cell(top + 1, LAST_COL),
        cell(top + 2, LAST_COL),
        cell(top + 3, LAST_COL),
    );
    ws.merge_range(
        top,
        0,
        top,
        LAST_COL - 1,
        &t("sheet.contract_hours"),
        &s.total_label,
    )?;
    ws.write_number_with_format(top, LAST_COL, hours(sheet.contract_minutes()), &s.total)?;
    let lines = [
        (
            "sheet.esf_hours",
            by_kind(ActivityKind::Operation),
            sheet.esf_minutes(),
        ),
        (
            "sheet.other_hours",
            by_kind(ActivityKind::Outside),
            sheet.other_minutes(),
        ),
        (
            "sheet.worked_hours",
            format!("={esf}+{other}"),
            sheet.worked_minutes(),
        ),
        (
            "sheet.absence_hours",
            by_kind(ActivityKind::Absence),
            sheet.absence_minutes(),
        ),
        (
            "sheet.total_hours",
            format!("={total}"),
            sheet.total_minutes(),
        ),
    ];
    for (row, (key, text, minutes)) in (top + 1..).zip(lines) {
        ws.merge_range(row, 0, row, LAST_COL - 1, &t(key), &s.total_label)?;
        ws.write_formula_with_format(row, LAST_COL, formula(&text, hours(minutes)), &s.total)?;
    }
    let row = top + 6;
    ws.merge_range(
        row,
        0,
        row,
        LAST_COL - 1,
        &t("sheet.esf_share"),
        &s.total_label,
    )?;
    let text = format!("=IF({worked}=0,0,{esf}/{worked})");
    ws.write_formula_with_format(row, LAST_COL, formula(&text, sheet.esf_share()), &s.share)?;
    Ok(row)
}

/// Time per participant by file number; returns the last row.
fn write_participants(
    ws: &mut Worksheet,
    sheet: &Timesheet,
    top: u32,
    s: &Styles,
) -> Result<u32, XlsxError> {
    ws.merge_range(top, 0, top, LAST_COL, &t("sheet.participants"), &s.label)?;
    let participants = sheet.participants();
    if participants.is_empty() {
        ws.merge_range(
            top + 1,
            0,
            top + 1,
            LAST_COL,
            &t("sheet.no_participant"),
            &s.wrapped,
        )?;
        return Ok(top + 1);
    }
    let head = top + 1;
    ws.write_string_with_format(head, 0, t("sheet.file_number"), &s.head)?;
    ws.write_string_with_format(head, 1, t("sheet.esf"), &s.head)?;
    ws.write_string_with_format(head, 2, t("sheet.hours"), &s.head)?;
    ws.write_string_with_format(head, 3, t("sheet.entries"), &s.head)?;
    let mut row = head;
    for p in &participants {
        row += 1;
        ws.write_string_with_format(row, 0, spreadsheet_text(&p.file_number), &s.text)?;
        ws.write_number_with_format(row, 1, hours(p.esf_minutes), &s.hours)?;
        ws.write_number_with_format(row, 2, hours(p.minutes), &s.hours)?;
        ws.write_number_with_format(row, 3, p.entries as f64, &s.flag)?;
    }
    Ok(row)
}

/// The certification sentence, then the employee's and the line manager's boxes (name, a
/// blank for the handwritten date, room to sign, the electronic trail); returns the last row.
fn write_signatures(
    ws: &mut Worksheet,
    sheet: &Timesheet,
    top: u32,
    s: &Styles,
) -> Result<u32, XlsxError> {
    let certify = t("sheet.certify");
    fit_rows(ws, top, &certify, MERGED_CHARS + 36)?;
    ws.merge_range(top, 0, top, LAST_COL, &certify, &s.wrapped)?;
    let top = top + 1;
    let boxes = [
        (
            (0u16, 2u16),
            "sheet.employee",
            sheet.heading.referent_name.clone(),
            labels::submitted_trail(sheet),
        ),
        (
            (3u16, LAST_COL),
            "sheet.supervisor",
            labels::manager_name(sheet),
            labels::validated_trail(sheet),
        ),
    ];
    ws.set_row_height(top + 1, 30)?;
    ws.set_row_height(top + 3, 45)?;
    ws.set_row_height(top + 4, 30)?;
    for ((first, last), title, name, trail) in boxes {
        let lines = [
            (t(title), &s.sign_head),
            (
                format!("{}: {}", t("sheet.name"), printable(&name)),
                &s.sign,
            ),
            (format!("{}:", t("sheet.hand_date")), &s.sign),
            (format!("{}:", t("sheet.signature")), &s.sign_space),
            (printable(&trail).into_owned(), &s.sign),
        ];
        for (row, (text, format)) in (top..).zip(lines) {
            ws.merge_range(row, first, row, last, &text, format)?;
        }
    }
    Ok(top + 4)
}

/// Makes `row` tall enough for `text` wrapped at about `chars` characters a line (Excel
/// does not grow rows of merged cells by itself).
fn fit_rows(ws: &mut Worksheet, row: u32, text: &str, chars: usize) -> Result<(), XlsxError> {
    let lines: usize = text
        .lines()
        .map(|line| line.chars().count().div_ceil(chars).max(1))
        .sum();
    if lines > 1 {
        ws.set_row_height(row, 15.0 * lines as f64)?;
    }
    Ok(())
}

/// The CSV's rows with real numbers, dates and booleans, words in the export's language.
fn write_detail(ws: &mut Worksheet, sheets: &[Timesheet], s: &Styles) -> Result<(), XlsxError> {
    for (col, name) in (0u16..).zip(HEADER) {
        ws.write_string_with_format(0, col, name, &s.label)?;
    }
    let widths = [
        14, 22, 10, 11, 10, 11, 11, 16, 14, 28, 16, 13, 16, 9, 8, 40, 66,
    ];
    for (col, width) in (0u16..).zip(widths) {
        ws.set_column_width(col, width)?;
    }
    let words = CsvFlavour::for_delimiter(SPREADSHEET_DELIMITER);
    let mut row = 0u32;
    for sheet in sheets {
        for e in &sheet.entries {
            row += 1;
            let fields = super::timesheet_csv::row(sheet, e, words);
            for col in [0u16, 1, 2, 3, 4, 6, 7, 8, 9, 10, 12, 15, 16] {
                ws.write_string(row, col, &fields[usize::from(col)])?;
            }
            ws.write_datetime_with_format(row, 5, e.date, &s.date)?;
            ws.write_boolean(row, 11, e.esf())?;
            ws.write_number(row, 13, f64::from(e.minutes))?;
            ws.write_number_with_format(row, 14, hours(e.minutes), &s.decimal)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, row, HEADER.len() as u16 - 1)?;
    ws.set_paper_size(PAPER_A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_repeat_rows(0, 0)?;
    Ok(())
}

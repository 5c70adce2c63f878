//! The weekly ESF timesheet as PDF: one A4 page per referent-week.
//!
//! Each page holds the header (structure, operation, referent, week and dates, status), the
//! activities × days grid with totals, the ESF hours, total and share, the time per
//! participant by file number, and the employee's and supervisor's signature boxes. A week
//! that is not validated carries a red DRAFT mark and a pale DRAFT watermark. DejaVu Sans is
//! embedded (subset) so accents print anywhere. The document's dates are the sheets'
//! generation time and krilla writes deterministically, so a validated week re-exports to
//! the same bytes.

use crate::domain::text::printable;
use chrono::{DateTime, Datelike, Timelike, Utc};
use krilla::Document;
use krilla::metadata::{DateTime as PdfDateTime, Metadata};
use krilla::page::PageSettings;

use super::pdf_canvas::{Align, BLUE_TINT, Canvas, Fonts, GREY, GREY_TINT, RED, Style, Weight};
use super::{ExportError, labels};
use crate::domain::timesheet::Timesheet;
use crate::i18n::{Lang, language, t, tf};

/// A4 width in points.
const PAGE_W: f32 = 595.28;
/// A4 height in points.
const PAGE_H: f32 = 841.89;
/// Left and right margin.
const MARGIN: f32 = 36.0;
/// Printable width.
const WIDTH: f32 = PAGE_W - 2.0 * MARGIN;

/// Grid columns: activity, ESF flag, seven days, total.
const ESF_W: f32 = 30.0;
const DAY_W: f32 = 41.0;
const TOTAL_W: f32 = 46.0;
const ACTIVITY_W: f32 = WIDTH - ESF_W - 7.0 * DAY_W - TOTAL_W;
/// Height of a grid row.
const ROW_H: f32 = 15.0;
/// Top of the signature boxes.
const SIGN_TOP: f32 = PAGE_H - MARGIN - 24.0 - SIGN_H;
/// Height of a signature box.
const SIGN_H: f32 = 96.0;
/// Room between text and a cell's edge.
const PAD: f32 = 4.0;

/// Writes one page per sheet, in order.
pub fn timesheet_pdf(sheets: &[Timesheet]) -> Result<Vec<u8>, ExportError> {
    let fonts = Fonts::load()?;
    let mut document = Document::new();
    document.set_metadata(metadata(sheets));
    let pages = sheets.len();
    for (index, sheet) in sheets.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| ExportError::write("PDF", "invalid page size"))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let mut canvas = Canvas::new(&mut surface, &fonts);
        draw_sheet(&mut canvas, sheet, (index + 1, pages));
        surface.finish();
        page.finish();
    }
    document.finish().map_err(|e| ExportError::write("PDF", e))
}

/// Title, language and creation date fixed by the content.
fn metadata(sheets: &[Timesheet]) -> Metadata {
    let created = sheets
        .iter()
        .map(|s| s.lifecycle.generated_at)
        .max()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let mut title = t("sheet.title");
    if let [sheet] = sheets {
        title = format!("{title} {} — {}", sheet.week, sheet.heading.referent_name);
    }
    let lang = match language() {
        Lang::Fr => "fr",
        Lang::En => "en",
    };
    Metadata::new()
        .title(printable(&title).into_owned())
        .creator("parcours".to_owned())
        .language(lang.to_owned())
        .creation_date(pdf_date(created))
}

fn pdf_date(at: DateTime<Utc>) -> PdfDateTime {
    let year = u16::try_from(at.year()).unwrap_or(1970);
    // Every component below is range-checked by chrono, so the narrowing casts cannot fail.
    PdfDateTime::new(year)
        .month(at.month() as u8)
        .day(at.day() as u8)
        .hour(at.hour() as u8)
        .minute(at.minute() as u8)
        .second(at.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

fn draw_sheet(c: &mut Canvas, sheet: &Timesheet, (page, pages): (usize, usize)) {
    let draft = !sheet.is_validated();
    if draft {
        let mark = t("sheet.draft");
        // As large as fits across the page's diagonal, at most 110 points.
        let size = (620.0 / c.fonts.width(&mark, 1.0, Weight::Bold).max(1.0)).min(110.0);
        c.watermark(
            (PAGE_W / 2.0, PAGE_H / 2.0),
            -40.0,
            &mark,
            Style::bold(size).in_colour(RED),
        );
    }
    c.text(
        MARGIN,
        56.0,
        &t("sheet.title"),
        Style::bold(16.0),
        Align::Left,
    );
    if draft {
        let w = 150.0;
        c.rect((MARGIN + WIDTH - w, 32.0, w, 34.0), None, Some((RED, 2.0)));
        c.text(
            MARGIN + WIDTH - w / 2.0,
            57.0,
            &t("sheet.draft"),
            Style::bold(20.0).in_colour(RED),
            Align::Centre,
        );
    }
    let header = [
        ("sheet.structure", sheet.heading.structure.clone()),
        ("sheet.operation", labels::operation_line(sheet)),
        ("sheet.referent", labels::referent_line(sheet)),
        ("sheet.week", labels::week_line(sheet)),
        ("sheet.status", labels::status_line(sheet)),
    ];
    let mut y = 88.0;
    for (key, value) in header {
        c.text_in(MARGIN, y, 110.0, &t(key), Style::bold(9.5));
        c.text_in(
            MARGIN + 115.0,
            y,
            WIDTH - 115.0,
            &value,
            Style::regular(9.5),
        );
        y += 15.0;
    }
    let y = draw_grid(c, sheet, y + 6.0);
    let y = draw_summary(c, sheet, y + 16.0);
    draw_participants(c, sheet, y + 20.0);
    if draft {
        c.text_in(
            MARGIN,
            SIGN_TOP - 8.0,
            WIDTH,
            &t("sheet.draft_note"),
            Style::bold(8.0).in_colour(RED),
        );
    }
    draw_signatures(c, sheet);
    let footer = PAGE_H - MARGIN + 8.0;
    let small = Style::regular(7.0).in_colour(GREY);
    c.text(
        MARGIN,
        footer,
        &labels::generated(sheet.lifecycle.generated_at),
        small,
        Align::Left,
    );
    let page_text = tf(
        "sheet.page",
        &[("page", &page.to_string()), ("pages", &pages.to_string())],
    );
    c.text(MARGIN + WIDTH, footer, &page_text, small, Align::Right);
}

/// Left edge of the `i`-th day column.
fn day_x(i: usize) -> f32 {
    MARGIN + ACTIVITY_W + ESF_W + DAY_W * i as f32
}

/// The activities × days grid from `top`; returns the bottom of its totals row.
fn draw_grid(c: &mut Canvas, sheet: &Timesheet, top: f32) -> f32 {
    let head_h = 26.0;
    let total_x = MARGIN + WIDTH - TOTAL_W;
    let bold = Style::bold(8.0);
    c.rect(
        (MARGIN, top, WIDTH, head_h),
        Some(BLUE_TINT),
        Some((GREY, 0.5)),
    );
    c.text(
        MARGIN + PAD,
        top + 16.0,
        &t("sheet.activity"),
        bold,
        Align::Left,
    );
    c.text(
        MARGIN + ACTIVITY_W + ESF_W / 2.0,
        top + 16.0,
        &t("sheet.esf"),
        bold,
        Align::Centre,
    );
    for (i, day) in sheet.days().into_iter().enumerate() {
        let centre = day_x(i) + DAY_W / 2.0;
        c.text(centre, top + 11.0, &labels::weekday(i), bold, Align::Centre);
        c.text(
            centre,
            top + 21.0,
            &labels::day_month(day),
            Style::regular(7.5),
            Align::Centre,
        );
    }
    c.text(
        total_x + TOTAL_W / 2.0,
        top + 16.0,
        &t("sheet.total"),
        bold,
        Align::Centre,
    );

    let days = sheet.days();
    let text = Style::regular(8.0);
    let mut y = top + head_h;
    for (activity, minutes) in sheet.activities.iter().zip(sheet.grid()) {
        c.rect((MARGIN, y, WIDTH, ROW_H), None, Some((GREY, 0.5)));
        for (i, day) in days.iter().enumerate() {
            if !sheet.covers(*day) {
                c.rect(
                    (day_x(i), y, DAY_W, ROW_H),
                    Some(GREY_TINT),
                    Some((GREY, 0.5)),
                );
            }
        }
        let label = labels::activity(&activity.code, &activity.label);
        c.text_in(MARGIN + PAD, y + 10.5, ACTIVITY_W - 2.0 * PAD, &label, text);
        let flag = labels::yes_no(activity.esf);
        c.text(
            MARGIN + ACTIVITY_W + ESF_W / 2.0,
            y + 10.5,
            &flag,
            text,
            Align::Centre,
        );
        for (i, m) in minutes.iter().enumerate() {
            if *m > 0 {
                let right = day_x(i) + DAY_W - PAD;
                c.text(right, y + 10.5, &labels::hours(*m), text, Align::Right);
            }
        }
        let total: u32 = minutes.iter().sum();
        if total > 0 {
            c.text(
                MARGIN + WIDTH - PAD,
                y + 10.5,
                &labels::hours(total),
                bold,
                Align::Right,
            );
        }
        y += ROW_H;
    }

    c.rect(
        (MARGIN, y, WIDTH, ROW_H),
        Some(BLUE_TINT),
        Some((GREY, 0.5)),
    );
    c.text(MARGIN + PAD, y + 10.5, &t("sheet.total"), bold, Align::Left);
    for (i, m) in sheet.day_totals().iter().enumerate() {
        let right = day_x(i) + DAY_W - PAD;
        c.text(right, y + 10.5, &labels::hours(*m), bold, Align::Right);
    }
    let week_total = labels::hours(sheet.total_minutes());
    c.text(
        MARGIN + WIDTH - PAD,
        y + 10.5,
        &week_total,
        bold,
        Align::Right,
    );

    // Column rules over the whole grid.
    let bottom = y + ROW_H;
    for x in (0..7).map(day_x).chain([MARGIN + ACTIVITY_W, total_x]) {
        c.rect((x, top, 0.0, bottom - top), None, Some((GREY, 0.5)));
    }
    if !sheet.is_whole_week() {
        c.rect(
            (MARGIN, bottom + 3.0, 8.0, 8.0),
            Some(GREY_TINT),
            Some((GREY, 0.5)),
        );
        let legend = labels::outside_month(sheet);
        let style = Style::regular(7.0).in_colour(GREY);
        c.text(MARGIN + 12.0, bottom + 10.0, &legend, style, Align::Left);
    }
    bottom
}

/// ESF hours, other hours, total and share from `top`; returns the last baseline.
fn draw_summary(c: &mut Canvas, sheet: &Timesheet, top: f32) -> f32 {
    let lines = [
        ("sheet.esf_hours", labels::hours(sheet.esf_minutes())),
        ("sheet.other_hours", labels::hours(sheet.other_minutes())),
        ("sheet.total_hours", labels::hours(sheet.total_minutes())),
        ("sheet.esf_share", labels::percent(sheet.esf_share())),
    ];
    let mut y = top;
    for (key, value) in lines {
        c.text(
            MARGIN + WIDTH - 80.0,
            y,
            &t(key),
            Style::regular(9.0),
            Align::Right,
        );
        c.text(
            MARGIN + WIDTH - PAD,
            y,
            &value,
            Style::bold(9.0),
            Align::Right,
        );
        y += 14.0;
    }
    y - 14.0
}

/// Time per participant, in three column blocks, from `top` down to the signature boxes.
fn draw_participants(c: &mut Canvas, sheet: &Timesheet, top: f32) {
    c.text(
        MARGIN,
        top,
        &t("sheet.participants"),
        Style::bold(9.5),
        Align::Left,
    );
    let participants = sheet.participants();
    if participants.is_empty() {
        let style = Style::regular(8.0).in_colour(GREY);
        c.text(
            MARGIN,
            top + 14.0,
            &t("sheet.no_participant"),
            style,
            Align::Left,
        );
        return;
    }
    let row_h = 11.0;
    let blocks = 3;
    let block_w = WIDTH / blocks as f32;
    let first = top + 14.0;
    let room = ((SIGN_TOP - 20.0 - first) / row_h).floor().max(2.0) as usize;
    let per_block = room - 1;
    let capacity = per_block * blocks;
    let shown = if participants.len() > capacity {
        capacity - 1
    } else {
        participants.len()
    };
    let bold = Style::bold(7.5);
    let text = Style::regular(7.5);
    for b in 0..blocks.min(shown.div_ceil(per_block)) {
        let x = MARGIN + block_w * b as f32;
        c.text(x, first, &t("sheet.file_number"), bold, Align::Left);
        c.text(x + 120.0, first, &t("sheet.hours"), bold, Align::Right);
        c.text(x + 160.0, first, &t("sheet.esf"), bold, Align::Right);
    }
    for (i, p) in participants.iter().take(shown).enumerate() {
        let x = MARGIN + block_w * (i / per_block) as f32;
        let y = first + row_h * (1 + i % per_block) as f32;
        c.text(x, y, &p.file_number, text, Align::Left);
        c.text(x + 120.0, y, &labels::hours(p.minutes), text, Align::Right);
        c.text(
            x + 160.0,
            y,
            &labels::hours(p.esf_minutes),
            text,
            Align::Right,
        );
    }
    if shown < participants.len() {
        let x = MARGIN + block_w * (blocks - 1) as f32;
        let y = first + row_h * per_block as f32;
        let more = format!("… +{}", participants.len() - shown);
        c.text(x, y, &more, text, Align::Left);
    }
}

/// The employee's and the supervisor's boxes at the bottom of the page.
fn draw_signatures(c: &mut Canvas, sheet: &Timesheet) {
    let gap = 15.0;
    let w = (WIDTH - gap) / 2.0;
    let lc = &sheet.lifecycle;
    let boxes = [
        (
            MARGIN,
            "sheet.employee",
            Some(sheet.heading.referent_name.clone()),
            lc.submitted.as_ref().map(|s| labels::date_time(s.at)),
        ),
        (
            MARGIN + w + gap,
            "sheet.supervisor",
            lc.validated.as_ref().map(|s| s.name.clone()),
            lc.validated.as_ref().map(|s| labels::date_time(s.at)),
        ),
    ];
    for (x, title, name, date) in boxes {
        c.rect((x, SIGN_TOP, w, SIGN_H), None, Some((GREY, 0.8)));
        c.rect((x, SIGN_TOP, w, 16.0), Some(BLUE_TINT), Some((GREY, 0.8)));
        c.text(
            x + PAD,
            SIGN_TOP + 11.5,
            &t(title),
            Style::bold(9.0),
            Align::Left,
        );
        let lines = [
            ("sheet.name", name.unwrap_or_default()),
            ("sheet.date", date.unwrap_or_default()),
            ("sheet.signature", String::new()),
        ];
        let mut y = SIGN_TOP + 30.0;
        for (key, value) in lines {
            let label = format!("{}:", t(key));
            let label_w = c.fonts.width(&label, 8.5, Weight::Bold);
            c.text(x + PAD, y, &label, Style::bold(8.5), Align::Left);
            let room = w - label_w - 3.0 * PAD;
            c.text_in(
                x + 2.0 * PAD + label_w,
                y,
                room,
                &value,
                Style::regular(8.5),
            );
            y += 15.0;
        }
    }
}

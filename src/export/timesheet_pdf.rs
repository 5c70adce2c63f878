//! The weekly ESF timesheet as PDF: A4 pages, one referent-week after another.
//!
//! A sheet starts on a new page with the header (structure, operation, referent, week and
//! dates, status), the activities × days grid with totals, then contract hours, hours worked
//! on and outside the operation, absences, the total and the ESF share of hours worked, the
//! time per participant by file number, and the certification sentence above the employee's
//! and the line manager's signature boxes (a blank for the handwritten date, the electronic
//! submit/validate trail in the PLIE's local time with its zone). Nothing is cut: long texts
//! wrap, and what does not fit continues on the next page with its heading repeated. Every
//! page's footer carries the week's fingerprint and the command that checks it. A week that
//! is not validated carries a red DRAFT mark and a pale DRAFT watermark on every page.
//! DejaVu Sans is embedded (subset) so accents print anywhere. The document's dates are the
//! sheets' generation time and krilla writes deterministically, so a validated week
//! re-exports to the same bytes.
//!
//! Pages are laid out first (a list of drawing operations per page) and drawn second, so
//! that "page N of M" knows M.

use crate::domain::text::printable;
use chrono::{DateTime, Datelike, Timelike, Utc};
use krilla::Document;
use krilla::metadata::{DateTime as PdfDateTime, Metadata};
use krilla::page::PageSettings;

use super::pdf_canvas::{
    Align, BLUE_TINT, Canvas, Colour, Fonts, GREY, GREY_TINT, RED, Style, Weight,
};
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
/// Lowest baseline of the body: the footer lies below.
const BODY_BOTTOM: f32 = PAGE_H - MARGIN - 30.0;

/// Grid columns: activity, kind, seven days, total.
const KIND_W: f32 = 30.0;
const DAY_W: f32 = 41.0;
const TOTAL_W: f32 = 46.0;
const ACTIVITY_W: f32 = WIDTH - KIND_W - 7.0 * DAY_W - TOTAL_W;
/// Height of a one-line grid row.
const ROW_H: f32 = 15.0;
/// Height of the grid's heading row.
const HEAD_H: f32 = 26.0;
/// Line height of wrapped text in a grid row.
const LINE_H: f32 = 10.0;
/// Height of a signature box.
const SIGN_H: f32 = 118.0;
/// Room between text and a cell's edge.
const PAD: f32 = 4.0;
/// Line height of the participants' table.
const PARTICIPANT_H: f32 = 11.0;

/// Writes the sheets' pages, in order.
pub fn timesheet_pdf(sheets: &[Timesheet]) -> Result<Vec<u8>, ExportError> {
    let fonts = Fonts::load()?;
    let mut pages: Vec<Vec<Op>> = Vec::new();
    for sheet in sheets {
        pages.extend(SheetLayout::new(&fonts, sheet).pages());
    }
    let mut document = Document::new();
    document.set_metadata(metadata(sheets));
    let count = pages.len();
    for (index, ops) in pages.into_iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_W, PAGE_H)
            .ok_or_else(|| ExportError::write("PDF", "invalid page size"))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        let mut canvas = Canvas::new(&mut surface, &fonts);
        for op in ops {
            op.draw(&mut canvas);
        }
        let page_text = tf(
            "sheet.page",
            &[
                ("page", &(index + 1).to_string()),
                ("pages", &count.to_string()),
            ],
        );
        let small = Style::regular(7.0).in_colour(GREY);
        canvas.text(
            MARGIN + WIDTH,
            PAGE_H - MARGIN - 14.0,
            &page_text,
            small,
            Align::Right,
        );
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

/// One drawing operation of a laid-out page.
enum Op {
    /// A line of text at its baseline.
    Text(f32, f32, String, Style, Align),
    /// A rectangle, filled and/or outlined.
    Rect((f32, f32, f32, f32), Option<Colour>, Option<(Colour, f32)>),
    /// The pale DRAFT mark across the page.
    Watermark(String, Style),
}

impl Op {
    fn draw(self, c: &mut Canvas) {
        match self {
            Op::Text(x, y, text, style, align) => c.text(x, y, &text, style, align),
            Op::Rect(rect, background, border) => c.rect(rect, background, border),
            Op::Watermark(text, style) => {
                c.watermark((PAGE_W / 2.0, PAGE_H / 2.0), -40.0, &text, style);
            }
        }
    }
}

/// The pages of one sheet being laid out, top to bottom.
struct SheetLayout<'a> {
    fonts: &'a Fonts,
    sheet: &'a Timesheet,
    pages: Vec<Vec<Op>>,
    /// The next free baseline of the current page.
    y: f32,
}

impl<'a> SheetLayout<'a> {
    fn new(fonts: &'a Fonts, sheet: &'a Timesheet) -> Self {
        Self {
            fonts,
            sheet,
            pages: Vec::new(),
            y: 0.0,
        }
    }

    /// Lays the whole sheet out.
    fn pages(mut self) -> Vec<Vec<Op>> {
        self.first_page();
        self.grid();
        self.summary();
        self.participants();
        self.signatures();
        self.pages
    }

    fn draft(&self) -> bool {
        !self.sheet.is_validated()
    }

    fn op(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn text(&mut self, x: f32, y: f32, text: &str, style: Style, align: Align) {
        self.op(Op::Text(x, y, text.to_owned(), style, align));
    }

    fn rect(
        &mut self,
        rect: (f32, f32, f32, f32),
        bg: Option<Colour>,
        border: Option<(Colour, f32)>,
    ) {
        self.op(Op::Rect(rect, bg, border));
    }

    fn wrap(&self, text: &str, room: f32, style: Style) -> Vec<String> {
        self.fonts.wrap(text, room, style.size, style.weight)
    }

    /// Starts a page: the DRAFT watermark and the footer lines of this sheet.
    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        if self.draft() {
            let mark = t("sheet.draft");
            // As large as fits across the page's diagonal, at most 110 points.
            let size = (620.0 / self.fonts.width(&mark, 1.0, Weight::Bold).max(1.0)).min(110.0);
            self.op(Op::Watermark(mark, Style::bold(size).in_colour(RED)));
        }
        let small = Style::regular(7.0).in_colour(GREY);
        let footer = PAGE_H - MARGIN - 14.0;
        let generated = labels::generated(self.sheet.lifecycle.generated_at);
        self.text(MARGIN, footer, &generated, small, Align::Left);
        let fingerprint = labels::fingerprint(self.sheet);
        self.text(MARGIN, footer + 9.0, &fingerprint, small, Align::Left);
        let verify = labels::verify(self.sheet);
        self.text(MARGIN, footer + 18.0, &verify, small, Align::Left);
        self.y = MARGIN + 20.0;
    }

    /// A page after the first: the sheet's identity on one line, then the body.
    fn continued_page(&mut self) {
        self.new_page();
        let sheet = self.sheet;
        let mut line = format!(
            "{} — {} — {}",
            t("sheet.title"),
            sheet.week,
            labels::referent_line(sheet)
        );
        if self.draft() {
            line = format!("{line} — {}", t("sheet.draft"));
        }
        let style = Style::bold(9.0);
        for l in self.wrap(&line, WIDTH, style) {
            self.text(MARGIN, self.y, &l, style, Align::Left);
            self.y += 12.0;
        }
        self.y += 6.0;
    }

    /// Makes room for `height` points below the current line, on a new page if needed.
    fn room(&mut self, height: f32) -> bool {
        if self.y + height > BODY_BOTTOM {
            self.continued_page();
            true
        } else {
            false
        }
    }

    /// Title, DRAFT box and header lines, values wrapped.
    fn first_page(&mut self) {
        self.new_page();
        let sheet = self.sheet;
        self.text(
            MARGIN,
            56.0,
            &t("sheet.title"),
            Style::bold(16.0),
            Align::Left,
        );
        if self.draft() {
            let w = 150.0;
            self.rect((MARGIN + WIDTH - w, 32.0, w, 34.0), None, Some((RED, 2.0)));
            let style = Style::bold(20.0).in_colour(RED);
            self.text(
                MARGIN + WIDTH - w / 2.0,
                57.0,
                &t("sheet.draft"),
                style,
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
        self.y = 88.0;
        let (label_w, value_x) = (110.0, MARGIN + 115.0);
        for (key, value) in header {
            let label = self.wrap(&t(key), label_w, Style::bold(9.5));
            let value = self.wrap(&value, WIDTH - 115.0, Style::regular(9.5));
            for (i, line) in label.iter().enumerate() {
                self.text(
                    MARGIN,
                    self.y + 12.0 * i as f32,
                    line,
                    Style::bold(9.5),
                    Align::Left,
                );
            }
            for (i, line) in value.iter().enumerate() {
                let y = self.y + 12.0 * i as f32;
                self.text(value_x, y, line, Style::regular(9.5), Align::Left);
            }
            self.y += 12.0 * label.len().max(value.len()) as f32 + 3.0;
        }
        self.y += 6.0;
    }

    /// The grid's heading row at `self.y` (its top).
    fn grid_head(&mut self) {
        let top = self.y;
        let bold = Style::bold(8.0);
        self.rect(
            (MARGIN, top, WIDTH, HEAD_H),
            Some(BLUE_TINT),
            Some((GREY, 0.5)),
        );
        self.text(
            MARGIN + PAD,
            top + 16.0,
            &t("sheet.activity"),
            bold,
            Align::Left,
        );
        let kind_x = MARGIN + ACTIVITY_W + KIND_W / 2.0;
        self.text(
            kind_x,
            top + 16.0,
            &t("sheet.kind"),
            Style::bold(7.0),
            Align::Centre,
        );
        for (i, day) in self.sheet.days().into_iter().enumerate() {
            let centre = day_x(i) + DAY_W / 2.0;
            self.text(centre, top + 11.0, &labels::weekday(i), bold, Align::Centre);
            let date = labels::day_month(day);
            self.text(
                centre,
                top + 21.0,
                &date,
                Style::regular(7.5),
                Align::Centre,
            );
        }
        let total_x = MARGIN + WIDTH - TOTAL_W / 2.0;
        self.text(total_x, top + 16.0, &t("sheet.total"), bold, Align::Centre);
        self.column_rules(top, HEAD_H);
        self.y = top + HEAD_H;
    }

    /// The vertical rules of a grid row.
    fn column_rules(&mut self, top: f32, height: f32) {
        let total_x = MARGIN + WIDTH - TOTAL_W;
        for x in (0..7).map(day_x).chain([MARGIN + ACTIVITY_W, total_x]) {
            self.rect((x, top, 0.0, height), None, Some((GREY, 0.5)));
        }
    }

    /// The activities × days grid; rows that do not fit continue on the next page under a
    /// repeated heading row.
    fn grid(&mut self) {
        let sheet = self.sheet;
        self.grid_head();
        let days = sheet.days();
        let text = Style::regular(8.0);
        let bold = Style::bold(8.0);
        for (activity, minutes) in sheet.activities.iter().zip(sheet.grid()) {
            let label = labels::activity(&activity.code, &activity.label);
            let lines = self.wrap(&label, ACTIVITY_W - 2.0 * PAD, text);
            let height = ROW_H.max(LINE_H * lines.len() as f32 + 5.0);
            if self.room(height) {
                self.grid_head();
            }
            let y = self.y;
            self.rect((MARGIN, y, WIDTH, height), None, Some((GREY, 0.5)));
            for (i, day) in days.iter().enumerate() {
                if !sheet.covers(*day) {
                    self.rect(
                        (day_x(i), y, DAY_W, height),
                        Some(GREY_TINT),
                        Some((GREY, 0.5)),
                    );
                }
            }
            for (i, line) in lines.iter().enumerate() {
                self.text(
                    MARGIN + PAD,
                    y + 10.5 + LINE_H * i as f32,
                    line,
                    text,
                    Align::Left,
                );
            }
            let kind = labels::kind_short(activity.kind);
            let kind_x = MARGIN + ACTIVITY_W + KIND_W / 2.0;
            self.text(kind_x, y + 10.5, &kind, Style::regular(7.0), Align::Centre);
            for (i, m) in minutes.iter().enumerate() {
                if *m > 0 {
                    let right = day_x(i) + DAY_W - PAD;
                    self.text(right, y + 10.5, &labels::hours(*m), text, Align::Right);
                }
            }
            let total: u32 = minutes.iter().sum();
            if total > 0 {
                let right = MARGIN + WIDTH - PAD;
                self.text(right, y + 10.5, &labels::hours(total), bold, Align::Right);
            }
            self.column_rules(y, height);
            self.y = y + height;
        }
        if self.room(ROW_H + 14.0) {
            self.grid_head();
        }
        let y = self.y;
        self.rect(
            (MARGIN, y, WIDTH, ROW_H),
            Some(BLUE_TINT),
            Some((GREY, 0.5)),
        );
        self.text(MARGIN + PAD, y + 10.5, &t("sheet.total"), bold, Align::Left);
        for (i, m) in sheet.day_totals().iter().enumerate() {
            let right = day_x(i) + DAY_W - PAD;
            self.text(right, y + 10.5, &labels::hours(*m), bold, Align::Right);
        }
        let week_total = labels::hours(sheet.total_minutes());
        self.text(
            MARGIN + WIDTH - PAD,
            y + 10.5,
            &week_total,
            bold,
            Align::Right,
        );
        self.column_rules(y, ROW_H);
        self.y = y + ROW_H;
        if !sheet.is_whole_week() {
            let bottom = self.y;
            self.rect(
                (MARGIN, bottom + 3.0, 8.0, 8.0),
                Some(GREY_TINT),
                Some((GREY, 0.5)),
            );
            let legend = labels::outside_month(sheet);
            let style = Style::regular(7.0).in_colour(GREY);
            self.text(MARGIN + 12.0, bottom + 10.0, &legend, style, Align::Left);
            self.y += 12.0;
        }
    }

    /// Contract hours, hours worked on and outside the operation, absences, total and the
    /// ESF share of hours worked.
    fn summary(&mut self) {
        let sheet = self.sheet;
        let lines = [
            (
                "sheet.contract_hours",
                labels::hours(sheet.contract_minutes()),
            ),
            ("sheet.esf_hours", labels::hours(sheet.esf_minutes())),
            ("sheet.other_hours", labels::hours(sheet.other_minutes())),
            ("sheet.worked_hours", labels::hours(sheet.worked_minutes())),
            (
                "sheet.absence_hours",
                labels::hours(sheet.absence_minutes()),
            ),
            ("sheet.total_hours", labels::hours(sheet.total_minutes())),
            ("sheet.esf_share", labels::percent(sheet.esf_share())),
        ];
        self.room(16.0 + 13.0 * lines.len() as f32);
        self.y += 16.0;
        for (key, value) in lines {
            let label_x = MARGIN + WIDTH - 70.0;
            self.text(label_x, self.y, &t(key), Style::regular(9.0), Align::Right);
            self.text(
                MARGIN + WIDTH - PAD,
                self.y,
                &value,
                Style::bold(9.0),
                Align::Right,
            );
            self.y += 13.0;
        }
    }

    /// Time per participant in three column blocks, continued on further pages (heading
    /// and column titles repeated) until every participant is printed.
    fn participants(&mut self) {
        let participants = self.sheet.participants();
        let title = t("sheet.participants");
        self.room(20.0 + 3.0 * PARTICIPANT_H);
        self.y += 14.0;
        self.text(MARGIN, self.y, &title, Style::bold(9.5), Align::Left);
        if participants.is_empty() {
            let style = Style::regular(8.0).in_colour(GREY);
            self.text(
                MARGIN,
                self.y + 14.0,
                &t("sheet.no_participant"),
                style,
                Align::Left,
            );
            self.y += 14.0;
            return;
        }
        let blocks = 3;
        let block_w = WIDTH / blocks as f32;
        let bold = Style::bold(7.5);
        let text = Style::regular(7.5);
        let mut rest = &participants[..];
        while !rest.is_empty() {
            let first = self.y + 14.0;
            let per_block = (((BODY_BOTTOM - first) / PARTICIPANT_H).floor() as usize).max(2) - 1;
            let on_page = rest.len().min(per_block * blocks);
            // A short list stays in the first block; a longer one fills the blocks evenly.
            let rows = if on_page <= per_block {
                on_page
            } else {
                on_page.div_ceil(blocks)
            };
            let (shown, later) = rest.split_at(on_page);
            for b in 0..shown.len().div_ceil(rows) {
                let x = MARGIN + block_w * b as f32;
                self.text(x, first, &t("sheet.file_number"), bold, Align::Left);
                self.text(x + 120.0, first, &t("sheet.hours"), bold, Align::Right);
                self.text(x + 160.0, first, &t("sheet.esf"), bold, Align::Right);
            }
            for (i, p) in shown.iter().enumerate() {
                let x = MARGIN + block_w * (i / rows) as f32;
                let y = first + PARTICIPANT_H * (1 + i % rows) as f32;
                self.text(x, y, &p.file_number, text, Align::Left);
                self.text(x + 120.0, y, &labels::hours(p.minutes), text, Align::Right);
                let esf = labels::hours(p.esf_minutes);
                self.text(x + 160.0, y, &esf, text, Align::Right);
            }
            self.y = first + PARTICIPANT_H * rows as f32;
            rest = later;
            if !rest.is_empty() {
                self.continued_page();
                let heading = tf("sheet.continued", &[("what", &title)]);
                self.text(MARGIN, self.y, &heading, Style::bold(9.5), Align::Left);
            }
        }
    }

    /// The draft note, the certification sentence and the two signature boxes, kept together.
    fn signatures(&mut self) {
        let sheet = self.sheet;
        let note_style = Style::bold(8.0).in_colour(RED);
        let note = if self.draft() {
            self.wrap(&t("sheet.draft_note"), WIDTH, note_style)
        } else {
            Vec::new()
        };
        let certify_style = Style::regular(8.5);
        let certify = self.wrap(&t("sheet.certify"), WIDTH, certify_style);
        let height = 20.0 + 11.0 * (note.len() + certify.len()) as f32 + 6.0 + SIGN_H;
        self.room(height);
        self.y += 20.0;
        for line in note {
            self.text(MARGIN, self.y, &line, note_style, Align::Left);
            self.y += 11.0;
        }
        for line in certify {
            self.text(MARGIN, self.y, &line, certify_style, Align::Left);
            self.y += 11.0;
        }
        let top = self.y - 4.0;
        let gap = 15.0;
        let w = (WIDTH - gap) / 2.0;
        let boxes = [
            (
                MARGIN,
                "sheet.employee",
                sheet.heading.referent_name.clone(),
                labels::submitted_trail(sheet),
            ),
            (
                MARGIN + w + gap,
                "sheet.supervisor",
                labels::manager_name(sheet),
                labels::validated_trail(sheet),
            ),
        ];
        for (x, title, name, trail) in boxes {
            self.signature_box(x, top, w, &t(title), &name, &trail);
        }
        self.y = top + SIGN_H;
    }

    /// One signature box: title, name, a blank for the handwritten date, room to sign,
    /// and the electronic trail at the bottom.
    fn signature_box(&mut self, x: f32, top: f32, w: f32, title: &str, name: &str, trail: &str) {
        self.rect((x, top, w, SIGN_H), None, Some((GREY, 0.8)));
        self.rect((x, top, w, 16.0), Some(BLUE_TINT), Some((GREY, 0.8)));
        self.text(x + PAD, top + 11.5, title, Style::bold(9.0), Align::Left);
        let bold = Style::bold(8.5);
        let regular = Style::regular(8.5);
        let name_label = format!("{}:", t("sheet.name"));
        let label_w = self.fonts.width(&name_label, 8.5, Weight::Bold);
        let mut y = top + 29.0;
        self.text(x + PAD, y, &name_label, bold, Align::Left);
        let name_lines = self.wrap(name, w - label_w - 3.0 * PAD, regular);
        for line in &name_lines {
            self.text(x + 2.0 * PAD + label_w, y, line, regular, Align::Left);
            y += 11.0;
        }
        y = y.max(top + 40.0) + 4.0;
        let date = format!("{}: ____ / ____ / ________", t("sheet.hand_date"));
        self.text(x + PAD, y, &date, bold, Align::Left);
        self.text(
            x + PAD,
            y + 15.0,
            &format!("{}:", t("sheet.signature")),
            bold,
            Align::Left,
        );
        let small = Style::regular(7.0).in_colour(GREY);
        let trail = self.wrap(trail, w - 2.0 * PAD, small);
        let mut ty = top + SIGN_H - 4.0 - 8.5 * (trail.len().saturating_sub(1)) as f32;
        for line in trail {
            self.text(x + PAD, ty, &line, small, Align::Left);
            ty += 8.5;
        }
    }
}

/// Left edge of the `i`-th day column.
fn day_x(i: usize) -> f32 {
    MARGIN + ACTIVITY_W + KIND_W + DAY_W * i as f32
}

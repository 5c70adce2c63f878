//! A backend that shifts rows with the terminal's scroll region instead of
//! sending them again.
//!
//! ratatui sends every cell that differs from the previous frame, so a list
//! that scrolls by one row re-sends every visible row. This wrapper keeps a
//! mirror of what the terminal shows; in each frame it looks for bands of
//! rows that moved up or down (a few rows inside may have changed too, such
//! as the selection's), prices shifting each of the likeliest on the
//! terminal with a scroll region (DECSTBM, then SU or SD) against not
//! shifting at all, byte for byte, and sends the cheapest: the shift, then
//! the cells that still differ from the frame ([`changes`]). The region is
//! left set between frames (cursor addressing ignores it, origin mode being
//! off), so scrolling the same list again costs only `ESC [ S`; leaving the
//! full-screen mode resets it ([`RESET_MARGINS`], `tui/terminal.rs`).

use std::io::{self, Write};

use ratatui::backend::{Backend, ClearType, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};

use super::cell_writer::{Margins, changes, csi, width};
use super::pen::{alike, mix_look};

/// DECSTBM without parameters: the scroll region back to the whole screen.
pub const RESET_MARGINS: &[u8] = b"\x1b[r";

/// The fewest rows that must land exactly on their new place for a shift to be tried.
const MIN_MATCHING_ROWS: usize = 2;

/// How many bands (those the estimate of [`distance`] favours) are priced byte for byte.
const BANDS_PRICED: usize = 4;

/// A band of rows moved on the terminal: rows `top..=bottom` (0-based) by
/// `by` rows, up when positive (content moves towards the top), down when negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shift {
    top: u16,
    bottom: u16,
    by: i16,
}

/// A [`Backend`] that shifts moved bands of rows with the terminal's scroll region.
pub struct ScrollRegion<B> {
    inner: B,
    /// What the terminal shows; `None` when unknown (then frames pass through unchanged).
    shown: Option<Buffer>,
    /// The terminal's scroll margins, when known.
    margins: Margins,
    /// Whether the cursor is hidden, when known: hiding it again is not sent.
    cursor_hidden: Option<bool>,
}

impl<B: Backend<Error = io::Error> + Write> ScrollRegion<B> {
    /// Wraps `inner`, whose screen of `size` is blank (a fresh alternate
    /// screen) with its scroll region reset to the whole screen.
    pub fn new(inner: B, size: Size) -> Self {
        Self {
            inner,
            shown: Some(Buffer::empty(Rect::from((Position::ORIGIN, size)))),
            margins: Some((0, size.height.saturating_sub(1))),
            cursor_hidden: None,
        }
    }
}

/// The bytes that shift `shift` on a terminal whose margins are `margins`:
/// DECSTBM only when the region changes (its bottom left out when it is the
/// screen's last row), then SU or SD (the count left out when it is 1).
fn scroll_bytes(shift: Shift, margins: Margins, height: u16) -> Vec<u8> {
    let mut out = Vec::new();
    if margins != Some((shift.top, shift.bottom)) {
        match (shift.top, shift.bottom + 1 == height) {
            (0, true) => out.extend_from_slice(RESET_MARGINS),
            (top, true) => out.extend(format!("\x1b[{}r", top + 1).into_bytes()),
            (top, false) => {
                out.extend(format!("\x1b[{};{}r", top + 1, shift.bottom + 1).into_bytes())
            }
        }
    }
    let command = if shift.by > 0 { 'S' } else { 'T' };
    out.extend(csi(shift.by.unsigned_abs(), command));
    out
}

impl<B: Backend<Error = io::Error> + Write> Backend for ScrollRegion<B> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        let Some(shown) = self.shown.take() else {
            return self.inner.draw(content);
        };
        let updates: Vec<(u16, u16, &Cell)> = content.collect();
        let mut target = shown.clone();
        for &(x, y, cell) in &updates {
            if !shown.area.contains(Position::new(x, y)) {
                // A frame larger than the mirror: it is no longer known what the terminal shows.
                return self.inner.draw(updates.into_iter());
            }
            target[(x, y)] = cell.clone();
            // The columns a wide character covers are not sent: they read
            // as blank, as in the frame ratatui compares the next one with.
            for covered in x.saturating_add(1)..x.saturating_add(width(cell)) {
                if covered < shown.area.right() {
                    target[(covered, y)].reset();
                }
            }
        }
        let height = target.area.height;
        let old = rows(&shown);
        let blank = vec![Cell::EMPTY; usize::from(target.area.width)];
        // Not shifting, then each likely shift, priced byte for byte.
        let mut best = (changes(&old, &target, self.margins), self.margins);
        for shift in likely_shifts(&shown, &target) {
            let margins = Some((shift.top, shift.bottom));
            let mut bytes = scroll_bytes(shift, self.margins, height);
            bytes.extend(changes(&shifted(&old, shift, &blank), &target, margins));
            if bytes.len() < best.0.len() {
                best = (bytes, margins);
            }
        }
        self.inner.write_all(&best.0)?;
        self.margins = best.1;
        self.shown = Some(target);
        Ok(())
    }

    fn append_lines(&mut self, n: u16) -> io::Result<()> {
        self.shown = None;
        self.inner.append_lines(n)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        if self.cursor_hidden == Some(true) {
            return Ok(());
        }
        self.cursor_hidden = Some(true);
        self.inner.hide_cursor()
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        if self.cursor_hidden == Some(false) {
            return Ok(());
        }
        self.cursor_hidden = Some(false);
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        self.inner.get_cursor_position()
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        if clear_type == ClearType::All {
            // A new size (the screen is cleared after a resize) may have reset
            // the margins or not, depending on the terminal: set them again.
            self.inner.write_all(RESET_MARGINS)?;
            let size = self.inner.size().ok();
            self.margins = size.map(|size| (0, size.height.saturating_sub(1)));
            self.shown = size.map(|size| Buffer::empty(Rect::from((Position::ORIGIN, size))));
        } else {
            self.shown = None;
        }
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        self.inner.size()
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        self.inner.window_size()
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

/// The rows of `buffer`, each a slice of its cells.
fn rows(buffer: &Buffer) -> Vec<&[Cell]> {
    let width = usize::from(buffer.area.width).max(1);
    buffer.content.chunks(width).collect()
}

/// A key per row of how it looks: rows that look the same have the same
/// key (equal keys are only a hint, which pricing the shift settles).
fn row_keys(rows: &[&[Cell]]) -> Vec<u64> {
    rows.iter()
        .map(|row| row.iter().fold(0, mix_look))
        .collect()
}

/// About what a row costs to send beyond its cells (a cursor move).
const ROW_COST: i64 = 5;

/// About what it costs to turn row `b` into row `a`: the cells that look
/// different, and a cursor move if there is any.
fn distance(a: &[Cell], b: &[Cell]) -> i64 {
    if a == b {
        return 0;
    }
    let cells = a.iter().zip(b).filter(|(x, y)| !alike(x, y)).count() as i64;
    if cells > 0 { cells + ROW_COST } else { 0 }
}

/// About what it costs to draw row `a` on a blank one.
fn distance_to_blank(a: &[Cell]) -> i64 {
    let cells = a.iter().filter(|c| !alike(c, &Cell::EMPTY)).count() as i64;
    if cells > 0 { cells + ROW_COST } else { 0 }
}

/// The shifts worth pricing when going from `shown` to `target`: for each
/// distance that moves rows into place, the bands that save the most (by
/// the estimate of [`distance`], which may miss a saving: each is priced
/// exactly after), at most [`BANDS_PRICED`] in all.
fn likely_shifts(shown: &Buffer, target: &Buffer) -> Vec<Shift> {
    if shown.area != target.area || shown.area.height < 2 {
        return Vec::new();
    }
    let (old, new) = (rows(shown), rows(target));
    let height = old.len();
    let stay: Vec<i64> = (0..height).map(|y| distance(new[y], old[y])).collect();
    if stay.iter().filter(|&&d| d > 0).count() < MIN_MATCHING_ROWS {
        return Vec::new();
    }
    let blank: Vec<i64> = new.iter().map(|r| distance_to_blank(r)).collect();
    let mut bands: Vec<(i64, Shift)> = candidate_shifts(&row_keys(&old), &row_keys(&new))
        .into_iter()
        .flat_map(|by| bands(&old, &new, &stay, &blank, by))
        .collect();
    bands.sort_by_key(|(gain, _)| std::cmp::Reverse(*gain));
    bands
        .into_iter()
        .take(BANDS_PRICED)
        .map(|(_, s)| s)
        .collect()
}

/// The shifts under which at least [`MIN_MATCHING_ROWS`] changed rows land
/// on their new place, rows compared by their keys ([`row_keys`]).
fn candidate_shifts(old: &[u64], new: &[u64]) -> Vec<i16> {
    let height = old.len();
    let mut landed = vec![0usize; 2 * height];
    for (y, key) in new.iter().enumerate().filter(|&(y, key)| *key != old[y]) {
        for (from, _) in old.iter().enumerate().filter(|&(_, k)| k == key) {
            landed[from + height - y] += 1;
        }
    }
    landed
        .iter()
        .enumerate()
        .filter(|&(_, n)| *n >= MIN_MATCHING_ROWS)
        .map(|(i, _)| i as i16 - height as i16)
        .filter(|&by| by != 0)
        .collect()
}

/// The bands that shifting by `by` helps most, each with about what it
/// saves: the best few, best first.
fn bands(
    old: &[&[Cell]],
    new: &[&[Cell]],
    stay: &[i64],
    blank: &[i64],
    by: i16,
) -> Vec<(i64, Shift)> {
    let height = old.len();
    let n = usize::from(by.unsigned_abs());
    // Cells saved by each row when it receives a moved row (rows that cannot
    // receive one never fall in a band's moved part), or a blank one.
    let moved: Vec<i64> = (0..height)
        .map(|y| {
            let from = y as i64 + i64::from(by);
            usize::try_from(from)
                .ok()
                .filter(|&f| f < height)
                .map_or(0, |f| stay[y] - distance(new[y], old[f]))
        })
        .collect();
    let cleared: Vec<i64> = (0..height).map(|y| stay[y] - blank[y]).collect();
    let prefix = |v: &[i64]| {
        let mut p = vec![0i64; v.len() + 1];
        for (i, x) in v.iter().enumerate() {
            p[i + 1] = p[i] + x;
        }
        p
    };
    let (moved_sum, cleared_sum) = (prefix(&moved), prefix(&cleared));
    let sum = |p: &[i64], from: usize, to: usize| p[to] - p[from];
    let mut all = Vec::new();
    for top in 0..height {
        for bottom in top + n..height {
            // Up: rows top..=bottom-n receive moved rows, the last n are cleared.
            // Down: the first n are cleared, rows top+n..=bottom receive moved rows.
            let gain = if by > 0 {
                sum(&moved_sum, top, bottom + 1 - n) + sum(&cleared_sum, bottom + 1 - n, bottom + 1)
            } else {
                sum(&cleared_sum, top, top + n) + sum(&moved_sum, top + n, bottom + 1)
            };
            let shift = Shift {
                top: top as u16,
                bottom: bottom as u16,
                by,
            };
            all.push((gain, shift));
        }
    }
    all.sort_by_key(|(gain, _)| std::cmp::Reverse(*gain));
    all.truncate(BANDS_PRICED);
    all
}

/// The rows a terminal showing `rows` shows after `shift`: the rows that
/// leave the band are lost, the rows that enter it are `blank`.
fn shifted<'a>(rows: &[&'a [Cell]], shift: Shift, blank: &'a [Cell]) -> Vec<&'a [Cell]> {
    let (top, bottom) = (usize::from(shift.top), usize::from(shift.bottom));
    (0..rows.len())
        .map(|y| {
            if y < top || y > bottom {
                return rows[y];
            }
            let from = y as i64 + i64::from(shift.by);
            usize::try_from(from)
                .ok()
                .filter(|&f| (top..=bottom).contains(&f))
                .map_or(blank, |f| rows[f])
        })
        .collect()
}

/// Moves the rows of `buffer` as the terminal does for `shift`: the tests
/// make their scrolled frames with it.
#[cfg(test)]
fn apply(buffer: &mut Buffer, shift: Shift) {
    let width = usize::from(buffer.area.width);
    let (top, bottom) = (usize::from(shift.top), usize::from(shift.bottom));
    let band = &mut buffer.content[top * width..(bottom + 1) * width];
    let n = (usize::from(shift.by.unsigned_abs()) * width).min(band.len());
    if shift.by > 0 {
        band.rotate_left(n);
        let len = band.len();
        band[len - n..].fill(Cell::EMPTY);
    } else {
        band.rotate_right(n);
        band[..n].fill(Cell::EMPTY);
    }
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;
    use std::rc::Rc;

    use ratatui::backend::CrosstermBackend;
    use ratatui::style::{Color, Modifier, Style};

    use super::*;

    const PALETTE: [(Color, u8); 6] = [
        (Color::Black, 0),
        (Color::Red, 1),
        (Color::Blue, 4),
        (Color::Cyan, 6),
        (Color::Gray, 7),
        (Color::DarkGray, 8),
    ];
    /// Words of a list's rows, with a wide one and a blank one (drawn in a
    /// random style: erased, skipped or printed depending on it).
    const WORDS: [&str; 9] = [
        "P-2026-0001",
        "日本語",
        "    ",
        "DUPONTEL Zoé",
        "Active",
        "12d",
        "—",
        "2026-12-14",
        "Exited",
    ];

    /// Whether `bytes` scroll the terminal: SU or SD, with or without a count.
    fn scrolls(bytes: &[u8]) -> bool {
        bytes.windows(2).enumerate().any(|(i, w)| {
            w == b"\x1b["
                && bytes[i + 2..]
                    .iter()
                    .find(|b| !b.is_ascii_digit())
                    .is_some_and(|b| matches!(b, b'S' | b'T'))
        })
    }

    fn vt_colour(colour: Color) -> vt100::Color {
        PALETTE
            .iter()
            .find(|(c, _)| *c == colour)
            .map_or(vt100::Color::Default, |(_, i)| vt100::Color::Idx(*i))
    }

    /// Bytes written by the backend under test.
    #[derive(Clone, Default)]
    struct Sink(Rc<RefCell<Vec<u8>>>);

    impl Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Sink {
        fn take(&self) -> Vec<u8> {
            std::mem::take(&mut self.0.borrow_mut())
        }
    }

    /// A terminal: the backend under test writing into memory, and the emulator it feeds.
    struct Term {
        backend: ScrollRegion<CrosstermBackend<Sink>>,
        sink: Sink,
        parser: vt100::Parser,
        shown: Buffer,
    }

    impl Term {
        fn new(width: u16, height: u16) -> Self {
            let size = Size::new(width, height);
            let sink = Sink::default();
            Self {
                backend: ScrollRegion::new(CrosstermBackend::new(sink.clone()), size),
                sink,
                parser: vt100::Parser::new(height, width, 0),
                shown: Buffer::empty(Rect::from((Position::ORIGIN, size))),
            }
        }

        /// Draws `next` as ratatui would (the diff from the previous frame);
        /// returns the bytes written and checks the emulated screen shows `next`.
        fn draw(&mut self, next: &Buffer) -> Vec<u8> {
            self.backend
                .draw(self.shown.diff(next).into_iter())
                .unwrap();
            let bytes = self.sink.take();
            self.parser.process(&bytes);
            self.shown = next.clone();
            self.check(next);
            bytes
        }

        /// Checks the emulated screen shows `expected` as the eye sees it: a
        /// blank's foreground and boldness show nothing (erasing keeps the pen's).
        fn check(&self, expected: &Buffer) {
            let screen = self.parser.screen();
            for y in 0..expected.area.height {
                for x in 0..expected.area.width {
                    let vt = screen.cell(y, x).unwrap();
                    if vt.is_wide_continuation() {
                        continue;
                    }
                    let cell = &expected[(x, y)];
                    let text = if vt.contents().is_empty() {
                        " "
                    } else {
                        vt.contents()
                    };
                    let blank = text == " ";
                    let inverse = cell.modifier.contains(Modifier::REVERSED);
                    let fg = |c| {
                        if blank && !inverse {
                            vt100::Color::Default
                        } else {
                            c
                        }
                    };
                    let bold = |b: bool| b && !blank;
                    let want = (
                        cell.symbol(),
                        fg(vt_colour(cell.fg)),
                        vt_colour(cell.bg),
                        bold(cell.modifier.contains(Modifier::BOLD)),
                        inverse,
                    );
                    let got = (
                        text,
                        fg(vt.fgcolor()),
                        vt.bgcolor(),
                        bold(vt.bold()),
                        vt.inverse(),
                    );
                    assert_eq!(got, want, "cell ({x}, {y})\n{}", screen.contents());
                }
            }
        }
    }

    fn random_style(rng: &mut fastrand::Rng) -> Style {
        let mut style = Style::new();
        if rng.u8(..4) == 0 {
            style = style.fg(PALETTE[rng.usize(..PALETTE.len())].0);
        }
        if rng.u8(..5) == 0 {
            style = style.bg(PALETTE[rng.usize(..PALETTE.len())].0);
        }
        if rng.u8(..5) == 0 {
            style = style.add_modifier(Modifier::BOLD);
        }
        if rng.u8(..8) == 0 {
            style = style.add_modifier(Modifier::REVERSED);
        }
        style
    }

    /// Fills row `y` with random words in random styles.
    fn random_row(rng: &mut fastrand::Rng, buffer: &mut Buffer, y: u16) {
        let width = buffer.area.width;
        for x in 0..width {
            buffer[(x, y)] = Cell::EMPTY;
        }
        let mut x = rng.u16(..3);
        while x < width {
            let word = WORDS[rng.usize(..WORDS.len())];
            let (end, _) =
                buffer.set_stringn(x, y, word, usize::from(width - x), random_style(rng));
            x = end + 1 + rng.u16(..4);
        }
    }

    fn random_screen(rng: &mut fastrand::Rng, area: Rect) -> Buffer {
        let mut buffer = Buffer::empty(area);
        for y in 0..area.height {
            if rng.u8(..6) > 0 {
                random_row(rng, &mut buffer, y);
            }
        }
        buffer
    }

    /// The next frame: a band moved, with new rows entering it and a few rows
    /// inside it changed (a selection); or a few rows edited; or a new screen.
    fn next_frame(rng: &mut fastrand::Rng, previous: &Buffer) -> Buffer {
        let mut next = previous.clone();
        let height = previous.area.height;
        match rng.u8(..10) {
            0..=6 => {
                let top = if rng.bool() { 0 } else { rng.u16(..height - 1) };
                let bottom = if rng.bool() {
                    height - 1
                } else {
                    rng.u16(top + 1..height)
                };
                let span = bottom - top + 1;
                let by = if rng.u8(..3) == 0 {
                    rng.u16(1..=span)
                } else {
                    1
                };
                let by = by as i16 * if rng.bool() { 1 } else { -1 };
                apply(&mut next, Shift { top, bottom, by });
                let entered = by.unsigned_abs().min(span);
                let first = if by > 0 { bottom + 1 - entered } else { top };
                for y in first..first + entered {
                    random_row(rng, &mut next, y);
                }
                for _ in 0..rng.u8(..3) {
                    let y = rng.u16(top..=bottom);
                    let style = random_style(rng);
                    next.set_style(Rect::new(0, y, rng.u16(1..=previous.area.width), 1), style);
                }
            }
            7 | 8 => {
                for _ in 0..rng.u8(..4) {
                    let y = rng.u16(..height);
                    random_row(rng, &mut next, y);
                }
            }
            _ => next = random_screen(rng, previous.area),
        }
        next
    }

    #[test]
    fn random_scrolls_and_edits_leave_the_terminal_showing_each_frame() {
        let mut rng = fastrand::Rng::with_seed(7);
        let mut scrolled = 0;
        for (width, height) in [(80, 24), (20, 6), (33, 12), (40, 3), (12, 2)] {
            let mut term = Term::new(width, height);
            let mut frame = random_screen(&mut rng, term.shown.area);
            term.draw(&frame);
            for _ in 0..300 {
                frame = next_frame(&mut rng, &frame);
                if scrolls(&term.draw(&frame)) {
                    scrolled += 1;
                }
            }
        }
        assert!(
            scrolled > 300,
            "the scroll region was used {scrolled} times"
        );
    }

    /// A full-width list of `rows` lines starting at `first`, the `selected` one highlighted.
    fn list(area: Rect, first: usize, selected: usize) -> Buffer {
        let mut buffer = Buffer::empty(area);
        buffer.set_string(0, 0, " parcours · Caseload", Style::new().bg(Color::Blue));
        for y in 1..area.height - 1 {
            let n = first + usize::from(y);
            let style = if n == selected {
                Style::new().bg(Color::Cyan)
            } else {
                Style::new()
            };
            buffer.set_string(0, y, format!("  P-2026-{n:04} NAME{n} First"), style);
            buffer.set_string(
                40,
                y,
                format!("Active {n:>4}d 2026-12-{:02}", n % 28 + 1),
                Style::new(),
            );
        }
        buffer.set_string(
            0,
            area.height - 1,
            " 79 shown",
            Style::new().fg(Color::DarkGray),
        );
        buffer
    }

    #[test]
    fn scrolling_a_list_by_one_row_sends_the_new_row_and_the_selection_only() {
        let area = Rect::new(0, 0, 80, 24);
        let mut term = Term::new(80, 24);
        term.draw(&list(area, 0, 22));
        let plain = |from: &Buffer, to: &Buffer| {
            let sink = Sink::default();
            let mut backend = CrosstermBackend::new(sink.clone());
            backend.draw(from.diff(to).into_iter()).unwrap();
            sink.take().len()
        };
        // The list's rows above the selection move up; the selected row,
        // still the last, only changes its numbers.
        let down = term.draw(&list(area, 1, 23));
        assert!(down.starts_with(b"\x1b[2;22r\x1b[S\x1b[22;3H"), "{down:?}");
        let without = plain(&list(area, 0, 22), &list(area, 1, 23));
        assert!(
            down.len() * 6 < without,
            "{} bytes, {without} without",
            down.len()
        );
        // The region stays set: scrolling the same band again is ESC [ S alone.
        let again = term.draw(&list(area, 2, 24));
        assert!(again.starts_with(b"\x1b[S\x1b["), "{again:?}");
        assert!(again.len() <= down.len() - 7, "{again:?}");
        let up = term.draw(&list(area, 1, 23));
        assert!(up.starts_with(b"\x1b[T\x1b["), "{up:?}");
        assert!(
            up.len() * 6 < without,
            "{} bytes, {without} without",
            up.len()
        );
    }

    #[test]
    fn clearing_the_screen_resets_the_region_it_left_set() {
        let area = Rect::new(0, 0, 80, 24);
        let mut term = Term::new(80, 24);
        term.draw(&list(area, 0, 22));
        term.draw(&list(area, 1, 23));
        assert_eq!(term.backend.margins, Some((1, 21)));
        term.backend.clear().unwrap();
        let cleared = term.sink.take();
        assert!(cleared.starts_with(RESET_MARGINS), "{cleared:?}");
        // The whole screen, or not known when the terminal's size cannot be read.
        assert!(matches!(term.backend.margins, None | Some((0, 23))));
    }

    #[test]
    fn a_change_without_moved_rows_passes_through_and_the_cursor_is_hidden_once() {
        let area = Rect::new(0, 0, 80, 24);
        let mut term = Term::new(80, 24);
        term.draw(&list(area, 0, 3));
        let moved = term.draw(&list(area, 0, 4));
        assert!(!scrolls(&moved), "{moved:?}");
        term.backend.hide_cursor().unwrap();
        term.backend.hide_cursor().unwrap();
        assert_eq!(term.sink.take(), b"\x1b[?25l");
    }
}

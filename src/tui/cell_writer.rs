//! Writes the cells that differ between what the terminal shows and the
//! next frame, in few bytes: only cells that look different (a blank is a
//! blank whatever its foreground), one short SGR sequence per change of pen
//! ([`Pen::sgr`]), the shortest cursor move (CUP, CUF, CHA, BS, CR, CUD,
//! LF... or the unchanged cells themselves printed again when that is
//! shorter), erasing (EL, ECH) rather than printing blanks where that is
//! shorter, and a single attribute reset at the end.
//!
//! It is also the one place where stored text reaches the terminal: ratatui
//! drops control characters when it lays out strings, but a widget may set a
//! cell's symbol directly (ratatui checks that only in debug builds); so
//! every symbol is written through [`write_symbol`], which replaces any control
//! character by its visible stand-in (`domain::text::stand_in`).

use std::io::{self, Write};

use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::text::Span;

use super::pen::{Pen, alike};
use crate::domain::text::{is_control, stand_in};

/// Where the terminal's cursor is, as far as the writer knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cursor {
    /// Not known (the start of a frame, after a scroll): only CUP may move it.
    Unknown,
    /// At column `x`, row `y` (0-based).
    At(u16, u16),
    /// Past the last column of row `y`: the terminal waits to wrap, and
    /// terminals disagree on relative moves from there, so only CR or CUP follow.
    Margin(u16),
}

/// The scroll margins (DECSTBM), 0-based and inclusive, when known: LF
/// scrolls at the bottom one, CUD and CUU stop at them.
pub type Margins = Option<(u16, u16)>;

/// How many columns a cell's symbol takes.
pub fn width(cell: &Cell) -> u16 {
    match cell.diff_option {
        CellDiffOption::ForcedWidth(width) => width.get(),
        _ => u16::try_from(Span::raw(cell.symbol()).width()).unwrap_or(1),
    }
}

/// The bytes that take a terminal showing the rows `shown` (attributes
/// reset, scroll margins `margins`) to `target`, the attributes reset at the
/// end. `shown` has a row as wide as `target`'s for each of its rows.
pub fn changes(shown: &[&[Cell]], target: &Buffer, margins: Margins) -> Vec<u8> {
    let mut writer = Writer {
        out: Vec::new(),
        target,
        pen: Pen::DEFAULT,
        cursor: Cursor::Unknown,
        margins,
    };
    for (y, before) in (0..target.area.height).zip(shown) {
        writer.row(before, y);
    }
    if writer.pen != Pen::DEFAULT {
        writer.set_pen(Pen::DEFAULT);
    }
    writer.out
}

/// Writes a cell's symbol, control characters replaced: nothing stored can
/// move the cursor, retitle the terminal or reorder the line.
fn write_symbol(out: &mut impl Write, symbol: &str) -> io::Result<()> {
    if !symbol.chars().any(is_control) {
        return out.write_all(symbol.as_bytes());
    }
    let shown: String = symbol.chars().map(|c| stand_in(c).unwrap_or(c)).collect();
    out.write_all(shown.as_bytes())
}

/// A control sequence with one count, the count left out when it is 1 (its default).
pub fn csi(count: u16, command: char) -> Vec<u8> {
    if count == 1 {
        format!("\x1b[{command}").into_bytes()
    } else {
        format!("\x1b[{count}{command}").into_bytes()
    }
}

/// The frame being written and what the terminal's state will be after it.
struct Writer<'a> {
    out: Vec<u8>,
    target: &'a Buffer,
    pen: Pen,
    cursor: Cursor,
    margins: Margins,
}

/// One row's cells as the writer sees them.
struct Row<'a> {
    y: u16,
    cells: &'a [Cell],
    /// Which cells look different from what the terminal shows.
    changed: Vec<bool>,
    /// Which cells are covered by a wide character to their left (written with it).
    covered: Vec<bool>,
}

impl Row<'_> {
    /// Whether cell `x` is blank in the default colours.
    fn clean(&self, x: usize) -> bool {
        alike(&self.cells[x], &Cell::EMPTY)
    }

    /// Where the run of clean blank cells starting at `x` ends.
    fn blank_run_end(&self, x: usize) -> usize {
        (x..self.cells.len())
            .find(|&i| !self.clean(i))
            .unwrap_or(self.cells.len())
    }

    /// The first changed cell at or after `x` that is not covered.
    fn next_change(&self, x: usize) -> Option<usize> {
        (x..self.cells.len()).find(|&i| self.changed[i] && !self.covered[i])
    }
}

impl<'a> Writer<'a> {
    /// A copy of the state with nothing written, to price an alternative.
    fn fork(&self) -> Writer<'a> {
        Writer {
            out: Vec::new(),
            target: self.target,
            pen: self.pen,
            cursor: self.cursor,
            margins: self.margins,
        }
    }

    /// Takes the bytes and state of an alternative chosen over the others.
    fn adopt(&mut self, fork: Writer<'a>) {
        self.out.extend_from_slice(&fork.out);
        self.pen = fork.pen;
        self.cursor = fork.cursor;
    }

    /// Writes the changed cells of row `y`, which shows `before`.
    fn row(&mut self, before: &[Cell], y: u16) {
        let width = usize::from(self.target.area.width);
        let start = usize::from(y) * width;
        let cells = &self.target.content[start..start + width];
        if cells == before {
            return;
        }
        let mut changed: Vec<bool> = cells
            .iter()
            .zip(before)
            .map(|(a, b)| !alike(a, b))
            .collect();
        if !changed.contains(&true) {
            return;
        }
        // Overwriting part of a wide character shown leaves its other half
        // in a state terminals disagree on: write all of its columns.
        let mut x = 0;
        while x < width {
            let span = x..(x + usize::from(width_of(&before[x]))).min(width);
            if span.len() > 1 && changed[span.clone()].contains(&true) {
                changed[span.clone()].fill(true);
            }
            x = span.end;
        }
        let mut covered = vec![false; width];
        for (x, cell) in cells.iter().enumerate() {
            for c in covered
                .iter_mut()
                .take(x + usize::from(width_of(cell)))
                .skip(x + 1)
            {
                *c = true;
            }
        }
        let row = Row {
            y,
            cells,
            changed,
            covered,
        };
        let mut x = 0;
        while let Some(at) = row.next_change(x) {
            x = if row.clean(at) {
                self.blank_run(&row, at)
            } else {
                self.print(&row, at);
                at + usize::from(width_of(&row.cells[at]))
            };
        }
    }

    /// Writes the changed cells of the run of clean blanks that starts at
    /// `at` (a changed one), erasing the run when that is shorter than
    /// printing blanks; returns where to go on from.
    fn blank_run(&mut self, row: &Row<'_>, at: usize) -> usize {
        let end = row.blank_run_end(at);
        let next = row.next_change(end);
        let mut printed = self.fork();
        let mut x = at;
        while let Some(i) = row.next_change(x).filter(|&i| i < end) {
            printed.print(row, i);
            x = i + 1;
        }
        let mut erased = self.fork();
        erased.travel(at as u16, row.y);
        if !erased.pen.erases_clean() {
            let clean = [Pen::DEFAULT, erased.pen.candidates(&Cell::EMPTY)[1]]
                .into_iter()
                .min_by_key(|p| erased.pen.sgr(*p).len())
                .unwrap_or(Pen::DEFAULT);
            erased.set_pen(clean);
        }
        if end == row.cells.len() {
            // EL: erase to the end of the line.
            erased.out.extend_from_slice(b"\x1b[K");
        } else {
            // ECH: erase the run, the cursor staying where it is.
            erased.out.extend(csi((end - at) as u16, 'X'));
            if let Some(next) = next {
                printed.travel(next as u16, row.y);
                erased.travel(next as u16, row.y);
            }
        }
        let shorter = if erased.out.len() < printed.out.len() {
            erased
        } else {
            printed
        };
        self.adopt(shorter);
        end
    }

    /// Moves to cell `x` of the row and prints it with its pen.
    fn print(&mut self, row: &Row<'_>, x: usize) {
        let cell = &row.cells[x];
        self.travel(x as u16, row.y);
        if !self.pen.draws(cell) {
            let from = self.pen;
            let pen = from
                .candidates(cell)
                .into_iter()
                .min_by_key(|p| from.sgr(*p).len())
                .unwrap_or(Pen::of(cell));
            self.set_pen(pen);
        }
        // Writing to memory cannot fail.
        let _ = write_symbol(&mut self.out, cell.symbol());
        let end = x as u16 + width_of(cell);
        self.cursor = if end >= self.target.area.width {
            Cursor::Margin(row.y)
        } else {
            Cursor::At(end, row.y)
        };
    }

    fn set_pen(&mut self, pen: Pen) {
        self.out.extend_from_slice(self.pen.sgr(pen).as_bytes());
        self.pen = pen;
    }

    /// Moves the cursor to `(x, y)` by the shortest way.
    fn travel(&mut self, x: u16, y: u16) {
        if self.cursor == Cursor::At(x, y) {
            return;
        }
        let bytes = self.way(x, y);
        self.out.extend(bytes);
        self.cursor = Cursor::At(x, y);
    }

    /// The shortest bytes that move the cursor to `(x, y)`.
    fn way(&self, x: u16, y: u16) -> Vec<u8> {
        let mut best = if x == 0 {
            format!("\x1b[{}H", y + 1).into_bytes()
        } else {
            format!("\x1b[{};{}H", y + 1, x + 1).into_bytes()
        };
        let mut consider = |way: Vec<u8>| {
            if way.len() < best.len() {
                best = way;
            }
        };
        let (cx, cy) = match self.cursor {
            Cursor::Unknown => return best,
            Cursor::At(cx, cy) => (cx, cy),
            Cursor::Margin(cy) => {
                // CR leaves the wrap state; from the row's start, as below.
                let mut way = vec![b'\r'];
                way.extend(self.way_from(0, cy, x, y));
                consider(way);
                return best;
            }
        };
        consider(self.way_from(cx, cy, x, y));
        best
    }

    /// The shortest relative move from `(cx, cy)` to `(x, y)` (CUP when none is shorter).
    fn way_from(&self, cx: u16, cy: u16, x: u16, y: u16) -> Vec<u8> {
        let cup = format!("\x1b[{};{}H", y + 1, x + 1).into_bytes();
        if cy == y {
            return self.along(cx, x, y);
        }
        let Some((top, bottom)) = self.margins else {
            return cup;
        };
        // CUD and CUU stop at a margin, LF scrolls at the bottom one.
        let crosses = if y > cy {
            cy <= bottom && y > bottom
        } else {
            cy >= top && y < top
        };
        if crosses {
            return cup;
        }
        let mut ways = vec![cup];
        let vertical = if y > cy {
            csi(y - cy, 'B')
        } else {
            csi(cy - y, 'A')
        };
        let mut way = vertical;
        way.extend(self.column(cx, x));
        ways.push(way);
        if y > cy {
            // LF may also return to the first column (ONLCR): set the column after it.
            let feeds = vec![b'\n'; usize::from(y - cy)];
            let mut way = feeds.clone();
            way.extend(match (cx, x) {
                (0, _) => self.column(0, x),
                (_, 0) => vec![b'\r'],
                _ => cha(x),
            });
            ways.push(way);
            let mut way = vec![b'\r'];
            way.extend(feeds);
            way.extend(self.column(0, x));
            ways.push(way);
        }
        ways.into_iter().min_by_key(Vec::len).unwrap_or_default()
    }

    /// The shortest move along row `y` from column `cx` to `x`, printing the
    /// cells between again when that is shorter.
    fn along(&self, cx: u16, x: u16, y: u16) -> Vec<u8> {
        let mut way = self.column(cx, x);
        if cx < x
            && let Some(bridge) = self.bridge(cx, x, y)
            && bridge.len() < way.len()
        {
            way = bridge;
        }
        way
    }

    /// The shortest cursor move along a row from column `cx` to `x`.
    fn column(&self, cx: u16, x: u16) -> Vec<u8> {
        let mut ways = vec![cha(x)];
        if x > cx {
            ways.push(csi(x - cx, 'C'));
        } else if x < cx {
            // BS is one byte a column: shorter than CUB for up to three.
            if cx - x <= 3 {
                ways.push(vec![0x08; usize::from(cx - x)]);
            }
            ways.push(csi(cx - x, 'D'));
        } else {
            return Vec::new();
        }
        if x == 0 {
            ways.push(vec![b'\r']);
        } else if x < cx {
            let mut way = vec![b'\r'];
            way.extend(csi(x, 'C'));
            ways.push(way);
        }
        ways.into_iter().min_by_key(Vec::len).unwrap_or_default()
    }

    /// The unchanged cells `from..to` of row `y` printed again, when the
    /// current pen draws them and none is wide or covered.
    fn bridge(&self, from: u16, to: u16, y: u16) -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        for x in from..to {
            let cell = &self.target[(x, y)];
            let covered = x > 0 && width_of(&self.target[(x - 1, y)]) > 1;
            if covered || width_of(cell) != 1 || !self.pen.draws(cell) {
                return None;
            }
            write_symbol(&mut bytes, cell.symbol()).ok()?;
        }
        Some(bytes)
    }
}

/// CHA: the cursor to column `x` (0-based) of its row.
fn cha(x: u16) -> Vec<u8> {
    csi(x + 1, 'G')
}

/// The columns a cell takes, at least one.
fn width_of(cell: &Cell) -> u16 {
    width(cell).max(1)
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::{Color, Style};

    use super::*;

    fn rows(buffer: &Buffer) -> Vec<&[Cell]> {
        buffer
            .content
            .chunks(usize::from(buffer.area.width))
            .collect()
    }

    fn written(target: &Buffer, previous: &Buffer) -> String {
        let margins = Some((0, target.area.height - 1));
        String::from_utf8(changes(&rows(previous), target, margins)).unwrap()
    }

    #[test]
    fn named_colours_use_their_short_codes_and_one_reset_ends_the_frame() {
        let area = Rect::new(0, 0, 20, 2);
        let mut target = Buffer::empty(area);
        target.set_string(1, 0, "ab", Style::new().fg(Color::DarkGray).bg(Color::Cyan));
        target.set_string(1, 1, "c", Style::new().fg(Color::Red).bold());
        assert_eq!(
            written(&target, &Buffer::empty(area)),
            "\x1b[1;2H\x1b[90;46mab\x1b[B\x08\x08\x1b[0;1;31mc\x1b[m"
        );
    }

    #[test]
    fn control_characters_in_cells_reach_the_terminal_as_stand_ins() {
        let area = Rect::new(0, 0, 10, 1);
        let mut target = Buffer::empty(area);
        // Laid-out strings lose their controls and bidi overrides in ratatui already.
        target.set_string(0, 0, "a\u{202e}b\u{1b}", Style::new());
        let out = written(&target, &Buffer::empty(area));
        assert!(!out.contains('\u{202e}') && out.ends_with("ab"), "{out:?}");
        // A symbol set directly is not checked by ratatui (only by a debug assertion).
        let mut out = Vec::new();
        write_symbol(&mut out, "\u{1b}]0;x\u{7}\u{9b}").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "␛]0;x␇�");
    }

    #[test]
    fn short_gaps_are_printed_again_and_long_ones_jumped() {
        let area = Rect::new(0, 0, 30, 1);
        let mut previous = Buffer::empty(area);
        previous.set_string(0, 0, "abcdefghijklmnopqrstuvwxyz", Style::new());
        let mut target = previous.clone();
        target.set_string(0, 0, "A", Style::new());
        target.set_string(3, 0, "D", Style::new());
        target.set_string(20, 0, "U", Style::new());
        assert_eq!(written(&target, &previous), "\x1b[1HAbcD\x1b[21GU");
    }

    #[test]
    fn blanks_in_another_foreground_are_not_sent_and_cleared_tails_are_erased() {
        let area = Rect::new(0, 0, 40, 3);
        let mut previous = Buffer::empty(area);
        previous.set_string(0, 0, "a long line of old text", Style::new());
        previous.set_string(0, 1, "x          y", Style::new());
        let mut target = Buffer::empty(area);
        target.set_string(0, 0, "a", Style::new());
        target.set_string(0, 1, "x", Style::new());
        target.set_string(1, 1, "          ", Style::new().fg(Color::DarkGray));
        target.set_string(11, 1, "z", Style::new());
        target.set_string(0, 2, "    ", Style::new().fg(Color::Red).bold());
        assert_eq!(written(&target, &previous), "\x1b[1;3H\x1b[K\n\x1b[12Gz");
    }

    #[test]
    fn a_long_blank_run_inside_a_row_is_erased_and_jumped() {
        let area = Rect::new(0, 0, 40, 1);
        let mut previous = Buffer::empty(area);
        previous.set_string(0, 0, "abcdefghijklmnopqrstuvwxyz end", Style::new());
        let mut target = Buffer::empty(area);
        target.set_string(27, 0, "end", Style::new());
        assert_eq!(written(&target, &previous), "\x1b[1H\x1b[27X");
    }

    #[test]
    fn relative_moves_down_never_cross_a_scroll_margin() {
        let area = Rect::new(0, 0, 20, 10);
        let mut target = Buffer::empty(area);
        target.set_string(0, 3, "a", Style::new());
        target.set_string(0, 4, "b", Style::new());
        target.set_string(1, 7, "c", Style::new());
        // Inside the region (rows 2 to 5) LF and CR go down; past its bottom
        // margin, where LF would scroll and CUD stop, only CUP does.
        let out =
            String::from_utf8(changes(&rows(&Buffer::empty(area)), &target, Some((2, 5)))).unwrap();
        assert_eq!(out, "\x1b[4Ha\n\rb\x1b[8;2Hc");
        // Margins not known: no relative move between rows at all.
        let out = String::from_utf8(changes(&rows(&Buffer::empty(area)), &target, None)).unwrap();
        assert_eq!(out, "\x1b[4Ha\x1b[5Hb\x1b[8;2Hc");
    }

    #[test]
    fn moves_take_the_shortest_form() {
        let area = Rect::new(0, 0, 80, 24);
        let previous = Buffer::empty(area);
        let mut target = previous.clone();
        // The next row's start: CR LF; two rows down, same column: CUD; back a cell: BS.
        target.set_string(70, 3, "ab", Style::new());
        target.set_string(0, 4, "c", Style::new());
        target.set_string(1, 6, "d", Style::new());
        target.set_string(78, 6, "e", Style::new());
        target.set_string(79, 7, "f", Style::new());
        target.set_string(0, 8, "g", Style::new());
        assert_eq!(
            written(&target, &previous),
            "\x1b[4;71Hab\n\rc\x1b[2Bd\x1b[79Ge\x1b[Bf\r\ng"
        );
    }
}

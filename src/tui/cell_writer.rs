//! Writes a frame's changed cells in few bytes: the 16 named colours as
//! their short SGR codes (`31`, not `38;5;1`), one SGR sequence per style
//! change, short cursor moves (or the unchanged cells themselves when they
//! are cheaper than a move), and a single attribute reset at the end.
//!
//! It is also the one place where stored text reaches the terminal: ratatui
//! drops control characters when it lays out strings, but a widget may set a
//! cell's symbol directly (ratatui checks that only in debug builds); so
//! every symbol is written through [`write_symbol`], which replaces any control
//! character by its visible stand-in (`domain::text::stand_in`).

use std::io::{self, Write};

use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::style::{Color, Modifier};
use ratatui::text::Span;

use crate::domain::text::{is_control, stand_in};

/// The longest run of unchanged cells printed again rather than jumped over.
const MAX_BRIDGE: u16 = 6;

/// The SGR parameters of the modifiers, in the order they are written.
const MODIFIERS: [(Modifier, u8); 9] = [
    (Modifier::BOLD, 1),
    (Modifier::DIM, 2),
    (Modifier::ITALIC, 3),
    (Modifier::UNDERLINED, 4),
    (Modifier::SLOW_BLINK, 5),
    (Modifier::RAPID_BLINK, 6),
    (Modifier::REVERSED, 7),
    (Modifier::HIDDEN, 8),
    (Modifier::CROSSED_OUT, 9),
];

/// The attributes the terminal draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Pen {
    fg: Color,
    bg: Color,
    modifier: Modifier,
}

impl Pen {
    const DEFAULT: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };

    fn of(cell: &Cell) -> Self {
        Self {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier,
        }
    }
}

/// How many columns a cell's symbol takes.
pub fn width(cell: &Cell) -> u16 {
    match cell.diff_option {
        CellDiffOption::ForcedWidth(width) => width.get(),
        _ => u16::try_from(Span::raw(cell.symbol()).width()).unwrap_or(1),
    }
}

/// Writes `updates` (cells of `target`, in screen order) to `out`, the
/// terminal's attributes being reset before and after.
pub fn write_cells(
    out: &mut impl Write,
    target: &Buffer,
    updates: &[(u16, u16, &Cell)],
) -> io::Result<()> {
    let mut pen = Pen::DEFAULT;
    let mut cursor: Option<(u16, u16)> = None;
    for &(x, y, cell) in updates {
        match cursor {
            Some(at) if at == (x, y) => {}
            Some((cx, cy)) if cy == y && cx < x => {
                if !bridge(out, target, (cx, x), y, pen)? {
                    write!(out, "\x1b[{}C", x - cx)?;
                }
            }
            _ => write!(out, "\x1b[{};{}H", y + 1, x + 1)?,
        }
        let next = Pen::of(cell);
        if next != pen {
            set_pen(out, pen, next)?;
            pen = next;
        }
        write_symbol(out, cell.symbol())?;
        let end = x.saturating_add(width(cell).max(1));
        // At the right margin the terminal's cursor waits to wrap: place it again.
        cursor = (end < target.area.right()).then_some((end, y));
    }
    if pen != Pen::DEFAULT {
        out.write_all(b"\x1b[0m")?;
    }
    Ok(())
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

/// Prints the unchanged cells `from..to` of row `y` again when that is
/// shorter than moving over them and they are drawn with `pen`.
fn bridge(
    out: &mut impl Write,
    target: &Buffer,
    (from, to): (u16, u16),
    y: u16,
    pen: Pen,
) -> io::Result<bool> {
    if to - from > MAX_BRIDGE {
        return Ok(false);
    }
    let cells: Vec<&Cell> = (from..to).map(|x| &target[(x, y)]).collect();
    let plain = cells
        .iter()
        .all(|c| Pen::of(c) == pen && c.diff_option == CellDiffOption::None && width(c) == 1);
    let bytes: usize = cells.iter().map(|c| c.symbol().len()).sum();
    let jump = format!("\x1b[{}C", to - from).len();
    if !plain || bytes >= jump {
        return Ok(false);
    }
    for c in cells {
        write_symbol(out, c.symbol())?;
    }
    Ok(true)
}

/// One SGR sequence taking the terminal from `from` to `to`.
fn set_pen(out: &mut impl Write, from: Pen, to: Pen) -> io::Result<()> {
    let mut params: Vec<String> = Vec::new();
    let from = if from.modifier.difference(to.modifier).is_empty() {
        from
    } else {
        // A modifier goes away: start again from the default attributes.
        params.push("0".to_owned());
        Pen::DEFAULT
    };
    for (modifier, code) in MODIFIERS {
        if to.modifier.contains(modifier) && !from.modifier.contains(modifier) {
            params.push(code.to_string());
        }
    }
    if to.fg != from.fg {
        params.push(colour(to.fg, 30));
    }
    if to.bg != from.bg {
        params.push(colour(to.bg, 40));
    }
    write!(out, "\x1b[{}m", params.join(";"))
}

/// The SGR parameter of a colour: `base` is 30 for the foreground, 40 for the background.
fn colour(colour: Color, base: u8) -> String {
    let named = |n: u8| (if n < 8 { base + n } else { base + 60 + n - 8 }).to_string();
    match colour {
        Color::Reset => (base + 9).to_string(),
        Color::Black => named(0),
        Color::Red => named(1),
        Color::Green => named(2),
        Color::Yellow => named(3),
        Color::Blue => named(4),
        Color::Magenta => named(5),
        Color::Cyan => named(6),
        Color::Gray => named(7),
        Color::DarkGray => named(8),
        Color::LightRed => named(9),
        Color::LightGreen => named(10),
        Color::LightYellow => named(11),
        Color::LightBlue => named(12),
        Color::LightMagenta => named(13),
        Color::LightCyan => named(14),
        Color::White => named(15),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
    }
}

#[cfg(test)]
mod tests {
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    use super::*;

    fn written(target: &Buffer, previous: &Buffer) -> String {
        let mut out = Vec::new();
        write_cells(&mut out, target, &previous.diff(target)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn named_colours_use_their_short_codes_and_one_reset_ends_the_frame() {
        let area = Rect::new(0, 0, 20, 2);
        let mut target = Buffer::empty(area);
        target.set_string(1, 0, "ab", Style::new().fg(Color::DarkGray).bg(Color::Cyan));
        target.set_string(1, 1, "c", Style::new().fg(Color::Red).bold());
        assert_eq!(
            written(&target, &Buffer::empty(area)),
            "\x1b[1;2H\x1b[90;46mab\x1b[2;2H\x1b[1;31;49mc\x1b[0m"
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
        assert_eq!(written(&target, &previous), "\x1b[1;1HAbcD\x1b[16CU");
    }
}

//! The attributes the terminal draws with (its "pen"), what of them a cell
//! shows, and the shortest SGR sequence from one pen to another.
//!
//! A blank cell shows only its background and the modifiers that draw
//! something on a blank (reverse, underline, strike-through): a blank in
//! grey on the default background looks like any other blank, so the cell
//! writer neither sends it again nor changes the pen for it.

use ratatui::buffer::Cell;
use ratatui::style::{Color, Modifier};

/// The modifiers that show on a blank cell.
const SHOWN_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::CROSSED_OUT);

/// The SGR parameters that set each modifier, in the order they are written.
const SET: [(Modifier, u8); 9] = [
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

/// The SGR parameters that clear modifiers without a full reset (22 clears
/// both bold and dim), as xterm and the vt100 emulation of the tests read them.
const CLEAR: [(Modifier, u8); 4] = [
    (Modifier::BOLD.union(Modifier::DIM), 22),
    (Modifier::ITALIC, 23),
    (Modifier::UNDERLINED, 24),
    (Modifier::REVERSED, 27),
];

/// The attributes the terminal draws with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pen {
    /// The foreground colour.
    pub fg: Color,
    /// The background colour.
    pub bg: Color,
    /// Bold, reverse, underline...
    pub modifier: Modifier,
}

impl Pen {
    /// The terminal's attributes after a reset.
    pub const DEFAULT: Pen = Pen {
        fg: Color::Reset,
        bg: Color::Reset,
        modifier: Modifier::empty(),
    };

    /// The pen that draws `cell`.
    pub fn of(cell: &Cell) -> Self {
        Self {
            fg: cell.fg,
            bg: cell.bg,
            modifier: cell.modifier,
        }
    }

    /// What of this pen shows on a blank cell: the foreground only under
    /// reverse video (where it paints the cell).
    fn on_blank(self) -> Self {
        let modifier = self.modifier.intersection(SHOWN_ON_BLANK);
        let fg = if modifier.contains(Modifier::REVERSED) {
            self.fg
        } else {
            Color::Reset
        };
        Self {
            fg,
            bg: self.bg,
            modifier,
        }
    }

    /// Whether `cell` printed with this pen looks as it should.
    pub fn draws(self, cell: &Cell) -> bool {
        if is_blank(cell) {
            self.on_blank() == Pen::of(cell).on_blank()
        } else {
            self == Pen::of(cell)
        }
    }

    /// Whether the cells this pen erases (EL, ECH) look like empty ones:
    /// erasing paints with the pen's background, and the vt100 emulation
    /// keeps its other attributes too.
    pub fn erases_clean(self) -> bool {
        self.on_blank() == Pen::DEFAULT
    }

    /// The pens worth trying to draw `cell` from this one: the cell's own,
    /// and for a blank this pen with only what shows on a blank changed (a
    /// blank in another foreground needs no change of it).
    pub fn candidates(self, cell: &Cell) -> [Pen; 2] {
        let own = Pen::of(cell);
        if !is_blank(cell) || own.modifier.contains(Modifier::REVERSED) {
            return [own, own];
        }
        let kept = self.modifier.difference(SHOWN_ON_BLANK);
        let near = Pen {
            fg: self.fg,
            bg: own.bg,
            modifier: kept.union(own.modifier.intersection(SHOWN_ON_BLANK)),
        };
        [own, near]
    }

    /// The shortest SGR sequence taking the terminal from this pen to `to`
    /// (empty when they are the same).
    pub fn sgr(self, to: Pen) -> String {
        if self == to {
            return String::new();
        }
        let reset = if to == Pen::DEFAULT {
            "\x1b[m".to_owned()
        } else {
            format!("\x1b[0;{}m", Pen::DEFAULT.changes(to).join(";"))
        };
        let removed = self.modifier.difference(to.modifier);
        let clearable = CLEAR
            .iter()
            .fold(Modifier::empty(), |all, (m, _)| all.union(*m));
        if !clearable.contains(removed) {
            return reset;
        }
        let mut params = Vec::new();
        let mut from = self;
        for (modifier, code) in CLEAR {
            if removed.intersects(modifier) {
                params.push(code.to_string());
                from.modifier.remove(modifier);
            }
        }
        params.extend(from.changes(to));
        let incremental = format!("\x1b[{}m", params.join(";"));
        if incremental.len() < reset.len() {
            incremental
        } else {
            reset
        }
    }

    /// The parameters that add `to`'s modifiers missing from this pen and set its colours.
    fn changes(self, to: Pen) -> Vec<String> {
        let mut params: Vec<String> = SET
            .iter()
            .filter(|(m, _)| to.modifier.contains(*m) && !self.modifier.contains(*m))
            .map(|(_, code)| code.to_string())
            .collect();
        if to.fg != self.fg {
            params.push(colour(to.fg, 30));
        }
        if to.bg != self.bg {
            params.push(colour(to.bg, 40));
        }
        params
    }
}

/// Whether a cell shows no character.
pub fn is_blank(cell: &Cell) -> bool {
    matches!(cell.symbol(), " " | "")
}

/// Whether two cells look the same on the terminal.
pub fn alike(a: &Cell, b: &Cell) -> bool {
    match (is_blank(a), is_blank(b)) {
        (true, true) => Pen::of(a).on_blank() == Pen::of(b).on_blank(),
        (false, false) => {
            a.symbol() == b.symbol() && Pen::of(a) == Pen::of(b) && a.diff_option == b.diff_option
        }
        _ => false,
    }
}

/// Mixes what `cell` looks like into `hash` (cells [`alike`] mix the same):
/// a cheap key to find rows that moved, three multiplications a cell.
pub fn mix_look(hash: u64, cell: &Cell) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mix = |h: u64, v: u64| (h ^ v).wrapping_mul(K).rotate_left(29);
    let (symbol, pen) = if is_blank(cell) {
        (0, Pen::of(cell).on_blank())
    } else {
        let bytes = cell.symbol().as_bytes();
        let mut word = bytes.len() as u64;
        for b in bytes.iter().take(7) {
            word = (word << 8) | u64::from(*b);
        }
        (word, Pen::of(cell))
    };
    let colours = (u64::from(colour_key(pen.fg)) << 32) | u64::from(colour_key(pen.bg));
    mix(
        mix(mix(hash, symbol), colours),
        u64::from(pen.modifier.bits()),
    )
}

/// A number per colour, distinct for distinct colours.
fn colour_key(colour: Color) -> u32 {
    match colour {
        Color::Reset => 0,
        Color::Indexed(i) => 0x100 | u32::from(i),
        Color::Rgb(r, g, b) => {
            0x0100_0000 | (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b)
        }
        named => named_index(named).map_or(0, |n| u32::from(n) + 1),
    }
}

/// The index (0 to 15) of one of the 16 named colours.
fn named_index(colour: Color) -> Option<u8> {
    Some(match colour {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        _ => return None,
    })
}

/// The SGR parameter of a colour: `base` is 30 for the foreground, 40 for
/// the background; the 16 named colours take their short codes (`31`, `90`),
/// not `38;5;n`.
fn colour(colour: Color, base: u8) -> String {
    match colour {
        Color::Reset => (base + 9).to_string(),
        Color::Indexed(i) => format!("{};5;{i}", base + 8),
        Color::Rgb(r, g, b) => format!("{};2;{r};{g};{b}", base + 8),
        named => {
            let n = named_index(named).unwrap_or(0);
            (if n < 8 { base + n } else { base + 60 + n - 8 }).to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use ratatui::style::Style;

    use super::*;

    fn pen(style: Style) -> Pen {
        let mut cell = Cell::EMPTY;
        cell.set_style(style);
        Pen::of(&cell)
    }

    #[test]
    fn the_shortest_sequence_is_chosen_between_a_reset_and_a_change() {
        let plain = Pen::DEFAULT;
        let grey = pen(Style::new().fg(Color::DarkGray));
        let bold_red = pen(Style::new().fg(Color::Red).bold());
        let selected = pen(Style::new().fg(Color::Black).bg(Color::Cyan));
        assert_eq!(plain.sgr(plain), "");
        assert_eq!(plain.sgr(grey), "\x1b[90m");
        assert_eq!(selected.sgr(plain), "\x1b[m");
        assert_eq!(bold_red.sgr(selected), "\x1b[0;30;46m");
        assert_eq!(bold_red.sgr(pen(Style::new().fg(Color::Red))), "\x1b[22m");
        let underlined = pen(Style::new().underlined().fg(Color::Blue).bg(Color::Cyan));
        assert_eq!(
            underlined.sgr(pen(Style::new().fg(Color::Blue).bg(Color::Cyan))),
            "\x1b[24m"
        );
        let blinking = pen(Style::new().slow_blink());
        assert_eq!(blinking.sgr(grey), "\x1b[0;90m");
    }

    #[test]
    fn a_blank_looks_the_same_in_any_foreground_but_not_in_another_background() {
        let mut grey = Cell::EMPTY;
        grey.set_style(Style::new().fg(Color::DarkGray).bold());
        assert!(alike(&grey, &Cell::EMPTY));
        let mut cyan = Cell::EMPTY;
        cyan.set_style(Style::new().bg(Color::Cyan));
        assert!(!alike(&cyan, &Cell::EMPTY));
        let mut reversed = Cell::EMPTY;
        reversed.set_style(Style::new().reversed().fg(Color::Red));
        assert!(!alike(&reversed, &Cell::EMPTY));
        let mut a = Cell::EMPTY;
        a.set_symbol("a");
        assert!(!alike(&a, &Cell::EMPTY));
        assert!(Pen::of(&grey).erases_clean() && !Pen::of(&cyan).erases_clean());
        assert!(Pen::of(&grey).draws(&Cell::EMPTY));
    }
}

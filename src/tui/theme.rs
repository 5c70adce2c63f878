//! Colours and characters: named colours only, a monochrome version for
//! `NO_COLOR`, and ASCII borders and markers for terminals without UTF-8.

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

use crate::config::Display;

/// How the screens are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Whether colours are used (otherwise only bold and reverse video).
    pub colour: bool,
    /// Whether borders and markers are plain ASCII.
    pub ascii: bool,
}

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Theme {
    /// The theme the configuration and the environment ask for: `NO_COLOR`
    /// turns colours off, a locale that is not UTF-8 implies ASCII.
    pub fn detect(display: &Display) -> Self {
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            colour: display.colour && !no_colour,
            ascii: display.ascii || !locale_is_utf8(),
        }
    }

    fn pick(&self, colour: Style, mono: Style) -> Style {
        if self.colour { colour } else { mono }
    }

    /// The title bar at the top of a screen.
    pub fn title(&self) -> Style {
        self.pick(
            Style::new()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// Column headers.
    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    /// The selected line's identifying cells.
    pub fn selected(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Black).bg(Color::Cyan),
            Style::new().add_modifier(Modifier::REVERSED),
        )
    }

    /// Alert markers and error messages.
    pub fn alert(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Secondary text: finished pathways, missing values, hints.
    pub fn muted(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new())
    }

    /// Keys in the help and in the hints.
    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Border characters.
    pub fn border(&self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::PLAIN
        }
    }

    /// The mark for a missing value (no contact yet, no appointment).
    pub fn none(&self) -> &'static str {
        if self.ascii { "-" } else { "—" }
    }

    /// The separator between items of a status line.
    pub fn separator(&self) -> &'static str {
        if self.ascii { " | " } else { " · " }
    }
}

/// Whether the locale (`LC_ALL`, `LC_CTYPE`, `LANG`, first one set) says UTF-8.
fn locale_is_utf8() -> bool {
    ["LC_ALL", "LC_CTYPE", "LANG"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.is_empty())
        .is_some_and(|v| {
            let v = v.to_ascii_lowercase();
            v.contains("utf-8") || v.contains("utf8")
        })
}

//! The one status line: what a screen has to say after an action, at one of
//! three levels, drawn the same way on every screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Paragraph;

use super::theme::Theme;

/// How much a status matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Something was done.
    Info,
    /// Done, but worth a look (above the contract hours, a saved file…).
    Warning,
    /// Refused or failed: nothing was written.
    Error,
}

/// A message for the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusLine {
    /// How much it matters.
    pub level: Level,
    /// What it says.
    pub text: String,
}

impl StatusLine {
    /// Something was done.
    pub fn info(text: impl Into<String>) -> Self {
        Self {
            level: Level::Info,
            text: text.into(),
        }
    }

    /// Worth a look.
    pub fn warning(text: impl Into<String>) -> Self {
        Self {
            level: Level::Warning,
            text: text.into(),
        }
    }

    /// Refused or failed.
    pub fn error(text: impl Into<String>) -> Self {
        Self {
            level: Level::Error,
            text: text.into(),
        }
    }

    /// Whether it reports a problem.
    pub fn is_error(&self) -> bool {
        self.level == Level::Error
    }

    /// Draws it on the one-line `area`.
    pub fn render(&self, theme: &Theme, frame: &mut Frame, area: Rect) {
        let style = match self.level {
            Level::Info => Style::new(),
            Level::Warning => theme.key(),
            Level::Error => theme.alert(),
        };
        frame.render_widget(Paragraph::new(format!(" {}", self.text)).style(style), area);
    }
}

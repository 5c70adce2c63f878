//! The command palette's overlay: the typed line, then the matches with their keys,
//! the highlighted one in the selection style.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::i18n::t;
use crate::tui::app::App;
use crate::tui::palette::Palette;

/// The widest the palette gets.
const MAX_WIDTH: u16 = 72;

/// The most matches listed at once.
const MAX_LINES: usize = 12;

/// Draws the palette over whatever is in `area`.
pub fn render(app: &App, palette: &Palette, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let matches = palette.matches();
    let room = MAX_LINES.min(usize::from(area.height.saturating_sub(5)).max(1));
    let shown = matches.len().clamp(1, room);
    let height = u16::try_from(shown + 4).unwrap_or(u16::MAX);
    let inner = super::overlay(frame, area, (MAX_WIDTH, height), &t("palette.title"), theme);
    let [line, _, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    frame.render_widget(
        Line::from(vec![
            Span::styled(" : ", theme.key()),
            Span::raw(format!("{}_", palette.query())),
        ]),
        line,
    );
    let width = usize::from(list.width);
    let selected = palette.selected();
    let offset = (selected + 1).saturating_sub(room);
    let lines: Vec<Line> = if matches.is_empty() {
        vec![Line::from(Span::styled(
            format!(" {}", t("palette.empty")),
            theme.muted(),
        ))]
    } else {
        matches
            .iter()
            .enumerate()
            .skip(offset)
            .take(room)
            .map(|(i, entry)| {
                let key_width = entry.key.chars().count();
                let label_room = width.saturating_sub(key_width + 3);
                let label: String = entry.label.chars().take(label_room).collect();
                let pad = width.saturating_sub(label.chars().count() + key_width + 2);
                let style = if i == selected {
                    theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                Line::from(vec![
                    Span::styled(format!(" {label}{:pad$}", ""), style),
                    Span::styled(format!("{} ", entry.key), theme.key()),
                ])
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines), list);
}

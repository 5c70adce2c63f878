//! The screens, each a pure function of the [`App`] state, and the chrome they share.

pub mod agenda;
pub mod caseload;
pub mod dashboard;
pub mod drafts;
pub mod file;
pub mod file_esf;
pub mod file_lifecycle;
pub mod file_sections;
pub mod help;
pub mod hints;
pub mod import;
pub mod palette;
pub mod time;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::app::App;
use crate::tui::show;

/// The title bar: program and screen on the left, who and when on the right.
/// When both do not fit, the user's name gives way to the screen's title.
pub fn title_bar(app: &App, frame: &mut Frame, area: Rect, screen: &str) {
    let theme = app.theme();
    let sep = theme.separator();
    let actor = app.actor();
    let left = format!(" parcours{sep}{screen}");
    let when = format!("{}{sep}{} ", actor.role.label(), show::date(app.today()));
    let full = format!(" {}{sep}{when}", actor.name);
    let fits = Line::from(left.as_str()).width() + Line::from(full.as_str()).width()
        <= usize::from(area.width);
    let right = if fits { full } else { format!(" {when}") };
    let right = Line::from(right).right_aligned();
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(right.width()).unwrap_or(u16::MAX)),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(left).style(theme.title()), left_area);
    frame.render_widget(right.style(theme.title()), right_area);
}

/// Draws an empty bordered box titled `title` over the middle of `area`, at most
/// `width` × `height` (cleared underneath), and returns the inside: the one way
/// forms, help and questions appear over a screen.
pub fn overlay(
    frame: &mut Frame,
    area: Rect,
    (width, height): (u16, u16),
    title: &str,
    theme: &super::theme::Theme,
) -> Rect {
    use ratatui::layout::Flex;
    use ratatui::widgets::{Block, Clear};
    let [column] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(area);
    let [outer] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(column);
    let block = Block::bordered()
        .border_set(theme.border())
        .title(format!(" {title} "));
    let inner = block.inner(outer);
    frame.render_widget(Clear, outer);
    frame.render_widget(block, outer);
    inner
}

/// The rows of a screen with a title bar, a heading line, a body and a bottom
/// (hints or message) line, as the agenda, time and dashboard screens are laid out.
pub fn standard_rows(area: Rect) -> [Rect; 4] {
    Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area)
}

/// Two columns of lines: each left text in `left_style`, the right texts aligned after the
/// widest left one (label / value, key / description).
pub fn aligned_pairs(
    items: &[(String, String)],
    left_style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    use ratatui::text::Span;
    let width = items
        .iter()
        .map(|(left, _)| Span::raw(left.as_str()).width())
        .max()
        .unwrap_or(0);
    items
        .iter()
        .map(|(left, right)| {
            let pad = width - Span::raw(left.as_str()).width();
            Line::from(vec![
                Span::styled(format!(" {left}"), left_style),
                Span::raw(format!("{}  {right}", " ".repeat(pad))),
            ])
        })
        .collect()
}

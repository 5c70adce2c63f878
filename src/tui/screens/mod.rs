//! The screens, each a pure function of the [`App`] state, and the chrome they share.

pub mod agenda;
pub mod caseload;
pub mod file;
pub mod file_sections;
pub mod help;
pub mod time;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::action::Action;
use super::app::App;

/// The title bar: program and screen on the left, who and when on the right.
pub fn title_bar(app: &App, frame: &mut Frame, area: Rect, screen: &str) {
    let theme = app.theme();
    let sep = theme.separator();
    let actor = app.actor();
    let left = format!(" parcours{sep}{screen}");
    let right = format!(
        "{}{sep}{}{sep}{} ",
        actor.name,
        actor.role.label(),
        app.today().format("%Y-%m-%d")
    );
    let right = Line::from(right).right_aligned();
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(right.width()).unwrap_or(u16::MAX)),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(left).style(theme.title()), left_area);
    frame.render_widget(right.style(theme.title()), right_area);
}

/// Key hints for some actions, from the active keymap: `? Help  q Quit`.
pub fn hints(app: &App, actions: &[Action]) -> Line<'static> {
    let theme = app.theme();
    let mut spans = vec![Span::raw(" ")];
    for action in actions {
        if let Some(key) = app.keymap().keys(*action).first() {
            if spans.len() > 1 {
                spans.push(Span::raw("   "));
            }
            spans.push(Span::styled(key.to_string(), theme.key()));
            spans.push(Span::styled(format!(" {}", action.label()), theme.muted()));
        }
    }
    Line::from(spans)
}

//! The start-up question over the first screen: the forms kept unsaved when
//! parcours last ended, when, and the keys to resume or discard them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use crate::i18n::{t, tf};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::drafts::offer::Offer;

/// The widest the overlay gets.
const MAX_WIDTH: u16 = 76;

/// Rows besides the list: borders, the two-line intro, a blank line, the keys.
const CHROME_ROWS: u16 = 6;

/// Draws `offer` over the middle of `area`.
pub fn render(app: &App, offer: &Offer, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let items = offer.items();
    let wanted = u16::try_from(items.len() * 2)
        .unwrap_or(u16::MAX)
        .saturating_add(CHROME_ROWS);
    let inner = super::overlay(frame, area, (MAX_WIDTH, wanted), &t("drafts.title"), theme);
    let [intro, list, keys] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);

    let intro = Rect {
        x: intro.x + 1,
        width: intro.width.saturating_sub(2),
        ..intro
    };
    frame.render_widget(
        Paragraph::new(t("drafts.intro")).wrap(Wrap { trim: true }),
        intro,
    );
    let room = usize::from(list.height / 2).max(1);
    let offset = (offer.selected() + 1).saturating_sub(room);
    let mut lines = Vec::new();
    for (i, item) in items.iter().enumerate().skip(offset).take(room) {
        let style = if i == offer.selected() {
            theme.selected()
        } else {
            theme.header()
        };
        // The selection marks the text alone, not a bar across the panel.
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(item.what.clone(), style),
        ]));
        lines.push(Line::styled(
            format!("   {}", tf("drafts.kept_at", &[("at", &item.when)])),
            theme.muted(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), list);

    let mut spans = vec![Span::raw(" ")];
    for (action, label) in [
        (Action::Open, "drafts.resume"),
        (Action::Delete, "drafts.discard"),
        (Action::Back, "drafts.later"),
    ] {
        if let Some(key) = app.keymap().keys(action).first() {
            if spans.len() > 1 {
                spans.push(Span::raw("   "));
            }
            spans.push(Span::styled(key.to_string(), theme.key()));
            spans.push(Span::styled(format!(" {}", t(label)), theme.muted()));
        }
    }
    frame.render_widget(Line::from(spans), keys);
}

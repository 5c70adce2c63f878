//! The help overlay, generated from the active keymap: every bound action
//! with its keys, the keys of the filter line, and the alert markers.

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::journal::Alert;
use crate::i18n::{t, tf};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::Key;
use crate::tui::theme::Theme;

/// The widest the overlay gets: the whole width of the smallest terminal.
const MAX_WIDTH: u16 = 80;

/// Rows the overlay takes besides its key list: borders, heading, blank line, footer.
const CHROME_ROWS: u16 = 5;

/// The key list: one line per bound action with its keys.
fn key_lines(app: &App) -> Vec<Line<'static>> {
    let bound: Vec<(String, String)> = app
        .keymap()
        .entries()
        .into_iter()
        .map(|(action, keys)| (join(&keys), action.label()))
        .collect();
    pairs(&bound, app.theme())
}

/// How many lines of the key list do not fit in a terminal of `rows` rows.
pub fn hidden_lines(app: &App, rows: u16) -> u16 {
    let total = u16::try_from(key_lines(app).len()).unwrap_or(u16::MAX);
    total.saturating_sub(rows.saturating_sub(CHROME_ROWS))
}

/// Draws the help over whatever is in `area`.
///
/// When the key list is taller than the screen, it scrolls (arrows, page keys)
/// and the footer says how many lines are above and below.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let keymap = app.keymap();
    let keys_of = |action: Action| join(&keymap.keys(action));

    let all_keys = key_lines(app);
    let room = usize::from(area.height.saturating_sub(CHROME_ROWS));
    let hidden = all_keys.len().saturating_sub(room);
    let scroll = usize::from(app.help_scroll()).min(hidden);
    let mut left = vec![heading(&t("help.keys"), theme)];
    left.extend(all_keys.iter().skip(scroll).take(room).cloned());

    let plain = |code| Key::new(code, KeyModifiers::NONE).to_string();
    let mut filter_line = vec![
        (t("help.letters"), t("help.filter_type")),
        (plain(KeyCode::Backspace), t("help.filter_erase")),
        (plain(KeyCode::Enter), t("help.filter_accept")),
    ];
    if !keymap.keys(Action::Back).is_empty() {
        filter_line.push((keys_of(Action::Back), t("help.filter_clear")));
    }
    let markers: Vec<(String, String)> = Alert::ALL
        .iter()
        .map(|a| (a.marker().to_string(), t(a.label_key())))
        .collect();
    let mut right = vec![heading(&t("help.filter_line"), theme)];
    right.extend(pairs(&filter_line, theme));
    right.push(Line::default());
    right.push(heading(&t("help.alerts"), theme));
    right.extend(pairs(&markers, theme));

    let close_keys: Vec<String> = [Action::Back, Action::Help]
        .iter()
        .filter_map(|a| keymap.keys(*a).first().map(Key::to_string))
        .collect();
    let mut close = tf("help.close", &[("keys", &close_keys.join(" / "))]);
    if hidden > 0 {
        let below = (hidden - scroll).to_string();
        close.push_str(&tf(
            "help.scroll",
            &[("above", &scroll.to_string()), ("below", &below)],
        ));
    }

    let content_height = (left.len().max(right.len()) + 2).min(usize::from(area.height));
    let height = u16::try_from(content_height + 2).unwrap_or(u16::MAX);
    let inner = super::overlay(frame, area, (MAX_WIDTH, height), &t("help.title"), theme);
    let [body, _, footer] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    // The right column (filter keys, markers) keeps its width; long key labels are cut.
    let right_width = right.iter().map(Line::width).max().unwrap_or(0);
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(right_width).unwrap_or(u16::MAX)),
    ])
    .spacing(2)
    .areas(body);
    frame.render_widget(Paragraph::new(left), left_area);
    frame.render_widget(Paragraph::new(right), right_area);
    frame.render_widget(Line::from(close).style(theme.muted()).centered(), footer);
}

fn join(keys: &[Key]) -> String {
    keys.iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn heading(text: &str, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(format!(" {text}"), theme.header()))
}

/// Key / description lines, the descriptions aligned after the widest key.
fn pairs(items: &[(String, String)], theme: &Theme) -> Vec<Line<'static>> {
    super::aligned_pairs(items, theme.key())
}

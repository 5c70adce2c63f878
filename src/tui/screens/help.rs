//! The help overlay, generated from the active keymap and the screen shown: the
//! actions the user may take there (a referent never sees a coordinator's keys) and
//! the global ones, each with its keys; on the caseload also the keys of the filter
//! line and the alert markers.

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::journal::Alert;
use crate::i18n::{t, tf};
use crate::tui::action::Action;
use crate::tui::app::{App, Screen};
use crate::tui::keymap::Key;
use crate::tui::theme::Theme;

/// Rows the overlay takes besides its key list: borders, heading, blank line, footer.
const CHROME_ROWS: u16 = 5;

/// The actions the user may take on the screen shown, then the global ones.
pub fn actions_here(app: &App) -> Vec<Action> {
    use Action as A;
    let coordinator = app.actor().is_coordinator();
    let moves = [A::Up, A::Down, A::PageUp, A::PageDown, A::First, A::Last];
    let mut here: Vec<Action> = Vec::new();
    if app.file_pane().is_some() {
        here.extend([A::FocusNext, A::FocusPrevious, A::Up, A::Down, A::Open]);
        here.extend([A::New, A::Edit, A::Delete, A::Save, A::Back]);
        if coordinator {
            here.push(A::NextReferent);
        }
    } else {
        match app.screen() {
            Screen::Caseload => {
                here.extend([A::Filter, A::StatusFilter, A::Sort, A::Open, A::New]);
                if coordinator {
                    here.push(A::NextReferent);
                }
                here.extend([A::FocusNext, A::FocusPrevious]);
                here.extend(moves);
            }
            Screen::Agenda => {
                here.extend([
                    A::Open,
                    A::New,
                    A::Edit,
                    A::MarkDone,
                    A::MarkNoShow,
                    A::Delete,
                ]);
                if coordinator {
                    here.push(A::NextReferent);
                }
                here.extend([A::PreviousWeek, A::NextWeek, A::ThisWeek]);
                here.extend([A::Left, A::Right, A::Up, A::Down]);
            }
            Screen::Time if coordinator => {
                here.extend([A::Open, A::ValidateWeek, A::Export]);
                here.extend([A::PreviousWeek, A::NextWeek, A::ThisWeek]);
                here.extend(moves);
            }
            Screen::Time => {
                here.extend([
                    A::Open,
                    A::New,
                    A::Edit,
                    A::Clear,
                    A::FromAgenda,
                    A::CopyWeek,
                ]);
                here.extend([A::SubmitWeek, A::Export]);
                here.extend([A::PreviousWeek, A::NextWeek, A::ThisWeek]);
                here.extend([A::Left, A::Right, A::FocusNext, A::FocusPrevious]);
                here.extend(moves);
            }
            Screen::Dashboard => {
                here.push(A::Open);
                if coordinator {
                    here.extend([A::Filter, A::Clear]);
                }
                here.extend(moves);
            }
        }
    }
    here.extend([A::Caseload, A::Agenda, A::Time, A::Dashboard]);
    if coordinator {
        here.extend([A::Audit, A::Import, A::Indicators]);
    }
    here.extend([A::Palette, A::Help, A::Back, A::Quit]);
    let mut seen = Vec::new();
    here.retain(|a| {
        let first = !seen.contains(a);
        seen.push(*a);
        first
    });
    here
}

/// What `action` does where the user is: the screen's own wording when the general
/// label would be vague (`n` is a new file on the caseload, a new row on the time
/// screen), else the general label.
pub fn label_here(app: &App, action: Action) -> String {
    let place = if app.file_pane().is_some() {
        "file"
    } else {
        match app.screen() {
            Screen::Caseload => "caseload",
            Screen::Agenda => "agenda",
            Screen::Time => "time",
            Screen::Dashboard => "dashboard",
        }
    };
    let key = format!("action_on.{place}.{}", action.code());
    let label = t(&key);
    if label == key { action.label() } else { label }
}

/// The key list in `width` columns: one entry per action of [`actions_here`] that has a
/// key, its label wrapped under itself when it is longer than the room left.
fn key_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let keymap = app.keymap();
    let bound: Vec<(String, String)> = actions_here(app)
        .into_iter()
        .map(|action| (join(&keymap.keys(action)), label_here(app, action)))
        .filter(|(keys, _)| !keys.is_empty())
        .collect();
    let key_width = bound
        .iter()
        .map(|(keys, _)| Span::raw(keys.as_str()).width())
        .max()
        .unwrap_or(0);
    let room = width.saturating_sub(key_width + 3).max(MIN_LABEL);
    let mut lines = Vec::new();
    for (keys, label) in bound {
        let pad = key_width - Span::raw(keys.as_str()).width();
        let mut parts = wrap(&label, room).into_iter();
        let first = parts.next().unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!(" {keys}"), app.theme().key()),
            Span::raw(format!("{}  {first}", " ".repeat(pad))),
        ]));
        lines.extend(parts.map(|more| Line::raw(format!(" {}  {more}", " ".repeat(key_width)))));
    }
    lines
}

/// The narrowest a wrapped label gets.
const MIN_LABEL: usize = 12;

/// `text` cut at spaces into lines of at most `room` characters (a longer word alone).
pub(crate) fn wrap(text: &str, room: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let needed = line.chars().count() + 1 + word.chars().count();
        if !line.is_empty() && needed > room {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

/// The right column (the filter line's keys and the alert markers): the caseload's only.
fn side_lines(app: &App) -> Vec<Line<'static>> {
    if app.file_pane().is_some() || app.screen() != Screen::Caseload {
        return Vec::new();
    }
    let theme = app.theme();
    let keymap = app.keymap();
    let plain = |code| Key::new(code, KeyModifiers::NONE).to_string();
    let mut filter_line = vec![
        (t("help.letters"), t("help.filter_type")),
        (plain(KeyCode::Backspace), t("help.filter_erase")),
        (plain(KeyCode::Enter), t("help.filter_accept")),
    ];
    if !keymap.keys(Action::Back).is_empty() {
        filter_line.push((join(&keymap.keys(Action::Back)), t("help.filter_clear")));
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
    right
}

/// The widths of the key list and of the side column in a terminal `width` wide: the
/// overlay takes the whole width, less its borders and the gap between the columns.
fn column_widths(app: &App, width: u16) -> (usize, usize) {
    let inner = usize::from(width.saturating_sub(2));
    let side = side_lines(app).iter().map(Line::width).max().unwrap_or(0);
    let gap = if side > 0 { GAP } else { 0 };
    (inner.saturating_sub(side + gap), side)
}

/// Columns between the key list and the side column.
const GAP: usize = 2;

/// How many lines of the key list do not fit in a terminal of `width` × `rows`.
pub fn hidden_lines(app: &App, width: u16, rows: u16) -> u16 {
    let (left, _) = column_widths(app, width);
    let total = u16::try_from(key_lines(app, left).len()).unwrap_or(u16::MAX);
    total.saturating_sub(rows.saturating_sub(CHROME_ROWS))
}

/// Draws the help over whatever is in `area`.
///
/// When the key list is taller than the screen, it scrolls (arrows, page keys)
/// and the footer says how many lines are above and below.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let keymap = app.keymap();
    let (left_width, right_width) = column_widths(app, area.width);
    let all_keys = key_lines(app, left_width);
    let room = usize::from(area.height.saturating_sub(CHROME_ROWS));
    let hidden = all_keys.len().saturating_sub(room);
    let scroll = usize::from(app.help_scroll()).min(hidden);
    let mut left = vec![heading(&t("help.keys"), theme)];
    left.extend(all_keys.iter().skip(scroll).take(room).cloned());
    let right = side_lines(app);

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
    let inner = super::overlay(frame, area, (area.width, height), &t("help.title"), theme);
    let [body, _, footer] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let [left_area, right_area] = Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(right_width).unwrap_or(u16::MAX)),
    ])
    .spacing(if right_width > 0 { GAP as u16 } else { 0 })
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

//! The week view: one column per day, appointments in time order; or, when
//! the columns would be too narrow, one list grouped by day.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{OVERLAP, fit, line_style, mark, time_style};
use crate::domain::agenda::{Appointment, AppointmentStatus};
use crate::i18n::tf;
use crate::tui::agenda::Agenda;
use crate::tui::agenda::week::{Week, day_heading, duration, month, short_kind};
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// The narrowest a day column may be (separator included) before the week becomes a list.
pub const MIN_COLUMN: u16 = 16;

/// Draws the week into `area`.
pub(super) fn render(app: &App, agenda: &Agenda, frame: &mut Frame, area: Rect) {
    let days = agenda.week().days();
    let n = u16::try_from(days.len()).unwrap_or(u16::MAX).max(1);
    if area.width / n >= MIN_COLUMN {
        columns(app, agenda, &days, frame, area);
    } else {
        list(app, agenda, &days, frame, area);
    }
}

/// A day's heading: today in the key style, and the cursor day, when none of
/// its appointments is selected, in reverse video (its text only).
fn day_style(app: &App, agenda: &Agenda, day: NaiveDate) -> Style {
    let theme = app.theme();
    let mut style = if day == app.today() {
        theme.key()
    } else {
        theme.header()
    };
    if day == agenda.day()
        && agenda
            .selected_appointment()
            .is_none_or(|a| agenda.week().day_of(a) != day)
    {
        style = style.add_modifier(Modifier::REVERSED);
    }
    style
}

fn columns(app: &App, agenda: &Agenda, days: &[NaiveDate], frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let n = u32::try_from(days.len()).unwrap_or(1);
    let rects = Layout::horizontal(days.iter().map(|_| Constraint::Ratio(1, n))).split(area);
    let bar = if theme.ascii { "|" } else { "│" };
    for (i, (day, rect)) in days.iter().zip(rects.iter()).enumerate() {
        let mut rect = *rect;
        if i > 0 {
            let [sep, rest] =
                Layout::horizontal([Constraint::Length(1), Constraint::Fill(1)]).areas(rect);
            let lines: Vec<Line> = (0..sep.height).map(|_| Line::from(bar)).collect();
            frame.render_widget(Paragraph::new(lines).style(theme.muted()), sep);
            rect = rest;
        }
        column(app, agenda, *day, frame, rect);
    }
}

fn column(app: &App, agenda: &Agenda, day: NaiveDate, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let week = agenda.week();
    let width = usize::from(area.width);
    let mut lines = vec![Line::from(Span::styled(
        fit(&day_heading(day), width),
        day_style(app, agenda, day),
    ))];
    let indexes = week.on(day);
    let rows = usize::from(area.height.saturating_sub(1));
    let per = if indexes.len() * 3 <= rows { 3 } else { 2 };
    let mut room = rows / per;
    if indexes.len() > room {
        // Keep a line to say how many do not fit.
        room = rows.saturating_sub(1) / per;
    }
    let position = agenda
        .selected()
        .and_then(|s| indexes.iter().position(|i| *i == s))
        .unwrap_or(0);
    let offset = (position + 1).saturating_sub(room.max(1));
    for &i in indexes.iter().skip(offset).take(room) {
        let a = &week.appointments[i];
        let selected = agenda.selected() == Some(i);
        lines.extend(block(theme, week, a, selected, per, width));
    }
    let hidden = indexes.len().saturating_sub(offset + room);
    if hidden > 0 || offset > 0 {
        let text = tf("agenda.more", &[("n", &(hidden + offset).to_string())]);
        lines.push(Line::from(Span::styled(fit(&text, width), theme.muted())));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The fewest letters of a name worth showing after the columns of a day-list line.
const NAME_MIN: usize = 6;

/// The `per` lines (2 or 3) of an appointment in a column `width` wide.
fn block(
    theme: &Theme,
    week: &Week,
    a: &Appointment,
    selected: bool,
    per: usize,
    width: usize,
) -> Vec<Line<'static>> {
    let style = line_style(theme, a);
    let mark = mark(theme, a);
    let time = format!("{} {}", week.start(a), duration(a.minutes));
    let overlap = week.overlaps(a);
    let rest =
        width.saturating_sub(mark.chars().count() + time.chars().count() + usize::from(overlap));
    let kind = fit(&format!(" {}", short_kind(a)), rest);
    let pad = rest.saturating_sub(kind.chars().count());
    let mut first = vec![
        Span::styled(mark, style),
        Span::styled(time, time_style(theme, a, selected)),
    ];
    if overlap {
        first.push(Span::styled(OVERLAP, theme.alert()));
    }
    first.push(Span::styled(format!("{kind}{:pad$}", ""), style));
    // The name beside the file number when it fits whole (or its surname does), else
    // on the third line.
    let beside = |file: &str, name: &str| {
        [name, name.split(' ').next().unwrap_or(name)]
            .into_iter()
            .find(|n| file.chars().count() + 2 + n.chars().count() <= width)
            .map(|n| format!("{file} {n}"))
    };
    let (who, name_below) = match (&a.participant, &a.participant_name) {
        (Some(file), Some(name)) if beside(file, name).is_some() => {
            (beside(file, name).unwrap_or_default(), None)
        }
        (Some(file), name) => (file.clone(), name.clone()),
        (None, _) => (
            if a.title.is_empty() {
                a.kind.label()
            } else {
                a.title.clone()
            },
            None,
        ),
    };
    let padded = |text: String| {
        let text = fit(&format!(" {text}"), width);
        let pad = width.saturating_sub(text.chars().count());
        Line::from(Span::styled(format!("{text}{:pad$}", ""), style))
    };
    let mut lines = vec![Line::from(first), padded(who)];
    if per > 2 {
        let third = if a.status != AppointmentStatus::Planned {
            a.status.label()
        } else if let Some(name) = name_below {
            name
        } else if a.participant.is_some() && !a.title.is_empty() {
            a.title.clone()
        } else {
            a.location.clone()
        };
        let text = fit(&format!(" {third}"), width);
        let pad = width.saturating_sub(text.chars().count());
        lines.push(Line::from(Span::styled(
            format!("{text}{:pad$}", ""),
            theme.muted(),
        )));
    }
    lines
}

fn list(app: &App, agenda: &Agenda, days: &[NaiveDate], frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let week = agenda.week();
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_line = 0;
    for day in days {
        lines.push(Line::from(vec![
            Span::raw(" "),
            Span::styled(
                format!("{} {}", day_heading(*day), month(*day)),
                day_style(app, agenda, *day),
            ),
        ]));
        let indexes = week.on(*day);
        if indexes.is_empty() {
            lines.push(Line::from(Span::styled(
                format!("   {}", theme.none()),
                theme.muted(),
            )));
        }
        for i in indexes {
            let a = &week.appointments[i];
            let selected = agenda.selected() == Some(i);
            if selected {
                selected_line = lines.len();
            }
            lines.push(list_line(theme, week, a, selected, usize::from(area.width)));
        }
    }
    let height = usize::from(area.height);
    let offset = (selected_line + 2).saturating_sub(height);
    let lines: Vec<Line> = lines.into_iter().skip(offset).collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// One appointment on a line `width` wide of the day list (also used by the day view):
/// the participant's name follows the other columns where the width allows.
pub(super) fn list_line(
    theme: &Theme,
    week: &Week,
    a: &Appointment,
    selected: bool,
    width: usize,
) -> Line<'static> {
    let style = line_style(theme, a);
    let who = a.participant.clone().unwrap_or_else(|| a.title.clone());
    let mut spans = vec![
        Span::raw("  "),
        Span::styled(mark(theme, a), style),
        Span::styled(
            format!("{}–{}", week.start(a), week.end(a)),
            time_style(theme, a, selected),
        ),
        Span::styled(
            format!(
                " {:<5} {:<12} {:<12}",
                duration(a.minutes),
                fit(&short_kind(a), 12),
                fit(&who, 12),
            ),
            style,
        ),
    ];
    let status = format!(" {}", a.status.label());
    if let Some(name) = &a.participant_name {
        let used: usize = spans.iter().map(|s| s.content.chars().count()).sum();
        let room = width.saturating_sub(used + status.chars().count() + 3);
        if room >= NAME_MIN {
            spans.push(Span::styled(format!(" {}", fit(name, room)), style));
        }
    }
    spans.push(Span::styled(status, theme.muted()));
    if week.overlaps(a) {
        spans.push(Span::styled(format!(" {OVERLAP}"), theme.alert()));
    }
    Line::from(spans)
}

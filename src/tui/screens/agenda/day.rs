//! The day view: the cursor day's appointments one per line, and the
//! selected one in full below.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::grid::list_line;
use crate::domain::schedule::clashes;
use crate::i18n::{t, tf};
use crate::tui::agenda::Agenda;
use crate::tui::agenda::week::{duration, month};
use crate::tui::app::App;

/// Lines kept for the selected appointment's details.
const DETAIL_ROWS: u16 = 7;

/// Draws the day view into `area`.
pub(super) fn render(app: &App, agenda: &Agenda, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let week = agenda.week();
    let day = agenda.day();
    let [heading, list, detail] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(DETAIL_ROWS),
    ])
    .areas(area);
    let weekday = t(&format!(
        "agenda.weekday_long.{}",
        day.weekday().num_days_from_monday()
    ));
    frame.render_widget(
        Line::from(Span::styled(
            format!(" {weekday} {} {} {}", day.day(), month(day), day.year()),
            theme.header(),
        )),
        heading,
    );
    let indexes = week.on(day);
    let mut lines: Vec<Line> = indexes
        .iter()
        .map(|&i| {
            list_line(
                theme,
                week,
                &week.appointments[i],
                agenda.selected() == Some(i),
                usize::from(list.width),
            )
        })
        .collect();
    if lines.is_empty() {
        lines.push(Line::from(Span::styled(
            format!("  {}", t("agenda.empty_day")),
            theme.muted(),
        )));
    }
    let position = agenda
        .selected()
        .and_then(|s| indexes.iter().position(|i| *i == s))
        .unwrap_or(0);
    let offset = (position + 1).saturating_sub(usize::from(list.height).max(1));
    frame.render_widget(
        Paragraph::new(lines.into_iter().skip(offset).collect::<Vec<_>>()),
        list,
    );
    let Some(a) = agenda
        .selected_appointment()
        .filter(|a| week.day_of(a) == day)
    else {
        return;
    };
    let field = |key: &str, value: String| {
        Line::from(vec![
            Span::styled(format!(" {:<13} ", t(key)), theme.muted()),
            Span::raw(value),
        ])
    };
    let mut details = vec![
        field(
            "agenda.field.kind",
            format!(
                "{}, {}–{} ({})",
                a.kind.label(),
                week.start(a),
                week.end(a),
                duration(a.minutes)
            ),
        ),
        field(
            "agenda.field.participant",
            match (&a.participant, &a.participant_name) {
                (Some(file), Some(name)) => format!("{file} {name}"),
                (Some(file), None) => file.clone(),
                (None, _) => theme.none().to_owned(),
            },
        ),
        field("agenda.field.title", a.title.clone()),
        field("agenda.field.location", a.location.clone()),
        field("agenda.field.status", a.status.label()),
    ];
    let others: Vec<String> = clashes(&week.appointments, a.starts_at, a.minutes, Some(a.id))
        .iter()
        .map(|o| {
            format!(
                "{} {}",
                week.start(o),
                o.participant.clone().unwrap_or_else(|| o.kind.label())
            )
        })
        .collect();
    if crate::domain::schedule::occupies(a) && !others.is_empty() {
        details.push(Line::from(Span::styled(
            format!(
                " {}",
                tf("agenda.overlaps_with", &[("list", &others.join(", "))])
            ),
            theme.alert(),
        )));
    }
    let block = Block::new()
        .borders(Borders::TOP)
        .border_set(theme.border())
        .border_style(theme.muted());
    frame.render_widget(
        Paragraph::new(details)
            .block(block)
            .wrap(Wrap { trim: false }),
        detail,
    );
}

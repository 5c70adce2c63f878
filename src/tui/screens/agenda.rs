//! The agenda screen: the week (days as columns, or a day list when the
//! columns would be too narrow), the day view, and the appointment and
//! journal forms drawn over them. Times are shown in the configured zone.

mod day;
mod forms;
mod grid;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::hints::Hints;
use super::title_bar;
use crate::domain::agenda::{Appointment, AppointmentStatus};
use crate::i18n::{t, tf, tn};
use crate::tui::action::Action;
use crate::tui::agenda::Agenda;
use crate::tui::agenda::week::{range, status_mark};
use crate::tui::app::App;
use crate::tui::theme::Theme;

/// Draws the agenda screen into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let agenda = app.agenda();
    let [title, heading, body, bottom] = super::standard_rows(area);
    let week = agenda.week().week;
    title_bar(app, frame, title, &format!("{} {week}", t("agenda.title")));
    render_heading(app, agenda, frame, heading);
    if agenda.day_view() {
        day::render(app, agenda, frame, body);
    } else {
        grid::render(app, agenda, frame, body);
    }
    render_bottom(app, agenda, frame, bottom);
    if let Some(form) = agenda.form() {
        forms::appointment(app, form, frame, area);
    } else if let Some(note) = agenda.note() {
        forms::note(app, note, frame, area);
    }
}

fn render_heading(app: &App, agenda: &Agenda, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let sep = theme.separator();
    let mut spans = vec![Span::styled(
        format!(" {}", range(agenda.week().week)),
        theme.header(),
    )];
    let count = agenda
        .week()
        .appointments
        .iter()
        .filter(|a| a.status != AppointmentStatus::Cancelled)
        .count();
    spans.push(Span::styled(
        format!("{sep}{}", tn("agenda.count", count, &[])),
        theme.muted(),
    ));
    let overlaps = agenda.week().overlaps.len();
    if overlaps > 0 {
        spans.push(Span::raw(sep));
        spans.push(Span::styled(
            tf("agenda.overlaps", &[("n", &overlaps.to_string())]),
            theme.alert(),
        ));
    }
    if agenda.can_switch() || agenda.read_only() {
        spans.push(Span::raw(sep));
        spans.push(Span::styled(
            tf("agenda.owner", &[("login", agenda.owner())]),
            theme.key(),
        ));
    }
    if agenda.read_only() {
        spans.push(Span::styled(
            format!(" ({})", t("agenda.read_only_short")),
            theme.muted(),
        ));
    }
    frame.render_widget(Line::from(spans), area);
}

fn render_bottom(app: &App, agenda: &Agenda, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    if let Some(a) = agenda.cancelling() {
        let week = agenda.week();
        let what = format!(
            "{} {} {}",
            crate::tui::agenda::week::day_heading(week.day_of(a)),
            week.start(a),
            a.participant.clone().unwrap_or_else(|| a.kind.label())
        );
        frame.render_widget(
            Paragraph::new(format!(
                " {}",
                tf("agenda.confirm_cancel", &[("what", &what)])
            ))
            .style(theme.alert()),
            area,
        );
    } else if let Some(notice) = agenda.notice() {
        notice.render(theme, frame, area);
    } else if agenda.day_view() {
        let actions = [
            Action::Back,
            Action::Edit,
            Action::MarkDone,
            Action::MarkNoShow,
            Action::Delete,
            Action::New,
        ];
        frame.render_widget(short_hints(app, &actions, area.width), area);
    } else {
        let mut actions = vec![
            Action::New,
            Action::Open,
            Action::MarkDone,
            Action::MarkNoShow,
            Action::Delete,
            Action::PreviousWeek,
            Action::NextWeek,
            Action::ThisWeek,
        ];
        if agenda.can_switch() {
            actions.insert(0, Action::NextReferent);
        }
        actions.push(Action::Help);
        frame.render_widget(short_hints(app, &actions, area.width), area);
    }
}

/// Key hints with the agenda's short words (`n new  x done`), `width` columns wide.
fn short_hints(app: &App, actions: &[Action], width: u16) -> Line<'static> {
    let mut hints = Hints::new(app, width);
    for action in actions {
        hints.action(*action, t(&format!("agenda.hint.{}", action.code())));
    }
    hints.line()
}

/// How an appointment's text is drawn: cancelled (struck out), done or
/// missed (muted), or plain. The selection marks only its time, in
/// [`time_style`].
fn line_style(theme: &Theme, appointment: &Appointment) -> Style {
    if appointment.status == AppointmentStatus::Cancelled {
        theme.muted().add_modifier(Modifier::CROSSED_OUT)
    } else if appointment.status != AppointmentStatus::Planned {
        theme.muted()
    } else {
        Style::new()
    }
}

/// How an appointment's time is drawn: in the selection style when it is
/// the selected one (a short block, cheap to move), else as its line.
fn time_style(theme: &Theme, appointment: &Appointment, selected: bool) -> Style {
    if selected {
        theme.selected()
    } else {
        line_style(theme, appointment)
    }
}

/// The status mark of an appointment in the current theme.
fn mark(theme: &Theme, appointment: &Appointment) -> &'static str {
    status_mark(appointment.status, theme.ascii)
}

/// The overlap marker (drawn in the alert style).
const OVERLAP: &str = "!";

/// `text` cut to `width` columns (by characters: the texts here are narrow characters).
fn fit(text: &str, width: usize) -> String {
    text.chars().take(width).collect()
}

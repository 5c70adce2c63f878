//! The file's lifecycle section: where the pathway stands (status, entry, commission,
//! exit and its six-month check) and, under it, every dated event with who recorded
//! it, and the corrections and cancellations with who made them, when and why.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row};

use super::file_sections::{List, date, key_cell, label, list_with_detail, pairs};
use crate::domain::lifecycle::{EventKind, ExitState};
use crate::i18n::{t, tf};
use crate::store::EventRecord;
use crate::tui::app::App;
use crate::tui::file::FileView;
use crate::tui::show;

/// Lines of the situation above the events.
const SITUATION_ROWS: u16 = 6;

/// An exit in words: its date, outcome, category and where its validation stands.
pub fn exit_text(exit: &ExitState) -> String {
    let state = match exit.validation {
        Some(v) => format!("{}, {}", exit.outcome.category().label(), v.label()),
        None => exit.outcome.category().label(),
    };
    format!("{} {} ({state})", show::date(exit.on), exit.outcome.label())
}

/// Draws the section into `area`.
pub fn render(app: &App, view: &FileView, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let p = view.participant();
    let [top, rest] =
        Layout::vertical([Constraint::Length(SITUATION_ROWS), Constraint::Fill(1)]).areas(area);
    let commission = match (p.commission_on, p.commission_decision) {
        (Some(on), Some(decision)) => format!("{} {}", show::date(on), decision.label()),
        _ => theme.none().to_owned(),
    };
    let mut items = vec![
        (label("status"), p.status.label()),
        (t("lifecycle.field.entered_on"), date(p.contract_on, theme)),
        (label("commission"), commission),
    ];
    match p.exit() {
        Some(exit) => {
            items.push((label("exit"), exit_text(&exit)));
            let check = match (exit.checked_on, exit.situation, exit.check_due) {
                (Some(on), Some(situation), _) => Some(tf(
                    "lifecycle.check_done",
                    &[("date", &show::date(on)), ("situation", &situation.label())],
                )),
                (_, _, Some(due)) => Some(tf("lifecycle.check_due", &[("date", &show::date(due))])),
                _ => None,
            };
            items.extend(check.map(|c| (t("lifecycle.field.check"), c)));
        }
        None => items.push((label("exit"), t("file.exit.none"))),
    }
    frame.render_widget(Paragraph::new(pairs(items, theme)), top);

    let events = view.lists().events.as_deref().unwrap_or_default();
    let rows = events
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let style = if r.is_live() {
                ratatui::style::Style::new()
            } else {
                theme.muted()
            };
            let state = match (&r.voided, r.corrects) {
                (Some(_), _) => t("lifecycle.state.set_aside"),
                (None, Some(_)) => t("lifecycle.state.correction"),
                (None, None) => String::new(),
            };
            Row::new(vec![
                key_cell(show::date(r.event.on), i == view.selected(), theme),
                Cell::from(r.event.kind.label()),
                Cell::from(value_text(r)),
                Cell::from(
                    r.recorded_by
                        .clone()
                        .unwrap_or_else(|| t("lifecycle.migrated")),
                ),
                Cell::from(state),
            ])
            .style(style)
        })
        .collect();
    let header = vec![
        t("lifecycle.field.event_on"),
        t("lifecycle.field.event"),
        t("lifecycle.field.detail"),
        t("lifecycle.field.by"),
        String::new(),
    ];
    // The event column as wide as the language's longest event name.
    let widest = EventKind::ALL
        .iter()
        .map(|k| Span::raw(k.label()).width())
        .max()
        .unwrap_or(0);
    let widths = vec![
        Constraint::Length(10),
        Constraint::Length(u16::try_from(widest).unwrap_or(u16::MAX)),
        Constraint::Fill(1),
        Constraint::Length(10),
        Constraint::Length(12),
    ];
    let detail = events
        .get(view.selected())
        .map(|r| detail_lines(app, view, r));
    list_with_detail(
        app,
        view,
        List::new(header, widths, rows, "lifecycle.empty"),
        detail,
        frame,
        rest,
    );
}

/// The value an event carries, as a person reads it.
fn value_text(r: &EventRecord) -> String {
    let e = &r.event;
    match e.kind {
        EventKind::Commission => e.decision.map(|d| d.label()),
        EventKind::Exit => e.outcome.map(|o| o.label()),
        EventKind::FollowUp => e.situation.map(|s| s.label()),
        EventKind::EntryFile | EventKind::Contract => None,
    }
    .unwrap_or_default()
}

/// Under the list: who recorded the selected event and when, what it corrects, why it
/// was set aside, and its note.
fn detail_lines(app: &App, view: &FileView, r: &EventRecord) -> Vec<Line<'static>> {
    let theme = app.theme();
    let at = |instant| show::date_time(show::local(instant, view.tz()));
    let by = r
        .recorded_by
        .clone()
        .unwrap_or_else(|| t("lifecycle.migrated"));
    let mut recorded = tf(
        "lifecycle.recorded",
        &[("by", &by), ("at", &at(r.recorded_at))],
    );
    if let Some(old) = r.corrects.and_then(|id| {
        view.lists()
            .events
            .as_deref()
            .and_then(|all| all.iter().find(|e| e.id == id))
    }) {
        recorded.push_str(&tf(
            "lifecycle.corrects",
            &[("date", &show::date(old.event.on))],
        ));
    }
    let mut lines = vec![Line::from(format!(" {recorded}"))];
    if let Some(v) = &r.voided {
        let by = v.by.clone().unwrap_or_else(|| t("lifecycle.migrated"));
        lines.push(Line::from(vec![Span::styled(
            format!(
                " {}",
                tf(
                    "lifecycle.voided",
                    &[("by", &by), ("at", &at(v.at)), ("reason", &v.reason)],
                )
            ),
            theme.alert(),
        )]));
    }
    if !r.event.note.is_empty() {
        lines.push(Line::from(format!(" {}", r.event.note)));
    }
    lines
}

//! The forms drawn over the agenda: the appointment form (with the
//! participant search's matches under its field) and the journal note.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use tui_input::Input;

use crate::i18n::{t, tf};
use crate::tui::action::Action;
use crate::tui::agenda::form::{AppointmentForm, Field};
use crate::tui::agenda::note::NoteForm;
use crate::tui::agenda::picker::Choice;
use crate::tui::app::App;
use crate::tui::screens::hints::Hints;
use crate::tui::show;
use crate::tui::theme::Theme;

/// Width of the labels column.
const LABEL: u16 = 15;
/// The widest a form gets.
const MAX_WIDTH: u16 = 76;

/// A box of `height` rows centred in `area`, cleared, with a titled border; returns its inside.
fn frame_box(theme: &Theme, frame: &mut Frame, area: Rect, height: u16, title: &str) -> Rect {
    let width = MAX_WIDTH.min(area.width.saturating_sub(2));
    crate::tui::screens::overlay(frame, area, (width, height), title, theme)
}

/// The keys of the form: save, cancel, next field, and `extra` (key, what it does).
fn form_hints(app: &App, extra: &[(String, String)], width: u16) -> Line<'static> {
    let mut hints = Hints::new(app, width);
    hints
        .action(Action::Save, t("agenda.form.save"))
        .action(Action::Back, t("agenda.form.cancel"))
        .action(Action::FocusNext, t("agenda.form.next"));
    for (key, label) in extra {
        hints.key(key.clone(), label.clone());
    }
    hints.line()
}

/// A label and a value on one line; returns where the value starts.
fn row(
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    label: &str,
    focused: bool,
    value: Line<'static>,
) -> Rect {
    let [label_area, value_area] =
        Layout::horizontal([Constraint::Length(LABEL), Constraint::Fill(1)]).areas(area);
    let style = if focused { theme.key() } else { theme.muted() };
    frame.render_widget(Span::styled(format!(" {label}"), style), label_area);
    frame.render_widget(value, value_area);
    value_area
}

/// A text input drawn in `area`, scrolled so the cursor shows; places the cursor when focused.
fn text(frame: &mut Frame, area: Rect, input: &Input, focused: bool) {
    let width = usize::from(area.width.max(1)).saturating_sub(1);
    let scroll = input.visual_scroll(width);
    frame.render_widget(
        Paragraph::new(input.value().to_owned()).scroll((0, u16::try_from(scroll).unwrap_or(0))),
        area,
    );
    if focused {
        let x = input.visual_cursor().saturating_sub(scroll);
        frame.set_cursor_position(Position::new(
            area.x
                + u16::try_from(x)
                    .unwrap_or(0)
                    .min(area.width.saturating_sub(1)),
            area.y,
        ));
    }
}

fn choice_text(choice: &Choice) -> String {
    format!("{} {}", choice.file, choice.name)
        .trim_end()
        .to_owned()
}

/// Draws the appointment form over `area`.
pub(super) fn appointment(app: &App, form: &AppointmentForm, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let fields = form.fields();
    let rows = u16::try_from(fields.len()).unwrap_or(u16::MAX);
    let title = if form.editing().is_some() {
        t("agenda.form.edit_title")
    } else {
        t("agenda.form.new_title")
    };
    let inner = frame_box(theme, frame, area, rows + 6, &title);
    let [fields_area, _, message_area, hint_area] = Layout::vertical([
        Constraint::Length(rows),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    let lines = Layout::vertical(fields.iter().map(|_| Constraint::Length(1))).split(fields_area);
    let mut dropdown = None;
    for (field, line) in fields.iter().zip(lines.iter()) {
        let focused = form.focus() == *field && !form.asking();
        let label = t(field.label_key());
        match field {
            Field::Kind => {
                let (left, right) = if theme.ascii {
                    ("<", ">")
                } else {
                    ("◀", "▶")
                };
                let value = Line::from(vec![
                    Span::styled(format!("{left} "), theme.muted()),
                    Span::raw(form.kind.label()),
                    Span::styled(format!(" {right}"), theme.muted()),
                ]);
                row(theme, frame, *line, &label, focused, value);
            }
            Field::Participant if !form.picker.searching() => {
                let value = match form.picker.chosen() {
                    Some(c) => Line::from(vec![
                        Span::raw(choice_text(c)),
                        Span::styled(
                            format!("  {}", t("agenda.form.participant_clear")),
                            theme.muted(),
                        ),
                    ]),
                    None => Line::from(Span::styled(
                        t("agenda.form.participant_search"),
                        theme.muted(),
                    )),
                };
                let at = row(theme, frame, *line, &label, focused, value);
                if focused {
                    frame.set_cursor_position(Position::new(at.x, at.y));
                }
            }
            Field::Participant => {
                let at = row(theme, frame, *line, &label, focused, Line::default());
                text(frame, at, &form.picker.query, focused);
                dropdown = Some(at);
            }
            Field::Until if form.until.value().is_empty() && !focused => {
                let value = Line::from(Span::styled(t("agenda.form.until_empty"), theme.muted()));
                row(theme, frame, *line, &label, focused, value);
            }
            other => {
                let at = row(theme, frame, *line, &label, focused, Line::default());
                if let Some(input) = form.text(*other) {
                    text(frame, at, input, focused);
                }
            }
        }
    }
    let message = if let Some(error) = &form.error {
        Some((error.clone(), theme.alert()))
    } else {
        form.warning.as_ref().map(|w| {
            (
                format!("{w} {}", t("agenda.form.save_anyway")),
                theme.alert(),
            )
        })
    };
    if let Some((text, style)) = message {
        frame.render_widget(
            Paragraph::new(format!(" {text}"))
                .style(style)
                .wrap(Wrap { trim: false }),
            message_area,
        );
    }
    if form.asking() {
        frame.render_widget(
            Paragraph::new(format!(" {}", t("agenda.form.discard"))).style(theme.alert()),
            hint_area,
        );
    } else {
        let extra = match form.focus() {
            Field::Kind => vec![(t("agenda.form.kind_keys"), t("agenda.form.kind_change"))],
            _ => Vec::new(),
        };
        frame.render_widget(form_hints(app, &extra, hint_area.width), hint_area);
    }
    if let Some(at) = dropdown {
        matches(theme, form, frame, at, area);
    }
}

/// The participant search's matches, under its field.
fn matches(theme: &Theme, form: &AppointmentForm, frame: &mut Frame, field: Rect, screen: Rect) {
    let found = form.picker.matches();
    let height = u16::try_from(found.len().max(1)).unwrap_or(1) + 2;
    let y = field.y + 1;
    let rect = Rect {
        x: field.x.saturating_sub(1),
        y,
        width: field.width.min(screen.right().saturating_sub(field.x)) + 1,
        height: height.min(screen.bottom().saturating_sub(y)),
    };
    frame.render_widget(Clear, rect);
    let block = Block::bordered().border_set(theme.border());
    let lines: Vec<Line> = if found.is_empty() {
        vec![Line::from(Span::styled(
            t("agenda.form.no_match"),
            theme.muted(),
        ))]
    } else {
        found
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let style = if i == form.picker.highlighted() {
                    theme.selected()
                } else {
                    ratatui::style::Style::new()
                };
                Line::from(Span::styled(choice_text(c), style))
            })
            .collect()
    };
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}

/// Draws the journal note over `area`.
pub(super) fn note(app: &App, note: &NoteForm, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let c = &note.contact;
    let inner = frame_box(theme, frame, area, 9, &t("agenda.note.title"));
    let [what, due, summary, next, message, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(1),
    ])
    .areas(inner);
    let minutes = if c.minutes > 0 {
        format!(", {}", crate::tui::agenda::week::duration(c.minutes))
    } else {
        String::new()
    };
    frame.render_widget(
        Line::from(vec![
            Span::styled(format!(" {} ", c.participant), theme.header()),
            Span::raw(format!(
                "{} {}{minutes}",
                show::date(c.contact_on),
                c.kind.label()
            )),
        ]),
        what,
    );
    frame.render_widget(
        Span::styled(
            format!(
                " {}",
                tf("agenda.note.due", &[("date", &show::date(note.due()))])
            ),
            theme.muted(),
        ),
        due,
    );
    let on_summary = !note.on_next_action() && !note.asking();
    let at = row(
        theme,
        frame,
        summary,
        &t("agenda.field.summary"),
        on_summary,
        Line::default(),
    );
    text(frame, at, &note.summary, on_summary);
    let on_next = note.on_next_action() && !note.asking();
    let at = row(
        theme,
        frame,
        next,
        &t("agenda.field.next_action"),
        on_next,
        Line::default(),
    );
    text(frame, at, &note.next_action, on_next);
    if let Some(error) = &note.error {
        frame.render_widget(
            Paragraph::new(format!(" {error}"))
                .style(theme.alert())
                .wrap(Wrap { trim: false }),
            message,
        );
    }
    if note.asking() {
        frame.render_widget(
            Paragraph::new(format!(" {}", t("agenda.form.discard"))).style(theme.alert()),
            hint,
        );
    } else {
        frame.render_widget(form_hints(app, &[], hint.width), hint);
    }
}

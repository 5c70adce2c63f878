//! The caseload screen: one line per participant, a count line, and the
//! hints or the filter line at the bottom.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::hints::Hints;
use super::title_bar;
use crate::domain::participant::Status;
use crate::i18n::{t, tf, tn};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::caseload::{Entry, ReferentFilter, Sort};
use crate::tui::show;
use crate::tui::theme::Theme;

/// Lines around the list: title bar, column headers, count line, bottom line.
const CHROME_ROWS: u16 = 4;

/// The widest a referent column gets (logins can be long).
const MAX_REFERENT_WIDTH: usize = 10;

/// How many participants the list shows on a terminal of `rows` lines.
pub fn list_height(rows: u16) -> usize {
    usize::from(rows.saturating_sub(CHROME_ROWS).max(1))
}

/// Draws the caseload screen into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let [title, list, count, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let screen = if app.actor().is_coordinator() {
        t("caseload.title_all")
    } else {
        t("caseload.title")
    };
    title_bar(app, frame, title, &screen);
    render_list(app, frame, list);
    render_count(app, frame, count);
    render_bottom(app, frame, bottom);
}

/// The short status label of the caseload.
fn status_label(status: Status) -> String {
    t(&format!("caseload.status.{}", status.code()))
}

/// One column: its header, how its cells are aligned, their text and how wide they may get.
struct Column {
    header: String,
    right: bool,
    text: fn(&Entry, &Theme) -> String,
    max_width: usize,
}

fn columns(with_referent: bool) -> Vec<Column> {
    let column = |key: &str, right, text| Column {
        header: t(key),
        right,
        text,
        max_width: usize::MAX,
    };
    let mut columns = vec![
        column("caseload.col.alerts", false, |e, _| {
            e.alerts.iter().map(|a| a.marker()).collect()
        }),
        column("caseload.col.file", false, |e, _| e.file_number.to_string()),
        column("caseload.col.name", false, |e, _| e.name.clone()),
        column("caseload.col.status", false, |e, _| status_label(e.status)),
        column("caseload.col.months", true, |e, _| e.months.to_string()),
        column("caseload.col.contact", true, |e, theme| {
            e.days_since_contact.map_or_else(
                || theme.none().to_owned(),
                |d| tf("caseload.days", &[("n", &d.to_string())]),
            )
        }),
        column("caseload.col.next", false, |e, theme| {
            e.next_appointment
                .map_or_else(|| theme.none().to_owned(), show::date)
        }),
    ];
    if with_referent {
        columns.push(Column {
            max_width: MAX_REFERENT_WIDTH,
            ..column("caseload.col.referent", false, |e, theme| {
                e.referent
                    .as_deref()
                    .map_or_else(|| theme.none().to_owned(), str::to_owned)
            })
        });
    }
    columns
}

/// Index of the name column, which takes the room the others leave.
const NAME: usize = 2;

/// Columns up to this index style their text only; from the file number on
/// they hold the selection highlight (file number and name): a short block
/// that costs few bytes to move, not a bar across the row.
const HIGHLIGHTED: usize = NAME;

/// Index of the file number column, where the selection highlight starts.
const FILE: usize = 1;

fn render_list(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let caseload = app.caseload();
    let columns = columns(app.actor().is_coordinator());
    let measured = caseload.widths(|entries| {
        columns
            .iter()
            .map(|c| {
                let widest = entries
                    .iter()
                    .map(|e| Span::raw((c.text)(e, theme)).width())
                    .max()
                    .unwrap_or(0)
                    .max(Span::raw(c.header.as_str()).width())
                    .min(c.max_width);
                u16::try_from(widest + 1).unwrap_or(u16::MAX)
            })
            .collect()
    });
    let widths: Vec<Constraint> = measured
        .iter()
        .enumerate()
        .map(|(i, w)| {
            if i == NAME {
                Constraint::Fill(1)
            } else {
                Constraint::Length(*w)
            }
        })
        .collect();
    let header = Row::new(
        columns
            .iter()
            .enumerate()
            .map(|(i, c)| cell(i, c.right, c.header.clone(), Style::new())),
    )
    .style(theme.header());
    let height = usize::from(area.height.saturating_sub(1));
    let rows = caseload
        .visible()
        .enumerate()
        .skip(caseload.offset())
        .take(height)
        .map(|(index, entry)| {
            let selected = index == caseload.selected();
            Row::new(columns.iter().enumerate().map(|(i, c)| {
                let text = (c.text)(entry, theme);
                let style = if selected && (FILE..=HIGHLIGHTED).contains(&i) {
                    theme.selected()
                } else if i == 0 {
                    theme.alert()
                } else if entry.status == Status::Exited || text == theme.none() {
                    theme.muted()
                } else {
                    Style::new()
                };
                cell(i, c.right, text, style)
            }))
        });
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(0),
        area,
    );
    if caseload.visible().len() == 0 {
        let message = match caseload.filter() {
            Some(filter) if !caseload.entries().is_empty() => {
                tf("caseload.no_match", &[("filter", filter)])
            }
            _ => t("caseload.empty"),
        };
        let below_header = Rect {
            y: area.y.saturating_add(1),
            height: area.height.saturating_sub(1),
            ..area
        };
        frame.render_widget(
            Paragraph::new(format!(" {message}")).style(theme.muted()),
            below_header,
        );
    }
}

/// A cell padded so that columns are one space apart: the highlighted
/// columns carry the space on their right and style their text only (so the
/// highlight is one block, as wide as the name), the others on their left.
fn cell(index: usize, right: bool, text: String, style: Style) -> Cell<'static> {
    if right {
        Cell::from(Line::from(text).right_aligned()).style(style)
    } else if index > HIGHLIGHTED {
        Cell::from(Line::from(format!(" {text}"))).style(style)
    } else if index < HIGHLIGHTED {
        Cell::from(Line::from(Span::styled(format!("{text} "), style)))
    } else {
        Cell::from(Line::from(Span::styled(text, style)))
    }
}

/// Shown, in the pathway and capacity (of the referent filtered on, if
/// any), then the filters and the order in force.
fn render_count(app: &App, frame: &mut Frame, area: Rect) {
    let caseload = app.caseload();
    let in_pathway = caseload.in_scope().filter(|e| e.in_pathway()).count();
    let count = |key: &str, n: usize| tf(key, &[("n", &n.to_string())]);
    let mut parts = vec![
        tn("caseload.shown", caseload.visible().len(), &[]),
        count("caseload.in_pathway", in_pathway),
    ];
    match caseload.referent() {
        None => parts.push(count("caseload.capacity", app.capacity() as usize)),
        Some(filter) => {
            if let Some(capacity) = caseload.referent_capacity() {
                parts.push(count("caseload.capacity", capacity as usize));
            }
            parts.push(match filter {
                ReferentFilter::Login(login) => {
                    tf("caseload.filter_referent.label", &[("login", login)])
                }
                ReferentFilter::Unassigned => t("caseload.filter_referent.none"),
            });
        }
    }
    if let Some(status) = caseload.status() {
        parts.push(tf(
            "caseload.filter_status.label",
            &[("status", &status.label())],
        ));
    }
    if let Some(alert) = caseload.alert() {
        parts.push(tf(
            "dashboard.caseload_alert",
            &[("alert", &t(alert.label_key()))],
        ));
    }
    if caseload.sort() != Sort::Name {
        parts.push(t(caseload.sort().label_key()));
    }
    let text = parts.join(app.theme().separator());
    frame.render_widget(
        Paragraph::new(format!(" {text}")).style(app.theme().muted()),
        area,
    );
}

fn render_bottom(app: &App, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    // A notice (a file deleted, a draft discarded) is read before the filter line, except
    // while the filter is being typed.
    let notice = app.message().filter(|_| app.focus() != Focus::Filter);
    if let Some(message) = notice {
        message.render(theme, frame, area);
    } else if let Some(filter) = app.caseload().filter() {
        let prompt = format!(" {} ", t("caseload.filter_prompt"));
        let x = area.x + u16::try_from(Span::raw(format!("{prompt}{filter}")).width()).unwrap_or(0);
        frame.render_widget(
            Line::from(vec![
                Span::styled(prompt, theme.key()),
                Span::raw(filter.to_owned()),
            ]),
            area,
        );
        if app.focus() == Focus::Filter {
            frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
        }
    } else if let Some(message) = app.message() {
        message.render(theme, frame, area);
    } else {
        frame.render_widget(key_hints(app, area.width), area);
    }
}

/// The main keys of the list with short labels, as many as fit in `width` columns.
fn key_hints(app: &App, width: u16) -> Line<'static> {
    let label = |key: &str| t(&format!("caseload.hint.{key}"));
    let mut hints = Hints::new(app, width);
    hints
        .action(Action::Open, label("open"))
        .action(Action::New, label("new"))
        .action(Action::Filter, label("filter"))
        .action(Action::StatusFilter, label("status"))
        .action(Action::Sort, label("sort"));
    if app.actor().is_coordinator() {
        hints.action(Action::NextReferent, label("referent"));
    }
    hints
        .action(Action::Help, label("help"))
        .action(Action::Quit, label("quit"));
    hints.line()
}

//! The bodies of the participant file's sections: the summary, the steps as
//! a timeline, the journal, the appointments, the barriers, the milestone
//! reviews (the lifecycle's is drawn by `super::file_lifecycle`).

use chrono::{Datelike, NaiveDate};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};

use crate::domain::agenda::{Appointment, AppointmentStatus};
use crate::domain::duration::format_hmm;
use crate::domain::participant::{Participant, Status, age_on, months_between};
use crate::domain::pathway::next_milestone_due;
use crate::i18n::{t, tf};
use crate::tui::app::App;
use crate::tui::file::FileView;
use crate::tui::file::section::Section;
use crate::tui::show;
use crate::tui::theme::Theme;

/// Lines of the detail box under the journal and the milestone list.
const DETAIL_ROWS: u16 = 4;

/// Draws the body of the section `view` shows.
pub fn render(app: &App, view: &FileView, frame: &mut Frame, area: Rect) {
    let area = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    match view.section() {
        Section::Summary => summary(app, view.participant(), frame, area),
        Section::Pathway => pathway(app, view, frame, area),
        Section::Journal => journal(app, view, frame, area),
        Section::Appointments => appointments(app, view, frame, area),
        Section::Barriers => barriers(app, view, frame, area),
        Section::Milestones => milestones(app, view, frame, area),
        Section::Lifecycle => super::file_lifecycle::render(app, view, frame, area),
        Section::Esf => super::file_esf::render(app, view, frame, area),
    }
}

/// A date, or the theme's mark for none.
pub(super) fn date(d: Option<NaiveDate>, theme: &Theme) -> String {
    d.map_or_else(|| theme.none().to_owned(), show::date)
}

fn or_none(text: &str, theme: &Theme) -> String {
    if text.trim().is_empty() {
        theme.none().to_owned()
    } else {
        text.to_owned()
    }
}

/// Label / value lines, the values aligned after the widest label.
pub(super) fn pairs(items: Vec<(String, String)>, theme: &Theme) -> Vec<Line<'static>> {
    super::aligned_pairs(&items, theme.header())
}

/// The label of file field `key`.
pub(super) fn label(key: &str) -> String {
    t(&format!("file.field.{key}"))
}

fn summary(app: &App, p: &Participant, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let today = app.today();
    let d = &p.details;
    let yes_no = |b: bool| if b { t("form.yes") } else { t("form.no") };
    let birth = d.birth_date.map_or_else(
        || theme.none().to_owned(),
        |b| {
            let age = age_on(b, today).unwrap_or(0).to_string();
            tf("file.birth", &[("date", &show::date(b)), ("age", &age)])
        },
    );
    let place = [d.commune.as_str(), d.postcode.as_str()]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(" ");
    let criteria: Vec<String> = d.criteria.iter().map(|c| c.label()).collect();
    let commission = match (p.commission_on, p.commission_decision) {
        (None, None) => theme.none().to_owned(),
        (on, decision) => [
            date(on, theme),
            decision.map(|c| c.label()).unwrap_or_default(),
        ]
        .join(" ")
        .trim()
        .to_owned(),
    };
    let pathway = p.started_on().map_or_else(
        || theme.none().to_owned(),
        |start| {
            let months = months_between(start, p.exit_on.unwrap_or(today)).to_string();
            tf(
                "file.pathway_time",
                &[("n", &months), ("since", &show::date(start))],
            )
        },
    );
    let mut items = vec![
        (label("name"), p.display_name()),
        (label("birth_date"), birth),
        (
            label("sex"),
            d.sex.map_or_else(|| theme.none().to_owned(), |s| s.label()),
        ),
        (label("phone"), or_none(&d.phone, theme)),
        (label("email"), or_none(&d.email, theme)),
        (label("address"), or_none(&d.address, theme)),
        (label("commune"), or_none(&place, theme)),
        (label("qpv"), yes_no(d.qpv)),
        (label("prescriber"), or_none(&d.prescriber, theme)),
        (label("criteria"), or_none(&criteria.join(", "), theme)),
        (
            label("labour_status"),
            d.labour_status
                .map_or_else(|| theme.none().to_owned(), |s| s.label()),
        ),
        (
            label("education"),
            d.education
                .map_or_else(|| theme.none().to_owned(), |e| e.label()),
        ),
        (label("oriented_on"), date(d.oriented_on, theme)),
        (label("commission"), commission),
        (label("contract_on"), date(p.contract_on, theme)),
        (
            label("referent"),
            p.referent
                .clone()
                .unwrap_or_else(|| theme.none().to_owned()),
        ),
        (label("status"), p.status.label()),
        (label("pathway_time"), pathway),
    ];
    if let Some(exit) = p.exit() {
        items.push((label("exit"), super::file_lifecycle::exit_text(&exit)));
    }
    frame.render_widget(Paragraph::new(pairs(items, theme)), area);
}

/// A section's list: column headers and widths, lines, and the message
/// key for an empty list.
pub(super) struct List {
    header: Vec<String>,
    widths: Vec<Constraint>,
    rows: Vec<Row<'static>>,
    empty_key: &'static str,
}

impl List {
    /// A list of `rows` under `header`, or the text of `empty_key` when it has none.
    pub(super) fn new(
        header: Vec<String>,
        widths: Vec<Constraint>,
        rows: Vec<Row<'static>>,
        empty_key: &'static str,
    ) -> Self {
        Self {
            header,
            widths,
            rows,
            empty_key,
        }
    }
}

/// A section's list with, under it, the selected line's `detail` (nothing when no line is
/// selected).
pub(super) fn list_with_detail(
    app: &App,
    view: &FileView,
    rows: List,
    detail_lines: Option<Vec<Line<'static>>>,
    frame: &mut Frame,
    area: Rect,
) {
    let (list_area, detail_area) = with_detail(area);
    list(app, view, rows, frame, list_area);
    if let Some(lines) = detail_lines {
        detail(lines, app, frame, detail_area);
    }
}

/// Draws a list (its selected line already marks its identifying cell, see
/// [`key_cell`]), or a muted message when it is empty.
fn list(app: &App, view: &FileView, list: List, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let List {
        header,
        widths,
        rows,
        empty_key,
    } = list;
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(" {}", t(empty_key))).style(theme.muted()),
            area,
        );
        return;
    }
    let header = Row::new(header.into_iter().map(Cell::from)).style(theme.header());
    let table = Table::new(rows, widths).header(header).column_spacing(1);
    let mut state = TableState::default().with_selected(Some(view.selected()));
    let indented = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    };
    frame.render_stateful_widget(table, indented, &mut state);
}

/// The identifying cell of a list's line: on the selected line, its text
/// (not the cell's padding) in the selection style, a short block that
/// costs few bytes to move rather than a bar across the row.
pub(super) fn key_cell(text: String, selected: bool, theme: &Theme) -> Cell<'static> {
    if selected {
        Cell::from(Span::styled(text, theme.selected()))
    } else {
        Cell::from(text)
    }
}

/// Splits `area` into a list and a detail box under it.
fn with_detail(area: Rect) -> (Rect, Rect) {
    let [list, detail] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(DETAIL_ROWS)]).areas(area);
    (list, detail)
}

fn detail(lines: Vec<Line<'static>>, app: &App, frame: &mut Frame, area: Rect) {
    let rule = if app.theme().ascii { "-" } else { "─" };
    let mut all = vec![Line::from(rule.repeat(usize::from(area.width))).style(app.theme().muted())];
    all.extend(lines);
    frame.render_widget(Paragraph::new(all).wrap(Wrap { trim: false }), area);
}

fn pathway(app: &App, view: &FileView, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let steps = view.lists().steps.as_deref().unwrap_or_default();
    let (done, running) = if theme.ascii {
        ("*", "o")
    } else {
        ("●", "○")
    };
    let span = |from: Option<NaiveDate>, to: Option<NaiveDate>| {
        let arrow = if theme.ascii { "->" } else { "→" };
        format!("{} {arrow} {}", date(from, theme), date(to, theme))
    };
    let rows = steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let d = &s.details;
            let (dates, style) = if d.actual_start.is_some() {
                (span(d.actual_start, d.actual_end), Style::new())
            } else {
                (span(d.planned_start, d.planned_end), theme.muted())
            };
            Row::new(vec![
                Cell::from(if s.is_closed() { done } else { running }),
                key_cell(d.kind.label(), i == view.selected(), theme),
                Cell::from(or_none(&d.provider, theme)),
                Cell::from(dates).style(style),
                Cell::from(
                    d.outcome
                        .map_or_else(|| theme.none().to_owned(), |o| o.label()),
                ),
            ])
        })
        .collect();
    // The kind column as wide as its longest label, leaving the provider at least a third.
    let widest = steps
        .iter()
        .map(|s| Span::raw(s.details.kind.label()).width())
        .max()
        .unwrap_or(0);
    let kind_width = u16::try_from(widest)
        .unwrap_or(u16::MAX)
        .clamp(12, area.width.saturating_sub(40) / 2);
    let header = vec![
        String::new(),
        label("step_kind"),
        label("provider"),
        label("dates"),
        label("outcome"),
    ];
    let widths = vec![
        Constraint::Length(1),
        Constraint::Length(kind_width),
        Constraint::Fill(1),
        Constraint::Length(24),
        Constraint::Length(11),
    ];
    let detail_lines = steps.get(view.selected()).map(|s| {
        let d = &s.details;
        let lines = vec![
            Line::from(format!(
                " {} {}  {} {}",
                label("planned"),
                span(d.planned_start, d.planned_end),
                label("actual"),
                span(d.actual_start, d.actual_end)
            )),
            Line::from(format!(" {}", or_none(&d.note, theme))),
        ];
        lines
    });
    list_with_detail(
        app,
        view,
        List::new(header, widths, rows, "file.empty.steps"),
        detail_lines,
        frame,
        area,
    );
}

fn journal(app: &App, view: &FileView, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let contacts = view.lists().contacts.as_deref().unwrap_or_default();
    let rows = contacts
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let d = &c.details;
            let summary = if d.summary.is_empty() {
                Cell::from(t("file.no_note")).style(theme.alert())
            } else {
                Cell::from(d.summary.clone())
            };
            Row::new(vec![
                key_cell(show::date(d.contact_on), i == view.selected(), theme),
                Cell::from(d.kind.label()),
                Cell::from(Line::from(format_hmm(d.minutes)).right_aligned()),
                summary,
            ])
        })
        .collect();
    let header = vec![
        label("contact_on"),
        label("contact_kind"),
        label("duration"),
        label("summary"),
    ];
    let widths = vec![
        Constraint::Length(10),
        Constraint::Length(12),
        Constraint::Length(5),
        Constraint::Fill(1),
    ];
    let detail_lines = contacts.get(view.selected()).map(|c| {
        let lines = vec![
            Line::from(vec![
                Span::styled(format!(" {} ", label("next_action")), theme.header()),
                Span::raw(or_none(&c.details.next_action, theme)),
                Span::styled(
                    format!("   {} {}", label("author"), c.author),
                    theme.muted(),
                ),
            ]),
            Line::from(format!(" {}", or_none(&c.details.summary, theme))),
        ];
        lines
    });
    list_with_detail(
        app,
        view,
        List::new(header, widths, rows, "file.empty.contacts"),
        detail_lines,
        frame,
        area,
    );
}

/// Coming appointments (soonest first), a rule, then past ones (latest
/// first), in local time; the selected one's place and referent underneath.
fn appointments(app: &App, view: &FileView, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let tz = view.tz();
    let Some(list) = view.lists().appointments.as_ref() else {
        return;
    };
    let selected = view.selected();
    let row = |i: usize, a: &Appointment| {
        let local = a.starts_at.with_timezone(&tz);
        let weekday = t(&format!(
            "agenda.weekday.{}",
            local.weekday().num_days_from_monday()
        ));
        let status_style = match a.status {
            AppointmentStatus::Planned => Style::new(),
            AppointmentStatus::Done => theme.muted(),
            AppointmentStatus::NoShow => theme.alert(),
            AppointmentStatus::Cancelled => theme.muted(),
        };
        Row::new(vec![
            key_cell(
                format!(
                    "{} {weekday} {}",
                    show::date(local.date_naive()),
                    show::time(local)
                ),
                i == selected,
                theme,
            ),
            Cell::from(Line::from(format_hmm(a.minutes)).right_aligned()),
            Cell::from(t(&format!("agenda.kind_short.{}", a.kind.code()))),
            Cell::from(a.status.label()).style(status_style),
            Cell::from(or_none(&a.title, theme)),
        ])
    };
    let coming = list.coming.len();
    let mut rows: Vec<Row<'static>> = list
        .coming
        .iter()
        .enumerate()
        .map(|(i, a)| row(i, a))
        .collect();
    let past: Vec<Row<'static>> = list
        .past
        .iter()
        .enumerate()
        .map(|(i, a)| row(coming + i, a))
        .collect();
    let header = vec![
        tf(
            "file.appointments.coming",
            &[("n", &list.coming.len().to_string())],
        ),
        label("duration"),
        label("contact_kind"),
        label("status"),
        label("title"),
    ];
    let (list_area, detail_area) = with_detail(area);
    // `YYYY-MM-DD`, the weekday and `HH:MM`, three spaces: as wide as the
    // widest weekday of the language (French `lun.` is wider than `Mon`).
    let weekday_width = (0..7)
        .map(|d| Line::from(t(&format!("agenda.weekday.{d}"))).width())
        .max()
        .unwrap_or(0);
    let when_width = u16::try_from(17 + weekday_width).unwrap_or(u16::MAX);
    let widths = vec![
        Constraint::Length(when_width),
        Constraint::Length(5),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Fill(1),
    ];
    // The past appointments under their own header line, which is not selectable:
    // the list's selection skips it.
    let rule_at = rows.len();
    if !past.is_empty() {
        let title = tf("file.appointments.past", &[("n", &past.len().to_string())]);
        rows.push(Row::new(vec![Cell::from(title)]).style(theme.header()));
        rows.extend(past);
    }
    let selected_row = if selected >= rule_at && !list.past.is_empty() {
        selected + 1
    } else {
        selected
    };
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(" {}", t("file.empty.appointments"))).style(theme.muted()),
            list_area,
        );
        return;
    }
    let table = Table::new(rows, widths)
        .header(Row::new(header.into_iter().map(Cell::from)).style(theme.header()))
        .column_spacing(1);
    let mut state = TableState::default().with_selected(Some(selected_row));
    let indented = Rect {
        x: list_area.x + 1,
        width: list_area.width.saturating_sub(1),
        ..list_area
    };
    frame.render_stateful_widget(table, indented, &mut state);
    if let Some(a) = list.get(selected) {
        let line = |key: &str, text: &str| {
            vec![
                Span::styled(format!(" {} ", label(key)), theme.header()),
                Span::raw(or_none(text, theme)),
            ]
        };
        let mut first = line("location", &a.location);
        first.extend(line("referent", &a.referent));
        let lines = vec![
            Line::from(first),
            Line::from(format!(" {}", a.kind.label())),
        ];
        detail(lines, app, frame, detail_area);
    }
}

fn barriers(app: &App, view: &FileView, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let barriers = view.lists().barriers.as_deref().unwrap_or_default();
    let rows = barriers
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let lifted = b.lifted_on.map_or_else(
                || Cell::from(t("file.current")).style(theme.alert()),
                |d| Cell::from(show::date(d)).style(theme.muted()),
            );
            Row::new(vec![
                key_cell(b.details.kind.label(), i == view.selected(), theme),
                Cell::from(show::date(b.details.noted_on)),
                lifted,
                Cell::from(b.details.note.clone()),
            ])
        })
        .collect();
    let header = vec![
        label("barrier_kind"),
        label("noted_on"),
        label("lifted_on"),
        label("note"),
    ];
    let widths = vec![
        Constraint::Length(17),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Fill(1),
    ];
    list(
        app,
        view,
        List::new(header, widths, rows, "file.empty.barriers"),
        frame,
        area,
    );
}

fn milestones(app: &App, view: &FileView, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let p = view.participant();
    let reviews = view.lists().milestones.as_deref().unwrap_or_default();
    let [due_area, rest] =
        Layout::vertical([Constraint::Length(2), Constraint::Fill(1)]).areas(area);
    let due = match (p.status, p.contract_on) {
        (Status::Active, Some(contract)) => {
            let last = reviews.first().map(|m| m.details.held_on);
            let due = next_milestone_due(contract, last);
            let style = if due <= app.today() {
                theme.alert()
            } else {
                theme.header()
            };
            Line::from(tf("file.milestone_due", &[("date", &show::date(due))])).style(style)
        }
        _ => Line::from(t("file.milestone_none")).style(theme.muted()),
    };
    frame.render_widget(Paragraph::new(vec![prefixed(due)]), due_area);
    let rows = reviews
        .iter()
        .enumerate()
        .map(|(i, m)| {
            Row::new(vec![
                key_cell(show::date(m.details.held_on), i == view.selected(), theme),
                Cell::from(or_none(&m.details.achieved, theme)),
            ])
        })
        .collect();
    let header = vec![label("held_on"), label("achieved")];
    let widths = vec![Constraint::Length(10), Constraint::Fill(1)];
    let detail_lines = reviews.get(view.selected()).map(|m| {
        let line = |key: &str, text: &str| {
            Line::from(vec![
                Span::styled(format!(" {} ", label(key)), theme.header()),
                Span::raw(or_none(text, theme)),
            ])
        };
        let lines = vec![
            line("objectives", &m.details.objectives),
            line("achieved", &m.details.achieved),
            line("new_objectives", &m.details.new_objectives),
        ];
        lines
    });
    list_with_detail(
        app,
        view,
        List::new(header, widths, rows, "file.empty.milestones"),
        detail_lines,
        frame,
        rest,
    );
}

fn prefixed(line: Line<'static>) -> Line<'static> {
    let style = line.style;
    let mut spans = vec![Span::raw(" ")];
    spans.extend(line.spans);
    Line::from(spans).style(style)
}

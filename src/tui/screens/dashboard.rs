//! The dashboard screen: the caseload by status against capacity, the alert
//! counts (the line under the cursor opens the caseload on it), the day's and
//! the week's appointments, the week's hours, the last weeks' status and the
//! year's outcomes against the target ([`outcomes`]); for a coordinator the same
//! for the whole PLIE and one line per referent. The audit log tab is drawn by
//! [`audit`], the ESF indicators tab by [`indicators`].

mod audit;
mod indicators;
mod outcomes;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::hints::Hints;
use super::title_bar;
use crate::domain::IsoWeek;
use crate::domain::journal::Alert;
use crate::domain::participant::Status;
use crate::domain::time::WeekStatus;
use crate::i18n::{t, tf, tn};
use crate::store::dashboard::{Dashboard, Figures, ReferentFigures};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::dashboard::{DashboardScreen, Tab};
use crate::tui::show;
use crate::tui::theme::Theme;
use crate::tui::widgets::form::{self, Form};

/// Rows of the figures block: the caseload's heading, a line per status and the capacity
/// line, beside the alerts' heading and its eight alerts — whichever is taller.
const BLOCK_ROWS: u16 = {
    let statuses = Status::ALL.len() as u16 + 2;
    if statuses > 9 { statuses } else { 9 }
};

/// From this width the referents' table shows the last two weeks, else this week's.
const TWO_WEEKS: u16 = 90;

/// Width from which the referents' table shows one column per alert.
const WIDE: u16 = 110;
/// From this width the wide table also has a column per late ESF stage.
const ESF_WIDE: u16 = 145;
/// From this width the referents' table also shows the year's ESF hours.
const YEARLY_WIDE: u16 = 130;

/// Draws the dashboard (figures or audit tab) into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let screen = app.dashboard();
    let [title, tabs, body, bottom] = super::standard_rows(area);
    let name = if app.actor().is_coordinator() {
        t("dashboard.title_all")
    } else {
        t("dashboard.title")
    };
    title_bar(app, frame, title, &name);
    render_tabs(app, screen, frame, tabs);
    match screen.tab() {
        Tab::Audit => audit::render(app, screen.audit(), frame, body, bottom),
        Tab::Indicators => indicators::render(app, screen.indicators(), frame, body, bottom),
        Tab::Overview => {
            if let Some(data) = screen.data() {
                render_overview(app, screen, data, frame, body);
            }
            render_bottom(app, screen, frame, bottom);
        }
    }
}

/// Key and text pairs for a hint line `width` columns wide.
pub(super) fn hint_line(app: &App, items: &[(Action, String)], width: u16) -> Line<'static> {
    let mut hints = Hints::new(app, width);
    for (action, text) in items {
        hints.action(*action, text.clone());
    }
    hints.line()
}

/// A tab's bottom line — the dashboard's message, else `hints` — and its open `form`,
/// drawn over `body` with the hints to apply it and to cancel it (`labels`: their texts).
pub(super) fn tab_chrome(
    app: &App,
    hints: &[(Action, String)],
    form: Option<&Form>,
    labels: (String, String),
    frame: &mut Frame,
    (body, bottom): (Rect, Rect),
) {
    let theme = app.theme();
    if let Some(message) = app.dashboard().message() {
        message.render(theme, frame, bottom);
    } else {
        frame.render_widget(hint_line(app, hints, bottom.width), bottom);
    }
    if let Some(f) = form {
        let (apply, cancel) = labels;
        let hints = hint_line(
            app,
            &[(Action::Save, apply), (Action::Back, cancel)],
            body.width,
        );
        form::render(f, theme, hints, frame, body);
    }
}

fn render_tabs(app: &App, screen: &DashboardScreen, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let mut spans = Vec::new();
    let mut tab = |action: Action, key: &str, on: bool| {
        let keys = app.keymap().keys(action);
        let label = match keys.first() {
            Some(k) => format!(" {k} {} ", t(key)),
            None => format!(" {} ", t(key)),
        };
        spans.push(Span::styled(
            label,
            if on { theme.selected() } else { theme.muted() },
        ));
        spans.push(Span::raw(" "));
    };
    tab(
        Action::Dashboard,
        "dashboard.tab.overview",
        screen.tab() == Tab::Overview,
    );
    if app.actor().is_coordinator() {
        tab(
            Action::Audit,
            "dashboard.tab.audit",
            screen.tab() == Tab::Audit,
        );
        tab(
            Action::Indicators,
            "dashboard.tab.indicators",
            screen.tab() == Tab::Indicators,
        );
    }
    let tabs = Line::from(spans);
    let week = IsoWeek::containing(app.today());
    let heading = Line::from(format!(
        "{} ",
        tf(
            "dashboard.week_heading",
            &[
                ("week", &week.to_string()),
                ("from", &show::day_month(week.monday())),
                ("to", &show::day_month(week.sunday())),
            ],
        )
    ))
    .style(theme.header())
    .right_aligned();
    // The tabs come first: the week's heading only where it fits beside them.
    let fits = tabs.width() + heading.width() <= usize::from(area.width);
    frame.render_widget(tabs, area);
    if fits {
        let width = u16::try_from(heading.width()).unwrap_or(area.width);
        let [_, right] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(width)]).areas(area);
        frame.render_widget(heading, right);
    }
}

fn render_overview(
    app: &App,
    screen: &DashboardScreen,
    data: &Dashboard,
    frame: &mut Frame,
    area: Rect,
) {
    let coordinator = app.actor().is_coordinator();
    let [_, block, _, agenda, time, weeks, results, retention, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(BLOCK_ROWS),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(block);
    render_statuses(app, &data.total, frame, left);
    render_alerts(app, screen, &data.total, frame, right);
    let theme = app.theme();
    let total = &data.total;
    let label = |key: &str| Span::styled(format!(" {:<16}", t(key)), theme.header());
    frame.render_widget(
        Line::from(vec![
            label("dashboard.agenda"),
            Span::raw(tf(
                "dashboard.appointments",
                &[
                    ("today", &total.appointments_today.to_string()),
                    ("week", &total.appointments_week.to_string()),
                ],
            )),
        ]),
        agenda,
    );
    let contract = screen.contract_minutes(total.fte);
    let short = total.minutes < contract;
    frame.render_widget(
        Line::from(vec![
            label("dashboard.time"),
            Span::styled(
                tf(
                    "dashboard.hours",
                    &[
                        ("entered", &hours(total.minutes)),
                        ("contract", &hours(contract)),
                    ],
                ),
                if short { theme.key() } else { Style::new() },
            ),
            Span::raw(theme.separator()),
            Span::raw(tf(
                "dashboard.esf_share",
                &[("share", &percent(total.esf_minutes, total.minutes))],
            )),
        ]),
        time,
    );
    let sep = theme.separator();
    let weeks_text = if coordinator {
        data.weeks
            .iter()
            .take(2)
            .map(|w| {
                tf(
                    "dashboard.weeks_tally",
                    &[
                        ("week", &short_week(w.week)),
                        ("validated", &w.validated.to_string()),
                        ("submitted", &w.submitted.to_string()),
                        ("total", &(w.draft + w.submitted + w.validated).to_string()),
                    ],
                )
            })
            .collect::<Vec<_>>()
            .join(sep)
    } else {
        data.referents
            .first()
            .map(|r| {
                r.weeks
                    .iter()
                    .map(|(w, s)| format!("{} {}", short_week(*w), s.label()))
                    .collect::<Vec<_>>()
                    .join(sep)
            })
            .unwrap_or_default()
    };
    frame.render_widget(
        Line::from(vec![label("dashboard.weeks"), Span::raw(weeks_text)]),
        weeks,
    );
    if let Some(past) = screen.retention() {
        let text = tn(
            "dashboard.retention",
            past.count as usize,
            &[("date", &show::date(past.exited_before))],
        );
        let style = if past.count > 0 {
            theme.key()
        } else {
            Style::new()
        };
        frame.render_widget(
            Line::from(vec![
                label("dashboard.retention_label"),
                Span::styled(text, style),
            ]),
            retention,
        );
    }
    if let Some(figures) = screen.outcomes() {
        frame.render_widget(
            outcomes::line(
                label("dashboard.outcomes.label"),
                figures,
                results.width,
                theme,
            ),
            results,
        );
    }
    if coordinator {
        render_referents(app, screen, data, frame, table);
    }
}

/// Minutes as `h:mm`, zero included (`0:00`).
fn hours(minutes: u32) -> String {
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// `2026-W47` → `W47`.
fn short_week(week: IsoWeek) -> String {
    format!("W{:02}", week.week())
}

/// `part` of `whole` as a whole percentage (0 when `whole` is 0).
fn percent(part: u32, whole: u32) -> String {
    if whole == 0 {
        return "0".to_owned();
    }
    (f64::from(part) * 100.0 / f64::from(whole))
        .round()
        .to_string()
}

fn heading(text: String, theme: &Theme) -> Line<'static> {
    Line::from(Span::styled(format!(" {text}"), theme.header()))
}

/// A line `label ....... n` filling `width`.
fn count_line(label: &str, n: u32, width: u16, style: Style) -> Line<'static> {
    let number = n.to_string();
    let room = usize::from(width).saturating_sub(Span::raw(label).width() + number.len() + 5);
    Line::from(vec![
        Span::styled(format!("   {label}"), style),
        Span::raw(" ".repeat(room + 1)),
        Span::styled(number, style),
    ])
}

fn render_statuses(app: &App, total: &Figures, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let width = area.width.min(38);
    let mut lines = vec![heading(t("dashboard.caseload"), theme)];
    for status in Status::ALL {
        let style = if *status == Status::Exited {
            theme.muted()
        } else {
            Style::new()
        };
        lines.push(count_line(
            &status.label(),
            total.status(*status),
            width,
            style,
        ));
    }
    let capacity = total.capacity();
    let over = total.followed() > capacity;
    lines.push(Line::from(Span::styled(
        format!(
            "   {}",
            tf(
                "dashboard.capacity",
                &[
                    ("followed", &total.followed().to_string()),
                    ("capacity", &capacity.to_string()),
                    ("share", &percent(total.followed(), capacity)),
                ],
            )
        ),
        if over { theme.alert() } else { theme.key() },
    )));
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_alerts(
    app: &App,
    screen: &DashboardScreen,
    total: &Figures,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = app.theme();
    let width = area.width.min(40);
    let mut lines = vec![heading(
        tn("dashboard.alerts", total.flagged as usize, &[]),
        theme,
    )];
    for alert in Alert::ALL {
        let n = total.alert(alert);
        let style = if n > 0 { theme.alert() } else { theme.muted() };
        let label = format!("{} {}", alert.marker(), t(alert_key(alert)));
        let mut line = count_line(&label, n, width, style);
        if alert == screen.selected_alert() {
            // The selection marks the label's text only: a short block, cheap to move.
            line.spans[0] = Span::styled(label, theme.selected());
            line.spans.insert(0, Span::raw("   "));
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// The dashboard's longer label of an alert (the rule in words).
fn alert_key(alert: Alert) -> &'static str {
    match alert {
        Alert::NoRecentContact => "dashboard.alert.no_contact",
        Alert::NoteOverdue => "dashboard.alert.note_overdue",
        Alert::MilestoneDue => "dashboard.alert.milestone_due",
        Alert::FollowUpDue => "dashboard.alert.follow_up_due",
        Alert::AwaitingCommission => "dashboard.alert.awaiting_commission",
        Alert::EsfEntry => "dashboard.alert.esf_entry",
        Alert::EsfExit => "dashboard.alert.esf_exit",
        Alert::EsfFollowUp => "dashboard.alert.esf_follow_up",
    }
}

fn week_style(status: WeekStatus, theme: &Theme) -> Style {
    match status {
        WeekStatus::Draft => theme.muted(),
        WeekStatus::Submitted => theme.key(),
        WeekStatus::Validated => Style::new(),
    }
}

fn render_referents(
    app: &App,
    screen: &DashboardScreen,
    data: &Dashboard,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = app.theme();
    let wide = area.width >= WIDE;
    let right = |text: String| Cell::from(Line::from(text).right_aligned());
    let mut header = vec![
        Cell::from(format!(" {}", t("dashboard.col.referent"))),
        right(t("dashboard.col.caseload")),
        right(t("dashboard.col.alerts")),
    ];
    let mut widths = vec![
        Constraint::Fill(1),
        Constraint::Length(9),
        Constraint::Length(8),
    ];
    let esf_wide = area.width >= ESF_WIDE;
    if wide {
        for alert in shown_alerts(esf_wide) {
            header.push(right(alert.marker().to_string()));
            widths.push(Constraint::Length(4));
        }
        header.push(right(t("dashboard.col.appointments")));
        widths.push(Constraint::Length(10));
    }
    let yearly = area.width >= YEARLY_WIDE;
    if yearly {
        header.push(right(t("dashboard.col.esf_year")));
        widths.push(Constraint::Length(10));
    }
    header.push(right(t("dashboard.col.positive")));
    widths.push(Constraint::Length(9));
    header.push(right(t("dashboard.col.hours")));
    widths.push(Constraint::Length(14));
    let shown = if area.width >= TWO_WEEKS { 2 } else { 1 };
    let weeks: Vec<IsoWeek> = data.weeks.iter().take(shown).map(|w| w.week).collect();
    let columns = Columns {
        wide,
        esf_wide,
        yearly,
    };
    for week in &weeks {
        header.push(Cell::from(format!(" {}", short_week(*week))));
        widths.push(Constraint::Length(12));
    }
    let rows_room = usize::from(area.height.saturating_sub(1));
    let offset = screen
        .offset()
        .min(data.referents.len().saturating_sub(rows_room));
    let rows = data
        .referents
        .iter()
        .skip(offset)
        .take(rows_room)
        .map(|r| referent_row(screen, r, columns, shown, theme));
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(theme.header()))
            .column_spacing(1),
        area,
    );
}

/// The alerts with a column in the wide referents' table: the late ESF stages only where
/// they fit beside the referent's name.
fn shown_alerts(esf: bool) -> impl Iterator<Item = Alert> {
    let late_esf = [Alert::EsfEntry, Alert::EsfExit, Alert::EsfFollowUp];
    Alert::ALL
        .into_iter()
        .filter(move |a| esf || !late_esf.contains(a))
}

/// Which optional columns of the referents' table fit.
#[derive(Clone, Copy)]
struct Columns {
    /// Alerts per kind and appointments.
    wide: bool,
    /// The late ESF stages among the alerts per kind.
    esf_wide: bool,
    /// The year's ESF hours against 1,720 h × FTE.
    yearly: bool,
}

fn referent_row(
    screen: &DashboardScreen,
    r: &ReferentFigures,
    columns: Columns,
    weeks: usize,
    theme: &Theme,
) -> Row<'static> {
    let f = &r.figures;
    let right =
        |text: String, style: Style| Cell::from(Line::from(text).right_aligned().style(style));
    let capacity = f.capacity();
    let mut cells = vec![
        Cell::from(format!(" {}", r.name)),
        right(
            format!("{}/{}", f.followed(), capacity),
            if f.followed() > capacity {
                theme.alert()
            } else {
                Style::new()
            },
        ),
        right(
            f.flagged.to_string(),
            if f.flagged > 0 {
                theme.alert()
            } else {
                theme.muted()
            },
        ),
    ];
    if columns.wide {
        for alert in shown_alerts(columns.esf_wide) {
            let n = f.alert(alert);
            cells.push(right(
                n.to_string(),
                if n > 0 { Style::new() } else { theme.muted() },
            ));
        }
        cells.push(right(
            format!("{}/{}", f.appointments_today, f.appointments_week),
            Style::new(),
        ));
    }
    if columns.yearly {
        // The year's ESF hours against the 1,720 h × FTE the hourly rate is computed on.
        let basis = f.esf_year_basis_minutes();
        cells.push(right(
            format!("{}/{}", f.esf_year_minutes / 60, basis / 60),
            if f.esf_year_minutes > basis {
                theme.alert()
            } else {
                Style::new()
            },
        ));
    }
    let (rate, style) = outcomes::rate_cell(screen.outcomes(), &r.login, theme);
    cells.push(right(rate, style));
    let contract = screen.contract_minutes(f.fte);
    cells.push(right(
        format!("{}/{}", hours(f.minutes), hours(contract)),
        if f.minutes < contract {
            theme.muted()
        } else {
            Style::new()
        },
    ));
    for (_, status) in r.weeks.iter().take(weeks) {
        cells.push(Cell::from(Span::styled(
            format!(" {}", status.label()),
            week_style(*status, theme),
        )));
    }
    Row::new(cells)
}

fn render_bottom(app: &App, screen: &DashboardScreen, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    if let Some(message) = screen.message() {
        message.render(theme, frame, area);
        return;
    }
    let mut items = vec![
        (Action::Help, Action::Help.label()),
        (Action::Open, t("dashboard.hint.show_alert")),
    ];
    if app.actor().is_coordinator() {
        items.push((Action::PageDown, t("dashboard.hint.scroll")));
        items.push((Action::Audit, t("dashboard.tab.audit")));
        items.push((Action::Import, t("dashboard.hint.import")));
    }
    items.push((Action::Caseload, t("dashboard.hint.caseload")));
    items.push((Action::Quit, Action::Quit.label()));
    frame.render_widget(hint_line(app, &items, area.width), area);
}

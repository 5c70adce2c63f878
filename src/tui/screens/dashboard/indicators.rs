//! The Indicators tab: the period and the records left out on one line, the table of the
//! common indicators by sex (code, wording, women, men, non-binary, total), the selected
//! indicator's whole wording and whom it counts under it; or the participants behind the
//! selected line; and the period form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::tab_chrome;
use crate::domain::esf_indicators::{INDICATORS, Population};
use crate::i18n::{t, tf, tn};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::dashboard::indicators::{Counted, IndicatorsView};
use crate::tui::show;
use crate::tui::theme::Theme;

/// Lines under the table for the selected indicator: a rule and two lines of wording.
const DETAIL_ROWS: u16 = 3;

/// Draws the indicators tab into `body`, with its hints or message on `bottom`.
pub fn render(app: &App, view: &IndicatorsView, frame: &mut Frame, body: Rect, bottom: Rect) {
    let theme = app.theme();
    let [period, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
    frame.render_widget(period_line(view, theme), period);
    match view.counted() {
        Some(counted) => render_counted(app, counted, frame, rest),
        None => render_table(app, view, frame, rest),
    }
    let hints = if view.counted().is_some() {
        vec![
            (Action::Open, t("esf.indicators.hint.open_file")),
            (Action::Back, t("esf.indicators.hint.close")),
        ]
    } else {
        vec![
            (Action::Help, Action::Help.label()),
            (Action::Filter, t("esf.indicators.hint.period")),
            (Action::Open, t("esf.indicators.hint.participants")),
            (Action::Dashboard, t("dashboard.tab.overview")),
            (Action::Quit, Action::Quit.label()),
        ]
    };
    let labels = (
        t("esf.indicators.hint.apply"),
        t("esf.indicators.hint.cancel"),
    );
    tab_chrome(app, &hints, view.form(), labels, frame, (body, bottom));
}

/// The period, whose caseload, and how many records are left out of the figures.
fn period_line(view: &IndicatorsView, theme: &Theme) -> Line<'static> {
    let Some(period) = view.period() else {
        return Line::default();
    };
    let scope = view.referent().map_or_else(
        || t("esf.indicators.everyone"),
        |login| tf("esf.indicators.of_referent", &[("login", login)]),
    );
    let mut spans = vec![Span::styled(
        format!(
            " {}",
            tf(
                "esf.indicators.period",
                &[
                    ("from", &show::date(period.from)),
                    ("to", &show::date(period.to)),
                ]
            )
        ),
        theme.header(),
    )];
    spans.push(Span::raw(format!("{}{scope}", theme.separator())));
    let left_out = view.report().map_or(0, |r| r.incomplete_participants());
    if left_out > 0 {
        spans.push(Span::styled(
            format!(
                "{}{}",
                theme.separator(),
                tn("esf.indicators.left_out", left_out, &[])
            ),
            theme.alert(),
        ));
    }
    Line::from(spans)
}

/// A right-aligned number cell.
fn number(n: u32) -> Cell<'static> {
    Cell::from(Line::from(n.to_string()).right_aligned())
}

/// The width of a column headed `key`: its heading, and at least five figures.
fn width_of(key: &str) -> u16 {
    u16::try_from(Line::from(t(key)).width().max(5)).unwrap_or(u16::MAX)
}

fn render_table(app: &App, view: &IndicatorsView, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let Some(report) = view.report() else {
        return;
    };
    let [list, detail] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(DETAIL_ROWS)]).areas(area);
    let columns = [
        "esf.indicators.col.women",
        "esf.indicators.col.men",
        "esf.indicators.col.non_binary",
        "esf.indicators.col.total",
    ];
    let mut header = vec![
        Cell::from(format!(" {}", t("esf.report.code"))),
        Cell::from(t("esf.report.indicator")),
    ];
    header.extend(
        columns
            .iter()
            .map(|key| Cell::from(Line::from(t(key)).right_aligned())),
    );
    let mut widths = vec![Constraint::Length(7), Constraint::Fill(1)];
    widths.extend(columns.iter().map(|key| Constraint::Length(width_of(key))));
    let rows_room = usize::from(list.height.saturating_sub(1));
    let rows: Vec<Row> = report
        .lines
        .iter()
        .enumerate()
        .skip(view.offset())
        .take(rows_room)
        .map(|(i, line)| {
            let code = format!(" {}", line.code);
            let code = if i == view.selected() {
                Cell::from(Span::styled(code, theme.selected()))
            } else {
                Cell::from(code)
            };
            Row::new(vec![
                code,
                Cell::from(line.label),
                number(line.women),
                number(line.men),
                number(line.non_binary),
                number(line.total),
            ])
        })
        .collect();
    frame.render_widget(
        Table::new(rows, widths)
            .header(Row::new(header).style(theme.header()))
            .column_spacing(1),
        list,
    );
    if let Some(indicator) = INDICATORS.get(view.selected()) {
        let counts = match indicator.population {
            Population::Entering => t("esf.indicators.entering"),
            Population::Leaving => t("esf.indicators.leaving"),
            Population::SixMonthsAfter => t("esf.indicators.six_months"),
        };
        let rule = if theme.ascii { "-" } else { "─" };
        let lines = vec![
            Line::from(rule.repeat(usize::from(detail.width))).style(theme.muted()),
            Line::from(vec![
                Span::styled(format!(" {} ", indicator.code), theme.header()),
                Span::raw(indicator.label()),
                Span::styled(format!(" ({counts})"), theme.muted()),
            ]),
        ];
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), detail);
    }
}

fn render_counted(app: &App, counted: &Counted, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let [title, list] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let heading = tn(
        "esf.indicators.counted",
        counted.participants.len(),
        &[("code", counted.indicator.code)],
    );
    frame.render_widget(
        Line::from(vec![
            Span::styled(format!(" {heading}"), theme.header()),
            Span::styled(
                format!("{}{}", theme.separator(), counted.indicator.label()),
                theme.muted(),
            ),
        ]),
        title,
    );
    if counted.participants.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(" {}", t("esf.indicators.nobody"))).style(theme.muted()),
            list,
        );
        return;
    }
    let header = Row::new(vec![
        Cell::from(format!(" {}", t("cli.column.file_number"))),
        Cell::from(t("cli.column.last_name")),
        Cell::from(t("cli.column.first_name")),
        Cell::from(t("esf.item.sex")),
        Cell::from(t("cli.column.referent")),
    ])
    .style(theme.header());
    let rows_room = usize::from(list.height.saturating_sub(1));
    let rows: Vec<Row> = counted
        .participants
        .iter()
        .enumerate()
        .skip(counted.offset())
        .take(rows_room)
        .map(|(i, p)| {
            let file = format!(" {}", p.file_number);
            let file = if i == counted.selected() {
                Cell::from(Span::styled(file, theme.selected()))
            } else {
                Cell::from(file)
            };
            Row::new(vec![
                file,
                Cell::from(p.last_name.to_uppercase()),
                Cell::from(p.first_name.clone()),
                Cell::from(p.sex.map_or_else(|| theme.none().to_owned(), |s| s.label())),
                Cell::from(p.referent.clone().unwrap_or_default()),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(12),
        Constraint::Fill(2),
        Constraint::Fill(1),
        Constraint::Length(12),
        Constraint::Length(12),
    ];
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        list,
    );
}

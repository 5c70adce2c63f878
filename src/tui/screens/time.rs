//! The weekly time entry screen: the week line with its status, the grid of
//! activities × days with totals, the ESF summary, the detail of the
//! selected cell, and the bottom line (message, prompt or hints). For a
//! coordinator, first the week status of every referent.

use chrono::Datelike;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Clear, Paragraph, Row, Table, Wrap};

use super::title_bar;
use crate::domain::duration::format_hmm;
use crate::domain::time::{Activity, TimeEntry, WeekStatus};
use crate::i18n::{t, tf, tn};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::screens::hints::Hints;
use crate::tui::show;
use crate::tui::status::StatusLine;
use crate::tui::theme::Theme;
use crate::tui::time::{Confirm, Mode, TimeScreen, day_label};

/// Narrowest day column: `24:00+` and a space.
const DAY_WIDTH: u16 = 7;
/// Width of the row total column.
const TOTAL_WIDTH: u16 = 8;
/// The most lines a panel (proposals, entries of a cell) takes over the grid.
const PANEL_LINES: usize = 8;

/// Draws the time screen into `area`.
pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let time = app.time();
    let [title, week, body, bottom] = super::standard_rows(area);
    let screen = match (time.shows_overview(), time.record()) {
        (true, _) => t("time.title_all"),
        (false, Some(record)) if time.referent().is_some() => {
            tf("time.title_of", &[("name", &record.referent_name)])
        }
        _ => t("time.title"),
    };
    title_bar(app, frame, title, &screen);
    render_week_line(app, frame, week);
    if time.shows_overview() {
        render_overview(app, frame, body);
    } else {
        render_week(app, frame, body);
    }
    if let (true, Mode::Export { selected }) = (time.shows_overview(), time.mode()) {
        render_export(app, frame, body, *selected);
    }
    render_bottom(app, frame, bottom);
}

fn render_week_line(app: &App, frame: &mut Frame, area: Rect) {
    let time = app.time();
    let theme = app.theme();
    let week = time.week();
    let sep = theme.separator();
    let dates = tf(
        "time.dates",
        &[
            ("from", &show::day_month(week.monday())),
            ("to", &show::day_month_year(week.sunday())),
        ],
    );
    let mut spans = vec![
        Span::styled(format!(" {week}"), theme.header()),
        Span::raw(format!("{sep}{dates}")),
    ];
    if let Some(record) = time.record().filter(|_| !time.shows_overview()) {
        spans.push(Span::raw(sep));
        spans.push(Span::styled(
            status_text(record.status),
            status_style(record.status, theme),
        ));
        if !time.editable() {
            spans.push(Span::styled(
                format!(" ({})", t("time.read_only")),
                theme.muted(),
            ));
        }
        if let Some(reason) = time.reopen_reason() {
            spans.push(Span::raw(sep));
            spans.push(Span::styled(
                tf("time.reopen_reason", &[("reason", reason)]),
                theme.muted(),
            ));
        }
    }
    frame.render_widget(Line::from(spans), area);
}

fn status_text(status: WeekStatus) -> String {
    tf("time.status", &[("status", &status.label())])
}

fn status_style(status: WeekStatus, theme: &Theme) -> Style {
    match status {
        WeekStatus::Draft => theme.key(),
        WeekStatus::Submitted | WeekStatus::Validated => theme.header(),
    }
}

fn render_overview(app: &App, frame: &mut Frame, area: Rect) {
    let time = app.time();
    let theme = app.theme();
    let header = Row::new(
        [
            "time.col.referent",
            "time.col.login",
            "time.col.status",
            "time.col.hours",
            "time.col.submitted",
            "time.col.validated_by",
        ]
        .map(|k| Cell::from(t(k))),
    )
    .style(theme.header());
    let none = theme.none();
    let rows = time.overview().iter().enumerate().map(|(i, line)| {
        let r = &line.record;
        let tz = app_tz(app);
        let date = |at: &Option<chrono::DateTime<chrono::Utc>>| {
            at.map_or_else(
                || none.to_owned(),
                |a| show::date(show::local(a, tz).date()),
            )
        };
        let name = if i == time.overview_selected() {
            Cell::from(Span::styled(r.referent_name.clone(), theme.selected()))
        } else {
            Cell::from(r.referent_name.clone())
        };
        Row::new([
            name,
            Cell::from(r.referent.clone()),
            Cell::from(r.status.label()).style(status_style(r.status, theme)),
            Cell::from(Line::from(hmm_or(line.minutes, none)).right_aligned()),
            Cell::from(date(&r.submitted_at)),
            Cell::from(r.validated_by.clone().unwrap_or_else(|| none.to_owned())),
        ])
    });
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(12),
        Constraint::Length(10),
        Constraint::Length(6),
        Constraint::Length(11),
        Constraint::Length(16),
    ];
    let inset = Rect {
        x: area.x.saturating_add(1),
        width: area.width.saturating_sub(1),
        ..area
    };
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        inset,
    );
    if time.overview().is_empty() {
        let below = Rect {
            y: area.y.saturating_add(1),
            height: area.height.saturating_sub(1),
            ..area
        };
        frame.render_widget(
            Paragraph::new(format!(" {}", t("time.no_referent"))).style(theme.muted()),
            below,
        );
    }
}

fn hmm_or(minutes: u32, none: &str) -> String {
    if minutes == 0 {
        none.to_owned()
    } else {
        format_hmm(minutes)
    }
}

/// The mark of an empty cell.
fn empty_cell(theme: &Theme) -> &'static str {
    if theme.ascii { "." } else { "·" }
}

fn render_week(app: &App, frame: &mut Frame, area: Rect) {
    let [grid, totals, summary, detail] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let widths = widths(app.time());
    render_grid(app, frame, grid, &widths);
    render_totals(app, frame, totals, &widths);
    render_summary(app, frame, summary);
    render_detail_line(app, frame, detail);
    let time = app.time();
    match time.mode() {
        Mode::Proposals { selected, text } => {
            render_proposals(app, frame, grid, *selected, text.as_deref())
        }
        Mode::Detail { selected, text } => {
            render_entries(app, frame, grid, *selected, text.as_deref())
        }
        Mode::NewRow { selected, .. } => render_choices(app, frame, grid, *selected),
        Mode::Export { selected } => render_export(app, frame, grid, *selected),
        _ => {}
    }
}

fn widths(time: &TimeScreen) -> Vec<Constraint> {
    let days = time.days_shown();
    let day_width = day_width(time, &days);
    let mut widths = vec![Constraint::Fill(1)];
    widths.extend(days.iter().map(|_| Constraint::Length(day_width)));
    widths.push(Constraint::Length(TOTAL_WIDTH));
    widths
}

/// Width of the day columns: [`DAY_WIDTH`], or more when a day's heading
/// and its trailing space need it (French `lun. 30` is wider than `Mon 30`),
/// so that a heading is never cut.
fn day_width(time: &TimeScreen, days: &[usize]) -> u16 {
    let widest = days
        .iter()
        .map(|&d| Line::from(day_label(time.week(), d)).width() + 1)
        .max()
        .unwrap_or(0);
    DAY_WIDTH.max(u16::try_from(widest).unwrap_or(u16::MAX))
}

/// A right-aligned cell with a trailing space.
fn number(text: String, style: Style) -> Cell<'static> {
    Cell::from(Line::from(format!("{text} ")).right_aligned()).style(style)
}

/// The selected cell: right-aligned like [`number`], its text alone (not
/// the padding) in the selection style, a short block that is cheap to move.
fn selected_number(text: String, theme: &Theme) -> Cell<'static> {
    Cell::from(
        Line::from(vec![Span::styled(text, theme.selected()), Span::raw(" ")]).right_aligned(),
    )
}

fn row_label(time: &TimeScreen, activity: &str, participant: Option<&str>) -> String {
    match participant {
        Some(file) => match time.person_name(file) {
            Some(name) => format!(" {activity:<5} {file} {name}"),
            None => format!(" {activity:<5} {file}"),
        },
        None => {
            let label = time.activity(activity).map_or(activity, |a| a.label());
            format!(" {activity:<5} {label}")
        }
    }
}

fn render_grid(app: &App, frame: &mut Frame, area: Rect, widths: &[Constraint]) {
    let time = app.time();
    let theme = app.theme();
    let days = time.days_shown();
    let today = app.today();
    let mut header = vec![Cell::from(format!(" {}", t("time.col.row")))];
    header.extend(days.iter().map(|&d| {
        let style = if time.week().days()[d] == today {
            theme.key()
        } else {
            Style::new()
        };
        number(day_label(time.week(), d), style)
    }));
    header.push(number(t("time.col.total"), Style::new()));
    let (row, day) = time.cursor();
    let editing = match time.mode() {
        Mode::Cell(text) => Some(text.as_str()),
        _ => None,
    };
    let height = usize::from(area.height.saturating_sub(1));
    let rows = time
        .rows()
        .iter()
        .enumerate()
        .skip(time.offset())
        .take(height)
        .map(|(i, r)| {
            let label = row_label(time, &r.key.activity, r.key.participant.as_deref());
            let esf = time.activity(&r.key.activity).is_some_and(Activity::esf);
            let mut cells =
                vec![Cell::from(label).style(if esf { Style::new() } else { theme.muted() })];
            cells.extend(days.iter().map(|&d| {
                let selected = i == row && d == day;
                let text = match editing {
                    Some(text) if selected => format!("{text}_"),
                    _ => match (r.minutes(d), r.cells[d].len()) {
                        (0, _) => empty_cell(theme).to_owned(),
                        (m, 1) => format_hmm(m),
                        (m, _) => format!("{}+", format_hmm(m)),
                    },
                };
                if selected {
                    selected_number(text, theme)
                } else if r.minutes(d) == 0 {
                    number(text, theme.muted())
                } else {
                    number(text, Style::new())
                }
            }));
            cells.push(number(hmm_or(r.total(), ""), theme.header()));
            Row::new(cells)
        });
    frame.render_widget(
        Table::new(rows, widths.to_vec())
            .header(Row::new(header).style(theme.header()))
            .column_spacing(0),
        area,
    );
    if time.rows().is_empty() {
        let below = Rect {
            y: area.y.saturating_add(1),
            height: area.height.saturating_sub(1),
            ..area
        };
        let text = if time.editable() {
            t("time.empty_week")
        } else {
            t("time.empty_week_read_only")
        };
        frame.render_widget(
            Paragraph::new(format!(" {text}"))
                .style(theme.muted())
                .wrap(Wrap { trim: false }),
            below,
        );
    }
}

fn render_totals(app: &App, frame: &mut Frame, area: Rect, widths: &[Constraint]) {
    let time = app.time();
    let theme = app.theme();
    let totals = time.day_totals();
    let no_agenda = time.days_without_agenda();
    let mut cells = vec![Cell::from(format!(" {}", t("time.day_totals")))];
    cells.extend(time.days_shown().iter().map(|&d| {
        let style = if no_agenda.contains(&d) {
            theme.alert()
        } else {
            theme.header()
        };
        number(hmm_or(totals[d], ""), style)
    }));
    let total = time.sheet().map_or(0, |s| s.total_minutes());
    cells.push(number(hmm_or(total, ""), theme.header()));
    frame.render_widget(
        Table::new([Row::new(cells)], widths.to_vec())
            .column_spacing(0)
            .style(theme.header()),
        area,
    );
}

fn render_summary(app: &App, frame: &mut Frame, area: Rect) {
    let time = app.time();
    let theme = app.theme();
    let Some(sheet) = time.sheet() else {
        return;
    };
    let total = sheet.total_minutes();
    let contract = time.contract_minutes();
    let hmm = |m: u32| {
        if m == 0 {
            "0:00".to_owned()
        } else {
            format_hmm(m)
        }
    };
    let share = (sheet.esf_share() * 100.0).round().to_string();
    let week_text = tf(
        "time.summary_week",
        &[("total", &hmm(total)), ("contract", &hmm(contract))],
    );
    let week_style = if total > contract {
        theme.alert()
    } else {
        theme.header()
    };
    let sep = theme.separator();
    let line = Line::from(vec![
        Span::raw(format!(
            " {}{sep}{}{sep}",
            tf(
                "time.summary_esf",
                &[("minutes", &hmm(sheet.esf_minutes())), ("share", &share)]
            ),
            tf(
                "time.summary_other",
                &[("minutes", &hmm(sheet.other_minutes()))]
            ),
        )),
        Span::styled(week_text, week_style),
    ]);
    frame.render_widget(line, area);
}

fn entry_text(time: &TimeScreen, entry: &TimeEntry, app: &App) -> String {
    let sep = app.theme().separator();
    let mut parts = vec![format_hmm(entry.minutes)];
    if !entry.note.is_empty() {
        parts.push(tf("time.note", &[("note", &entry.note.replace('\n', " "))]));
    }
    if let Some(id) = entry.appointment_id {
        parts.push(match time.appointment(id) {
            Some(a) => tf(
                "time.linked",
                &[
                    ("time", &show::time(show::local(a.starts_at, app_tz(app)))),
                    ("title", &a.title),
                ],
            ),
            None => tf("time.linked_id", &[("id", &id.to_string())]),
        });
    }
    parts.join(sep)
}

fn app_tz(app: &App) -> chrono_tz::Tz {
    app.time().tz()
}

fn render_detail_line(app: &App, frame: &mut Frame, area: Rect) {
    let time = app.time();
    let theme = app.theme();
    let sep = theme.separator();
    // While a prompt, a question or a list holds the bottom line, the
    // message goes here.
    let prompt_open = matches!(
        time.mode(),
        Mode::Note { .. }
            | Mode::NewRow { .. }
            | Mode::Reopen { .. }
            | Mode::Confirm(_)
            | Mode::Proposals { .. }
            | Mode::Export { .. }
    );
    if let (true, Some(message)) = (prompt_open, time.message()) {
        render_message(app, frame, area, message);
        return;
    }
    let (row, day) = time.cursor();
    let Some(r) = time.rows().get(row) else {
        return;
    };
    // The grid's highlighted row already names the activity and participant in full.
    let head = match &r.key.participant {
        Some(file) => format!(" {} {} {file}", day_label(time.week(), day), r.key.activity),
        None => format!(" {} {}", day_label(time.week(), day), r.key.activity),
    };
    let entries = time.cell_entries();
    let rest = match entries {
        [] if time.editable() => t("time.detail_empty"),
        [] => t("time.detail_empty_read_only"),
        [entry] => entry_text(time, entry, app),
        several => tf("time.detail_several", &[("n", &several.len().to_string())]),
    };
    frame.render_widget(
        Paragraph::new(format!("{head}{sep}{rest}")).style(theme.muted()),
        area,
    );
}

/// A panel drawn over the lower part of `area`, `lines` high plus its border.
fn panel(frame: &mut Frame, area: Rect, lines: usize, title: &str, theme: &Theme) -> Rect {
    let height = u16::try_from(lines.min(PANEL_LINES) + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let rect = Rect {
        y: area.bottom().saturating_sub(height),
        height,
        ..area
    };
    let block = Block::bordered()
        .border_set(theme.border())
        .title(format!(" {title} "));
    let inner = block.inner(rect);
    frame.render_widget(Clear, rect);
    frame.render_widget(block, rect);
    inner
}

/// A line of a panel's list after a space: on the selected line, its text
/// alone in the selection style (no bar across the panel).
fn picker_line(text: String, selected: bool, theme: &Theme) -> Line<'static> {
    let style = if selected {
        theme.selected()
    } else {
        Style::new()
    };
    Line::from(vec![Span::raw(" "), Span::styled(text, style)])
}

/// The lines of a list that show `selected`, at most `height` of them.
fn window(len: usize, selected: usize, height: usize) -> std::ops::Range<usize> {
    let start = (selected + 1).saturating_sub(height.max(1));
    start..len.min(start + height.max(1))
}

fn render_proposals(
    app: &App,
    frame: &mut Frame,
    area: Rect,
    selected: usize,
    typed: Option<&str>,
) {
    let time = app.time();
    let theme = app.theme();
    let proposals = time.proposals();
    let title = tf(
        "time.proposals_title",
        &[("n", &proposals.len().to_string())],
    );
    // Empty, the panel says in two lines that `i` adds the individual meetings.
    let inner = panel(frame, area, proposals.len().max(2), &title, theme);
    if proposals.is_empty() {
        let meetings = tn("time.meetings", time.individual_meetings(), &[]);
        let text = tf("time.copy_individual_only", &[("meetings", &meetings)]);
        frame.render_widget(
            Paragraph::new(format!(" {text}"))
                .style(theme.muted())
                .wrap(Wrap { trim: false }),
            inner,
        );
        return;
    }
    let sep = theme.separator();
    let lines: Vec<Line> = window(proposals.len(), selected, usize::from(inner.height))
        .map(|i| {
            let p = &proposals[i];
            let day = p.entry.date.weekday().num_days_from_monday() as usize;
            let who = p.entry.participant.clone().unwrap_or_default();
            let what = match (&p.title, p.entry.participant.as_deref()) {
                (Some(title), _) => title.clone(),
                (None, Some(file)) => time.person_name(file).unwrap_or_default().to_owned(),
                (None, None) => p.entry.note.clone(),
            };
            let minutes = match typed {
                Some(text) if i == selected => format!("{text}_"),
                _ => format_hmm(p.entry.minutes),
            };
            let text = format!(
                "{} {minutes:>5} {:<5} {who:<11}{sep}{what}",
                day_label(time.week(), day),
                p.entry.activity,
            );
            picker_line(text, i == selected, theme)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_export(app: &App, frame: &mut Frame, area: Rect, selected: usize) {
    let time = app.time();
    let theme = app.theme();
    let choices = time.export_choices();
    let title = tf(
        "time.export_title",
        &[
            ("week", &time.week().to_string()),
            ("dir", &time.export_dir().display().to_string()),
        ],
    );
    // Below the choices, how to get the PDF on one's own computer: a label, then the
    // command, wrapped only when the terminal is narrower than it.
    let command = time.ssh_export_command();
    let width = usize::from(area.width.saturating_sub(2)).max(1);
    let hint_rows = 1 + command.chars().count().div_ceil(width);
    let inner = panel(frame, area, choices.len() + hint_rows, &title, theme);
    let [list, hint] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(u16::try_from(hint_rows).unwrap_or(u16::MAX)),
    ])
    .areas(inner);
    let lines: Vec<Line> = window(choices.len(), selected, usize::from(list.height))
        .map(|i| picker_line(choices[i].label(), i == selected, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    frame.render_widget(
        Paragraph::new(vec![Line::from(t("time.export_ssh")), Line::from(command)])
            .wrap(Wrap { trim: false })
            .style(theme.muted()),
        hint,
    );
}

fn render_entries(app: &App, frame: &mut Frame, area: Rect, selected: usize, text: Option<&str>) {
    let time = app.time();
    let theme = app.theme();
    let entries = time.cell_entries();
    let title = tf("time.entries_title", &[("n", &entries.len().to_string())]);
    let inner = panel(frame, area, entries.len(), &title, theme);
    let lines: Vec<Line> = window(entries.len(), selected, usize::from(inner.height))
        .map(|i| {
            let body = match text {
                Some(text) if i == selected => format!("{text}_"),
                _ => entry_text(time, &entries[i], app),
            };
            picker_line(body, i == selected, theme)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_choices(app: &App, frame: &mut Frame, area: Rect, selected: usize) {
    let theme = app.theme();
    let choices = app.time().choices();
    let title = t("time.choices_title");
    let inner = panel(frame, area, choices.len().max(1), &title, theme);
    if choices.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(" {}", t("time.no_choice"))).style(theme.muted()),
            inner,
        );
        return;
    }
    let lines: Vec<Line> = window(choices.len(), selected, usize::from(inner.height))
        .map(|i| picker_line(choices[i].label.clone(), i == selected, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn render_message(app: &App, frame: &mut Frame, area: Rect, message: &StatusLine) {
    message.render(app.theme(), frame, area);
}

/// A prompt on the bottom line with the text being typed and the cursor after it.
fn render_prompt(app: &App, frame: &mut Frame, area: Rect, prompt: &str, text: &str) {
    let theme = app.theme();
    let prompt = format!(" {prompt} ");
    let width = Span::raw(format!("{prompt}{text}")).width();
    frame.render_widget(
        Line::from(vec![
            Span::styled(prompt, theme.key()),
            Span::raw(text.to_owned()),
        ]),
        area,
    );
    let x = area
        .x
        .saturating_add(u16::try_from(width).unwrap_or(u16::MAX));
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

fn render_bottom(app: &App, frame: &mut Frame, area: Rect) {
    let time = app.time();
    let theme = app.theme();
    match time.mode() {
        Mode::Note { text, .. } => render_prompt(app, frame, area, &t("time.prompt_note"), text),
        Mode::NewRow { text, .. } => render_prompt(app, frame, area, &t("time.prompt_row"), text),
        Mode::Reopen { login, text } => {
            let prompt = tf(
                "time.prompt_reopen",
                &[("week", &time.week().to_string()), ("login", login)],
            );
            render_prompt(app, frame, area, &prompt, text)
        }
        Mode::Confirm(what) => {
            let question = match what {
                Confirm::Submit => tf(
                    "time.confirm_submit",
                    &[
                        ("week", &time.week().to_string()),
                        (
                            "total",
                            &format_hmm(time.sheet().map_or(0, |s| s.total_minutes())),
                        ),
                    ],
                ),
                Confirm::Validate(login) => tf(
                    "time.confirm_validate",
                    &[("week", &time.week().to_string()), ("login", login)],
                ),
            };
            frame.render_widget(
                Paragraph::new(format!(" {question}")).style(theme.key()),
                area,
            );
        }
        mode @ (Mode::Proposals { .. } | Mode::Export { .. }) => {
            frame.render_widget(hints(app, mode, area.width), area)
        }
        mode => match time.message() {
            Some(message) => render_message(app, frame, area, message),
            None => frame.render_widget(hints(app, mode, area.width), area),
        },
    }
}

/// Short key hints for the current mode, from the active keymap.
fn hints(app: &App, mode: &Mode, width: u16) -> Line<'static> {
    let time = app.time();
    let mut hints = Hints::new(app, width);
    let pairs = &mut hints;
    let bound = |pairs: &mut Hints, action: Action, label: &str| {
        pairs.action(action, t(label));
    };
    let weeks = |pairs: &mut Hints| {
        pairs.pair(
            (Action::PreviousWeek, Action::NextWeek),
            t("time.hint.weeks"),
        );
    };
    match mode {
        Mode::Cell(_)
        | Mode::Detail { text: Some(_), .. }
        | Mode::Proposals { text: Some(_), .. } => {
            let enter = if matches!(mode, Mode::Proposals { .. }) {
                "time.hint.accept"
            } else {
                "time.hint.save"
            };
            pairs.key(t("key.enter"), t(enter));
            if matches!(mode, Mode::Cell(_)) {
                bound(pairs, Action::FocusNext, "time.hint.next_day");
            }
            bound(pairs, Action::Back, "time.hint.cancel");
        }
        Mode::Proposals { .. } => {
            pairs.key("y", t("time.hint.accept"));
            pairs.key("n", t("time.hint.drop"));
            pairs.key("a", t("time.hint.accept_all"));
            bound(pairs, Action::Edit, "time.hint.type");
            if time.individual_meetings() > 0 {
                pairs.key("i", t("time.hint.individual"));
            }
            bound(pairs, Action::Back, "time.hint.drop_all");
        }
        Mode::Export { .. } => {
            pairs.pair((Action::Up, Action::Down), t("time.hint.choose"));
            pairs.key(t("key.enter"), t("time.hint.write"));
            bound(pairs, Action::Back, "time.hint.cancel");
        }
        Mode::Detail { .. } => {
            if time.editable() {
                pairs.key(t("key.enter"), t("time.hint.type"));
            }
            bound(pairs, Action::Edit, "time.hint.note");
            bound(pairs, Action::Clear, "time.hint.delete");
            bound(pairs, Action::Back, "time.hint.close");
        }
        _ if time.shows_overview() => {
            pairs.key(t("key.enter"), t("time.hint.open"));
            bound(pairs, Action::ValidateWeek, "time.hint.validate");
            bound(pairs, Action::Export, "time.hint.export");
            weeks(pairs);
            bound(pairs, Action::Help, "time.hint.help");
        }
        _ if time.referent().is_some() => {
            bound(pairs, Action::ValidateWeek, "time.hint.validate");
            bound(pairs, Action::Export, "time.hint.export");
            bound(pairs, Action::Back, "time.hint.overview");
            weeks(pairs);
            bound(pairs, Action::Help, "time.hint.help");
        }
        _ if time.editable() => {
            pairs.key(t("key.enter"), t("time.hint.type"));
            bound(pairs, Action::New, "time.hint.row");
            bound(pairs, Action::FromAgenda, "time.hint.agenda");
            bound(pairs, Action::CopyWeek, "time.hint.copy");
            bound(pairs, Action::SubmitWeek, "time.hint.submit");
            bound(pairs, Action::Export, "time.hint.export");
            weeks(pairs);
            bound(pairs, Action::Help, "time.hint.help");
        }
        _ => {
            bound(pairs, Action::Export, "time.hint.export");
            weeks(pairs);
            bound(pairs, Action::ThisWeek, "time.hint.this_week");
            bound(pairs, Action::Help, "time.hint.help");
        }
    }
    hints.line()
}

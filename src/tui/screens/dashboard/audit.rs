//! The audit log tab: the filter in force, one line per audit row (local
//! time, user, entity, record, action, the change summarised), the full
//! before/after of the selected row, and the filter form.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table};

use super::tab_chrome;
use crate::i18n::{label_or_code, t, tf};
use crate::store::audit_query::AuditEntry;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::dashboard::audit::AuditView;
use crate::tui::dashboard::diff::{field_label, fields, summary};
use crate::tui::show;
use crate::tui::theme::Theme;

/// Draws the audit tab into `body`, with its hints or message on `bottom`.
pub fn render(app: &App, view: &AuditView, frame: &mut Frame, body: Rect, bottom: Rect) {
    let theme = app.theme();
    let [filter, list] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(body);
    frame.render_widget(filter_line(view, theme), filter);
    if view.detail()
        && let Some(entry) = view.selected_entry()
    {
        render_detail(app, view, entry, frame, list);
    } else {
        render_list(app, view, frame, list);
    }
    let hints = if view.detail() {
        vec![
            (Action::Back, t("dashboard.audit.hint.close")),
            (Action::Down, t("dashboard.audit.hint.scroll")),
        ]
    } else {
        vec![
            (Action::Help, Action::Help.label()),
            (Action::Filter, t("dashboard.audit.hint.filter")),
            (Action::Clear, t("dashboard.audit.hint.clear")),
            (Action::Open, t("dashboard.audit.hint.detail")),
            (Action::Dashboard, t("dashboard.tab.overview")),
            (Action::Quit, Action::Quit.label()),
        ]
    };
    let labels = (
        t("dashboard.audit.hint.apply"),
        t("dashboard.audit.hint.cancel"),
    );
    tab_chrome(app, &hints, view.form(), labels, frame, (body, bottom));
}

fn filter_line(view: &AuditView, theme: &Theme) -> Line<'static> {
    let text = view.filter_text();
    let mut parts = Vec::new();
    if !text.file.is_empty() {
        parts.push(tf("dashboard.audit.by_file", &[("file", &text.file)]));
    }
    if !text.user.is_empty() {
        parts.push(tf("dashboard.audit.by_user", &[("user", &text.user)]));
    }
    if !text.from.is_empty() {
        parts.push(tf("dashboard.audit.since", &[("date", &text.from)]));
    }
    if !text.to.is_empty() {
        parts.push(tf("dashboard.audit.until", &[("date", &text.to)]));
    }
    if text.accesses {
        parts.push(t("dashboard.audit.accesses"));
    }
    let count_key = if view.has_more() {
        "dashboard.audit.count_more"
    } else {
        "dashboard.audit.count"
    };
    let count = tf(count_key, &[("n", &view.entries().len().to_string())]);
    let (label, style) = if parts.is_empty() {
        (t("dashboard.audit.no_filter"), theme.muted())
    } else {
        (
            format!(
                "{} {}",
                t("dashboard.audit.filtered"),
                parts.join(theme.separator())
            ),
            theme.key(),
        )
    };
    Line::from(vec![
        Span::styled(format!(" {label}"), style),
        Span::styled(format!("{}{count}", theme.separator()), theme.muted()),
    ])
}

/// The label of a code from the catalogue under `prefix`, or the code itself.
/// An export or subject-access row in words: which export named the file.
fn access_summary(entry: &AuditEntry) -> Option<String> {
    match entry.action.as_str() {
        "subject_access" => Some(t("dashboard.audit.subject_access")),
        "export" => {
            let after: serde_json::Value = serde_json::from_str(entry.after.as_deref()?).ok()?;
            let kind = after.get("export")?.as_str()?;
            Some(tf(
                "dashboard.audit.exported",
                &[("what", &label_or_code("dashboard.export", kind))],
            ))
        }
        _ => None,
    }
}

fn when(view: &AuditView, entry: &AuditEntry) -> String {
    show::date_time(show::local(entry.at, view.tz()))
}

fn arrow(theme: &Theme) -> &'static str {
    if theme.ascii { "->" } else { "→" }
}

fn render_list(app: &App, view: &AuditView, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let header = Row::new(
        [
            "dashboard.audit.col.at",
            "dashboard.audit.col.user",
            "dashboard.audit.col.entity",
            "dashboard.audit.col.record",
            "dashboard.audit.col.action",
            "dashboard.audit.col.change",
        ]
        .map(|k| Cell::from(t(k))),
    )
    .style(theme.header());
    // The action column fits the widest action of the page (French
    // `modification` is wider than `update`), never narrower than 9.
    let action_width = view
        .entries()
        .iter()
        .map(|e| Line::from(label_or_code("dashboard.action", &e.action)).width())
        .max()
        .unwrap_or(0);
    let widths = [
        Constraint::Length(17),
        Constraint::Length(8),
        Constraint::Length(11),
        Constraint::Length(11),
        Constraint::Length(u16::try_from(action_width).unwrap_or(u16::MAX).max(9)),
        Constraint::Fill(1),
    ];
    let height = usize::from(area.height.saturating_sub(1));
    let rows = view
        .entries()
        .iter()
        .enumerate()
        .skip(view.offset())
        .take(height)
        .map(|(i, e)| {
            let selected = i == view.selected();
            let change = if e.action == "read" {
                t("dashboard.audit.read")
            } else if let Some(access) = access_summary(e) {
                access
            } else {
                summary(
                    e.before.as_deref(),
                    e.after.as_deref(),
                    theme.none(),
                    arrow(theme),
                )
            };
            // The selection marks the time's text only, not the cell's padding.
            let first = if selected {
                theme.selected()
            } else {
                Style::new()
            };
            Row::new([
                Cell::from(Line::from(vec![
                    Span::raw(" "),
                    Span::styled(when(view, e), first),
                ])),
                Cell::from(if e.actor.is_empty() {
                    theme.none().to_owned()
                } else {
                    e.actor.clone()
                }),
                Cell::from(label_or_code("dashboard.entity", &e.entity)),
                Cell::from(
                    e.record
                        .clone()
                        .unwrap_or_else(|| format!("#{}", e.entity_id)),
                ),
                Cell::from(label_or_code("dashboard.action", &e.action)),
                Cell::from(change).style(theme.muted()),
            ])
        });
    frame.render_widget(
        Table::new(rows, widths).header(header).column_spacing(1),
        area,
    );
    if view.entries().is_empty() {
        let below = Rect {
            y: area.y.saturating_add(1),
            height: area.height.saturating_sub(1),
            ..area
        };
        frame.render_widget(
            Paragraph::new(format!(" {}", t("dashboard.audit.empty"))).style(theme.muted()),
            below,
        );
    }
}

fn render_detail(app: &App, view: &AuditView, entry: &AuditEntry, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let sep = theme.separator();
    let title = format!(
        " {}{sep}{}{sep}{} {}{sep}{}",
        when(view, entry),
        entry.actor,
        label_or_code("dashboard.entity", &entry.entity),
        entry
            .record
            .clone()
            .unwrap_or_else(|| format!("#{}", entry.entity_id)),
        label_or_code("dashboard.action", &entry.action),
    );
    let [head, _, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(Line::from(title).style(theme.key()), head);
    let all = fields(entry.before.as_deref(), entry.after.as_deref());
    if all.is_empty() {
        frame.render_widget(
            Paragraph::new(format!(" {}", t("dashboard.audit.nothing_recorded")))
                .style(theme.muted()),
            table,
        );
        return;
    }
    let header = Row::new(
        [
            "dashboard.audit.col.field",
            "dashboard.audit.col.before",
            "dashboard.audit.col.after",
        ]
        .map(|k| Cell::from(format!(" {}", t(k)))),
    )
    .style(theme.header());
    let room = usize::from(table.height.saturating_sub(1));
    let scroll = view.detail_scroll().min(all.len().saturating_sub(room));
    let rows = all.iter().skip(scroll).take(room).map(|c| {
        let style = if c.changed() {
            theme.key()
        } else {
            Style::new()
        };
        let value = |v: &Option<String>| v.clone().unwrap_or_else(|| theme.none().to_owned());
        Row::new([
            Cell::from(format!(" {}", field_label(&c.field))),
            Cell::from(format!(" {}", value(&c.before))),
            Cell::from(format!(" {}", value(&c.after))),
        ])
        .style(style)
    });
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Percentage(30),
                Constraint::Percentage(35),
                Constraint::Percentage(35),
            ],
        )
        .header(header),
        table,
    );
}

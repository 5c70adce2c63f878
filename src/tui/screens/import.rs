//! The participant import's overlay: the path form, the dry run's verdict (the count to
//! confirm, or the error list — line, column, value, reason — scrolled), the outcome.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Wrap};

use super::hints::Hints;
use crate::domain::text::printable;
use crate::i18n::{t, tf};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::import::{ImportView, Stage};
use crate::tui::widgets::form;

/// The widest the overlay gets.
const MAX_WIDTH: u16 = 110;

/// Rows of the terminal the error list does not get: the overlay's margin and borders,
/// the summary, a blank line, the column headers and the hints.
pub const ERROR_CHROME_ROWS: u16 = 8;

/// Draws the import over whatever is in `area`.
pub fn render(app: &App, view: &ImportView, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let title = t("import.screen.title");
    let (text, hints): (Vec<Line>, Line) = match view.stage() {
        Stage::Path(f) => {
            let mut hints = Hints::new(app, area.width.min(MAX_WIDTH)).spaced("   ");
            hints
                .action(Action::Save, t("import.screen.hint.check"))
                .action(Action::Back, t("form.hint.cancel"));
            form::render(f, theme, hints.line(), frame, area);
            return;
        }
        Stage::Errors {
            path,
            errors,
            scroll,
        } => {
            render_errors(app, path, errors, *scroll, frame, area);
            return;
        }
        Stage::OverSsh => (
            vec![Line::raw(t("import.screen.over_ssh"))],
            Line::styled(t("import.screen.hint.close"), theme.muted()),
        ),
        Stage::Ready { path, rows, .. } => (
            vec![
                Line::raw(tf(
                    "import.screen.ready",
                    &[
                        ("count", &rows.len().to_string()),
                        ("path", &file_name(path)),
                    ],
                )),
                Line::raw(""),
                Line::styled(t("import.screen.confirm"), theme.key()),
            ],
            Line::styled(t("import.screen.hint.confirm"), theme.muted()),
        ),
        Stage::Done(message) => (
            vec![Line::raw(message.clone())],
            Line::styled(t("import.screen.hint.close"), theme.muted()),
        ),
    };
    let inner = super::overlay(frame, area, (MAX_WIDTH.min(80), 9), &title, theme);
    let [body, bottom] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), body);
    frame.render_widget(hints, bottom);
}

/// The file's name alone: the whole path was typed just before, and is long.
fn file_name(path: &str) -> String {
    let name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_owned(), |n| n.to_string_lossy().into_owned());
    printable(&name).into_owned()
}

fn render_errors(
    app: &App,
    path: &str,
    errors: &[crate::import::participants::ImportError],
    scroll: usize,
    frame: &mut Frame,
    area: Rect,
) {
    let theme = app.theme();
    let height = area.height.saturating_sub(2);
    let inner = super::overlay(
        frame,
        area,
        (MAX_WIDTH, height),
        &t("import.screen.title"),
        theme,
    );
    let [summary, _, list, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Line::styled(
            tf(
                "import.screen.errors",
                &[
                    ("count", &errors.len().to_string()),
                    ("path", &file_name(path)),
                ],
            ),
            theme.alert(),
        ),
        summary,
    );
    let header = Row::new([
        Cell::from(t("import.screen.col.line")),
        Cell::from(t("import.screen.col.column")),
        Cell::from(t("import.screen.col.value")),
        Cell::from(t("import.screen.col.reason")),
    ])
    .style(theme.header());
    // The reason wraps under itself, so a row takes as many lines as its reason needs.
    let reason_room = usize::from(list.width.saturating_sub(5 + 14 + 16 + 3)).max(12);
    let mut room = usize::from(list.height.saturating_sub(1));
    let mut shown = 0;
    let mut rows = Vec::new();
    for e in errors.iter().skip(scroll) {
        let reason = super::help::wrap(&e.reason, reason_room);
        let height = reason.len().max(1);
        if height > room && shown > 0 {
            break;
        }
        room = room.saturating_sub(height);
        shown += 1;
        rows.push(
            Row::new([
                Cell::from(e.line.to_string()),
                Cell::from(printable(&e.column).into_owned()),
                Cell::from(printable(&e.value).into_owned()),
                Cell::from(reason.into_iter().map(Line::from).collect::<Vec<_>>()),
            ])
            .height(u16::try_from(height).unwrap_or(u16::MAX)),
        );
    }
    frame.render_widget(
        Table::new(
            rows,
            [
                Constraint::Length(5),
                Constraint::Length(14),
                Constraint::Length(16),
                Constraint::Fill(1),
            ],
        )
        .header(header),
        list,
    );
    let position = tf(
        "import.screen.position",
        &[
            ("first", &(scroll + 1).to_string()),
            ("last", &(scroll + shown).min(errors.len()).to_string()),
            ("count", &errors.len().to_string()),
        ],
    );
    let mut hints = Hints::new(app, bottom.width.saturating_sub(16)).spaced("   ");
    hints
        .action(Action::Down, t("import.screen.hint.scroll"))
        .action(Action::Edit, t("import.screen.hint.fix"))
        .action(Action::Back, t("import.screen.hint.close_short"));
    let mut line = hints.line();
    line.spans
        .insert(0, Span::styled(format!(" {position}  "), theme.muted()));
    frame.render_widget(line, bottom);
}

//! The participant file screen: a title, the section tabs, a one-line
//! situation, the section's body, and the hints or a message at the bottom.
//! An open form is drawn over it.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Tabs};

use super::file_sections;
use super::hints::Hints;
use super::{caseload, title_bar};
use crate::domain::participant::months_between;
use crate::i18n::{t, tf, tn};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::file::section::Section;
use crate::tui::file::{FileView, Pane, next_kind};
use crate::tui::widgets::form;

/// Draws the file pane: an open file, or the new-participant form over the caseload.
pub fn render(app: &App, pane: &Pane, frame: &mut Frame, area: Rect) {
    match pane {
        Pane::File(view) => render_file(app, view, frame, area),
        Pane::Creating(editor, _) => {
            caseload::render(app, frame, area);
            form::render(
                editor.form(),
                app.theme(),
                form_hints(app, area.width),
                frame,
                area,
            );
        }
    }
}

fn render_file(app: &App, view: &FileView, frame: &mut Frame, area: Rect) {
    let theme = app.theme();
    let p = view.participant();
    let [title, tabs, situation, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let screen = tf(
        "file.title",
        &[("file", &p.file_number), ("name", &p.display_name())],
    );
    title_bar(app, frame, title, &screen);

    let titles: Vec<String> = Section::ALL
        .iter()
        .map(|s| format!(" {} ", s.label()))
        .collect();
    let selected = Section::ALL.iter().position(|s| *s == view.section());
    let divider = if theme.ascii { "|" } else { "│" };
    frame.render_widget(
        Tabs::new(titles)
            .select(selected)
            .divider(divider)
            .padding("", "")
            .style(theme.muted())
            .highlight_style(theme.selected()),
        tabs,
    );

    frame.render_widget(
        Paragraph::new(situation_line(app, view)).style(theme.header()),
        situation,
    );
    file_sections::render(app, view, frame, body);

    if let Some(editor) = view.editor() {
        form::render(
            editor.form(),
            theme,
            form_hints(app, area.width),
            frame,
            area,
        );
        return;
    }
    if let Some(deleting) = view.deleting() {
        form::render(
            deleting.form(),
            theme,
            form_hints(app, area.width),
            frame,
            area,
        );
        return;
    }
    if let Some(message) = view.message() {
        message.render(theme, frame, bottom);
    } else {
        frame.render_widget(section_hints(app, view, bottom.width), bottom);
    }
}

/// Status, time in the pathway, last contact and alerts, on one line
/// (the last three as the caseload computed them).
fn situation_line(app: &App, view: &FileView) -> String {
    let p = view.participant();
    let sep = app.theme().separator();
    let mut parts = vec![p.status.label()];
    if let Some(start) = p.started_on() {
        let months = usize::try_from(months_between(start, app.today())).unwrap_or(0);
        parts.push(tn("file.months_in_pathway", months, &[]));
    }
    let entry = app
        .caseload()
        .entries()
        .iter()
        .find(|e| e.file_number.to_string() == p.file_number);
    if let Some(entry) = entry {
        if let Some(days) = entry.days_since_contact {
            parts.push(tf("file.last_contact", &[("n", &days.to_string())]));
        }
        parts.extend(entry.alerts.iter().map(|a| t(a.label_key())));
    }
    format!(" {}", parts.join(sep))
}

fn form_hints(app: &App, width: u16) -> Line<'static> {
    let mut hints = Hints::new(app, width).spaced("   ");
    hints
        .action(Action::Save, t("form.hint.save"))
        .action(Action::Back, t("form.hint.cancel"))
        .note(t("form.hint.fields"));
    hints.line()
}

fn section_hints(app: &App, view: &FileView, width: u16) -> Line<'static> {
    let mut hints = Hints::new(app, width).spaced("   ");
    let section = view.section();
    let coordinator = app.actor().is_coordinator();
    let (new, edit) = match section {
        Section::Summary => (None, Some("file.hint.edit_file")),
        Section::Pathway => (Some("file.hint.new_step"), Some("file.hint.edit_step")),
        Section::Journal => (
            Some("file.hint.new_contact"),
            Some("file.hint.edit_contact"),
        ),
        Section::Barriers => (
            Some("file.hint.new_barrier"),
            Some("file.hint.lift_barrier"),
        ),
        Section::Milestones => (
            Some("file.hint.new_milestone"),
            Some("file.hint.edit_milestone"),
        ),
        Section::Appointments => (None, None),
        Section::Lifecycle => (None, coordinator.then_some("lifecycle.hint.correct")),
        Section::Esf => (None, Some("esf.hint.fill")),
    };
    if let Some(key) = new {
        hints.action(Action::New, t(key));
    }
    if section == Section::Lifecycle {
        let next = next_kind(view.participant());
        hints.action(Action::New, t(&format!("lifecycle.hint.record.{next}")));
    }
    if section == Section::Appointments {
        hints.action(Action::Open, t("file.hint.in_agenda"));
    }
    if section == Section::Esf {
        hints.action(Action::Down, t("esf.hint.stage"));
    }
    if let Some(key) = edit {
        hints.action(Action::Edit, t(key));
    }
    if section == Section::Summary && coordinator {
        hints.action(Action::Delete, t("file.hint.delete"));
    }
    if coordinator && matches!(section, Section::Summary | Section::Lifecycle) {
        hints.action(Action::NextReferent, t("lifecycle.hint.reassign"));
    }
    hints
        .action(Action::FocusNext, t("file.hint.section"))
        .action(Action::Back, t("file.hint.back"))
        .action(Action::Help, Action::Help.label());
    hints.line()
}

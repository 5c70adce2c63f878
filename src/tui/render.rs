//! Drawing: a pure function of the state, called once per frame.

use ratatui::Frame;
use ratatui::widgets::Paragraph;

use super::app::{App, Screen};
use super::screens;
use crate::i18n::tf;

/// The smallest terminal the screens are laid out for.
pub const MIN_WIDTH: u16 = 80;
/// The smallest terminal height the screens are laid out for.
pub const MIN_HEIGHT: u16 = 24;

/// Draws the whole screen for `app`; below 80x24 it shows a single line saying so.
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = tf(
            "too_small",
            &[
                ("width", &area.width.to_string()),
                ("height", &area.height.to_string()),
                ("min_width", &MIN_WIDTH.to_string()),
                ("min_height", &MIN_HEIGHT.to_string()),
            ],
        );
        frame.render_widget(Paragraph::new(text), area);
        return;
    }
    if let Some(pane) = app.file_pane() {
        screens::file::render(app, pane, frame, area);
    } else {
        match app.screen() {
            Screen::Caseload => screens::caseload::render(app, frame, area),
            Screen::Time => screens::time::render(app, frame, area),
            Screen::Agenda => screens::agenda::render(app, frame, area),
            Screen::Dashboard => screens::dashboard::render(app, frame, area),
        }
    }
    if let Some(offer) = app.draft_offer() {
        screens::drafts::render(app, offer, frame, area);
    }
    if app.help_open() {
        screens::help::render(app, frame, area);
    }
    if let Some(import) = app.import() {
        screens::import::render(app, import, frame, area);
    }
    if let Some(palette) = app.palette() {
        screens::palette::render(app, palette, frame, area);
    }
}

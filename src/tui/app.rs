//! The application state and its one way of changing: [`App::update`].

use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Input};
use super::agenda::Agenda;
use super::caseload::Caseload;
use super::dashboard::{DashboardScreen, Outcome as DashboardOutcome};
use super::drafts::Draft;
use super::drafts::offer::{Choice as OfferChoice, Offer};
use super::file::editor::Editor;
use super::file::{Outcome as FileOutcome, Pane};
use super::keymap::{Key, Keymap};
use super::screens::caseload::list_height;
use super::theme::Theme;
use super::time::TimeScreen;
use crate::config::{Config, ConfigError};
use crate::domain::journal::Alert;
use crate::domain::user::{Role, User};
use crate::i18n::t;
use crate::store::{Session, StoreError};

/// Why the interface could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A `[keys]` entry of the configuration is wrong (named with its file and line).
    #[error(transparent)]
    Keys(#[from] ConfigError),
    /// The first reading of the database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Which part of the screen receives typed text and moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The list.
    List,
    /// The filter line under the list.
    Filter,
}

/// Which screen is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The caseload list.
    Caseload,
    /// The weekly time entry.
    Time,
    /// The referent's agenda.
    Agenda,
    /// The dashboard (and the coordinator's audit log).
    Dashboard,
}

/// Everything the screens show, and the session that reads and writes the data.
pub struct App {
    session: Session,
    keymap: Keymap,
    theme: Theme,
    tz: Tz,
    caseload: Caseload,
    file: Option<Pane>,
    screen: Screen,
    time: TimeScreen,
    agenda: Agenda,
    dashboard: DashboardScreen,
    capacity: u32,
    focus: Focus,
    help: bool,
    help_scroll: u16,
    message: Option<String>,
    size: (u16, u16),
    quit: bool,
    drafts: Option<Offer>,
    /// The database's `data_version` when the screens were last brought up to date.
    seen_version: i64,
}

impl App {
    /// The state at start: the acting user's caseload (the whole PLIE for a
    /// coordinator), the configured keys, the theme the environment asks for.
    pub fn new(session: Session, config: &Config) -> Result<Self, StartError> {
        let keymap = Keymap::from_config(config)?;
        let capacity = if session.actor().is_coordinator() {
            session
                .users()?
                .iter()
                .filter(|u| u.active && u.role == Role::Referent)
                .map(User::capacity)
                .sum()
        } else {
            session.actor().capacity()
        };
        let today = session.today();
        let settings = session.settings()?;
        let tz = settings.timezone;
        let agenda = Agenda::new(tz, today, session.actor());
        let mut app = Self {
            session,
            keymap,
            theme: Theme::detect(&config.display),
            tz,
            caseload: Caseload::default(),
            file: None,
            screen: Screen::Caseload,
            time: TimeScreen::new(today, config, &settings),
            agenda,
            dashboard: DashboardScreen::new(tz, settings.weekly_hours),
            capacity,
            focus: Focus::List,
            help: false,
            help_scroll: 0,
            message: None,
            size: (80, 24),
            quit: false,
            drafts: None,
            seen_version: 0,
        };
        let rows = app.session.caseload(None)?;
        app.caseload
            .load(rows, app.session.today(), app.tz, app.list_height());
        app.drafts = Offer::new(app.session.drafts()?, app.tz);
        app.seen_version = app.session.data_version()?;
        Ok(app)
    }

    /// The same state drawn with another theme.
    pub fn with_theme(mut self, theme: Theme) -> Self {
        self.theme = theme;
        self
    }

    /// The user acting in this session.
    pub fn actor(&self) -> &User {
        self.session.actor()
    }

    /// The session's today.
    pub fn today(&self) -> chrono::NaiveDate {
        self.session.today()
    }

    /// The active keys.
    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// Colours and characters.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    /// The caseload list.
    pub fn caseload(&self) -> &Caseload {
        &self.caseload
    }

    /// Which screen is shown.
    pub fn screen(&self) -> Screen {
        self.screen
    }

    /// The time entry screen.
    pub fn time(&self) -> &TimeScreen {
        &self.time
    }

    /// The agenda screen.
    pub fn agenda(&self) -> &Agenda {
        &self.agenda
    }

    /// The dashboard screen.
    pub fn dashboard(&self) -> &DashboardScreen {
        &self.dashboard
    }

    /// The open participant file (or new-participant form), if any.
    pub fn file_pane(&self) -> Option<&Pane> {
        self.file.as_ref()
    }

    /// How many participants the caseload can hold (all referents' for a coordinator).
    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    /// Where typed text goes.
    pub fn focus(&self) -> Focus {
        self.focus
    }

    /// Whether the help overlay is open.
    pub fn help_open(&self) -> bool {
        self.help
    }

    /// How many lines of the help's key list are scrolled out above.
    pub fn help_scroll(&self) -> u16 {
        self.help_scroll
    }

    /// Scrolls the help's key list by `lines`, within the lines that do not fit.
    fn scroll_help(&mut self, lines: i32) -> bool {
        let hidden = super::screens::help::hidden_lines(self, self.size.1);
        let scroll = (i32::from(self.help_scroll) + lines).clamp(0, i32::from(hidden));
        let changed = scroll != i32::from(self.help_scroll);
        self.help_scroll = u16::try_from(scroll).unwrap_or(0);
        changed
    }

    /// An error to show in the status line.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The kept drafts offered at start, while the question is open.
    pub fn draft_offer(&self) -> Option<&Offer> {
        self.drafts.as_ref()
    }

    /// The open form's unsaved input, if any: what a lost connection or a
    /// crash would keep as a draft.
    pub fn unsaved_draft(&self) -> Option<Draft> {
        if let Some(pane) = &self.file {
            return match pane {
                Pane::File(view) => view.editor()?.draft().map(|editor| Draft::File {
                    file: view.participant().file_number.clone(),
                    section: view.section(),
                    editor,
                }),
                Pane::Creating(editor, _) => editor
                    .draft()
                    .map(|editor| Draft::NewParticipant { editor }),
            };
        }
        match self.screen {
            Screen::Agenda => self
                .agenda
                .form()
                .and_then(|f| f.draft())
                .map(|form| Draft::Appointment { form })
                .or_else(|| {
                    let note = self.agenda.note()?.draft()?;
                    Some(Draft::Note { note })
                }),
            Screen::Time => self.time.draft().map(|note| Draft::TimeNote { note }),
            _ => None,
        }
    }

    /// Answers the start-up question about kept drafts.
    fn answer_offer(&mut self, action: Option<Action>) -> bool {
        let Some(offer) = self.drafts.as_mut() else {
            return false;
        };
        let choice = match action {
            Some(Action::Quit) => {
                self.quit = true;
                return true;
            }
            Some(action) => offer.act(action),
            None => OfferChoice::Ignored,
        };
        match choice {
            OfferChoice::Ignored => false,
            OfferChoice::Moved => true,
            OfferChoice::Later => {
                self.drafts = None;
                true
            }
            OfferChoice::Discard(slot) => {
                match self.session.discard_draft(&slot) {
                    Ok(_) => {
                        self.message = Some(t("drafts.discarded"));
                        if !offer.remove(&slot) {
                            self.drafts = None;
                        }
                    }
                    Err(e) => self.message = Some(e.to_string()),
                }
                true
            }
            OfferChoice::Resume(slot, draft) => {
                self.drafts = None;
                let resumed = self
                    .resume_draft(&draft)
                    .and_then(|()| self.session.discard_draft(&slot));
                if let Err(e) = resumed {
                    self.message = Some(e.to_string());
                }
                true
            }
        }
    }

    /// Opens the form a draft was kept from, where it was, with its input.
    fn resume_draft(&mut self, draft: &Draft) -> Result<(), StoreError> {
        match draft {
            Draft::File {
                file,
                section,
                editor,
            } => {
                let editor = Editor::restore(editor, &self.session)?;
                self.file = Some(Pane::resume(
                    &mut self.session,
                    file,
                    *section,
                    editor,
                    self.tz,
                )?);
            }
            Draft::NewParticipant { editor } => {
                let editor = Editor::restore(editor, &self.session)?;
                self.file = Some(Pane::Creating(Box::new(editor), self.tz));
            }
            Draft::Appointment { form } => {
                self.screen = Screen::Agenda;
                self.agenda.open(&self.session);
                self.agenda.resume_form(form, &self.session);
            }
            Draft::Note { note } => {
                self.screen = Screen::Agenda;
                self.agenda.open(&self.session);
                self.agenda.resume_note(note, &self.session)?;
            }
            Draft::TimeNote { note } => {
                self.screen = Screen::Time;
                self.time.open(&self.session);
                self.time.resume(note, &self.session)?;
            }
        }
        Ok(())
    }

    /// Whether the user asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    fn list_height(&self) -> usize {
        list_height(self.size.1)
    }

    /// Turns a key press into an input (typed text when a text line has the
    /// focus, else the keymap's action) and applies it. Returns whether the
    /// state changed. What others changed in the database since the last key
    /// is read again first.
    pub fn key(&mut self, event: KeyEvent) -> bool {
        if event.kind == KeyEventKind::Release {
            return false;
        }
        let refreshed = self.follow_others();
        self.handle_key(event) || refreshed
    }

    /// Reads again what the screen shows when another connection has committed since
    /// the last look, keeping the user's place: the caseload's selected participant
    /// and scroll, the open file's section (not while a form is open: it keeps its
    /// input, and saving it meets the usual conflict), the agenda's and time
    /// screen's week, the dashboard's figures. Returns whether anything was read again.
    fn follow_others(&mut self) -> bool {
        let Ok(version) = self.session.data_version() else {
            return false;
        };
        if version == self.seen_version {
            return false;
        }
        self.seen_version = version;
        if let Some(pane) = self.file.as_mut() {
            return pane.reload(&self.session);
        }
        match self.screen {
            Screen::Caseload => match self.session.caseload(None) {
                Ok(rows) => {
                    let height = self.list_height();
                    self.caseload
                        .load(rows, self.session.today(), self.tz, height)
                }
                Err(e) => {
                    self.message = Some(e.to_string());
                    true
                }
            },
            Screen::Agenda if !self.agenda.captures_keys() => {
                self.agenda.reload(&self.session);
                true
            }
            Screen::Time => self.time.refresh(&self.session),
            // The figures are read again in place (the audit log keeps its page and place).
            Screen::Dashboard if self.dashboard.tab() == super::dashboard::Tab::Overview => {
                self.dashboard.open(&self.session)
            }
            Screen::Agenda | Screen::Dashboard => false,
        }
    }

    fn handle_key(&mut self, event: KeyEvent) -> bool {
        if self.drafts.is_some() && !self.help {
            let action = self.keymap.action(Key::from_event(event));
            return self.answer_offer(action);
        }
        if !self.help
            && let Some(pane) = self.file.as_mut()
        {
            let action = self.keymap.action(Key::from_event(event));
            return match pane.key(event, action, &mut self.session) {
                FileOutcome::Ignored => false,
                FileOutcome::Changed => true,
                FileOutcome::Saved => {
                    self.reload();
                    true
                }
                FileOutcome::Close => {
                    self.file = None;
                    self.reload();
                    true
                }
                FileOutcome::Pass(Action::Help) => {
                    self.help = true;
                    self.help_scroll = 0;
                    true
                }
                FileOutcome::ShowInAgenda(appointment) => {
                    self.file = None;
                    self.screen = Screen::Agenda;
                    self.agenda.open_at(&self.session, &appointment)
                }
                FileOutcome::Pass(action) => {
                    self.file = None;
                    let height = self.list_height();
                    self.act(action, height);
                    true
                }
            };
        }
        if self.screen == Screen::Agenda && !self.help && self.agenda.captures_keys() {
            let action = self.keymap.action(Key::from_event(event));
            return self.agenda.key(event, action, &mut self.session);
        }
        if self.screen == Screen::Dashboard && !self.help && self.dashboard.captures_keys() {
            let action = self.keymap.action(Key::from_event(event));
            return self.dashboard.key(event, action, &self.session);
        }
        let typed = match self.screen {
            _ if self.help => None,
            Screen::Time => self.time.text_input(event),
            Screen::Agenda | Screen::Dashboard => None,
            Screen::Caseload => (self.focus == Focus::Filter)
                .then(|| text_input(event))
                .flatten(),
        };
        match typed.or_else(|| {
            self.keymap
                .action(Key::from_event(event))
                .map(Input::Action)
        }) {
            Some(input) => self.update(input),
            None => false,
        }
    }

    /// Applies one input. Returns whether the state changed (and the screen must be redrawn).
    pub fn update(&mut self, input: Input) -> bool {
        let height = self.list_height();
        if self.screen == Screen::Time
            && !self.help
            && let Some(changed) = self.time.update(&mut self.session, input)
        {
            return changed;
        }
        if let (Screen::Agenda, false, Input::Action(action)) = (self.screen, self.help, input)
            && let Some(changed) = self.agenda.act(action, &mut self.session)
        {
            return changed;
        }
        if let (Screen::Dashboard, false, Input::Action(action)) = (self.screen, self.help, input)
            && let Some(outcome) = self.dashboard.act(action, &self.session)
        {
            return match outcome {
                DashboardOutcome::Done(changed) => changed,
                DashboardOutcome::ShowAlert(alert) => self.show_alert(alert),
            };
        }
        match input {
            Input::Resize(width, rows) => {
                self.size = (width, rows);
                self.time.resize(width, rows);
                self.dashboard.resize(rows);
                self.caseload.scroll(self.list_height());
                true
            }
            Input::Type(c) => {
                let mut text = self.caseload.filter().unwrap_or("").to_owned();
                text.push(c);
                self.caseload.set_filter(Some(text), height);
                true
            }
            Input::Erase => {
                let mut text = self.caseload.filter().unwrap_or("").to_owned();
                if text.pop().is_none() {
                    self.close_filter();
                } else {
                    self.caseload.set_filter(Some(text), height);
                }
                true
            }
            Input::Accept => {
                self.focus = Focus::List;
                true
            }
            Input::Action(action) if self.help => self.act_in_help(action),
            Input::Action(action) => self.act(action, height),
        }
    }

    fn act_in_help(&mut self, action: Action) -> bool {
        let page = i32::from(self.size.1) / 2;
        match action {
            Action::Up => self.scroll_help(-1),
            Action::Down => self.scroll_help(1),
            Action::PageUp => self.scroll_help(-page),
            Action::PageDown => self.scroll_help(page),
            Action::First => self.scroll_help(i32::MIN / 2),
            Action::Last => self.scroll_help(i32::MAX / 2),
            Action::Help | Action::Back => {
                self.help = false;
                true
            }
            Action::Caseload => {
                self.help = false;
                self.screen = Screen::Caseload;
                self.reload();
                true
            }
            Action::Quit => {
                self.quit = true;
                true
            }
            _ => false,
        }
    }

    fn act(&mut self, action: Action, height: usize) -> bool {
        let page = height as isize;
        match action {
            Action::Caseload => {
                let switched = self.screen != Screen::Caseload;
                self.screen = Screen::Caseload;
                self.reload() || switched
            }
            Action::Agenda => {
                self.screen = Screen::Agenda;
                self.agenda.open(&self.session)
            }
            Action::Time => {
                self.screen = Screen::Time;
                self.time.open(&self.session);
                true
            }
            Action::Dashboard => {
                self.screen = Screen::Dashboard;
                self.dashboard.open(&self.session)
            }
            Action::Audit => {
                self.screen = Screen::Dashboard;
                self.dashboard.open_audit(&self.session)
            }
            Action::Help => {
                self.help = true;
                self.help_scroll = 0;
                true
            }
            Action::Filter => {
                let opened = self.caseload.filter().is_none();
                if opened {
                    self.caseload.set_filter(Some(String::new()), height);
                }
                let focused = self.focus != Focus::Filter;
                self.focus = Focus::Filter;
                opened || focused
            }
            Action::FocusNext | Action::FocusPrevious => {
                if self.caseload.filter().is_none() {
                    return false;
                }
                self.focus = match self.focus {
                    Focus::List => Focus::Filter,
                    Focus::Filter => Focus::List,
                };
                true
            }
            Action::Up => self.caseload.move_by(-1, height),
            Action::Down => self.caseload.move_by(1, height),
            Action::PageUp => self.caseload.move_by(-page, height),
            Action::PageDown => self.caseload.move_by(page, height),
            Action::First => self.caseload.select(0, height),
            Action::Last => self.caseload.select(usize::MAX, height),
            Action::Back
                if self.screen == Screen::Dashboard && self.dashboard.back(&self.session) =>
            {
                true
            }
            Action::Back
                if matches!(
                    self.screen,
                    Screen::Time | Screen::Agenda | Screen::Dashboard
                ) =>
            {
                self.screen = Screen::Caseload;
                self.reload();
                true
            }
            Action::Back => {
                if self.caseload.filter().is_some() {
                    self.close_filter();
                    true
                } else if self.caseload.alert().is_some() {
                    self.caseload.set_alert(None, height);
                    true
                } else {
                    self.message.take().is_some()
                }
            }
            Action::Quit => {
                self.quit = true;
                true
            }
            Action::Open if self.screen == Screen::Caseload => self.open_file(),
            Action::New if self.screen == Screen::Caseload => {
                self.file = Some(Pane::create(&self.session, self.tz));
                true
            }
            Action::Sort if self.screen == Screen::Caseload => self.caseload.cycle_sort(height),
            Action::StatusFilter if self.screen == Screen::Caseload => {
                self.caseload.cycle_status(height)
            }
            Action::NextReferent
                if self.screen == Screen::Caseload && self.actor().is_coordinator() =>
            {
                self.caseload.cycle_referent(&self.session, height)
            }
            _ => false,
        }
    }

    /// Opens the selected participant's file; a failure is shown in the status line.
    fn open_file(&mut self) -> bool {
        let Some(file) = self.caseload.selected_file() else {
            return false;
        };
        match Pane::open(&mut self.session, file, self.tz) {
            Ok(pane) => self.file = Some(pane),
            Err(e) => self.message = Some(e.to_string()),
        }
        true
    }

    /// Shows the caseload restricted to the participants carrying `alert`.
    fn show_alert(&mut self, alert: Alert) -> bool {
        self.screen = Screen::Caseload;
        self.reload();
        let height = self.list_height();
        self.caseload.set_alert(Some(alert), height);
        true
    }

    fn close_filter(&mut self) {
        self.caseload.set_filter(None, self.list_height());
        self.focus = Focus::List;
    }

    /// Reads the caseload again; a failure is shown in the status line.
    fn reload(&mut self) -> bool {
        let height = self.list_height();
        match self.session.caseload(None) {
            Ok(rows) => {
                let changed = self
                    .caseload
                    .load(rows, self.session.today(), self.tz, height);
                self.message.take().is_some() || changed
            }
            Err(e) => {
                self.message = Some(e.to_string());
                true
            }
        }
    }
}

/// What a key does in a text line: characters and Backspace edit it, Enter leaves it.
fn text_input(event: KeyEvent) -> Option<Input> {
    let plain = !event
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match event.code {
        KeyCode::Char(c) if plain => Some(Input::Type(c)),
        KeyCode::Backspace => Some(Input::Erase),
        KeyCode::Enter => Some(Input::Accept),
        _ => None,
    }
}

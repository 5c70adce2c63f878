//! The application state and its one way of changing: [`App::update`].

use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Input};
use super::agenda::Agenda;
use super::caseload::Caseload;
use super::file::{Outcome as FileOutcome, Pane};
use super::keymap::{Key, Keymap, KeymapError};
use super::screens::caseload::list_height;
use super::theme::Theme;
use super::time::TimeScreen;
use crate::config::Config;
use crate::domain::user::{Role, User};
use crate::store::{Session, StoreError};

/// Why the interface could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// A `[keys]` entry of the configuration is wrong.
    #[error(transparent)]
    Keys(#[from] KeymapError),
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
    capacity: u32,
    focus: Focus,
    help: bool,
    help_scroll: u16,
    message: Option<String>,
    size: (u16, u16),
    quit: bool,
}

impl App {
    /// The state at start: the acting user's caseload (the whole PLIE for a
    /// coordinator), the configured keys, the theme the environment asks for.
    pub fn new(session: Session, config: &Config) -> Result<Self, StartError> {
        let keymap = Keymap::new(&config.keys)?;
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
        let agenda = Agenda::new(config.tz(), today, session.actor());
        let mut app = Self {
            session,
            keymap,
            theme: Theme::detect(&config.display),
            tz: config.tz(),
            caseload: Caseload::default(),
            file: None,
            screen: Screen::Caseload,
            time: TimeScreen::new(today, config.tz(), config.weekly_hours),
            agenda,
            capacity,
            focus: Focus::List,
            help: false,
            help_scroll: 0,
            message: None,
            size: (80, 24),
            quit: false,
        };
        let rows = app.session.caseload(None)?;
        app.caseload
            .load(rows, app.session.today(), app.tz, app.list_height());
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

    /// Whether the user asked to leave.
    pub fn should_quit(&self) -> bool {
        self.quit
    }

    fn list_height(&self) -> usize {
        list_height(self.size.1)
    }

    /// Turns a key press into an input (typed text when a text line has the
    /// focus, else the keymap's action) and applies it. Returns whether the
    /// state changed.
    pub fn key(&mut self, event: KeyEvent) -> bool {
        if event.kind == KeyEventKind::Release {
            return false;
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
        let typed = match self.screen {
            _ if self.help => None,
            Screen::Time => self.time.text_input(event),
            Screen::Agenda => None,
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
        match input {
            Input::Resize(width, rows) => {
                self.size = (width, rows);
                self.time.resize(width, rows);
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
            Action::Back if matches!(self.screen, Screen::Time | Screen::Agenda) => {
                self.screen = Screen::Caseload;
                self.reload();
                true
            }
            Action::Back => {
                if self.caseload.filter().is_some() {
                    self.close_filter();
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
                self.file = Some(Pane::create(&self.session));
                true
            }
            Action::Sort if self.screen == Screen::Caseload => self.caseload.cycle_sort(height),
            Action::StatusFilter if self.screen == Screen::Caseload => {
                self.caseload.cycle_status(height)
            }
            _ => false,
        }
    }

    /// Opens the selected participant's file; a failure is shown in the status line.
    fn open_file(&mut self) -> bool {
        let Some(file) = self.caseload.selected_file() else {
            return false;
        };
        match Pane::open(&self.session, file) {
            Ok(pane) => self.file = Some(pane),
            Err(e) => self.message = Some(e.to_string()),
        }
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

//! The application state and its one way of changing: [`App::update`].

use chrono_tz::Tz;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Input};
use super::agenda::Agenda;
use super::caseload::Caseload;
use super::caseload_screen::CaseloadScreen;
pub use super::caseload_screen::Focus;
use super::dashboard::DashboardScreen;
use super::drafts::Draft;
use super::drafts::offer::{Choice as OfferChoice, Offer};
use super::file::Pane;
use super::file::editor::Editor;
use super::import::{ImportEvent, ImportView};
use super::keymap::{Key, Keymap};
use super::palette::{self, Palette, Target};
use super::render::{MIN_HEIGHT, MIN_WIDTH};
use super::screen::{self, Context, Outcome, Route};
use super::screens::caseload::list_height;
use super::screens::import::ERROR_CHROME_ROWS;
use super::status::StatusLine;
use super::theme::Theme;
use super::time::TimeScreen;
use crate::config::{Config, ConfigError};
use crate::domain::user::{Role, User};
use crate::i18n::{t, tf};
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
    caseload: CaseloadScreen,
    file: Option<Pane>,
    screen: Screen,
    time: TimeScreen,
    agenda: Agenda,
    dashboard: DashboardScreen,
    capacity: u32,
    help: bool,
    help_scroll: u16,
    palette: Option<Palette>,
    /// The participant import, while open (coordinators).
    import: Option<ImportView>,
    /// Under the SSH forced command: no file path may be typed.
    over_ssh: bool,
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
        super::show::set_date_order(config.display.dates);
        let mut app = Self {
            session,
            keymap,
            theme: Theme::detect(&config.display),
            tz,
            caseload: CaseloadScreen::default(),
            file: None,
            screen: Screen::Caseload,
            time: TimeScreen::new(today, config, &settings),
            agenda,
            dashboard: DashboardScreen::new(tz, settings.weekly_hours),
            capacity,
            help: false,
            help_scroll: 0,
            palette: None,
            import: None,
            over_ssh: false,
            size: (80, 24),
            quit: false,
            drafts: None,
            seen_version: 0,
        };
        // The first reading must succeed: an error here stops the start.
        let mut ctx = Context {
            session: &mut app.session,
            tz,
            list_height: list_height(app.size.1),
        };
        app.caseload.read(&mut ctx)?;
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
        self.caseload.list()
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
        self.caseload.focus()
    }

    /// Whether the help overlay is open.
    pub fn help_open(&self) -> bool {
        self.help
    }

    /// The same application run under the SSH forced command (`true`): no path may be
    /// typed into it.
    pub fn over_ssh(mut self, over_ssh: bool) -> Self {
        self.over_ssh = over_ssh;
        self
    }

    /// The participant import, while open.
    pub fn import(&self) -> Option<&ImportView> {
        self.import.as_ref()
    }

    /// The command palette, while open.
    pub fn palette(&self) -> Option<&Palette> {
        self.palette.as_ref()
    }

    /// How many lines of the help's key list are scrolled out above.
    pub fn help_scroll(&self) -> u16 {
        self.help_scroll
    }

    /// Scrolls the help's key list by `lines`, within the lines that do not fit.
    fn scroll_help(&mut self, lines: i32) -> bool {
        let hidden = super::screens::help::hidden_lines(self, self.size.0, self.size.1);
        let scroll = (i32::from(self.help_scroll) + lines).clamp(0, i32::from(hidden));
        let changed = scroll != i32::from(self.help_scroll);
        self.help_scroll = u16::try_from(scroll).unwrap_or(0);
        changed
    }

    /// An error to show in the status line.
    pub fn message(&self) -> Option<&StatusLine> {
        self.caseload.message()
    }

    /// The kept drafts offered at start, while the question is open.
    pub fn draft_offer(&self) -> Option<&Offer> {
        self.drafts.as_ref()
    }

    /// The open form's unsaved input, if any: what a lost connection or a
    /// crash would keep as a draft.
    pub fn unsaved_draft(&self) -> Option<Draft> {
        let shown: &dyn screen::Screen = match (&self.file, self.screen) {
            (Some(pane), _) => pane,
            (None, Screen::Caseload) => &self.caseload,
            (None, Screen::Agenda) => &self.agenda,
            (None, Screen::Time) => &self.time,
            (None, Screen::Dashboard) => &self.dashboard,
        };
        shown.draft()
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
                        self.caseload
                            .notify(StatusLine::info(t("drafts.discarded")));
                        if !offer.remove(&slot) {
                            self.drafts = None;
                        }
                    }
                    Err(e) => self.caseload.notify(StatusLine::error(e.to_string())),
                }
                true
            }
            OfferChoice::Resume(slot, draft) => {
                self.drafts = None;
                let resumed = self
                    .resume_draft(&draft)
                    .and_then(|()| self.session.discard_draft(&slot));
                if let Err(e) = resumed {
                    self.caseload.notify(StatusLine::error(e.to_string()));
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

    /// Turns a key press into an input and applies it. Returns whether the
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
    /// the last look, keeping the user's place (see [`screen::Screen::refresh`]).
    /// Returns whether anything was read again.
    fn follow_others(&mut self) -> bool {
        let Ok(version) = self.session.data_version() else {
            return false;
        };
        if version == self.seen_version {
            return false;
        }
        self.seen_version = version;
        self.with_screen(|screen, ctx| screen.refresh(ctx))
    }

    /// Runs `f` on the screen shown (the open file over the caseload first) with its context.
    fn with_screen<T>(
        &mut self,
        f: impl FnOnce(&mut dyn screen::Screen, &mut Context<'_>) -> T,
    ) -> T {
        let list_height = self.list_height();
        let mut ctx = Context {
            session: &mut self.session,
            tz: self.tz,
            list_height,
        };
        let shown: &mut dyn screen::Screen = match (&mut self.file, self.screen) {
            (Some(pane), _) => pane,
            (None, Screen::Caseload) => &mut self.caseload,
            (None, Screen::Agenda) => &mut self.agenda,
            (None, Screen::Time) => &mut self.time,
            (None, Screen::Dashboard) => &mut self.dashboard,
        };
        f(shown, &mut ctx)
    }

    /// One key: the overlays answer first (help, then the draft offer), then the
    /// screen shown; what it leaves goes to the global commands.
    fn handle_key(&mut self, event: KeyEvent) -> bool {
        let action = self.keymap.action(Key::from_event(event));
        self.dispatch(event, action)
    }

    /// Whether the terminal is smaller than the screens are laid out for: only the
    /// "too small" line is drawn then.
    fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// Applies `event`, which the keymap binds to `action`. While the terminal is too
    /// small, nothing shown can be acted on: every key but quit is ignored, so no key
    /// writes unseen.
    fn dispatch(&mut self, event: KeyEvent, action: Option<Action>) -> bool {
        if self.too_small() {
            if action == Some(Action::Quit) {
                self.quit = true;
                return true;
            }
            return false;
        }
        if let Some(open) = self.palette.as_mut() {
            return match open.key(event) {
                palette::Outcome::Changed(changed) => changed,
                palette::Outcome::Close => {
                    self.palette = None;
                    true
                }
                palette::Outcome::Run(target) => {
                    self.palette = None;
                    self.run(target);
                    true
                }
            };
        }
        if let Some(open) = self.import.as_mut() {
            return match open.key(event, action, &mut self.session) {
                ImportEvent::Changed(changed) => changed,
                ImportEvent::Closed(imported) => {
                    self.import = None;
                    if imported {
                        self.reload();
                    }
                    true
                }
            };
        }
        if self.help {
            return action.is_some_and(|action| self.act_in_help(action));
        }
        if self.drafts.is_some() {
            return self.answer_offer(action);
        }
        let outcome = self.with_screen(|screen, ctx| screen.key(event, action, ctx));
        match outcome {
            Outcome::Ignored => action.is_some_and(|action| self.global(action)),
            Outcome::Done(changed) => changed,
            Outcome::Go(route) => self.go(route),
        }
    }

    /// Applies one input: a new size, or a command or text as if typed.
    pub fn update(&mut self, input: Input) -> bool {
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        match input {
            Input::Resize(width, rows) => {
                self.size = (width, rows);
                let list_height = self.list_height();
                self.time.resize(width, rows);
                self.dashboard.resize(rows);
                screen::Screen::resize(&mut self.caseload, width, rows, list_height);
                true
            }
            Input::Type(c) => self.handle_key(key(KeyCode::Char(c))),
            Input::Erase => self.handle_key(key(KeyCode::Backspace)),
            Input::Accept => self.handle_key(key(KeyCode::Enter)),
            Input::Action(action) => self.dispatch(key(KeyCode::Null), Some(action)),
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
                self.go(Route::Caseload)
            }
            Action::Quit => {
                self.quit = true;
                true
            }
            _ => false,
        }
    }

    /// The commands that mean the same everywhere: screen keys, help, quit, and
    /// Esc back to the caseload from another screen. Switching screens closes an
    /// open file.
    fn global(&mut self, action: Action) -> bool {
        let screen_key = matches!(
            action,
            Action::Caseload
                | Action::Agenda
                | Action::Time
                | Action::Dashboard
                | Action::Audit
                | Action::Indicators
        );
        if screen_key {
            self.file = None;
        }
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
            Action::Indicators => {
                self.screen = Screen::Dashboard;
                self.dashboard.open_indicators(&self.session)
            }
            Action::Help => {
                self.help = true;
                self.help_scroll = 0;
                true
            }
            Action::Palette => {
                self.palette = Some(Palette::new(self.palette_entries()));
                true
            }
            // Offered to coordinators only; the store refuses anyone else anyway.
            Action::Import if self.session.actor().is_coordinator() => {
                let rows = self.size.1.saturating_sub(ERROR_CHROME_ROWS);
                self.import = Some(ImportView::new(self.over_ssh, usize::from(rows)));
                true
            }
            Action::Quit => {
                self.quit = true;
                true
            }
            Action::Back if self.screen != Screen::Caseload => self.go(Route::Caseload),
            _ => false,
        }
    }

    /// What the palette offers: the actions of the screen shown and the global ones that
    /// have a key, then the participants of the caseload by file number and name.
    fn palette_entries(&self) -> Vec<palette::Entry> {
        let mut entries: Vec<palette::Entry> = super::screens::help::actions_here(self)
            .into_iter()
            .filter(|a| *a != Action::Palette)
            .filter_map(|action| {
                let key = self.keymap.keys(action).first()?.to_string();
                Some(palette::Entry {
                    label: super::screens::help::label_here(self, action),
                    key,
                    target: Target::Action(action),
                })
            })
            .collect();
        entries.extend(self.caseload().in_scope().map(|e| palette::Entry {
            label: format!("{} {}", e.file_number, e.name),
            key: String::new(),
            target: Target::File(e.file_number.to_string()),
        }));
        entries
    }

    /// Runs what the palette chose: an action as its key would, a participant's file, a week.
    fn run(&mut self, target: Target) {
        match target {
            Target::Action(action) => {
                let event = KeyEvent::new(KeyCode::Null, KeyModifiers::NONE);
                self.dispatch(event, Some(action));
            }
            Target::File(file) => {
                self.file = None;
                self.screen = Screen::Caseload;
                self.go(Route::File(file));
            }
            Target::Week(week) => {
                self.file = None;
                self.screen = Screen::Time;
                self.time.open(&self.session);
                self.time.show_week(&self.session, week);
            }
        }
    }

    /// Goes where a screen asked.
    fn go(&mut self, route: Route) -> bool {
        match route {
            Route::Caseload => {
                self.file = None;
                self.screen = Screen::Caseload;
                self.reload();
            }
            Route::CaseloadChanged => {
                self.reload();
            }
            Route::CaseloadWithAlert(alert) => {
                self.screen = Screen::Caseload;
                self.reload();
                let height = self.list_height();
                self.caseload.show_alert(alert, height);
            }
            Route::File(file) => match Pane::open(&mut self.session, &file, self.tz) {
                Ok(pane) => self.file = Some(pane),
                Err(e) => self.caseload.notify(StatusLine::error(e.to_string())),
            },
            Route::NewParticipant => self.file = Some(Pane::create(&self.session, self.tz)),
            Route::Deleted(file) => {
                self.file = None;
                self.screen = Screen::Caseload;
                self.reload();
                self.caseload
                    .notify(StatusLine::info(tf("file.delete.done", &[("file", &file)])));
            }
            Route::Agenda(appointment) => {
                self.file = None;
                self.screen = Screen::Agenda;
                return self.agenda.open_at(&self.session, &appointment);
            }
        }
        true
    }

    /// Reads the caseload again; a failure is shown in the status line.
    fn reload(&mut self) -> bool {
        let list_height = self.list_height();
        let mut ctx = Context {
            session: &mut self.session,
            tz: self.tz,
            list_height,
        };
        self.caseload.reload(&mut ctx)
    }
}

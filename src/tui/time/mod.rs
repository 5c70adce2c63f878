//! The weekly time entry screen's state: the week shown, its grid, the
//! selected cell, what is being typed, the proposals and the coordinator's
//! overview. [`input`] applies the user's inputs; the rendering is in
//! `screens::time`.

pub mod completion;
pub mod draft;
pub mod export;
pub mod grid;
mod input;
pub mod proposals;

pub use input::day_label;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use self::completion::Person;
use self::export::ExportChoice;
use self::grid::{GridRow, RowKey};
use self::proposals::Proposal;
use crate::config::Config;
use crate::domain::IsoWeek;
use crate::domain::agenda::Appointment;
use crate::domain::settings::PlieSettings;
use crate::domain::time::{Activity, TimeEntry, WeekStatus};
use crate::domain::timesheet::{Heading, Lifecycle, Timesheet};
use crate::i18n::tf;
use crate::store::{Session, StoreError, WeekRecord};
use crate::tui::action::{Action, Input};
use crate::tui::drafts::Draft;
use crate::tui::screen::{Context, Outcome, Screen};
use crate::tui::show;
use crate::tui::status::StatusLine;
use crossterm::event::KeyEvent;

/// Lines of the time screen that are not grid rows: title, week line,
/// column headers, day totals, summary, detail line and bottom line.
pub const CHROME_ROWS: u16 = 7;

/// From this width on, Saturday and Sunday are always shown.
pub const WIDE: u16 = 100;

/// A question the user must answer before something is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    /// Submit the shown week.
    Submit,
    /// Validate this referent's shown week.
    Validate(String),
}

/// What the keys act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Moving between cells.
    Grid,
    /// Typing a duration into the selected cell.
    Cell(String),
    /// Choosing among the entries of the selected cell; `Some` while typing
    /// a duration for the chosen one.
    Detail {
        /// The chosen entry of the cell.
        selected: usize,
        /// The duration being typed for it.
        text: Option<String>,
    },
    /// Editing the note of an entry of the selected cell.
    Note {
        /// Which entry of the cell.
        selected: usize,
        /// The entry's id.
        entry: i64,
        /// The entry's version when the note was opened: saving a note
        /// changed since is refused with the usual conflict.
        version: i64,
        /// The note being typed.
        text: String,
    },
    /// Typing a new row: activity code, participant, or both.
    NewRow {
        /// What was typed.
        text: String,
        /// The highlighted completion.
        selected: usize,
    },
    /// Reviewing proposed entries; `Some` while typing another duration
    /// for the highlighted one.
    Proposals {
        /// The highlighted proposal.
        selected: usize,
        /// The duration being typed for it.
        text: Option<String>,
    },
    /// Choosing the format (and, in the overview, the files) of an export.
    Export {
        /// The highlighted choice.
        selected: usize,
    },
    /// Waiting for a yes or a no.
    Confirm(Confirm),
    /// A coordinator typing why they reopen a referent's submitted or validated week.
    Reopen {
        /// The referent whose week is reopened.
        login: String,
        /// The reason being typed (kept in the audit log, shown to the referent).
        text: String,
    },
}

/// One referent's week in the coordinator's overview.
#[derive(Debug, Clone, PartialEq)]
pub struct OverviewLine {
    /// Status and signatures.
    pub record: WeekRecord,
    /// Minutes recorded in the week.
    pub minutes: u32,
}

/// The week on screen and what was read for it.
#[derive(Debug, Clone)]
struct Week {
    record: WeekRecord,
    entries: Vec<TimeEntry>,
    appointments: Vec<Appointment>,
    sheet: Timesheet,
    contract_minutes: u32,
}

/// The time screen.
#[derive(Debug, Clone)]
pub struct TimeScreen {
    config: Config,
    tz: Tz,
    weekly_hours: u32,
    size: (u16, u16),
    week: IsoWeek,
    coordinator: bool,
    referent: Option<String>,
    overview: Vec<OverviewLine>,
    overview_selected: usize,
    activities: Vec<Activity>,
    all_activities: Vec<Activity>,
    people: Vec<Person>,
    data: Option<Week>,
    rows: Vec<GridRow>,
    extra: Vec<RowKey>,
    row: usize,
    day: usize,
    offset: usize,
    mode: Mode,
    proposals: Vec<Proposal>,
    individual: Vec<Proposal>,
    message: Option<StatusLine>,
    /// The week whose reopening notice is shown to its referent, marked as read at their
    /// next key.
    notice: Option<IsoWeek>,
}

/// The UTC instant of local midnight opening `date` in `tz`.
fn local_midnight(tz: Tz, date: NaiveDate) -> DateTime<Utc> {
    let midnight = date.and_hms_opt(0, 0, 0).unwrap_or_default();
    tz.from_local_datetime(&midnight)
        .earliest()
        .map_or_else(|| midnight.and_utc(), |t| t.with_timezone(&Utc))
}

impl TimeScreen {
    /// A screen on the week of `today`, in the PLIE's time zone, checking
    /// weeks against the contract's weekly hours (scaled by the referent's
    /// FTE) and exporting to the user's configured directory.
    pub fn new(today: NaiveDate, config: &Config, settings: &PlieSettings) -> Self {
        Self {
            config: config.clone(),
            tz: settings.timezone,
            weekly_hours: settings.weekly_hours,
            size: (80, 24),
            week: IsoWeek::containing(today),
            coordinator: false,
            referent: None,
            overview: Vec::new(),
            overview_selected: 0,
            activities: Vec::new(),
            all_activities: Vec::new(),
            people: Vec::new(),
            data: None,
            rows: Vec::new(),
            extra: Vec::new(),
            row: 0,
            day: today.weekday().num_days_from_monday() as usize,
            offset: 0,
            mode: Mode::Grid,
            proposals: Vec::new(),
            individual: Vec::new(),
            message: None,
            notice: None,
        }
    }

    /// Reads everything the screen shows (activities, caseload, the week);
    /// a failure is shown in the status line.
    pub fn open(&mut self, session: &Session) {
        self.coordinator = session.actor().is_coordinator();
        match self.read_lists(session) {
            Ok(()) => self.reload(session),
            Err(e) => self.message = Some(StatusLine::error(e.to_string())),
        }
    }

    /// Reads the activities and, for a referent, the caseload the new-row line completes from.
    fn read_lists(&mut self, session: &Session) -> Result<(), StoreError> {
        self.activities = session.activities()?;
        self.all_activities = session.activities_including_inactive()?;
        self.people = if self.coordinator {
            Vec::new()
        } else {
            session
                .caseload(None)?
                .into_iter()
                .map(|r| {
                    Person::new(
                        r.file_number.to_string(),
                        format!("{} {}", r.last_name.to_uppercase(), r.first_name),
                    )
                })
                .collect()
        };
        Ok(())
    }

    /// Reads the shown week again after others changed the database, unless
    /// something is being typed or chosen. Returns whether it read.
    pub fn refresh(&mut self, session: &Session) -> bool {
        if self.mode != Mode::Grid {
            return false;
        }
        self.reload(session);
        true
    }

    /// Reads the shown week again (or the overview), keeping the selection where it can.
    fn reload(&mut self, session: &Session) {
        if self.coordinator && self.referent.is_none() {
            match self.read_overview(session) {
                Ok(lines) => {
                    self.overview = lines;
                    self.overview_selected = self
                        .overview_selected
                        .min(self.overview.len().saturating_sub(1));
                }
                Err(e) => self.message = Some(StatusLine::error(e.to_string())),
            }
            return;
        }
        match self.read_week(session) {
            Ok(week) => {
                self.rows = grid::rows(
                    &week.entries,
                    &self.extra,
                    &self.all_activities,
                    self.week.monday(),
                );
                self.show_reopen_notice(&week.record);
                self.data = Some(week);
                self.clamp();
            }
            Err(e) => self.message = Some(StatusLine::error(e.to_string())),
        }
    }

    /// Shows the referent, on their own week, why a coordinator reopened it, until they
    /// have seen it once.
    fn show_reopen_notice(&mut self, record: &WeekRecord) {
        if self.referent.is_some() || record.reopen_seen {
            return;
        }
        let local = record
            .reopened_at
            .map(|at| show::date_time(show::local(at, self.tz)))
            .unwrap_or_default();
        self.message = Some(StatusLine::warning(tf(
            "time.reopened_notice",
            &[
                ("week", &record.week.to_string()),
                ("by", record.reopened_by.as_deref().unwrap_or_default()),
                ("at", &local),
                (
                    "reason",
                    record.reopen_reason.as_deref().unwrap_or_default(),
                ),
            ],
        )));
        self.notice = Some(self.week);
    }

    /// The reason the shown week was last reopened, while it is a draft again.
    pub fn reopen_reason(&self) -> Option<&str> {
        let record = self.record()?;
        match record.status {
            WeekStatus::Draft => record.reopen_reason.as_deref(),
            _ => None,
        }
    }

    fn read_overview(&self, session: &Session) -> Result<Vec<OverviewLine>, StoreError> {
        session
            .weeks_overview(self.week)?
            .into_iter()
            .map(|record| {
                let minutes = session
                    .week_entries(Some(&record.referent), self.week)?
                    .iter()
                    .map(|e| e.minutes)
                    .sum();
                Ok(OverviewLine { record, minutes })
            })
            .collect()
    }

    fn read_week(&self, session: &Session) -> Result<Week, StoreError> {
        let referent = self.referent.as_deref();
        let record = session.week(referent, self.week)?;
        let entries = session.week_entries(referent, self.week)?;
        let appointments = session.appointments_between(
            referent,
            local_midnight(self.tz, self.week.monday()),
            local_midnight(self.tz, self.week.next().monday()),
        )?;
        let fte = match referent {
            None => session.actor().fte,
            Some(login) => session
                .users()?
                .iter()
                .find(|u| u.login == login)
                .map_or(1.0, |u| u.fte),
        };
        let sheet = Timesheet::new(
            Heading {
                structure: String::new(),
                operation_code: String::new(),
                operation_name: String::new(),
                referent_login: record.referent.clone(),
                referent_name: record.referent_name.clone(),
                line_manager: String::new(),
                contract_minutes: 0,
            },
            self.week,
            Lifecycle {
                status: record.status,
                submitted: None,
                validated: None,
                generated_at: DateTime::<Utc>::UNIX_EPOCH,
                fingerprint: String::new(),
            },
            &entries,
            &self.all_activities,
        );
        Ok(Week {
            record,
            entries,
            appointments,
            sheet,
            contract_minutes: (f64::from(self.weekly_hours) * 60.0 * fte).round() as u32,
        })
    }

    /// Keeps the selected cell on an existing row and a shown day, and in view.
    fn clamp(&mut self) {
        self.row = self.row.min(self.rows.len().saturating_sub(1));
        let days = self.days_shown();
        if !days.contains(&self.day) {
            self.day = days
                .iter()
                .rev()
                .find(|d| **d < self.day)
                .copied()
                .unwrap_or(0);
        }
        let height = self.grid_height();
        if self.row < self.offset {
            self.offset = self.row;
        } else if self.row >= self.offset + height {
            self.offset = self.row + 1 - height;
        }
        self.offset = self.offset.min(self.rows.len().saturating_sub(height));
    }

    /// Shows `week` (the command palette's "go to week").
    pub fn show_week(&mut self, session: &Session, week: IsoWeek) {
        self.mode = Mode::Grid;
        self.go_to(session, week);
    }

    /// Notes the terminal's size (the grid's height and which days fit).
    pub fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        self.clamp();
    }

    /// How many grid rows fit on the screen.
    pub fn grid_height(&self) -> usize {
        usize::from(self.size.1.saturating_sub(CHROME_ROWS).max(1))
    }

    /// The days with a column, Monday = 0: the working days, and the
    /// weekend when the terminal is wide, it holds time, or the selected cell
    /// is on it (→ past Friday, or End, reaches it at any width).
    pub fn days_shown(&self) -> Vec<usize> {
        let totals = self.day_totals();
        (0..7)
            .filter(|&d| d < 5 || self.size.0 >= WIDE || totals[d] > 0 || self.day >= 5)
            .collect()
    }

    /// The PLIE's time zone.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The week shown.
    pub fn week(&self) -> IsoWeek {
        self.week
    }

    /// The referent whose week a coordinator opened.
    pub fn referent(&self) -> Option<&str> {
        self.referent.as_deref()
    }

    /// Whether the coordinator's overview of every referent is shown.
    pub fn shows_overview(&self) -> bool {
        self.coordinator && self.referent.is_none()
    }

    /// Every referent's week, for a coordinator.
    pub fn overview(&self) -> &[OverviewLine] {
        &self.overview
    }

    /// The selected line of the overview.
    pub fn overview_selected(&self) -> usize {
        self.overview_selected
    }

    /// The shown week's status and signatures, once read.
    pub fn record(&self) -> Option<&WeekRecord> {
        self.data.as_ref().map(|w| &w.record)
    }

    /// Whether the shown week can be changed from this screen: the actor's
    /// own week, still a draft.
    pub fn editable(&self) -> bool {
        !self.coordinator && self.record().is_some_and(|r| r.status.is_editable())
    }

    /// The grid rows.
    pub fn rows(&self) -> &[GridRow] {
        &self.rows
    }

    /// The first row shown at the top of the grid.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The selected cell: row index and day (Monday = 0).
    pub fn cursor(&self) -> (usize, usize) {
        (self.row, self.day)
    }

    /// The entries of the selected cell.
    pub fn cell_entries(&self) -> &[TimeEntry] {
        self.rows
            .get(self.row)
            .and_then(|r| r.cells.get(self.day))
            .map_or(&[], Vec::as_slice)
    }

    /// The entry with this id among those read for the shown week.
    fn entry(&self, id: i64) -> Option<&TimeEntry> {
        self.data
            .as_ref()
            .and_then(|w| w.entries.iter().find(|e| e.id == id))
    }

    /// The week's totals, from the same model as the printed timesheet.
    pub fn sheet(&self) -> Option<&Timesheet> {
        self.data.as_ref().map(|w| &w.sheet)
    }

    /// Minutes per day, Monday first.
    pub fn day_totals(&self) -> [u32; 7] {
        self.sheet().map_or([0; 7], Timesheet::day_totals)
    }

    /// The contract's minutes for the shown referent's week.
    pub fn contract_minutes(&self) -> u32 {
        self.data.as_ref().map_or(0, |w| w.contract_minutes)
    }

    /// The appointment an entry comes from, when it is in the shown week.
    pub fn appointment(&self, id: i64) -> Option<&Appointment> {
        self.data
            .as_ref()
            .and_then(|w| w.appointments.iter().find(|a| a.id == id))
    }

    /// Days of the week that hold time but no appointment at all.
    pub fn days_without_agenda(&self) -> Vec<usize> {
        let Some(week) = &self.data else {
            return Vec::new();
        };
        let totals = week.sheet.day_totals();
        (0..7)
            .filter(|&d| {
                totals[d] > 0
                    && !week.appointments.iter().any(|a| {
                        a.starts_at.with_timezone(&self.tz).date_naive() == self.week.days()[d]
                    })
            })
            .collect()
    }

    /// The activity with this code (active or not).
    pub fn activity(&self, code: &str) -> Option<&Activity> {
        self.all_activities.iter().find(|a| a.code == code)
    }

    /// The caseload name of a participant, by file number.
    pub fn person_name(&self, file_number: &str) -> Option<&str> {
        self.people
            .iter()
            .find(|p| p.file_number == file_number)
            .map(|p| p.name.as_str())
    }

    /// The completions for the row being typed.
    pub fn choices(&self) -> Vec<completion::Choice> {
        match &self.mode {
            Mode::NewRow { text, .. } => {
                completion::choices(text, &self.activities, &self.people, MAX_CHOICES)
            }
            _ => Vec::new(),
        }
    }

    /// The pending proposals.
    pub fn proposals(&self) -> &[Proposal] {
        &self.proposals
    }

    /// How many of last week's individual meetings `i` would add to the
    /// proposals copied from last week.
    pub fn individual_meetings(&self) -> usize {
        self.individual.len()
    }

    /// What an export may produce here: each format in one file, and in
    /// the coordinator's overview also one file per referent.
    pub fn export_choices(&self) -> Vec<ExportChoice> {
        export::choices(self.shows_overview())
    }

    /// Where exports are written.
    pub fn export_dir(&self) -> std::path::PathBuf {
        self.config.export_directory()
    }

    /// What the keys act on.
    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    /// What the status line says.
    pub fn message(&self) -> Option<&StatusLine> {
        self.message.as_ref()
    }

    /// Whether typed characters go to an open text line (a duration, a note, a
    /// reason, a new row) rather than to the keymap.
    pub fn takes_text(&self) -> bool {
        matches!(
            self.mode,
            Mode::Cell(_)
                | Mode::Detail { text: Some(_), .. }
                | Mode::Proposals { text: Some(_), .. }
                | Mode::Note { .. }
                | Mode::Reopen { .. }
                | Mode::NewRow { .. }
        )
    }

    /// Whether `c` is one of the letters the open question or list answers to (`y`/`n`
    /// of a confirmation, `y`/`n`/`a`/`i` of the proposals). Any other character
    /// goes to the keymap, so the screen keys, `?`, `:` and `q` keep their meaning.
    pub fn answers(&self, c: char) -> bool {
        match &self.mode {
            Mode::Proposals { text: None, .. } => matches!(c, 'y' | 'n' | 'a' | 'i'),
            Mode::Confirm(what) => {
                crate::tui::widgets::confirm::answer_char(c).is_some()
                    || (c == 'r' && matches!(what, Confirm::Validate(_)))
            }
            _ => false,
        }
    }
}

/// How many completions the new-row line offers.
pub const MAX_CHOICES: usize = 6;

impl Screen for TimeScreen {
    fn key(&mut self, event: KeyEvent, action: Option<Action>, ctx: &mut Context<'_>) -> Outcome {
        let input = self.text_input(event).or(action.map(Input::Action));
        match input.and_then(|input| self.update(ctx.session, input)) {
            Some(changed) => Outcome::Done(changed),
            None => Outcome::Ignored,
        }
    }

    fn refresh(&mut self, ctx: &mut Context<'_>) -> bool {
        TimeScreen::refresh(self, ctx.session)
    }

    fn resize(&mut self, width: u16, height: u16, _list_height: usize) {
        TimeScreen::resize(self, width, height);
    }

    fn draft(&self) -> Option<Draft> {
        TimeScreen::draft(self).map(|note| Draft::TimeNote { note })
    }
}

//! The dashboard's state: the day's figures read from the store, the alert
//! line under the cursor (Enter shows those participants in the caseload),
//! the referents' table of a coordinator, the year's outcomes (`outcomes`), the audit log
//! tab and the ESF indicators tab.

pub mod audit;
pub mod diff;
pub mod indicators;
pub mod outcomes;

use chrono_tz::Tz;
use crossterm::event::KeyEvent;

use self::audit::AuditView;
use self::indicators::{IndicatorsView, Outcome as IndicatorsOutcome};
use crate::domain::journal::Alert;
use crate::store::dashboard::Dashboard;
use crate::store::outcomes::Outcomes;
use crate::store::{DataStamp, PastRetention, Session};
use crate::tui::action::Action;
use crate::tui::screen::{Context, Outcome as ScreenOutcome, Route, Screen};
use crate::tui::status::StatusLine;
use crate::tui::widgets::cursor::Cursor;

/// Which tab of the dashboard is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    /// The figures.
    Overview,
    /// The audit log (coordinators).
    Audit,
    /// The ESF+ common indicators (coordinators).
    Indicators,
}

/// What an action on the dashboard asks of the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Handled here; whether the screen changed.
    Done(bool),
    /// Show the caseload restricted to the participants carrying this alert.
    ShowAlert(Alert),
    /// Open this participant's file (from the participants behind an indicator).
    OpenFile(String),
}

/// The dashboard screen's state.
#[derive(Debug, Clone)]
pub struct DashboardScreen {
    tz: Tz,
    weekly_hours: u32,
    tab: Tab,
    data: Option<Dashboard>,
    /// Where the data stood when the figures were read.
    read_at: Option<DataStamp>,
    /// Files past their retention date (coordinators).
    retention: Option<PastRetention>,
    outcomes: Option<Outcomes>,
    alerts: Cursor,
    offset: usize,
    message: Option<StatusLine>,
    audit: AuditView,
    indicators: IndicatorsView,
}

impl DashboardScreen {
    /// An empty dashboard; days are cut in `tz`, contract hours are
    /// `weekly_hours` per full-time equivalent.
    pub fn new(tz: Tz, weekly_hours: u32) -> Self {
        Self {
            tz,
            weekly_hours,
            tab: Tab::Overview,
            data: None,
            read_at: None,
            retention: None,
            outcomes: None,
            alerts: Cursor::default(),
            offset: 0,
            message: None,
            audit: AuditView::new(tz),
            indicators: IndicatorsView::default(),
        }
    }

    /// The figures, once read.
    pub fn data(&self) -> Option<&Dashboard> {
        self.data.as_ref()
    }

    /// How many files are past their retention date, for a coordinator.
    pub fn retention(&self) -> Option<PastRetention> {
        self.retention
    }

    /// The outcome figures of the year to date, once read.
    pub fn outcomes(&self) -> Option<&Outcomes> {
        self.outcomes.as_ref()
    }

    /// The tab shown.
    pub fn tab(&self) -> Tab {
        self.tab
    }

    /// The alert line under the cursor.
    pub fn selected_alert(&self) -> Alert {
        Alert::ALL[self.alerts.selected().min(Alert::ALL.len() - 1)]
    }

    /// The first referent line shown in the coordinator's table.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Contract minutes of a week for `fte` full-time equivalents.
    pub fn contract_minutes(&self, fte: f64) -> u32 {
        (f64::from(self.weekly_hours) * 60.0 * fte).round() as u32
    }

    /// An error to show on the bottom line.
    pub fn message(&self) -> Option<&StatusLine> {
        self.message.as_ref()
    }

    /// The audit tab.
    pub fn audit(&self) -> &AuditView {
        &self.audit
    }

    /// The indicators tab.
    pub fn indicators(&self) -> &IndicatorsView {
        &self.indicators
    }

    /// Whether typed keys go to a form (the audit filter, the indicators' period).
    pub fn captures_keys(&self) -> bool {
        match self.tab {
            Tab::Audit => self.audit.form().is_some(),
            Tab::Indicators => self.indicators.form().is_some(),
            Tab::Overview => false,
        }
    }

    /// Sets how many rows the lists get on a terminal of `rows` lines.
    pub fn resize(&mut self, rows: u16) {
        self.audit
            .resize(usize::from(rows.saturating_sub(AUDIT_CHROME_ROWS)));
        self.indicators
            .resize(usize::from(rows.saturating_sub(INDICATORS_CHROME_ROWS)));
    }

    /// Shows the figures, read again.
    pub fn open(&mut self, session: &Session) -> bool {
        self.tab = Tab::Overview;
        self.reload(session);
        true
    }

    /// Shows the audit log, read again; a referent gets the store's refusal
    /// on the figures tab.
    pub fn open_audit(&mut self, session: &Session) -> bool {
        match self.audit.load(session) {
            Ok(()) => {
                self.tab = Tab::Audit;
                self.message = None;
            }
            Err(e) => {
                if self.data.is_none() {
                    self.reload(session);
                }
                self.tab = Tab::Overview;
                self.message = Some(StatusLine::error(e.to_string()));
            }
        }
        true
    }

    /// Shows the ESF indicators, read again (coordinators: a referent is told so on the
    /// figures tab).
    pub fn open_indicators(&mut self, session: &Session) -> bool {
        if !session.actor().is_coordinator() {
            if self.data.is_none() {
                self.reload(session);
            }
            self.tab = Tab::Overview;
            self.message = Some(StatusLine::error(crate::i18n::t(
                "esf.indicators.coordinators",
            )));
            return true;
        }
        match self.indicators.load(session) {
            Ok(()) => {
                self.tab = Tab::Indicators;
                self.message = None;
            }
            Err(e) => self.message = Some(StatusLine::error(e.to_string())),
        }
        true
    }

    /// Reads the figures again, unless nothing was committed and the day is the same since
    /// they were read: a coordinator's figures sum the whole PLIE's year of time entries.
    fn reload(&mut self, session: &Session) {
        let read = session.data_stamp().and_then(|stamp| {
            if self.data.is_some() && self.read_at == Some(stamp) {
                return Ok(());
            }
            self.data = Some(session.dashboard(self.tz)?);
            self.outcomes = Some(outcomes::read(session)?);
            self.retention = session.past_retention()?;
            self.read_at = Some(stamp);
            Ok(())
        });
        match read {
            Ok(()) => self.message = None,
            Err(e) => self.message = Some(StatusLine::error(e.to_string())),
        }
    }

    /// Applies a key to the open form (the audit filter, the indicators' period).
    pub fn key(&mut self, event: KeyEvent, action: Option<Action>, session: &Session) -> bool {
        match self.tab {
            Tab::Indicators => self.indicators.key(event, action, session),
            _ => self.audit.key(event, action, session),
        }
    }

    /// Applies an action; `None` when it is not the dashboard's (global keys).
    pub fn act(&mut self, action: Action, session: &Session) -> Option<Outcome> {
        if self.tab == Tab::Indicators {
            return match self.indicators.act(action, session)? {
                Ok(IndicatorsOutcome::Done(changed)) => {
                    Some(Outcome::Done(changed || self.message.take().is_some()))
                }
                Ok(IndicatorsOutcome::Open(file)) => Some(Outcome::OpenFile(file)),
                Err(e) => {
                    self.message = Some(StatusLine::error(e.to_string()));
                    Some(Outcome::Done(true))
                }
            };
        }
        if self.tab == Tab::Audit {
            return match self.audit.act(action, session)? {
                Ok(changed) => Some(Outcome::Done(changed || self.message.take().is_some())),
                Err(e) => {
                    self.message = Some(StatusLine::error(e.to_string()));
                    Some(Outcome::Done(true))
                }
            };
        }
        let referents = self.data.as_ref().map_or(0, |d| d.referents.len());
        let alerts = Alert::ALL.len();
        let before = (self.alerts, self.offset);
        match action {
            Action::Up | Action::Down | Action::First | Action::Last => {
                self.alerts.navigate(action, alerts, alerts, 1);
            }
            Action::PageDown => self.offset = (self.offset + 1).min(referents.saturating_sub(1)),
            Action::PageUp => self.offset = self.offset.saturating_sub(1),
            Action::Open => return Some(Outcome::ShowAlert(self.selected_alert())),
            _ => return None,
        }
        Some(Outcome::Done(before != (self.alerts, self.offset)))
    }

    /// Leaves the audit or indicators tab for the figures; `false` when already there.
    pub fn back(&mut self, session: &Session) -> bool {
        match self.tab {
            Tab::Audit | Tab::Indicators => self.open(session),
            Tab::Overview => false,
        }
    }
}

/// Lines of the audit tab around its list: title, tabs, filter line, column headers, bottom line.
pub const AUDIT_CHROME_ROWS: u16 = 5;

/// Lines of the indicators tab around its list: title, tabs, period line, column headers,
/// the selected indicator's wording (a rule and two lines), bottom line.
pub const INDICATORS_CHROME_ROWS: u16 = 8;

impl Screen for DashboardScreen {
    fn key(
        &mut self,
        event: KeyEvent,
        action: Option<Action>,
        ctx: &mut Context<'_>,
    ) -> ScreenOutcome {
        if self.captures_keys() {
            return ScreenOutcome::Done(DashboardScreen::key(self, event, action, ctx.session));
        }
        let Some(action) = action else {
            return ScreenOutcome::Ignored;
        };
        match self.act(action, ctx.session) {
            Some(Outcome::Done(changed)) => ScreenOutcome::Done(changed),
            Some(Outcome::ShowAlert(alert)) => ScreenOutcome::Go(Route::CaseloadWithAlert(alert)),
            Some(Outcome::OpenFile(file)) => ScreenOutcome::Go(Route::File(file)),
            None if action == Action::Back && self.back(ctx.session) => ScreenOutcome::Done(true),
            None => ScreenOutcome::Ignored,
        }
    }

    fn refresh(&mut self, ctx: &mut Context<'_>) -> bool {
        // The figures are read again in place; the audit log keeps its page and place.
        match self.tab {
            Tab::Overview => self.open(ctx.session),
            Tab::Indicators => self.indicators.load(ctx.session).is_ok(),
            Tab::Audit => false,
        }
    }

    fn resize(&mut self, _width: u16, height: u16, _list_height: usize) {
        DashboardScreen::resize(self, height);
    }
}

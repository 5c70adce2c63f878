//! The coordinator's Indicators tab: the ESF+ common indicators of a period by sex (this
//! year so far at first), a form to choose the period and the caseload, and, for checking,
//! the participants behind the selected line (Enter; Enter again opens a file).

use chrono::Datelike;
use crossterm::event::KeyEvent;

use crate::domain::esf_indicators::{INDICATORS, Indicator};
use crate::domain::period::Period;
use crate::domain::user::Role;
use crate::i18n::t;
use crate::store::esf_indicators::{CountedParticipant, IndicatorReport};
use crate::store::{Session, StoreError};
use crate::tui::action::Action;
use crate::tui::widgets::cursor::Cursor;
use crate::tui::widgets::field::{Choice, Field};
use crate::tui::widgets::form::{Form, HeldForm, Refused, key_held};

/// The participants behind one indicator's figures.
#[derive(Debug, Clone)]
pub struct Counted {
    /// The indicator.
    pub indicator: &'static Indicator,
    /// Its participants, by name.
    pub participants: Vec<CountedParticipant>,
    cursor: Cursor,
}

impl Counted {
    /// The selected participant's line.
    pub fn selected(&self) -> usize {
        self.cursor.selected()
    }

    /// The first line shown.
    pub fn offset(&self) -> usize {
        self.cursor.offset()
    }
}

/// What an action on the tab asks of the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Handled here; whether the tab changed.
    Done(bool),
    /// Open this participant's file.
    Open(String),
}

/// The Indicators tab's state.
#[derive(Debug, Clone, Default)]
pub struct IndicatorsView {
    period: Option<Period>,
    referent: Option<String>,
    report: Option<IndicatorReport>,
    cursor: Cursor,
    height: usize,
    form: Option<Form>,
    counted: Option<Counted>,
}

impl IndicatorsView {
    /// The period shown (set at the first opening).
    pub fn period(&self) -> Option<Period> {
        self.period
    }

    /// The referent whose caseload is counted; `None` for the whole PLIE.
    pub fn referent(&self) -> Option<&str> {
        self.referent.as_deref()
    }

    /// The figures, once read.
    pub fn report(&self) -> Option<&IndicatorReport> {
        self.report.as_ref()
    }

    /// The selected line.
    pub fn selected(&self) -> usize {
        self.cursor.selected()
    }

    /// The first line shown.
    pub fn offset(&self) -> usize {
        self.cursor.offset()
    }

    /// The open period form, if any.
    pub fn form(&self) -> Option<&Form> {
        self.form.as_ref()
    }

    /// The participants behind the selected line, while shown.
    pub fn counted(&self) -> Option<&Counted> {
        self.counted.as_ref()
    }

    /// Sets how many lines the list shows.
    pub fn resize(&mut self, height: usize) {
        self.height = height.max(1);
        self.cursor.scroll(INDICATORS.len(), self.height);
    }

    /// Reads the figures again, keeping the line; the first time, over this year so far.
    pub fn load(&mut self, session: &Session) -> Result<(), StoreError> {
        let period = match self.period {
            Some(period) => period,
            None => {
                let today = session.today();
                let january = today.with_ordinal(1).unwrap_or(today);
                Period::new(january, today)?
            }
        };
        self.report = Some(session.indicators(period, self.referent.as_deref())?);
        self.period = Some(period);
        if let Some(counted) = self.counted.take() {
            self.count(counted.indicator, session)?;
        }
        Ok(())
    }

    /// Shows the participants behind `indicator`.
    fn count(
        &mut self,
        indicator: &'static Indicator,
        session: &Session,
    ) -> Result<(), StoreError> {
        let Some(period) = self.period else {
            return Ok(());
        };
        let participants =
            session.indicator_participants(period, self.referent.as_deref(), indicator)?;
        self.counted = Some(Counted {
            indicator,
            participants,
            cursor: Cursor::default(),
        });
        Ok(())
    }

    /// Leaves the participants' list for the figures; `false` when not in it.
    pub fn close(&mut self) -> bool {
        self.counted.take().is_some()
    }

    /// Applies an action; `None` when it is not the tab's.
    pub fn act(
        &mut self,
        action: Action,
        session: &Session,
    ) -> Option<Result<Outcome, StoreError>> {
        let height = self.height;
        if let Some(counted) = self.counted.as_mut() {
            let len = counted.participants.len();
            if let Some(moved) = counted.cursor.navigate(action, len, height, height) {
                return Some(Ok(Outcome::Done(moved)));
            }
            return match action {
                Action::Open => counted
                    .participants
                    .get(counted.cursor.selected())
                    .map(|p| Ok(Outcome::Open(p.file_number.to_string()))),
                Action::Back => Some(Ok(Outcome::Done(self.close()))),
                _ => None,
            };
        }
        if let Some(moved) = self
            .cursor
            .navigate(action, INDICATORS.len(), height, height)
        {
            return Some(Ok(Outcome::Done(moved)));
        }
        match action {
            Action::Open => {
                let indicator = INDICATORS.get(self.cursor.selected())?;
                Some(self.count(indicator, session).map(|()| Outcome::Done(true)))
            }
            Action::Filter => {
                self.form = Some(self.period_form(session));
                Some(Ok(Outcome::Done(true)))
            }
            _ => None,
        }
    }

    /// Applies a key to the open form. Returns whether the state changed.
    pub fn key(&mut self, event: KeyEvent, action: Option<Action>, session: &Session) -> bool {
        key_held(self, event, action, session)
    }

    /// The period form, filled with the period and caseload shown.
    fn period_form(&self, session: &Session) -> Form {
        let mut referents = vec![Choice::new("", t("esf.indicators.everyone"))];
        referents.extend(
            session
                .users()
                .unwrap_or_default()
                .into_iter()
                .filter(|u| u.role == Role::Referent)
                .map(|u| Choice::new(u.login.clone(), format!("{} ({})", u.name, u.login))),
        );
        Form::new(
            t("esf.indicators.form_title"),
            vec![
                Field::date(
                    "from",
                    t("esf.indicators.from"),
                    self.period.map(|p| p.from),
                )
                .required(),
                Field::date("to", t("esf.indicators.to"), self.period.map(|p| p.to)).required(),
                Field::choice(
                    "referent",
                    t("esf.indicators.referent"),
                    referents,
                    Some(self.referent.as_deref().unwrap_or_default()),
                ),
            ],
        )
    }
}

impl HeldForm for IndicatorsView {
    fn held(&mut self) -> &mut Option<Form> {
        &mut self.form
    }

    /// Reads the form and, when the store counts the period, closes it on the new figures.
    fn apply(&mut self, form: &mut Form, session: &Session) -> Result<(), Refused> {
        form.check_required()?;
        let (Some(from), Some(to)) = (form.date("from")?, form.date("to")?) else {
            return Err(Refused);
        };
        let period = Period::new(from, to).map_err(|e| form.fail(e, "to"))?;
        let referent = form
            .choice("referent")
            .filter(|r| !r.is_empty())
            .map(str::to_owned);
        let report = session
            .indicators(period, referent.as_deref())
            .map_err(|e| {
                form.set_error(e.to_string(), None);
                Refused
            })?;
        self.period = Some(period);
        self.referent = referent;
        self.report = Some(report);
        self.counted = None;
        Ok(())
    }
}

//! The coordinator's audit log: a list read page by page from the store
//! (newest first, more read as the selection nears the end), a filter form
//! (participant, user, period, accesses only) and the full before/after of one row.

use chrono::NaiveDate;
use chrono_tz::Tz;
use crossterm::event::KeyEvent;

use super::diff::fields;
use crate::i18n::t;
use crate::store::audit_query::{AuditEntry, AuditFilter};
use crate::store::{Session, StoreError};
use crate::tui::action::Action;
use crate::tui::show;
use crate::tui::widgets::cursor::Cursor;
use crate::tui::widgets::field::{Choice, Field};
use crate::tui::widgets::form::{Form, HeldForm, Refused, key_held};

/// Rows of the list's height the detail does not use for fields (its header lines).
const DETAIL_CHROME: usize = 2;

/// Rows read from the store at a time.
pub const PAGE: usize = 100;

/// What the filter form holds, as typed (kept to fill the form again).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterText {
    /// Participant's file number.
    pub file: String,
    /// User's login (empty: everyone).
    pub user: String,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day, `YYYY-MM-DD`.
    pub to: String,
    /// Only the access log (files opened, exported, given in a subject-access answer).
    pub accesses: bool,
}

impl FilterText {
    /// Whether no criterion is set.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The audit list's state.
#[derive(Debug, Clone)]
pub struct AuditView {
    tz: Tz,
    text: FilterText,
    filter: AuditFilter,
    form: Option<Form>,
    entries: Vec<AuditEntry>,
    next: Option<i64>,
    cursor: Cursor,
    height: usize,
    detail: bool,
    detail_scroll: usize,
}

impl AuditView {
    /// An empty list, days cut in `tz`.
    pub fn new(tz: Tz) -> Self {
        Self {
            tz,
            text: FilterText::default(),
            filter: AuditFilter::default(),
            form: None,
            entries: Vec::new(),
            next: None,
            cursor: Cursor::default(),
            height: 10,
            detail: false,
            detail_scroll: 0,
        }
    }

    /// The rows read so far.
    pub fn entries(&self) -> &[AuditEntry] {
        &self.entries
    }

    /// Whether older rows remain to be read.
    pub fn has_more(&self) -> bool {
        self.next.is_some()
    }

    /// Index of the selected row.
    pub fn selected(&self) -> usize {
        self.cursor.selected()
    }

    /// The first row shown.
    pub fn offset(&self) -> usize {
        self.cursor.offset()
    }

    /// The selected row, if any.
    pub fn selected_entry(&self) -> Option<&AuditEntry> {
        self.entries.get(self.cursor.selected())
    }

    /// The filter as typed.
    pub fn filter_text(&self) -> &FilterText {
        &self.text
    }

    /// The open filter form, if any.
    pub fn form(&self) -> Option<&Form> {
        self.form.as_ref()
    }

    /// Whether the full before/after of the selected row is shown.
    pub fn detail(&self) -> bool {
        self.detail
    }

    /// Lines of the detail scrolled out above.
    pub fn detail_scroll(&self) -> usize {
        self.detail_scroll
    }

    /// The time zone rows are shown in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// Sets how many rows the list shows.
    pub fn resize(&mut self, height: usize) {
        self.height = height.max(1);
        self.scroll();
    }

    /// Reads the first page with the current filter (a referent gets the store's refusal).
    pub fn load(&mut self, session: &Session) -> Result<(), StoreError> {
        let page = session.audit_page(&self.filter, None, PAGE)?;
        self.entries = page.entries;
        self.next = page.next;
        self.cursor.reset();
        self.detail = false;
        Ok(())
    }

    /// Reads the next page when line `at` is within a screen of the end.
    fn read_ahead(&mut self, at: usize, session: &Session) -> Result<(), StoreError> {
        if at + self.height < self.entries.len() {
            return Ok(());
        }
        if let Some(before) = self.next {
            let page = session.audit_page(&self.filter, Some(before), PAGE)?;
            self.entries.extend(page.entries);
            self.next = page.next;
        }
        Ok(())
    }

    fn scroll(&mut self) {
        self.cursor.scroll(self.entries.len(), self.height);
    }

    fn move_to(&mut self, index: usize, session: &Session) -> Result<bool, StoreError> {
        let before = self.cursor;
        self.cursor.select(index, self.entries.len(), self.height);
        self.read_ahead(self.cursor.selected(), session)?;
        self.scroll();
        Ok(before != self.cursor)
    }

    /// Applies a list action; `None` when the action is not the list's.
    pub fn act(&mut self, action: Action, session: &Session) -> Option<Result<bool, StoreError>> {
        let page = self.height;
        if self.detail {
            return match action {
                Action::Up | Action::PageUp | Action::First => {
                    let lines = if action == Action::Up { 1 } else { page };
                    let before = self.detail_scroll;
                    self.detail_scroll = if action == Action::First {
                        0
                    } else {
                        before.saturating_sub(lines)
                    };
                    Some(Ok(before != self.detail_scroll))
                }
                Action::Down | Action::PageDown | Action::Last => {
                    let lines = if action == Action::Down { 1 } else { page };
                    let total = self
                        .selected_entry()
                        .map_or(0, |e| fields(e.before.as_deref(), e.after.as_deref()).len());
                    let before = self.detail_scroll;
                    let last = total.saturating_sub(self.height.saturating_sub(DETAIL_CHROME));
                    self.detail_scroll = if action == Action::Last {
                        last
                    } else {
                        (before + lines).min(last)
                    };
                    Some(Ok(before != self.detail_scroll))
                }
                Action::Open | Action::Back => {
                    self.detail = false;
                    Some(Ok(true))
                }
                _ => None,
            };
        }
        let at = self.cursor.selected();
        let moved = |view: &mut Self, to: usize| Some(view.move_to(to, session));
        match action {
            Action::Up => moved(self, at.saturating_sub(1)),
            Action::Down => moved(self, at + 1),
            Action::PageUp => moved(self, at.saturating_sub(page)),
            Action::PageDown => moved(self, at + page),
            Action::First => moved(self, 0),
            Action::Last => {
                while self.next.is_some() {
                    if let Err(e) = self.read_ahead(self.entries.len(), session) {
                        return Some(Err(e));
                    }
                }
                moved(self, usize::MAX)
            }
            Action::Open if !self.entries.is_empty() => {
                self.detail = true;
                self.detail_scroll = 0;
                Some(Ok(true))
            }
            Action::Filter => {
                self.form = Some(filter_form(&self.text, session));
                Some(Ok(true))
            }
            Action::Clear if !self.text.is_empty() => {
                self.text = FilterText::default();
                self.filter = AuditFilter::default();
                Some(self.load(session).map(|()| true))
            }
            _ => None,
        }
    }

    /// Applies a key to the open form. Returns whether the state changed.
    pub fn key(&mut self, event: KeyEvent, action: Option<Action>, session: &Session) -> bool {
        key_held(self, event, action, session)
    }
}

impl HeldForm for AuditView {
    fn held(&mut self) -> &mut Option<Form> {
        &mut self.form
    }

    /// Reads the form, checks it and, when the store accepts it, closes it on the filtered list.
    fn apply(&mut self, form: &mut Form, session: &Session) -> Result<(), Refused> {
        let from = form.date("from")?;
        let to = form.date("to")?;
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            form.set_error(crate::i18n::t("dashboard.audit.dates_order"), Some("to"));
            return Err(Refused);
        }
        let text = FilterText {
            file: form.text("file").to_uppercase(),
            user: form.choice("user").unwrap_or_default().to_owned(),
            from: from.map(iso).unwrap_or_default(),
            to: to.map(iso).unwrap_or_default(),
            accesses: form.toggle("accesses"),
        };
        let base = AuditFilter {
            file_number: Some(text.file.clone()).filter(|s| !s.is_empty()),
            user: Some(text.user.clone()).filter(|s| !s.is_empty()),
            accesses_only: text.accesses,
            ..AuditFilter::default()
        };
        let filter = base.local_days(from, to, self.tz).map_err(|e| {
            form.set_error(e.to_string(), Some("from"));
            Refused
        })?;
        let page = session.audit_page(&filter, None, PAGE).map_err(|e| {
            let field = if matches!(
                e,
                StoreError::NotFound {
                    entity: "entity.user",
                    ..
                }
            ) {
                "user"
            } else {
                "file"
            };
            form.set_error(e.to_string(), Some(field));
            Refused
        })?;
        self.text = text;
        self.filter = filter;
        self.entries = page.entries;
        self.next = page.next;
        self.cursor.reset();
        self.detail = false;
        Ok(())
    }
}

fn iso(day: NaiveDate) -> String {
    show::date(day)
}

/// The filter form, filled with the filter in force.
fn filter_form(text: &FilterText, session: &Session) -> Form {
    let mut users = vec![Choice::new("", t("dashboard.audit.everyone"))];
    users.extend(
        session
            .users()
            .unwrap_or_default()
            .into_iter()
            .map(|u| Choice::new(u.login.clone(), format!("{} ({})", u.login, u.name))),
    );
    let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    Form::new(
        t("dashboard.audit.filter_title"),
        vec![
            Field::text("file", t("dashboard.audit.field.file"), &text.file),
            Field::choice(
                "user",
                t("dashboard.audit.field.user"),
                users,
                Some(text.user.as_str()),
            ),
            Field::date("from", t("dashboard.audit.field.from"), date(&text.from)),
            Field::date("to", t("dashboard.audit.field.to"), date(&text.to)),
            Field::toggle(
                "accesses",
                t("dashboard.audit.field.accesses"),
                text.accesses,
            ),
        ],
    )
}

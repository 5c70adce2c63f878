//! The agenda screen's state: the week shown and whose agenda it is, the
//! cursor (a day and an appointment), the day view, and the forms that open
//! over it (appointment, journal note, cancel confirmation). Changes go
//! through the store; a coordinator reads any referent's agenda but changes
//! only their own.

pub mod form;
pub mod note;
pub mod picker;
pub mod week;

use chrono::{Datelike, Days, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use crossterm::event::KeyEvent;

use self::form::{AppointmentDraft, AppointmentForm, FormOutcome};
use self::note::{NoteDraft, NoteForm};
use self::picker::Choice;
use self::week::Week;
use crate::domain::IsoWeek;
use crate::domain::agenda::{Appointment, AppointmentStatus};
use crate::domain::journal::ContactKind;
use crate::domain::participant::Status;
use crate::domain::schedule::{clashes, local_instant};
use crate::domain::user::{Role, User};
use crate::i18n::{t, tf};
use crate::store::{Session, StoreError};
use crate::tui::action::Action;
use crate::tui::drafts::Draft;
use crate::tui::screen::{Context, Outcome, Screen};
use crate::tui::show;
use crate::tui::status::StatusLine;
use crate::tui::store_text::describe;
use crate::tui::widgets::confirm;

/// The start time offered for a new appointment on an empty day.
const DEFAULT_START: (u32, u32) = (9, 0);

/// The agenda screen's state.
#[derive(Debug, Clone)]
pub struct Agenda {
    tz: Tz,
    actor: String,
    owner: String,
    referents: Vec<String>,
    week: Week,
    day: NaiveDate,
    selected: Option<usize>,
    day_view: bool,
    form: Option<AppointmentForm>,
    note: Option<NoteForm>,
    cancelling: Option<usize>,
    notice: Option<StatusLine>,
}

/// The UTC range of a week's local days.
fn week_bounds(
    week: IsoWeek,
    tz: Tz,
) -> (chrono::DateTime<chrono::Utc>, chrono::DateTime<chrono::Utc>) {
    let at = |day: NaiveDate| {
        local_instant(day, NaiveTime::MIN, tz)
            .unwrap_or_else(|_| day.and_time(NaiveTime::MIN).and_utc())
    };
    (at(week.monday()), at(week.next().monday()))
}

impl Agenda {
    /// The actor's own agenda on the week of `today`, not read yet.
    pub fn new(tz: Tz, today: NaiveDate, actor: &User) -> Self {
        Self {
            tz,
            actor: actor.login.clone(),
            owner: actor.login.clone(),
            referents: vec![actor.login.clone()],
            week: Week::new(IsoWeek::containing(today), Vec::new(), tz),
            day: today,
            selected: None,
            day_view: false,
            form: None,
            note: None,
            cancelling: None,
            notice: None,
        }
    }

    /// The week shown.
    pub fn week(&self) -> &Week {
        &self.week
    }

    /// The day with the cursor.
    pub fn day(&self) -> NaiveDate {
        self.day
    }

    /// Index of the selected appointment in the week's list.
    pub fn selected(&self) -> Option<usize> {
        self.selected
    }

    /// The selected appointment.
    pub fn selected_appointment(&self) -> Option<&Appointment> {
        self.selected.and_then(|i| self.week.appointments.get(i))
    }

    /// Whether the day view is open (else the week view).
    pub fn day_view(&self) -> bool {
        self.day_view
    }

    /// Login of the referent whose agenda is shown.
    pub fn owner(&self) -> &str {
        &self.owner
    }

    /// Whether the agenda shown is someone else's (a coordinator looking).
    pub fn read_only(&self) -> bool {
        self.owner != self.actor
    }

    /// Whether the actor can look at other agendas.
    pub fn can_switch(&self) -> bool {
        self.referents.len() > 1
    }

    /// The open appointment form.
    pub fn form(&self) -> Option<&AppointmentForm> {
        self.form.as_ref()
    }

    /// The open journal entry.
    pub fn note(&self) -> Option<&NoteForm> {
        self.note.as_ref()
    }

    /// The appointment whose cancellation is being confirmed.
    pub fn cancelling(&self) -> Option<&Appointment> {
        self.cancelling.and_then(|i| self.week.appointments.get(i))
    }

    /// The status line's message.
    pub fn notice(&self) -> Option<&StatusLine> {
        self.notice.as_ref()
    }

    /// Whether keys go to a form or a question rather than to the keymap.
    pub fn captures_keys(&self) -> bool {
        self.form.is_some() || self.note.is_some() || self.cancelling.is_some()
    }

    /// Opens the screen: the referents a coordinator may look at, then the week.
    pub fn open(&mut self, session: &Session) -> bool {
        if session.actor().is_coordinator()
            && let Ok(users) = session.users()
        {
            let mut logins = vec![self.actor.clone()];
            logins.extend(
                users
                    .into_iter()
                    .filter(|u| u.active && u.role == Role::Referent && u.login != self.actor)
                    .map(|u| u.login),
            );
            self.referents = logins;
        }
        self.reload(session);
        true
    }

    /// Opens the screen on the week of `appointment`, in its referent's agenda
    /// when the actor may look at it, the cursor on it.
    pub fn open_at(&mut self, session: &Session, appointment: &Appointment) -> bool {
        self.open(session);
        if self.referents.contains(&appointment.referent) {
            self.owner = appointment.referent.clone();
        }
        let day = appointment.starts_at.with_timezone(&self.tz).date_naive();
        self.go_to(day, session);
        if let Some(i) = self
            .week
            .appointments
            .iter()
            .position(|a| a.id == appointment.id)
        {
            self.select(i);
        }
        true
    }

    /// Reads the week again, keeping the selected appointment when it is still there.
    pub fn reload(&mut self, session: &Session) {
        let keep = self.selected_appointment().map(|a| a.id);
        let (from, to) = week_bounds(self.week.week, self.tz);
        match session.appointments_between(Some(&self.owner), from, to) {
            Ok(list) => {
                self.week = Week::new(self.week.week, list, self.tz);
                self.selected = keep
                    .and_then(|id| self.week.appointments.iter().position(|a| a.id == id))
                    .or_else(|| self.week.on(self.day).first().copied());
                if let Some(a) = self.selected_appointment() {
                    self.day = self.week.day_of(a);
                }
            }
            Err(e) => self.alert(e.to_string()),
        }
    }

    fn info(&mut self, text: String) {
        self.notice = Some(StatusLine::info(text));
    }

    fn alert(&mut self, text: String) {
        self.notice = Some(StatusLine::error(text));
    }

    /// Shows the week of `day`, the cursor on that day.
    fn go_to(&mut self, day: NaiveDate, session: &Session) {
        let week = IsoWeek::containing(day);
        self.day = day;
        self.selected = None;
        if week != self.week.week {
            self.week = Week::new(week, Vec::new(), self.tz);
        }
        self.reload(session);
        self.selected = self.week.on(day).first().copied();
    }

    fn select(&mut self, index: usize) -> bool {
        if self.selected == Some(index) {
            return false;
        }
        self.selected = Some(index);
        if let Some(a) = self.week.appointments.get(index) {
            self.day = self.week.day_of(a);
        }
        true
    }

    /// Moves the selection among the appointments: of the day in the day view, of the week otherwise.
    fn move_by(&mut self, delta: isize) -> bool {
        let candidates: Vec<usize> = if self.day_view {
            self.week.on(self.day)
        } else {
            (0..self.week.appointments.len()).collect()
        };
        if candidates.is_empty() {
            return false;
        }
        let at = self
            .selected
            .and_then(|s| candidates.iter().position(|c| *c == s));
        let next = match at {
            Some(p) => p.saturating_add_signed(delta).min(candidates.len() - 1),
            None if delta < 0 => candidates.len() - 1,
            None => 0,
        };
        self.select(candidates[next])
    }

    /// Moves the cursor a day back or forth, skipping the weekend days the week view hides.
    fn move_day(&mut self, delta: i64, session: &Session) -> bool {
        let mut day = self.day;
        for _ in 0..7 {
            day = if delta < 0 {
                day.checked_sub_days(Days::new(1))
            } else {
                day.checked_add_days(Days::new(1))
            }
            .unwrap_or(day);
            let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
            if !weekend || self.day_view || self.week.days().contains(&day) {
                break;
            }
        }
        if IsoWeek::containing(day) == self.week.week {
            self.day = day;
            self.selected = self.week.on(day).first().copied();
        } else {
            self.go_to(day, session);
        }
        true
    }

    fn change_week(&mut self, week: IsoWeek, session: &Session) -> bool {
        let offset = u64::from(self.day.weekday().num_days_from_monday());
        let day = week
            .monday()
            .checked_add_days(Days::new(offset))
            .unwrap_or(week.monday());
        self.go_to(day, session);
        true
    }

    /// Applies a bound command meant for the agenda; `None` for the ones the
    /// application handles (switching screens, help, quitting).
    pub fn act(&mut self, action: Action, session: &mut Session) -> Option<bool> {
        let previous_notice = self.notice.take();
        let changed = match action {
            Action::PreviousWeek | Action::PageUp => {
                self.change_week(self.week.week.previous(), session)
            }
            Action::NextWeek | Action::PageDown => self.change_week(self.week.week.next(), session),
            Action::ThisWeek => {
                self.go_to(session.today(), session);
                true
            }
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::First => self.move_by(isize::MIN),
            Action::Last => self.move_by(isize::MAX),
            Action::Left => self.move_day(-1, session),
            Action::Right => self.move_day(1, session),
            Action::Open if !self.day_view => {
                self.day_view = true;
                if self
                    .selected_appointment()
                    .is_none_or(|a| self.week.day_of(a) != self.day)
                {
                    self.selected = self.week.on(self.day).first().copied();
                }
                true
            }
            Action::Open | Action::Edit => self.edit(session),
            Action::Back if self.day_view => {
                self.day_view = false;
                true
            }
            Action::New => self.create(session),
            Action::Delete => self.ask_cancel(),
            Action::MarkDone => self.mark(AppointmentStatus::Done, session),
            Action::MarkNoShow => self.mark(AppointmentStatus::NoShow, session),
            Action::NextReferent => self.next_referent(session),
            Action::Filter | Action::FocusNext | Action::FocusPrevious | Action::Save => false,
            _ => {
                self.notice = previous_notice;
                return None;
            }
        };
        Some(changed || previous_notice.is_some())
    }

    fn next_referent(&mut self, session: &Session) -> bool {
        if !self.can_switch() {
            return false;
        }
        let at = self
            .referents
            .iter()
            .position(|l| *l == self.owner)
            .unwrap_or(0);
        self.owner = self.referents[(at + 1) % self.referents.len()].clone();
        self.selected = None;
        self.reload(session);
        if self.read_only() {
            self.info(tf("agenda.read_only", &[("login", &self.owner)]));
        }
        true
    }

    /// Refuses a change to someone else's agenda with a message; returns whether it is refused.
    fn refuse_read_only(&mut self) -> bool {
        if self.read_only() {
            self.alert(tf("agenda.read_only", &[("login", &self.owner)]));
        }
        self.read_only()
    }

    fn choices(&self, session: &Session) -> Vec<Choice> {
        session
            .caseload(None)
            .map(|rows| {
                rows.iter()
                    .filter(|r| r.status != Status::Exited)
                    .map(Choice::of)
                    .collect()
            })
            .unwrap_or_default()
    }

    fn create(&mut self, session: &Session) -> bool {
        if self.refuse_read_only() {
            return true;
        }
        let start = self
            .selected_appointment()
            .filter(|a| self.week.day_of(a) == self.day)
            .map(|a| {
                crate::domain::schedule::ends_at(a)
                    .with_timezone(&self.tz)
                    .time()
            })
            .unwrap_or_else(|| {
                NaiveTime::from_hms_opt(DEFAULT_START.0, DEFAULT_START.1, 0)
                    .unwrap_or(NaiveTime::MIN)
            });
        self.form = Some(AppointmentForm::create(
            self.day,
            start,
            self.choices(session),
        ));
        true
    }

    fn edit(&mut self, session: &Session) -> bool {
        let Some(a) = self.selected_appointment().cloned() else {
            return false;
        };
        if self.refuse_read_only() {
            return true;
        }
        match a.status {
            AppointmentStatus::Planned => match session.appointment(a.id) {
                Ok(detail) => {
                    self.form = Some(AppointmentForm::edit(
                        &detail,
                        self.tz,
                        self.choices(session),
                    ));
                }
                Err(e) => self.alert(e.to_string()),
            },
            AppointmentStatus::Done => match session.appointment_contact(a.id) {
                Ok(Some(contact)) => self.note = Some(NoteForm::new(contact)),
                Ok(None) => self.info(t("agenda.no_note")),
                Err(e) => self.alert(e.to_string()),
            },
            AppointmentStatus::NoShow | AppointmentStatus::Cancelled => {
                self.info(tf("agenda.not_editable", &[("status", &a.status.label())]));
            }
        }
        true
    }

    /// Opens a kept appointment form again, on the week of its date.
    pub fn resume_form(&mut self, draft: &AppointmentDraft, session: &Session) {
        if let Ok(day) =
            crate::domain::participant::parse_date_on(&draft.date, Some(session.today()))
        {
            self.go_to(day, session);
        }
        self.form = Some(AppointmentForm::restore(draft, self.choices(session)));
    }

    /// Opens a kept journal note again, on the week of its contact.
    pub fn resume_note(&mut self, draft: &NoteDraft, session: &Session) -> Result<(), StoreError> {
        let contact = session
            .appointment_contact(draft.appointment_id)?
            .ok_or_else(|| StoreError::NotFound {
                entity: "entity.appointment",
                key: draft.appointment_id.to_string(),
            })?;
        self.go_to(draft.contact_on, session);
        self.note = Some(NoteForm::restore(draft, contact));
        Ok(())
    }

    fn ask_cancel(&mut self) -> bool {
        let Some(index) = self.selected else {
            return false;
        };
        if self.refuse_read_only() {
            return true;
        }
        if let Some(a) = self.week.appointments.get(index)
            && a.status != AppointmentStatus::Planned
        {
            let status = a.status.label();
            self.info(tf("agenda.not_editable", &[("status", &status)]));
            return true;
        }
        self.cancelling = Some(index);
        true
    }

    fn mark(&mut self, status: AppointmentStatus, session: &mut Session) -> bool {
        let Some(a) = self.selected_appointment().cloned() else {
            return false;
        };
        if self.refuse_read_only() {
            return true;
        }
        match session.set_appointment_status(a.id, a.version, status, self.tz) {
            Ok(change) => {
                self.reload(session);
                match change.contact {
                    Some(contact) if contact.kind != ContactKind::NoShow => {
                        self.note = Some(NoteForm::new(contact));
                    }
                    Some(contact) => self.info(tf(
                        "agenda.no_show_logged",
                        &[("file", &contact.participant)],
                    )),
                    None => self.info(tf(
                        "agenda.marked",
                        &[("status", &change.appointment.status.label())],
                    )),
                }
            }
            Err(e) => self.alert(describe(&e, self.tz)),
        }
        true
    }

    /// Applies a key while a form or a question is open; `action` is what the keymap binds it to.
    pub fn key(&mut self, event: KeyEvent, action: Option<Action>, session: &mut Session) -> bool {
        if let Some(index) = self.cancelling {
            return match confirm::answer(event) {
                Some(answer) => {
                    self.cancelling = None;
                    if answer {
                        self.cancel(index, session);
                    }
                    true
                }
                None => false,
            };
        }
        if let Some(note) = &mut self.note {
            return match note.key(event, action) {
                FormOutcome::Ignored => false,
                FormOutcome::Changed => true,
                FormOutcome::Close => {
                    let due = note.due();
                    let unwritten = note.contact.summary.is_empty();
                    self.note = None;
                    if unwritten {
                        self.info(tf("agenda.note_due", &[("date", &show::date(due))]));
                    }
                    true
                }
                FormOutcome::Save => self.save_note(session),
            };
        }
        if let Some(form) = &mut self.form {
            return match form.key(event, action) {
                FormOutcome::Ignored => false,
                FormOutcome::Changed => true,
                FormOutcome::Close => {
                    self.form = None;
                    true
                }
                FormOutcome::Save => self.save_form(session),
            };
        }
        false
    }

    fn cancel(&mut self, index: usize, session: &mut Session) {
        let Some(a) = self.week.appointments.get(index).cloned() else {
            return;
        };
        match session.set_appointment_status(a.id, a.version, AppointmentStatus::Cancelled, self.tz)
        {
            Ok(_) => {
                self.reload(session);
                self.info(tf(
                    "agenda.marked",
                    &[("status", &AppointmentStatus::Cancelled.label())],
                ));
            }
            Err(e) => self.alert(describe(&e, self.tz)),
        }
    }

    fn save_note(&mut self, session: &mut Session) -> bool {
        let Some(note) = &mut self.note else {
            return false;
        };
        let c = &note.contact;
        match session.write_appointment_note(
            c.id,
            c.version,
            note.summary.value(),
            note.next_action.value(),
        ) {
            Ok(saved) => {
                self.note = None;
                self.info(tf("agenda.note_saved", &[("file", &saved.participant)]));
            }
            Err(e) => note.error = Some(describe(&e, self.tz)),
        }
        true
    }

    /// The appointments a new or moved one would overlap, described for a warning.
    fn overlaps(
        &self,
        session: &Session,
        starts: &[chrono::DateTime<chrono::Utc>],
        minutes: u32,
        except: Option<i64>,
    ) -> Result<Vec<String>, StoreError> {
        let (Some(first), Some(last)) = (starts.first(), starts.last()) else {
            return Ok(Vec::new());
        };
        let span = chrono::Duration::days(1);
        let existing = session.appointments_between(None, *first - span, *last + span)?;
        let week = Week::new(self.week.week, Vec::new(), self.tz);
        let mut found = Vec::new();
        for start in starts {
            for a in clashes(&existing, *start, minutes, except) {
                found.push(format!(
                    "{} {} {}",
                    week::day_heading(week.day_of(a)),
                    week.start(a),
                    a.participant.clone().unwrap_or_else(|| week::short_kind(a))
                ));
            }
        }
        found.dedup();
        Ok(found)
    }

    fn save_form(&mut self, session: &mut Session) -> bool {
        let Some(form) = &self.form else {
            return false;
        };
        let (fields, starts) = match form.values(self.tz, session.today()) {
            Ok(values) => values,
            Err(e) => {
                self.form_error(e.to_string());
                return true;
            }
        };
        let editing = form.editing();
        if form.warning.is_none() {
            match self.overlaps(session, &starts, fields.minutes, editing.map(|(id, _)| id)) {
                Ok(found) if !found.is_empty() => {
                    if let Some(form) = &mut self.form {
                        form.warning = Some(tf(
                            "agenda.form.overlap",
                            &[("n", &found.len().to_string()), ("list", &found.join(", "))],
                        ));
                    }
                    return true;
                }
                Ok(_) => {}
                Err(e) => {
                    self.form_error(e.to_string());
                    return true;
                }
            }
        }
        let overlapping = form.warning.is_some();
        let saved = match editing {
            Some((id, version)) => session
                .update_appointment(id, version, &fields)
                .map(|a| vec![a]),
            None => session.create_appointments(&fields, &starts),
        };
        match saved {
            Ok(saved) => {
                self.form = None;
                if let Some(first) = saved.first() {
                    let day = first.starts_at.with_timezone(&self.tz).date_naive();
                    self.go_to(day, session);
                    self.selected = self.week.appointments.iter().position(|a| a.id == first.id);
                }
                let mut text = if saved.len() > 1 {
                    tf("agenda.saved_series", &[("n", &saved.len().to_string())])
                } else {
                    t("agenda.saved")
                };
                if overlapping {
                    text.push(' ');
                    text.push_str(&t("agenda.saved_overlapping"));
                }
                self.info(text);
            }
            Err(e) => self.form_error(describe(&e, self.tz)),
        }
        true
    }

    fn form_error(&mut self, text: String) {
        if let Some(form) = &mut self.form {
            form.error = Some(text);
        }
    }
}

impl Screen for Agenda {
    fn key(&mut self, event: KeyEvent, action: Option<Action>, ctx: &mut Context<'_>) -> Outcome {
        if self.captures_keys() {
            return Outcome::Done(Agenda::key(self, event, action, ctx.session));
        }
        match action.and_then(|action| self.act(action, ctx.session)) {
            Some(changed) => Outcome::Done(changed),
            None => Outcome::Ignored,
        }
    }

    fn refresh(&mut self, ctx: &mut Context<'_>) -> bool {
        // A form or a question keeps what it shows; saving meets the usual conflict.
        if self.captures_keys() {
            return false;
        }
        self.reload(ctx.session);
        true
    }

    fn draft(&self) -> Option<Draft> {
        self.form()
            .and_then(|f| f.draft())
            .map(|form| Draft::Appointment { form })
            .or_else(|| {
                let note = self.note()?.draft()?;
                Some(Draft::Note { note })
            })
    }
}

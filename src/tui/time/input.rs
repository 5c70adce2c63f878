//! How the time screen reacts to inputs: moving, typing durations, notes
//! and rows, proposals, submitting and validating. Every write goes through
//! the store; a refusal is shown in the status line and changes nothing.

use chrono::{Datelike, NaiveDate};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::grid::RowKey;
use super::{Confirm, Mode, TimeScreen, completion, proposals};
use crate::domain::IsoWeek;
use crate::domain::duration::{format_hmm, may_continue, parse_minutes};
use crate::domain::time::{NewTimeEntry, TimeEntry, WeekStatus};
use crate::i18n::{t, tf, tn};
use crate::store::{Session, StoreError};
use crate::tui::action::{Action, Input};
use crate::tui::status::StatusLine;
use crate::tui::store_text::describe;
use crate::tui::widgets::confirm;

/// The label of a day of the week (Monday = 0) with its date: `Mon 23`.
pub fn day_label(week: IsoWeek, day: usize) -> String {
    const KEYS: [&str; 7] = [
        "sheet.day.mon",
        "sheet.day.tue",
        "sheet.day.wed",
        "sheet.day.thu",
        "sheet.day.fri",
        "sheet.day.sat",
        "sheet.day.sun",
    ];
    let date = week.days()[day.min(6)];
    format!("{} {}", t(KEYS[day.min(6)]), date.format("%d"))
}

/// What a change to an entry keeps: everything but the minutes or the note.
fn changed(entry: &TimeEntry, minutes: u32, note: &str) -> NewTimeEntry {
    NewTimeEntry {
        date: entry.date,
        minutes,
        activity: entry.activity.clone(),
        participant: entry.participant.clone(),
        appointment_id: entry.appointment_id,
        note: note.to_owned(),
    }
}

impl TimeScreen {
    /// What a key means on this screen before the keymap is asked: Enter
    /// opens or confirms, and characters go to the open text line or the
    /// yes/no question. In the grid a character is never typed into a cell:
    /// Enter opens the cell's duration first, so the screen keys, `?` and `q`
    /// mean there what they mean everywhere.
    pub fn text_input(&self, event: KeyEvent) -> Option<Input> {
        let plain = !event
            .modifiers
            .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
        match event.code {
            KeyCode::Enter if plain => Some(Input::Accept),
            KeyCode::Backspace if self.takes_text() => Some(Input::Erase),
            KeyCode::Char(c) if plain && (self.takes_text() || self.answers(c)) => {
                Some(Input::Type(c))
            }
            _ => None,
        }
    }

    /// Applies an input. `None` leaves it to the application (screen keys,
    /// help, quit); otherwise whether the screen changed.
    pub fn update(&mut self, session: &mut Session, input: Input) -> Option<bool> {
        if let Some(week) = self.notice.take() {
            // The referent has seen the reopening notice: it is not shown again.
            if let Err(e) = session.acknowledge_reopen(week) {
                self.message = Some(StatusLine::error(describe(&e, self.tz)));
            }
        }
        match input {
            Input::Resize(width, height) => {
                self.resize(width, height);
                None
            }
            Input::Type(c) => Some(self.type_char(session, c)),
            Input::Erase => Some(self.erase()),
            Input::Accept => Some(self.accept(session)),
            Input::Action(action) => self.act(session, action),
        }
    }

    fn type_char(&mut self, session: &mut Session, c: char) -> bool {
        match &mut self.mode {
            // Nothing is typed into the grid itself (see `text_input`).
            Mode::Grid | Mode::Detail { text: None, .. } => false,
            Mode::Cell(text)
            | Mode::Detail {
                text: Some(text), ..
            }
            | Mode::Proposals {
                text: Some(text), ..
            } => {
                if may_continue(text, c) {
                    text.push(c);
                    self.message = None;
                } else {
                    self.message = Some(StatusLine::error(tf(
                        "time.error.not_duration",
                        &[("char", &c.to_string())],
                    )));
                }
                true
            }
            Mode::Note { text, .. } | Mode::Reopen { text, .. } | Mode::NewRow { text, .. } => {
                text.push(c);
                if let Mode::NewRow { selected, .. } = &mut self.mode {
                    *selected = 0;
                }
                true
            }
            Mode::Proposals { selected, .. } => {
                let selected = *selected;
                match c {
                    'y' => self.accept_proposals(session, selected, 1),
                    'a' => self.accept_proposals(session, 0, self.proposals.len()),
                    'n' => self.drop_proposal(selected),
                    'i' => self.add_individual_meetings(),
                    _ => return false,
                }
                true
            }
            // The export choice is made with the arrows and Enter: no character writes a file.
            Mode::Export { .. } => false,
            Mode::Confirm(what) => match (confirm::answer_char(c), c) {
                (Some(true), _) => self.confirm(session),
                (Some(false), _) => {
                    self.mode = Mode::Grid;
                    self.message = None;
                    true
                }
                // A submitted week the coordinator will not sign: reopen it with a reason.
                (None, 'r') => match what.clone() {
                    Confirm::Validate(login) => {
                        self.mode = Mode::Reopen {
                            login,
                            text: String::new(),
                        };
                        true
                    }
                    Confirm::Submit => false,
                },
                (None, _) => false,
            },
        }
    }

    fn erase(&mut self) -> bool {
        match &mut self.mode {
            Mode::Cell(text) => text.pop().is_some(),
            Mode::NewRow { text, selected } => {
                *selected = 0;
                if text.pop().is_none() {
                    self.mode = Mode::Grid;
                }
                true
            }
            Mode::Detail { text, .. } | Mode::Proposals { text, .. } => {
                if let Some(t) = text {
                    t.pop();
                    if t.is_empty() {
                        *text = None;
                    }
                }
                true
            }
            Mode::Note { text, .. } | Mode::Reopen { text, .. } => text.pop().is_some(),
            _ => false,
        }
    }

    fn accept(&mut self, session: &mut Session) -> bool {
        if let Mode::Export { selected } = self.mode {
            if let Some(choice) = self.export_choices().get(selected).copied() {
                self.export(session, choice);
            }
            return true;
        }
        if self.shows_overview() {
            return self.open_referent(session);
        }
        match self.mode.clone() {
            Mode::Grid => self.open_cell(),
            Mode::Cell(text) if text.trim().is_empty() => {
                self.mode = Mode::Grid;
                true
            }
            Mode::Cell(text) => {
                if self.commit_cell(session, &text) {
                    self.move_by(1, 0);
                }
                true
            }
            Mode::Detail {
                selected,
                text: None,
            } => {
                self.mode = if self.editable() && selected < self.cell_entries().len() {
                    Mode::Detail {
                        selected,
                        text: Some(String::new()),
                    }
                } else {
                    Mode::Grid
                };
                true
            }
            Mode::Detail {
                selected,
                text: Some(text),
            } => {
                if let Some(entry) = self.cell_entries().get(selected).cloned() {
                    match parse_minutes(&text) {
                        Ok(minutes) => {
                            let write = session.update_time_entry(
                                entry.id,
                                entry.version,
                                &changed(&entry, minutes, &entry.note),
                            );
                            self.after_write(session, write.map(|_| ()), selected);
                        }
                        Err(e) => self.message = Some(StatusLine::error(e.to_string())),
                    }
                }
                true
            }
            Mode::Note {
                entry,
                version,
                text,
                ..
            } => {
                self.save_note(session, entry, version, &text);
                true
            }
            Mode::NewRow { text, selected } => {
                self.add_row(session, &text, selected);
                true
            }
            Mode::Proposals { selected, text } => {
                if selected >= self.proposals.len() {
                    self.mode = Mode::Grid;
                    return true;
                }
                if let Some(text) = text {
                    match parse_minutes(&text) {
                        Ok(minutes) => self.proposals[selected].entry.minutes = minutes,
                        Err(e) => {
                            self.message = Some(StatusLine::error(e.to_string()));
                            return true;
                        }
                    }
                }
                self.accept_proposals(session, selected, 1);
                true
            }
            Mode::Export { .. } => false,
            Mode::Confirm(_) => self.confirm(session),
            Mode::Reopen { login, text } => self.reopen(session, &login, &text),
        }
    }

    fn act(&mut self, session: &mut Session, action: Action) -> Option<bool> {
        if matches!(action, Action::Help | Action::Quit) {
            return None;
        }
        if let Some(week) = self.week_for(session, action) {
            if !matches!(self.mode, Mode::Grid) {
                return Some(false);
            }
            self.go_to(session, week);
            return Some(true);
        }
        if let Mode::Export { selected } = self.mode {
            return self.act_in_export(action, selected);
        }
        if self.shows_overview() {
            return self.act_in_overview(action);
        }
        match self.mode.clone() {
            Mode::Grid => self.act_in_grid(session, action),
            Mode::Cell(text) => Some(match action {
                Action::Back => {
                    self.mode = Mode::Grid;
                    true
                }
                // Moving on from a duration keeps typing: the next cell's duration opens.
                _ => match self.step(action) {
                    Some((rows, days)) => {
                        if self.commit_cell(session, &text) {
                            self.move_by(rows, days);
                            if self.mode == Mode::Grid {
                                self.mode = Mode::Cell(String::new());
                            }
                        }
                        true
                    }
                    None => false,
                },
            }),
            Mode::Detail { selected, text } => Some(match action {
                Action::Up | Action::Down if text.is_none() => {
                    let last = self.cell_entries().len().saturating_sub(1);
                    let selected = if action == Action::Up {
                        selected.saturating_sub(1)
                    } else {
                        (selected + 1).min(last)
                    };
                    self.mode = Mode::Detail { selected, text };
                    true
                }
                Action::Edit if text.is_none() => self.edit_note(selected),
                Action::Clear | Action::Delete if text.is_none() => {
                    let entries: Vec<TimeEntry> = self
                        .cell_entries()
                        .get(selected)
                        .cloned()
                        .into_iter()
                        .collect();
                    self.delete(session, &entries);
                    true
                }
                Action::Back => {
                    self.mode = match text {
                        Some(_) => Mode::Detail {
                            selected,
                            text: None,
                        },
                        None => Mode::Grid,
                    };
                    true
                }
                _ => false,
            }),
            Mode::Note { .. } | Mode::Reopen { .. } => Some(match action {
                Action::Back => {
                    self.mode = Mode::Grid;
                    true
                }
                _ => false,
            }),
            // A question is not a text field: what does not answer it means what it
            // means everywhere (a screen key, help, the palette, quit).
            Mode::Confirm(_) => match action {
                Action::Back => {
                    self.mode = Mode::Grid;
                    Some(true)
                }
                _ => None,
            },
            Mode::NewRow { text, selected } => Some(match action {
                Action::Back => {
                    self.mode = Mode::Grid;
                    true
                }
                Action::Up | Action::Down | Action::FocusNext | Action::FocusPrevious => {
                    let n = self.choices().len().max(1);
                    let selected = match action {
                        Action::Up | Action::FocusPrevious => (selected + n - 1) % n,
                        _ => (selected + 1) % n,
                    };
                    self.mode = Mode::NewRow { text, selected };
                    true
                }
                _ => false,
            }),
            Mode::Export { .. } => None,
            Mode::Proposals {
                selected,
                text: Some(_),
            } => Some(match action {
                Action::Back => {
                    self.mode = Mode::Proposals {
                        selected,
                        text: None,
                    };
                    true
                }
                _ => false,
            }),
            Mode::Proposals { selected, .. } => Some(match action {
                // The duration is changed on purpose only: `e`, then the digits.
                Action::Edit if selected < self.proposals.len() => {
                    self.mode = Mode::Proposals {
                        selected,
                        text: Some(String::new()),
                    };
                    true
                }
                Action::Up | Action::Down => {
                    let last = self.proposals.len().saturating_sub(1);
                    let selected = if action == Action::Up {
                        selected.saturating_sub(1)
                    } else {
                        (selected + 1).min(last)
                    };
                    self.mode = Mode::Proposals {
                        selected,
                        text: None,
                    };
                    true
                }
                Action::Back => {
                    self.individual.clear();
                    self.proposals.clear();
                    self.mode = Mode::Grid;
                    self.message = Some(StatusLine::info(t("time.proposals_dropped")));
                    true
                }
                _ => return None,
            }),
        }
    }

    /// Keys of the export choice: move, close; any other key is left to the
    /// application (a screen key, help, the palette, quit).
    fn act_in_export(&mut self, action: Action, selected: usize) -> Option<bool> {
        let last = self.export_choices().len().saturating_sub(1);
        self.mode = match action {
            Action::Up => Mode::Export {
                selected: selected.saturating_sub(1),
            },
            Action::Down => Mode::Export {
                selected: (selected + 1).min(last),
            },
            Action::Back => Mode::Grid,
            _ => return None,
        };
        Some(true)
    }

    /// The week a week key leads to.
    fn week_for(&self, session: &Session, action: Action) -> Option<IsoWeek> {
        match action {
            Action::PreviousWeek => Some(self.week.previous()),
            Action::NextWeek => Some(self.week.next()),
            Action::ThisWeek => Some(IsoWeek::containing(session.today())),
            _ => None,
        }
    }

    /// Shows `week`, on today's cell when it holds today.
    pub(super) fn go_to(&mut self, session: &Session, week: IsoWeek) {
        self.week = week;
        self.extra.clear();
        self.proposals.clear();
        self.individual.clear();
        self.message = None;
        self.row = 0;
        self.offset = 0;
        self.day = if week.contains(session.today()) {
            weekday_index(session.today())
        } else {
            0
        };
        self.reload(session);
    }

    fn act_in_overview(&mut self, action: Action) -> Option<bool> {
        let last = self.overview.len().saturating_sub(1);
        let before = self.overview_selected;
        let page = self.grid_height();
        self.overview_selected = match action {
            Action::Up => before.saturating_sub(1),
            Action::Down => (before + 1).min(last),
            Action::PageUp => before.saturating_sub(page),
            Action::PageDown => (before + page).min(last),
            Action::First => 0,
            Action::Last => last,
            Action::Export => return Some(self.open_export()),
            Action::ValidateWeek => {
                return Some(match self.overview.get(before) {
                    Some(line) => {
                        let login = line.record.referent.clone();
                        self.ask_validate(line.record.status, login)
                    }
                    None => false,
                });
            }
            Action::Back => return self.message.take().map(|_| true),
            _ => return None,
        };
        Some(before != self.overview_selected)
    }

    fn open_referent(&mut self, session: &mut Session) -> bool {
        let Some(line) = self.overview.get(self.overview_selected) else {
            return false;
        };
        self.referent = Some(line.record.referent.clone());
        let week = self.week;
        self.go_to(session, week);
        true
    }

    fn act_in_grid(&mut self, session: &mut Session, action: Action) -> Option<bool> {
        if let Some((rows, days)) = self.step(action) {
            return Some(self.move_by(rows, days));
        }
        let page = self.grid_height() as isize;
        Some(match action {
            Action::PageUp => self.move_by(-page, 0),
            Action::PageDown => self.move_by(page, 0),
            Action::First => self.move_by(0, -7),
            Action::Last => self.move_by(0, 7),
            Action::New => self.when_editable(|s| {
                s.mode = Mode::NewRow {
                    text: String::new(),
                    selected: 0,
                };
            }),
            Action::Edit => match self.cell_entries().len() {
                0 => {
                    self.message = Some(StatusLine::error(t("time.error.empty_cell")));
                    true
                }
                1 => self.edit_note(0),
                _ => {
                    self.mode = Mode::Detail {
                        selected: 0,
                        text: None,
                    };
                    true
                }
            },
            Action::Clear | Action::Delete => {
                let entries = self.cell_entries().to_vec();
                if entries.is_empty() {
                    return Some(false);
                }
                self.delete(session, &entries);
                true
            }
            Action::FromAgenda => self.propose(session, true),
            Action::CopyWeek => self.propose(session, false),
            Action::Export => self.open_export(),
            Action::SubmitWeek => {
                if self.coordinator {
                    return None;
                }
                match self.record().map(|r| r.status) {
                    Some(WeekStatus::Draft) => {
                        self.mode = Mode::Confirm(Confirm::Submit);
                        self.message = None;
                    }
                    Some(status) => {
                        self.message = Some(StatusLine::error(tf(
                            "time.error.not_draft",
                            &[
                                ("week", &self.week.to_string()),
                                ("status", &status.label()),
                            ],
                        )));
                    }
                    None => return Some(false),
                }
                true
            }
            Action::ValidateWeek => {
                match (self.referent.clone(), self.record().map(|r| r.status)) {
                    (Some(login), Some(status)) => self.ask_validate(status, login),
                    _ => {
                        self.message =
                            Some(StatusLine::error(t("time.error.validate_coordinator")));
                        true
                    }
                }
            }
            Action::Back => {
                if self.coordinator && self.referent.is_some() {
                    self.referent = None;
                    self.data = None;
                    self.rows.clear();
                    self.message = None;
                    self.reload(session);
                    true
                } else {
                    return self.message.take().map(|_| true);
                }
            }
            _ => return None,
        })
    }

    /// Validating a submitted week asks for a yes or a no (or `r` to reopen it); a
    /// validated week can only be reopened, with a reason.
    fn ask_validate(&mut self, status: WeekStatus, login: String) -> bool {
        if status == WeekStatus::Submitted {
            self.mode = Mode::Confirm(Confirm::Validate(login));
            self.message = None;
        } else if status == WeekStatus::Validated {
            self.mode = Mode::Reopen {
                login,
                text: String::new(),
            };
            self.message = None;
        } else {
            self.message = Some(StatusLine::error(tf(
                "time.error.not_submitted",
                &[
                    ("week", &self.week.to_string()),
                    ("status", &status.label()),
                ],
            )));
        }
        true
    }

    /// Enter on a cell: its duration opens for typing (an empty cell or one entry), or
    /// its entries to choose from (several, or a week that cannot change here).
    fn open_cell(&mut self) -> bool {
        let entries = self.cell_entries().len();
        if self.rows.is_empty() {
            self.message = Some(StatusLine::error(t("time.error.no_row")));
        } else if entries > 1 || (entries == 1 && !self.editable()) {
            self.mode = Mode::Detail {
                selected: 0,
                text: None,
            };
        } else if self.editable() {
            self.mode = Mode::Cell(String::new());
            self.message = None;
        } else {
            self.message = Some(StatusLine::error(self.read_only_reason()));
        }
        true
    }

    /// Runs `open` when the week can change here, else says why not.
    fn when_editable(&mut self, open: impl FnOnce(&mut Self)) -> bool {
        if self.editable() {
            open(self);
        } else {
            self.message = Some(StatusLine::error(self.read_only_reason()));
        }
        true
    }

    fn read_only_reason(&self) -> String {
        match self.record() {
            Some(r) if self.coordinator => tf(
                "time.error.coordinator_read_only",
                &[("name", &r.referent_name)],
            ),
            Some(r) => tf(
                "error.week_locked",
                &[("week", &r.week.to_string()), ("status", &r.status.label())],
            ),
            None => t("time.error.not_loaded"),
        }
    }

    fn edit_note(&mut self, selected: usize) -> bool {
        let Some(entry) = self.cell_entries().get(selected).cloned() else {
            return false;
        };
        self.when_editable(|s| {
            s.mode = Mode::Note {
                selected,
                entry: entry.id,
                version: entry.version,
                text: entry.note,
            }
        })
    }

    /// Saves `text` as the note of entry `id`, read at `version`. A conflict
    /// keeps the input and takes the entry's newer version: the message names
    /// who changed it and when, and Enter again saves over their change.
    fn save_note(&mut self, session: &mut Session, id: i64, version: i64, text: &str) {
        let Some(entry) = self.entry(id).cloned() else {
            let missing = StoreError::not_found("entity.time_entry", id);
            self.message = Some(StatusLine::error(missing.to_string()));
            return;
        };
        let write = session
            .update_time_entry(id, version, &changed(&entry, entry.minutes, text))
            .map(|_| ());
        let conflict = matches!(write, Err(StoreError::Conflict { .. }));
        self.after_write(session, write, 0);
        let fresh = self.entry(id).map(|e| e.version);
        if let (true, Some(fresh), Mode::Note { version, .. }) = (conflict, fresh, &mut self.mode) {
            *version = fresh;
        }
    }

    /// The cell move of a movement key: rows and days.
    fn step(&self, action: Action) -> Option<(isize, isize)> {
        Some(match action {
            Action::Up => (-1, 0),
            Action::Down => (1, 0),
            Action::Left => (0, -1),
            Action::Right => (0, 1),
            Action::FocusNext => (0, 2),
            Action::FocusPrevious => (0, -2),
            _ => return None,
        })
    }

    /// Moves the selection by rows and days; a day step of ±2 is Tab /
    /// Shift-Tab, which goes through the shown days and wraps to the next or
    /// previous row. The other steps reach every day, the weekend included
    /// (its columns then appear).
    fn move_by(&mut self, rows: isize, days: isize) -> bool {
        let before = (self.row, self.day, self.offset);
        let shown = match days {
            2 | -2 => self.days_shown(),
            _ => (0..7).collect(),
        };
        let at = shown.iter().position(|d| *d == self.day).unwrap_or(0);
        let last_row = self.rows.len().saturating_sub(1);
        let (mut row, mut at) = (self.row, at as isize);
        match days {
            2 | -2 => {
                at += days.signum();
                if at >= shown.len() as isize && row < last_row {
                    at = 0;
                    row += 1;
                } else if at < 0 && row > 0 {
                    at = shown.len() as isize - 1;
                    row -= 1;
                }
            }
            _ => at += days,
        }
        let at = at.clamp(0, shown.len() as isize - 1) as usize;
        self.row = row.saturating_add_signed(rows).min(last_row);
        self.day = shown.get(at).copied().unwrap_or(0);
        self.mode = Mode::Grid;
        self.clamp();
        before != (self.row, self.day, self.offset)
    }

    /// Sets the selected cell to `text` (a duration). Returns whether it was stored.
    fn commit_cell(&mut self, session: &mut Session, text: &str) -> bool {
        if text.trim().is_empty() {
            self.mode = Mode::Grid;
            return true;
        }
        let minutes = match parse_minutes(text) {
            Ok(m) => m,
            Err(e) => {
                self.message = Some(StatusLine::error(e.to_string()));
                return false;
            }
        };
        let Some(row) = self.rows.get(self.row) else {
            return false;
        };
        let date = self.week.days()[self.day];
        let write = match self.cell_entries() {
            [] => session
                .add_time_entry(&NewTimeEntry {
                    date,
                    minutes,
                    activity: row.key.activity.clone(),
                    participant: row.key.participant.clone(),
                    appointment_id: None,
                    note: String::new(),
                })
                .map(|_| ()),
            [entry] => {
                let entry = entry.clone();
                session
                    .update_time_entry(
                        entry.id,
                        entry.version,
                        &changed(&entry, minutes, &entry.note),
                    )
                    .map(|_| ())
            }
            several => {
                self.message = Some(StatusLine::error(tf(
                    "time.error.several",
                    &[("n", &several.len().to_string())],
                )));
                self.mode = Mode::Detail {
                    selected: 0,
                    text: None,
                };
                return false;
            }
        };
        let ok = write.is_ok();
        self.after_write(session, write, 0);
        ok
    }

    fn delete(&mut self, session: &mut Session, entries: &[TimeEntry]) {
        let write = entries
            .iter()
            .try_for_each(|e| session.delete_time_entry(e.id, e.version));
        self.after_write(session, write, 0);
    }

    /// Reads the week again after a write and says how it went: the store's
    /// refusal, or a warning above the contract hours or for a day with time
    /// but an empty agenda, or the day's new total. In a cell's detail, the
    /// selection stays on `selected` when the cell still has it.
    fn after_write(&mut self, session: &Session, write: Result<(), StoreError>, selected: usize) {
        if let Err(e) = write {
            self.message = Some(StatusLine::error(describe(&e, self.tz)));
            self.reload(session);
            return;
        }
        self.reload(session);
        self.mode = match self.mode {
            Mode::Detail { .. } | Mode::Note { .. } if self.cell_entries().len() > 1 => {
                Mode::Detail {
                    selected: selected.min(self.cell_entries().len() - 1),
                    text: None,
                }
            }
            Mode::Proposals { selected, .. } if !self.proposals.is_empty() => Mode::Proposals {
                selected: selected.min(self.proposals.len() - 1),
                text: None,
            },
            _ => Mode::Grid,
        };
        self.message = Some(self.status_after_write());
    }

    fn status_after_write(&self) -> StatusLine {
        let total = self.sheet().map_or(0, |s| s.total_minutes());
        let contract = self.contract_minutes();
        if total > contract {
            return StatusLine::warning(tf(
                "time.warn.over_contract",
                &[
                    ("total", &format_hmm(total)),
                    ("contract", &format_hmm(contract)),
                ],
            ));
        }
        if self.days_without_agenda().contains(&self.day) {
            return StatusLine::warning(tf(
                "time.warn.empty_agenda",
                &[("day", &day_label(self.week, self.day))],
            ));
        }
        StatusLine::info(tf(
            "time.saved",
            &[
                ("day", &day_label(self.week, self.day)),
                ("minutes", &format_hmm(self.day_totals()[self.day])),
                ("total", &format_hmm(total)),
            ],
        ))
    }

    /// Adds the row the typed text names (the highlighted completion).
    fn add_row(&mut self, session: &Session, text: &str, selected: usize) {
        let choices = self.choices();
        let Some(choice) = choices.get(selected).or(choices.first()) else {
            self.message = Some(StatusLine::error(completion::refusal(text)));
            return;
        };
        let key: RowKey = choice.key.clone();
        if !self.extra.contains(&key) {
            self.extra.push(key.clone());
        }
        self.mode = Mode::Grid;
        self.message = None;
        self.reload(session);
        if let Some(index) = self.rows.iter().position(|r| r.key == key) {
            self.row = index;
            if self.week.contains(session.today()) {
                self.day = weekday_index(session.today());
            }
            self.clamp();
        }
    }

    /// `g` (from the agenda) or `c` (the previous week's recurring rows, and
    /// its individual meetings kept aside for `i`): new proposals.
    fn propose(&mut self, session: &Session, from_agenda: bool) -> bool {
        if !self.editable() {
            self.message = Some(StatusLine::error(self.read_only_reason()));
            return true;
        }
        let Some(week) = &self.data else {
            return false;
        };
        let (found, individual) = if from_agenda {
            let found = proposals::from_appointments(
                &week.appointments,
                &week.entries,
                &self.proposals,
                self.week,
                self.tz,
            );
            (found, Vec::new())
        } else {
            let previous = match session.week_entries(None, self.week.previous()) {
                Ok(previous) => previous,
                Err(e) => {
                    self.message = Some(StatusLine::error(e.to_string()));
                    return true;
                }
            };
            let caseload: Vec<&str> = self.people.iter().map(|p| p.file_number.as_str()).collect();
            let found =
                proposals::from_previous_week(&previous, &week.entries, &self.proposals, self.week);
            let individual = proposals::individual_meetings(
                &previous,
                &week.entries,
                &self.proposals,
                self.week,
                &caseload,
            );
            (found, individual)
        };
        // Time is declared once worked: nothing is proposed for a day after today.
        let today = session.today();
        let found: Vec<_> = found
            .into_iter()
            .filter(|p| p.entry.date <= today)
            .collect();
        let individual = individual
            .into_iter()
            .filter(|p| p.entry.date <= today)
            .collect();
        self.individual = individual;
        let (n, meetings) = (found.len(), tn("time.meetings", self.individual.len(), &[]));
        let message = match (found.is_empty(), self.individual.is_empty()) {
            (true, true) if from_agenda => t("time.no_proposal_agenda"),
            (true, true) => t("time.no_proposal_copy"),
            (true, false) => tf("time.copy_individual_only", &[("meetings", &meetings)]),
            (false, true) => tn("time.proposed", n, &[]),
            (false, false) => tn("time.proposed_copy", n, &[("meetings", &meetings)]),
        };
        self.message = Some(StatusLine::info(message));
        if found.is_empty() && self.individual.is_empty() {
            return true;
        }
        let first = self.proposals.len();
        self.proposals.extend(found);
        self.mode = Mode::Proposals {
            selected: first.min(self.proposals.len().saturating_sub(1)),
            text: None,
        };
        true
    }

    /// `i` among the proposals copied from last week: adds last week's
    /// individual meetings to them.
    fn add_individual_meetings(&mut self) {
        if self.individual.is_empty() {
            self.message = Some(StatusLine::info(t("time.no_individual")));
            return;
        }
        let added = self.individual.len();
        let first = self.proposals.len();
        self.proposals.append(&mut self.individual);
        self.mode = Mode::Proposals {
            selected: first,
            text: None,
        };
        self.message = Some(StatusLine::info(tn("time.individual_added", added, &[])));
    }

    /// Stores `count` proposals from `from` on; stops at the first refusal,
    /// which stays proposed.
    fn accept_proposals(&mut self, session: &mut Session, from: usize, count: usize) {
        let mut accepted = 0;
        let mut result = Ok(());
        while accepted < count && from < self.proposals.len() {
            let proposal = self.proposals[from].clone();
            match session.add_time_entry(&proposal.entry) {
                Ok(_) => {
                    self.proposals.remove(from);
                    accepted += 1;
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        if let Some(day) = self.proposals.get(from).or(self.proposals.last()) {
            self.day = weekday_index(day.entry.date);
        }
        let refused = result.is_err();
        self.after_write(session, result, 0);
        if !refused && accepted > 1 {
            self.message = Some(StatusLine::info(tf(
                "time.accepted",
                &[("n", &accepted.to_string())],
            )));
        }
    }

    fn drop_proposal(&mut self, selected: usize) {
        if selected < self.proposals.len() {
            self.proposals.remove(selected);
        }
        self.mode = if self.proposals.is_empty() {
            Mode::Grid
        } else {
            Mode::Proposals {
                selected: selected.min(self.proposals.len() - 1),
                text: None,
            }
        };
    }

    /// Reopens `login`'s shown week with the typed reason (the store refuses a blank one).
    fn reopen(&mut self, session: &mut Session, login: &str, reason: &str) -> bool {
        self.message = Some(match session.reopen_week(login, self.week, reason) {
            Ok(record) => {
                self.mode = Mode::Grid;
                StatusLine::info(tf(
                    "time.reopened",
                    &[
                        ("week", &record.week.to_string()),
                        ("name", &record.referent_name),
                    ],
                ))
            }
            // The reason stays open to be completed.
            Err(e) => StatusLine::error(describe(&e, self.tz)),
        });
        if self.mode == Mode::Grid {
            self.reload(session);
        }
        true
    }

    fn confirm(&mut self, session: &mut Session) -> bool {
        let Mode::Confirm(what) = self.mode.clone() else {
            return false;
        };
        self.mode = Mode::Grid;
        let (result, key) = match &what {
            Confirm::Submit => (session.submit_week(None, self.week), "time.submitted"),
            Confirm::Validate(login) => (session.validate_week(login, self.week), "time.validated"),
        };
        self.message = Some(match result {
            Ok(record) => StatusLine::info(tf(
                key,
                &[
                    ("week", &record.week.to_string()),
                    ("name", &record.referent_name),
                ],
            )),
            Err(e) => StatusLine::error(describe(&e, self.tz)),
        });
        self.reload(session);
        true
    }
}

/// The day of the week of `date`, Monday = 0.
pub(super) fn weekday_index(date: NaiveDate) -> usize {
    date.weekday().num_days_from_monday() as usize
}

//! The caseload list's state: its lines, the filter (fuzzy text, status and,
//! for a coordinator, referent), the sort order, the selection and the scroll.

use std::cell::OnceCell;
use std::collections::HashSet;
use std::rc::Rc;

use chrono::NaiveDate;
use chrono_tz::Tz;
use nucleo_matcher::Utf32String;

use super::filter::{self, Needle};
use super::widgets::cursor::Cursor;
use crate::domain::journal::{Alert, days_since};
use crate::domain::participant::{FileNumber, Status, months_between};
use crate::domain::user::Role;
use crate::store::{CaseloadRow, Session};

/// One participant as the caseload shows them.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// File number.
    pub file_number: FileNumber,
    /// "LAST First".
    pub name: String,
    /// Status.
    pub status: Status,
    /// Whole months since the pathway started.
    pub months: i32,
    /// Days since the last contact, if there was one.
    pub days_since_contact: Option<i32>,
    /// Local date of the next planned appointment.
    pub next_appointment: Option<NaiveDate>,
    /// Follow-up alerts.
    pub alerts: Vec<Alert>,
    /// Referent's login, shared by all the referent's lines.
    pub referent: Option<Rc<str>>,
    /// Commune of residence, shared by the lines of the same commune.
    pub commune: Rc<str>,
    id: i64,
    /// Position in the store's order (by name).
    rank: usize,
}

impl Entry {
    fn new(rank: usize, row: CaseloadRow, today: NaiveDate, tz: Tz, shared: &mut Shared) -> Self {
        let name = format!("{} {}", row.last_name.to_uppercase(), row.first_name);
        Self {
            months: months_between(row.started_on, today),
            days_since_contact: days_since(row.last_contact, today)
                .map(|days| i32::try_from(days).unwrap_or(i32::MAX)),
            next_appointment: row
                .next_appointment
                .map(|t| t.with_timezone(&tz).date_naive()),
            file_number: row.file_number,
            name,
            status: row.status,
            alerts: row.alerts,
            referent: row.referent.map(|login| shared.share(login)),
            commune: shared.share(row.commune),
            id: row.id,
            rank,
        }
    }

    /// What the filter's text is matched against: file number, name, commune, referent.
    fn haystack(&self) -> Utf32String {
        filter::haystack(&format!(
            "{} {} {} {}",
            self.file_number,
            self.name,
            self.commune,
            self.referent.as_deref().unwrap_or("")
        ))
    }

    /// Whether the participant is being followed (in the pathway or in the job follow-up).
    pub fn in_pathway(&self) -> bool {
        matches!(self.status, Status::Active | Status::JobFollowUp)
    }
}

/// How many lines are made between two shrinks of the rows they are made from.
const SHRINK_EVERY: usize = 1024;

/// The referents' logins and the communes met in a reading, each kept once: a
/// coordinator's 10,000 lines name about 150 referents and a few dozen communes.
#[derive(Default)]
struct Shared(HashSet<Rc<str>>);

impl Shared {
    /// The one copy of `text` among the lines.
    fn share(&mut self, text: String) -> Rc<str> {
        if let Some(shared) = self.0.get(text.as_str()) {
            return Rc::clone(shared);
        }
        let shared: Rc<str> = Rc::from(text);
        self.0.insert(Rc::clone(&shared));
        shared
    }
}

/// The order of the caseload list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    /// By name (the store's order).
    #[default]
    Name,
    /// Longest without contact first (never seen before anyone).
    LastContact,
    /// Most alerts first, the most urgent alert breaking ties.
    Alerts,
}

impl Sort {
    /// The next order, wrapping around.
    pub fn next(self) -> Self {
        match self {
            Sort::Name => Sort::LastContact,
            Sort::LastContact => Sort::Alerts,
            Sort::Alerts => Sort::Name,
        }
    }

    /// Translation key of its label.
    pub fn label_key(self) -> &'static str {
        match self {
            Sort::Name => "caseload.sort.name",
            Sort::LastContact => "caseload.sort.last_contact",
            Sort::Alerts => "caseload.sort.alerts",
        }
    }
}

/// Whose participants a coordinator's list is restricted to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferentFilter {
    /// One referent's, by login.
    Login(String),
    /// Those without a referent (to assign).
    Unassigned,
}

impl ReferentFilter {
    fn admits(&self, entry: &Entry) -> bool {
        match self {
            ReferentFilter::Login(login) => entry.referent.as_deref() == Some(login.as_str()),
            ReferentFilter::Unassigned => entry.referent.is_none(),
        }
    }
}

/// The caseload list.
#[derive(Debug, Clone, Default)]
pub struct Caseload {
    entries: Vec<Entry>,
    visible: Vec<usize>,
    cursor: Cursor,
    filter: Option<String>,
    status: Option<Status>,
    alert: Option<Alert>,
    referent: Option<ReferentFilter>,
    /// The active referents (login, capacity), read when the referent filter is first used.
    referents: Vec<(String, u32)>,
    sort: Sort,
    /// The columns' widths over every line, measured at the first frame after a reading:
    /// measuring 10,000 lines at every key was most of a move's time.
    widths: OnceCell<Vec<u16>>,
    /// What the filter matches, line by line, made when the filter is first used after a
    /// reading: until then a coordinator's 10,000 lines do not carry them.
    haystacks: OnceCell<Vec<Utf32String>>,
}

impl Caseload {
    /// Replaces the lines with freshly read rows, keeping the filter and, when
    /// still there, the selected participant, in a list of `height` lines.
    /// Returns whether anything changed.
    pub fn load(
        &mut self,
        rows: Vec<CaseloadRow>,
        today: NaiveDate,
        tz: Tz,
        height: usize,
    ) -> bool {
        let selected_id = self.selected_entry().map(|e| e.id);
        // The rows are turned into lines from the last, each row's list shrinking as the
        // lines' list grows and each old line dropped once compared: a coordinator's 10,000
        // lines are never held twice, nor next to the rows they come from.
        let mut rows = rows;
        let mut old = std::mem::take(&mut self.entries);
        let mut changed = old.len() != rows.len();
        let mut lines = Vec::with_capacity(rows.len());
        let mut shared = Shared::default();
        while let Some(row) = rows.pop() {
            let rank = rows.len();
            let line = Entry::new(rank, row, today, tz, &mut shared);
            changed = changed || old.get(rank) != Some(&line);
            old.truncate(rank);
            lines.push(line);
            if rank.is_multiple_of(SHRINK_EVERY) {
                rows.shrink_to_fit();
                old.shrink_to_fit();
            }
        }
        lines.reverse();
        self.entries = lines;
        if !changed {
            return false;
        }
        self.widths = OnceCell::new();
        self.haystacks = OnceCell::new();
        self.refilter(selected_id, height);
        true
    }

    /// The columns' widths, measured over every line by `measure` the first time after each
    /// reading (the lines, hence their widths, change only then): a column keeps its width
    /// whatever the filter, the scroll or the selection.
    pub fn widths(&self, measure: impl FnOnce(&[Entry]) -> Vec<u16>) -> &[u16] {
        self.widths.get_or_init(|| measure(&self.entries))
    }

    /// All lines, filtered or not.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The lines that pass the filter, in order.
    pub fn visible(&self) -> impl ExactSizeIterator<Item = &Entry> {
        self.visible.iter().map(|&i| &self.entries[i])
    }

    /// Position of the selection among the visible lines.
    pub fn selected(&self) -> usize {
        self.cursor.selected()
    }

    /// The first visible line shown at the top of the list.
    pub fn offset(&self) -> usize {
        self.cursor.offset()
    }

    /// The filter text, when the filter line is open.
    pub fn filter(&self) -> Option<&str> {
        self.filter.as_deref()
    }

    fn selected_entry(&self) -> Option<&Entry> {
        self.visible.get(self.selected()).map(|&i| &self.entries[i])
    }

    /// The file number of the selected participant.
    pub fn selected_file(&self) -> Option<FileNumber> {
        self.selected_entry().map(|e| e.file_number)
    }

    /// The status the list is restricted to, if any.
    pub fn status(&self) -> Option<Status> {
        self.status
    }

    /// The alert the list is restricted to, if any.
    pub fn alert(&self) -> Option<Alert> {
        self.alert
    }

    /// Restricts the list to the participants carrying `alert` (everyone with
    /// `None`), in a list of `height` lines.
    pub fn set_alert(&mut self, alert: Option<Alert>, height: usize) {
        self.alert = alert;
        let keep = self.selected_entry().map(|e| e.id);
        self.refilter(keep, height);
    }

    /// The order of the list.
    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// The referent the list is restricted to, if any.
    pub fn referent(&self) -> Option<&ReferentFilter> {
        self.referent.as_ref()
    }

    /// The lines the referent filter lets through (all without it), whatever
    /// the text and status filters: the caseload the count line is about.
    pub fn in_scope(&self) -> impl Iterator<Item = &Entry> {
        self.entries
            .iter()
            .filter(|e| self.referent.as_ref().is_none_or(|r| r.admits(e)))
    }

    /// The capacity of the referent the list is restricted to.
    pub fn referent_capacity(&self) -> Option<u32> {
        match self.referent.as_ref()? {
            ReferentFilter::Login(login) => self
                .referents
                .iter()
                .find(|(l, _)| l == login)
                .map(|(_, c)| *c),
            ReferentFilter::Unassigned => None,
        }
    }

    /// Restricts the list to the next referent (all, each referent by login,
    /// then those without a referent when there are some), in a list of
    /// `height` lines. The active referents are read from `session` the first time.
    pub fn cycle_referent(&mut self, session: &Session, height: usize) -> bool {
        if self.referents.is_empty()
            && let Ok(users) = session.users()
        {
            self.referents = users
                .into_iter()
                .filter(|u| u.active && u.role == Role::Referent)
                .map(|u| {
                    let capacity = u.capacity();
                    (u.login, capacity)
                })
                .collect();
        }
        self.next_referent(height)
    }

    fn next_referent(&mut self, height: usize) -> bool {
        let mut logins: Vec<&str> = self.referents.iter().map(|(l, _)| l.as_str()).collect();
        logins.extend(self.entries.iter().filter_map(|e| e.referent.as_deref()));
        logins.sort_unstable();
        logins.dedup();
        let mut order: Vec<ReferentFilter> = logins
            .into_iter()
            .map(|l| ReferentFilter::Login(l.to_owned()))
            .collect();
        if self.entries.iter().any(|e| e.referent.is_none()) {
            order.push(ReferentFilter::Unassigned);
        }
        self.referent = match &self.referent {
            None => order.first().cloned(),
            Some(current) => order
                .iter()
                .position(|f| f == current)
                .and_then(|i| order.get(i + 1))
                .cloned(),
        };
        let keep = self.selected_entry().map(|e| e.id);
        self.refilter(keep, height);
        true
    }

    /// Restricts the list to the next status (all, then each status in turn),
    /// in a list of `height` lines.
    pub fn cycle_status(&mut self, height: usize) -> bool {
        let all = Status::ALL;
        self.status = match self.status {
            None => all.first().copied(),
            Some(s) => all
                .iter()
                .position(|x| *x == s)
                .and_then(|i| all.get(i + 1))
                .copied(),
        };
        let keep = self.selected_entry().map(|e| e.id);
        self.refilter(keep, height);
        true
    }

    /// Sorts the list in the next order, in a list of `height` lines.
    pub fn cycle_sort(&mut self, height: usize) -> bool {
        self.sort = self.sort.next();
        let keep = self.selected_entry().map(|e| e.id);
        self.refilter(keep, height);
        true
    }

    /// Opens, changes or (with `None`) closes the filter, in a list of `height` lines.
    pub fn set_filter(&mut self, filter: Option<String>, height: usize) {
        let selected_id = self.selected_entry().map(|e| e.id);
        self.filter = filter;
        self.refilter(selected_id, height);
    }

    fn refilter(&mut self, keep: Option<i64>, height: usize) {
        let mut needle = Needle::new(self.filter.as_deref().unwrap_or(""));
        let status = self.status;
        let alert = self.alert;
        let referent = self.referent.as_ref();
        let entries = &self.entries;
        let haystacks = (!needle.is_empty()).then(|| {
            self.haystacks
                .get_or_init(|| entries.iter().map(Entry::haystack).collect())
        });
        let mut scored: Vec<(usize, u32)> = entries
            .iter()
            .enumerate()
            .filter(|(_, e)| status.is_none_or(|s| e.status == s))
            .filter(|(_, e)| alert.is_none_or(|a| e.alerts.contains(&a)))
            .filter(|(_, e)| referent.is_none_or(|r| r.admits(e)))
            .filter_map(|(i, _)| match haystacks {
                Some(all) => needle.score(&all[i]).map(|score| (i, score)),
                None => Some((i, 0)),
            })
            .collect();
        if self.sort == Sort::Name && !needle.is_empty() {
            // Best matches first; the store's order (by name) breaks ties.
            scored.sort_by_key(|&(i, score)| (std::cmp::Reverse(score), i));
        }
        self.visible = scored.into_iter().map(|(i, _)| i).collect();
        let entries = &self.entries;
        match self.sort {
            Sort::Name => {}
            Sort::LastContact => self.visible.sort_by_key(|&i| {
                let e = &entries[i];
                (
                    std::cmp::Reverse(e.days_since_contact.unwrap_or(i32::MAX)),
                    e.rank,
                )
            }),
            Sort::Alerts => self.visible.sort_by_key(|&i| {
                let e = &entries[i];
                let most_urgent = e.alerts.iter().min().copied();
                (std::cmp::Reverse(e.alerts.len()), most_urgent, e.rank)
            }),
        }
        let at = keep
            .and_then(|id| self.visible.iter().position(|&i| self.entries[i].id == id))
            .unwrap_or(0);
        self.cursor.select(at, self.visible.len(), height);
    }

    /// Moves the selection by `delta` lines (clamped), scrolling so it stays
    /// within a list of `height` lines. Returns whether it moved.
    pub fn move_by(&mut self, delta: isize, height: usize) -> bool {
        self.cursor.move_by(delta, self.visible.len(), height)
    }

    /// Selects the line at `index` (clamped), scrolling so it stays within a
    /// list of `height` lines. Returns whether the selection or the scroll changed.
    pub fn select(&mut self, index: usize, height: usize) -> bool {
        self.cursor.select(index, self.visible.len(), height)
    }

    /// Adjusts the scroll so the selection is visible in a list of `height` lines.
    pub fn scroll(&mut self, height: usize) {
        self.cursor.scroll(self.visible.len(), height);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: i64) -> Vec<CaseloadRow> {
        (1..=n)
            .map(|i| CaseloadRow {
                id: i,
                file_number: format!("P-2026-{i:04}").parse().unwrap(),
                last_name: format!("Testeur{i:02}"),
                first_name: "Fictif".into(),
                commune: String::new(),
                status: Status::Active,
                referent: Some("demo".into()),
                started_on: NaiveDate::from_ymd_opt(2026, 1, 15).unwrap(),
                last_contact: None,
                next_appointment: None,
                alerts: Vec::new(),
            })
            .collect()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn scrolls_to_keep_the_selection_visible() {
        let mut list = Caseload::default();
        assert!(list.load(rows(30), today(), chrono_tz::Europe::Paris, 10));
        assert_eq!(list.entries()[0].months, 10);
        assert!(list.move_by(10, 10));
        assert_eq!((list.selected(), list.offset()), (10, 1));
        assert!(list.select(usize::MAX, 10));
        assert_eq!((list.selected(), list.offset()), (29, 20));
        assert!(list.move_by(-25, 10));
        assert_eq!((list.selected(), list.offset()), (4, 4));
        assert!(list.move_by(-25, 10));
        assert_eq!((list.selected(), list.offset()), (0, 0));
        assert!(!list.select(0, 10));
        list.scroll(40);
        assert_eq!(
            list.offset(),
            0,
            "a taller list shows everything from the top"
        );
    }

    #[test]
    fn filter_and_reload_keep_the_selected_person() {
        let mut list = Caseload::default();
        list.load(rows(30), today(), chrono_tz::Europe::Paris, 10);
        list.select(12, 10);
        list.set_filter(Some("testeur1".into()), 10);
        // Fuzzy: Testeur01, 10 to 19 and 21 have a 1 after "testeur".
        assert_eq!(list.visible().len(), 12);
        assert_eq!(
            list.visible()
                .nth(list.selected())
                .unwrap()
                .file_number
                .to_string(),
            "P-2026-0013"
        );
        assert_eq!(list.offset(), 2);
        assert!(!list.load(rows(30), today(), chrono_tz::Europe::Paris, 10));
        let mut fewer = rows(30);
        fewer.remove(0);
        assert!(list.load(fewer, today(), chrono_tz::Europe::Paris, 10));
        assert_eq!(
            list.visible()
                .nth(list.selected())
                .unwrap()
                .file_number
                .to_string(),
            "P-2026-0013"
        );
        list.set_filter(None, 10);
        assert_eq!(list.visible().len(), 29);
        assert_eq!(list.selected(), 11);
    }

    #[test]
    fn status_filter_and_sorts() {
        let mut rows = rows(4);
        rows[1].status = Status::Exited;
        rows[2].last_contact = Some(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
        rows[3].last_contact = Some(NaiveDate::from_ymd_opt(2026, 10, 1).unwrap());
        rows[3].alerts = vec![Alert::NoteOverdue, Alert::NoRecentContact];
        rows[2].alerts = vec![Alert::MilestoneDue];
        let mut list = Caseload::default();
        list.load(rows, today(), chrono_tz::Europe::Paris, 10);
        let files = |list: &Caseload| -> Vec<String> {
            list.visible()
                .map(|e| e.file_number.to_string()[7..].to_owned())
                .collect()
        };
        assert!(list.cycle_sort(10));
        assert_eq!(list.sort(), Sort::LastContact);
        assert_eq!(files(&list), ["0001", "0002", "0004", "0003"]);
        list.cycle_sort(10);
        assert_eq!(files(&list), ["0004", "0003", "0001", "0002"]);
        list.cycle_sort(10);
        assert_eq!(list.sort(), Sort::Name);
        list.cycle_status(10);
        assert_eq!(list.status(), Some(Status::Oriented));
        assert!(files(&list).is_empty());
        for _ in 0..3 {
            list.cycle_status(10);
        }
        assert_eq!(list.status(), Some(Status::Active));
        assert_eq!(files(&list), ["0001", "0003", "0004"]);
        list.cycle_status(10);
        list.cycle_status(10);
        assert_eq!(files(&list), ["0002"]);
        assert_eq!(
            list.selected_file().map(|f| f.to_string()).as_deref(),
            Some("P-2026-0002")
        );
        list.cycle_status(10);
        assert_eq!(list.status(), None);
        assert_eq!(list.visible().len(), 4);
    }

    #[test]
    fn referent_filter_cycles_through_referents_then_the_unassigned() {
        let mut rows = rows(5);
        rows[1].referent = Some("autre".into());
        rows[2].referent = None;
        rows[3].referent = Some("ancien".into());
        let mut list = Caseload::default();
        list.load(rows, today(), chrono_tz::Europe::Paris, 10);
        list.referents = vec![("demo".into(), 70), ("vide".into(), 35)];
        let mut seen = Vec::new();
        loop {
            assert!(list.next_referent(10));
            let files: Vec<String> = list
                .visible()
                .map(|e| e.file_number.to_string()[7..].to_owned())
                .collect();
            seen.push((list.referent().cloned(), files, list.referent_capacity()));
            if list.referent().is_none() {
                break;
            }
        }
        let login = |l: &str| Some(ReferentFilter::Login(l.into()));
        let files = |f: &[&str]| f.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(
            seen,
            [
                (login("ancien"), files(&["0004"]), None),
                (login("autre"), files(&["0002"]), None),
                (login("demo"), files(&["0001", "0005"]), Some(70)),
                (login("vide"), files(&[]), Some(35)),
                (Some(ReferentFilter::Unassigned), files(&["0003"]), None),
                (None, files(&["0001", "0002", "0003", "0004", "0005"]), None),
            ]
        );
        list.next_referent(10);
        list.next_referent(10);
        list.next_referent(10);
        assert_eq!(list.in_scope().count(), 2);
        list.set_filter(Some("0005".into()), 10);
        assert_eq!(list.visible().len(), 1);
        assert_eq!(
            list.in_scope().count(),
            2,
            "the text filter does not narrow the scope"
        );
    }
}

//! Where the latest unsaved form waits, and how it reaches the database.
//!
//! The loop [`publish`]es the open form's draft after each batch of input
//! (only when it changed). Two ways write it, each through a connection of
//! its own, as the user of the session:
//!
//! - the autosave thread, started by [`arm`]: a dropped connection (NAT,
//!   Wi-Fi) may leave the process alive for minutes without a signal, so the
//!   draft is written once the typing pauses for [`QUIET`], and at least every
//!   [`AT_MOST`] while it goes on; when the form is saved or cancelled the
//!   draft written is discarded, so a second login finds what the first one
//!   holds, no more. It sleeps on a condition variable while nothing waits:
//!   no timer, no wake-up while idle.
//! - [`keep`], from the signal watcher or after a terminal error: it writes
//!   at once what the autosave has not yet, and stops the autosave.
//!
//! The draft lives behind a lock, not in the application state, because the
//! signal watcher runs on its own thread. No one does I/O while holding the
//! lock, so the signal path never waits for the database behind it; it only
//! waits, for a bounded time, for a write already under way to end, so that
//! an older input cannot land after the newer one.

use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard, TryLockError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::Draft;
use crate::clock::Clock;
use crate::store::{Database, Session, StoreError};

/// How long a write of a draft waits for another writer, each try: the
/// program may be ending, and the autosave must not hold a write back long.
const BUSY_WAIT: Duration = Duration::from_millis(500);

/// The pause in typing after which the draft is written.
pub const QUIET: Duration = Duration::from_secs(1);

/// The longest an unsaved change waits, however continuous the typing.
pub const AT_MOST: Duration = Duration::from_secs(2);

/// How long [`keep`] waits for an autosave under way before writing anyway.
const WRITE_IN_PROGRESS_WAIT: Duration = Duration::from_secs(3);

/// How many times [`keep`] without waiting tries the lock, 2 ms apart.
const TRIES: u32 = 50;

/// Whose drafts, in which database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    path: PathBuf,
    login: String,
    clock: Clock,
}

impl Place {
    /// The session's database file and user; `None` for a database in memory.
    pub fn of(session: &Session) -> Option<Self> {
        Some(Self {
            path: session.database_path()?,
            login: session.actor().login.clone(),
            clock: session.clock(),
        })
    }
}

/// Why a draft could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum KeepError {
    /// The database refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The draft could not be written as JSON.
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// When the autosave writes, given the first and the latest change not yet written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// Now.
    Now,
    /// At this instant, unless another change comes first.
    At(Instant),
}

/// The debounce: [`QUIET`] after the latest change, but no later than
/// [`AT_MOST`] after the first one, so continuous typing is still written.
pub fn due(first: Instant, latest: Instant, now: Instant) -> Due {
    let at = (latest + QUIET).min(first + AT_MOST);
    if now >= at { Due::Now } else { Due::At(at) }
}

/// How the interface closed, for [`disarm`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// The user quit: a draft written meanwhile is discarded (quitting
    /// keeps nothing, the user was asked before leaving a form).
    Quit,
    /// Something else ended it (a terminal error, after [`keep`]): what was
    /// written stays for the next start.
    Kept,
}

/// One write to the database.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    /// Forget the draft in this slot.
    Discard(String),
    /// Write this draft, published as this generation.
    Save(Box<Draft>, u64),
}

/// The place, the latest draft published there, and what the database holds of it.
struct State {
    place: Place,
    draft: Option<Draft>,
    /// Counts publications: tells a draft written from a newer one.
    generation: u64,
    /// The slot this interface wrote last, and the generation written there.
    stored: Option<(String, u64)>,
    /// The first and the latest change not yet written.
    pending: Option<(Instant, Instant)>,
    /// A write is under way (without the lock).
    writing: bool,
    /// The autosave must end (disarmed, or [`keep`] took over).
    stop: bool,
    thread: Option<JoinHandle<()>>,
}

impl State {
    fn new(place: Place) -> Self {
        Self {
            place,
            draft: None,
            generation: 0,
            stored: None,
            pending: None,
            writing: false,
            stop: false,
            thread: None,
        }
    }

    /// The writes that bring the database to the latest draft.
    fn steps(&self) -> Vec<Step> {
        let mut steps = Vec::new();
        let stored = self.stored.as_ref();
        match &self.draft {
            Some(draft) => {
                let slot = draft.slot();
                if let Some((old, generation)) = stored {
                    if *old == slot && *generation == self.generation {
                        return steps;
                    }
                    if *old != slot {
                        // Another form (or record) now: its older slot goes.
                        steps.push(Step::Discard(old.clone()));
                    }
                }
                steps.push(Step::Save(Box::new(draft.clone()), self.generation));
            }
            None => {
                if let Some((old, _)) = stored {
                    steps.push(Step::Discard(old.clone()));
                }
            }
        }
        steps
    }

    /// Notes the steps that succeeded.
    fn record(&mut self, done: &[Step]) {
        for step in done {
            match step {
                Step::Discard(slot) => {
                    if self.stored.as_ref().is_some_and(|(s, _)| s == slot) {
                        self.stored = None;
                    }
                }
                Step::Save(draft, generation) => self.stored = Some((draft.slot(), *generation)),
            }
        }
    }
}

/// The state, and the condition the autosave sleeps on (also signalled when a write ends).
struct Keeper {
    state: Mutex<Option<State>>,
    wake: Condvar,
}

/// The one interface's keeper.
static KEEPER: Keeper = Keeper::new();

type Guard = MutexGuard<'static, Option<State>>;

/// A session for `place` that waits little for other writers.
fn open(place: &Place) -> Result<Session, KeepError> {
    let mut session = Database::open(&place.path)?.session_at(&place.login, place.clock)?;
    session.limit_busy_wait(BUSY_WAIT)?;
    Ok(session)
}

/// Runs `steps` in order until one fails; returns how many succeeded and the failure.
fn run(session: &mut Session, steps: &[Step]) -> (usize, Option<KeepError>) {
    for (done, step) in steps.iter().enumerate() {
        let result = match step {
            Step::Discard(slot) => session
                .discard_draft(slot)
                .map(drop)
                .map_err(KeepError::from),
            Step::Save(draft, _) => draft
                .to_payload()
                .map_err(KeepError::from)
                .and_then(|payload| Ok(session.save_draft(&draft.slot(), &payload)?)),
        };
        if let Err(e) = result {
            return (done, Some(e));
        }
    }
    (steps.len(), None)
}

impl Keeper {
    const fn new() -> Self {
        Self {
            state: Mutex::new(None),
            wake: Condvar::new(),
        }
    }

    fn lock(&'static self) -> Guard {
        // A panic while holding this lock left plain data behind: still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The lock, tried for a short while only: the caller may be the thread holding it.
    fn try_lock(&'static self) -> Option<Guard> {
        for _ in 0..TRIES {
            match self.state.try_lock() {
                Ok(guard) => return Some(guard),
                Err(TryLockError::Poisoned(e)) => return Some(e.into_inner()),
                // The autosave holds it for moments only.
                Err(TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(2)),
            }
        }
        None
    }

    fn wait(&'static self, guard: Guard, timeout: Option<Duration>) -> Guard {
        match timeout {
            None => self.wake.wait(guard).unwrap_or_else(|e| e.into_inner()),
            Some(timeout) => {
                self.wake
                    .wait_timeout(guard, timeout)
                    .unwrap_or_else(|e| e.into_inner())
                    .0
            }
        }
    }

    fn arm(&'static self, place: Place) -> std::io::Result<()> {
        self.disarm(Closing::Kept);
        *self.lock() = Some(State::new(place));
        let thread = std::thread::Builder::new()
            .name("drafts".into())
            .spawn(move || self.autosave())?;
        if let Some(state) = self.lock().as_mut() {
            state.thread = Some(thread);
        }
        Ok(())
    }

    fn disarm(&'static self, closing: Closing) {
        let thread = self.lock().as_mut().and_then(|state| {
            state.stop = true;
            state.thread.take()
        });
        self.wake.notify_all();
        if let Some(thread) = thread {
            // The autosave never panics; had it, there would be nothing to join.
            let _ = thread.join();
        }
        let Some(state) = self.lock().take() else {
            return;
        };
        if let (Closing::Quit, Some((slot, _))) = (closing, state.stored) {
            // A draft left behind is offered at the next start, which
            // loses nothing: a failure here is not worth reporting.
            if let Ok(mut session) = open(&state.place) {
                let _ = session.discard_draft(&slot);
            }
        }
    }

    fn publish(&'static self, draft: Option<Draft>) {
        let mut guard = self.lock();
        let Some(state) = guard.as_mut() else {
            return;
        };
        state.draft = draft;
        state.generation += 1;
        let now = Instant::now();
        let first = state.pending.map_or(now, |(first, _)| first);
        state.pending = Some((first, now));
        drop(guard);
        self.wake.notify_all();
    }

    /// The autosave thread: waits for a change, lets the typing pause, writes.
    fn autosave(&'static self) {
        // One connection for the thread's life, opened again after any failure.
        let mut session: Option<Session> = None;
        let mut guard = self.lock();
        loop {
            let Some(state) = guard.as_mut() else {
                return;
            };
            if state.stop {
                return;
            }
            let now = Instant::now();
            match state.pending.map(|(first, latest)| due(first, latest, now)) {
                None => {
                    guard = self.wait(guard, None);
                    continue;
                }
                Some(Due::At(at)) => {
                    guard = self.wait(guard, Some(at - now));
                    continue;
                }
                Some(Due::Now) => {}
            }
            // A failed write is tried again at the next change, not in a loop.
            state.pending = None;
            let steps = state.steps();
            if steps.is_empty() {
                continue;
            }
            let place = state.place.clone();
            state.writing = true;
            drop(guard);

            let (done, failed) = match session.as_mut() {
                Some(session) => run(session, &steps),
                None => match open(&place) {
                    Ok(opened) => run(session.insert(opened), &steps),
                    Err(e) => (0, Some(e)),
                },
            };
            if failed.is_some() {
                // Only the terminal module writes to the terminal, and the
                // next change tries again: the error itself goes nowhere.
                session = None;
            }

            guard = self.lock();
            if let Some(state) = guard.as_mut() {
                state.record(&steps[..done]);
                state.writing = false;
            }
            self.wake.notify_all();
        }
    }

    fn keep(&'static self, wait: bool) -> Result<bool, KeepError> {
        let mut guard = if wait {
            self.lock()
        } else {
            match self.try_lock() {
                Some(guard) => guard,
                None => return Ok(false),
            }
        };
        if let Some(state) = guard.as_mut() {
            state.stop = true;
        }
        self.wake.notify_all();
        let deadline = Instant::now() + WRITE_IN_PROGRESS_WAIT;
        loop {
            let now = Instant::now();
            if !guard.as_ref().is_some_and(|s| s.writing) || now >= deadline {
                break;
            }
            guard = self.wait(guard, Some(deadline - now));
        }
        let Some(state) = guard.as_mut() else {
            return Ok(false);
        };
        let steps = state.steps();
        if steps.is_empty() {
            return Ok(false);
        }
        let place = state.place.clone();
        state.writing = true;
        drop(guard);

        let (done, failed) = match open(&place) {
            Ok(mut session) => run(&mut session, &steps),
            Err(e) => (0, Some(e)),
        };

        let mut guard = self.lock();
        if let Some(state) = guard.as_mut() {
            state.record(&steps[..done]);
            state.writing = false;
        }
        drop(guard);
        self.wake.notify_all();
        match failed {
            Some(e) => Err(e),
            None => Ok(steps.iter().any(|s| matches!(s, Step::Save(..)))),
        }
    }
}

/// Starts holding drafts for `place` (the interface opens) and the autosave thread.
pub fn arm(place: Place) -> std::io::Result<()> {
    KEEPER.arm(place)
}

/// Stops the autosave and holding drafts (the interface closed); see [`Closing`].
pub fn disarm(closing: Closing) {
    KEEPER.disarm(closing);
}

/// Replaces the latest draft (`None`: no unsaved form is open) and wakes the autosave.
pub fn publish(draft: Option<Draft>) {
    KEEPER.publish(draft);
}

/// Brings the database to the latest draft at once (writes it, or discards
/// the one written when the form has closed since) and stops the autosave;
/// returns whether a draft was written.
///
/// With `wait` false (a caller that may run on the thread that holds the
/// lock) a lock still busy after 0.1 s gives up instead of waiting.
pub fn keep(wait: bool) -> Result<bool, KeepError> {
    KEEPER.keep(wait)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::tui::agenda::form::AppointmentDraft;
    use crate::tui::time::draft::TimeNoteDraft;

    fn appointment(title: &str) -> Draft {
        Draft::Appointment {
            form: AppointmentDraft {
                editing: None,
                kind: "individual".into(),
                date: "2026-11-24".into(),
                time: "09:00".into(),
                duration: "60".into(),
                participant: None,
                title: title.into(),
                location: String::new(),
                notes: String::new(),
                until: String::new(),
                focus: 5,
                initial: String::new(),
            },
        }
    }

    fn time_note() -> Draft {
        Draft::TimeNote {
            note: TimeNoteDraft {
                entry_id: 12,
                version: 3,
                date: chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
                activity: "ACC".into(),
                participant: None,
                text: "Note fictive".into(),
            },
        }
    }

    /// A database with its coordinator, a session on it, and the place of its drafts.
    fn database(dir: &Path) -> (Session, Place) {
        let path = dir.join("p.db");
        let mut db = Database::open(&path).unwrap();
        db.init("coord", "Coordinatrice Fictive").unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let session = db.session("coord", today).unwrap();
        let place = Place::of(&session).unwrap();
        (session, place)
    }

    /// Slots and payloads of the stored drafts.
    fn stored(session: &Session) -> Vec<(String, String)> {
        let mut all: Vec<_> = session
            .drafts()
            .unwrap()
            .into_iter()
            .map(|d| (d.form, d.payload))
            .collect();
        all.sort();
        all
    }

    /// Waits (at most `limit`) until the stored drafts satisfy `ready`; returns the time it took.
    fn until(
        session: &Session,
        limit: Duration,
        ready: impl Fn(&[(String, String)]) -> bool,
    ) -> Duration {
        let start = Instant::now();
        loop {
            if ready(&stored(session)) {
                return start.elapsed();
            }
            assert!(start.elapsed() < limit, "still {:?}", stored(session));
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// A keeper of the test's own: tests run in parallel, the global one is shared.
    fn keeper() -> &'static Keeper {
        Box::leak(Box::new(Keeper::new()))
    }

    #[test]
    fn a_change_waits_for_a_pause_but_never_more_than_the_limit() {
        let t0 = Instant::now();
        let s = |ms| t0 + Duration::from_millis(ms);
        assert_eq!(
            due(t0, t0, t0),
            Due::At(s(1000)),
            "one key: a second of quiet"
        );
        assert_eq!(due(t0, s(600), s(700)), Due::At(s(1600)));
        assert_eq!(
            due(t0, s(1500), s(1600)),
            Due::At(s(2000)),
            "typing on: 2 s after the first"
        );
        assert_eq!(due(t0, s(1500), s(2000)), Due::Now);
        assert_eq!(
            due(t0, s(300), s(1300)),
            Due::Now,
            "a second passed quietly"
        );
    }

    /// What the signal watcher calls: the published draft lands in the
    /// database once, for the session's user.
    #[test]
    fn the_published_draft_is_kept_once_for_the_user() {
        let dir = tempfile::tempdir().unwrap();
        let (session, place) = database(dir.path());
        let keeper = keeper();

        keeper.arm(place).unwrap();
        assert!(
            !keeper.keep(false).unwrap(),
            "nothing published, nothing kept"
        );
        keeper.publish(Some(appointment("Atelier fictif")));
        assert!(keeper.keep(true).unwrap());
        assert!(!keeper.keep(false).unwrap(), "kept once");
        keeper.disarm(Closing::Kept);
        keeper.publish(Some(appointment("Atelier fictif")));
        assert!(!keeper.keep(true).unwrap(), "disarmed: nothing is held");

        let drafts = session.drafts().unwrap();
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].form, "agenda/appointment/new");
        assert_eq!(
            Draft::from_payload(&drafts[0].payload),
            Some(appointment("Atelier fictif"))
        );
    }

    /// The `draft` rows of the audit log, as the coordinator reads it.
    fn audited(dir: &Path) -> i64 {
        let coord = Database::open(&dir.join("p.db"))
            .unwrap()
            .session(
                "coord",
                chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            )
            .unwrap();
        let page = coord
            .audit_page(
                &crate::store::audit_query::AuditFilter::default(),
                None,
                10_000,
            )
            .unwrap();
        let drafts = page.entries.iter().filter(|e| e.entity == "draft").count();
        i64::try_from(drafts).unwrap()
    }

    /// A silent drop: no signal comes, the draft is written after a pause,
    /// follows the form to another slot, goes when the form closes, and a
    /// normal quit leaves nothing.
    #[test]
    fn the_autosave_follows_the_open_form_without_a_signal() {
        let dir = tempfile::tempdir().unwrap();
        let (session, place) = database(dir.path());
        let keeper = keeper();
        keeper.arm(place).unwrap();
        let limit = Duration::from_secs(5);

        keeper.publish(Some(appointment("Atelier fictif")));
        let took = until(&session, limit, |d| d.len() == 1);
        assert!(
            took >= QUIET - Duration::from_millis(100),
            "before the pause: {took:?}"
        );
        assert_eq!(stored(&session)[0].0, "agenda/appointment/new");

        keeper.publish(Some(time_note()));
        until(&session, limit, |d| {
            d.len() == 1 && d[0].0 == "time/note/12" && d[0].1.contains("Note fictive")
        });
        keeper.publish(None);
        until(&session, limit, <[_]>::is_empty);

        keeper.publish(Some(appointment("Atelier fictif")));
        until(&session, limit, |d| d.len() == 1);
        keeper.disarm(Closing::Quit);
        assert_eq!(stored(&session), [], "quitting keeps no draft");
        assert_eq!(audited(dir.path()), 6, "three saves, three discards");
    }

    #[test]
    fn continuous_typing_is_written_every_two_seconds_and_stays_after_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let (session, place) = database(dir.path());
        let keeper = keeper();
        keeper.arm(place).unwrap();

        let start = Instant::now();
        let mut typed = String::new();
        while stored(&session).is_empty() {
            assert!(start.elapsed() < Duration::from_secs(5), "never written");
            typed.push('a');
            keeper.publish(Some(appointment(&typed)));
            std::thread::sleep(Duration::from_millis(100));
        }
        let took = start.elapsed();
        assert!(took >= AT_MOST - Duration::from_millis(100), "{took:?}");
        assert!(took < AT_MOST + Duration::from_millis(700), "{took:?}");
        keeper.disarm(Closing::Kept);
        assert_eq!(stored(&session).len(), 1, "kept for the next start");
    }

    /// Another login resumed (and so discarded) the draft the autosave wrote;
    /// the hang-up that finally ends the first process does not bring it back.
    #[test]
    fn a_draft_already_written_is_not_written_again_on_a_signal() {
        let dir = tempfile::tempdir().unwrap();
        let (mut session, place) = database(dir.path());
        let keeper = keeper();
        keeper.arm(place).unwrap();

        keeper.publish(Some(appointment("Atelier fictif")));
        until(&session, Duration::from_secs(5), |d| d.len() == 1);
        assert!(session.discard_draft("agenda/appointment/new").unwrap());
        assert!(!keeper.keep(true).unwrap());
        keeper.disarm(Closing::Kept);
        assert_eq!(stored(&session), []);
    }
}

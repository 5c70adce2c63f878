//! Where the latest unsaved form waits, so that whatever ends the program
//! can keep it: the signal watcher runs on its own thread and the panic hook
//! wherever the panic happened, so the draft lives behind a lock, not in the
//! application state.
//!
//! The loop [`publish`]es the open form's draft after each batch of input
//! (only when it changed); [`keep`] writes it through the store with a
//! connection of its own, as the user of the session.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, TryLockError};
use std::time::Duration;

use super::Draft;
use crate::clock::Clock;
use crate::store::{Database, Session, StoreError};

/// How long keeping a draft waits for another writer, each try: the program is ending.
const BUSY_WAIT: Duration = Duration::from_millis(500);

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

/// The place and the latest draft published there.
struct Kept {
    place: Place,
    draft: Option<Draft>,
}

/// The one interface's latest draft.
static KEPT: Mutex<Option<Kept>> = Mutex::new(None);

fn lock() -> MutexGuard<'static, Option<Kept>> {
    // A panic while holding this lock left plain data behind: still usable.
    KEPT.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts holding drafts for `place` (the interface opens).
pub fn arm(place: Place) {
    *lock() = Some(Kept { place, draft: None });
}

/// Stops holding drafts (the interface closed normally).
pub fn disarm() {
    *lock() = None;
}

/// Replaces the latest draft (`None`: no unsaved form is open).
pub fn publish(draft: Option<Draft>) {
    if let Some(kept) = lock().as_mut() {
        kept.draft = draft;
    }
}

/// Keeps the latest draft in the database, once; returns whether there was one.
///
/// With `wait` false (the panic hook, which may run on the thread that holds
/// the lock) a busy lock gives up instead of waiting.
pub fn keep(wait: bool) -> Result<bool, KeepError> {
    let taken = {
        let mut guard = if wait {
            lock()
        } else {
            match KEPT.try_lock() {
                Ok(guard) => guard,
                Err(TryLockError::Poisoned(e)) => e.into_inner(),
                Err(TryLockError::WouldBlock) => return Ok(false),
            }
        };
        guard
            .as_mut()
            .and_then(|kept| Some((kept.place.clone(), kept.draft.take()?)))
    };
    match taken {
        Some((place, draft)) => save(&place, &draft).map(|()| true),
        None => Ok(false),
    }
}

/// Writes `draft` for the user of `place` through a connection of its own.
pub fn save(place: &Place, draft: &Draft) -> Result<(), KeepError> {
    let mut session = Database::open(&place.path)?.session_at(&place.login, place.clock)?;
    session.limit_busy_wait(BUSY_WAIT)?;
    session.save_draft(&draft.slot(), &draft.to_payload()?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::agenda::form::AppointmentDraft;

    fn appointment() -> Draft {
        Draft::Appointment {
            form: AppointmentDraft {
                editing: None,
                kind: "individual".into(),
                date: "2026-11-24".into(),
                time: "09:00".into(),
                duration: "60".into(),
                participant: None,
                title: "Atelier fictif".into(),
                location: String::new(),
                notes: String::new(),
                until: String::new(),
                focus: 5,
                initial: String::new(),
            },
        }
    }

    /// What the panic hook and the signal watcher call: the published draft
    /// lands in the database once, for the session's user.
    #[test]
    fn the_published_draft_is_kept_once_for_the_user() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let mut db = Database::open(&path).unwrap();
        db.init("coord", "Coordinatrice Fictive").unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let session = db.session("coord", today).unwrap();

        arm(Place::of(&session).unwrap());
        assert!(!keep(false).unwrap(), "nothing published, nothing kept");
        publish(Some(appointment()));
        assert!(keep(false).unwrap());
        assert!(!keep(true).unwrap(), "kept once");
        disarm();
        publish(Some(appointment()));
        assert!(!keep(true).unwrap(), "disarmed: nothing is held");

        let drafts = session.drafts().unwrap();
        assert_eq!(drafts.len(), 1);
        assert_eq!(drafts[0].form, "agenda/appointment/new");
        assert_eq!(Draft::from_payload(&drafts[0].payload), Some(appointment()));
    }
}

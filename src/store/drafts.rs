//! Drafts: the unsaved input of a form, kept for the user who typed it when
//! the program ends without saving (a dropped link, a kill, a crash) and
//! offered back at their next start.
//!
//! A draft is the user's own scratch data: every call reads and writes the
//! acting user's drafts only. One draft per form slot (`form`, e.g. the
//! record the form edits): keeping a slot again replaces it. The audit row of
//! a save or a discard names the slot, never the input.

use std::path::PathBuf;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, named_params};

use super::codec::Instant;
use super::error::Result;
use super::{Session, audit};

/// A kept draft, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedDraft {
    /// The form slot it fills (which form, on which record).
    pub form: String,
    /// The form's input, serialised by the interface.
    pub payload: String,
    /// When it was kept.
    pub saved_at: DateTime<Utc>,
}

impl Session {
    /// Keeps `payload` as the acting user's draft for slot `form`, replacing
    /// the one kept there before.
    pub fn save_draft(&mut self, form: &str, payload: &str) -> Result<()> {
        self.write(|tx, actor| {
            tx.execute(
                "INSERT INTO draft (user_id, form, payload, saved_at)
                 VALUES (:user_id, :form, :payload, :saved_at)
                 ON CONFLICT (user_id, form) DO UPDATE SET payload = excluded.payload,
                    saved_at = excluded.saved_at",
                named_params! {
                    ":user_id": actor.id,
                    ":form": form,
                    ":payload": payload,
                    ":saved_at": tx.now(),
                },
            )?;
            let rowid: i64 = tx.query_row(
                "SELECT rowid AS id FROM draft WHERE user_id = :user_id AND form = :form",
                named_params! { ":user_id": actor.id, ":form": form },
                |r| r.get("id"),
            )?;
            audit::record(
                tx,
                Some(actor.id),
                "draft",
                rowid,
                "save",
                None::<&()>,
                Some(form),
            )
        })
    }

    /// The acting user's drafts, newest first.
    pub fn drafts(&self) -> Result<Vec<SavedDraft>> {
        self.reader()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT form, payload, saved_at FROM draft WHERE user_id = :user_id
             ORDER BY saved_at DESC, form",
        )?;
        let rows = stmt
            .query_map(named_params! { ":user_id": self.actor.id }, |r| {
                Ok(SavedDraft {
                    form: r.get("form")?,
                    payload: r.get("payload")?,
                    saved_at: r.get::<_, Instant>("saved_at")?.0,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Drops the acting user's draft for slot `form`; returns whether there was one.
    pub fn discard_draft(&mut self, form: &str) -> Result<bool> {
        self.write(|tx, actor| {
            let rowid: Option<i64> = tx
                .query_row(
                    "SELECT rowid AS id FROM draft WHERE user_id = :user_id AND form = :form",
                    named_params! { ":user_id": actor.id, ":form": form },
                    |r| r.get("id"),
                )
                .optional()?;
            let Some(rowid) = rowid else {
                return Ok(false);
            };
            tx.execute(
                "DELETE FROM draft WHERE rowid = :rowid",
                named_params! { ":rowid": rowid },
            )?;
            audit::record(
                tx,
                Some(actor.id),
                "draft",
                rowid,
                "discard",
                Some(form),
                None::<&()>,
            )?;
            Ok(true)
        })
    }

    /// The database file this session works on (`None` in memory).
    pub fn database_path(&self) -> Option<PathBuf> {
        self.conn
            .path()
            .filter(|p| !p.is_empty())
            .map(PathBuf::from)
    }

    /// Waits at most `wait` for another writer each time the database is busy
    /// (for a program that is ending and cannot wait long).
    pub fn limit_busy_wait(&mut self, wait: Duration) -> Result<()> {
        Ok(self.conn.busy_timeout(wait)?)
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::domain::user::Role;
    use crate::store::{Database, Session, StoreError};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn sessions(path: &std::path::Path) -> (Session, Session) {
        let mut db = Database::open(path).unwrap();
        db.init("coord", "Coordinatrice Fictive").unwrap();
        let mut coord = db.session("coord", today()).unwrap();
        coord
            .add_user("ref", "Référente Fictive", Role::Referent, 1.0)
            .unwrap();
        let other = Database::open(path)
            .unwrap()
            .session("ref", today())
            .unwrap();
        (coord, other)
    }

    fn audit_rows(path: &std::path::Path) -> Vec<(String, String, Option<String>, Option<String>)> {
        let conn = rusqlite::Connection::open(path).unwrap();
        let mut stmt = conn
            .prepare(
                "SELECT a.action, u.login, a.before, a.after FROM audit a JOIN user u ON u.id = a.actor_id
                 WHERE a.entity = 'draft' ORDER BY a.id",
            )
            .unwrap();
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn drafts_are_kept_per_user_and_slot_replaced_listed_and_discarded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let (mut coord, mut other) = sessions(&path);
        assert_eq!(coord.database_path(), Some(path.clone()));

        coord
            .save_draft("file/P-2026-0001/contact/new", r#"{"a":1}"#)
            .unwrap();
        coord
            .save_draft("file/P-2026-0001/contact/new", r#"{"a":2}"#)
            .unwrap();
        coord.save_draft("agenda/new", r#"{"b":1}"#).unwrap();
        other.save_draft("agenda/new", r#"{"theirs":1}"#).unwrap();

        let mine = coord.drafts().unwrap();
        assert_eq!(mine.len(), 2);
        let contact = mine
            .iter()
            .find(|d| d.form == "file/P-2026-0001/contact/new")
            .unwrap();
        assert_eq!(
            contact.payload, r#"{"a":2}"#,
            "keeping a slot again replaces it"
        );
        assert!(crate::store::stamp(contact.saved_at).ends_with('Z'));
        let theirs = other.drafts().unwrap();
        assert_eq!(theirs.len(), 1);
        assert_eq!(theirs[0].payload, r#"{"theirs":1}"#);

        assert!(coord.discard_draft("agenda/new").unwrap());
        assert!(!coord.discard_draft("agenda/new").unwrap());
        assert_eq!(coord.drafts().unwrap().len(), 1);
        assert_eq!(
            other.drafts().unwrap().len(),
            1,
            "another user's draft stays"
        );

        let rows = audit_rows(&path);
        let actions: Vec<(&str, &str)> = rows
            .iter()
            .map(|(a, u, _, _)| (a.as_str(), u.as_str()))
            .collect();
        assert_eq!(
            actions,
            [
                ("save", "coord"),
                ("save", "coord"),
                ("save", "coord"),
                ("save", "ref"),
                ("discard", "coord")
            ]
        );
        for (_, _, before, after) in &rows {
            let logged = format!("{before:?}{after:?}");
            assert!(
                !logged.contains("theirs") && !logged.contains("\\\"a\\\""),
                "the audit names the slot, never the input: {logged}"
            );
        }
    }

    #[test]
    fn a_deactivated_user_keeps_no_draft() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let (_coord, mut other) = sessions(&path);
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute("UPDATE user SET active = 0 WHERE login = 'ref'", [])
            .unwrap();
        assert!(matches!(
            other.save_draft("agenda/new", "{}"),
            Err(StoreError::UnknownActor(_))
        ));
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM draft", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }
}

//! Participant files brought in by an import: what the import checks its rows against
//! (referents, files already held), and the one transaction that writes every row.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use rusqlite::named_params;

use super::error::{Result, StoreError};
use super::participants::{HistoryRow, ParticipantRow, insert};
use super::{Session, audit, users};
use crate::domain::participant::{FileNumber, ImportedParticipant, identity_key};

/// What the database already holds that an import's rows are checked against.
#[derive(Debug, Clone, Default)]
pub struct ImportBasis {
    /// Logins of the active referents.
    pub referents: HashSet<String>,
    /// Every file's identity key (folded names, birth date) → its file number.
    pub identities: HashMap<(String, String, NaiveDate), FileNumber>,
    /// Every file number in use.
    pub file_numbers: HashSet<FileNumber>,
}

/// What an import names in its one audit row: the file's fingerprint and its row count,
/// never the data.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportSource {
    /// SHA-256 of the imported file's bytes, in hexadecimal.
    pub sha256: String,
    /// Number of participant rows written.
    pub rows: usize,
}

impl Session {
    /// The referents and existing files an import is checked against (coordinators only).
    pub fn import_basis(&self) -> Result<ImportBasis> {
        if !self.reader()?.is_coordinator() {
            return Err(StoreError::forbidden(&self.actor.login, "what.import"));
        }
        let referents = self
            .users()?
            .into_iter()
            .filter(|u| u.active && !u.is_coordinator())
            .map(|u| u.login)
            .collect();
        let mut stmt = self
            .conn
            .prepare("SELECT file_number, last_name, first_name, birth_date FROM participant")?;
        let mut basis = ImportBasis {
            referents,
            ..ImportBasis::default()
        };
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, FileNumber>("file_number")?,
                r.get::<_, String>("last_name")?,
                r.get::<_, String>("first_name")?,
                r.get::<_, NaiveDate>("birth_date")?,
            ))
        })?;
        for row in rows {
            let (file, last, first, birth) = row?;
            basis
                .identities
                .insert(identity_key(&last, &first, birth), file);
            basis.file_numbers.insert(file);
        }
        Ok(basis)
    }

    /// Writes every imported file in one transaction with one audit row naming
    /// `sha256` and the row count (coordinators only); returns the file numbers, in
    /// the rows' order. Rows without a file number get the next ones of their
    /// orientation year. Any failure (a referent gone, a file number taken since
    /// the check) writes nothing.
    pub fn import_participants(
        &mut self,
        rows: &[ImportedParticipant],
        sha256: &str,
    ) -> Result<Vec<FileNumber>> {
        self.write(|tx, actor| {
            if !actor.is_coordinator() {
                return Err(StoreError::forbidden(&actor.login, "what.import"));
            }
            let mut referent_ids: HashMap<&str, i64> = HashMap::new();
            for login in rows.iter().filter_map(|r| r.referent.as_deref()) {
                if !referent_ids.contains_key(login) {
                    referent_ids.insert(login, users::referent(tx, login)?.id);
                }
            }
            // The highest sequence of each year, in the database and among the kept numbers.
            let mut last_seq: BTreeMap<i32, u32> = BTreeMap::new();
            for year in rows.iter().map(|r| match r.file_number {
                Some(f) => f.year(),
                None => r.details.oriented_on.unwrap_or(tx.today()).year(),
            }) {
                if let std::collections::btree_map::Entry::Vacant(slot) = last_seq.entry(year) {
                    let last: Option<FileNumber> = tx.query_row(
                        "SELECT MAX(file_number) AS last FROM participant WHERE file_number LIKE :prefix || '%'",
                        named_params! { ":prefix": format!("P-{year}-") },
                        |r| r.get("last"),
                    )?;
                    slot.insert(last.map_or(0, FileNumber::seq));
                }
            }
            for kept in rows.iter().filter_map(|r| r.file_number) {
                let seq = last_seq.entry(kept.year()).or_default();
                *seq = (*seq).max(kept.seq());
            }
            let mut numbers = Vec::with_capacity(rows.len());
            for r in rows {
                let d = &r.details;
                let oriented_on = d.oriented_on.unwrap_or(tx.today());
                let file_number = match r.file_number {
                    Some(f) => f,
                    None => {
                        let seq = last_seq.entry(oriented_on.year()).or_default();
                        *seq += 1;
                        FileNumber::new(oriented_on.year(), *seq).ok_or_else(|| {
                            crate::domain::DomainError::new("error.file_numbers_exhausted")
                                .arg("year", oriented_on.year())
                        })?
                    }
                };
                let events = r
                    .events
                    .iter()
                    .map(|event| HistoryRow {
                        event: event.clone(),
                        recorded_at: tx.instant(),
                        recorded_by: Some(actor.id),
                        corrects: None,
                        voided: None,
                    })
                    .collect();
                let row = ParticipantRow {
                    id: None,
                    file_number,
                    details: d.trimmed(),
                    oriented_on,
                    referent_id: r.referent.as_deref().map(|l| referent_ids[l]),
                    events,
                    created_at: tx.instant(),
                    updated_at: tx.instant(),
                    updated_by: actor.id,
                };
                insert(tx, &row, tx.today())?;
                numbers.push(file_number);
            }
            let source = ImportSource {
                sha256: sha256.to_owned(),
                rows: rows.len(),
            };
            audit::record(
                tx,
                Some(actor.id),
                "import",
                0,
                "import_participants",
                None::<&()>,
                Some(&source),
            )?;
            Ok(numbers)
        })
    }
}

//! The access log of exports: every file named in an export that leaves the program
//! (agenda as iCalendar or CSV, timesheets, the participant list) gets an audit row
//! `export` saying which export, never what it held. Opening a file is logged by
//! `Session::open_participant` (`store/audit_query.rs`), a subject-access answer by
//! `Session::subject_access`; all of them are audit rows, so they are kept as long as
//! the audit log, and the audit screen's access filter shows them.

use rusqlite::{OptionalExtension, named_params};
use serde::Serialize;

use super::error::Result;
use super::{Session, audit};

/// An export that names participants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExportKind {
    /// `export agenda --format ics`.
    AgendaIcs,
    /// `export agenda --format csv`.
    AgendaCsv,
    /// A weekly timesheet or monthly recap (CSV, XLSX or PDF), from the CLI or the interface.
    Timesheet,
    /// `participant list`, in any format.
    ParticipantList,
}

impl Session {
    /// Logs that `kind` named the files `file_numbers` (each once; unknown numbers are
    /// skipped): one audit row `export` per file, in one transaction.
    pub fn log_export<'a>(
        &mut self,
        kind: ExportKind,
        file_numbers: impl IntoIterator<Item = &'a str>,
    ) -> Result<()> {
        let mut files: Vec<&str> = file_numbers.into_iter().collect();
        files.sort_unstable();
        files.dedup();
        if files.is_empty() {
            return Ok(());
        }
        #[derive(Serialize)]
        struct Exported {
            export: ExportKind,
        }
        self.log_access(|tx, actor| {
            let mut lookup =
                tx.prepare_cached("SELECT id FROM participant WHERE file_number = :file")?;
            for file in &files {
                let id: Option<i64> = lookup
                    .query_row(named_params! { ":file": file }, |r| r.get("id"))
                    .optional()?;
                if let Some(id) = id {
                    audit::record(
                        tx,
                        Some(actor.id),
                        "participant",
                        id,
                        "export",
                        None::<&()>,
                        Some(&Exported { export: kind }),
                    )?;
                }
            }
            Ok(())
        })
    }
}

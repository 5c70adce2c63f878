//! Exporting from the time screen: the choices offered (a format, and in the
//! coordinator's overview one file or one per referent), the export of the
//! shown week through the same code as `parcours export timesheet`, the
//! files written under names that do not exist yet, and the command that
//! brings the same PDF to the person's own computer over SSH.

use std::path::{Path, PathBuf};

use super::{Mode, TimeScreen};
use crate::export::output_file::{Naming, write_batch};
use crate::export::timesheet_csv::{DEFAULT_DELIMITER, SPREADSHEET_DELIMITER};
use crate::export::{
    ExportFile, Format, Grouping, Period, Referents, TimesheetRequest, export_timesheets,
};
use crate::i18n::{t, tf};
use crate::store::Session;
use crate::tui::status::StatusLine;

/// One line of the export choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportChoice {
    /// The file format.
    pub format: Format,
    /// One file, or one per referent.
    pub grouping: Grouping,
    /// The CSV separator: `,` for scripts, `;` for a French spreadsheet (decimal comma,
    /// words in the language).
    pub delimiter: u8,
}

impl ExportChoice {
    /// What the choice shows: `CSV`, `XLSX, one file per referent`…
    pub fn label(self) -> String {
        let spreadsheet = self.delimiter == SPREADSHEET_DELIMITER;
        let key = match (self.format, self.grouping) {
            (Format::Csv, Grouping::Combined) if spreadsheet => "time.export.csv_spreadsheet",
            (Format::Csv, Grouping::PerReferent) if spreadsheet => {
                "time.export.csv_spreadsheet_each"
            }
            (Format::Csv, Grouping::Combined) => "time.export.csv",
            (Format::Xlsx, Grouping::Combined) => "time.export.xlsx",
            (Format::Pdf, Grouping::Combined) => "time.export.pdf",
            (Format::Csv, Grouping::PerReferent) => "time.export.csv_each",
            (Format::Xlsx, Grouping::PerReferent) => "time.export.xlsx_each",
            (Format::Pdf, Grouping::PerReferent) => "time.export.pdf_each",
        };
        t(key)
    }
}

/// The choices: each format in one file, CSV in both flavours (`,` for scripts, `;` for
/// spreadsheets); with `all_referents`, also one file per referent.
pub fn choices(all_referents: bool) -> Vec<ExportChoice> {
    let formats = [
        (Format::Csv, DEFAULT_DELIMITER),
        (Format::Xlsx, DEFAULT_DELIMITER),
        (Format::Pdf, DEFAULT_DELIMITER),
        (Format::Csv, SPREADSHEET_DELIMITER),
    ];
    let groupings: &[Grouping] = if all_referents {
        &[Grouping::Combined, Grouping::PerReferent]
    } else {
        &[Grouping::Combined]
    };
    groupings
        .iter()
        .flat_map(|&grouping| {
            formats.map(|(format, delimiter)| ExportChoice {
                format,
                grouping,
                delimiter,
            })
        })
        .collect()
}

/// Writes every file into `dir`, or none, each under its name or, when
/// that is taken, the next free one (`name-2.ext`…). Returns the paths.
fn write_files(dir: &Path, files: &[ExportFile]) -> Result<Vec<PathBuf>, String> {
    let batch: Vec<(PathBuf, &[u8])> = files
        .iter()
        .map(|f| (dir.join(&f.file_name), f.bytes.as_slice()))
        .collect();
    write_batch(&batch, Naming::NextFree).map_err(|e| {
        tf(
            "time.error.export_write",
            &[
                ("path", &e.path.display().to_string()),
                ("detail", &e.error.to_string()),
            ],
        )
    })
}

/// The SSH host the export hint names: the alias `docs/deploy.md` has people put in
/// their `~/.ssh/config` for the PLIE's server.
const SSH_HOST: &str = "plie";

impl TimeScreen {
    /// The command, run on the person's own computer, that writes the PDF of the shown
    /// week there: over SSH an export only goes to standard output, redirected to a file.
    /// A coordinator looking at one referent's week names them.
    pub fn ssh_export_command(&self) -> String {
        let week = self.week.to_string();
        let referent = match (&self.referent, self.shows_overview()) {
            (Some(login), false) => format!(" --referent {login}"),
            _ => String::new(),
        };
        format!(
            "ssh {SSH_HOST} parcours export timesheet --week {week}{referent} --format pdf --output - > {week}.pdf"
        )
    }

    /// Opens the export choice for what is shown.
    pub(super) fn open_export(&mut self) -> bool {
        if self.data.is_none() && !self.shows_overview() {
            self.message = Some(StatusLine::error(t("time.error.not_loaded")));
            return true;
        }
        self.mode = Mode::Export { selected: 0 };
        self.message = None;
        true
    }

    /// Exports the shown week as `choice` says: the acting referent's, the
    /// referent a coordinator opened, or in the overview every referent's.
    /// The status line names what was written, or why nothing was.
    pub(super) fn export(&mut self, session: &mut Session, choice: ExportChoice) {
        self.mode = Mode::Grid;
        let mut request = TimesheetRequest::new(Period::Week(self.week), session.now());
        request.referents = match (&self.referent, self.shows_overview()) {
            (_, true) => Referents::All,
            (Some(login), false) => Referents::One(login.clone()),
            (None, false) => Referents::Actor,
        };
        request.grouping = choice.grouping;
        request.delimiter = choice.delimiter;
        let dir = self.export_dir();
        let export = match export_timesheets(session, &request, choice.format) {
            Ok(export) => export,
            Err(e) => {
                self.message = Some(StatusLine::error(e.to_string()));
                return;
            }
        };
        let written = match write_files(&dir, &export.files) {
            Ok(written) => written,
            Err(e) => {
                self.message = Some(StatusLine::error(e));
                return;
            }
        };
        let what = match written.as_slice() {
            [one] => tf("time.exported", &[("path", &one.display().to_string())]),
            many => tf(
                "time.exported_many",
                &[
                    ("n", &many.len().to_string()),
                    ("dir", &dir.display().to_string()),
                ],
            ),
        };
        self.message = Some(match export.weeks.iter().find(|w| !w.matches_record()) {
            Some(week) => StatusLine::warning(tf(
                "time.warn.fingerprint",
                &[
                    ("what", &what),
                    ("referent", &week.referent),
                    ("changes", &week.changes.join("; ")),
                ],
            )),
            None => StatusLine::info(what),
        });
        // A validated week's first export stored its fingerprint.
        self.reload(session);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> ExportFile {
        ExportFile {
            file_name: name.into(),
            referent: None,
            bytes: bytes.to_vec(),
        }
    }

    #[test]
    fn never_replaces_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let name = "timesheet-demo-2026-W48.csv";
        let first = write_files(dir.path(), &[file(name, b"one")]).unwrap();
        let second = write_files(dir.path(), &[file(name, b"two")]).unwrap();
        assert_eq!(first, [dir.path().join(name)]);
        assert_eq!(second, [dir.path().join("timesheet-demo-2026-W48-2.csv")]);
        assert_eq!(std::fs::read(&first[0]).unwrap(), b"one");
        assert_eq!(std::fs::read(&second[0]).unwrap(), b"two");
    }

    #[test]
    fn a_missing_directory_is_an_error_and_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("missing");
        let error = write_files(&missing, &[file("a.csv", b"one")]).unwrap_err();
        assert!(error.contains("a.csv"), "{error}");
        assert!(!missing.exists());
    }

    #[test]
    fn the_overview_offers_one_file_per_referent() {
        let own = choices(false);
        assert_eq!(own.len(), 4);
        assert_eq!(
            (own[3].format, own[3].delimiter),
            (Format::Csv, SPREADSHEET_DELIMITER),
            "both CSV flavours are offered"
        );
        let all = choices(true);
        assert_eq!(all.len(), 8);
        assert_eq!(all[5].format, Format::Xlsx);
        assert_eq!(all[5].grouping, Grouping::PerReferent);
    }
}

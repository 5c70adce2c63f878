//! The participant import file: its columns, its template, and reading it into checked rows.
//!
//! The file is UTF-8 CSV, with or without a byte-order mark, separated by `,` or `;`
//! (whichever the header line holds more of), with a header row naming the columns of
//! [`COLUMNS`] in any order (case ignored); `last_name`, `first_name` and `birth_date` are
//! required, the others may be left out. Lines starting with `#` are comments, blank
//! lines are skipped. Dates are `YYYY-MM-DD` or `DD/MM/YYYY`; postcodes and phone numbers
//! are kept as text; codes are the stable codes of `parcours participant add --help`; criteria are separated by `;`,
//! `,` or spaces. A leading `'` before `=`, `+`, `-` or `@` (how `participant list
//! --format csv` protects spreadsheet cells) is removed, so an export imports unchanged.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::domain::lifecycle::{Event, EventKind, Situation, derive};
use crate::domain::participant::{
    CommissionDecision, Criterion, EducationLevel, ExitOutcome, FileNumber, ImportedParticipant,
    LabourStatus, NewParticipant, Participant, Sex, Status, identity_key, validate_birth_date,
};
use crate::domain::text::{Lines, check};
use crate::i18n::{t, tf};
use crate::store::ImportBasis;

/// The columns of an import file, in the order `participant list --format csv` writes them.
pub const COLUMNS: &[&str] = &[
    "file_number",
    "last_name",
    "first_name",
    "birth_date",
    "sex",
    "referent",
    "phone",
    "email",
    "address",
    "postcode",
    "commune",
    "prescriber",
    "oriented_on",
    "commission_on",
    "commission_decision",
    "contract_on",
    "labour_status",
    "education_level",
    "criteria",
    "status",
    "exit_on",
    "exit_outcome",
    "follow_up_on",
    "follow_up_situation",
];

/// The columns an import file must have.
const REQUIRED: &[&str] = &["last_name", "first_name", "birth_date"];

/// The example line of the template, one value per column of [`COLUMNS`].
const EXAMPLE: &[&str] = &[
    "",
    "Exemple",
    "Léa",
    "17/05/1990",
    "f",
    "alice",
    "0696 12 34 56",
    "lea.exemple@example.org",
    "12 rue des Flamboyants",
    "97200",
    "Fort-de-France",
    "France Travail",
    "2026-01-05",
    "2026-01-20",
    "accepted",
    "2026-02-02",
    "long_term_unemployed",
    "4",
    "rsa;qpv",
    "",
    "",
    "",
    "",
    "",
];

/// What `import participants --template` prints: the header and one commented example line.
pub fn template() -> String {
    format!("{}\n# {}\n", COLUMNS.join(","), EXAMPLE.join(","))
}

/// One wrong value of an import file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ImportError {
    /// Line of the file (the header is line 1).
    pub line: u64,
    /// Column name (blank for an error about the whole line or file).
    pub column: String,
    /// The value as found.
    pub value: String,
    /// Why it is refused, in the user's language.
    pub reason: String,
}

/// The checked rows of a file, each with its line; or every error found.
pub type Checked = Result<Vec<(u64, ImportedParticipant)>, Vec<ImportError>>;

/// Reads `bytes` and checks every row: values, dates against `today`, referents, file
/// numbers and possible duplicates (within the file and against `basis`; refused unless
/// `allow_duplicates`). Every error is reported, not just the first.
pub fn read(
    bytes: &[u8],
    today: NaiveDate,
    basis: &ImportBasis,
    allow_duplicates: bool,
) -> Checked {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64
                + 1;
            return Err(vec![whole_line(line, t("import.error.utf8"))]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => return Err(vec![whole_line(1, e.to_string())]),
    };
    let mut errors = header_errors(&header);
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut rows = Vec::new();
    let mut seen: HashMap<(String, String, NaiveDate), u64> = HashMap::new();
    let mut numbers: HashMap<FileNumber, u64> = HashMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(whole_line(line, e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if record.len() != header.len() {
            errors.push(whole_line(
                line,
                tf(
                    "import.error.width",
                    &[
                        ("found", &record.len().to_string()),
                        ("expected", &header.len().to_string()),
                    ],
                ),
            ));
            continue;
        }
        let cells: HashMap<&str, &str> = header
            .iter()
            .map(String::as_str)
            .zip(record.iter().map(unprotect))
            .collect();
        let mut row = Row {
            line,
            cells,
            errors: &mut errors,
        };
        let Some(person) = row.participant(today, basis) else {
            continue;
        };
        if let Some(file) = person.file_number {
            if basis.file_numbers.contains(&file) {
                row.error(
                    "file_number",
                    &file.to_string(),
                    t("import.error.file_number_taken"),
                );
            } else if let Some(first) = numbers.insert(file, line) {
                row.error(
                    "file_number",
                    &file.to_string(),
                    tf(
                        "import.error.file_number_twice",
                        &[("line", &first.to_string())],
                    ),
                );
            }
        }
        if let Some(birth) = person.details.birth_date {
            let key = identity_key(&person.details.last_name, &person.details.first_name, birth);
            if !allow_duplicates {
                let value = format!(
                    "{} {} {birth}",
                    person.details.last_name, person.details.first_name
                );
                if let Some(file) = basis.identities.get(&key) {
                    row.error(
                        "last_name",
                        &value,
                        tf(
                            "import.error.duplicate_file",
                            &[("file", &file.to_string())],
                        ),
                    );
                } else if let Some(first) = seen.get(&key) {
                    row.error(
                        "last_name",
                        &value,
                        tf(
                            "import.error.duplicate_line",
                            &[("line", &first.to_string())],
                        ),
                    );
                }
            }
            seen.entry(key).or_insert(line);
        }
        rows.push((line, person));
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push(whole_line(1, t("import.error.empty")));
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// The errors as CSV (`line,column,value,reason`), for `--errors FILE`.
pub fn errors_csv(errors: &[ImportError]) -> Result<Vec<u8>, csv::Error> {
    use crate::domain::text::spreadsheet_text;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(["line", "column", "value", "reason"])?;
    for e in errors {
        writer.write_record([
            e.line.to_string().as_str(),
            &spreadsheet_text(&e.column),
            &spreadsheet_text(&e.value),
            &spreadsheet_text(&e.reason),
        ])?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// Participant files as an import file: the header of [`COLUMNS`] and one line per file,
/// every cell through `spreadsheet_text` (see the module notes for the `'` it may add).
pub fn to_csv(files: &[Participant]) -> Result<Vec<u8>, csv::Error> {
    use crate::domain::text::spreadsheet_text;
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let code = |c: Option<&'static str>| c.unwrap_or_default().to_owned();
    for p in files {
        let d = &p.details;
        let cells = [
            p.file_number.clone(),
            d.last_name.clone(),
            d.first_name.clone(),
            date(d.birth_date),
            code(d.sex.map(Sex::code)),
            p.referent.clone().unwrap_or_default(),
            d.phone.clone(),
            d.email.clone(),
            d.address.clone(),
            d.postcode.clone(),
            d.commune.clone(),
            d.prescriber.clone(),
            date(d.oriented_on),
            date(p.commission_on),
            code(p.commission_decision.map(CommissionDecision::code)),
            date(p.contract_on),
            code(d.labour_status.map(LabourStatus::code)),
            code(d.education.map(EducationLevel::code)),
            d.criteria
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(";"),
            p.status.code().to_owned(),
            date(p.exit_on),
            code(p.exit_outcome.map(ExitOutcome::code)),
            date(p.exit_checked_on),
            code(p.follow_up_situation.map(Situation::code)),
        ];
        writer.write_record(cells.iter().map(|c| spreadsheet_text(c).into_owned()))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// `;` when the header line holds more semicolons than commas, else `,`.
fn delimiter(text: &str) -> u8 {
    let header = text
        .lines()
        .find(|l| !l.starts_with('#'))
        .unwrap_or_default();
    if header.matches(';').count() > header.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// A cell without its surrounding spaces and without the `'` that protects a formula-like value.
fn unprotect(cell: &str) -> &str {
    let cell = cell.trim();
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => cell,
    }
}

fn whole_line(line: u64, reason: String) -> ImportError {
    ImportError {
        line,
        column: String::new(),
        value: String::new(),
        reason,
    }
}

/// Unknown, repeated and missing columns of the header.
fn header_errors(header: &[String]) -> Vec<ImportError> {
    let mut errors = Vec::new();
    for (i, name) in header.iter().enumerate() {
        if !COLUMNS.contains(&name.as_str()) {
            errors.push(ImportError {
                line: 1,
                column: name.clone(),
                value: name.clone(),
                reason: tf(
                    "import.error.unknown_column",
                    &[("columns", &COLUMNS.join(", "))],
                ),
            });
        } else if header[..i].contains(name) {
            errors.push(ImportError {
                line: 1,
                column: name.clone(),
                value: name.clone(),
                reason: t("import.error.repeated_column"),
            });
        }
    }
    for name in REQUIRED {
        if !header.iter().any(|h| h == name) {
            errors.push(ImportError {
                line: 1,
                column: (*name).to_owned(),
                value: String::new(),
                reason: t("import.error.missing_column"),
            });
        }
    }
    errors
}

/// One record being read: its cells by column, and where its errors go.
struct Row<'a, 'e> {
    line: u64,
    cells: HashMap<&'a str, &'a str>,
    errors: &'e mut Vec<ImportError>,
}

impl Row<'_, '_> {
    fn error(&mut self, column: &str, value: &str, reason: String) {
        self.errors.push(ImportError {
            line: self.line,
            column: column.to_owned(),
            value: value.to_owned(),
            reason,
        });
    }

    /// The cell of `column`, blank when the file has no such column.
    fn cell(&self, column: &str) -> &str {
        self.cells.get(column).copied().unwrap_or_default()
    }

    /// A single-line text cell, checked for control characters.
    fn text(&mut self, column: &'static str) -> String {
        let value = self.cell(column).to_owned();
        if let Err(e) = check("import.field", &value, Lines::One) {
            self.error(column, &value, e.to_string());
        }
        value
    }

    /// A date cell, `YYYY-MM-DD` or `DD/MM/YYYY`, blank for none.
    fn date(&mut self, column: &'static str) -> Option<NaiveDate> {
        let value = self.cell(column).to_owned();
        if value.is_empty() {
            return None;
        }
        let parsed = NaiveDate::parse_from_str(&value, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(&value, "%d/%m/%Y"));
        match parsed {
            Ok(date) => Some(date),
            Err(_) => {
                self.error(column, &value, t("import.error.date"));
                None
            }
        }
    }

    /// A code of a closed list, blank for none.
    fn code<T>(
        &mut self,
        column: &'static str,
        parse: fn(&str) -> Option<T>,
        codes: String,
    ) -> Option<T> {
        let value = self.cell(column).to_owned();
        if value.is_empty() {
            return None;
        }
        let found = parse(&value.to_ascii_lowercase());
        if found.is_none() {
            self.error(
                column,
                &value,
                tf("import.error.code", &[("codes", &codes)]),
            );
        }
        found
    }

    /// A required cell: its value, or an error.
    fn required(&mut self, column: &'static str) -> String {
        let value = self.text(column);
        if value.is_empty() {
            self.error(column, "", t("import.error.required"));
        }
        value
    }

    /// The record as a participant, or `None` after recording its errors.
    fn participant(
        &mut self,
        today: NaiveDate,
        basis: &ImportBasis,
    ) -> Option<ImportedParticipant> {
        let before = self.errors.len();
        let number = self.cell("file_number").to_owned();
        let file_number = if number.is_empty() {
            None
        } else {
            match number.parse::<FileNumber>() {
                Ok(file) => Some(file),
                Err(e) => {
                    self.error("file_number", &number, e.to_string());
                    None
                }
            }
        };
        let last_name = self.required("last_name");
        let first_name = self.required("first_name");
        let birth_date = self.date("birth_date");
        match birth_date {
            None if self.cell("birth_date").is_empty() => {
                self.error("birth_date", "", t("import.error.required"));
            }
            Some(birth) => {
                if let Err(e) = validate_birth_date(birth, today) {
                    self.error("birth_date", &birth.to_string(), e.to_string());
                }
            }
            None => {}
        }
        let sex = self.code("sex", Sex::from_code, Sex::codes());
        let referent = match self.text("referent") {
            login if login.is_empty() => None,
            login if basis.referents.contains(&login) => Some(login),
            login => {
                self.error("referent", &login, t("import.error.referent"));
                None
            }
        };
        let phone = self.text("phone");
        let email = self.text("email");
        let address = self.text("address");
        let postcode = self.text("postcode");
        let commune = self.text("commune");
        let prescriber = self.text("prescriber");
        let oriented_on = self.date("oriented_on").unwrap_or(today);
        let commission_on = self.date("commission_on");
        let commission_decision = self.code(
            "commission_decision",
            CommissionDecision::from_code,
            CommissionDecision::codes(),
        );
        let contract_on = self.date("contract_on");
        let labour_status = self.code(
            "labour_status",
            LabourStatus::from_code,
            LabourStatus::codes(),
        );
        let education = self.code(
            "education_level",
            EducationLevel::from_code,
            EducationLevel::codes(),
        );
        let criteria = self.criteria();
        let status = self.code("status", Status::from_code, Status::codes());
        let exit_on = self.date("exit_on");
        let exit_outcome = self.code("exit_outcome", ExitOutcome::from_code, ExitOutcome::codes());
        let checked_on = self.date("follow_up_on");
        let situation = self.code(
            "follow_up_situation",
            Situation::from_code,
            Situation::codes(),
        );
        let earliest = birth_date.unwrap_or(NaiveDate::MIN);
        for (column, date) in [
            ("oriented_on", Some(oriented_on)),
            ("commission_on", commission_on),
            ("contract_on", contract_on),
            ("exit_on", exit_on),
            ("follow_up_on", checked_on),
        ] {
            if let Some(date) = date
                && (date < earliest || date > today)
            {
                self.error(column, &date.to_string(), t("import.error.date_order"));
            }
        }
        for (column, date, code, both) in [
            (
                "commission_on",
                commission_on,
                commission_decision.is_some(),
                "import.error.commission_pair",
            ),
            (
                "exit_on",
                exit_on,
                exit_outcome.is_some(),
                "import.error.exit_pair",
            ),
            (
                "follow_up_on",
                checked_on,
                situation.is_some(),
                "import.error.follow_up_pair",
            ),
        ] {
            if date.is_some() != code {
                let value = date.map(|d| d.to_string()).unwrap_or_default();
                self.error(column, &value, t(both));
            }
        }
        if self.errors.len() > before {
            return None;
        }
        let mut events = Vec::new();
        if let (Some(on), Some(decision)) = (commission_on, commission_decision) {
            events.push(Event::commission(on, decision));
        }
        events.extend(contract_on.map(Event::contract));
        if let (Some(on), Some(outcome)) = (exit_on, exit_outcome) {
            events.push(Event::exit(on, outcome, ""));
        }
        if let (Some(on), Some(situation)) = (checked_on, situation) {
            events.push(Event::follow_up(on, situation, ""));
        }
        let numbered: Vec<(i64, Event)> = (0..).zip(events.iter().cloned()).collect();
        match derive(oriented_on, &numbered, today) {
            Err(refusal) => {
                let column = match numbered.iter().find(|(i, _)| *i == refusal.event) {
                    Some((_, e)) => match e.kind {
                        EventKind::Commission => "commission_on",
                        EventKind::Contract => "contract_on",
                        EventKind::Exit => "exit_on",
                        EventKind::FollowUp => "follow_up_on",
                        EventKind::EntryFile => "oriented_on",
                    },
                    None => "status",
                };
                let value = self.cell(column).to_owned();
                self.error(column, &value, refusal.error.to_string());
                return None;
            }
            Ok(lc) => {
                if let Some(typed) = status.filter(|s| *s != lc.status) {
                    self.error(
                        "status",
                        typed.code(),
                        tf("import.error.status", &[("status", lc.status.code())]),
                    );
                    return None;
                }
            }
        }
        Some(ImportedParticipant {
            file_number,
            details: NewParticipant {
                last_name,
                first_name,
                birth_date,
                sex,
                address,
                commune,
                postcode,
                qpv: criteria.contains(&Criterion::Qpv),
                phone,
                email,
                prescriber,
                criteria,
                labour_status,
                education,
                oriented_on: Some(oriented_on),
            },
            referent,
            events,
        })
    }

    /// The criteria cell: codes separated by `;`, `,` or spaces.
    fn criteria(&mut self) -> Vec<Criterion> {
        let value = self.cell("criteria").to_owned();
        let mut criteria = Vec::new();
        for code in value.split([';', ',', ' ']).filter(|c| !c.is_empty()) {
            match Criterion::from_code(&code.to_ascii_lowercase()) {
                Some(c) if !criteria.contains(&c) => criteria.push(c),
                Some(_) => {}
                None => self.error(
                    "criteria",
                    code,
                    tf("import.error.code", &[("codes", &Criterion::codes())]),
                ),
            }
        }
        criteria
    }
}

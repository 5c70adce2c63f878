//! Timesheet exports on a real database: CSV, XLSX and PDF read back and compared with the
//! rows SQLite holds; a golden CSV; reproducible exports of validated weeks.

#[path = "common/tui_kit.rs"]
mod kit;

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use parcours::domain::IsoWeek;
use parcours::domain::duration::{format_decimal_hours, format_exact_hours};
use parcours::domain::participant::NewParticipant;
use parcours::domain::settings::PlieSettings;
use parcours::domain::time::{Activity, ActivityKind, NewTimeEntry, WeekStatus};
use parcours::domain::timesheet::Month;
use parcours::domain::user::Role;
use parcours::export::timesheet_csv::HEADER;
use parcours::export::{
    ExportError, Format, Grouping, Period, Referents, TimesheetExport, TimesheetRequest,
    export_timesheets, verify_week,
};
use parcours::store::{Database, StoreError};
use rusqlite::Connection;
use tempfile::TempDir;

/// Friday 4 December 2026: every day of the fixture has been worked.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
}

/// A session of `login`, today being [`today`].
fn session(path: &std::path::Path, login: &str) -> parcours::store::Session {
    kit::session_on(path, login, today())
}

/// The fixed week of the golden file: Monday 16 to Sunday 22 November 2026.
fn week() -> IsoWeek {
    "2026-W47".parse().unwrap()
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, hour, 0, 0).unwrap()
}

/// The PLIE's settings: its structure and ESF operation, printed on every sheet.
fn settings() -> PlieSettings {
    PlieSettings {
        structure_name: "PLIE Fictif du Val".into(),
        operation_code: "202300042".into(),
        operation_name: "Accompagnement renforcé vers l'emploi".into(),
        ..PlieSettings::default()
    }
}

/// Alice's fixed week: 20 entries, four participants, notes with commas, quotes, line
/// breaks and accents; Bob has a little time around the end of November.
fn setup() -> (TempDir, PathBuf) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("plie.db");
    let mut db = Database::open(&path).unwrap();
    db.init("coord", "Coralie Coordination").unwrap();
    let mut coord = db.session("coord", today()).unwrap();
    coord.change_settings(&settings(), None).unwrap();
    coord
        .add_user("alice", "Alice Exemple", Role::Referent, 1.0)
        .unwrap();
    coord
        .add_user("bob", "Bérénice Fictive", Role::Referent, 0.8)
        .unwrap();

    let mut alice = session(&path, "alice");
    let files: Vec<String> = ["Un", "Deux", "Trois", "Quatre"]
        .iter()
        .map(|first| {
            let person = NewParticipant {
                last_name: "Testperson".into(),
                first_name: (*first).into(),
                birth_date: NaiveDate::from_ymd_opt(1990, 5, 4),
                commune: "Testville".into(),
                ..Default::default()
            };
            alice.add_participant(&person, None).unwrap().file_number
        })
        .collect();
    let p = |i: usize| Some(files[i].as_str());
    let entries: [(u32, u32, &str, Option<&str>, &str); 20] = [
        (16, 60, "IND", p(0), "Premier entretien, diagnostic"),
        (16, 45, "IND", p(1), "Bilan \"compétences\" à revoir"),
        (16, 90, "FILE", None, "Synthèse hebdomadaire"),
        (16, 120, "EMP", None, "Visite entreprise\nBTP, zone nord"),
        (16, 30, "ADM", None, ""),
        (17, 180, "COL", p(0), "Atelier CV; 6 présents"),
        (17, 60, "IND", p(2), "Entretien à domicile — mère présente"),
        (17, 45, "TRAV", None, "Trajet Saint-Étienne"),
        (17, 90, "PART", None, "Commission d'orientation"),
        (18, 30, "IND", p(3), "Appel \"urgent\", rappel demain"),
        (18, 120, "FILE", None, ""),
        (18, 210, "OUT", None, "Formation interne, hors FSE"),
        (19, 60, "IND", p(1), ""),
        (
            19,
            75,
            "IND",
            p(0),
            "Suivi emploi\nCDD de 3 mois, « bonne nouvelle »",
        ),
        (19, 90, "EMP", None, "Job dating ; salon"),
        (19, 60, "ADM", None, "Saisie FSE+ (indicateurs)"),
        (20, 150, "COL", p(2), "Atelier numérique"),
        (20, 60, "PART", None, "Réunion partenaires, CCAS"),
        (
            20,
            45,
            "FILE",
            p(3),
            "Notes d'entretien, \"dossier\" complet",
        ),
        (20, 120, "OUT", None, "Congé (après-midi)"),
    ];
    for (d, minutes, activity, participant, note) in entries {
        alice
            .add_time_entry(&entry(day(d), minutes, activity, participant, note))
            .unwrap();
    }
    alice
        .add_time_entry(&entry(day(21), 30, "TRAV", None, "Forum emploi, samedi"))
        .unwrap();

    let mut bob = session(&path, "bob");
    bob.add_time_entry(&entry(day(27), 60, "IND", None, ""))
        .unwrap();
    bob.add_time_entry(&entry(day(30), 90, "FILE", None, "Fin de mois"))
        .unwrap();
    let december = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
    bob.add_time_entry(&entry(december, 45, "ADM", None, "Décembre"))
        .unwrap();
    (dir, path)
}

fn entry(
    date: NaiveDate,
    minutes: u32,
    activity: &str,
    participant: Option<&str>,
    note: &str,
) -> NewTimeEntry {
    NewTimeEntry {
        date,
        minutes,
        activity: activity.into(),
        participant: participant.map(Into::into),
        appointment_id: None,
        note: note.into(),
    }
}

/// A row of the database, as the CSV should show it.
#[derive(Debug, PartialEq)]
struct DbRow {
    date: String,
    activity: String,
    label: String,
    esf: bool,
    file: Option<String>,
    minutes: i64,
    note: String,
}

fn db_rows(path: &Path, login: &str, week: IsoWeek) -> Vec<DbRow> {
    let conn = Connection::open(path).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT t.entry_date, t.activity_code, a.label_en, a.esf, p.file_number, t.minutes, t.note
             FROM time_entry t JOIN user u ON u.id = t.referent_id
             JOIN activity a ON a.code = t.activity_code
             LEFT JOIN participant p ON p.id = t.participant_id
             WHERE u.login = ?1 AND t.iso_week = ?2 ORDER BY t.entry_date, t.id",
        )
        .unwrap();
    stmt.query_map((login, week.to_string()), |r| {
        Ok(DbRow {
            date: r.get(0)?,
            activity: r.get(1)?,
            label: r.get(2)?,
            esf: r.get(3)?,
            file: r.get(4)?,
            minutes: r.get(5)?,
            note: r.get(6)?,
        })
    })
    .unwrap()
    .map(Result::unwrap)
    .collect()
}

/// Minutes per (activity, date) and per date, summed by SQLite.
fn db_sums(
    path: &Path,
    login: &str,
    week: IsoWeek,
) -> (BTreeMap<(String, String), i64>, BTreeMap<String, i64>) {
    let conn = Connection::open(path).unwrap();
    let query = |sql: &str| -> Vec<(String, String, i64)> {
        let mut stmt = conn.prepare(sql).unwrap();
        stmt.query_map((login, week.to_string()), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    };
    let cells = query(
        "SELECT t.activity_code, t.entry_date, SUM(t.minutes) FROM time_entry t JOIN user u ON u.id = t.referent_id
         WHERE u.login = ?1 AND t.iso_week = ?2 GROUP BY 1, 2",
    )
    .into_iter()
    .map(|(a, d, m)| ((a, d), m))
    .collect();
    let days = query(
        "SELECT '', t.entry_date, SUM(t.minutes) FROM time_entry t JOIN user u ON u.id = t.referent_id
         WHERE u.login = ?1 AND t.iso_week = ?2 GROUP BY 2",
    )
    .into_iter()
    .map(|(_, d, m)| (d, m))
    .collect();
    (cells, days)
}

fn db_scalar(path: &Path, sql: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(sql, [], |r| r.get(0))
        .unwrap()
}

/// The fingerprint of Alice's week as its CSV prints it (the same on every row).
fn export_fingerprint(path: &Path) -> String {
    let bytes = only_file(export(
        path,
        "alice",
        &request(Period::Week(week())),
        Format::Csv,
    ));
    let records = parse_csv(&bytes, b',');
    let column = HEADER.iter().position(|h| *h == "fingerprint").unwrap();
    let first = records[0][column].to_owned();
    assert_eq!(first.len(), 64);
    assert!(records.iter().all(|r| r[column] == first));
    first
}

fn request(period: Period) -> TimesheetRequest {
    TimesheetRequest::new(period, at(9))
}

fn export(path: &Path, login: &str, request: &TimesheetRequest, format: Format) -> TimesheetExport {
    let mut s = session(path, login);
    export_timesheets(&mut s, request, format).unwrap()
}

fn only_file(export: TimesheetExport) -> Vec<u8> {
    assert_eq!(export.files.len(), 1);
    export.files.into_iter().next().unwrap().bytes
}

fn parse_csv(bytes: &[u8], delimiter: u8) -> Vec<csv::StringRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(bytes);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header, HEADER);
    reader.records().map(Result::unwrap).collect()
}

#[test]
fn csv_round_trip_equals_the_database() {
    let (_dir, path) = setup();
    let export = export(&path, "alice", &request(Period::Week(week())), Format::Csv);
    assert_eq!(export.files[0].file_name, "timesheet-alice-2026-W47.csv");
    assert_eq!(export.files[0].referent.as_deref(), Some("alice"));
    let bytes = only_file(export);
    assert!(std::str::from_utf8(&bytes).is_ok(), "UTF-8");
    assert!(bytes.starts_with(b"referent_login,"), "no byte-order mark");

    let records = parse_csv(&bytes, b',');
    let db = db_rows(&path, "alice", week());
    assert_eq!(records.len(), 21);
    assert_eq!(records.len(), db.len());
    let weekdays = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    let fingerprint = export_fingerprint(&path);
    for (record, row) in records.iter().zip(&db) {
        let date: NaiveDate = row.date.parse().unwrap();
        let weekday = weekdays[(date - week().monday()).num_days() as usize];
        let expected = [
            "alice",
            "Alice Exemple",
            "2026-W47",
            "draft",
            "DRAFT",
            &row.date,
            weekday,
            "202300042",
            &row.activity,
            &row.label,
            if row.esf { "operation" } else { "outside" },
            if row.esf { "true" } else { "false" },
            row.file.as_deref().unwrap_or(""),
            &row.minutes.to_string(),
            &format_exact_hours(row.minutes as u32),
            &row.note,
            &fingerprint,
        ];
        assert_eq!(record.iter().collect::<Vec<_>>(), expected);
    }

    // Totals computed from the CSV equal SQLite's.
    let (_, days) = db_sums(&path, "alice", week());
    let mut csv_days: BTreeMap<String, i64> = BTreeMap::new();
    for r in &records {
        *csv_days.entry(r[5].to_owned()).or_default() += r[13].parse::<i64>().unwrap();
    }
    assert_eq!(csv_days, days);
    let total: i64 = records.iter().map(|r| r[13].parse::<i64>().unwrap()).sum();
    let db_total = db_scalar(
        &path,
        "SELECT SUM(minutes) FROM time_entry t JOIN user u ON u.id = t.referent_id WHERE u.login = 'alice'",
    );
    assert_eq!(total, db_total);
    assert_eq!(total, 1770);
    let esf: i64 = records
        .iter()
        .filter(|r| &r[11] == "true")
        .map(|r| r[13].parse::<i64>().unwrap())
        .sum();
    assert_eq!(esf, 1770 - 330);
}

#[test]
fn golden_csv_for_the_fixed_week() {
    let (_dir, path) = setup();
    let bytes = only_file(export(
        &path,
        "alice",
        &request(Period::Week(week())),
        Format::Csv,
    ));
    let golden =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/timesheet-alice-2026-W47.csv");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &bytes).unwrap();
    }
    let expected = std::fs::read(&golden).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        String::from_utf8_lossy(&expected),
        "run with UPDATE_GOLDEN=1 to accept a deliberate change"
    );
    assert_eq!(bytes, expected);
}

#[test]
fn semicolon_delimiter_holds_the_same_rows() {
    let (_dir, path) = setup();
    let comma = only_file(export(
        &path,
        "alice",
        &request(Period::Week(week())),
        Format::Csv,
    ));
    let req = TimesheetRequest {
        delimiter: b';',
        ..request(Period::Week(week()))
    };
    let semicolon = only_file(export(&path, "alice", &req, Format::Csv));
    assert!(semicolon.starts_with(b"referent_login;referent_name;iso_week;status;"));
    // A note holding a semicolon is quoted; one holding only commas no longer needs quotes.
    let text = String::from_utf8(semicolon.clone()).unwrap();
    assert!(text.contains(";\"Atelier CV; 6 présents\";"), "{text}");
    assert!(text.contains(";Premier entretien, diagnostic;"), "{text}");
    // The same rows; only the words and the decimal mark are the spreadsheet's.
    let (semi, plain) = (parse_csv(&semicolon, b';'), parse_csv(&comma, b','));
    assert_eq!(semi.len(), plain.len());
    for (s, c) in semi.iter().zip(&plain) {
        for col in [0, 1, 2, 5, 7, 8, 9, 12, 13, 15, 16] {
            assert_eq!(s[col], c[col], "column {}", HEADER[col]);
        }
        assert_eq!(s[14], c[14].replace('.', ","), "decimal comma");
        assert_eq!(&s[11], if &c[11] == "true" { "yes" } else { "no" });
    }
}

/// A cell as a number (empty = 0).
fn number(range: &calamine::Range<Data>, row: u32, col: u32) -> f64 {
    match range.get_value((row, col)) {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        None | Some(Data::Empty) => 0.0,
        other => panic!("({row}, {col}) is not a number: {other:?}"),
    }
}

fn text(range: &calamine::Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row}, {col}) is not text: {other:?}"),
    }
}

fn minutes(hours: f64) -> i64 {
    (hours * 60.0).round() as i64
}

#[test]
fn xlsx_round_trip_equals_the_database() {
    let (_dir, path) = setup();
    let bytes = only_file(export(
        &path,
        "alice",
        &request(Period::Week(week())),
        Format::Xlsx,
    ));
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["2026-W47 alice", "Detail"]);
    let sheet = book.worksheet_range("2026-W47 alice").unwrap();
    assert_eq!(text(&sheet, 0, 0), "Weekly timesheet");
    assert_eq!(text(&sheet, 0, 7), "DRAFT");
    assert_eq!(text(&sheet, 2, 1), "PLIE Fictif du Val");
    assert_eq!(
        text(&sheet, 3, 1),
        "202300042 — Accompagnement renforcé vers l'emploi"
    );
    assert_eq!(text(&sheet, 4, 1), "Alice Exemple (alice)");
    assert_eq!(
        text(&sheet, 5, 1),
        "2026-W47, from 2026-11-16 to 2026-11-22"
    );
    assert_eq!(text(&sheet, 8, 0), "Activity");
    assert_eq!(text(&sheet, 8, 2), "Mon\n11-16");

    // The grid: one row per activity, in the configured order, then the totals row.
    let (cells, days) = db_sums(&path, "alice", week());
    let codes = ["IND", "COL", "FILE", "EMP", "PART", "ADM", "TRAV", "OUT"];
    let dates: Vec<String> = week().days().iter().map(|d| d.to_string()).collect();
    for (i, code) in codes.iter().enumerate() {
        let row = 9 + i as u32;
        assert!(text(&sheet, row, 0).starts_with(&format!("{code} — ")));
        let flag = if *code == "OUT" { "other" } else { "ESF" };
        assert_eq!(text(&sheet, row, 1), flag);
        let mut row_total = 0;
        for (d, date) in dates.iter().enumerate() {
            let expected = cells
                .get(&(code.to_string(), date.clone()))
                .copied()
                .unwrap_or(0);
            assert_eq!(
                minutes(number(&sheet, row, 2 + d as u32)),
                expected,
                "{code} {date}"
            );
            row_total += expected;
        }
        assert_eq!(minutes(number(&sheet, row, 9)), row_total, "{code} total");
    }
    let totals = 9 + codes.len() as u32;
    assert_eq!(text(&sheet, totals, 0), "Total");
    for (d, date) in dates.iter().enumerate() {
        let expected = days.get(date).copied().unwrap_or(0);
        assert_eq!(
            minutes(number(&sheet, totals, 2 + d as u32)),
            expected,
            "{date}"
        );
    }
    assert_eq!(minutes(number(&sheet, totals, 9)), 1770);
    // Contract hours, ESF hours, other hours, hours worked, absences, total and the ESF
    // share of hours worked (formulas with their values).
    assert_eq!(text(&sheet, totals + 2, 0), "Contract hours");
    assert_eq!(minutes(number(&sheet, totals + 2, 9)), 35 * 60);
    assert_eq!(minutes(number(&sheet, totals + 3, 9)), 1440);
    assert_eq!(minutes(number(&sheet, totals + 4, 9)), 330);
    assert_eq!(minutes(number(&sheet, totals + 5, 9)), 1770);
    assert_eq!(minutes(number(&sheet, totals + 6, 9)), 0);
    assert_eq!(minutes(number(&sheet, totals + 7, 9)), 1770);
    assert!((number(&sheet, totals + 8, 9) - 1440.0 / 1770.0).abs() < 1e-9);
    let formulas = book.worksheet_formula("2026-W47 alice").unwrap();
    assert_eq!(
        formulas.get_value((9, 9)).map(String::as_str),
        Some("SUM(C10:I10)")
    );
    assert_eq!(
        formulas.get_value((totals, 2)).map(String::as_str),
        Some("SUM(C10:C17)")
    );
    assert_eq!(
        formulas.get_value((totals + 3, 9)).map(String::as_str),
        Some("SUMIF(B10:B17,\"ESF\",J10:J17)")
    );
    assert_eq!(
        formulas.get_value((totals + 8, 9)).map(String::as_str),
        Some("IF(J23=0,0,J21/J23)")
    );

    // Per-participant detail by file number, never by name.
    let participants_row = totals + 10;
    assert_eq!(
        text(&sheet, participants_row, 0),
        "Time per participant (by file number)"
    );
    assert_eq!(text(&sheet, participants_row + 2, 0), "P-2026-0001");
    assert_eq!(
        minutes(number(&sheet, participants_row + 2, 2)),
        60 + 180 + 75
    );
    for row in sheet.rows() {
        for cell in row {
            if let Data::String(s) = cell {
                assert!(
                    !s.contains("Testperson"),
                    "a participant's name leaked: {s}"
                );
            }
        }
    }

    // The detail sheet: the CSV's rows with real numbers.
    let detail = book.worksheet_range("Detail").unwrap();
    let header: Vec<String> = (0..17).map(|c| text(&detail, 0, c)).collect();
    assert_eq!(header, HEADER);
    let db = db_rows(&path, "alice", week());
    assert_eq!(detail.height(), db.len() + 1);
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    for (i, row) in db.iter().enumerate() {
        let r = i as u32 + 1;
        let date: NaiveDate = row.date.parse().unwrap();
        match detail.get_value((r, 5)) {
            Some(Data::DateTime(d)) => assert_eq!(d.as_f64(), (date - epoch).num_days() as f64),
            other => panic!("date cell {other:?}"),
        }
        assert_eq!(text(&detail, r, 8), row.activity);
        assert_eq!(detail.get_value((r, 11)), Some(&Data::Bool(row.esf)));
        assert_eq!(number(&detail, r, 13) as i64, row.minutes);
        assert_eq!(minutes(number(&detail, r, 14)), row.minutes);
        let note = match detail.get_value((r, 15)) {
            Some(Data::String(s)) => s.clone(),
            _ => String::new(),
        };
        assert_eq!(note, row.note);
    }
}

fn pdf_text(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).unwrap();
    doc.get_pages()
        .keys()
        .map(|page| doc.extract_text(&[*page]).unwrap())
        .collect()
}

#[test]
fn pdf_holds_referent_week_day_totals_and_draft_mark() {
    let (_dir, path) = setup();
    let bytes = only_file(export(
        &path,
        "alice",
        &request(Period::Week(week())),
        Format::Pdf,
    ));
    assert!(bytes.starts_with(b"%PDF-"));
    let pages = pdf_text(&bytes);
    assert_eq!(pages.len(), 1, "one page per referent-week");
    let text = &pages[0];
    for needle in [
        "Alice Exemple",
        "2026-W47",
        "from 2026-11-16 to 2026-11-22",
        "PLIE Fictif du Val",
        "Accompagnement renforcé vers l'emploi",
        "DRAFT",
        "P-2026-0001",
        "81.4 %",
    ] {
        assert!(text.contains(needle), "{needle:?} missing from:\n{text}");
    }
    let (_, days) = db_sums(&path, "alice", week());
    for minutes in days.values() {
        let hours = format_decimal_hours(*minutes);
        assert!(
            text.contains(&hours),
            "day total {hours} missing from:\n{text}"
        );
    }
    assert!(text.contains("29.50"), "week total missing from:\n{text}");
    assert!(!text.contains("Testperson"), "a participant's name leaked");

    // Accents print: the font is embedded.
    let doc = lopdf::Document::load_mem(&bytes).unwrap();
    let embedded = doc.objects.values().any(|o| {
        o.as_dict()
            .is_ok_and(|d| d.has(b"FontFile2") || d.has(b"FontFile3"))
    });
    assert!(embedded, "the font is embedded");
    let bob = only_file(export(
        &path,
        "coord",
        &TimesheetRequest {
            referents: Referents::One("bob".into()),
            ..request(Period::Week("2026-W48".parse().unwrap()))
        },
        Format::Pdf,
    ));
    let text = pdf_text(&bob).join("\n");
    assert!(text.contains("Bérénice Fictive"), "{text}");
}

#[test]
fn validated_week_reexports_identically_and_keeps_its_fingerprint() {
    let (_dir, path) = setup();
    session(&path, "alice").submit_week(None, week()).unwrap();
    session(&path, "coord")
        .validate_week("alice", week())
        .unwrap();
    let first = export(&path, "alice", &request(Period::Week(week())), Format::Csv);
    assert_eq!(first.weeks.len(), 1);
    assert_eq!(first.weeks[0].status, WeekStatus::Validated);
    let record = session(&path, "alice").week(None, week()).unwrap();
    let sha = first.weeks[0].sha256.clone();
    assert_eq!(
        sha,
        export_fingerprint(&path),
        "the fingerprint printed in the CSV"
    );
    assert_eq!(record.export_sha256.as_deref(), Some(sha.as_str()));
    assert_eq!(
        record.export_at,
        Some("2026-11-23T09:00:00Z".parse().unwrap())
    );
    assert_eq!(
        first.weeks[0].recorded_sha256, None,
        "nothing recorded before"
    );
    assert!(first.weeks[0].matches_record());

    // Later, by someone else, at another time: the same bytes, the first fingerprint kept.
    let later = TimesheetRequest {
        referents: Referents::One("alice".into()),
        generated_at: at(15),
        ..request(Period::Week(week()))
    };
    let again = export(&path, "coord", &later, Format::Csv);
    assert_eq!(again.files[0].bytes, first.files[0].bytes);
    assert_eq!(again.weeks[0].generated_at, at(9));
    let record = session(&path, "alice").week(None, week()).unwrap();
    assert_eq!(record.export_sha256.as_deref(), Some(sha.as_str()));
    assert_eq!(
        record.export_at,
        Some("2026-11-23T09:00:00Z".parse().unwrap())
    );

    // The workbook and the PDF carry the stored time too, so their bytes repeat as well.
    for format in [Format::Xlsx, Format::Pdf] {
        let one = only_file(export(
            &path,
            "alice",
            &request(Period::Week(week())),
            format,
        ));
        let two = only_file(export(&path, "coord", &later, format));
        assert_eq!(one, two, "{format:?} re-export differs");
    }
    let pdf = only_file(export(&path, "alice", &later_for_alice(), Format::Pdf));
    let text = pdf_text(&pdf).join("\n");
    assert!(
        !text.contains("DRAFT"),
        "a validated week is not a draft:\n{text}"
    );
    assert!(
        text.contains("Coralie Coordination"),
        "the supervisor signs:\n{text}"
    );
    assert!(text.contains("Generated 2026-11-23 09:00 UTC"), "{text}");
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(only_file(export(
        &path,
        "alice",
        &later_for_alice(),
        Format::Xlsx,
    ))))
    .unwrap();
    let sheet = book.worksheet_range("2026-W47 alice").unwrap();
    assert!(
        matches!(sheet.get_value((0, 7)), None | Some(Data::Empty)),
        "no draft mark"
    );
    let audits = db_scalar(
        &path,
        "SELECT COUNT(*) FROM audit WHERE entity = 'week' AND action = 'export'",
    );
    assert_eq!(audits, 1, "the fingerprint is stored once");
}

fn later_for_alice() -> TimesheetRequest {
    TimesheetRequest {
        generated_at: at(18),
        ..request(Period::Week(week()))
    }
}

#[test]
fn coordinator_exports_every_referent_for_a_month() {
    let (_dir, path) = setup();
    let november: Month = "2026-11".parse().unwrap();
    let req = TimesheetRequest {
        referents: Referents::All,
        ..request(Period::Month(november))
    };
    let book = only_file(export(&path, "coord", &req, Format::Xlsx));
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(book)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["2026-W47 alice", "2026-W48 bob", "2026-W49 bob", "Detail"]
    );
    // Week 49 is clipped to Monday 30 November: 1 December's time is left out.
    let w49 = book.worksheet_range("2026-W49 bob").unwrap();
    assert_eq!(text(&w49, 5, 1), "2026-W49, from 2026-11-30 to 2026-11-30");
    assert_eq!(minutes(number(&w49, 17, 9)), 90);
    assert_eq!(minutes(number(&w49, 17, 3)), 0);
    let detail = book.worksheet_range("Detail").unwrap();
    assert_eq!(detail.height(), 1 + 21 + 2);

    let per_referent = TimesheetRequest {
        grouping: Grouping::PerReferent,
        ..req.clone()
    };
    let files = export(&path, "coord", &per_referent, Format::Csv).files;
    let names: Vec<&str> = files.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(
        names,
        ["timesheet-alice-2026-11.csv", "timesheet-bob-2026-11.csv"]
    );
    let bob = parse_csv(&files[1].bytes, b',');
    let bob_minutes: Vec<&str> = bob.iter().map(|r| &r[13]).collect();
    assert_eq!(bob_minutes, ["60", "90"]);

    let pdf = only_file(export(&path, "coord", &req, Format::Pdf));
    assert_eq!(pdf_text(&pdf).len(), 3, "a page per referent-week");

    let all_week = TimesheetRequest {
        referents: Referents::All,
        ..request(Period::Week(week()))
    };
    let combined = export(&path, "coord", &all_week, Format::Csv);
    // Only Alice recorded time that week: Bob's empty draft is left out.
    assert_eq!(combined.files[0].file_name, "timesheet-alice-2026-W47.csv");
    assert_eq!(combined.files[0].referent.as_deref(), Some("alice"));
}

#[test]
fn referents_export_only_their_own_weeks() {
    let (_dir, path) = setup();
    let mut alice = session(&path, "alice");
    let all = TimesheetRequest {
        referents: Referents::All,
        ..request(Period::Week(week()))
    };
    let refused = export_timesheets(&mut alice, &all, Format::Csv);
    assert!(
        matches!(
            refused,
            Err(ExportError::Store(StoreError::Forbidden { .. }))
        ),
        "{refused:?}"
    );
    let other = TimesheetRequest {
        referents: Referents::One("bob".into()),
        ..request(Period::Week(week()))
    };
    let refused = export_timesheets(&mut alice, &other, Format::Pdf);
    assert!(
        matches!(
            refused,
            Err(ExportError::Store(StoreError::Forbidden { .. }))
        ),
        "{refused:?}"
    );

    // A coordinator's export of a period where nobody recorded anything says so.
    let empty = TimesheetRequest {
        referents: Referents::All,
        ..request(Period::Week("2026-W30".parse().unwrap()))
    };
    let mut coord = session(&path, "coord");
    let nothing = export_timesheets(&mut coord, &empty, Format::Xlsx);
    assert!(
        matches!(nothing, Err(ExportError::Nothing { .. })),
        "{nothing:?}"
    );
    // Exporting a draft week stores no fingerprint.
    assert_eq!(
        db_scalar(
            &path,
            "SELECT COUNT(*) FROM week WHERE export_sha256 IS NOT NULL"
        ),
        0
    );
}

/// `pdftotext -layout` of a PDF, or `None` (with a note) where poppler-utils is missing.
fn pdftotext(bytes: &[u8]) -> Option<String> {
    let dir = TempDir::new().unwrap();
    let pdf = dir.path().join("sheet.pdf");
    std::fs::write(&pdf, bytes).unwrap();
    match std::process::Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
    {
        Ok(out) if out.status.success() => Some(String::from_utf8(out.stdout).unwrap()),
        _ => {
            eprintln!("note: pdftotext (poppler-utils) is not installed: PDF text not checked");
            None
        }
    }
}

#[test]
fn the_pdf_prints_every_participant_and_cuts_nothing() {
    let (_dir, path) = setup();
    let mut coord = session(&path, "coord");
    let long = PlieSettings {
        structure_name: "Plan Local pour l'Insertion et l'Emploi de la Communauté \
            d'Agglomération du Centre de la Martinique et des communes associées STRUCTUREFIN"
            .into(),
        operation_name: "Accompagnement renforcé et individualisé des participants les plus \
            éloignés de l'emploi vers une insertion professionnelle durable OPERATIONFIN"
            .into(),
        ..settings()
    };
    let activities: Vec<Activity> = (0..23)
        .map(|i| {
            let code: String = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L"]
                .iter()
                .cycle()
                .skip(i)
                .take(3)
                .copied()
                .collect::<String>()
                + &"Z".repeat(i / 12 + 1);
            Activity {
                code,
                label_en: format!(
                    "Activity number {i} with a long label that cannot fit its column LABELFIN{i}"
                ),
                label_fr: format!("Activité numéro {i} au libellé long LIBELLEFIN{i}"),
                kind: match i % 3 {
                    0 => ActivityKind::Operation,
                    1 => ActivityKind::Outside,
                    _ => ActivityKind::Absence,
                },
            }
        })
        .collect();
    coord.change_settings(&long, Some(&activities)).unwrap();
    coord
        .add_user(
            "carol",
            "Marie-Caroline de La Rochefoucauld-Montmorency Épouse Vandenberghe NOMFIN",
            Role::Referent,
            0.8,
        )
        .unwrap();
    coord
        .set_manager(
            "carol",
            "Jean-Baptiste Fictif-Dupont de Saint-Exupéry, directeur du PLIE MANAGERFIN",
        )
        .unwrap();
    let mut carol = session(&path, "carol");
    let mut files = Vec::new();
    for i in 0..75 {
        let person = NewParticipant {
            last_name: "Testperson".into(),
            first_name: format!("N{i}"),
            birth_date: NaiveDate::from_ymd_opt(1985, 1, 1),
            commune: "Testville".into(),
            ..Default::default()
        };
        files.push(carol.add_participant(&person, None).unwrap().file_number);
    }
    for (i, file) in files.iter().enumerate() {
        let activity = &activities[i % activities.len()].code;
        let date = day(16 + (i % 5) as u32);
        carol
            .add_time_entry(&entry(date, 20, activity, Some(file), ""))
            .unwrap();
    }
    let req = TimesheetRequest {
        referents: Referents::One("carol".into()),
        ..request(Period::Week(week()))
    };
    let bytes = only_file(export(&path, "coord", &req, Format::Pdf));
    let Some(text) = pdftotext(&bytes) else {
        return;
    };
    for file in &files {
        assert!(text.contains(file.as_str()), "{file} missing");
    }
    let cut: Vec<&str> = text.lines().filter(|l| l.contains('…')).collect();
    assert!(cut.is_empty(), "nothing is cut: {cut:?}");
    for end in [
        "STRUCTUREFIN",
        "OPERATIONFIN",
        "NOMFIN",
        "MANAGERFIN",
        "LABELFIN22",
    ] {
        assert!(text.contains(end), "{end} missing:\n{text}");
    }
    let pages = pdf_text(&bytes);
    assert!(pages.len() >= 2, "the detail continues on another page");
    let last = pages.len().to_string();
    assert!(text.contains(&format!("Page {last} of {last}")), "{text}");
    assert!(text.contains("Time per participant (by file number) (continued)"));
    assert_eq!(
        text.matches("Fingerprint (SHA-256)").count(),
        pages.len(),
        "on every page"
    );
    assert!(text.contains("I certify that this timesheet is accurate"));
    assert!(text.contains("Date (by hand)"));
    // One status, not "submitted — DRAFT".
    assert!(!text.contains("draft — DRAFT"), "{text}");
}

#[test]
fn the_fingerprint_ignores_settings_and_names_what_changed() {
    let (_dir, path) = setup();
    session(&path, "alice").submit_week(None, week()).unwrap();
    session(&path, "coord")
        .validate_week("alice", week())
        .unwrap();
    let first = export(&path, "alice", &request(Period::Week(week())), Format::Pdf);
    let sha = first.weeks[0].sha256.clone();
    assert_eq!(
        verify_week(&session(&path, "alice"), None, week())
            .unwrap()
            .sha256,
        sha
    );

    // Renaming the structure changes no hour: same fingerprint, no warning.
    let mut coord = session(&path, "coord");
    let renamed = PlieSettings {
        structure_name: "PLIE renommé".into(),
        ..settings()
    };
    coord.change_settings(&renamed, None).unwrap();
    let again = export(&path, "alice", &later_for_alice(), Format::Csv);
    assert_eq!(again.weeks[0].sha256, sha);
    assert!(again.weeks[0].matches_record() && again.weeks[0].changes.is_empty());
    let pdf = only_file(export(&path, "alice", &later_for_alice(), Format::Pdf));
    let text = pdf_text(&pdf).join("\n");
    assert!(
        text.contains(&sha[..32]),
        "the fingerprint is printed:\n{text}"
    );

    // Reopened, one entry changed: another fingerprint, and the change is named.
    coord
        .reopen_week("alice", week(), "IND corrigé lundi")
        .unwrap();
    let mut alice = session(&path, "alice");
    let monday = alice.week_entries(None, week()).unwrap()[0].clone();
    let changed = NewTimeEntry {
        minutes: 75,
        ..entry(
            monday.date,
            60,
            &monday.activity,
            monday.participant.as_deref(),
            &monday.note,
        )
    };
    alice
        .update_time_entry(monday.id, monday.version, &changed)
        .unwrap();
    let after = export(&path, "alice", &later_for_alice(), Format::Csv);
    let week_after = &after.weeks[0];
    assert_ne!(week_after.sha256, sha);
    assert!(!week_after.matches_record());
    assert_eq!(week_after.recorded_sha256.as_deref(), Some(sha.as_str()));
    let file = monday.participant.clone().unwrap();
    let note = "Premier entretien, diagnostic";
    assert!(
        week_after.changes.contains(&format!(
            "- entry 2026-11-16 \"IND\" 60 \"{file}\" \"{note}\""
        )),
        "{:?}",
        week_after.changes
    );
    assert!(week_after.changes.contains(&format!(
        "+ entry 2026-11-16 \"IND\" 75 \"{file}\" \"{note}\""
    )));
    let check = verify_week(&session(&path, "coord"), Some("alice"), week()).unwrap();
    assert_eq!(check.changes, week_after.changes);

    // Validated again: the new version's fingerprint is recorded at its first export.
    alice.submit_week(None, week()).unwrap();
    coord.validate_week("alice", week()).unwrap();
    let revalidated = export(&path, "alice", &later_for_alice(), Format::Csv);
    assert!(
        !revalidated.weeks[0].changes.is_empty(),
        "warned once more, then recorded"
    );
    let settled = export(&path, "alice", &later_for_alice(), Format::Csv);
    assert!(settled.weeks[0].matches_record());
    assert_eq!(
        settled.weeks[0].recorded_sha256.as_deref(),
        Some(revalidated.weeks[0].sha256.as_str())
    );
}

#[test]
fn a_final_sheet_needs_the_structure_and_the_operation_code() {
    let (_dir, path) = setup();
    let mut coord = session(&path, "coord");
    for (blank, key) in [
        (
            PlieSettings {
                structure_name: String::new(),
                ..settings()
            },
            "structure.name",
        ),
        (
            PlieSettings {
                operation_code: String::new(),
                ..settings()
            },
            "operation.code",
        ),
    ] {
        coord.change_settings(&blank, None).unwrap();
        // A draft may be printed for a look; it says DRAFT.
        export(&path, "alice", &request(Period::Week(week())), Format::Pdf);
        session(&path, "alice").submit_week(None, week()).unwrap();
        coord.validate_week("alice", week()).unwrap();
        let audit = db_scalar(&path, "SELECT COUNT(*) FROM audit");
        for format in [Format::Csv, Format::Xlsx, Format::Pdf] {
            let mut alice = session(&path, "alice");
            let refused =
                export_timesheets(&mut alice, &request(Period::Week(week())), format).unwrap_err();
            assert_eq!(
                refused.to_string(),
                format!(
                    "a final (validated) timesheet needs the PLIE's `{key}`, which is blank: \
                     a coordinator sets it with `parcours settings set {key} VALUE`"
                )
            );
        }
        assert_eq!(
            db_scalar(&path, "SELECT COUNT(*) FROM audit"),
            audit,
            "nothing written"
        );
        assert_eq!(
            db_scalar(
                &path,
                "SELECT COUNT(*) FROM week WHERE export_sha256 IS NOT NULL"
            ),
            0
        );
        coord.reopen_week("alice", week(), "réglages").unwrap();
    }
}

#[test]
fn csv_hours_sum_to_the_total_and_sheet_names_keep_week_and_login() {
    let (_dir, path) = setup();
    let mut coord = session(&path, "coord");
    let logins = [
        "a.very-long-login-for-sheets-01",
        "a.very-long-login-for-sheets-02",
    ];
    for login in logins {
        coord
            .add_user(login, "Long Login", Role::Referent, 1.0)
            .unwrap();
        let mut s = session(&path, login);
        for minutes in [20, 20, 20, 13, 7, 1, 40, 50] {
            s.add_time_entry(&entry(day(17), minutes, "FILE", None, ""))
                .unwrap();
        }
    }
    let req = TimesheetRequest {
        referents: Referents::One(logins[0].into()),
        ..request(Period::Week(week()))
    };
    for delimiter in [b',', b';'] {
        let req = TimesheetRequest {
            delimiter,
            ..req.clone()
        };
        let bytes = only_file(export(&path, "coord", &req, Format::Csv));
        let records = parse_csv(&bytes, delimiter);
        let minutes: u32 = records.iter().map(|r| r[13].parse::<u32>().unwrap()).sum();
        let hours: f64 = records
            .iter()
            .map(|r| r[14].replace(',', ".").parse::<f64>().unwrap())
            .sum();
        assert_eq!(minutes, 171);
        assert!((hours - 171.0 / 60.0).abs() < 1e-5, "{hours}");
        assert_eq!(format!("{hours:.2}"), format!("{:.2}", 171.0 / 60.0));
    }

    let all = TimesheetRequest {
        referents: Referents::All,
        ..request(Period::Month("2026-11".parse().unwrap()))
    };
    let bytes = only_file(export(&path, "coord", &all, Format::Xlsx));
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    for name in &names[..names.len() - 1] {
        assert!(name.chars().count() <= 31, "{name}");
        assert!(name.starts_with("2026-W4"), "{name} keeps the week");
    }
    assert!(
        names.contains(&"2026-W47 a.very-long-login-for-".to_owned()),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("2026-W47 a.very-long-login-") && n.ends_with("(2)")),
        "{names:?}"
    );
    let sheet = book.worksheet_range(&names[0]).unwrap();
    // Numbers are numbers: the FILE row's Tuesday is a float, not text.
    assert!(
        matches!(sheet.get_value((11, 3)), Some(Data::Float(_))),
        "{:?}",
        sheet.get_value((11, 3))
    );
}

#[test]
fn a_month_export_prints_no_page_for_a_clipped_empty_week() {
    let (_dir, path) = setup();
    let req = TimesheetRequest {
        referents: Referents::One("alice".into()),
        ..request(Period::Month("2026-11".parse().unwrap()))
    };
    let export = export(&path, "coord", &req, Format::Pdf);
    let pages = pdf_text(&only_file(export));
    // W44 (clipped to Sunday 1 November) and W49 (clipped to Monday 30) hold no time.
    assert_eq!(pages.len(), 4, "W45, W46, W47 and W48");
    assert!(
        pages
            .iter()
            .all(|p| !p.contains("2026-W44") && !p.contains("2026-W49"))
    );
}

#[test]
fn a_monthly_recap_per_referent_in_every_format() {
    let (_dir, path) = setup();
    let november: Month = "2026-11".parse().unwrap();
    let req = TimesheetRequest {
        referents: Referents::All,
        recap: true,
        grouping: Grouping::PerReferent,
        ..request(Period::Month(november))
    };
    let files = export(&path, "coord", &req, Format::Csv).files;
    let names: Vec<&str> = files.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(names, ["recap-alice-2026-11.csv", "recap-bob-2026-11.csv"]);
    let mut reader = csv::ReaderBuilder::new().from_reader(&files[0].bytes[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &header[6..],
        [
            "2026-W44",
            "2026-W45",
            "2026-W46",
            "2026-W47",
            "2026-W48",
            "2026-W49",
            "total_hours"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let ind = rows.iter().find(|r| &r[3] == "IND").unwrap();
    assert_eq!(&ind[9], "5.50", "W47: 60 + 45 + 60 + 30 + 60 + 75 minutes");
    assert_eq!(&ind[12], "5.50");
    let figure = |label: &str| rows.iter().find(|r| &r[4] == label).unwrap()[12].to_owned();
    assert_eq!(figure("Hours worked on the ESF operation"), "24.00");
    assert_eq!(figure("Hours worked outside the operation"), "5.50");
    assert_eq!(figure("Total recorded (worked and absences)"), "29.50");
    assert_eq!(
        figure("Share of hours worked on the ESF operation"),
        "0.8136"
    );

    let bob = TimesheetRequest {
        referents: Referents::One("bob".into()),
        recap: true,
        ..request(Period::Month(november))
    };
    let book = only_file(export(&path, "coord", &bob, Format::Xlsx));
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(book)).unwrap();
    assert_eq!(book.sheet_names(), ["2026-11 bob"]);
    let sheet = book.worksheet_range("2026-11 bob").unwrap();
    assert!(
        text(&sheet, 0, 0).starts_with("Monthly recap 2026-11 — Bérénice Fictive (bob) — DRAFT")
    );
    // W48: 60 minutes of IND; W49 clipped to 30 November: 90 minutes of FILE.
    assert_eq!(text(&sheet, 4, 0), "IND — Individual interview");
    assert_eq!(minutes(number(&sheet, 4, 6)), 60);
    assert_eq!(text(&sheet, 6, 0), "FILE — File work and reports");
    assert_eq!(minutes(number(&sheet, 6, 7)), 90);
    assert_eq!(
        minutes(number(&sheet, 6, 8)),
        90,
        "December's 45 minutes are left out"
    );

    let pdf = only_file(export(&path, "coord", &bob, Format::Pdf));
    let text = pdf_text(&pdf).join("\n");
    assert!(text.contains("Monthly recap 2026-11"), "{text}");
    assert!(text.contains("W49"), "{text}");

    let week = TimesheetRequest {
        recap: true,
        ..request(Period::Week(week()))
    };
    let mut alice = session(&path, "alice");
    let refused = export_timesheets(&mut alice, &week, Format::Csv).unwrap_err();
    assert_eq!(
        refused.to_string(),
        "a recap covers a month: give --month YYYY-MM with --recap"
    );
}

//! The time entry screen (`3`) on the demo PLIE, in an in-memory terminal:
//! snapshots at 80×24 and 120×40, durations typed into cells and checked as
//! rows of the real SQLite file, every rule's message, proposals from the
//! agenda never made twice, last week's rows copied with or without the
//! individual meetings, a submitted week that refuses every change, the
//! coordinator's overview with validation, and exports from the screen read
//! back from the files written.

#[path = "common/tui_kit.rs"]
mod kit;

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use kit::{d, demo_at, draw, press, session_on, today, type_text};
use parcours::config::Config;
use parcours::domain::IsoWeek;
use parcours::domain::time::{TimeEntry, WeekStatus};
use parcours::tui::App;

fn app(path: &Path, login: &str, today: NaiveDate) -> App {
    app_with(path, login, today, &Config::default())
}

fn app_with(path: &Path, login: &str, today: NaiveDate, config: &Config) -> App {
    kit::app(session_on(path, login, today), config)
}

/// A configuration exporting into `dir`.
fn exporting_to(dir: &Path) -> Config {
    Config {
        export_dir: Some(dir.to_path_buf()),
        ..Config::default()
    }
}

/// The files of `dir`, sorted by name.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// (date, activity, participant file, minutes, note) of each CSV row.
fn csv_rows(path: &Path) -> Vec<(String, String, String, u32, String)> {
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            (
                r[5].to_owned(),
                r[8].to_owned(),
                r[12].to_owned(),
                r[13].parse().unwrap(),
                r[15].to_owned(),
            )
        })
        .collect()
}

/// The same fields of stored entries, in the CSV's order (by date, then as made).
fn db_rows(entries: &[TimeEntry]) -> Vec<(String, String, String, u32, String)> {
    let mut entries = entries.to_vec();
    entries.sort_by_key(|e| (e.date, e.id));
    entries
        .iter()
        .map(|e| {
            (
                e.date.to_string(),
                e.activity.clone(),
                e.participant.clone().unwrap_or_default(),
                e.minutes,
                e.note.clone(),
            )
        })
        .collect()
}

/// The entries of `login`'s week as stored, read through a fresh connection.
fn stored(path: &Path, login: &str, week: IsoWeek) -> Vec<TimeEntry> {
    session_on(path, login, week.monday())
        .week_entries(None, week)
        .unwrap()
}

fn message(app: &App) -> String {
    match app.time().message() {
        Some(status) => status.text.clone(),
        None => String::new(),
    }
}

/// The Sunday that closes 2026-W48: every day of the week has begun, so time may be
/// declared on any of them (the demo is still generated on `today`).
fn sunday() -> NaiveDate {
    d(2026, 11, 29)
}

fn w48() -> IsoWeek {
    IsoWeek::containing(today())
}

#[test]
fn last_week_at_80x24_and_120x40() {
    let (_dir, path) = demo_at(today());
    let mut app = app(&path, "demo", today());
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('['));
    app.update(parcours::tui::Input::Resize(80, 24));
    insta::assert_snapshot!("time_last_week_80x24", draw(&app, 80, 24).backend());
    app.update(parcours::tui::Input::Resize(120, 40));
    insta::assert_snapshot!("time_last_week_120x40", draw(&app, 120, 40).backend());
}

#[test]
fn this_week_typed_at_80x24() {
    let (_dir, path) = demo_at(today());
    let mut app = app(&path, "demo", sunday());
    app.update(parcours::tui::Input::Resize(80, 24));
    press(&mut app, KeyCode::Char('3'));
    let empty = kit::text(&draw(&app, 80, 24));
    assert!(
        empty.contains("2026-W48") && empty.contains("Status: draft"),
        "{empty}"
    );
    assert!(empty.contains("No time this week"), "{empty}");
    // New rows open on today, Sunday: Home goes back to Monday.
    type_text(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "3h30");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "2");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "nadm");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "45m");
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!("time_this_week_80x24", draw(&app, 80, 24).backend());
}

#[test]
fn typed_durations_become_rows_in_the_database() {
    let (_dir, path) = demo_at(today());
    let mut app = app(&path, "demo", sunday());
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Home);
    // The row opens on the selected day, Monday: Enter opens its duration, then four
    // spellings of 90 minutes across the week, Tab moving on to the next day's.
    press(&mut app, KeyCode::Enter);
    for (i, text) in ["1h30", "1:30", "90m", "1.5"].iter().enumerate() {
        type_text(&mut app, text);
        press(&mut app, if i < 3 { KeyCode::Tab } else { KeyCode::Enter });
    }
    let entries = stored(&path, "demo", w48());
    let days: Vec<(NaiveDate, u32, &str)> = entries
        .iter()
        .map(|e| (e.date, e.minutes, e.activity.as_str()))
        .collect();
    assert_eq!(
        days,
        [
            (d(2026, 11, 23), 90, "FILE"),
            (d(2026, 11, 24), 90, "FILE"),
            (d(2026, 11, 25), 90, "FILE"),
            (d(2026, 11, 26), 90, "FILE"),
        ]
    );
    assert!(message(&app).contains("Thu 26 1:30"), "{}", message(&app));

    // Typing over a cell that holds one entry changes that entry.
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "2h");
    press(&mut app, KeyCode::Enter);
    let after = stored(&path, "demo", w48());
    assert_eq!(after.len(), 4);
    assert_eq!(
        (after[0].id, after[0].minutes, after[0].version),
        (entries[0].id, 120, 2)
    );

    // A note on the cell's entry.
    type_text(&mut app, "e");
    type_text(&mut app, "Rapport, fictif");
    press(&mut app, KeyCode::Enter);
    assert_eq!(stored(&path, "demo", w48())[0].note, "Rapport, fictif");

    // Delete clears the cell.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Delete);
    let left: Vec<NaiveDate> = stored(&path, "demo", w48())
        .iter()
        .map(|e| e.date)
        .collect();
    assert_eq!(left, [d(2026, 11, 23), d(2026, 11, 25), d(2026, 11, 26)]);

    // A bad duration is refused and nothing is written.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "1h75");
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).contains("invalid duration"),
        "{}",
        message(&app)
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(stored(&path, "demo", w48())[1].minutes, 90);
}

#[test]
fn rules_are_refused_with_a_message() {
    let (_dir, path) = demo_at(today());
    let mut app = app(&path, "demo", sunday());
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "20");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "nout");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "5h");
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).contains("more than 24 hours"),
        "{}",
        message(&app)
    );
    assert_eq!(stored(&path, "demo", w48()).len(), 1);
    press(&mut app, KeyCode::Esc);

    // 20 h on Monday then 16 h on Tuesday: above the 35 h contract, a warning.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "16");
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).contains("above the contract"),
        "{}",
        message(&app)
    );
    assert_eq!(stored(&path, "demo", w48()).len(), 2);

    type_text(&mut app, "nzzz");
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).contains("Unknown activity or participant"),
        "{}",
        message(&app)
    );
    press(&mut app, KeyCode::Esc);

    // A file number of another referent's caseload is not offered, and refused.
    let theirs = session_on(&path, "coord", today())
        .caseload(None)
        .unwrap()
        .into_iter()
        .find(|r| r.referent.as_deref() != Some("demo"))
        .unwrap()
        .file_number
        .to_string();
    type_text(&mut app, "n");
    type_text(&mut app, &theirs);
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).contains("not in your caseload"),
        "{}",
        message(&app)
    );
    assert_eq!(stored(&path, "demo", w48()).len(), 2);
}

/// The demo on Friday 27 November, when its Monday to Thursday appointments have taken
/// place, with none of `demo`'s time of that week entered yet.
fn friday_without_time() -> (tempfile::TempDir, std::path::PathBuf, NaiveDate) {
    let friday = d(2026, 11, 27);
    let (dir, path) = demo_at(friday);
    let mut referent = session_on(&path, "demo", friday);
    for e in referent.week_entries(None, w48()).unwrap() {
        referent.delete_time_entry(e.id, e.version).unwrap();
    }
    (dir, path, friday)
}

#[test]
fn attended_appointments_are_proposed_once() {
    let (_dir, path, friday) = friday_without_time();
    let mut app = app(&path, "demo", friday);
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "g");
    let proposed = app.time().proposals().len();
    assert!(proposed >= 5, "{proposed} proposals");
    type_text(&mut app, "g");
    assert_eq!(
        app.time().proposals().len(),
        proposed,
        "no appointment proposed twice"
    );
    // Drop one, accept the others.
    type_text(&mut app, "na");
    assert!(app.time().proposals().is_empty());
    let entries = stored(&path, "demo", w48());
    assert_eq!(entries.len(), proposed - 1);
    assert!(entries.iter().all(|e| e.appointment_id.is_some()));
    let mut ids: Vec<i64> = entries.iter().filter_map(|e| e.appointment_id).collect();
    ids.dedup();
    assert_eq!(ids.len(), entries.len());
    // The dropped one is proposed again, the accepted ones never.
    type_text(&mut app, "g");
    assert_eq!(app.time().proposals().len(), 1);
    type_text(&mut app, "y");
    type_text(&mut app, "g");
    assert!(app.time().proposals().is_empty());
    assert!(
        message(&app).contains("No attended appointment"),
        "{}",
        message(&app)
    );
    let entries = stored(&path, "demo", w48());
    assert_eq!(entries.len(), proposed);
    let mut ids: Vec<i64> = entries.iter().filter_map(|e| e.appointment_id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), proposed);
}

#[test]
fn copy_proposes_last_weeks_rows_without_participants() {
    let (_dir, path) = demo_at(today());
    let mut app = app(&path, "demo", today());
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "c");
    let proposals = app.time().proposals().to_vec();
    assert!(!proposals.is_empty());
    assert!(proposals.iter().all(|p| p.entry.participant.is_none()));
    assert!(proposals.iter().all(|p| w48().contains(p.entry.date)));
    press(&mut app, KeyCode::Esc);
    assert!(
        stored(&path, "demo", w48()).is_empty(),
        "dropped proposals write nothing"
    );
}

#[test]
fn copy_adds_individual_meetings_when_asked_then_accepts_edits_and_drops() {
    let (_dir, path) = demo_at(today());
    let last_week = stored(&path, "demo", w48().previous());
    let meetings = last_week.iter().filter(|e| e.participant.is_some()).count();
    assert!(
        meetings >= 2,
        "the demo's last week has individual meetings"
    );
    let mut app = app(&path, "demo", sunday());
    app.update(parcours::tui::Input::Resize(80, 24));
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "c");
    let recurring = app.time().proposals().len();
    assert!(message(&app).contains(&format!("i adds its {meetings} individual meetings")));
    assert_eq!(app.time().individual_meetings(), meetings);
    type_text(&mut app, "i");
    let proposals = app.time().proposals().to_vec();
    assert_eq!(proposals.len(), recurring + meetings);
    let first = &proposals[recurring];
    assert!(first.entry.participant.is_some());
    assert_eq!(
        first.entry.appointment_id, None,
        "not linked to last week's appointment"
    );
    let screen = kit::text(&draw(&app, 80, 24));
    assert!(
        screen.contains(first.entry.participant.as_deref().unwrap()),
        "{screen}"
    );
    assert_eq!(app.time().individual_meetings(), 0);
    type_text(&mut app, "i");
    assert!(
        message(&app).contains("No individual meeting"),
        "{}",
        message(&app)
    );

    // The highlighted one (the first meeting) gets another duration (`e`, then the
    // duration), the next is dropped.
    type_text(&mut app, "e25m");
    assert!(kit::text(&draw(&app, 80, 24)).contains("25m_"));
    press(&mut app, KeyCode::Enter);
    let entries = stored(&path, "demo", w48());
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (
            entries[0].participant.as_deref(),
            entries[0].minutes,
            entries[0].date
        ),
        (first.entry.participant.as_deref(), 25, first.entry.date)
    );
    type_text(&mut app, "n");
    assert_eq!(app.time().proposals().len(), recurring + meetings - 2);
    type_text(&mut app, "a");
    let entries = stored(&path, "demo", w48());
    assert_eq!(entries.len(), recurring + meetings - 1);
    assert_eq!(
        entries.iter().filter(|e| e.participant.is_some()).count(),
        meetings - 1
    );
}

#[test]
fn the_week_is_exported_from_the_screen_and_read_back() {
    let (dir, path) = demo_at(today());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mut app = app_with(&path, "demo", today(), &exporting_to(&out));
    app.update(parcours::tui::Input::Resize(80, 24));
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('['));
    type_text(&mut app, "X");
    let screen = kit::text(&draw(&app, 80, 24));
    assert!(screen.contains("Export week 2026-W47"), "{screen}");
    assert!(
        screen.contains("CSV, one file") && screen.contains("PDF"),
        "{screen}"
    );
    // How to get the PDF on one's own computer (over SSH an export only goes to stdout).
    assert!(
        screen.contains("On your own computer, this PDF:"),
        "{screen}"
    );
    assert!(
        screen
            .contains("ssh plie parcours export timesheet --week 2026-W47 --format pdf --output -")
            && screen.contains("2026-W47.pdf"),
        "{screen}"
    );
    press(&mut app, KeyCode::Enter);
    let csv_path = out.join("timesheet-demo-2026-W47.csv");
    assert_eq!(message(&app), format!("Written: {}", csv_path.display()));
    let last_week = stored(&path, "demo", w48().previous());
    assert!(last_week.len() >= 10);
    assert_eq!(csv_rows(&csv_path), db_rows(&last_week));

    // Again, as a workbook: Down, Enter. Then CSV once more: a new name, the first file kept.
    type_text(&mut app, "X");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    let xlsx_path = out.join("timesheet-demo-2026-W47.xlsx");
    assert!(message(&app).contains("xlsx"), "{}", message(&app));
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(std::fs::read(&xlsx_path).unwrap())).unwrap();
    let detail = book.worksheet_range("Detail").unwrap();
    assert_eq!(detail.height(), last_week.len() + 1);
    let minutes: f64 = (1..detail.height() as u32)
        .map(|r| match detail.get_value((r, 13)) {
            Some(Data::Float(f)) => *f,
            Some(Data::Int(i)) => *i as f64,
            other => panic!("minutes {other:?}"),
        })
        .sum();
    assert_eq!(
        minutes as u32,
        last_week.iter().map(|e| e.minutes).sum::<u32>()
    );
    let before = std::fs::read(&csv_path).unwrap();
    type_text(&mut app, "X");
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).ends_with("timesheet-demo-2026-W47-2.csv"),
        "{}",
        message(&app)
    );
    assert_eq!(
        std::fs::read(&csv_path).unwrap(),
        before,
        "never overwritten"
    );
    assert_eq!(
        files_in(&out),
        [
            "timesheet-demo-2026-W47-2.csv",
            "timesheet-demo-2026-W47.csv",
            "timesheet-demo-2026-W47.xlsx"
        ]
    );
    // Esc closes the choice without writing.
    type_text(&mut app, "X");
    press(&mut app, KeyCode::Esc);
    assert_eq!(files_in(&out).len(), 3);
}

/// In the export choice: `below` times Down, then Enter.
fn choose(app: &mut parcours::tui::App, below: usize) {
    for _ in 0..below {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
}

#[test]
fn a_coordinator_exports_a_referent_and_every_referent() {
    let (dir, path) = demo_at(today());
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let last = w48().previous();
    let mut coord = app_with(&path, "coord", today(), &exporting_to(&out));
    coord.update(parcours::tui::Input::Resize(80, 24));
    press(&mut coord, KeyCode::Char('3'));
    press(&mut coord, KeyCode::Char('['));
    let lines = coord.time().overview().to_vec();
    let with_time: Vec<String> = lines
        .iter()
        .filter(|l| l.minutes > 0 || l.record.status != WeekStatus::Draft)
        .map(|l| l.record.referent.clone())
        .collect();
    assert!(with_time.len() >= 2, "{with_time:?}");

    // From the overview: one CSV file per referent (the fifth choice, after the four
    // one-file ones).
    type_text(&mut coord, "X");
    assert_eq!(coord.time().export_choices().len(), 8);
    choose(&mut coord, 4);
    assert!(
        message(&coord).contains(&format!("{} files written", with_time.len())),
        "{}",
        message(&coord)
    );
    for login in &with_time {
        let file = out.join(format!("timesheet-{login}-2026-W47.csv"));
        assert_eq!(
            csv_rows(&file),
            db_rows(&stored(&path, login, last)),
            "{login}"
        );
    }
    // One workbook with a sheet per referent (the second choice).
    type_text(&mut coord, "X");
    choose(&mut coord, 1);
    let book_path = out.join("timesheet-2026-W47.xlsx");
    let book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(std::fs::read(&book_path).unwrap())).unwrap();
    assert_eq!(book.sheet_names().len(), with_time.len() + 1);

    // The demo referent's week, opened from the overview: one PDF.
    let row = lines
        .iter()
        .position(|l| l.record.referent == "demo")
        .unwrap();
    for _ in 0..row {
        press(&mut coord, KeyCode::Down);
    }
    press(&mut coord, KeyCode::Enter);
    assert_eq!(coord.time().referent(), Some("demo"));
    type_text(&mut coord, "X");
    choose(&mut coord, 2);
    let pdf = std::fs::read(out.join("timesheet-demo-2026-W47.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
}

#[test]
fn a_day_with_time_but_an_empty_agenda_is_flagged() {
    let (_dir, path) = demo_at(today());
    let mut app = app(&path, "demo", sunday());
    app.update(parcours::tui::Input::Resize(120, 40));
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    // Saturday holds no appointment in the demo.
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Left);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "1h");
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        message(&app),
        "Sat 28: time recorded but the agenda is empty that day."
    );
    assert_eq!(stored(&path, "demo", w48())[0].date, d(2026, 11, 28));
    assert_eq!(app.time().days_without_agenda(), [5]);
}

#[test]
fn the_detail_line_shows_and_edits_a_cells_entries() {
    let friday = d(2026, 11, 27);
    let (_dir, path) = demo_at(friday);
    let mut app = app(&path, "demo", friday);
    app.update(parcours::tui::Input::Resize(80, 24));
    press(&mut app, KeyCode::Char('3'));
    // The first entry linked to an appointment, and its cell.
    let (row, day) = app
        .time()
        .rows()
        .iter()
        .enumerate()
        .find_map(|(i, r)| {
            (0..7).find_map(|d| {
                (r.cells[d].len() == 1 && r.cells[d][0].appointment_id.is_some()).then_some((i, d))
            })
        })
        .expect("an entry from an appointment");
    let (_, today_index) = app.time().cursor();
    for _ in 0..row {
        press(&mut app, KeyCode::Down);
    }
    press(&mut app, KeyCode::Home);
    for _ in 0..day {
        press(&mut app, KeyCode::Right);
    }
    assert_eq!(app.time().cursor(), (row, day), "from {today_index}");
    let entry = app.time().cell_entries()[0].clone();
    let title = app
        .time()
        .appointment(entry.appointment_id.unwrap())
        .unwrap()
        .title
        .clone();
    let screen = kit::text(&draw(&app, 80, 24));
    let start: String = title.chars().take(10).collect();
    assert!(screen.contains("appointment "), "{screen}");
    assert!(screen.contains(&start), "{screen}");
    // e edits the note; Enter opens the duration to type.
    type_text(&mut app, "e");
    type_text(&mut app, ", fictif");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "50m");
    press(&mut app, KeyCode::Enter);
    let after = stored(&path, "demo", w48())
        .into_iter()
        .find(|e| e.id == entry.id)
        .unwrap();
    assert_eq!(after.note, format!("{}, fictif", entry.note));
    assert_eq!(after.minutes, 50);
    // Enter saved and moved down a row: back up to the entry.
    press(&mut app, KeyCode::Up);
    let screen = kit::text(&draw(&app, 80, 24));
    assert!(screen.contains("note: "), "{screen}");
}

#[test]
fn a_submitted_week_refuses_every_change() {
    let (_dir, path) = demo_at(today());
    let last = w48().previous();
    assert_eq!(
        session_on(&path, "demo", today())
            .week(None, last)
            .unwrap()
            .status,
        WeekStatus::Submitted
    );
    let before = stored(&path, "demo", last);
    let mut app = app(&path, "demo", today());
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('['));
    assert!(!app.time().editable());
    // The selected cell (Monday of the first row) is emptied, changed, given a row.
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Delete);
    assert!(message(&app).contains("submitted"), "{}", message(&app));
    type_text(&mut app, "n");
    assert!(
        message(&app).contains("no longer change"),
        "{}",
        message(&app)
    );
    type_text(&mut app, "e");
    type_text(&mut app, "g");
    type_text(&mut app, "c");
    // Enter on an empty cell says the week is closed; a digit switches screens, as everywhere.
    press(&mut app, KeyCode::Esc);
    while !app.time().cell_entries().is_empty() {
        press(&mut app, KeyCode::Right);
    }
    press(&mut app, KeyCode::Enter);
    assert!(
        message(&app).contains("no longer change"),
        "{}",
        message(&app)
    );
    type_text(&mut app, "1");
    assert_eq!(app.screen(), parcours::tui::app::Screen::Caseload);
    type_text(&mut app, "3");
    type_text(&mut app, "s");
    assert!(
        message(&app).contains("cannot be submitted again"),
        "{}",
        message(&app)
    );
    assert_eq!(stored(&path, "demo", last), before, "rows unchanged");
    let screen = kit::text(&draw(&app, 80, 24));
    assert!(screen.contains("Status: submitted (read only)"), "{screen}");
}

#[test]
fn submit_then_coordinator_validates() {
    let (_dir, path) = demo_at(today());
    let mut app = app(&path, "demo", sunday());
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "7");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "s");
    assert!(kit::text(&draw(&app, 80, 24)).contains("Submit week 2026-W48 (7:00)?"));
    type_text(&mut app, "y");
    assert!(message(&app).contains("submitted"), "{}", message(&app));
    type_text(&mut app, "5");
    assert_eq!(stored(&path, "demo", w48())[0].minutes, 420);
    drop(app);

    let mut coord = self::app(&path, "coord", sunday());
    coord.update(parcours::tui::Input::Resize(80, 24));
    press(&mut coord, KeyCode::Char('3'));
    insta::assert_snapshot!("time_overview_80x24", draw(&coord, 80, 24).backend());
    let row = coord
        .time()
        .overview()
        .iter()
        .position(|l| l.record.referent == "demo")
        .unwrap();
    for _ in 0..row {
        press(&mut coord, KeyCode::Down);
    }
    press(&mut coord, KeyCode::Enter);
    assert_eq!(coord.time().referent(), Some("demo"));
    assert!(!coord.time().editable());
    type_text(&mut coord, "v");
    type_text(&mut coord, "y");
    assert!(message(&coord).contains("validated"), "{}", message(&coord));
    assert_eq!(
        session_on(&path, "demo", today())
            .week(None, w48())
            .unwrap()
            .status,
        WeekStatus::Validated
    );
    press(&mut coord, KeyCode::Esc);
    assert!(coord.time().shows_overview());

    // The coordinator reopens the validated week from the screen, with a reason.
    press(&mut coord, KeyCode::Enter);
    type_text(&mut coord, "v");
    assert!(
        kit::screen(&coord, 80, 24).contains("Why reopen week 2026-W48 of demo?"),
        "{}",
        kit::screen(&coord, 80, 24)
    );
    press(&mut coord, KeyCode::Enter);
    assert!(
        message(&coord).contains("reason"),
        "a reason is needed: {}",
        message(&coord)
    );
    let shown = kit::screen(&coord, 80, 24);
    assert!(
        shown.contains(message(&coord).trim()) && shown.contains("Why reopen week 2026-W48"),
        "the refusal shows above the prompt, which stays open: {shown}"
    );
    type_text(&mut coord, "FILE lundi, pas dimanche");
    press(&mut coord, KeyCode::Enter);
    assert!(message(&coord).contains("reopened"), "{}", message(&coord));
    let record = session_on(&path, "demo", sunday())
        .week(None, w48())
        .unwrap();
    assert_eq!(record.status, WeekStatus::Draft);
    assert_eq!(
        record.reopen_reason.as_deref(),
        Some("FILE lundi, pas dimanche")
    );
    drop(coord);

    // The referent sees why, once, and on the week while it is a draft.
    let mut app = self::app(&path, "demo", sunday());
    app.update(parcours::tui::Input::Resize(120, 40));
    press(&mut app, KeyCode::Char('3'));
    assert!(
        message(&app).contains("was reopened by Coordination")
            && message(&app).contains("FILE lundi, pas dimanche"),
        "{}",
        message(&app)
    );
    press(&mut app, KeyCode::Right);
    assert!(
        session_on(&path, "demo", sunday())
            .week(None, w48())
            .unwrap()
            .reopen_seen
    );
    let screen = kit::screen(&app, 120, 40);
    assert!(
        screen.contains("Reopened: FILE lundi, pas dimanche"),
        "{screen}"
    );
    drop(app);
    let mut again = self::app(&path, "demo", sunday());
    press(&mut again, KeyCode::Char('3'));
    assert!(!message(&again).contains("was reopened"), "shown once");
}

#[test]
fn a_duration_cell_takes_only_what_a_duration_can_be() {
    use parcours::tui::time::Mode;
    let (_dir, path) = demo_at(today());
    let mut app = app(&path, "demo", sunday());
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    for c in ' '..='~' {
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.time().mode(), &Mode::Cell(String::new()), "{c:?}");
        press(&mut app, KeyCode::Char(c));
        let duration = c.is_ascii_digit() || "hH:.,mM".contains(c);
        if duration {
            assert_eq!(app.time().mode(), &Mode::Cell(c.to_string()), "{c:?}");
            assert_eq!(message(&app), "", "{c:?}");
        } else {
            assert_eq!(app.time().mode(), &Mode::Cell(String::new()), "{c:?}");
            assert!(
                message(&app).contains("cannot be part of a duration"),
                "{c:?}: {}",
                message(&app)
            );
        }
        press(&mut app, KeyCode::Esc);
        assert_eq!(app.time().mode(), &Mode::Grid, "{c:?}");
    }
    assert!(stored(&path, "demo", w48()).is_empty());
}

#[test]
fn nothing_is_written_while_the_terminal_is_too_small() {
    let (_dir, path) = demo_at(today());
    let mut app = app(&path, "demo", sunday());
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    app.update(parcours::tui::Input::Resize(60, 16));
    for key in [KeyCode::Enter, KeyCode::Char('2'), KeyCode::Enter] {
        assert!(!press(&mut app, key));
    }
    app.update(parcours::tui::Input::Resize(80, 24));
    assert_eq!(app.time().mode(), &parcours::tui::time::Mode::Grid);
    assert!(stored(&path, "demo", w48()).is_empty());
}

#[test]
fn the_weekend_is_reached_at_80_columns() {
    let (_dir, path) = demo_at(today());
    let mut app = app(&path, "demo", sunday());
    app.update(parcours::tui::Input::Resize(80, 24));
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "nfile");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Home);
    assert_eq!(app.time().days_shown(), [0, 1, 2, 3, 4]);
    for _ in 0..5 {
        press(&mut app, KeyCode::Right);
    }
    assert_eq!(app.time().cursor().1, 5, "→ past Friday reaches Saturday");
    assert_eq!(app.time().days_shown(), [0, 1, 2, 3, 4, 5, 6]);
    assert!(kit::screen(&app, 80, 24).contains("Sat 28"));
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "2h");
    press(&mut app, KeyCode::Enter);
    assert_eq!(stored(&path, "demo", w48())[0].date, d(2026, 11, 28));
    // Back on Friday the weekend keeps its columns while it holds time.
    press(&mut app, KeyCode::Left);
    assert_eq!(app.time().days_shown(), [0, 1, 2, 3, 4, 5]);
}

#[test]
fn screen_keys_leave_the_proposals_the_question_and_the_export_choice_without_writing() {
    use parcours::tui::app::Screen;
    let (_dir, path, friday) = friday_without_time();
    let audit_rows = kit::rows_in(&path, "audit");
    let mut app = app(&path, "demo", friday);
    app.update(parcours::tui::Input::Resize(80, 24));

    // The proposals from the agenda: `1` means "caseload" there too.
    press(&mut app, KeyCode::Char('3'));
    type_text(&mut app, "g");
    assert!(!app.time().proposals().is_empty());
    press(&mut app, KeyCode::Char('1'));
    assert_eq!(app.screen(), Screen::Caseload);
    // Back on the time screen the list waits; `e` opens the duration, where a letter
    // is refused.
    press(&mut app, KeyCode::Char('3'));
    assert!(!app.time().proposals().is_empty());
    type_text(&mut app, "e1q");
    assert!(message(&app).contains('q'), "{}", message(&app));
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(app.time().proposals().is_empty());

    // The submit question: `2` goes to the agenda and answers nothing.
    type_text(&mut app, "s");
    assert!(matches!(
        app.time().mode(),
        parcours::tui::time::Mode::Confirm(_)
    ));
    press(&mut app, KeyCode::Char('2'));
    assert_eq!(app.screen(), Screen::Agenda);

    // The export choice: `4` opens the dashboard and writes no file.
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Esc);
    type_text(&mut app, "X");
    assert!(matches!(
        app.time().mode(),
        parcours::tui::time::Mode::Export { .. }
    ));
    press(&mut app, KeyCode::Char('4'));
    assert_eq!(app.screen(), Screen::Dashboard);

    assert!(stored(&path, "demo", w48()).is_empty());
    assert_eq!(kit::rows_in(&path, "audit"), audit_rows, "nothing written");
}

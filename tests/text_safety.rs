//! Stored text cannot drive a reader's terminal, calendar or spreadsheet: control
//! characters are refused on input and never reach any output raw; spreadsheet
//! formulas come out as readable text.

#[path = "common/cli_support.rs"]
mod support;

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use parcours::domain::text::is_control;
use support::Sandbox;

/// What a fuzz string is drawn from: every control character refused on input,
/// characters that matter to CSV, ICS and spreadsheets, and plain letters.
fn alphabet() -> Vec<char> {
    let mut chars: Vec<char> = (0u32..0x20)
        .chain(0x7f..0xa0)
        .chain(0x202a..0x202f)
        .chain(0x2066..0x206a)
        .filter_map(char::from_u32)
        .collect();
    chars.extend("=+-@\",;:\\ aZé€".chars());
    chars
}

/// A sandbox where alice has participants, time entries and appointments in 2026-W48, on
/// Monday 30 November: the week has been worked and may be submitted.
fn plie() -> Sandbox {
    let s = Sandbox::with_team().on("2026-11-30");
    for n in 0..4 {
        let file = s.participant_of("alice", &format!("Name{n}"));
        let date = format!("2026-11-{}", 23 + n);
        s.run_as(
            "alice",
            &[
                "time",
                "add",
                "--date",
                &date,
                "--minutes",
                "30",
                "--activity",
                "IND",
                "--participant",
                &file,
                "--note",
                "plain",
            ],
        )
        .ok();
        let start = format!("2026-11-{} 10:00", 23 + n);
        s.run_as(
            "alice",
            &[
                "appointment",
                "add",
                "--start",
                &start,
                "--minutes",
                "45",
                "--participant",
                &file,
                "--title",
                "plain",
                "--location",
                "here",
            ],
        )
        .ok();
    }
    s
}

/// Rewrites the stored text directly, as old data or a hand-edited file could hold it.
fn store_fuzz(s: &Sandbox, rng: &mut fastrand::Rng, alphabet: &[char]) -> usize {
    let conn = s.sql();
    let mut cases = 0;
    let mut text = || {
        cases += 1;
        let len = rng.usize(1..12);
        (0..len)
            .map(|_| alphabet[rng.usize(..alphabet.len())])
            .collect::<String>()
    };
    for (table, columns) in [
        ("participant", &["last_name", "first_name", "commune"][..]),
        ("time_entry", &["note"]),
        ("appointment", &["title", "location"]),
        ("user", &["name"]),
    ] {
        let ids: Vec<i64> = conn
            .prepare(&format!("SELECT id FROM {table}"))
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for id in ids {
            for column in columns {
                conn.execute(
                    &format!("UPDATE {table} SET {column} = ?1 WHERE id = ?2"),
                    rusqlite::params![text(), id],
                )
                .unwrap();
            }
        }
    }
    cases
}

/// Checks that `out` holds no raw control character but the format's own line
/// ends (`\n`, or `\r\n` when `crlf`) and, in CSV (`csv`), what multi-line notes
/// keep as data: line feeds inside quoted fields, and tabs.
fn assert_clean(what: &str, out: &str, crlf: bool, csv: bool) {
    let mut in_quotes = false;
    let mut prev = None;
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '"' && csv {
            in_quotes = !in_quotes;
        }
        let allowed = match c {
            '\r' => crlf && !in_quotes && chars.peek() == Some(&'\n'),
            '\n' => !crlf || in_quotes || prev == Some('\r'),
            '\t' => csv,
            _ => !is_control(c),
        };
        prev = Some(c);
        assert!(allowed, "{what}: raw U+{:04X} in {out:?}", u32::from(c));
    }
}

#[test]
fn stored_control_characters_never_reach_any_output_raw() {
    let s = plie();
    let alphabet = alphabet();
    let mut rng = fastrand::Rng::with_seed(12);
    let out_dir = s.dir.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let mut cases = 0;
    let mut round = 0;
    // Bounded: about 2,000 stored strings in all, each run through every format.
    while cases < 2_000 {
        round += 1;
        cases += store_fuzz(&s, &mut rng, &alphabet);
        for format in ["table", "csv", "json"] {
            let csv = format == "csv";
            let list = s.run_as("alice", &["participant", "list", "--format", format]);
            assert_clean("participant list", list.ok(), false, csv);
            let time = s.run_as(
                "alice",
                &["time", "list", "--week", "2026-W48", "--format", format],
            );
            assert_clean("time list", time.ok(), false, csv);
            let week = s.run_as(
                "coord",
                &["week", "status", "--week", "2026-W48", "--format", format],
            );
            assert_clean("week status", week.ok(), false, csv);
            if format == "table" {
                // One line per row: a stored line break cannot forge or hide a row.
                assert_eq!(list.ok().lines().count(), 1 + 4 + 1, "{list:?}");
                assert_eq!(week.ok().lines().count(), 4, "{week:?}");
            }
        }
        for (format, name) in [("ics", "agenda.ics"), ("csv", "agenda.csv")] {
            let path = out_dir.join(format!("{round}-{name}"));
            s.run_as(
                "alice",
                &[
                    "export",
                    "agenda",
                    "--from",
                    "2026-11-23",
                    "--to",
                    "2026-11-29",
                    "--format",
                    format,
                    "--output",
                    path.to_str().unwrap(),
                ],
            )
            .ok();
            let text = std::fs::read_to_string(&path).unwrap();
            assert_clean(name, &text, true, format == "csv");
        }
        let sheet = out_dir.join(format!("{round}-sheet.csv"));
        s.run_as(
            "alice",
            &[
                "export",
                "timesheet",
                "--week",
                "2026-W48",
                "--format",
                "csv",
                "--output",
                sheet.to_str().unwrap(),
            ],
        )
        .ok();
        assert_clean(
            "timesheet",
            &std::fs::read_to_string(&sheet).unwrap(),
            true,
            true,
        );
        // An error line that echoes stored text (a name in a refusal) stays one clean line.
        let error = s.run_as("bob", &["participant", "list", "--referent", "alice"]);
        assert_eq!(error.code, 1);
        assert_clean("error line", &error.stderr, false, false);
    }
    println!("{cases} stored strings over {round} rounds");
}

#[test]
fn an_echoed_argument_in_an_error_line_is_made_printable() {
    let s = Sandbox::with_team();
    let out = s.run_as(
        "alice",
        &["week", "status", "--week", "\u{1b}]0;owned\u{7}\r"],
    );
    out.fails_with("invalid week `␛]0;owned␇␍`");
}

#[test]
fn every_free_text_field_refuses_esc_and_cr_and_writes_nothing() {
    let s = plie();
    let file = s.participant_of("alice", "Kept");
    s.run_as("alice", &["week", "submit", "--week", "2026-W48"])
        .ok();
    for bad in ["a\u{1b}[2Jb", "a\rb"] {
        let shown = if bad.contains('\r') {
            "U+000D"
        } else {
            "U+001B"
        };
        let cases: Vec<(&str, Vec<&str>, &str)> = vec![
            (
                "alice",
                vec![
                    "participant",
                    "add",
                    "--last",
                    bad,
                    "--first",
                    "X",
                    "--birth",
                    "1990-01-01",
                ],
                "Last name",
            ),
            (
                "alice",
                vec![
                    "participant",
                    "add",
                    "--last",
                    "X",
                    "--first",
                    bad,
                    "--birth",
                    "1990-01-01",
                ],
                "First name",
            ),
            (
                "alice",
                vec![
                    "appointment",
                    "add",
                    "--start",
                    "2026-11-30 09:00",
                    "--minutes",
                    "30",
                    "--title",
                    bad,
                ],
                "Title",
            ),
            (
                "alice",
                vec![
                    "appointment",
                    "add",
                    "--start",
                    "2026-11-30 09:00",
                    "--minutes",
                    "30",
                    "--location",
                    bad,
                ],
                "Location",
            ),
            (
                "alice",
                vec![
                    "time",
                    "add",
                    "--date",
                    "2026-11-30",
                    "--minutes",
                    "30",
                    "--activity",
                    "IND",
                    "--participant",
                    &file,
                    "--note",
                    bad,
                ],
                "Note",
            ),
            (
                "coord",
                vec![
                    "week",
                    "reopen",
                    "--week",
                    "2026-W48",
                    "--referent",
                    "alice",
                    "--reason",
                    bad,
                ],
                "reason",
            ),
            ("coord", vec!["user", "add", "zed", "--name", bad], "name"),
        ];
        for (login, args, field) in cases {
            let before = s.counts();
            s.run_as(login, &args).fails_with(&format!(
                "{field} may not hold the control character {shown}: nothing was saved"
            ));
            assert_eq!(s.counts(), before, "{args:?} wrote something");
        }
    }
    // A note may keep its lines and tabs; the week stayed submitted throughout.
    s.run_as(
        "alice",
        &[
            "time",
            "add",
            "--date",
            "2026-11-30",
            "--minutes",
            "30",
            "--activity",
            "IND",
            "--note",
            "first line\nsecond\tline",
        ],
    )
    .ok();
    let status: String = s
        .sql()
        .query_row(
            "SELECT status FROM week WHERE iso_week = '2026-W48'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(status, "submitted");
}

#[test]
fn the_french_refusal_is_translated() {
    let s = Sandbox::with_team();
    let out = s.run_as(
        "coord",
        &["--lang", "fr", "user", "add", "zed", "--name", "Z\u{1b}ed"],
    );
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        "erreur : le nom ne peut pas contenir le caractère de contrôle U+001B : rien n'a été enregistré\n"
    );
}

fn xlsx_note(path: &Path) -> Data {
    let bytes = std::fs::read(path).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let detail = book.worksheet_range("Detail").unwrap();
    let row = (1..detail.height() as u32)
        .find(|&r| detail.get_value((r, 15)) == Some(&Data::String("'=HYPERLINK(\"x\")".into())))
        .unwrap_or(1);
    detail.get_value((row, 15)).cloned().unwrap_or(Data::Empty)
}

#[test]
fn formulas_come_out_as_readable_text_in_csv_and_xlsx() {
    let s = Sandbox::with_team().on("2026-11-30");
    for (date, note) in [
        ("2026-11-23", "=HYPERLINK(\"x\")"),
        ("2026-11-24", "@SUM(A1:A9)"),
        ("2026-11-25", "+33 6 12 34 56 78"),
        ("2026-11-26", "-1+1"),
    ] {
        // `--note=…`: a note beginning with `-` is not an option.
        let note = format!("--note={note}");
        s.run_as(
            "alice",
            &[
                "time",
                "add",
                "--date",
                date,
                "--minutes",
                "30",
                "--activity",
                "ADM",
                &note,
            ],
        )
        .ok();
    }
    let expected = [
        "'=HYPERLINK(\"x\")",
        "'@SUM(A1:A9)",
        "'+33 6 12 34 56 78",
        "'-1+1",
    ];
    let list = s.run_as(
        "alice",
        &["time", "list", "--week", "2026-W48", "--format", "csv"],
    );
    let notes: Vec<String> = csv::Reader::from_reader(list.ok().as_bytes())
        .records()
        .map(|r| r.unwrap().iter().next_back().unwrap().to_owned())
        .collect();
    assert_eq!(notes, expected);

    let sheet = s.dir.path().join("w48.csv");
    s.run_as(
        "alice",
        &[
            "export",
            "timesheet",
            "--week",
            "2026-W48",
            "--format",
            "csv",
            "--output",
            sheet.to_str().unwrap(),
        ],
    )
    .ok();
    let mut reader = csv::Reader::from_path(&sheet).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let notes: Vec<&str> = rows.iter().map(|r| &r[15]).collect();
    assert_eq!(notes, expected);
    // Numbers stay numbers: minutes and hours are untouched.
    assert!(rows.iter().all(|r| &r[13] == "30" && &r[14] == "0.50"));

    let book = s.dir.path().join("w48.xlsx");
    s.run_as(
        "alice",
        &[
            "export",
            "timesheet",
            "--week",
            "2026-W48",
            "--format",
            "xlsx",
            "--output",
            book.to_str().unwrap(),
        ],
    )
    .ok();
    assert_eq!(xlsx_note(&book), Data::String("'=HYPERLINK(\"x\")".into()));
    let bytes = std::fs::read(&book).unwrap();
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let detail = workbook.worksheet_range("Detail").unwrap();
    for (r, note) in (1u32..).zip(expected) {
        assert_eq!(detail.get_value((r, 15)), Some(&Data::String(note.into())));
        assert_eq!(detail.get_value((r, 13)), Some(&Data::Float(30.0)));
    }
}

#[test]
fn pathway_and_journal_texts_refuse_control_characters_in_the_store() {
    use chrono::NaiveDate;
    use parcours::domain::journal::ContactKind;
    use parcours::domain::pathway::{BarrierKind, StepKind};
    use parcours::store::{Database, NewBarrier, NewContact, NewMilestone, NewStep, StoreError};

    let s = Sandbox::with_team();
    let file = s.participant_of("alice", "Path");
    let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let mut alice = Database::open(&s.db)
        .unwrap()
        .session("alice", today)
        .unwrap();
    let step = |provider: &str, note: &str| NewStep {
        kind: StepKind::ALL[0],
        provider: provider.into(),
        planned_start: None,
        planned_end: None,
        actual_start: None,
        actual_end: None,
        outcome: None,
        note: note.into(),
    };
    let contact = |summary: &str, next_action: &str| NewContact {
        contact_on: today,
        kind: ContactKind::ALL[0],
        minutes: 30,
        summary: summary.into(),
        next_action: next_action.into(),
        appointment_id: None,
    };
    let milestone = |objectives: &str| NewMilestone {
        held_on: today,
        objectives: objectives.into(),
        achieved: String::new(),
        new_objectives: String::new(),
    };
    let barrier = |note: &str| NewBarrier {
        kind: BarrierKind::ALL[0],
        noted_on: today,
        note: note.into(),
    };
    let before = s.counts();
    for bad in ["x\u{1b}[31m", "x\ry", "x\u{202e}y"] {
        let refusals = [
            alice.add_step(&file, &step(bad, "")).map(|_| ()),
            alice.add_step(&file, &step("", bad)).map(|_| ()),
            alice.add_contact(&file, &contact(bad, "")).map(|_| ()),
            alice.add_contact(&file, &contact("", bad)).map(|_| ()),
            alice.add_milestone(&file, &milestone(bad)).map(|_| ()),
            alice.add_barrier(&file, &barrier(bad)).map(|_| ()),
        ];
        for refusal in refusals {
            match refusal {
                Err(StoreError::Invalid(e)) => assert_eq!(e.key, "error.control_char"),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
    assert_eq!(s.counts(), before, "nothing written");
    // Multi-line notes keep their lines.
    alice
        .add_contact(&file, &contact("first\nsecond", "call\tback"))
        .unwrap();
    alice.add_barrier(&file, &barrier("one\ntwo")).unwrap();
}

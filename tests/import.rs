//! `import participants`: all or nothing, errors by line and column, duplicates,
//! separators and date forms, and the round trip with `participant list --format csv`.

#[path = "common/cli_support.rs"]
mod support;

use std::path::PathBuf;

use support::Sandbox;

const HEADER: &str = "last_name,first_name,birth_date,sex,referent,phone,email,postcode,commune,prescriber,oriented_on,commission_on,commission_decision,contract_on,labour_status,education_level,criteria";

/// A CSV of `rows` distinct participants; `bad_line` (a line number, the header being
/// line 1) gets an impossible birth date.
fn generated(rows: usize, bad_line: Option<usize>) -> String {
    let mut text = format!("{HEADER}\n");
    for i in 1..=rows {
        let line = i + 1;
        let birth = if Some(line) == bad_line {
            "31/02/1990".to_owned()
        } else {
            format!("{}-{:02}-{:02}", 1960 + i % 40, 1 + i % 12, 1 + i % 28)
        };
        let referent = ["alice", "bob", ""][i % 3];
        text.push_str(&format!(
            "Testname{i:05},Prénom,{birth},{sex},{referent},0696 00 {:02} {:02},p{i}@example.org,0{:04},Fort-de-France,France Travail,2026-0{}-1{},,,,unemployed,{},rsa;qpv\n",
            i % 100,
            i / 100 % 100,
            i % 10_000,
            1 + i % 9,
            i % 10,
            1 + i % 8,
            sex = ["f", "m", "x"][i % 3],
        ));
    }
    text
}

fn write(s: &Sandbox, name: &str, bytes: &[u8]) -> PathBuf {
    let path = s.dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the import file");
    path
}

fn participants(s: &Sandbox) -> i64 {
    s.sql()
        .query_row("SELECT COUNT(*) FROM participant", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn five_thousand_lines_import_in_one_audited_transaction() {
    let s = Sandbox::with_team();
    let file = write(&s, "people.csv", generated(5000, None).as_bytes());
    let out = s.run_as("coord", &["import", "participants", file.to_str().unwrap()]);
    assert!(out.ok().contains("imported 5000 participant(s)"), "{out:?}");
    assert_eq!(participants(&s), 5000);
    let (entity, after): (String, String) = s
        .sql()
        .query_row(
            "SELECT entity, after FROM audit WHERE action = 'import_participants'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(entity, "import");
    assert!(
        after.contains("\"rows\":5000") && after.contains("\"sha256\":\""),
        "{after}"
    );
    assert!(
        !after.contains("Testname"),
        "no data in the audit row: {after}"
    );
    let postcode: String = s
        .sql()
        .query_row(
            "SELECT postcode FROM participant WHERE last_name = 'Testname00007'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(postcode, "00007", "postcodes keep their leading zeros");
}

#[test]
fn one_bad_value_on_line_3917_writes_nothing_and_is_reported() {
    let s = Sandbox::with_team();
    let file = write(&s, "people.csv", generated(5000, Some(3917)).as_bytes());
    let errors = s.dir.path().join("errors.csv");
    let before = s.contents();
    let out = s.run_as(
        "coord",
        &[
            "import",
            "participants",
            file.to_str().unwrap(),
            "--errors",
            errors.to_str().unwrap(),
        ],
    );
    out.fails_with("1 error(s)");
    assert!(
        out.stderr
            .contains("line 3917, column birth_date, `31/02/1990`"),
        "{out:?}"
    );
    assert_eq!(s.contents(), before, "nothing written");
    let listed = std::fs::read_to_string(&errors).unwrap();
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines[0], "line,column,value,reason");
    assert!(
        lines[1].starts_with("3917,birth_date,31/02/1990,not a date"),
        "{listed}"
    );
    assert_eq!(lines.len(), 2);
}

#[test]
fn semicolons_a_byte_order_mark_and_french_dates_import() {
    let s = Sandbox::with_team();
    let file = write(
        &s,
        "excel.csv",
        "\u{feff}last_name;first_name;birth_date;postcode;phone;oriented_on;referent\r\n\
         Lévêque;Zoé;17/05/1990;01000;0696123456;05/01/2026;alice\r\n\
         Martin;Léo;02/12/1985;97200;+596 696 00 00 00;2026-02-01;\r\n"
            .as_bytes(),
    );
    let out = s.run_as("coord", &["import", "participants", file.to_str().unwrap()]);
    assert!(out.ok().contains("imported 2"), "{out:?}");
    let (birth, oriented, postcode, phone): (String, String, String, String) = s
        .sql()
        .query_row(
            "SELECT birth_date, oriented_on, postcode, phone FROM participant WHERE last_name = 'Lévêque'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (
            birth.as_str(),
            oriented.as_str(),
            postcode.as_str(),
            phone.as_str()
        ),
        ("1990-05-17", "2026-01-05", "01000", "0696123456")
    );
    let file_number: String = s
        .sql()
        .query_row(
            "SELECT file_number FROM participant WHERE last_name = 'Martin'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(file_number, "P-2026-0002");
}

#[test]
fn a_possible_duplicate_is_refused_unless_allowed() {
    let s = Sandbox::with_team();
    s.run_as(
        "coord",
        &[
            "participant",
            "add",
            "--last",
            "Lévêque",
            "--first",
            "Zoé",
            "--birth",
            "1990-05-17",
        ],
    )
    .ok();
    let file = write(
        &s,
        "dup.csv",
        b"last_name,first_name,birth_date\nLEVEQUE,zoe,17/05/1990\nDurand,Ana,1991-01-01\ndurand,ANA,1991-01-01\n",
    );
    let before = s.contents();
    let out = s.run_as("coord", &["import", "participants", file.to_str().unwrap()]);
    out.fails_with("2 error(s)");
    assert!(
        out.stderr.contains("line 2") && out.stderr.contains("P-2026-0001"),
        "{out:?}"
    );
    assert_eq!(s.contents(), before);
    let errors = s.dir.path().join("errors.csv");
    s.run_as(
        "coord",
        &[
            "import",
            "participants",
            file.to_str().unwrap(),
            "--errors",
            errors.to_str().unwrap(),
        ],
    )
    .fails_with("every error is listed in");
    let listed = std::fs::read_to_string(&errors).unwrap();
    assert!(
        listed.contains("\n4,last_name,durand ANA 1991-01-01,same names and birth date as line 3"),
        "{listed}"
    );
    let out = s.run_as(
        "coord",
        &[
            "import",
            "participants",
            file.to_str().unwrap(),
            "--allow-duplicates",
        ],
    );
    assert!(out.ok().contains("imported 3"), "{out:?}");
}

#[test]
fn a_dry_run_writes_nothing_and_a_referent_may_not_import() {
    let s = Sandbox::with_team();
    let file = write(&s, "people.csv", generated(20, None).as_bytes());
    let before = s.contents();
    let out = s.run_as(
        "coord",
        &[
            "import",
            "participants",
            file.to_str().unwrap(),
            "--dry-run",
        ],
    );
    assert!(
        out.ok().contains("20 participant(s) can be imported"),
        "{out:?}"
    );
    s.run_as("alice", &["import", "participants", file.to_str().unwrap()])
        .fails_with("refused: alice may not import participants");
    assert_eq!(s.contents(), before);
}

#[test]
fn the_template_imports_once_its_example_is_uncommented() {
    let s = Sandbox::with_team();
    let template = s
        .run(&["import", "participants", "--template"])
        .ok()
        .to_owned();
    let lines: Vec<&str> = template.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0].starts_with("file_number,last_name,first_name,birth_date"));
    assert!(lines[1].starts_with("# "));
    let file = write(&s, "template.csv", template.as_bytes());
    s.run_as("coord", &["import", "participants", file.to_str().unwrap()])
        .fails_with("no participant in the file");
    let filled = format!("{}\n{}\n", lines[0], &lines[1][2..]);
    let file = write(&s, "filled.csv", filled.as_bytes());
    let out = s.run_as("coord", &["import", "participants", file.to_str().unwrap()]);
    assert!(out.ok().contains("imported 1"), "{out:?}");
}

#[test]
fn an_export_imports_into_an_empty_database_unchanged() {
    let s = Sandbox::with_team();
    let mut text = generated(300, None)
        .replacen(
            HEADER,
            &format!("{HEADER},status,exit_on,exit_outcome,address"),
            1,
        )
        .replace(
            ",rsa;qpv\n",
            ",rsa;qpv,,,,\"3 allée des Hibiscus, bât. B\"\n",
        );
    text.push_str(
        "=Formula,+Plus,1980-01-01,,,-12,@x,,,,2025-03-01,2025-03-10,accepted,2025-03-15,\
         employed,7,,job_follow_up,2026-06-30,cdi,\n",
    );
    let file = write(&s, "people.csv", text.as_bytes());
    s.run_as("coord", &["import", "participants", file.to_str().unwrap()])
        .ok();
    let first = s
        .run_as("coord", &["participant", "list", "--format", "csv"])
        .ok()
        .to_owned();
    assert_eq!(first.lines().count(), 302);
    assert!(
        first.contains("'=Formula,'+Plus,1980-01-01"),
        "cells stay protected"
    );

    let other = Sandbox::with_team();
    let exported = write(&other, "export.csv", format!("{first}\n").as_bytes());
    let out = other.run_as(
        "coord",
        &["import", "participants", exported.to_str().unwrap()],
    );
    assert!(out.ok().contains("imported 301"), "{out:?}");
    let second = other
        .run_as("coord", &["participant", "list", "--format", "csv"])
        .ok()
        .to_owned();
    assert_eq!(first, second);
    let name: String = other
        .sql()
        .query_row(
            "SELECT last_name FROM participant WHERE first_name = '+Plus'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        name, "=Formula",
        "the protecting quote is removed on import"
    );
    let addresses: i64 = other
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM participant WHERE address = '3 allée des Hibiscus, bât. B'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(addresses, 300, "the address travels with the file");
}

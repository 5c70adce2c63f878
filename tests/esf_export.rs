//! `parcours export esf` through the real binary on the demo database: each stage's file,
//! written with the shipped column map, parsed back, holds every complete participant of
//! its population once with the right codes, and its error file exactly the incomplete
//! ones; a PLIE's own map (another separator, encoding, codes) is followed; over SSH the
//! file goes to standard output and the error lines to standard error, and nothing else
//! than `--output -` and the shipped map is allowed.

#[path = "common/cli_support.rs"]
mod cli;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Months, NaiveDate};
use cli::{Outcome, Sandbox, outcome};
use serde_json::Value;

const FROM: &str = "2026-01-01";
const TO: &str = "2026-11-23";

/// The standard demo PLIE (see `Sandbox::demo`), with one
/// postcode starting with a zero (as in the Ain) to prove postcodes stay text.
fn demo() -> Sandbox {
    let s = Sandbox::demo();
    s.sql()
        .execute(
            "UPDATE participant SET postcode = '01500' WHERE file_number = 'P-2026-0040'",
            [],
        )
        .unwrap();
    s
}

/// Every file of the PLIE with its ESF record, as `participant list --format json` gives it.
fn files(s: &Sandbox) -> Vec<Value> {
    serde_json::from_str(
        s.run_as("coord", &["participant", "list", "--format", "json"])
            .ok(),
    )
    .unwrap()
}

fn date(v: &Value) -> Option<NaiveDate> {
    v.as_str().map(|s| s.parse().unwrap())
}

/// Incomplete stages: (file number, stage code) → the missing item codes.
type Missing = BTreeMap<(String, String), Vec<String>>;

/// The files of a stage's population in the period, split into those whose stages are
/// complete and those with the stages they miss (stage code → missing item codes).
fn population(files: &[Value], stage: &str) -> (Vec<Value>, Missing) {
    let (from, to): (NaiveDate, NaiveDate) = (FROM.parse().unwrap(), TO.parse().unwrap());
    let within = |d: Option<NaiveDate>| d.is_some_and(|d| from <= d && d <= to);
    let mut complete = Vec::new();
    let mut incomplete = BTreeMap::new();
    for file in files {
        let esf = &file["esf"];
        let entered = date(&esf["entry_on"]);
        let exit = date(&esf["exit_on"]);
        let (inside, stages) = match stage {
            "entry" => (within(entered), vec!["entry"]),
            "exit" => (entered.is_some() && within(exit), vec!["entry", "exit"]),
            _ => (
                entered.is_some()
                    && within(exit.and_then(|e| e.checked_add_months(Months::new(6)))),
                vec!["entry", "follow_up"],
            ),
        };
        if !inside {
            continue;
        }
        let missing: Vec<(&str, Vec<String>)> = stages
            .iter()
            .filter(|s| esf[**s]["complete"] == false)
            .map(|s| {
                let items = esf[*s]["missing"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|i| i.as_str().unwrap().to_owned())
                    .collect();
                (*s, items)
            })
            .collect();
        if missing.is_empty() {
            complete.push(file.clone());
        }
        for (s, items) in missing {
            let code = if s == "follow_up" { "follow-up" } else { s };
            incomplete.insert(
                (
                    esf["file_number"].as_str().unwrap().to_owned(),
                    code.to_owned(),
                ),
                items,
            );
        }
    }
    (complete, incomplete)
}

/// A CSV file's rows as maps from header to cell (a UTF-8 BOM dropped).
fn rows(bytes: &[u8], separator: u8) -> Vec<BTreeMap<String, String>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator)
        .from_reader(bytes);
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    reader
        .records()
        .map(|r| {
            headers
                .iter()
                .cloned()
                .zip(r.unwrap().iter().map(str::to_owned))
                .collect()
        })
        .collect()
}

/// The error file's lines: (file number, stage) → missing items.
fn errors(bytes: &[u8], separator: u8) -> Missing {
    rows(bytes, separator)
        .into_iter()
        .map(|r| {
            let items = r["missing"].split(", ").map(str::to_owned).collect();
            ((r["file_number"].clone(), r["stage"].clone()), items)
        })
        .collect()
}

fn export(s: &Sandbox, stage: &str, output: &Path, more: &[&str]) -> Outcome {
    let output = output.to_str().unwrap();
    let mut args = vec![
        "export", "esf", "--stage", stage, "--from", FROM, "--to", TO, "--output", output,
    ];
    args.extend_from_slice(more);
    s.run_as("coord", &args)
}

/// The answer codes of the shipped map.
fn yes_no(value: &Value) -> &'static str {
    match value.as_bool() {
        Some(true) => "OUI",
        Some(false) => "NON",
        None => "",
    }
}

#[test]
fn each_stage_round_trips_with_the_shipped_map_and_its_error_file_lists_the_incomplete() {
    let s = demo();
    let all = files(&s);
    for stage in ["entry", "exit", "follow-up"] {
        let path = s.dir.path().join(format!("{stage}.csv"));
        let out = export(&s, stage, &path, &[]);
        let errors_path = s.dir.path().join(format!("{stage}.csv.errors.csv"));
        let (complete, incomplete) = population(&all, stage);
        assert!(!complete.is_empty() && !incomplete.is_empty(), "{stage}");
        assert_eq!(
            out.ok().lines().collect::<Vec<_>>(),
            [path.to_str().unwrap(), errors_path.to_str().unwrap()]
        );
        assert!(out.stderr.starts_with("warning: "), "{out:?}");
        let bytes = std::fs::read(&path).unwrap();
        assert!(
            bytes.starts_with(b"\xEF\xBB\xBF\"Num"),
            "UTF-8 with a BOM, quoted"
        );
        let written = rows(&bytes, b';');
        let numbers: Vec<&str> = written
            .iter()
            .map(|r| r["Numéro de dossier"].as_str())
            .collect();
        let unique: BTreeSet<&str> = numbers.iter().copied().collect();
        assert_eq!(
            numbers.len(),
            unique.len(),
            "{stage}: each participant once"
        );
        let expected: BTreeSet<&str> = complete
            .iter()
            .map(|f| f["file_number"].as_str().unwrap())
            .collect();
        assert_eq!(unique, expected, "{stage}: every complete participant");
        for row in &written {
            let file = complete
                .iter()
                .find(|f| f["file_number"] == row["Numéro de dossier"].as_str())
                .unwrap();
            let esf = &file["esf"];
            NaiveDate::parse_from_str(&row["Date de naissance"], "%d/%m/%Y")
                .expect("dates in the map's format");
            match stage {
                "entry" => {
                    let answers = &esf["entry"]["answers"];
                    let sex = match answers["sex"].as_str().unwrap() {
                        "female" => "F",
                        "male" => "H",
                        _ => "NB",
                    };
                    assert_eq!(row["Sexe"], sex);
                    assert_eq!(
                        row["Âge à l'entrée"],
                        esf["entry"]["age"].as_u64().unwrap().to_string()
                    );
                    let isced = format!(
                        "CITE_{}",
                        esf["entry"]["isced"].as_str().unwrap().replace('-', "_")
                    );
                    assert_eq!(row["Niveau CITE"], isced);
                    let labour = match answers["labour_status"].as_str().unwrap() {
                        "unemployed" => "CHOMEUR",
                        "long_term_unemployed" => "CHOMEUR_LD",
                        "inactive" => "INACTIF",
                        _ => "EMPLOI",
                    };
                    assert_eq!(row["Situation sur le marché du travail"], labour);
                    for (header, item) in [
                        ("Handicap", "disability"),
                        ("Ressortissant de pays tiers", "third_country"),
                        ("Origine étrangère", "foreign_background"),
                        ("Minorité", "minority"),
                        ("Sans domicile ou exclusion du logement", "homeless"),
                        ("Zone rurale", "rural"),
                    ] {
                        let code = match answers[item].as_str().unwrap() {
                            "yes" => "OUI",
                            "no" => "NON",
                            _ => "REFUS",
                        };
                        assert_eq!(row[header], code, "{header}");
                    }
                    assert_eq!(
                        row["Date d'entrée"],
                        date(&esf["entry_on"])
                            .unwrap()
                            .format("%d/%m/%Y")
                            .to_string()
                    );
                    assert_eq!(
                        row["Bénéficiaire RSA"],
                        yes_no(&esf["entry"]["french"]["rsa"])
                    );
                }
                "exit" => {
                    let answers = &esf["exit"]["answers"];
                    assert_eq!(row["En emploi"], yes_no(&answers["employed"]));
                    assert_eq!(
                        row["Qualification obtenue"],
                        yes_no(&answers["qualification"])
                    );
                    assert_eq!(
                        row["Date de sortie"],
                        date(&esf["exit_on"])
                            .unwrap()
                            .format("%d/%m/%Y")
                            .to_string()
                    );
                }
                _ => {
                    let answers = &esf["follow_up"]["answers"];
                    assert_eq!(
                        row["En emploi six mois après"],
                        yes_no(&answers["employed"])
                    );
                    assert_eq!(
                        row["Situation améliorée six mois après"],
                        yes_no(&answers["improved"])
                    );
                }
            }
        }
        let listed = errors(&std::fs::read(&errors_path).unwrap(), b';');
        assert_eq!(listed, incomplete, "{stage}: exactly the incomplete stages");
    }
    // Postcodes and file numbers stay text: leading zeros and all.
    let entry = rows(
        &std::fs::read(s.dir.path().join("entry.csv")).unwrap(),
        b';',
    );
    let ain = entry
        .iter()
        .find(|r| r["Numéro de dossier"] == "P-2026-0040")
        .expect("P-2026-0040 entered in 2026");
    assert_eq!(ain["Code postal"], "01500");
    // Never overwritten: a second export is refused and leaves the files as they were.
    let path = s.dir.path().join("entry.csv");
    let before = std::fs::read(&path).unwrap();
    export(&s, "entry", &path, &[]).fails_with("already exists");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_plies_own_map_sets_the_layout_the_encoding_and_the_codes() {
    let s = demo();
    let map = s.dir.path().join("mine.toml");
    let shipped = include_str!("../assets/esf_map.toml")
        .replace("separator = \";\"", "separator = \"\\t\"")
        .replace("encoding = \"utf-8\"", "encoding = \"windows-1252\"")
        .replace("bom = true", "bom = false")
        .replace("date_format = \"%d/%m/%Y\"", "date_format = \"%Y%m%d\"")
        .replace("f = \"F\"", "f = \"2\"")
        .replace("m = \"H\"", "m = \"1\"")
        .replace("x = \"NB\"", "x = \"3\"");
    std::fs::write(&map, shipped).unwrap();
    let path = s.dir.path().join("entry-1252.csv");
    export(&s, "entry", &path, &["--map", map.to_str().unwrap()]).ok();
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        bytes.starts_with(b"\"Num\xe9ro de dossier\"\t"),
        "windows-1252, tab"
    );
    let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(&bytes);
    assert!(!bad);
    let written = rows(text.as_bytes(), b'\t');
    assert!(
        written
            .iter()
            .all(|r| ["1", "2", "3"].contains(&r["Sexe"].as_str()))
    );
    assert!(
        written
            .iter()
            .all(|r| r["Date de naissance"].len() == 8 && !r["Date de naissance"].contains('/'))
    );
    // A faulty map is named, and nothing is written.
    let broken = s.dir.path().join("broken.toml");
    std::fs::write(&broken, "separator = \";\"\n").unwrap();
    let out = export(
        &s,
        "entry",
        &s.dir.path().join("never.csv"),
        &["--map", broken.to_str().unwrap()],
    );
    out.fails_with("broken.toml");
    assert!(!s.dir.path().join("never.csv").exists());
}

#[test]
fn over_ssh_the_file_goes_to_stdout_and_the_errors_to_stderr() {
    let s = demo();
    let over_ssh = |original: &str| {
        outcome(
            s.command()
                .arg("--as")
                .arg("coord")
                .env("SSH_ORIGINAL_COMMAND", original),
        )
    };
    let out = over_ssh(&format!(
        "export esf --stage exit --from {FROM} --to {TO} --output -"
    ));
    assert_eq!(out.code, 0, "{out:?}");
    let (complete, incomplete) = population(&files(&s), "exit");
    assert_eq!(rows(out.stdout.as_bytes(), b';').len(), complete.len());
    let lines: Vec<&str> = out.stderr.lines().collect();
    assert_eq!(
        lines.len(),
        incomplete.len(),
        "one CSV line per missing stage"
    );
    let header = "\"file_number\";\"stage\";\"missing\"\n";
    let listed = errors(format!("{header}{}", out.stderr).as_bytes(), b';');
    assert_eq!(listed, incomplete);
    let before = s.contents();
    over_ssh(&format!(
        "export esf --stage exit --from {FROM} --to {TO} --output /tmp/x.csv"
    ))
    .fails_with("standard output");
    over_ssh(&format!(
        "export esf --stage exit --from {FROM} --to {TO} --map /etc/passwd --output -"
    ))
    .fails_with("--map");
    over_ssh(&format!(
        "report indicators --from {FROM} --to {TO} --format json"
    ))
    .ok();
    assert_eq!(s.contents(), before, "nothing written");
    // A referent may not export the PLIE's records, over SSH or not.
    s.run_as(
        "demo",
        &[
            "export", "esf", "--stage", "entry", "--from", FROM, "--to", TO, "--output", "-",
        ],
    )
    .fails_with("refused");
}

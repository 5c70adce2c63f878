//! The common indicators of `parcours report indicators`, checked against an independent
//! count: the demo database (the real binary, today pinned) is listed with `participant
//! list --format json`, and every indicator of several periods is recounted here from each
//! file's `esf` record — its own reading of the rules of Regulation (EU) 2021/1057, Annex I
//! — then compared with the report's JSON, sex by sex; the incomplete records the report
//! names on standard error are exactly the recount's.

#[path = "common/cli_support.rs"]
mod cli;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Months, NaiveDate};
use cli::Sandbox;
use serde_json::Value;

fn date(v: &Value) -> Option<NaiveDate> {
    v.as_str().map(|s| s.parse().unwrap())
}

/// Figures of one indicator: women, men, non-binary, total.
type Figures = [u64; 4];

/// The recount of every indicator over `from..=to`, and the files left out of the figures.
fn recount(
    files: &[Value],
    from: NaiveDate,
    to: NaiveDate,
) -> (BTreeMap<String, Figures>, BTreeSet<String>) {
    let within = |d: Option<NaiveDate>| d.is_some_and(|d| from <= d && d <= to);
    let mut figures: BTreeMap<String, Figures> = BTreeMap::new();
    let mut left_out = BTreeSet::new();
    for file in files {
        let esf = &file["esf"];
        let entry = &esf["entry"];
        let answers = &entry["answers"];
        let entered = date(&esf["entry_on"]);
        let exit = date(&esf["exit_on"]);
        let complete = |stage: &str| esf[stage]["complete"].as_bool().unwrap();
        let sex = match answers["sex"].as_str() {
            Some("female") => 0,
            Some("male") => 1,
            Some("non_binary") => 2,
            _ => 3,
        };
        // `counted`: in the figures; `by_sex`: also in its sex's column.
        let mut add = |code: &str, counted: bool, by_sex: bool| {
            let line = figures.entry(code.to_owned()).or_insert([0; 4]);
            if counted {
                if by_sex && sex < 3 {
                    line[sex] += 1;
                }
                line[3] += 1;
            }
        };
        let entering = within(entered);
        let leaving = entered.is_some() && within(exit);
        let six_months =
            entered.is_some() && within(exit.and_then(|e| e.checked_add_months(Months::new(6))));
        let number = file["file_number"].as_str().unwrap().to_owned();
        if entering {
            // EECO01's total counts everyone; its sexes, the complete records only.
            if !complete("entry") {
                add("EECO01", true, false);
                left_out.insert(number.clone());
            } else {
                add("EECO01", true, true);
                let labour = answers["labour_status"].as_str().unwrap();
                let age = entry["age"].as_u64().unwrap();
                let isced = entry["isced"].as_str().unwrap();
                let yes = |item: &str| answers[item] == "yes";
                add("EECO02", labour.ends_with("unemployed"), true);
                add("EECO03", labour == "long_term_unemployed", true);
                add("EECO04", labour == "inactive", true);
                add("EECO05", labour == "employed", true);
                add("EECO06", age < 18, true);
                add("EECO07", (18..=29).contains(&age), true);
                add("EECO08", age >= 55, true);
                add("EECO09", isced == "0-2", true);
                add("EECO10", isced == "3-4", true);
                add("EECO11", isced == "5-8", true);
                add("EECO12", yes("disability"), true);
                add("EECO13", yes("third_country"), true);
                add("EECO14", yes("foreign_background"), true);
                add("EECO15", yes("minority"), true);
                add("EECO16", yes("homeless"), true);
                add("EECO17", yes("rural"), true);
            }
        }
        if leaving {
            if complete("entry") && complete("exit") {
                let yes = |item: &str| esf["exit"]["answers"][item] == true;
                add("EECR01", yes("job_searching"), true);
                add("EECR02", yes("in_training"), true);
                add("EECR03", yes("qualification"), true);
                add("EECR04", yes("employed"), true);
            } else {
                left_out.insert(number.clone());
            }
        }
        if six_months {
            if complete("entry") && complete("follow_up") {
                let yes = |item: &str| esf["follow_up"]["answers"][item] == true;
                add("EECR05", yes("employed"), true);
                add("EECR06", yes("improved"), true);
            } else {
                left_out.insert(number);
            }
        }
    }
    (figures, left_out)
}

/// The report's figures by code, and the files its warning names.
fn report(s: &Sandbox, args: &[&str]) -> (BTreeMap<String, Figures>, BTreeSet<String>) {
    let mut all = vec!["report", "indicators", "--format", "json"];
    all.extend_from_slice(args);
    let out = s.run_as("coord", &all);
    let lines: Vec<Value> = serde_json::from_str(out.ok()).unwrap();
    assert_eq!(lines.len(), 23, "one object per indicator");
    let figures = lines
        .iter()
        .map(|l| {
            let n = |k: &str| l[k].as_u64().unwrap();
            (
                l["code"].as_str().unwrap().to_owned(),
                [n("women"), n("men"), n("non_binary"), n("total")],
            )
        })
        .collect();
    let named = out
        .stderr
        .lines()
        .filter_map(|l| l.split_once(": P-").map(|(_, files)| format!("P-{files}")))
        .flat_map(|files| files.split(", ").map(str::to_owned).collect::<Vec<_>>())
        .collect();
    (figures, named)
}

#[test]
fn every_indicator_recounted_from_the_participant_list_matches_the_report() {
    let s = Sandbox::demo();
    let everyone: Vec<Value> = serde_json::from_str(
        s.run_as("coord", &["participant", "list", "--format", "json"])
            .ok(),
    )
    .unwrap();
    let demo_only: Vec<Value> = serde_json::from_str(
        s.run_as(
            "coord",
            &[
                "participant",
                "list",
                "--referent",
                "demo",
                "--format",
                "json",
            ],
        )
        .ok(),
    )
    .unwrap();
    let d = |text: &str| text.parse::<NaiveDate>().unwrap();
    for (from, to, referent, files) in [
        ("2026-01-01", "2026-11-23", None, &everyone),
        ("2026-03-31", "2026-08-31", None, &everyone),
        ("2024-11-23", "2026-11-23", None, &everyone),
        ("2025-01-01", "2026-11-23", Some("demo"), &demo_only),
    ] {
        let mut args = vec!["--from", from, "--to", to];
        if let Some(login) = referent {
            args.extend(["--referent", login]);
        }
        let (reported, named) = report(&s, &args);
        let (recounted, left_out) = recount(files, d(from), d(to));
        for (code, figures) in &reported {
            let expected = recounted.get(code).copied().unwrap_or([0; 4]);
            assert_eq!(
                *figures, expected,
                "{code} from {from} to {to} ({referent:?}): women, men, non-binary, total"
            );
        }
        assert_eq!(named, left_out, "incomplete records named, {from} to {to}");
    }
    // The check means something: the demo fills the figures of the year.
    let (year, left_out) = report(&s, &["--from", "2026-01-01", "--to", "2026-11-23"]);
    for code in ["EECO01", "EECO03", "EECO12", "EECR01", "EECR04", "EECR05"] {
        assert!(year[code][3] > 0, "{code} counts someone");
    }
    assert!(year["EECO01"][3] > year["EECO01"][..3].iter().sum::<u64>());
    assert!(!left_out.is_empty());
}

/// `report indicators` of 2026 so far as `login`, with `more` options.
fn year(s: &Sandbox, login: &str, more: &[&str]) -> cli::Outcome {
    let mut args = vec![
        "report",
        "indicators",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-23",
    ];
    args.extend_from_slice(more);
    s.run_as(login, &args)
}

#[test]
fn the_table_names_the_incomplete_records_and_the_csv_is_data() {
    let s = Sandbox::demo();
    let table = year(&s, "coord", &[]);
    let text = table.ok();
    assert!(text.starts_with("Code"), "{text}");
    assert!(text.contains("EECR06"), "{text}");
    assert!(
        text.contains("counted in the total of participants only"),
        "{text}"
    );
    assert!(table.stderr.is_empty(), "{table:?}");
    let csv = year(&s, "coord", &["--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.ok().as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        ["code", "label", "women", "men", "non_binary", "total"]
    );
    assert_eq!(reader.records().count(), 23);
    assert!(csv.stderr.starts_with("warning: "), "{csv:?}");
    // A referent counts their own caseload only; another's is refused.
    year(&s, "demo", &[]).ok();
    year(&s, "demo", &["--referent", "coord"]).fails_with("refused");
    s.run_as(
        "coord",
        &[
            "report",
            "indicators",
            "--from",
            "2026-11-23",
            "--to",
            "2026-01-01",
        ],
    )
    .fails_with("before it starts");
}

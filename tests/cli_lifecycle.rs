//! The pathway's lifecycle through the real binary: each event recorded, each refusal
//! with its message (exit 1, nothing written), the codes documented in `--help`,
//! reassignment with the agenda, and `report outcomes` on the demo equal to the figures
//! recomputed here from `participant show --format json` of every participant.

#[path = "common/cli_support.rs"]
mod support;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde_json::Value;
use support::{Sandbox, contents};

/// A participant of alice's caseload, oriented on 2026-01-05.
fn alices_file(s: &Sandbox) -> String {
    s.run_as(
        "coord",
        &[
            "participant",
            "add",
            "--last",
            "Testlifecycle",
            "--first",
            "Test",
            "--birth",
            "1990-05-17",
            "--referent",
            "alice",
            "--oriented",
            "2026-01-05",
        ],
    )
    .ok()
    .to_owned()
}

/// Runs `args` as `login`, expecting exit 1 with one stderr line holding `needle`,
/// and no change anywhere in the database.
fn refused(s: &Sandbox, login: &str, args: &[&str], needle: &str) {
    let before = contents(&s.db);
    s.run_as(login, args).fails_with(needle);
    assert_eq!(contents(&s.db), before, "{args:?} wrote something");
}

/// `participant VERB FILE --date DATE` and `more`, as typed.
fn dated<'a>(verb: &'a str, file: &'a str, date: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["participant", verb, file, "--date", date];
    args.extend_from_slice(more);
    args
}

/// `participant correct-exit FILE --reason REASON` and `more`, as typed.
fn correcting<'a>(file: &'a str, reason: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["participant", "correct-exit", file, "--reason", reason];
    args.extend_from_slice(more);
    args
}

/// `report outcomes` over this year until today, and `more`.
fn year<'a>(more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "report",
        "outcomes",
        "--from",
        "2026-01-01",
        "--to",
        "2026-11-23",
    ];
    args.extend_from_slice(more);
    args
}

fn show(s: &Sandbox, login: &str, file: &str) -> Value {
    let out = s.run_as(login, &["participant", "show", file, "--format", "json"]);
    serde_json::from_str(out.ok()).expect("participant show prints JSON")
}

#[test]
fn each_event_is_recorded_and_each_refusal_says_why() {
    let s = Sandbox::with_team();
    let file = alices_file(&s);
    let alice = |args: &[&str]| s.run_as("alice", args).ok().to_owned();

    // Active without an accepted commission and a contract.
    refused(
        &s,
        "alice",
        &dated("contract", &file, "2026-02-01", &[]),
        "there is no accepted commission decision",
    );
    alice(&dated("entry-file", &file, "2026-01-12", &[]));
    let said = alice(&dated(
        "commission",
        &file,
        "2026-01-20",
        &["--decision", "postponed"],
    ));
    assert_eq!(
        said,
        format!("{file}: Commission decision recorded on 2026-01-20; status: Awaiting commission")
    );
    refused(
        &s,
        "alice",
        &dated("contract", &file, "2026-02-01", &[]),
        "there is no accepted commission decision",
    );
    alice(&dated(
        "commission",
        &file,
        "2026-01-27",
        &["--decision", "accepted"],
    ));
    assert_eq!(show(&s, "alice", &file)["status"], "awaiting_commission");
    alice(&dated("contract", &file, "2026-02-02", &[]));
    assert_eq!(show(&s, "alice", &file)["status"], "active");

    // Any lifecycle date after today (2026-11-23).
    for args in [
        dated("exit", &file, "2026-11-24", &["--outcome", "cdi"]),
        dated("entry-file", &file, "2026-11-24", &[]),
    ] {
        refused(
            &s,
            "alice",
            &args,
            "is after today (2026-11-23): an event is recorded once it has happened",
        );
    }
    // Exit before entry.
    refused(
        &s,
        "alice",
        &dated("exit", &file, "2026-01-30", &["--outcome", "cdi"]),
        "the exit on 2026-01-30 is before the entry into the pathway on 2026-02-02",
    );
    // The same refusal, in the users' language.
    let before = contents(&s.db);
    let french = s.run_as(
        "alice",
        &[
            "--lang",
            "fr",
            "participant",
            "exit",
            &file,
            "--date",
            "30/01/2026",
            "--outcome",
            "cdi",
        ],
    );
    assert_eq!(french.code, 1);
    assert_eq!(
        french.stderr,
        "erreur : la sortie du 2026-01-30 est avant l'entrée en parcours du 2026-02-02\n"
    );
    assert_eq!(contents(&s.db), before);
    alice(&dated(
        "exit",
        &file,
        "2026-10-01",
        &["--outcome", "cdi", "--note", "CDI chez un employeur fictif"],
    ));
    let job = show(&s, "alice", &file);
    assert_eq!(job["status"], "job_follow_up");
    assert_eq!(job["exit"]["validation"], "provisional");
    assert_eq!(job["exit"]["check_due"], "2027-04-01");
    // The six-month check closed before six months.
    refused(
        &s,
        "alice",
        &dated(
            "follow-up",
            &file,
            "2026-11-20",
            &["--situation", "employed"],
        ),
        "the six-month check is due on 2027-04-01: before then, only the end of the job",
    );
    // A referent correcting an exit.
    refused(
        &s,
        "alice",
        &correcting(&file, "Wrong date", &["--date", "2026-10-05"]),
        "refused: alice may not correct or cancel an entry, a commission decision or an exit",
    );
    // Before six months, only the end of the job.
    alice(&dated(
        "follow-up",
        &file,
        "2026-11-20",
        &["--situation", "ended"],
    ));
    let ended = show(&s, "alice", &file);
    assert_eq!(ended["status"], "exited");
    assert_eq!(ended["exit"]["validation"], "not_validated");
    assert_eq!(ended["exit"]["positive"], false);
    let statuses: Vec<&str> = ended["status_history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "oriented",
            "awaiting_commission",
            "active",
            "job_follow_up",
            "exited"
        ]
    );
    let audited: i64 = s
        .sql()
        .query_row(
            "SELECT COUNT(*) FROM audit WHERE entity = 'participant'
             AND action IN ('entry_file', 'commission', 'contract', 'exit', 'follow_up')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audited, 6, "one audit row per event");
}

#[test]
fn a_coordinator_corrects_and_cancels_an_exit_and_the_file_keeps_who_when_and_why() {
    let s = Sandbox::with_team();
    let file = alices_file(&s);
    for args in [
        dated("entry-file", &file, "2026-01-12", &[]),
        dated(
            "commission",
            &file,
            "2026-01-20",
            &["--decision", "accepted"],
        ),
        dated("contract", &file, "2026-02-02", &[]),
        dated("exit", &file, "2026-10-01", &["--outcome", "cdd_6m"]),
    ] {
        s.run_as("alice", &args).ok();
    }
    let said = s
        .run_as(
            "coord",
            &correcting(
                &file,
                "Contrat d'intérim, pas un CDD (attestation)",
                &["--date", "2026-09-28", "--outcome", "interim_6m"],
            ),
        )
        .ok()
        .to_owned();
    assert_eq!(
        said,
        format!("{file}: Exit of 2026-10-01 corrected; status: Six-month follow-up")
    );
    let fixed = show(&s, "coord", &file);
    assert_eq!(fixed["exit"]["on"], "2026-09-28");
    assert_eq!(fixed["exit"]["outcome"], "interim_6m");
    let events = fixed["events"].as_array().unwrap();
    let old = events
        .iter()
        .find(|e| e["kind"] == "exit" && !e["voided"].is_null())
        .unwrap();
    assert_eq!(old["on"], "2026-10-01");
    assert_eq!(old["voided"]["by"], "coord");
    assert_eq!(
        old["voided"]["reason"],
        "Contrat d'intérim, pas un CDD (attestation)"
    );
    let new = events
        .iter()
        .find(|e| e["kind"] == "exit" && e["voided"].is_null())
        .unwrap();
    assert_eq!(new["corrects"], old["id"]);
    assert_eq!(new["recorded_by"], "coord");

    // A correction needs a reason, and a date that has happened.
    refused(
        &s,
        "coord",
        &correcting(&file, " ", &["--cancel"]),
        "reason is required",
    );
    refused(
        &s,
        "coord",
        &correcting(&file, "Typo", &["--date", "2026-12-01"]),
        "is after today (2026-11-23)",
    );

    // Cancelled: the person is active again, and counts in no exit figure.
    s.run_as(
        "coord",
        &correcting(&file, "Sortie saisie par erreur", &["--cancel"]),
    )
    .ok();
    let back = show(&s, "coord", &file);
    assert_eq!(back["status"], "active");
    assert!(back["exit"].is_null());
    let report = s
        .run_as("coord", &year(&["--referent", "alice", "--format", "json"]))
        .ok()
        .to_owned();
    let rows: Value = serde_json::from_str(&report).unwrap();
    assert_eq!(rows[0]["referent"], "alice");
    assert_eq!(rows[0]["entries"], 1);
    assert_eq!(rows[0]["exits"], 0);
    let actions: Vec<String> = s
        .sql()
        .prepare("SELECT action FROM audit WHERE entity = 'participant' AND action <> 'read' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(actions.ends_with(&["correct_exit".to_owned(), "cancel_exit".to_owned()]));
}

#[test]
fn help_lists_every_code_with_its_meaning() {
    let s = Sandbox::new();
    let help = |args: &[&str]| {
        let mut all = vec!["participant"];
        all.extend_from_slice(args);
        all.push("--help");
        // Help wraps its lines: compare words.
        let text = s.run(&all).ok().to_owned();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let exit = help(&["exit"]);
    for (code, meaning) in [
        ("cdi", "positive, employment: a permanent contract (CDI)"),
        ("cdd_6m", "of 6 months or more"),
        ("interim_6m", "interim assignments adding up to 6 months"),
        ("work_study", "apprenticeship or professionalisation"),
        ("business_creation", "a business created or taken over"),
        ("subsidised", "IAE or subsidised contract"),
        ("training", "9 months or less; positive at once"),
        ("long_training", "validated after six months in training"),
        ("drop_out", "not positive: the person dropped out"),
        ("moved_away", "not positive: the person moved"),
        ("health", "not positive: health reasons"),
        ("retirement_death", "not positive: retirement or death"),
        ("referral", "not positive: referred to a scheme"),
        ("other", "not positive: any other end"),
    ] {
        assert!(exit.contains(&format!("- {code}:")), "{code}: {exit}");
        assert!(exit.contains(meaning), "{meaning}: {exit}");
    }
    let follow_up = help(&["follow-up"]);
    for code in ["employed", "in_training", "ended", "no_news"] {
        assert!(follow_up.contains(&format!("- {code}:")), "{follow_up}");
    }
    let commission = help(&["commission"]);
    for code in ["accepted", "refused", "postponed"] {
        assert!(commission.contains(&format!("- {code}:")), "{commission}");
    }
    let correct = help(&["correct-exit"]);
    assert!(correct.contains("- long_training:"), "{correct}");
    assert!(help(&["correct-commission"]).contains("- refused:"));
    let report = s.run(&["report", "outcomes", "--help"]).ok().to_owned();
    assert!(report.contains("positive_rate"), "{report}");
    assert!(report.contains("positive_exit_target"), "{report}");
}

#[test]
fn reassignment_moves_the_coming_appointments_and_leaves_the_past_ones() {
    let s = Sandbox::with_team();
    let file = alices_file(&s);
    for start in ["2026-11-18 09:30", "2026-11-26 10:00", "2026-12-03 14:00"] {
        s.run_as(
            "alice",
            &[
                "appointment",
                "add",
                "--start",
                start,
                "--minutes",
                "45",
                "--participant",
                &file,
            ],
        )
        .ok();
    }
    let agenda = |login: &str| -> Vec<(String, String)> {
        let out = s.run_as(
            "coord",
            &[
                "export",
                "agenda",
                "--from",
                "2026-11-01",
                "--to",
                "2026-12-31",
                "--referent",
                login,
                "--format",
                "csv",
                "--output",
                "-",
            ],
        );
        let mut reader = csv::Reader::from_reader(out.ok().as_bytes());
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                (r[2].to_owned(), r[9].to_owned())
            })
            .collect()
    };
    // The past appointment's uid, referent and version.
    let past = || -> String {
        s.sql()
            .query_row(
                "SELECT uid || '/' || referent_id || '/' || version FROM appointment
                 WHERE starts_at < '2026-11-23'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let past_before = past();
    refused(
        &s,
        "alice",
        &["participant", "reassign", &file, "--referent", "bob"],
        "refused: alice may not reassign a participant to another referent",
    );
    let said = s
        .run_as(
            "coord",
            &["participant", "reassign", &file, "--referent", "bob"],
        )
        .ok()
        .to_owned();
    assert_eq!(
        said,
        format!("{file} now with bob: 2 coming appointments moved to their agenda.")
    );
    assert_eq!(
        agenda("bob"),
        [
            ("2026-11-26".to_owned(), file.clone()),
            ("2026-12-03".to_owned(), file.clone())
        ]
    );
    assert_eq!(agenda("alice"), [("2026-11-18".to_owned(), file.clone())]);
    assert_eq!(past(), past_before, "the past appointment is unchanged");
    assert!(
        s.run_as("bob", &["participant", "list"])
            .ok()
            .contains("Testlifecycle")
    );
    refused(
        &s,
        "coord",
        &["participant", "reassign", &file, "--referent", "bob"],
        "is already with bob",
    );
}

/// The figures of `report outcomes` over `from..=to`, recomputed from the files.
fn recompute(files: &[Value], from: &str, to: &str, today: &str) -> BTreeMap<String, Value> {
    let day = |v: &Value| v.as_str().map(str::to_owned);
    let inside = |d: &Option<String>| d.as_deref().is_some_and(|d| (from..=to).contains(&d));
    let months = (NaiveDate::parse_from_str(to, "%Y-%m-%d").unwrap()
        - NaiveDate::parse_from_str(from, "%Y-%m-%d").unwrap())
    .num_days() as f64
        + 1.0;
    let months = months / (365.25 / 12.0);
    let mut by: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for f in files {
        let referent = f["referent"].as_str().unwrap_or_default().to_owned();
        by.entry(referent.clone()).or_default().push(f);
        by.entry("total".to_owned()).or_default().push(f);
    }
    let round = |x: f64, places: i32| {
        let k = 10f64.powi(places);
        (x * k).round() / k
    };
    by.into_iter()
        .map(|(referent, files)| {
            let entered = |f: &&&Value| inside(&day(&f["entered_on"]));
            let exits: Vec<&&Value> = files.iter().filter(|f| inside(&day(&f["exit"]["on"]))).collect();
            let with = |validation: &str, category: Option<&str>| {
                exits
                    .iter()
                    .filter(|f| f["exit"]["validation"] == validation)
                    .filter(|f| category.is_none_or(|c| f["exit"]["category"] == c))
                    .count()
            };
            let positive = with("validated", None);
            let provisional = with("provisional", None);
            let settled = exits.len() - provisional;
            let days: i64 = exits
                .iter()
                .map(|f| {
                    let on = |k: &Value| NaiveDate::parse_from_str(k.as_str().unwrap(), "%Y-%m-%d").unwrap();
                    (on(&f["exit"]["on"]) - on(&f["entered_on"])).num_days()
                })
                .sum();
            let followed: Vec<&&Value> = files
                .iter()
                .filter(|f| day(&f["entered_on"]).is_some_and(|e| e.as_str() <= to))
                .filter(|f| day(&f["exit"]["on"]).is_none_or(|x| x.as_str() >= from))
                .collect();
            let steps: usize = followed.iter().map(|f| f["steps"].as_array().unwrap().len()).sum();
            let contacts: usize = followed
                .iter()
                .flat_map(|f| f["contacts"].as_array().unwrap())
                .filter(|c| c["kind"] != "no_show" && inside(&day(&c["on"])))
                .count();
            let provisional_due: Vec<String> = exits
                .iter()
                .filter(|f| f["exit"]["validation"] == "provisional")
                .filter_map(|f| day(&f["exit"]["check_due"]))
                .collect();
            let ratio = |part: f64, whole: usize, places: i32| {
                if whole == 0 {
                    Value::Null
                } else {
                    serde_json::json!(round(part / whole as f64, places))
                }
            };
            let row = serde_json::json!({
                "entries": files.iter().filter(entered).count(),
                "exits": exits.len(),
                "positive_exits": positive,
                "positive_employment": with("validated", Some("employment")),
                "positive_training": with("validated", Some("training")),
                "provisional_exits": provisional,
                "not_positive_exits": settled - positive,
                "positive_rate": ratio(positive as f64 * 100.0, settled, 1),
                "next_check": provisional_due.iter().min(),
                "checks_due": provisional_due.iter().filter(|d| d.as_str() <= today).count(),
                "avg_pathway_months": ratio(days as f64 / (365.25 / 12.0), exits.len(), 1),
                "followed": followed.len(),
                "steps_per_participant": ratio(steps as f64, followed.len(), 2),
                "without_step": followed.iter().filter(|f| f["steps"].as_array().unwrap().is_empty()).count(),
                "contacts_per_participant_month": ratio(contacts as f64 / months, followed.len(), 2),
            });
            (referent, row)
        })
        .collect()
}

#[test]
fn outcomes_on_the_demo_equal_the_figures_recomputed_from_every_file() {
    let s = Sandbox::new();
    s.run(&["demo", "--no-tui"]).ok();
    let list = s
        .run_as("coord", &["participant", "list", "--format", "csv"])
        .ok()
        .to_owned();
    let mut reader = csv::Reader::from_reader(list.as_bytes());
    let files: Vec<Value> = reader
        .records()
        .map(|r| show(&s, "coord", &r.unwrap()[0]))
        .collect();
    assert!(files.len() >= 300, "{}", files.len());
    let corrected = files
        .iter()
        .flat_map(|f| f["events"].as_array().unwrap())
        .filter(|e| !e["voided"].is_null())
        .count();
    assert!(corrected > 0, "the demo holds corrections");
    for (from, to) in [("2023-11-23", "2026-11-23"), ("2026-01-01", "2026-11-23")] {
        let out = s.run_as(
            "coord",
            &[
                "report", "outcomes", "--from", from, "--to", to, "--format", "json",
            ],
        );
        let rows: Vec<Value> = serde_json::from_str(out.ok()).unwrap();
        let mut expected = recompute(&files, from, to, &s.today);
        // Files without a referent are only oriented ones here: no row of their own.
        expected.retain(|referent, row| !referent.is_empty() || row["followed"] != 0);
        let mut compared = 0;
        for row in &rows {
            let referent = row["referent"].as_str().unwrap();
            let Some(want) = expected.get(referent) else {
                continue;
            };
            for (column, value) in want.as_object().unwrap() {
                assert_eq!(&row[column], value, "{referent} {column} over {from}..{to}");
            }
            assert_eq!(row["target"], 45);
            compared += 1;
        }
        assert_eq!(
            compared,
            expected.len(),
            "a row for every referent and the total"
        );
        // Each referent's positive-exit rate over the whole history is that of a PLIE.
        if from == "2023-11-23" {
            for row in rows.iter().filter(|r| r["referent"] != "total") {
                let rate = row["positive_rate"].as_f64().unwrap();
                assert!((35.0..=50.0).contains(&rate), "{row}");
                assert!(row["provisional_exits"].as_u64().unwrap() > 0, "{row}");
            }
        }
    }
    // A referent sees their own row, and the total of it.
    let own = s.run_as("demo", &year(&["--format", "csv"]));
    let text = own.ok();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("referent,entries,exits,positive_exits,"));
    assert!(lines[1].starts_with("demo,") && lines[2].starts_with("total,"));
    refused(
        &s,
        "demo",
        &year(&["--referent", "coord"]),
        "refused: demo may not see or change another referent's caseload",
    );
    refused(
        &s,
        "coord",
        &[
            "report",
            "outcomes",
            "--from",
            "2026-11-23",
            "--to",
            "2026-01-01",
        ],
        "the period ends on 2026-01-01, before it starts on 2026-11-23",
    );
}

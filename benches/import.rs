//! `import participants` of a generated 5,000-row file into a new database: reading and
//! checking every row, then writing them in one transaction with its audit row (issue 16:
//! under 2 s).
//!
//! `cargo bench --bench import`.

use chrono::NaiveDate;
use divan::Bencher;

use parcours::i18n::{Lang, set_language};
use parcours::import::participants;
use parcours::store::{Database, Session};

/// Rows in the file.
const ROWS: usize = 5_000;

fn main() {
    set_language(Lang::En);
    divan::main();
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// A CSV of [`ROWS`] distinct participants, spread over two referents.
fn file() -> Vec<u8> {
    let mut text = String::from(
        "last_name,first_name,birth_date,sex,referent,phone,email,postcode,commune,prescriber,\
         oriented_on,commission_on,commission_decision,contract_on,labour_status,education_level,criteria\n",
    );
    for i in 1..=ROWS {
        text.push_str(&format!(
            "Benchname{i:05},Prénom,{:02}/{:02}/{},{},{},0696 00 00 {:02},p{i}@example.org,97200,\
             Fort-de-France,France Travail,2026-0{}-10,2026-0{}-20,accepted,,unemployed,4,rsa;qpv\n",
            1 + i % 28,
            1 + i % 12,
            1960 + i % 40,
            ["f", "m", "x"][i % 3],
            ["alice", "bob"][i % 2],
            i % 100,
            1 + i % 8,
            1 + i % 8,
        ));
    }
    text.into_bytes()
}

/// A new database with a coordinator and the referents `alice` and `bob`.
fn fresh(dir: &std::path::Path) -> Session {
    let mut db = Database::open(&dir.join("import.db")).expect("database");
    db.init("coord", "Coordinator Bench").expect("coordinator");
    let mut session = db.session("coord", today()).expect("session");
    for login in ["alice", "bob"] {
        session
            .add_user(
                login,
                "Referent Bench",
                parcours::domain::user::Role::Referent,
                1.0,
            )
            .expect("referent");
    }
    session
}

#[divan::bench(sample_count = 10)]
fn import_5000_rows(bencher: Bencher) {
    let bytes = file();
    bencher
        .with_inputs(|| {
            let dir = tempfile::tempdir().expect("temporary directory");
            let session = fresh(dir.path());
            (dir, session)
        })
        .bench_local_values(|(dir, mut session)| {
            let basis = session.import_basis().expect("basis");
            let rows = participants::read(&bytes, today(), &basis, false).expect("valid file");
            let rows: Vec<_> = rows.into_iter().map(|(_, row)| row).collect();
            session.import_participants(&rows, "bench").expect("import");
            (dir, session)
        });
}

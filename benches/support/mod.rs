//! The large demo database every benchmark runs on: 2,000 participants, 7 years.
//!
//! Generated once per benchmark run into a temporary directory with the library's demo
//! generator. With `PARCOURS_BENCH_DB=PATH`, the database at PATH is used instead
//! (generated there first if the file does not exist, so later runs skip the generation);
//! the benchmarks then work on a copy, so they never change that file.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use parcours::demo::{DemoOptions, generate};
use parcours::store::Database;
use tempfile::TempDir;

/// Participants of the large database (issue 7).
pub const PARTICIPANTS: usize = 2_000;
/// Years of history of the large database (issue 7).
pub const YEARS: u32 = 7;

/// The pinned today of every benchmark.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// A private copy of the large database, removed with its directory when dropped.
pub struct BigDb {
    /// Removes the directory, and the file in it, when dropped.
    _dir: TempDir,
    path: PathBuf,
}

impl BigDb {
    /// The database file (alone in its temporary directory).
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Generates the large database, or copies the one `PARCOURS_BENCH_DB` names.
pub fn big_db() -> BigDb {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("big.db");
    match std::env::var_os("PARCOURS_BENCH_DB").filter(|p| !p.is_empty()) {
        Some(source) => {
            let source = PathBuf::from(source);
            if !source.exists() {
                generate_into(&source);
            }
            Database::open(&source)
                .and_then(|db| db.backup_to(&path))
                .expect("copy PARCOURS_BENCH_DB");
        }
        None => generate_into(&path),
    }
    BigDb { _dir: dir, path }
}

fn generate_into(path: &Path) {
    let mut db = Database::open(path).expect("create the benchmark database");
    let options = DemoOptions {
        participants: PARTICIPANTS,
        years: YEARS,
        ..DemoOptions::standard(today())
    };
    generate(&mut db, &options).expect("generate the demo PLIE");
}

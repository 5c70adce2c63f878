//! The large demo database every benchmark runs on.
//!
//! Its size is `PARCOURS_BENCH_SIZE` (`PARTICIPANTSxYEARS`): `2000x7` by default (the size
//! of issue 7's targets), `10000x10` for issue 19's. It is generated once with the library's
//! demo generator and kept in a cache directory (`target/tmp/bench-db/`), under a name made
//! of its size and the schema version, so later runs skip the generation and a schema change
//! makes a new one. `PARCOURS_BENCH_DB=PATH` names the file instead (generated there first if
//! absent). Either way the benchmarks work on a copy, so they never change the cached file.

#![allow(dead_code)] // Each benchmark uses a different part of it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use parcours::demo::{DemoOptions, generate};
use parcours::store::{Database, SCHEMA_VERSION};
use tempfile::TempDir;

/// The default size: 2,000 participants over 7 years (issue 7).
const DEFAULT_SIZE: (usize, u32) = (2_000, 7);

/// The pinned today of every benchmark.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).expect("a valid date")
}

/// Participants and years of the benchmark database (`PARCOURS_BENCH_SIZE`, e.g. `10000x10`).
pub fn size() -> (usize, u32) {
    let Ok(text) = std::env::var("PARCOURS_BENCH_SIZE") else {
        return DEFAULT_SIZE;
    };
    text.split_once('x')
        .and_then(|(p, y)| Some((p.trim().parse().ok()?, y.trim().parse().ok()?)))
        .unwrap_or_else(|| panic!("PARCOURS_BENCH_SIZE={text}: expected PARTICIPANTSxYEARS"))
}

/// A private copy of the large database, removed with its directory when dropped.
pub struct BigDb {
    /// Removes the directory, and the file in it, when dropped.
    _dir: TempDir,
    path: PathBuf,
    size: (usize, u32),
}

impl BigDb {
    /// The database file (alone in its temporary directory).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// "10,000 participants × 10 years", for the printed reports.
    pub fn describe(&self) -> String {
        format!("{} participants x {} years", self.size.0, self.size.1)
    }
}

/// Where the generated database of `size` is kept between runs.
fn cached(size: (usize, u32)) -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("bench-db")
        .join(format!(
            "plie-{}x{}-schema{SCHEMA_VERSION}.db",
            size.0, size.1
        ))
}

/// A copy of the benchmark database: `PARCOURS_BENCH_DB`'s, else the cached one of
/// `PARCOURS_BENCH_SIZE`, generated first when absent.
pub fn big_db() -> BigDb {
    let size = size();
    let source = std::env::var_os("PARCOURS_BENCH_DB")
        .filter(|p| !p.is_empty())
        .map_or_else(|| cached(size), PathBuf::from);
    if !source.exists() {
        generate_into(&source, size);
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("big.db");
    Database::open(&source)
        .and_then(|db| db.backup_to(&path))
        .expect("copy the benchmark database");
    BigDb {
        _dir: dir,
        path,
        size,
    }
}

/// Generates the database of `size` at `path`, through a temporary name so that an
/// interrupted generation leaves no half-filled file to be reused.
fn generate_into(path: &Path, size: (usize, u32)) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("the cache directory");
    }
    let partial = path.with_extension("partial");
    for stale in ["partial", "partial-wal", "partial-shm"] {
        let _ = std::fs::remove_file(path.with_extension(stale));
    }
    eprintln!("generating {} ({} x {})", path.display(), size.0, size.1);
    {
        let mut db = Database::open(&partial).expect("create the benchmark database");
        let options = DemoOptions {
            participants: size.0,
            years: size.1,
            ..DemoOptions::standard(today())
        };
        generate(&mut db, &options).expect("generate the demo PLIE");
    }
    std::fs::rename(&partial, path).expect("keep the generated database");
}

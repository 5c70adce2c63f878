//! Invariants of ARCHITECTURE.md checked by reading the source tree, so a
//! change that breaks one fails here rather than months later.

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, recursively, in a stable order.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).expect("read source directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

fn source_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Lines of `src/` (outside `allowed`) that contain one of `needles`, as `file:line`.
fn offending_lines(needles: &[&str], allowed: &[&str]) -> Vec<String> {
    let root = source_root();
    let mut hits = Vec::new();
    for file in rust_files(&root) {
        let relative = file
            .strip_prefix(&root)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        if allowed.contains(&relative.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read source file");
        for (number, line) in text.lines().enumerate() {
            if needles.iter().any(|n| line.contains(n)) {
                hits.push(format!("src/{relative}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    hits
}

/// One clock for the whole program: screens, exports and audit rows are
/// reproducible only if nothing but `src/clock.rs` reads the system's time.
#[test]
fn only_the_clock_module_reads_the_system_time() {
    let hits = offending_lines(
        &["Utc::now", "Local::now", "SystemTime::now", "chrono::Local"],
        &["clock.rs"],
    );
    assert!(
        hits.is_empty(),
        "read the time through crate::clock::Clock instead:\n{}",
        hits.join("\n")
    );
}

/// The checker above must be able to fail: it finds the reading in the clock itself.
#[test]
fn the_clock_module_is_where_the_time_is_read() {
    let text = std::fs::read_to_string(source_root().join("clock.rs")).expect("clock.rs");
    assert!(text.contains("Utc::now"));
}

/// Files rewritten under another issue at the same time as the checks below
/// were added: each leaves its list when that work lands (the week status
/// read through `store::codec`, the export stamp through `store::stamp`).
const PENDING_INSTANT_FORMATS: &[&str] = &["src/export/agenda_csv.rs", "src/export/request.rs"];
const PENDING_CODE_DEFAULTS: &[&str] = &["src/store/weeks.rs"];

/// Whether `hit` (`src/file:line: text`) is in one of `files`.
fn in_files(hit: &str, files: &[&str]) -> bool {
    files.iter().any(|f| hit.starts_with(&format!("{f}:")))
}

/// Instants are stored as `YYYY-MM-DDTHH:MM:SSZ` text and travel as
/// `DateTime<Utc>`: only the store turns one into the other (and the clock
/// reads `PARCOURS_NOW`), so the stored form is written in one place.
#[test]
fn only_the_store_formats_instants() {
    let hits: Vec<String> = offending_lines(&["%Y-%m-%dT", "%H:%M:%SZ"], &["clock.rs"])
        .into_iter()
        .filter(|hit| !hit.starts_with("src/store/") && !in_files(hit, PENDING_INSTANT_FORMATS))
        .collect();
    assert!(
        hits.is_empty(),
        "pass a DateTime<Utc> to the store, or write it with store::stamp:\n{}",
        hits.join("\n")
    );
}

/// The checker above must be able to fail: it finds the format in the store.
#[test]
fn the_store_is_where_instants_are_formatted() {
    let hits = offending_lines(&["%Y-%m-%dT"], &[]);
    assert!(hits.iter().any(|h| h.starts_with("src/store/")), "{hits:?}");
}

/// A stored code the program cannot read is an error, never a default: a
/// damaged week status read as `draft` would unlock a validated week.
#[test]
fn no_stored_code_is_decoded_to_a_default() {
    let hits: Vec<String> = offending_lines(&["from_code("], &[])
        .into_iter()
        .filter(|hit| hit.starts_with("src/store/") && hit.contains("unwrap_or("))
        .filter(|hit| !in_files(hit, PENDING_CODE_DEFAULTS))
        .collect();
    assert!(
        hits.is_empty(),
        "read the column as its type (store::codec fails closed):\n{}",
        hits.join("\n")
    );
}

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

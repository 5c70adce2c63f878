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

/// `file`'s path under `src/`, with forward slashes.
fn relative(file: &Path) -> String {
    file.strip_prefix(source_root())
        .expect("under src")
        .to_string_lossy()
        .replace('\\', "/")
}

/// Lines of the files of `src/` whose path starts with one of `within` (every
/// file when empty) and is not in `allowed`, that `matches`, as `file:line`.
fn lines_where(within: &[&str], allowed: &[&str], matches: impl Fn(&str) -> bool) -> Vec<String> {
    let mut hits = Vec::new();
    for file in rust_files(&source_root()) {
        let relative = relative(&file);
        let inside = within.is_empty() || within.iter().any(|w| relative.starts_with(w));
        if !inside || allowed.contains(&relative.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("read source file");
        for (number, line) in text.lines().enumerate() {
            if matches(line) {
                hits.push(format!("src/{relative}:{}: {}", number + 1, line.trim()));
            }
        }
    }
    hits
}

/// Lines of `src/` (outside `allowed`) that contain one of `needles`, as `file:line`.
fn offending_lines(needles: &[&str], allowed: &[&str]) -> Vec<String> {
    lines_where(&[], allowed, |line| {
        needles.iter().any(|n| line.contains(n))
    })
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

/// The crates of the interface and of the database: `domain` stays pure so
/// that its rules are tested without a terminal or a file, and every layer
/// can use them.
const NOT_IN_DOMAIN: [&str; 3] = ["ratatui", "rusqlite", "crossterm"];

/// `domain` knows neither the terminal nor SQLite.
#[test]
fn the_domain_uses_no_terminal_and_no_database_crate() {
    let hits = lines_where(&["domain/"], &[], |line| {
        NOT_IN_DOMAIN.iter().any(|c| line.contains(c))
    });
    assert!(
        hits.is_empty(),
        "domain/ must stay free of ratatui, rusqlite and crossterm:\n{}",
        hits.join("\n")
    );
}

/// The checker above must be able to fail: the interface does use them.
#[test]
fn the_interface_is_where_the_terminal_crates_are_used() {
    let hits = lines_where(&["tui/"], &[], |line| {
        NOT_IN_DOMAIN.iter().any(|c| line.contains(c))
    });
    assert!(!hits.is_empty());
}

/// Whether `line` holds a statement of SQL: `SELECT `, `INSERT INTO`,
/// `UPDATE … SET`, `DELETE FROM` or `CREATE TABLE`.
fn is_sql(line: &str) -> bool {
    ["SELECT ", "INSERT INTO", "DELETE FROM", "CREATE TABLE"]
        .iter()
        .any(|k| line.contains(k))
        || line
            .find("UPDATE ")
            .is_some_and(|at| line[at..].contains(" SET"))
}

/// All SQL lives in `store/`, tests included, so that a schema change has
/// one place to look and permissions cannot be bypassed by a direct query.
#[test]
fn no_sql_outside_the_store() {
    let outside: Vec<String> = lines_where(&[], &[], is_sql)
        .into_iter()
        .filter(|hit| !hit.starts_with("src/store/"))
        .collect();
    assert!(
        outside.is_empty(),
        "SQL belongs in src/store/ (tests there too); call a Session method:\n{}",
        outside.join("\n")
    );
}

/// The checker above must be able to fail: it finds the store's own SQL
/// (tables are created by the migration files of `assets/migrations/`).
#[test]
fn the_store_is_where_the_sql_is() {
    let store = lines_where(&["store/"], &[], is_sql);
    for kind in ["SELECT ", "INSERT INTO", "DELETE FROM", "UPDATE "] {
        assert!(
            store.iter().any(|hit| hit.contains(kind)),
            "no `{kind}` found in src/store/"
        );
    }
    assert!(is_sql(r#"conn.execute("UPDATE week SET status = ?1", [])"#));
    assert!(is_sql("CREATE TABLE week (id INTEGER PRIMARY KEY)"));
    assert!(!is_sql("// UPDATE the screen, then set the cursor"));
}

/// The terminal and the modules it writes through: one buffered,
/// synchronized write per frame, restored on exit, needs one writer.
const TERMINAL_WRITERS: [&str; 3] = [
    "tui/terminal.rs",
    "tui/scroll_region.rs",
    "tui/cell_writer.rs",
];

/// Writing to standard output.
const STDOUT_WRITES: [&str; 3] = ["stdout()", "print!", "println!"];

/// Nothing else in the interface writes to standard output.
#[test]
fn only_the_terminal_module_writes_to_stdout_in_the_interface() {
    let hits = lines_where(&["tui/"], &TERMINAL_WRITERS, |line| {
        STDOUT_WRITES.iter().any(|w| line.contains(w))
    });
    assert!(
        hits.is_empty(),
        "only tui/terminal.rs writes to the terminal; return a frame instead:\n{}",
        hits.join("\n")
    );
}

/// The checker above must be able to fail: it finds the terminal's writes.
#[test]
fn the_terminal_module_is_where_stdout_is_written() {
    let hits = lines_where(&["tui/terminal.rs"], &[], |line| {
        STDOUT_WRITES.iter().any(|w| line.contains(w))
    });
    assert!(!hits.is_empty());
}

/// The module files of `src/` that `map` does not name: a file by its path
/// under `src/` (`tui/screens/time.rs`), a `mod.rs` by its directory
/// (`tui/screens/`).
fn unnamed_in(map: &str) -> Vec<String> {
    rust_files(&source_root())
        .iter()
        .map(|file| {
            let relative = relative(file);
            match relative.strip_suffix("mod.rs") {
                Some(dir) => dir.to_owned(),
                None => relative,
            }
        })
        .filter(|name| !map.contains(&format!("`{name}`")))
        .collect()
}

/// ARCHITECTURE.md is a code map: it names every module file, so the map
/// cannot drift from the tree.
#[test]
fn the_code_map_names_every_module_file() {
    let map =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("ARCHITECTURE.md"))
            .expect("ARCHITECTURE.md");
    let unnamed = unnamed_in(&map);
    assert!(
        unnamed.is_empty(),
        "name these files (in backquotes, path under src/) in ARCHITECTURE.md:\n{}",
        unnamed.join("\n")
    );
}

/// The checker above must be able to fail: an empty map names nothing.
#[test]
fn an_empty_code_map_names_no_file() {
    let unnamed = unnamed_in("");
    assert!(unnamed.contains(&"clock.rs".to_owned()));
    assert!(unnamed.contains(&"tui/screens/".to_owned()));
}

/// Instants are stored as `YYYY-MM-DDTHH:MM:SSZ` text and travel as
/// `DateTime<Utc>`: only the store turns one into the other (and the clock
/// reads `PARCOURS_NOW`), so the stored form is written in one place.
#[test]
fn only_the_store_formats_instants() {
    let hits: Vec<String> = offending_lines(&["%Y-%m-%dT", "%H:%M:%SZ"], &["clock.rs"])
        .into_iter()
        .filter(|hit| !hit.starts_with("src/store/"))
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
        .collect();
    assert!(
        hits.is_empty(),
        "read the column as its type (store::codec fails closed):\n{}",
        hits.join("\n")
    );
}

/// SQL assignments of a participant's lifecycle columns (`UPDATE participant SET …`).
const LIFECYCLE_COLUMNS: [&str; 5] = [
    "status = :status, entry_file_on",
    "commission_decision = :",
    "contract_on = :",
    "exit_outcome = :",
    "exit_validation = :",
];

/// A status is never typed: only the lifecycle code writes the status and its dates,
/// from the events it has checked (the insert of a new file writes what they give).
#[test]
fn only_the_lifecycle_code_writes_a_participants_status_and_dates() {
    let hits = lines_where(&["store/"], &["store/lifecycle.rs"], |line| {
        LIFECYCLE_COLUMNS.iter().any(|c| line.contains(c))
    });
    assert!(
        hits.is_empty(),
        "record a lifecycle event (store/lifecycle.rs) instead:\n{}",
        hits.join("\n")
    );
}

/// The checker above must be able to fail: the lifecycle code does write them.
#[test]
fn the_lifecycle_code_is_where_the_status_is_written() {
    let hits = lines_where(&["store/lifecycle.rs"], &[], |line| {
        LIFECYCLE_COLUMNS.iter().any(|c| line.contains(c))
    });
    for column in LIFECYCLE_COLUMNS {
        assert!(
            hits.iter().any(|h| h.contains(column)),
            "{column}: {hits:?}"
        );
    }
}

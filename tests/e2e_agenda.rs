//! The real binary in a pseudo-terminal, end to end through the agenda:
//! `parcours demo` at 80×24, `2` opens the week, `n` a new appointment typed
//! for a participant picked by search, `Ctrl-S` saves it and the week shows
//! it, `x` marks it done and opens the journal entry, whose summary is typed
//! and saved; after `q`, the SQLite file holds both the done appointment and
//! its journal contact with the note.

#[path = "common/pty.rs"]
mod pty;

use std::path::Path;
use std::time::Duration;

use pty::{CTRL_S, CTRL_U, ENTER, Pty, TAB};
use rusqlite::{Connection, OpenFlags};

/// How long the demo may take to generate its database and show the caseload.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a key may take to show its effect, or the program to exit.
const STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// The demo in a pseudo-terminal, with keys sent one at a time.
struct Terminal(Pty);

impl std::ops::Deref for Terminal {
    type Target = Pty;
    fn deref(&self) -> &Pty {
        &self.0
    }
}

impl std::ops::DerefMut for Terminal {
    fn deref_mut(&mut self) -> &mut Pty {
        &mut self.0
    }
}

impl Terminal {
    /// `parcours --db DIR/demo.db demo` in 80×24, English, today pinned to 2026-11-23.
    fn demo(dir: &Path) -> Self {
        Self(Pty::demo(dir))
    }

    fn press(&mut self, keys: &[u8]) {
        self.0.press(keys);
        // Let the program take each key on its own (Esc sequences, redraws).
        std::thread::sleep(Duration::from_millis(60));
    }

    fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            self.press(c.to_string().as_bytes());
        }
    }
}

/// An active participant of the demo referent, read from the file the demo made.
fn participant_of_demo(db: &Path) -> String {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row(
        "SELECT p.file_number FROM participant p JOIN user u ON u.id = p.referent_id
         WHERE u.login = 'demo' AND p.status = 'active' ORDER BY p.file_number LIMIT 1",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn create_find_mark_done_and_write_the_journal_entry() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.db");
    let mut term = Terminal::demo(dir.path());
    term.wait_for("the caseload", START_TIMEOUT, |s| {
        s.contains("Caseload") && s.contains("shown")
    });
    let file = participant_of_demo(&db);

    term.press(b"2");
    term.wait_for("the week", STEP_TIMEOUT, |s| {
        s.contains("Agenda 2026-W48") && s.contains("Mon 23")
    });

    term.press(b"n");
    term.wait_for("the form", STEP_TIMEOUT, |s| s.contains("New appointment"));
    term.press(TAB);
    term.press(TAB);
    term.press(CTRL_U);
    term.type_text("07:15");
    term.press(TAB);
    term.press(TAB);
    term.type_text(&file);
    term.wait_for("the participant found", STEP_TIMEOUT, |s| {
        s.matches(file.as_str()).count() >= 2
    });
    term.press(ENTER);
    term.press(TAB);
    term.type_text("Entretien E2E");
    term.press(CTRL_S);
    let screen = term.wait_for("the save", STEP_TIMEOUT, |s| {
        s.contains("Appointment saved") || s.contains("Save again")
    });
    if screen.contains("Save again") {
        term.press(CTRL_S);
    }
    let week = term.wait_for("the appointment in the week", STEP_TIMEOUT, |s| {
        s.contains("Appointment saved") && !s.contains("New appointment")
    });
    assert!(week.contains("07:15 1h"), "{week}");
    assert!(week.contains(&file), "{week}");

    term.press(b"x");
    term.wait_for("the journal entry", STEP_TIMEOUT, |s| {
        s.contains("Journal entry") && s.contains(&file)
    });
    term.type_text("Bilan du parcours, CV mis a jour");
    term.press(TAB);
    term.type_text("Relancer l'agence");
    term.press(CTRL_S);
    term.wait_for("the note saved", STEP_TIMEOUT, |s| {
        s.contains("Journal note saved for")
    });
    let week = term.screen();
    assert!(
        week.contains("v07:15 1h"),
        "marked done (ASCII mark under LANG=C):\n{week}"
    );

    term.press(b"q");
    assert!(term.wait_exit().success());

    let conn = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let (id, status, starts_at, who): (i64, String, String, String) = conn
        .query_row(
            "SELECT a.id, a.status, a.starts_at, p.file_number FROM appointment a
             JOIN participant p ON p.id = a.participant_id WHERE a.title = 'Entretien E2E'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    // The demo PLIE is in Martinique (UTC−4): 07:15 there is 11:15 UTC.
    assert_eq!(
        (status.as_str(), starts_at.as_str(), who.as_str()),
        ("done", "2026-11-23T11:15:00Z", file.as_str())
    );
    let (contact_on, kind, minutes, summary, next, contact_file): (String, String, i64, String, String, String) = conn
        .query_row(
            "SELECT c.contact_on, c.kind, c.minutes, c.summary, c.next_action, p.file_number
             FROM contact c JOIN participant p ON p.id = c.participant_id WHERE c.appointment_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(
        (
            contact_on.as_str(),
            kind.as_str(),
            minutes,
            summary.as_str(),
            next.as_str(),
            contact_file.as_str()
        ),
        (
            "2026-11-23",
            "face_to_face",
            60,
            "Bilan du parcours, CV mis a jour",
            "Relancer l'agence",
            file.as_str()
        )
    );
}

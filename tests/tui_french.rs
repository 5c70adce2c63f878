//! Every screen and form of the interface in French, the users' language, at
//! 80×24 and at 120×40: the caseload of a referent and of the coordinator, each
//! section of a participant file and each of its forms, the new-file form, the
//! agenda's week and day and the appointment form, the time grid with its
//! proposals and its export choice, the coordinator's time overview, the
//! dashboard, the audit log and its filter, the help, the palette and the offer
//! to resume a draft. Each screen is checked against the English catalogue: no
//! word only English uses may show. The demo PLIE with today pinned to 2026-11-23.
//!
//! The language is a process-wide setting: this binary renders French only
//! (every app starts through `kit::app_in(Lang::Fr, …)`), so its tests may
//! run in parallel; the English screens live in the other binaries.

#[path = "common/tui_kit.rs"]
mod kit;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crossterm::event::KeyCode;
use kit::{d, demo_copy, draw, press, screen, session, session_on, today, type_text};
use parcours::config::Config;
use parcours::domain::IsoWeek;
use parcours::domain::journal::ContactKind;
use parcours::i18n::Lang;
use parcours::store::NewContact;
use parcours::tui::file::Pane;
use parcours::tui::file::section::Section;
use parcours::tui::{App, Input};
use rusqlite::Connection;

const WIDTH: u16 = 80;
const HEIGHT: u16 = 24;

/// The interface in French as `login`, told it is 80×24.
fn french(path: &Path, login: &str) -> App {
    french_with(path, login, &Config::default())
}

/// The interface in French as `login` with `config`, told it is 80×24.
fn french_with(path: &Path, login: &str, config: &Config) -> App {
    kit::sized(
        kit::app_in(Lang::Fr, session(path, login), config),
        WIDTH,
        HEIGHT,
    )
}

/// The words of the English catalogue that no French message uses: any of
/// them on a French screen is an untranslated label. Words of four letters
/// or more, so that codes and units (`ESF`, `h`, `min`) do not count.
fn english_only_words() -> &'static BTreeSet<String> {
    static WORDS: OnceLock<BTreeSet<String>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut english = catalogue_words("en");
        let mut french = catalogue_words("fr");
        // The ESF indicators' labels live in their table, beside the regulation they cite.
        for indicator in parcours::domain::esf_indicators::INDICATORS {
            english.extend(words(indicator.label_en));
            french.extend(words(indicator.label_fr));
        }
        // Data, not labels: the logins of the demo's users, the command line shown to
        // copy (`parcours export timesheet …`, the same in every language), and codes
        // (activity codes such as `FILE` are the PLIE's own, in capitals).
        let data = ["demo", "coord", "timesheet"];
        english
            .difference(&french)
            .filter(|w| !data.contains(&w.as_str()))
            .filter(|w| w.chars().any(char::is_lowercase))
            .cloned()
            .collect()
    })
}

/// The words (letters only, four or more) of `text`.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_owned)
        .collect()
}

/// Every word (letters only, four or more) of the values of `assets/i18n/LANG/*.toml`,
/// placeholders (`{name}`) left out.
fn catalogue_words(lang: &str) -> BTreeSet<String> {
    fn collect(value: &toml::Value, words: &mut BTreeSet<String>) {
        match value {
            toml::Value::String(text) => {
                let mut in_placeholder = false;
                let plain: String = text
                    .chars()
                    .map(|c| match c {
                        '{' => {
                            in_placeholder = true;
                            ' '
                        }
                        '}' => {
                            in_placeholder = false;
                            ' '
                        }
                        c if in_placeholder || !c.is_alphabetic() => ' ',
                        c => c,
                    })
                    .collect();
                words.extend(
                    plain
                        .split_whitespace()
                        .filter(|w| w.chars().count() >= 4)
                        .map(str::to_owned),
                );
            }
            toml::Value::Table(table) => table.values().for_each(|v| collect(v, words)),
            toml::Value::Array(items) => items.iter().for_each(|v| collect(v, words)),
            _ => {}
        }
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/i18n")
        .join(lang);
    let mut words = BTreeSet::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        collect(&text.parse::<toml::Table>().unwrap().into(), &mut words);
    }
    words
}

/// Checks the screen, at 80×24 and at 120×40, shows no word of the English
/// catalogue that French does not use, then snapshots both sizes as
/// `NAME_fr_80x24` and `NAME_fr_120x40`. The app is left at 80×24.
fn snapshot(app: &mut App, name: &str) {
    for (width, height) in [(WIDTH, HEIGHT), (120, 40)] {
        app.update(Input::Resize(width, height));
        let text = screen(app, width, height);
        for english in english_only_words() {
            assert!(
                !contains_word(&text, english),
                "`{english}` is English in {name} at {width}×{height}:\n{text}"
            );
        }
        insta::assert_snapshot!(
            format!("{name}_fr_{width}x{height}"),
            draw(app, width, height).backend()
        );
    }
    app.update(Input::Resize(WIDTH, HEIGHT));
}

/// Whether `word` occurs in `text` with no letter just before or after it. An
/// underscore binds like a letter: `birth_date` is an identifier (a CSV column of
/// the import contract), not the English word `birth`.
fn contains_word(text: &str, word: &str) -> bool {
    let joins = |c: char| c.is_alphabetic() || c == '_';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(joins) && !after.is_some_and(joins)
    })
}

#[test]
fn caseload_of_a_referent_and_of_the_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    snapshot(&mut french(&path, "demo"), "caseload_referent");
    snapshot(&mut french(&path, "coord"), "caseload_coordinator");
}

#[test]
fn each_section_of_a_participant_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = kit::demo_rich_file();
    let mut app = french(&path, "demo");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, file);
    press(&mut app, KeyCode::Enter);
    assert!(press(&mut app, KeyCode::Enter), "Entrée ouvre le dossier");
    for section in Section::ALL {
        match app.file_pane() {
            Some(Pane::File(view)) => assert_eq!(view.section(), section),
            other => panic!("no file open: {other:?}"),
        }
        let name = format!("{section:?}").to_lowercase();
        snapshot(&mut app, &format!("file_{name}"));
        press(&mut app, KeyCode::Tab);
    }
}

#[test]
fn every_form_of_a_participant_file_and_the_new_file_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = kit::demo_rich_file();
    let mut app = french(&path, "demo");
    assert!(press(&mut app, KeyCode::Char('n')));
    snapshot(&mut app, "form_new_participant");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, file);
    press(&mut app, KeyCode::Enter);
    assert!(press(&mut app, KeyCode::Enter), "Entrée ouvre le dossier");
    for section in Section::ALL {
        let name = format!("{section:?}").to_lowercase();
        for (key, what) in [('n', "new"), ('e', "edit")] {
            press(&mut app, KeyCode::Char(key));
            let editing = match app.file_pane() {
                Some(Pane::File(view)) => view.editor().is_some(),
                other => panic!("no file open: {other:?}"),
            };
            if editing {
                snapshot(&mut app, &format!("form_{name}_{what}"));
                press(&mut app, KeyCode::Esc);
            }
        }
        press(&mut app, KeyCode::Tab);
    }
}

#[test]
fn the_audit_filter_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    // The demo's own row is stamped by the wall clock: give it a fixed time.
    Connection::open(&path)
        .unwrap()
        .execute("UPDATE audit SET at = '2026-11-20T08:00:00Z'", [])
        .unwrap();
    let mut app = french(&path, "coord");
    assert!(press(&mut app, KeyCode::Char('5')));
    assert!(press(&mut app, KeyCode::Char('/')));
    snapshot(&mut app, "audit_filter");
}

#[test]
fn agenda_week_day_and_appointment_form() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = french(&path, "demo");
    assert!(press(&mut app, KeyCode::Char('2')));
    snapshot(&mut app, "agenda_week");
    assert!(press(&mut app, KeyCode::Enter));
    snapshot(&mut app, "agenda_day");
    press(&mut app, KeyCode::Esc);
    assert!(press(&mut app, KeyCode::Char('n')));
    snapshot(&mut app, "agenda_form");
}

#[test]
fn time_grid_of_last_week_and_its_export_choice() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    // The export choice names the directory: a fixed one, never written to here.
    let config = Config {
        export_dir: Some(PathBuf::from("/srv/plie/exports")),
        ..Config::default()
    };
    let mut app = french_with(&path, "demo", &config);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('['));
    let text = screen(&app, WIDTH, HEIGHT);
    for heading in ["lun. 16", "mar. 17", "mer. 18", "jeu. 19", "ven. 20"] {
        assert!(text.contains(heading), "{heading} missing:\n{text}");
    }
    snapshot(&mut app, "time_last_week");
    // At 120 columns the weekend has its columns too, every heading whole.
    let wide = kit::screen(&kit::sized(app, 120, 40), 120, 40);
    for heading in [
        "lun. 16", "mar. 17", "mer. 18", "jeu. 19", "ven. 20", "sam. 21", "dim. 22",
    ] {
        assert!(wide.contains(heading), "{heading} missing:\n{wide}");
    }
    let mut app = french_with(&path, "demo", &config);
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('['));
    assert!(press(&mut app, KeyCode::Char('X')));
    snapshot(&mut app, "time_export");
}

#[test]
fn time_proposals_from_the_agenda() {
    // On Friday 27 November the demo's Monday to Thursday appointments took place.
    let friday = d(2026, 11, 27);
    let (_dir, path) = kit::demo_at(friday);
    let week = IsoWeek::containing(friday);
    let mut referent = session_on(&path, "demo", friday);
    for e in referent.week_entries(None, week).unwrap() {
        referent.delete_time_entry(e.id, e.version).unwrap();
    }
    drop(referent);
    let mut app = kit::sized(
        kit::app_in(
            Lang::Fr,
            session_on(&path, "demo", friday),
            &Config::default(),
        ),
        WIDTH,
        HEIGHT,
    );
    press(&mut app, KeyCode::Char('3'));
    press(&mut app, KeyCode::Char('g'));
    assert!(!app.time().proposals().is_empty());
    snapshot(&mut app, "time_proposals");
}

#[test]
fn time_overview_of_the_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = french(&path, "coord");
    press(&mut app, KeyCode::Char('3'));
    assert!(app.time().shows_overview());
    snapshot(&mut app, "time_overview");
}

#[test]
fn dashboard_of_a_referent_and_of_the_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    for login in ["demo", "coord"] {
        let mut app = french(&path, login);
        assert!(press(&mut app, KeyCode::Char('4')));
        snapshot(&mut app, &format!("dashboard_{login}"));
    }
}

#[test]
fn audit_log_of_the_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = kit::demo_rich_file();
    let mut demo = session(&path, "demo");
    demo.add_contact(
        file,
        &NewContact {
            contact_on: today(),
            kind: ContactKind::Phone,
            minutes: 15,
            summary: "Appel fictif".into(),
            next_action: String::new(),
            appointment_id: None,
        },
    )
    .unwrap();
    let mut coord = session(&path, "coord");
    let mut participant = coord.open_participant(file).unwrap();
    participant.details.commune = "Le Lamentin".into();
    coord.update_participant(&participant).unwrap();
    // The demo's own row is stamped by the wall clock: every row gets a fixed time.
    Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE audit SET at = strftime('%Y-%m-%dT%H:%M:%SZ', '2026-11-20 08:00:00', '+' || (id * 10) || ' minutes')",
            [],
        )
        .unwrap();
    let mut app = french(&path, "coord");
    assert!(press(&mut app, KeyCode::Char('5')));
    snapshot(&mut app, "audit");
}

#[test]
fn help_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = french(&path, "demo");
    assert!(press(&mut app, KeyCode::Char('?')));
    snapshot(&mut app, "help");
}

#[test]
fn offer_to_resume_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = kit::demo_rich_file();
    let note = format!(
        r#"{{"kind":"note","note":{{"appointment_id":1,"version":1,"contact_on":"{}","participant":"{file}","summary":"Appel fictif","next_action":"","on_next":false}}}}"#,
        today()
    );
    session(&path, "demo")
        .save_draft("agenda/note/1", &note)
        .unwrap();
    let mut app = french(&path, "demo");
    assert!(app.draft_offer().is_some());
    snapshot(&mut app, "draft_offer");
}

#[test]
fn command_palette() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = french(&path, "demo");
    assert!(press(&mut app, KeyCode::Char(':')));
    kit::type_text(&mut app, "sem");
    snapshot(&mut app, "palette");
}

#[test]
fn participant_import_with_its_errors_and_deleting_a_mistaken_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let bad = dir.path().join("mauvais.csv");
    std::fs::write(
        &bad,
        "last_name,first_name,birth_date,referent\nSansdate,Jo,,demo\nMauvais,Référent,1988-01-01,personne\n",
    )
    .unwrap();
    let mut app = french(&path, "coord");
    assert!(press(&mut app, KeyCode::Char('4')));
    assert!(press(&mut app, KeyCode::Char('I')));
    type_text(&mut app, bad.to_str().unwrap());
    kit::ctrl(&mut app, 's');
    snapshot(&mut app, "import_errors");

    let created = session(&path, "coord")
        .add_participant(
            &parcours::domain::participant::NewParticipant {
                last_name: "Aaaerreur".into(),
                first_name: "Saisie".into(),
                birth_date: Some(d(1991, 2, 3)),
                ..Default::default()
            },
            Some("demo"),
        )
        .unwrap();
    let mut app = french(&path, "coord");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, &created.file_number);
    press(&mut app, KeyCode::Enter);
    assert!(press(&mut app, KeyCode::Enter), "Entrée ouvre le dossier");
    assert!(press(&mut app, KeyCode::Char('d')));
    type_text(&mut app, "saisi deux fois");
    snapshot(&mut app, "delete_file");
}

#[test]
fn a_coordinator_corrects_an_event_and_reassigns_in_french() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let file = kit::demo_rich_file();
    let mut app = french(&path, "coord");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, file);
    press(&mut app, KeyCode::Enter);
    assert!(press(&mut app, KeyCode::Enter), "Entrée ouvre le dossier");
    let section = |app: &App| match app.file_pane() {
        Some(Pane::File(view)) => view.section(),
        other => panic!("no file open: {other:?}"),
    };
    while section(&app) != Section::Lifecycle {
        press(&mut app, KeyCode::Tab);
    }
    press(&mut app, KeyCode::Down);
    assert!(press(&mut app, KeyCode::Char('e')));
    snapshot(&mut app, "lifecycle_correct");
    press(&mut app, KeyCode::Esc);
    assert!(press(&mut app, KeyCode::Char('r')));
    snapshot(&mut app, "reassign");
}

#[test]
fn esf_indicators_of_the_coordinator_and_the_record_of_a_participant_who_left() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut app = french(&path, "coord");
    assert!(
        press(&mut app, KeyCode::Char('i')),
        "i ouvre les indicateurs"
    );
    snapshot(&mut app, "indicators");
    // The same participant as the English snapshot `file_esf_left_80x24`.
    let left = session(&path, "demo")
        .esf_records(None)
        .unwrap()
        .into_iter()
        .find(|r| r.follow_up.state.complete && r.entry.answers.unemployed_since.is_some())
        .map(|r| r.file_number.to_string())
        .expect("a file whose three stages are reached");
    let mut app = french(&path, "demo");
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, &left);
    press(&mut app, KeyCode::Enter);
    assert!(press(&mut app, KeyCode::Enter), "Entrée ouvre le dossier");
    while !matches!(app.file_pane(), Some(Pane::File(view)) if view.section() == Section::Esf) {
        press(&mut app, KeyCode::Tab);
    }
    snapshot(&mut app, "file_esf_left");
}

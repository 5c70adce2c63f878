//! Message catalogues: every piece of UI text, in French and English.
//!
//! The catalogues live in `assets/i18n/{en,fr}/*.toml` (one file per area of
//! the program) and are compiled into the binary. Keys are dotted paths (`caseload.title`); `{name}` placeholders are
//! filled by [`tf`]. A key missing from French falls back to English, and a
//! key missing everywhere shows as itself so the gap is visible.

use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language of the interface.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// The language's ISO 639-1 code (`en`, `fr`), as HTML's `lang` names it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language implied by the locale variables (`LC_ALL`, `LC_MESSAGES`, `LANG`): French for `fr*`.
    pub fn from_env() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if locale.to_ascii_lowercase().starts_with("fr") {
            Lang::Fr
        } else {
            Lang::En
        }
    }
}

static LANGUAGE: AtomicU8 = AtomicU8::new(0);

/// Sets the language used by every later lookup.
pub fn set_language(lang: Lang) {
    LANGUAGE.store(lang as u8, Ordering::Relaxed);
}

/// The current language.
pub fn language() -> Lang {
    if LANGUAGE.load(Ordering::Relaxed) == Lang::Fr as u8 {
        Lang::Fr
    } else {
        Lang::En
    }
}

type Catalogue = HashMap<String, String>;

fn catalogue(lang: Lang) -> &'static Catalogue {
    static EN: OnceLock<Catalogue> = OnceLock::new();
    static FR: OnceLock<Catalogue> = OnceLock::new();
    match lang {
        Lang::En => EN.get_or_init(|| parse(EN_FILES)),
        Lang::Fr => FR.get_or_init(|| parse(FR_FILES)),
    }
}

/// Declares the catalogue files of both languages, area by area.
macro_rules! catalogue_files {
    ($($area:literal),+) => {
        const EN_FILES: &[&str] = &[$(include_str!(concat!("../assets/i18n/en/", $area, ".toml"))),+];
        const FR_FILES: &[&str] = &[$(include_str!(concat!("../assets/i18n/fr/", $area, ".toml"))),+];
    };
}

catalogue_files!(
    "core",
    "settings",
    "cli",
    "tui",
    "file",
    "agenda",
    "time",
    "demo",
    "drafts",
    "dashboard",
    "import",
    "gdpr",
    "lifecycle",
    "esf"
);

/// The label of `code` under `prefix` (`prefix.code`), or the code itself when the
/// catalogue has none (a record kind or action written by a newer program).
pub fn label_or_code(prefix: &str, code: &str) -> String {
    let key = format!("{prefix}.{code}");
    let label = t(&key);
    if label == key { code.to_owned() } else { label }
}

/// Parses a language's catalogue files into flat dotted keys.
fn parse(files: &[&str]) -> Catalogue {
    let mut out = Catalogue::new();
    for text in files {
        // The catalogues are compiled in and checked by a test, so a parse error is a build defect.
        let table: toml::Table = text.parse().expect("compiled-in catalogue is valid TOML");
        flatten("", &table, &mut out);
    }
    out
}

fn flatten(prefix: &str, table: &toml::Table, out: &mut Catalogue) {
    for (key, value) in table {
        let path = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match value {
            toml::Value::Table(t) => flatten(&path, t, out),
            toml::Value::String(s) => {
                out.insert(path, s.clone());
            }
            other => {
                out.insert(path, other.to_string());
            }
        }
    }
}

/// The message for `key` in the current language.
pub fn t(key: &str) -> String {
    lookup(key).to_owned()
}

fn lookup(key: &str) -> &str {
    let lang = language();
    catalogue(lang)
        .get(key)
        .or_else(|| catalogue(Lang::En).get(key))
        .map(String::as_str)
        .unwrap_or(key)
}

/// The message for `key` with its `{name}` placeholders filled.
pub fn tf(key: &str, args: &[(&str, &str)]) -> String {
    let mut text = lookup(key).to_owned();
    for (name, value) in args {
        text = text.replace(&format!("{{{name}}}"), value);
    }
    text
}

/// The message for a count `n`: the catalogue holds `KEY.one` and `KEY.other`, chosen
/// by the language's rule (English: one for 1; French: one for 0 and 1), with `{n}` and
/// the other placeholders filled.
pub fn tn(key: &str, n: usize, args: &[(&str, &str)]) -> String {
    let one = match language() {
        Lang::En => n == 1,
        Lang::Fr => n <= 1,
    };
    let form = if one { "one" } else { "other" };
    let count = n.to_string();
    let mut all = vec![("n", count.as_str())];
    all.extend_from_slice(args);
    tf(&format!("{key}.{form}"), &all)
}

/// All keys of a language's catalogue (for the completeness test).
pub fn keys(lang: Lang) -> Vec<&'static str> {
    let mut keys: Vec<&str> = catalogue(lang).keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogues_have_the_same_keys() {
        let en = keys(Lang::En);
        let fr = keys(Lang::Fr);
        let missing_fr: Vec<_> = en.iter().filter(|k| !fr.contains(k)).collect();
        let missing_en: Vec<_> = fr.iter().filter(|k| !en.contains(k)).collect();
        assert!(missing_fr.is_empty(), "missing in fr.toml: {missing_fr:?}");
        assert!(missing_en.is_empty(), "missing in en.toml: {missing_en:?}");
    }

    #[test]
    fn counts_take_the_plural_of_their_language() {
        set_language(Lang::En);
        assert_eq!(
            tn("time.proposed", 1, &[]).split(':').next(),
            Some("1 entry proposed")
        );
        assert_eq!(
            tn("time.proposed", 2, &[]).split(':').next(),
            Some("2 entries proposed")
        );
        set_language(Lang::Fr);
        assert_eq!(
            tn("time.proposed", 1, &[]).split(" :").next(),
            Some("1 saisie proposée")
        );
        assert_eq!(
            tn("time.proposed", 0, &[]).split(" :").next(),
            Some("0 saisie proposée")
        );
        assert_eq!(
            tn("time.proposed", 2, &[]).split(" :").next(),
            Some("2 saisies proposées")
        );
        set_language(Lang::En);
    }

    #[test]
    fn placeholders_are_filled_and_unknown_keys_show() {
        assert!(catalogue(Lang::En).get("error.date").is_some());
        let text = tf("error.date", &[("value", "2026-02-30")]);
        assert!(text.contains("2026-02-30"), "{text}");
        assert_eq!(t("no.such.key"), "no.such.key");
    }
}

//! Configuration (TOML) and where files live.
//!
//! The file is looked up from `--config`, then `$PARCOURS_CONFIG`, then the
//! platform config directory; a missing file there means defaults. A malformed
//! file is one error line naming the file, the line and the key — also for
//! `[keys]`, whose entries the interface's keymap checks after parsing
//! ([`Config::keys_error`] finds their line).
//!
//! It holds one person's preferences only (language, keys, display, where to
//! export). What the whole PLIE must agree on (time zone, structure, ESF
//! operation, weekly hours, activities) is kept in the database
//! (`domain::settings`): a user's file naming one of those keys is refused, so
//! it can neither rewrite the PLIE's lists nor silently show another time.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::i18n::{Lang, tf};

/// The whole configuration, with every default filled in.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Database file; default: `parcours.db` in the platform data directory.
    pub database: Option<PathBuf>,
    /// Interface language; default from the locale.
    pub language: Option<Lang>,
    /// Login to act as when `--as` is not given; default `$USER`.
    pub user: Option<String>,
    /// Key overrides: action name → key (e.g. `quit = "x"`).
    pub keys: BTreeMap<String, String>,
    /// Display settings.
    pub display: Display,
    /// Where the screens write exported files; default: the current directory.
    pub export_dir: Option<PathBuf>,
    /// Where this configuration was read from (not a key of the file).
    #[serde(skip)]
    pub origin: Origin,
}

/// The file a configuration came from and the line of each `[keys]` entry, so that
/// checks made after parsing can name them.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The file; `None` for the built-in defaults.
    pub file: Option<PathBuf>,
    /// Line (from 1) of each entry of `[keys]`, by action name.
    pub key_lines: BTreeMap<String, usize>,
    /// Line of the `[keys]` header (0 when absent).
    pub keys_line: usize,
}

/// Colours and characters.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Display {
    /// Plain ASCII borders and markers (also implied by a non-UTF-8 locale).
    pub ascii: bool,
    /// Colours (also turned off by `NO_COLOR`).
    pub colour: bool,
    /// How the interface writes dates.
    pub dates: DateOrder,
}

impl Default for Display {
    fn default() -> Self {
        Self {
            ascii: false,
            colour: true,
            dates: DateOrder::Language,
        }
    }
}

/// The order the interface writes a date in. Every date field accepts `YYYY-MM-DD`,
/// `DD/MM/YYYY` and `DD/MM` whatever is chosen; exports and the CLI keep `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// As the language prefers: `23/11/2026` in French, `2026-11-23` in English.
    #[default]
    Language,
    /// `2026-11-23`.
    YearFirst,
    /// `23/11/2026`.
    DayFirst,
}

/// A configuration file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    message: String,
}

impl Config {
    /// Loads the configuration from the first place that has one.
    pub fn load(explicit: Option<&Path>) -> Result<Self, ConfigError> {
        let from_env = std::env::var_os("PARCOURS_CONFIG")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from);
        match explicit.map(Path::to_path_buf).or(from_env) {
            Some(path) => Self::from_file(&path),
            None => match default_config_path() {
                Some(path) if path.exists() => Self::from_file(&path),
                _ => Ok(Self::default()),
            },
        }
    }

    /// Reads and checks one file.
    pub fn from_file(path: &Path) -> Result<Self, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            message: tf(
                "error.config_read",
                &[
                    ("file", &path.display().to_string()),
                    ("detail", &e.to_string()),
                ],
            ),
        })?;
        let mut config =
            Self::parse(&text).map_err(|(line, key, detail)| invalid(path, line, &key, &detail))?;
        config.origin = Origin {
            file: Some(path.to_path_buf()),
            ..Origin::of_keys(&text)
        };
        Ok(config)
    }

    /// The error for entry `entry` of `[keys]`, naming the file and the entry's line.
    pub fn keys_error(&self, entry: &str, detail: &str) -> ConfigError {
        let line = self
            .origin
            .key_lines
            .get(entry)
            .copied()
            .unwrap_or(self.origin.keys_line);
        match &self.origin.file {
            Some(file) => invalid(file, line, &format!("keys.{entry}"), detail),
            None => ConfigError {
                message: detail.to_owned(),
            },
        }
    }

    /// Parses configuration text; an error gives the line, the key and what is wrong.
    pub fn parse(text: &str) -> Result<Self, (usize, String, String)> {
        if let Some(key) = PLIE_KEYS.iter().find(|k| names_key(text, k)) {
            return Err((
                line_of_key(text, key),
                (*key).to_owned(),
                tf("settings.moved_key", &[("key", key)]),
            ));
        }
        toml::from_str(text).map_err(|e| {
            let offset = e.span().map(|s| s.start).unwrap_or(0);
            let line = text[..offset.min(text.len())].matches('\n').count() + 1;
            let key = key_on_line(text, line);
            (line, key, e.message().trim().to_owned())
        })
    }

    /// The directory the screens export to: `export_dir`, else the current directory.
    pub fn export_directory(&self) -> PathBuf {
        self.export_dir
            .clone()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("."))
    }

    /// The database file: `--db`, else `$PARCOURS_DB`, else the config, else the platform data dir.
    pub fn database_path(&self, explicit: Option<&Path>) -> PathBuf {
        explicit
            .map(Path::to_path_buf)
            .or_else(|| {
                std::env::var_os("PARCOURS_DB")
                    .filter(|v| !v.is_empty())
                    .map(PathBuf::from)
            })
            .or_else(|| self.database.clone())
            .unwrap_or_else(default_database_path)
    }
}

/// Top-level keys and tables of older configuration files that are PLIE-wide
/// settings now, kept in the database.
const PLIE_KEYS: [&str; 5] = [
    "timezone",
    "weekly_hours",
    "structure",
    "operation",
    "activities",
];

/// Whether the TOML text names `key` at its top level (as a key or a table).
fn names_key(text: &str, key: &str) -> bool {
    text.parse::<toml::Table>()
        .is_ok_and(|table| table.contains_key(key))
}

/// The one-line error for `key` at `line` of `file`.
fn invalid(file: &Path, line: usize, key: &str, detail: &str) -> ConfigError {
    ConfigError {
        message: tf(
            "error.config_invalid",
            &[
                ("file", &file.display().to_string()),
                ("line", &line.to_string()),
                ("key", key),
                ("detail", detail),
            ],
        ),
    }
}

impl Origin {
    /// Finds the `[keys]` header and the line of each `name = …` entry under it
    /// (bare or quoted names), in text that already parsed as TOML. An inline
    /// `keys = { … }` gives its own line for every entry.
    fn of_keys(text: &str) -> Self {
        let mut origin = Self::default();
        let mut in_keys = false;
        for (index, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.starts_with('[') {
                in_keys = trimmed.trim_start_matches('[').trim_end_matches(']').trim() == "keys";
                if in_keys {
                    origin.keys_line = index + 1;
                }
            } else if let Some((name, _)) = trimmed.split_once('=') {
                let name = name.trim().trim_matches(['"', '\'']);
                if in_keys {
                    origin.key_lines.insert(name.to_owned(), index + 1);
                } else if name == "keys" {
                    origin.keys_line = index + 1;
                }
            }
        }
        origin
    }
}

fn key_on_line(text: &str, line: usize) -> String {
    let content = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    match content.split_once('=') {
        Some((key, _)) => key.trim().to_owned(),
        None => content.trim().trim_matches(['[', ']']).to_owned(),
    }
}

fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let l = l.trim_start().trim_start_matches('[').trim_start();
            l.starts_with(key)
        })
        .map_or(0, |i| i + 1)
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("fr", "parcours", "parcours")
}

/// The platform's config file (`~/.config/parcours/config.toml` on Linux).
pub fn default_config_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

/// The platform's database file (`~/.local/share/parcours/parcours.db` on Linux).
pub fn default_database_path() -> PathBuf {
    project_dirs()
        .map(|d| d.data_dir().join("parcours.db"))
        .unwrap_or_else(|| PathBuf::from("parcours.db"))
}

/// The demo database (`~/.local/share/parcours/parcours-demo.db` on Linux), apart from the real one.
pub fn demo_database_path() -> PathBuf {
    project_dirs()
        .map(|d| d.data_dir().join("parcours-demo.db"))
        .unwrap_or_else(|| PathBuf::from("parcours-demo.db"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = Config::parse("").unwrap();
        assert!(c.language.is_none() && c.keys.is_empty());
        assert!(c.display.colour && !c.display.ascii);
        assert_eq!(c.display.dates, DateOrder::Language);
    }

    #[test]
    fn the_date_order_is_a_display_preference() {
        let c = Config::parse("[display]\ndates = \"day_first\"\n").unwrap();
        assert_eq!(c.display.dates, DateOrder::DayFirst);
        let c = Config::parse("[display]\ndates = \"year_first\"\n").unwrap();
        assert_eq!(c.display.dates, DateOrder::YearFirst);
        let (line, key, _) = Config::parse("[display]\ndates = \"mdy\"\n").unwrap_err();
        assert_eq!((line, key.as_str()), (2, "dates"));
    }

    #[test]
    fn keys_entries_are_found_by_line() {
        let origin = Origin::of_keys(
            "language = \"fr\"\n[keys]\n# comment\nquit = \"x\"\n\"help\" = \"h\"\n[display]\nascii = true\n",
        );
        assert_eq!(origin.keys_line, 2);
        assert_eq!(origin.key_lines.get("quit"), Some(&4));
        assert_eq!(origin.key_lines.get("help"), Some(&5));
        assert_eq!(origin.key_lines.get("ascii"), None);
        let inline = Origin::of_keys("language = \"fr\"\nkeys = { quit = \"x\" }\n");
        assert_eq!(inline.keys_line, 2);
    }

    #[test]
    fn errors_name_line_and_key() {
        let (line, key, _) = Config::parse("language = \"en\"\nuser = 3\n").unwrap_err();
        assert_eq!((line, key.as_str()), (2, "user"));
        let (line, key, _) = Config::parse("\n\ncolour_scheme = 3\n").unwrap_err();
        assert_eq!((line, key.as_str()), (3, "colour_scheme"));
    }

    /// A user's file cannot carry what the whole PLIE shares: each such key is
    /// refused with its line, whatever its value.
    #[test]
    fn plie_wide_keys_are_refused() {
        for (text, line, key) in [
            (
                "language = \"fr\"\ntimezone = \"America/Martinique\"\n",
                2,
                "timezone",
            ),
            ("weekly_hours = 28\n", 1, "weekly_hours"),
            ("\n[structure]\nname = \"x\"\n", 2, "structure"),
            ("[operation]\ncode = \"1\"\n", 1, "operation"),
            ("[[activities]]\ncode = \"ind\"\n", 1, "activities"),
        ] {
            let (at, named, detail) = Config::parse(text).unwrap_err();
            assert_eq!((at, named.as_str()), (line, key), "{text}");
            assert!(detail.contains("settings"), "{detail}");
        }
    }
}

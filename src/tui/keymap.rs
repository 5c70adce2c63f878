//! Keys → actions: the default bindings, the `[keys]` overrides of the
//! configuration, and how keys are written (`x`, `ctrl-s`, `f5`, `shift-tab`).
//!
//! One map serves every screen, so a key means one action everywhere: `[keys]`
//! may not give one key to two actions (`quit = "j"` with `up = "j"` would leave
//! no way out). An entry may take a default key from another action, which then
//! loses it, but never the last key of `quit`. Every
//! command checks `[keys]` through [`Keymap::from_config`], the CLI included,
//! so a bad entry is reported with its file and line before anything runs.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Action;
use crate::config::{Config, ConfigError};
use crate::i18n::{t, tf};

/// One key with its modifiers, normalised so that what a terminal sends for
/// `?` or `Shift-Tab` matches what a configuration writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Key {
    /// A key with modifiers, normalised (the case of a letter already says Shift).
    pub fn new(code: KeyCode, modifiers: KeyModifiers) -> Self {
        let modifiers = match code {
            KeyCode::Char(_) | KeyCode::BackTab => modifiers - KeyModifiers::SHIFT,
            _ => modifiers,
        };
        let code = match code {
            KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            other => other,
        };
        Self { code, modifiers }
    }

    /// The key of a terminal key event.
    pub fn from_event(event: KeyEvent) -> Self {
        Self::new(event.code, event.modifiers)
    }

    /// The key a configuration string names: `x`, `?`, `ctrl-s`, `alt-x`,
    /// `f5`, `esc`, `enter`, `tab`, `shift-tab`, `up`, `pagedown`, `space`…
    /// A modifier written twice (`ctrl-ctrl-q`) is a mistake, not a key.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let mut modifiers = KeyModifiers::NONE;
        let mut rest = text;
        while let Some((prefix, tail)) = rest.split_once('-').filter(|(_, tail)| !tail.is_empty()) {
            let modifier = match prefix.to_ascii_lowercase().as_str() {
                "ctrl" | "control" => KeyModifiers::CONTROL,
                "alt" => KeyModifiers::ALT,
                "shift" => KeyModifiers::SHIFT,
                _ => break,
            };
            if modifiers.contains(modifier) {
                return None;
            }
            modifiers |= modifier;
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(c),
            _ => named_key(&rest.to_ascii_lowercase())?,
        };
        let code = match code {
            KeyCode::Tab if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Some(Self::new(code, modifiers))
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    Some(match name {
        "esc" | "escape" => KeyCode::Esc,
        "enter" | "return" => KeyCode::Enter,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "delete" | "del" => KeyCode::Delete,
        "insert" | "ins" => KeyCode::Insert,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" | "pgup" => KeyCode::PageUp,
        "pagedown" | "pgdn" => KeyCode::PageDown,
        f if f.starts_with('f') => {
            KeyCode::F(f[1..].parse().ok().filter(|n| (1..=24).contains(n))?)
        }
        _ => return None,
    })
}

impl fmt::Display for Key {
    /// The key as the help shows it: `q`, `Ctrl-C`, `Shift-Tab`, `PgDn`, `F5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (modifier, key) in [
            (KeyModifiers::CONTROL, "key.ctrl"),
            (KeyModifiers::ALT, "key.alt"),
            (KeyModifiers::SHIFT, "key.shift"),
        ] {
            if self.modifiers.contains(modifier) {
                write!(f, "{}-", t(key))?;
            }
        }
        let named = |key: &str| t(key);
        match self.code {
            KeyCode::Char(' ') => f.write_str(&named("key.space")),
            KeyCode::Char(c) if self.modifiers.contains(KeyModifiers::CONTROL) => {
                write!(f, "{}", c.to_ascii_uppercase())
            }
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "F{n}"),
            KeyCode::BackTab => write!(f, "{}-{}", t("key.shift"), t("key.tab")),
            code => f.write_str(&named(match code {
                KeyCode::Esc => "key.esc",
                KeyCode::Enter => "key.enter",
                KeyCode::Tab => "key.tab",
                KeyCode::Backspace => "key.backspace",
                KeyCode::Delete => "key.delete",
                KeyCode::Insert => "key.insert",
                KeyCode::Up => "key.up",
                KeyCode::Down => "key.down",
                KeyCode::Left => "key.left",
                KeyCode::Right => "key.right",
                KeyCode::Home => "key.home",
                KeyCode::End => "key.end",
                KeyCode::PageUp => "key.page_up",
                KeyCode::PageDown => "key.page_down",
                _ => "key.other",
            })),
        }
    }
}

/// The default bindings (design reference, "Keys"); screens that do not
/// exist yet have no key.
const DEFAULTS: &[(Action, &[&str])] = &[
    (Action::Caseload, &["1"]),
    (Action::Agenda, &["2"]),
    (Action::Time, &["3"]),
    (Action::Dashboard, &["4"]),
    (Action::Audit, &["5"]),
    (Action::Import, &["I"]),
    (Action::Indicators, &["i"]),
    (Action::Help, &["?"]),
    (Action::Palette, &[":", "ctrl-p"]),
    (Action::Filter, &["/"]),
    (Action::FocusNext, &["tab"]),
    (Action::FocusPrevious, &["shift-tab"]),
    (Action::Up, &["up", "k"]),
    (Action::Down, &["down", "j"]),
    (Action::PageUp, &["pageup"]),
    (Action::PageDown, &["pagedown"]),
    (Action::First, &["home"]),
    (Action::Last, &["end"]),
    (Action::Open, &["enter"]),
    (Action::Delete, &["d"]),
    (Action::Save, &["ctrl-s"]),
    (Action::MarkDone, &["x"]),
    (Action::MarkNoShow, &["a"]),
    (Action::NextReferent, &["r"]),
    (Action::Left, &["left", "h"]),
    (Action::Right, &["right", "l"]),
    (Action::PreviousWeek, &["["]),
    (Action::NextWeek, &["]"]),
    (Action::ThisWeek, &["t"]),
    (Action::New, &["n"]),
    (Action::Edit, &["e"]),
    (Action::Clear, &["delete"]),
    (Action::CopyWeek, &["c"]),
    (Action::FromAgenda, &["g"]),
    (Action::SubmitWeek, &["s"]),
    (Action::ValidateWeek, &["v"]),
    (Action::Export, &["X"]),
    (Action::Sort, &["o"]),
    (Action::StatusFilter, &["f"]),
    (Action::Back, &["esc"]),
    (Action::Quit, &["q", "ctrl-c"]),
];

/// A `[keys]` entry that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct KeymapError {
    /// The entry of `[keys]` at fault (its action name as written).
    pub entry: String,
    message: String,
}

impl KeymapError {
    fn new(entry: &str, message: String) -> Self {
        Self {
            entry: entry.to_owned(),
            message,
        }
    }
}

/// The active bindings, in the order the help lists them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<(Key, Action)>,
}

impl Keymap {
    /// The default bindings with the configuration's overrides applied: an
    /// entry `action = "key"` replaces that action's keys, and the key leaves
    /// whatever action it had before.
    ///
    /// Refused: an unknown action, a string that is not a key, one key given to two
    /// entries, and entries that together take every key of `quit` without rebinding it.
    pub fn new(overrides: &BTreeMap<String, String>) -> Result<Self, KeymapError> {
        let mut bindings: Vec<(Key, Action)> = DEFAULTS
            .iter()
            .flat_map(|(action, keys)| {
                keys.iter()
                    .filter_map(|k| Key::parse(k))
                    .map(move |k| (k, *action))
            })
            .collect();
        let wanted = parse_overrides(overrides)?;
        // Without a key for quit, there is no way out of the interface.
        let quit_rebound = wanted.iter().any(|(_, a, _)| *a == Action::Quit);
        let quit_keeps_one = bindings
            .iter()
            .any(|(k, a)| *a == Action::Quit && !wanted.iter().any(|(_, _, w)| w == k));
        if !quit_rebound
            && !quit_keeps_one
            && let Some((name, _, key)) = wanted
                .iter()
                .find(|(_, _, w)| bindings.iter().any(|(k, a)| *a == Action::Quit && k == w))
        {
            return Err(conflict(name, overrides, *key, Action::Quit));
        }
        for (_, action, key) in wanted {
            bindings.retain(|(k, a)| *a != action && *k != key);
            let at = bindings
                .iter()
                .position(|(_, a)| *a > action)
                .unwrap_or(bindings.len());
            bindings.insert(at, (key, action));
        }
        Ok(Self { bindings })
    }

    /// The keymap of a configuration; an error names the configuration file and the
    /// line of the `[keys]` entry at fault.
    pub fn from_config(config: &Config) -> Result<Self, ConfigError> {
        Self::new(&config.keys).map_err(|e| config.keys_error(&e.entry, &e.message))
    }

    /// The action bound to a key, if any.
    pub fn action(&self, key: Key) -> Option<Action> {
        self.bindings
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, a)| *a)
    }

    /// The keys bound to an action, in binding order.
    pub fn keys(&self, action: Action) -> Vec<Key> {
        self.bindings
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| *k)
            .collect()
    }

    /// Every bound action with its keys, in help order.
    pub fn entries(&self) -> Vec<(Action, Vec<Key>)> {
        Action::ALL
            .iter()
            .map(|a| (*a, self.keys(*a)))
            .filter(|(_, keys)| !keys.is_empty())
            .collect()
    }
}

/// Reads every `[keys]` entry: its action and its key, refusing an unknown action, a
/// string that is not a key, and one key given to two actions.
fn parse_overrides(
    overrides: &BTreeMap<String, String>,
) -> Result<Vec<(&str, Action, Key)>, KeymapError> {
    let mut wanted: Vec<(&str, Action, Key)> = Vec::new();
    for (name, text) in overrides {
        let action = Action::from_code(name).ok_or_else(|| {
            KeymapError::new(
                name,
                tf(
                    "keys.unknown_action",
                    &[("action", name), ("actions", &Action::codes())],
                ),
            )
        })?;
        let key = Key::parse(text).ok_or_else(|| {
            KeymapError::new(name, tf("keys.bad_key", &[("action", name), ("key", text)]))
        })?;
        if let Some((_, other, _)) = wanted.iter().find(|(_, _, k)| *k == key) {
            return Err(conflict(name, overrides, key, *other));
        }
        wanted.push((name, action, key));
    }
    Ok(wanted)
}

/// The error for `[keys]` entry `name` giving `key` to its action while `other` keeps it.
fn conflict(
    name: &str,
    overrides: &BTreeMap<String, String>,
    key: Key,
    other: Action,
) -> KeymapError {
    let written = overrides
        .get(name)
        .map_or_else(|| key.to_string(), Clone::clone);
    KeymapError::new(
        name,
        tf(
            "keys.conflict",
            &[("key", &written), ("action", name), ("other", other.code())],
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> Key {
        Key::parse(text).unwrap()
    }

    #[test]
    fn parses_and_shows_keys() {
        assert_eq!(
            key("ctrl-s"),
            Key::new(KeyCode::Char('s'), KeyModifiers::CONTROL)
        );
        assert_eq!(key("Ctrl-S"), key("ctrl-s"));
        assert_eq!(key("f5"), Key::new(KeyCode::F(5), KeyModifiers::NONE));
        assert_eq!(
            key("shift-tab"),
            Key::new(KeyCode::BackTab, KeyModifiers::SHIFT)
        );
        assert_eq!(key("-"), Key::new(KeyCode::Char('-'), KeyModifiers::NONE));
        assert_eq!(
            key("ctrl--"),
            Key::new(KeyCode::Char('-'), KeyModifiers::CONTROL)
        );
        assert_eq!(Key::parse("f99"), None);
        assert_eq!(Key::parse("hyper-x"), None);
        assert_eq!(Key::parse(""), None);
        assert_eq!(key("ctrl-c").to_string(), "Ctrl-C");
        assert_eq!(key("shift-tab").to_string(), "Shift-Tab");
        assert_eq!(key("pagedown").to_string(), "PgDn");
    }

    #[test]
    fn terminal_events_match_configured_keys() {
        let map = Keymap::new(&BTreeMap::new()).unwrap();
        let shifted = Key::new(KeyCode::Char('?'), KeyModifiers::SHIFT);
        assert_eq!(map.action(shifted), Some(Action::Help));
        let backtab = Key::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(map.action(backtab), Some(Action::FocusPrevious));
        assert_eq!(map.action(key("j")), Some(Action::Down));
        assert_eq!(map.action(key("2")), Some(Action::Agenda));
        assert_eq!(map.action(key("enter")), Some(Action::Open));
        assert_eq!(map.action(key("F12")), None);
    }

    #[test]
    fn overrides_replace_and_steal_keys() {
        let overrides = BTreeMap::from([
            ("quit".to_owned(), "w".to_owned()),
            ("help".to_owned(), "j".to_owned()),
        ]);
        let map = Keymap::new(&overrides).unwrap();
        assert_eq!(map.keys(Action::Quit), [key("w")]);
        assert_eq!(map.action(key("q")), None);
        assert_eq!(map.action(key("j")), Some(Action::Help));
        assert_eq!(map.keys(Action::Down), [key("down")]);
        let order: Vec<Action> = map.entries().iter().map(|(a, _)| *a).collect();
        assert_eq!(order, Action::ALL);
    }

    #[test]
    fn bad_overrides_are_named() {
        let unknown = BTreeMap::from([("frobnicate".to_owned(), "2".to_owned())]);
        let err = Keymap::new(&unknown).unwrap_err().to_string();
        assert!(err.contains("frobnicate") && err.contains("quit"), "{err}");
        let bad = BTreeMap::from([("quit".to_owned(), "ctrl-".to_owned())]);
        let err = Keymap::new(&bad).unwrap_err().to_string();
        assert!(err.contains("ctrl-") && err.contains("quit"), "{err}");
        for text in ["", "  ", "ctrl-ctrl-q", "alt-shift-alt-x", "qq"] {
            let bad = BTreeMap::from([("quit".to_owned(), text.to_owned())]);
            let err = Keymap::new(&bad).unwrap_err();
            assert_eq!(err.entry, "quit", "{text:?}");
        }
    }

    #[test]
    fn one_key_never_serves_two_actions() {
        let both = BTreeMap::from([
            ("quit".to_owned(), "j".to_owned()),
            ("up".to_owned(), "j".to_owned()),
        ]);
        let err = Keymap::new(&both).unwrap_err().to_string();
        assert!(
            err.contains("`j`") && err.contains("quit") && err.contains("up"),
            "{err}"
        );
        // Taking a default key moves it: mark_done loses x.
        let only = BTreeMap::from([("export".to_owned(), "x".to_owned())]);
        let map = Keymap::new(&only).unwrap();
        assert_eq!(map.action(key("x")), Some(Action::Export));
        assert!(map.keys(Action::MarkDone).is_empty());
        // Two entries that each take one of quit's two keys leave no way out.
        let both_quit_keys = BTreeMap::from([
            ("help".to_owned(), "q".to_owned()),
            ("save".to_owned(), "ctrl-c".to_owned()),
        ]);
        let err = Keymap::new(&both_quit_keys).unwrap_err().to_string();
        assert!(err.contains("quit"), "{err}");
        // Both keys of quit may go when quit gets another.
        let moved_quit = BTreeMap::from([
            ("help".to_owned(), "q".to_owned()),
            ("save".to_owned(), "ctrl-c".to_owned()),
            ("quit".to_owned(), "f10".to_owned()),
        ]);
        assert_eq!(
            Keymap::new(&moved_quit).unwrap().keys(Action::Quit),
            [key("f10")]
        );
        let moved = BTreeMap::from([
            ("export".to_owned(), "x".to_owned()),
            ("mark_done".to_owned(), "m".to_owned()),
        ]);
        let map = Keymap::new(&moved).unwrap();
        assert_eq!(map.action(key("x")), Some(Action::Export));
        assert_eq!(map.action(key("m")), Some(Action::MarkDone));
    }
}

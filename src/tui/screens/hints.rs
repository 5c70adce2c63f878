//! The one key-hint line at the bottom of screens and forms: each hint is a
//! key and what it does, the keys read from the keymap in force (an action
//! without a key is left out), as many as fit the width, the last ones left out
//! first, so a hint is never shown cut (French labels are wider).

use ratatui::text::{Line, Span};

use crate::tui::action::Action;
use crate::tui::app::App;

/// A hint line being built.
pub struct Hints<'a> {
    app: &'a App,
    width: usize,
    gap: &'static str,
    /// Each hint: its key (none for a plain note) and what it does.
    pairs: Vec<(Option<String>, String)>,
}

impl<'a> Hints<'a> {
    /// An empty line `width` columns wide, hints two spaces apart.
    pub fn new(app: &'a App, width: u16) -> Self {
        Self {
            app,
            width: usize::from(width),
            gap: "  ",
            pairs: Vec::new(),
        }
    }

    /// The same line with hints `gap` apart.
    pub fn spaced(mut self, gap: &'static str) -> Self {
        self.gap = gap;
        self
    }

    /// The keymap's first key for `action`, and `label`.
    pub fn action(&mut self, action: Action, label: impl Into<String>) -> &mut Self {
        if let Some(key) = self.app.keymap().keys(action).first() {
            self.pairs.push((Some(key.to_string()), label.into()));
        }
        self
    }

    /// The keymap's first keys for two actions shown together (`[ ]` weeks).
    pub fn pair(
        &mut self,
        (first, second): (Action, Action),
        label: impl Into<String>,
    ) -> &mut Self {
        let key = |a: Action| self.app.keymap().keys(a).first().map(ToString::to_string);
        if let (Some(a), Some(b)) = (key(first), key(second)) {
            self.pairs.push((Some(format!("{a} {b}")), label.into()));
        }
        self
    }

    /// A key that is not one of the keymap's (Enter in a prompt, digits in a cell).
    pub fn key(&mut self, key: impl Into<String>, label: impl Into<String>) -> &mut Self {
        self.pairs.push((Some(key.into()), label.into()));
        self
    }

    /// A note with no key of its own (how to move between fields).
    pub fn note(&mut self, text: impl Into<String>) -> &mut Self {
        self.pairs.push((None, text.into()));
        self
    }

    /// The line: a leading space, then the hints that fit.
    pub fn line(&self) -> Line<'static> {
        let theme = self.app.theme();
        let mut spans = vec![Span::raw(" ")];
        let mut used = 1;
        for (key, label) in &self.pairs {
            let gap = if spans.len() > 1 { self.gap } else { "" };
            let label = match key {
                Some(_) => format!(" {label}"),
                None => label.clone(),
            };
            let key = key.clone().unwrap_or_default();
            let needed = Span::raw(format!("{gap}{key}{label}")).width();
            if used + needed > self.width {
                break;
            }
            used += needed;
            if !gap.is_empty() {
                spans.push(Span::raw(gap));
            }
            if !key.is_empty() {
                spans.push(Span::styled(key, theme.key()));
            }
            spans.push(Span::styled(label, theme.muted()));
        }
        Line::from(spans)
    }
}

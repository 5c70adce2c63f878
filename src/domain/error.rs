//! Validation errors of the domain, with messages in the user's language.

use std::fmt;

/// A rule of the domain was broken by some input.
///
/// It carries a translation key and named arguments, so the same error reads
/// correctly in French and English wherever it is shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainError {
    /// Translation key of the message (see `assets/i18n/`).
    pub key: &'static str,
    /// Named values substituted into the message (`{name}`).
    pub args: Vec<(&'static str, String)>,
}

impl DomainError {
    /// A new error with the given message key and no argument.
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// Adds a named argument to the message.
    pub fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        f.write_str(&crate::i18n::tf(self.key, &args))
    }
}

impl std::error::Error for DomainError {}

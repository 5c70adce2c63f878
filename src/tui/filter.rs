//! Filtering lists as the user types, ignoring case and accents, with
//! `nucleo-matcher`: each typed word must appear in the line, either as it
//! is or fuzzily (its letters in order, not necessarily together) when the
//! fuzzy match is a good one. Several words must all match (`helene fort`
//! finds Hélène in Fort-de-France).

use nucleo_matcher::pattern::{Atom, AtomKind, CaseMatching, Normalization};
use nucleo_matcher::{Config, Matcher, Utf32String};

pub use crate::domain::text::fold;

/// A line prepared once for matching many filters against it.
pub fn haystack(text: &str) -> Utf32String {
    Utf32String::from(fold(text))
}

/// Score of one matched character in `nucleo-matcher`.
const SCORE_PER_CHAR: u32 = 16;

/// Extra score per further character a fuzzy match needs to count: enough
/// bonuses (word starts, consecutive letters) to outweigh its gaps, so that
/// `helene` does not find "duc(h)mol c(elene)stine".
const FUZZY_BONUS_PER_CHAR: u32 = 4;

/// One typed word: as a substring, and fuzzily with the score it must reach.
struct Word {
    exact: Atom,
    fuzzy: Atom,
    min_score: u32,
}

/// A typed filter, ready to test lines prepared by [`haystack`].
pub struct Needle {
    words: Vec<Word>,
    matcher: Matcher,
}

impl Needle {
    /// The filter for `typed` (an empty filter matches everything).
    pub fn new(typed: &str) -> Self {
        let atom = |word: &str, kind| {
            Atom::new(
                word,
                CaseMatching::Ignore,
                Normalization::Never,
                kind,
                false,
            )
        };
        let words = fold(typed)
            .split_whitespace()
            .map(|word| {
                let n = u32::try_from(word.chars().count()).unwrap_or(u32::MAX);
                Word {
                    exact: atom(word, AtomKind::Substring),
                    fuzzy: atom(word, AtomKind::Fuzzy),
                    min_score: n
                        .saturating_mul(SCORE_PER_CHAR)
                        .saturating_add(n.saturating_sub(1).saturating_mul(FUZZY_BONUS_PER_CHAR)),
                }
            })
            .collect();
        Self {
            words,
            matcher: Matcher::new(Config::DEFAULT),
        }
    }

    /// Whether the filter is empty (it then matches everything).
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// How well `line` matches (higher is better), or `None` when it does not.
    pub fn score(&mut self, line: &Utf32String) -> Option<u32> {
        let matcher = &mut self.matcher;
        self.words.iter().try_fold(0u32, |total, word| {
            let fuzzy = word.fuzzy.score(line.slice(..), matcher).map(u32::from);
            let exact = word.exact.score(line.slice(..), matcher).is_some();
            match fuzzy {
                Some(score) if exact || score >= word.min_score => {
                    Some(total.saturating_add(score))
                }
                _ => None,
            }
        })
    }

    /// Whether `line` matches.
    pub fn matches(&mut self, line: &Utf32String) -> bool {
        self.score(line).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_case_and_accents() {
        let line = fold("P-2026-0007 LÉVÊQUE Zoé Ætna Œuf");
        assert_eq!(line, "p-2026-0007 leveque zoe aetna oeuf");
        assert_eq!(fold("levêQ"), "leveq");
        assert_eq!(fold("ÇÀÏÔÙ"), "caiou");
    }

    #[test]
    fn fuzzy_on_names_file_numbers_and_communes() {
        let line = haystack("P-2025-0042 HÉBERT Hélène Le Lamentin demo");
        let other = haystack("P-2026-0042 DUCHMOL Célestine Schœlcher demo");
        let matches = |typed: &str| {
            (
                Needle::new(typed).matches(&line),
                Needle::new(typed).matches(&other),
            )
        };
        assert_eq!(matches("helene"), (true, false));
        assert_eq!(matches("p-2025-00"), (true, false));
        assert_eq!(
            matches("hlne"),
            (true, false),
            "letters in order, not together"
        );
        assert_eq!(
            matches("hel"),
            (true, false),
            "a poor fuzzy match does not count"
        );
        assert_eq!(matches("2025"), (true, false));
        assert_eq!(matches("e"), (true, true));
        assert_eq!(
            matches("lamentin hel"),
            (true, false),
            "every word must match"
        );
        assert_eq!(matches("schoel"), (false, true));
        assert_eq!(matches(""), (true, true));
        assert_eq!(matches("zzz"), (false, false));
    }
}

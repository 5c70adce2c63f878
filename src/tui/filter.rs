//! Folding text for the filters: a typed filter matches a line when the
//! folded line contains the folded filter (case and accents ignored).

use nucleo_matcher::chars::{normalize, to_lower_case};

/// Text folded for matching: lower case, accents removed (`é` → `e`),
/// ligatures spelt out (`œ` → `oe`, as people type them).
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        match to_lower_case(normalize(c)) {
            'œ' => folded.push_str("oe"),
            'æ' => folded.push_str("ae"),
            c => folded.push(c),
        }
    }
    folded
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
}

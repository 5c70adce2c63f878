//! Fictional names and contact details.
//!
//! First names come from a short list of common French ones; family names are
//! built from invented syllables, so no generated person is a real one. Phone
//! numbers use the range the French regulator reserves for fiction, e-mail
//! addresses the reserved `example.org` domain.

use super::dice::Dice;
use crate::domain::participant::Sex;

const WOMEN: &[&str] = &[
    "Marie",
    "Sophie",
    "Nathalie",
    "Isabelle",
    "Sandrine",
    "Céline",
    "Julie",
    "Laura",
    "Emma",
    "Léa",
    "Chloé",
    "Manon",
    "Inès",
    "Sarah",
    "Océane",
    "Jade",
    "Maëva",
    "Christelle",
    "Josiane",
    "Murielle",
    "Patricia",
    "Valérie",
    "Audrey",
    "Mélissa",
];

const MEN: &[&str] = &[
    "Jean", "Pierre", "Michel", "Philippe", "Thierry", "Nicolas", "Julien", "Thomas", "Kevin",
    "Lucas", "Hugo", "Enzo", "Mathis", "Nathan", "Yannick", "Franck", "Didier", "Pascal", "Rudy",
    "Steeve", "Loïc", "Jérémy", "Grégory", "Dylan",
];

const ANY: &[&str] = &["Camille", "Dominique", "Claude", "Sacha", "Alix", "Charlie"];

const ONSETS: &[&str] = &[
    "Zal", "Quer", "Vol", "Brim", "Tos", "Mav", "Plo", "Kor", "Dru", "Fel", "Gri", "Jor", "Nab",
    "Rupp", "Sol", "Trev", "Vag", "Wob", "Lib", "Morn",
];

const VOWELS: &[&str] = &["a", "e", "i", "o", "ou", "é", "au"];

const CODAS: &[&str] = &[
    "nuche", "vrac", "brin", "zeau", "tard", "quin", "drel", "sotte", "pinou", "gald", "ruche",
    "mbeau", "zin", "lotte", "frou", "cazé",
];

/// A given name that fits the person's sex.
pub(super) fn first_name(dice: &mut Dice, sex: Sex) -> &'static str {
    let list = match sex {
        Sex::Female => WOMEN,
        Sex::Male => MEN,
        Sex::NonBinary => ANY,
    };
    dice.pick::<&str>(list)
}

/// An invented family name (`Brimouvrac`, `Zalanuche`…).
pub(super) fn last_name(dice: &mut Dice) -> String {
    let onset = *dice.pick(ONSETS);
    let vowel = *dice.pick(VOWELS);
    let coda = *dice.pick(CODAS);
    format!("{onset}{vowel}{coda}")
}

/// A phone number of the range reserved for fiction (`06 39 98 xx xx`).
pub(super) fn phone(dice: &mut Dice) -> String {
    format!(
        "06 39 98 {:02} {:02}",
        dice.between(0, 99),
        dice.between(0, 99)
    )
}

/// An e-mail address on the reserved `example.org` domain.
pub(super) fn email(first: &str, last: &str, n: usize) -> String {
    format!("{}.{}{}@example.org", ascii(first), ascii(last), n)
}

/// A login from a name: the first letter of the given name, a dot, the family name.
pub(super) fn login(first: &str, last: &str) -> String {
    let first = ascii(first);
    let initial = first.chars().next().unwrap_or('x');
    format!("{initial}.{}", ascii(last))
}

/// Lower-case ASCII letters of a name (accents dropped, other characters removed).
fn ascii(name: &str) -> String {
    name.chars()
        .filter_map(|c| match c {
            'é' | 'è' | 'ê' | 'ë' | 'É' => Some('e'),
            'ï' | 'î' => Some('i'),
            'ô' => Some('o'),
            'à' | 'â' => Some('a'),
            'ç' => Some('c'),
            'œ' => Some('o'),
            c if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_and_addresses_are_plain_ascii() {
        assert_eq!(login("Loïc", "Brimévrac"), "l.brimevrac");
        assert_eq!(
            email("Maëva", "Zalanuche", 3),
            "maeva.zalanuche3@example.org"
        );
        crate::domain::user::validate_login(&login("Élodie", "Morné")).unwrap();
    }

    #[test]
    fn family_names_are_invented() {
        let mut dice = Dice::new(3);
        let name = last_name(&mut dice);
        assert!(ONSETS.iter().any(|o| name.starts_with(o)), "{name}");
    }
}

//! The one yes/no prompt: which keys answer it, the same on every screen.
//!
//! `y` (and `o` for the French "oui") says yes, `n` says no, in either case;
//! Enter confirms and Esc declines where a key event is at hand.

use crossterm::event::{KeyCode, KeyEvent};

/// The answer a typed character gives, if it answers.
pub fn answer_char(c: char) -> Option<bool> {
    match c {
        'y' | 'Y' | 'o' | 'O' => Some(true),
        'n' | 'N' => Some(false),
        _ => None,
    }
}

/// The answer a key gives, if it answers: a letter of [`answer_char`], Enter (yes) or Esc (no).
pub fn answer(event: KeyEvent) -> Option<bool> {
    match event.code {
        KeyCode::Char(c) => answer_char(c),
        KeyCode::Enter => Some(true),
        KeyCode::Esc => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyModifiers;

    #[test]
    fn yes_and_no_in_both_languages() {
        for c in ['y', 'Y', 'o', 'O'] {
            assert_eq!(answer_char(c), Some(true), "{c}");
        }
        for c in ['n', 'N'] {
            assert_eq!(answer_char(c), Some(false), "{c}");
        }
        assert_eq!(answer_char('x'), None);
        let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
        assert_eq!(answer(key(KeyCode::Enter)), Some(true));
        assert_eq!(answer(key(KeyCode::Esc)), Some(false));
        assert_eq!(answer(key(KeyCode::Tab)), None);
    }
}

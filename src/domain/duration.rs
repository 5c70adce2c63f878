//! Durations: always whole minutes, typed the way people write them.

use super::DomainError;

/// The most time that can be recorded for one day, in minutes.
pub const MINUTES_PER_DAY: u32 = 24 * 60;

/// Parses a duration typed by a person into minutes.
///
/// `1h30`, `1h`, `1:30`, `90m`, `90min`, `1.5` and `1,5` (hours) are all
/// accepted; zero, negative or more than a day is refused.
pub fn parse_minutes(input: &str) -> Result<u32, DomainError> {
    let text = input.trim().to_lowercase();
    let bad = || DomainError::new("error.duration").arg("value", input.trim());
    let minutes = if let Some(m) = text.strip_suffix("min").or_else(|| text.strip_suffix('m')) {
        parse_whole(m.trim()).ok_or_else(bad)?
    } else if let Some((h, m)) = text.split_once(['h', ':']) {
        let hours = parse_whole(h.trim()).ok_or_else(bad)?;
        let m = m.trim();
        let mins = if m.is_empty() {
            0
        } else {
            parse_whole(m).ok_or_else(bad)?
        };
        if mins >= 60 {
            return Err(bad());
        }
        hours
            .checked_mul(60)
            .and_then(|h| h.checked_add(mins))
            .ok_or_else(bad)?
    } else {
        parse_decimal_hours(&text).ok_or_else(bad)?
    };
    if minutes == 0 || minutes > MINUTES_PER_DAY {
        return Err(bad());
    }
    Ok(minutes)
}

/// Whether `c` may follow `typed` in a duration being typed: digits, `h`, `:`, `.`, `,`,
/// `m`, and the `in` of `min` right after an `m` (case ignored). Anything else can
/// never make a duration, so a duration field refuses it at once.
pub fn may_continue(typed: &str, c: char) -> bool {
    let lower = typed.to_lowercase();
    match c.to_ascii_lowercase() {
        '0'..='9' | 'h' | ':' | '.' | ',' | 'm' => true,
        'i' => lower.ends_with('m'),
        'n' => lower.ends_with("mi"),
        _ => false,
    }
}

/// Checks a number of minutes given as an integer (CLI `--minutes`).
pub fn check_minutes(minutes: i64) -> Result<u32, DomainError> {
    if minutes <= 0 || minutes > MINUTES_PER_DAY as i64 {
        return Err(DomainError::new("error.minutes").arg("value", minutes));
    }
    Ok(minutes as u32)
}

/// Formats minutes as `h:mm` (e.g. `1:30`); zero is an empty string.
pub fn format_hmm(minutes: u32) -> String {
    if minutes == 0 {
        return String::new();
    }
    format!("{}:{:02}", minutes / 60, minutes % 60)
}

/// Formats minutes as decimal hours with two decimals and a dot (e.g. `1.50`).
pub fn format_decimal_hours(minutes: i64) -> String {
    let hundredths = (minutes * 100 + 30) / 60;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// Minutes as decimal hours exact to the millionth (`1.50`, `0.333333`), with a dot.
///
/// Two decimals are kept at least; more only when the value needs them. Rounded to two
/// decimals, 20 minutes three times make 1.02 hours: to the millionth, any realistic
/// column of entries sums to its total to the hundredth.
pub fn format_exact_hours(minutes: u32) -> String {
    let millionths = (u64::from(minutes) * 1_000_000 + 30) / 60;
    let text = format!("{}.{:06}", millionths / 1_000_000, millionths % 1_000_000);
    let trimmed = text.trim_end_matches('0');
    let decimals = trimmed.len() - trimmed.find('.').map_or(trimmed.len(), |dot| dot + 1);
    text[..trimmed.len() + 2usize.saturating_sub(decimals)].to_owned()
}

fn parse_whole(s: &str) -> Option<u32> {
    if s.is_empty() || !s.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn parse_decimal_hours(s: &str) -> Option<u32> {
    let s = s.replace(',', ".");
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    let hours = if whole.is_empty() {
        0
    } else {
        parse_whole(whole)?
    };
    let frac_minutes = if frac.is_empty() {
        0
    } else {
        if frac.len() > 2 || !frac.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let hundredths: u32 = format!("{frac:0<2}").parse().ok()?;
        let minutes = hundredths * 60;
        if !minutes.is_multiple_of(100) {
            return None;
        }
        minutes / 100
    };
    hours.checked_mul(60)?.checked_add(frac_minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_accepted_spelling_can_be_typed_key_by_key() {
        for text in ["1h30", "1:30", "90m", "90min", "1.5", "1,5", "2H", "45M"] {
            let mut typed = String::new();
            for c in text.chars() {
                assert!(may_continue(&typed, c), "{text}: {c}");
                typed.push(c);
            }
            assert!(parse_minutes(&typed).is_ok(), "{text}");
        }
        for (typed, c) in [("", 'q'), ("1", ' '), ("", 'i'), ("1", 'n'), ("1", '_')] {
            assert!(!may_continue(typed, c), "{typed:?} {c}");
        }
    }

    #[test]
    fn exact_hours() {
        assert_eq!(format_exact_hours(90), "1.50");
        assert_eq!(format_exact_hours(60), "1.00");
        assert_eq!(format_exact_hours(20), "0.333333");
        assert_eq!(format_exact_hours(40), "0.666667");
        assert_eq!(format_exact_hours(15), "0.25");
        assert_eq!(format_exact_hours(1), "0.016667");
        assert_eq!(format_exact_hours(6), "0.10");
        assert_eq!(format_exact_hours(0), "0.00");
    }

    #[test]
    fn every_spelling_of_ninety_minutes() {
        for s in [
            "1h30", "1:30", "90m", "90min", "1.5", "1,5", " 1h30 ", "1H30",
        ] {
            assert_eq!(parse_minutes(s), Ok(90), "{s}");
        }
    }

    #[test]
    fn other_values() {
        assert_eq!(parse_minutes("2h"), Ok(120));
        assert_eq!(parse_minutes("7"), Ok(420));
        assert_eq!(parse_minutes("0.25"), Ok(15));
        assert_eq!(parse_minutes("0:05"), Ok(5));
        assert_eq!(parse_minutes("24h"), Ok(1440));
    }

    #[test]
    fn refuses_nonsense() {
        for s in [
            "", "0", "0m", "-1h", "1h75", "25h", "abc", "1.333", "h", "1.2.3",
        ] {
            assert!(parse_minutes(s).is_err(), "{s} should be refused");
        }
    }

    #[test]
    fn integer_minutes_are_checked() {
        assert_eq!(check_minutes(45), Ok(45));
        assert!(check_minutes(0).is_err());
        assert!(check_minutes(-30).is_err());
        assert!(check_minutes(1441).is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(format_hmm(90), "1:30");
        assert_eq!(format_hmm(5), "0:05");
        assert_eq!(format_hmm(0), "");
        assert_eq!(format_decimal_hours(90), "1.50");
        assert_eq!(format_decimal_hours(20), "0.33");
        assert_eq!(format_decimal_hours(0), "0.00");
    }
}

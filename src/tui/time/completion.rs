//! Adding a grid row by typing: an activity code or label, a participant's
//! file number or name, or both (`IND dupont`), with completion.

use super::grid::RowKey;
use crate::domain::participant::FileNumber;
use crate::domain::time::{Activity, normalise_activity_code};
use crate::i18n::tf;
use crate::tui::filter::fold;

/// The activity of a row named only by its participant.
pub const PARTICIPANT_ACTIVITY: &str = "IND";

/// A participant of the caseload, as the completion offers them.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// File number.
    pub file_number: String,
    /// "LAST First".
    pub name: String,
    folded: String,
}

impl Person {
    /// A participant with their folded search text.
    pub fn new(file_number: String, name: String) -> Self {
        let folded = fold(&format!("{file_number} {name}"));
        Self {
            file_number,
            name,
            folded,
        }
    }
}

/// A row the typed text may mean.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// The row.
    pub key: RowKey,
    /// What the list shows: code, then label or file number and name.
    pub label: String,
}

fn activity_choice(a: &Activity) -> Choice {
    Choice {
        key: RowKey {
            activity: a.code.clone(),
            participant: None,
        },
        label: format!("{:<5} {}", a.code, a.label()),
    }
}

fn person_choice(activity: &str, p: &Person) -> Choice {
    Choice {
        key: RowKey {
            activity: activity.to_owned(),
            participant: Some(p.file_number.clone()),
        },
        label: format!("{activity:<5} {} {}", p.file_number, p.name),
    }
}

/// The rows `input` may mean, best first, at most `limit`: when its first
/// word is an activity code, that activity with the participants the rest
/// matches (or alone); otherwise the activities whose code or label contains
/// it (those whose code starts with it first: `tra` is travel before ESF
/// administration), then the participants it matches (under
/// [`PARTICIPANT_ACTIVITY`]).
pub fn choices(
    input: &str,
    activities: &[Activity],
    people: &[Person],
    limit: usize,
) -> Vec<Choice> {
    let input = input.trim();
    if input.is_empty() {
        return activities.iter().take(limit).map(activity_choice).collect();
    }
    let (first, rest) = input.split_once(char::is_whitespace).unwrap_or((input, ""));
    let code = normalise_activity_code(first);
    if let Some(activity) = activities.iter().find(|a| a.code == code) {
        let needle = fold(rest.trim());
        if needle.is_empty() {
            let mut out = vec![activity_choice(activity)];
            out.extend(
                people
                    .iter()
                    .take(limit.saturating_sub(1))
                    .map(|p| person_choice(&activity.code, p)),
            );
            return out;
        }
        return people
            .iter()
            .filter(|p| p.folded.contains(&needle))
            .take(limit)
            .map(|p| person_choice(&activity.code, p))
            .collect();
    }
    let needle = fold(input);
    let (by_code, by_label): (Vec<&Activity>, Vec<&Activity>) = activities
        .iter()
        .filter(|a| fold(&format!("{} {}", a.code, a.label())).contains(&needle))
        .partition(|a| fold(&a.code).starts_with(&needle));
    by_code
        .into_iter()
        .chain(by_label)
        .map(activity_choice)
        .chain(
            people
                .iter()
                .filter(|p| p.folded.contains(&needle))
                .map(|p| person_choice(PARTICIPANT_ACTIVITY, p)),
        )
        .take(limit)
        .collect()
}

/// Why typed text names no row: a file number outside the caseload, or
/// nothing known.
pub fn refusal(input: &str) -> String {
    let input = input.trim();
    let file = input
        .split_whitespace()
        .find(|w| w.to_ascii_uppercase().parse::<FileNumber>().is_ok());
    match file {
        Some(file) => tf(
            "time.error.not_in_caseload",
            &[("file", &file.to_ascii_uppercase())],
        ),
        None => tf("time.error.unknown_row", &[("text", input)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::default_activities;

    fn people() -> Vec<Person> {
        vec![
            Person::new("P-2026-0001".into(), "ZORGLUB Test".into()),
            Person::new("P-2026-0002".into(), "LÉVÊQUE Zoé".into()),
        ]
    }

    fn keys(input: &str) -> Vec<(String, Option<String>)> {
        choices(input, &default_activities(), &people(), 8)
            .into_iter()
            .map(|c| (c.key.activity, c.key.participant))
            .collect()
    }

    #[test]
    fn activity_code_label_participant_or_both() {
        assert_eq!(keys("file")[0], ("FILE".into(), None));
        assert_eq!(keys("travel"), [("TRAV".into(), None)]);
        assert_eq!(keys("tra")[0], ("TRAV".into(), None), "code before label");
        assert_eq!(keys("leveq"), [("IND".into(), Some("P-2026-0002".into()))]);
        assert_eq!(keys("0001"), [("IND".into(), Some("P-2026-0001".into()))]);
        assert_eq!(
            keys("col zoe"),
            [("COL".into(), Some("P-2026-0002".into()))]
        );
        assert_eq!(
            keys("adm").len(),
            3,
            "the activity alone, then each participant"
        );
        assert!(keys("nobody").is_empty());
    }

    #[test]
    fn refusals_name_the_problem() {
        assert!(refusal("p-2026-0099").contains("P-2026-0099"));
        assert!(refusal("nobody").contains("nobody"));
    }
}

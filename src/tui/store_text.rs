//! Store errors as the interface shows them: worded by the store, except a
//! conflict's time, stored in UTC and shown in the PLIE's time zone the way
//! the interface writes dates (`2026-11-23 11:00`, `23/11/2026 11:00`).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::export::labels;
use crate::i18n::tf;
use crate::store::StoreError;

/// The message for `error`, a conflict's time in `tz`.
pub fn describe(error: &StoreError, tz: Tz) -> String {
    match error {
        StoreError::Conflict { by, at } => tf(
            "error.conflict",
            &[("by", by), ("at", &local_time(*at, tz))],
        ),
        other => other.to_string(),
    }
}

/// An instant as the interface shows it in `tz`; empty when there is none.
pub fn local_time(at: Option<DateTime<Utc>>, tz: Tz) -> String {
    at.map_or_else(String::new, |at| {
        labels::date_time(at.with_timezone(&tz).naive_local())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_language};

    #[test]
    fn a_conflict_shows_the_local_time_and_other_errors_are_unchanged() {
        set_language(Lang::En);
        let conflict = StoreError::Conflict {
            by: "coord".into(),
            at: "2026-11-23T10:00:00Z".parse().ok(),
        };
        let paris = chrono_tz::Europe::Paris;
        assert_eq!(
            describe(&conflict, paris),
            "not saved: the record was changed by coord at 2026-11-23 11:00; reload it and try again"
        );
        assert_eq!(
            local_time(
                "2026-06-30T22:30:00Z".parse().ok(),
                chrono_tz::America::Martinique
            ),
            "2026-06-30 18:30"
        );
        assert_eq!(local_time(None, paris), "");
        let missing = StoreError::not_found("entity.time_entry", 7);
        assert_eq!(describe(&missing, paris), missing.to_string());
    }
}

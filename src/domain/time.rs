//! Time entries, activities and the weekly timesheet's lifecycle.

use serde::{Deserialize, Serialize};

use super::DomainError;
use super::duration::MINUTES_PER_DAY;
use crate::code_enum;

code_enum!(
    /// What time on an activity is: worked on the ESF operation, worked outside it, or not
    /// worked at all (leave, sickness, public holiday, the referent's own training…).
    ///
    /// The ESF share is taken over hours worked, so absences count in neither side of it.
    ActivityKind, "activity_kind", {
        Operation => "operation",
        Outside => "outside",
        Absence => "absence",
    }
);

/// A time category of the PLIE's *charte de saisie*.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "ActivityEntry")]
pub struct Activity {
    /// Short code typed in the time grid and written in exports (e.g. `IND`).
    pub code: String,
    /// English label.
    pub label_en: String,
    /// French label.
    pub label_fr: String,
    /// On the operation, outside it, or an absence.
    pub kind: ActivityKind,
}

/// An `[[activities]]` entry of a settings file: `kind`, or the older `esf = true|false`
/// (which can only say on the operation or outside it).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActivityEntry {
    code: String,
    label_en: String,
    label_fr: String,
    kind: Option<String>,
    esf: Option<bool>,
}

impl TryFrom<ActivityEntry> for Activity {
    type Error = String;

    fn try_from(e: ActivityEntry) -> Result<Self, Self::Error> {
        let kind = match (e.kind.as_deref(), e.esf) {
            (Some(code), esf) => {
                let kind = ActivityKind::from_code(code).ok_or_else(|| {
                    crate::i18n::tf(
                        "settings.error.activity_kind",
                        &[("value", code), ("codes", &ActivityKind::codes())],
                    )
                })?;
                // Both given: they must agree, or the file says two things.
                if esf.is_some_and(|esf| esf != (kind == ActivityKind::Operation)) {
                    return Err(crate::i18n::tf(
                        "settings.error.activity_esf_kind",
                        &[("code", &e.code)],
                    ));
                }
                kind
            }
            (None, Some(true)) => ActivityKind::Operation,
            (None, Some(false)) => ActivityKind::Outside,
            (None, None) => {
                return Err(crate::i18n::tf(
                    "settings.error.activity_no_kind",
                    &[("code", &e.code), ("codes", &ActivityKind::codes())],
                ));
            }
        };
        Ok(Activity {
            code: e.code,
            label_en: e.label_en,
            label_fr: e.label_fr,
            kind,
        })
    }
}

impl Activity {
    /// Whether time on this activity is declared on the ESF operation.
    pub fn esf(&self) -> bool {
        self.kind == ActivityKind::Operation
    }

    /// The label in the current language.
    pub fn label(&self) -> &str {
        match crate::i18n::language() {
            crate::i18n::Lang::Fr => &self.label_fr,
            crate::i18n::Lang::En => &self.label_en,
        }
    }
}

/// The default activities of design.md, used when the config lists none.
pub fn default_activities() -> Vec<Activity> {
    [
        ("IND", "Individual interview", "Entretien individuel", true),
        ("COL", "Collective workshop", "Atelier collectif", true),
        ("FILE", "File work and reports", "Suivi de dossier", true),
        ("EMP", "Employer relations", "Relations entreprises", true),
        (
            "PART",
            "Partners and commissions",
            "Partenaires et commissions",
            true,
        ),
        (
            "ADM",
            "ESF administration",
            "Gestion administrative FSE",
            true,
        ),
        ("TRAV", "Travel", "Déplacements", true),
        ("OUT", "Outside the operation", "Hors opération", false),
    ]
    .into_iter()
    .map(|(code, en, fr, esf)| Activity {
        code: code.into(),
        label_en: en.into(),
        label_fr: fr.into(),
        kind: if esf {
            ActivityKind::Operation
        } else {
            ActivityKind::Outside
        },
    })
    .collect()
}

/// Hours a year a full-time person is taken to work when an hourly rate is computed as the
/// annual gross employment cost ÷ 1,720 h (art. 55 of Regulation (EU) 2021/1060; pro rata
/// of the FTE): the hours declared on the operation in a year may not exceed it.
pub const ESF_ANNUAL_HOURS: u32 = 1720;

code_enum!(
    /// Where a referent's week stands: only a draft week can change.
    WeekStatus, "week_status", {
        Draft => "draft",
        Submitted => "submitted",
        Validated => "validated",
    }
);

impl WeekStatus {
    /// Whether entries of a week in this status may be added, changed or deleted.
    pub fn is_editable(self) -> bool {
        self == WeekStatus::Draft
    }
}

/// Checks that adding `minutes` to a day that already holds `day_total` stays within 24 hours.
pub fn check_day_total(day_total: u32, minutes: u32) -> Result<(), DomainError> {
    if day_total + minutes > MINUTES_PER_DAY {
        return Err(DomainError::new("error.day_over_24h").arg("minutes", day_total + minutes));
    }
    Ok(())
}

/// Checks that time is declared for a day already begun: nothing is declared before it is worked.
pub fn check_not_future(
    date: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Result<(), DomainError> {
    if date > today {
        return Err(DomainError::new("error.time_in_future")
            .arg("date", date)
            .arg("today", today));
    }
    Ok(())
}

/// Normalises an activity code typed by a person (`ind` → `IND`).
pub fn normalise_activity_code(code: &str) -> String {
    code.trim().to_ascii_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_have_one_non_esf_activity() {
        let acts = default_activities();
        assert_eq!(acts.len(), 8);
        assert_eq!(
            acts.iter()
                .filter(|a| !a.esf())
                .map(|a| a.code.as_str())
                .collect::<Vec<_>>(),
            ["OUT"]
        );
    }

    #[test]
    fn settings_entries_give_a_kind() {
        let parse = |extra: &str| {
            toml::from_str::<Activity>(&format!(
                "code = \"ABS\"\nlabel_en = \"Leave\"\nlabel_fr = \"Congés\"\n{extra}"
            ))
        };
        assert_eq!(
            parse("kind = \"absence\"").unwrap().kind,
            ActivityKind::Absence
        );
        assert_eq!(parse("esf = true").unwrap().kind, ActivityKind::Operation);
        assert_eq!(parse("esf = false").unwrap().kind, ActivityKind::Outside);
        let a = parse("kind = \"operation\"\nesf = true").unwrap();
        assert!(a.esf());
        for bad in [
            "",
            "kind = \"holiday\"",
            "kind = \"absence\"\nesf = true",
            "kind = \"outside\"\nfte = 1",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn future_days_are_refused() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        assert!(check_not_future(today, today).is_ok());
        assert!(check_not_future(today - chrono::Duration::days(400), today).is_ok());
        assert_eq!(
            check_not_future(today + chrono::Duration::days(1), today)
                .unwrap_err()
                .key,
            "error.time_in_future"
        );
    }

    #[test]
    fn day_total_limit() {
        assert!(check_day_total(23 * 60, 60).is_ok());
        assert_eq!(
            check_day_total(23 * 60, 61).unwrap_err().key,
            "error.day_over_24h"
        );
    }

    #[test]
    fn lifecycle() {
        assert!(WeekStatus::Draft.is_editable());
        assert!(!WeekStatus::Submitted.is_editable());
        assert!(!WeekStatus::Validated.is_editable());
        assert_eq!(normalise_activity_code(" ind "), "IND");
    }
}

/// One time entry of a referent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimeEntry {
    /// Database id (also the order in which entries were made).
    pub id: i64,
    /// Login of the referent.
    pub referent: String,
    /// Day worked.
    pub date: chrono::NaiveDate,
    /// Minutes spent.
    pub minutes: u32,
    /// Activity code.
    pub activity: String,
    /// File number of the participant concerned, if any.
    pub participant: Option<String>,
    /// The appointment it comes from, if any.
    pub appointment_id: Option<i64>,
    /// Free note.
    pub note: String,
    /// Optimistic-lock version.
    pub version: i64,
}

/// What is needed to record time.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTimeEntry {
    /// Day worked.
    pub date: chrono::NaiveDate,
    /// Minutes spent.
    pub minutes: u32,
    /// Activity code.
    pub activity: String,
    /// File number of the participant concerned, if any.
    pub participant: Option<String>,
    /// The appointment it comes from, if any.
    pub appointment_id: Option<i64>,
    /// Free note.
    pub note: String,
}

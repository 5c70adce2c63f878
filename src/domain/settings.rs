//! The PLIE-wide settings: what every user and every command on one database
//! must agree on (the structure and ESF operation printed on timesheets, the
//! time zone appointments are shown in, the contract hours, the activities).
//!
//! They live in the database, changed by a coordinator through an audited
//! command, never in a user's configuration file: a referent's file could
//! otherwise rewrite the activity list, or show the agenda in another zone.

use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

use super::DomainError;
use super::retention::RetentionRule;
use super::time::Activity;

/// The settings a PLIE's database holds (the activities aside: see [`validate_activities`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlieSettings {
    /// The structure's name, printed on timesheets.
    pub structure_name: String,
    /// The ESF operation's number on the national platform.
    pub operation_code: String,
    /// The ESF operation's name.
    pub operation_name: String,
    /// The PLIE's IANA time zone: appointments are stored in UTC and shown in it.
    #[serde(serialize_with = "tz_name")]
    pub timezone: Tz,
    /// Contract hours per week of a full-time employee.
    pub weekly_hours: u32,
    /// How long participant files are kept after a pathway ends, and why.
    pub retention: RetentionRule,
    /// The share of positive exits the PLIE aims at, in percent (its protocol's target).
    pub positive_exit_target: u32,
}

fn tz_name<S: serde::Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(tz.name())
}

impl Default for PlieSettings {
    fn default() -> Self {
        Self {
            structure_name: String::new(),
            operation_code: String::new(),
            operation_name: String::new(),
            timezone: chrono_tz::Europe::Paris,
            weekly_hours: 35,
            retention: RetentionRule::default(),
            positive_exit_target: super::outcomes::DEFAULT_TARGET,
        }
    }
}

/// The most contract hours a week may count (French maximum working week: 48 h; a
/// margin for overtime schemes).
pub const MAX_WEEKLY_HOURS: u32 = 60;

/// The longest a name or code setting may be.
const MAX_TEXT: usize = 200;

/// One setting, as `parcours settings set` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SettingKey {
    /// `structure.name`
    StructureName,
    /// `operation.code`
    OperationCode,
    /// `operation.name`
    OperationName,
    /// `timezone`
    Timezone,
    /// `weekly_hours`
    WeeklyHours,
    /// `retention.years`
    RetentionYears,
    /// `retention.reason`
    RetentionReason,
    /// `retention.last_payment`
    LastPayment,
    /// `positive_exit_target`
    PositiveExitTarget,
}

impl SettingKey {
    /// Every key, in the order `settings show` lists them.
    pub const ALL: [SettingKey; 9] = [
        SettingKey::StructureName,
        SettingKey::OperationCode,
        SettingKey::OperationName,
        SettingKey::Timezone,
        SettingKey::WeeklyHours,
        SettingKey::RetentionYears,
        SettingKey::RetentionReason,
        SettingKey::LastPayment,
        SettingKey::PositiveExitTarget,
    ];

    /// The key's name on the command line and in a settings file.
    pub fn code(self) -> &'static str {
        match self {
            SettingKey::StructureName => "structure.name",
            SettingKey::OperationCode => "operation.code",
            SettingKey::OperationName => "operation.name",
            SettingKey::Timezone => "timezone",
            SettingKey::WeeklyHours => "weekly_hours",
            SettingKey::RetentionYears => "retention.years",
            SettingKey::RetentionReason => "retention.reason",
            SettingKey::LastPayment => "retention.last_payment",
            SettingKey::PositiveExitTarget => "positive_exit_target",
        }
    }

    /// The key named `code`.
    pub fn parse(code: &str) -> Result<Self, DomainError> {
        Self::ALL
            .into_iter()
            .find(|k| k.code() == code)
            .ok_or_else(|| {
                let known: Vec<&str> = Self::ALL.iter().map(|k| k.code()).collect();
                DomainError::new("settings.error.unknown_key")
                    .arg("value", code)
                    .arg("known", known.join(", "))
            })
    }
}

impl PlieSettings {
    /// The value of `key`, as shown and typed.
    pub fn get(&self, key: SettingKey) -> String {
        match key {
            SettingKey::StructureName => self.structure_name.clone(),
            SettingKey::OperationCode => self.operation_code.clone(),
            SettingKey::OperationName => self.operation_name.clone(),
            SettingKey::Timezone => self.timezone.name().to_owned(),
            SettingKey::WeeklyHours => self.weekly_hours.to_string(),
            SettingKey::RetentionYears => self.retention.years.to_string(),
            SettingKey::RetentionReason => self.retention.reason.clone(),
            SettingKey::LastPayment => self
                .retention
                .last_payment_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            SettingKey::PositiveExitTarget => self.positive_exit_target.to_string(),
        }
    }

    /// Sets `key` from its typed form, checking it.
    pub fn set(&mut self, key: SettingKey, value: &str) -> Result<(), DomainError> {
        let value = value.trim();
        match key {
            SettingKey::StructureName => self.structure_name = text(key, value)?,
            SettingKey::OperationCode => self.operation_code = text(key, value)?,
            SettingKey::OperationName => self.operation_name = text(key, value)?,
            SettingKey::Timezone => self.timezone = timezone(value)?,
            SettingKey::WeeklyHours => self.weekly_hours = weekly_hours(value)?,
            SettingKey::RetentionYears => self.retention.years = RetentionRule::years(value)?,
            SettingKey::RetentionReason => self.retention.reason = text(key, value)?,
            SettingKey::LastPayment => {
                self.retention.last_payment_on = RetentionRule::last_payment(value)?;
            }
            SettingKey::PositiveExitTarget => self.positive_exit_target = percent(value)?,
        }
        Ok(())
    }

    /// Checks every value (a stored row is checked too: it may come from an older program).
    pub fn validate(&self) -> Result<(), DomainError> {
        for key in SettingKey::ALL {
            self.clone().set(key, &self.get(key))?;
        }
        Ok(())
    }
}

/// A name or code: one line, printable, at most [`MAX_TEXT`] characters.
fn text(key: SettingKey, value: &str) -> Result<String, DomainError> {
    if value.chars().any(super::text::is_control) || value.chars().count() > MAX_TEXT {
        return Err(DomainError::new("settings.error.text")
            .arg("key", key.code())
            .arg("max", MAX_TEXT));
    }
    Ok(value.to_owned())
}

/// The time zones a PLIE may keep its time in: metropolitan France and the overseas
/// departments, regions and communities. The program is built with these zones only (the filter in
/// `.cargo/config.toml`, which must list the same names).
pub const FRENCH_ZONES: [&str; 14] = [
    "Europe/Paris",
    "America/Martinique",
    "America/Guadeloupe",
    "America/Cayenne",
    "America/Marigot",
    "America/St_Barthelemy",
    "America/Miquelon",
    "Indian/Reunion",
    "Indian/Mayotte",
    "Pacific/Noumea",
    "Pacific/Tahiti",
    "Pacific/Marquesas",
    "Pacific/Gambier",
    "Pacific/Wallis",
];

/// One of the [`FRENCH_ZONES`], by its IANA name.
pub fn timezone(value: &str) -> Result<Tz, DomainError> {
    let unknown = || DomainError::new("error.timezone").arg("value", value);
    if !FRENCH_ZONES.contains(&value) {
        return Err(unknown());
    }
    value.parse::<Tz>().map_err(|_| unknown())
}

/// Whole contract hours per week, 1 to [`MAX_WEEKLY_HOURS`].
fn weekly_hours(value: &str) -> Result<u32, DomainError> {
    value
        .parse::<u32>()
        .ok()
        .filter(|h| (1..=MAX_WEEKLY_HOURS).contains(h))
        .ok_or_else(|| DomainError::new("error.weekly_hours").arg("value", value))
}

/// A whole percentage, 0 to 100.
fn percent(value: &str) -> Result<u32, DomainError> {
    value
        .trim_end_matches('%')
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|p| *p <= 100)
        .ok_or_else(|| DomainError::new("outcomes.error.target").arg("value", value))
}

/// Checks a PLIE's activity list: at least one; codes of 2 to 8 upper-case ASCII
/// letters, each once; both labels given, on one line.
pub fn validate_activities(activities: &[Activity]) -> Result<(), DomainError> {
    if activities.is_empty() {
        return Err(DomainError::new("settings.error.no_activity"));
    }
    for (i, activity) in activities.iter().enumerate() {
        let code = &activity.code;
        let well_formed =
            (2..=8).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_uppercase());
        if !well_formed {
            return Err(DomainError::new("settings.error.activity_code").arg("value", code));
        }
        if activities[..i].iter().any(|a| a.code == *code) {
            return Err(DomainError::new("settings.error.activity_twice").arg("value", code));
        }
        for label in [&activity.label_en, &activity.label_fr] {
            let label = label.trim();
            if label.is_empty()
                || label.chars().any(super::text::is_control)
                || label.chars().count() > MAX_TEXT
            {
                return Err(DomainError::new("settings.error.activity_label").arg("value", code));
            }
        }
    }
    Ok(())
}

/// A settings file (`parcours settings import FILE.toml`): the PLIE-wide keys, each
/// optional; the ones present replace the stored values.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    /// `timezone = "America/Martinique"`
    pub timezone: Option<String>,
    /// `weekly_hours = 35`
    pub weekly_hours: Option<u32>,
    /// `positive_exit_target = 45` (percent)
    pub positive_exit_target: Option<u32>,
    /// `[structure] name = "…"`
    pub structure: Option<StructureSection>,
    /// `[operation] code = "…"  name = "…"`
    pub operation: Option<OperationSection>,
    /// `[retention] years = 5  reason = "…"  last_payment = "2027-06-30"`
    pub retention: Option<RetentionSection>,
    /// `[[activities]]`: when present, the whole list.
    pub activities: Option<Vec<Activity>>,
}

/// `[retention]` of a settings file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RetentionSection {
    /// Years kept after the later of the exit and the last ESF payment.
    pub years: Option<u32>,
    /// Why (the rule's source).
    pub reason: Option<String>,
    /// Date of the last ESF payment to the operation, `YYYY-MM-DD`.
    pub last_payment: Option<String>,
}

/// `[structure]` of a settings file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StructureSection {
    /// The structure's name.
    pub name: Option<String>,
}

/// `[operation]` of a settings file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSection {
    /// Its number on the national ESF platform.
    pub code: Option<String>,
    /// Its name.
    pub name: Option<String>,
}

impl SettingsFile {
    /// `current` with this file's values applied, every value checked.
    pub fn apply_to(&self, current: &PlieSettings) -> Result<PlieSettings, DomainError> {
        let mut next = current.clone();
        let structure = self.structure.clone().unwrap_or_default();
        let operation = self.operation.clone().unwrap_or_default();
        let retention = self.retention.clone().unwrap_or_default();
        let pairs = [
            (SettingKey::StructureName, structure.name),
            (SettingKey::OperationCode, operation.code),
            (SettingKey::OperationName, operation.name),
            (SettingKey::Timezone, self.timezone.clone()),
            (
                SettingKey::WeeklyHours,
                self.weekly_hours.map(|h| h.to_string()),
            ),
            (
                SettingKey::RetentionYears,
                retention.years.map(|y| y.to_string()),
            ),
            (SettingKey::RetentionReason, retention.reason),
            (SettingKey::LastPayment, retention.last_payment),
            (
                SettingKey::PositiveExitTarget,
                self.positive_exit_target.map(|p| p.to_string()),
            ),
        ];
        for (key, value) in pairs {
            if let Some(value) = value {
                next.set(key, &value)?;
            }
        }
        if let Some(activities) = &self.activities {
            validate_activities(activities)?;
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::default_activities;

    fn activity(code: &str) -> Activity {
        Activity {
            code: code.into(),
            label_en: "Label".into(),
            label_fr: "Libellé".into(),
            kind: crate::domain::time::ActivityKind::Operation,
        }
    }

    #[test]
    fn every_french_zone_is_built_in() {
        for zone in FRENCH_ZONES {
            assert_eq!(timezone(zone).unwrap().name(), zone);
        }
    }

    #[test]
    fn each_key_is_checked_when_set() {
        let mut s = PlieSettings::default();
        s.set(SettingKey::Timezone, "America/Martinique").unwrap();
        assert_eq!(s.timezone, chrono_tz::America::Martinique);
        for bad in ["Mars/Olympus", "America/New_York", "UTC"] {
            assert_eq!(
                s.set(SettingKey::Timezone, bad).unwrap_err().key,
                "error.timezone",
                "{bad}"
            );
        }
        s.set(SettingKey::WeeklyHours, "28").unwrap();
        assert_eq!(s.weekly_hours, 28);
        for bad in ["0", "61", "lots", "-3"] {
            assert!(s.set(SettingKey::WeeklyHours, bad).is_err(), "{bad}");
        }
        assert!(
            s.set(SettingKey::StructureName, "PLIE\u{1b}]0;x\u{7}")
                .is_err()
        );
        s.set(SettingKey::OperationCode, " 202300042 ").unwrap();
        assert_eq!(s.operation_code, "202300042");
        s.set(SettingKey::PositiveExitTarget, "40 %").unwrap();
        assert_eq!(s.positive_exit_target, 40);
        assert!(s.set(SettingKey::PositiveExitTarget, "101").is_err());
        assert_eq!(
            SettingKey::parse("nope").unwrap_err().key,
            "settings.error.unknown_key"
        );
        for key in SettingKey::ALL {
            assert_eq!(SettingKey::parse(key.code()).unwrap(), key);
        }
    }

    #[test]
    fn activity_lists_are_checked() {
        assert!(validate_activities(&default_activities()).is_ok());
        let refused = |list: Vec<Activity>| validate_activities(&list).unwrap_err().key;
        assert_eq!(refused(vec![]), "settings.error.no_activity");
        for code in ["ind", "I", "TOOLONGXX", "IN D", "IND1", "ÉTÉ"] {
            assert_eq!(
                refused(vec![activity(code)]),
                "settings.error.activity_code",
                "{code}"
            );
        }
        assert_eq!(
            refused(vec![activity("IND"), activity("COL"), activity("IND")]),
            "settings.error.activity_twice"
        );
        let mut blank = activity("IND");
        blank.label_fr = " ".into();
        assert_eq!(refused(vec![blank]), "settings.error.activity_label");
    }

    #[test]
    fn a_settings_file_replaces_only_what_it_names() {
        let file: SettingsFile =
            toml::from_str("timezone = \"America/Martinique\"\n[operation]\ncode = \"OP-1\"\n")
                .unwrap();
        let current = PlieSettings {
            structure_name: "PLIE du Val".into(),
            ..PlieSettings::default()
        };
        let next = file.apply_to(&current).unwrap();
        assert_eq!(next.structure_name, "PLIE du Val");
        assert_eq!(next.operation_code, "OP-1");
        assert_eq!(next.timezone, chrono_tz::America::Martinique);
        assert!(toml::from_str::<SettingsFile>("language = \"fr\"\n").is_err());
    }
}

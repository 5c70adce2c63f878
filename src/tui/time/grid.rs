//! The week's time as grid rows: one row per (activity, participant or none),
//! one cell per day, each cell holding the entries behind it.

use chrono::NaiveDate;

use crate::domain::time::{Activity, TimeEntry};

/// What a grid row is about: an activity, and a participant or none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RowKey {
    /// Activity code.
    pub activity: String,
    /// File number of the participant, if any.
    pub participant: Option<String>,
}

impl RowKey {
    /// The row of an entry.
    pub fn of(entry: &TimeEntry) -> Self {
        Self {
            activity: entry.activity.clone(),
            participant: entry.participant.clone(),
        }
    }
}

/// One row of the grid.
#[derive(Debug, Clone, PartialEq)]
pub struct GridRow {
    /// Activity and participant.
    pub key: RowKey,
    /// The entries of each day, Monday first, in the order they were made.
    pub cells: [Vec<TimeEntry>; 7],
}

impl GridRow {
    fn empty(key: RowKey) -> Self {
        Self {
            key,
            cells: Default::default(),
        }
    }

    /// Minutes of one day (0 to 6, Monday first).
    pub fn minutes(&self, day: usize) -> u32 {
        self.cells
            .get(day)
            .map_or(0, |c| c.iter().map(|e| e.minutes).sum())
    }

    /// Minutes of the whole week.
    pub fn total(&self) -> u32 {
        (0..7).map(|d| self.minutes(d)).sum()
    }
}

/// The grid of a week whose Monday is `monday`: a row per (activity,
/// participant) holding time, plus the `extra` rows the user added and has
/// not filled yet; rows in the order of `activities`, then without
/// participant first, then by file number.
pub fn rows(
    entries: &[TimeEntry],
    extra: &[RowKey],
    activities: &[Activity],
    monday: NaiveDate,
) -> Vec<GridRow> {
    let mut rows: Vec<GridRow> = Vec::new();
    for entry in entries {
        let Ok(day @ 0..=6) = usize::try_from((entry.date - monday).num_days()) else {
            continue;
        };
        let key = RowKey::of(entry);
        let index = match rows.iter().position(|r| r.key == key) {
            Some(i) => i,
            None => {
                rows.push(GridRow::empty(key));
                rows.len() - 1
            }
        };
        rows[index].cells[day].push(entry.clone());
    }
    for key in extra {
        if !rows.iter().any(|r| &r.key == key) {
            rows.push(GridRow::empty(key.clone()));
        }
    }
    let rank = |code: &str| {
        activities
            .iter()
            .position(|a| a.code == code)
            .unwrap_or(activities.len())
    };
    rows.sort_by(|a, b| {
        (rank(&a.key.activity), &a.key.activity, &a.key.participant).cmp(&(
            rank(&b.key.activity),
            &b.key.activity,
            &b.key.participant,
        ))
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::time::default_activities;

    fn entry(id: i64, day: u32, minutes: u32, activity: &str, who: Option<&str>) -> TimeEntry {
        TimeEntry {
            id,
            referent: "demo".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            minutes,
            activity: activity.into(),
            participant: who.map(Into::into),
            appointment_id: None,
            note: String::new(),
            version: 1,
        }
    }

    #[test]
    fn groups_entries_by_row_and_day_in_activity_order() {
        let monday = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let entries = [
            entry(1, 23, 60, "FILE", None),
            entry(2, 23, 45, "IND", Some("P-2026-0002")),
            entry(3, 24, 30, "IND", Some("P-2026-0002")),
            entry(4, 24, 30, "IND", Some("P-2026-0002")),
            entry(5, 25, 90, "IND", None),
            entry(6, 30, 90, "IND", None),
        ];
        let extra = [RowKey {
            activity: "ADM".into(),
            participant: None,
        }];
        let rows = rows(&entries, &extra, &default_activities(), monday);
        let keys: Vec<_> = rows
            .iter()
            .map(|r| (r.key.activity.as_str(), r.key.participant.as_deref()))
            .collect();
        assert_eq!(
            keys,
            [
                ("IND", None),
                ("IND", Some("P-2026-0002")),
                ("FILE", None),
                ("ADM", None)
            ]
        );
        assert_eq!(rows[1].cells[1].len(), 2);
        assert_eq!(rows[1].minutes(1), 60);
        assert_eq!(rows[1].total(), 105);
        assert_eq!(rows[0].total(), 90, "the next week's entry is left out");
        assert_eq!(rows[3].total(), 0);
    }
}

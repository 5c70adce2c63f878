//! Entries proposed to the referent: from the week's attended appointments
//! (`g`) and from the previous week's rows without participant (`c`), to
//! which the referent may add last week's individual meetings.

use chrono::{Datelike, NaiveDate};
use chrono_tz::Tz;

use super::grid::RowKey;
use crate::domain::IsoWeek;
use crate::domain::agenda::{Appointment, AppointmentStatus};
use crate::domain::time::{NewTimeEntry, TimeEntry};

/// An entry the referent may accept or drop.
#[derive(Debug, Clone, PartialEq)]
pub struct Proposal {
    /// What would be stored.
    pub entry: NewTimeEntry,
    /// The appointment's title, when it comes from the agenda.
    pub title: Option<String>,
}

impl Proposal {
    /// The grid row the entry would go to.
    pub fn row(&self) -> RowKey {
        RowKey {
            activity: self.entry.activity.clone(),
            participant: self.entry.participant.clone(),
        }
    }
}

/// The week's attended appointments not yet turned into time: not linked to
/// an entry, not already proposed. Activity from the appointment's kind,
/// minutes from its length, its participant; the title as the note when no
/// participant is concerned.
pub fn from_appointments(
    appointments: &[Appointment],
    entries: &[TimeEntry],
    pending: &[Proposal],
    week: IsoWeek,
    tz: Tz,
) -> Vec<Proposal> {
    let used = |id: i64| {
        entries.iter().any(|e| e.appointment_id == Some(id))
            || pending.iter().any(|p| p.entry.appointment_id == Some(id))
    };
    appointments
        .iter()
        .filter(|a| a.status == AppointmentStatus::Done && !used(a.id))
        .filter_map(|a| {
            let date = a.starts_at.with_timezone(&tz).date_naive();
            week.contains(date).then(|| Proposal {
                entry: NewTimeEntry {
                    date,
                    minutes: a.minutes,
                    activity: a.kind.default_activity().to_owned(),
                    participant: a.participant.clone(),
                    appointment_id: Some(a.id),
                    note: if a.participant.is_some() {
                        String::new()
                    } else {
                        a.title.clone()
                    },
                },
                title: Some(a.title.clone()),
            })
        })
        .collect()
}

/// The previous week's recurring rows: its entries without participant nor
/// appointment, moved to the same weekday of `week`, except where that cell
/// already holds time or a proposal.
pub fn from_previous_week(
    previous: &[TimeEntry],
    entries: &[TimeEntry],
    pending: &[Proposal],
    week: IsoWeek,
) -> Vec<Proposal> {
    let recurring = previous
        .iter()
        .filter(|e| e.participant.is_none() && e.appointment_id.is_none());
    moved(recurring, entries, pending, week, true)
}

/// The previous week's individual meetings, copied only when the referent
/// asks: its entries with a participant still in `caseload` (file numbers),
/// moved to the same weekday of `week` without their appointment link nor
/// note, except where that cell already holds time or a proposal.
pub fn individual_meetings(
    previous: &[TimeEntry],
    entries: &[TimeEntry],
    pending: &[Proposal],
    week: IsoWeek,
    caseload: &[&str],
) -> Vec<Proposal> {
    let meetings = previous.iter().filter(|e| {
        e.participant
            .as_deref()
            .is_some_and(|file| caseload.contains(&file))
    });
    moved(meetings, entries, pending, week, false)
}

/// `previous` entries as proposals on the same weekday of `week`, skipping
/// cells that already hold time or a proposal; notes kept when `keep_note`.
fn moved<'a>(
    previous: impl Iterator<Item = &'a TimeEntry>,
    entries: &[TimeEntry],
    pending: &[Proposal],
    week: IsoWeek,
    keep_note: bool,
) -> Vec<Proposal> {
    let taken = |key: &RowKey, date: NaiveDate| {
        entries
            .iter()
            .any(|e| e.date == date && RowKey::of(e) == *key)
            || pending
                .iter()
                .any(|p| p.entry.date == date && p.row() == *key)
    };
    previous
        .filter_map(|e| {
            let date = week.days()[e.date.weekday().num_days_from_monday() as usize];
            let key = RowKey::of(e);
            (!taken(&key, date)).then(|| Proposal {
                entry: NewTimeEntry {
                    date,
                    minutes: e.minutes,
                    activity: e.activity.clone(),
                    participant: e.participant.clone(),
                    appointment_id: None,
                    note: if keep_note {
                        e.note.clone()
                    } else {
                        String::new()
                    },
                },
                title: None,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::agenda::AppointmentKind;
    use chrono::{TimeZone, Utc};

    fn week() -> IsoWeek {
        IsoWeek::containing(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap())
    }

    fn appointment(id: i64, day: u32, status: AppointmentStatus, who: Option<&str>) -> Appointment {
        Appointment {
            id,
            referent: "demo".into(),
            participant: who.map(Into::into),
            participant_name: None,
            kind: if who.is_some() {
                AppointmentKind::Individual
            } else {
                AppointmentKind::Workshop
            },
            starts_at: Utc.with_ymd_and_hms(2026, 11, day, 9, 0, 0).unwrap(),
            minutes: 45,
            title: "Atelier fictif".into(),
            location: String::new(),
            status,
            uid: format!("u{id}"),
            version: 1,
        }
    }

    fn entry(id: i64, day: u32, activity: &str, appointment: Option<i64>) -> TimeEntry {
        TimeEntry {
            id,
            referent: "demo".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
            minutes: 60,
            activity: activity.into(),
            participant: None,
            appointment_id: appointment,
            note: "Note".into(),
            version: 1,
        }
    }

    #[test]
    fn attended_appointments_once_each() {
        let tz = chrono_tz::Europe::Paris;
        let appointments = [
            appointment(1, 23, AppointmentStatus::Done, Some("P-2026-0001")),
            appointment(2, 24, AppointmentStatus::Planned, Some("P-2026-0002")),
            appointment(3, 24, AppointmentStatus::Done, None),
            appointment(4, 25, AppointmentStatus::Done, Some("P-2026-0003")),
            appointment(5, 25, AppointmentStatus::NoShow, Some("P-2026-0004")),
        ];
        let entries = [entry(10, 25, "IND", Some(4))];
        let first = from_appointments(&appointments, &entries, &[], week(), tz);
        let ids: Vec<_> = first.iter().map(|p| p.entry.appointment_id).collect();
        assert_eq!(ids, [Some(1), Some(3)]);
        assert_eq!(first[0].entry.activity, "IND");
        assert_eq!(first[0].entry.minutes, 45);
        assert_eq!(first[0].entry.note, "");
        assert_eq!(first[1].entry.activity, "COL");
        assert_eq!(first[1].entry.note, "Atelier fictif");
        assert!(from_appointments(&appointments, &entries, &first, week(), tz).is_empty());
    }

    #[test]
    fn previous_week_rows_without_participant() {
        let mut with_participant = entry(3, 17, "IND", None);
        with_participant.participant = Some("P-2026-0001".into());
        let previous = [
            entry(1, 16, "FILE", None),
            entry(2, 17, "COL", Some(7)),
            with_participant,
            entry(4, 20, "ADM", None),
        ];
        let current = [entry(9, 27, "ADM", None)];
        let proposed = from_previous_week(&previous, &current, &[], week());
        assert_eq!(proposed.len(), 1);
        assert_eq!(
            proposed[0].entry.date,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert_eq!(proposed[0].entry.activity, "FILE");
        assert!(from_previous_week(&previous, &current, &proposed, week()).is_empty());
    }

    #[test]
    fn individual_meetings_only_when_asked_and_in_the_caseload() {
        let mut meeting = entry(3, 17, "IND", Some(5));
        meeting.participant = Some("P-2026-0001".into());
        let mut gone = entry(4, 18, "IND", None);
        gone.participant = Some("P-2026-0009".into());
        let previous = [entry(1, 16, "FILE", None), meeting, gone];
        let caseload = ["P-2026-0001", "P-2026-0002"];
        let proposed = individual_meetings(&previous, &[], &[], week(), &caseload);
        assert_eq!(proposed.len(), 1);
        let copy = &proposed[0].entry;
        assert_eq!(copy.participant.as_deref(), Some("P-2026-0001"));
        assert_eq!(copy.date, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        assert_eq!((copy.appointment_id, copy.note.as_str()), (None, ""));
        assert!(individual_meetings(&previous, &[], &proposed, week(), &caseload).is_empty());
    }
}

//! Rules of the agenda: local times and UTC instants, overlaps, weekly slots,
//! and what an appointment leaves in the participant's journal.

use std::collections::BTreeSet;

use chrono::{DateTime, Days, LocalResult, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::DomainError;
use super::agenda::{Appointment, AppointmentKind, AppointmentStatus};
use super::journal::ContactKind;

/// The most occurrences a weekly slot may be created with at once (two years of weeks).
pub const MAX_WEEKLY_OCCURRENCES: usize = 104;

/// The fields a referent types for an appointment: what the create, edit and move forms save.
#[derive(Debug, Clone, PartialEq)]
pub struct AppointmentFields {
    /// File number of the participant met, if any.
    pub participant: Option<String>,
    /// What it is for.
    pub kind: AppointmentKind,
    /// Start, in UTC.
    pub starts_at: DateTime<Utc>,
    /// Length in minutes.
    pub minutes: u32,
    /// Short title.
    pub title: String,
    /// Where it takes place.
    pub location: String,
    /// Free notes (kept in the agenda, never exported).
    pub notes: String,
}

impl AppointmentFields {
    /// Checks the texts: title and place on one line, notes on several.
    pub fn validate(&self) -> Result<(), DomainError> {
        use super::text::{Lines, check_all};
        check_all(&[
            ("agenda.field.title", &self.title, Lines::One),
            ("agenda.field.location", &self.location, Lines::One),
            ("agenda.field.notes", &self.notes, Lines::Many),
        ])
    }

    /// The fields of an existing appointment, with its notes.
    pub fn of(appointment: &Appointment, notes: &str) -> Self {
        Self {
            participant: appointment.participant.clone(),
            kind: appointment.kind,
            starts_at: appointment.starts_at,
            minutes: appointment.minutes,
            title: appointment.title.clone(),
            location: appointment.location.clone(),
            notes: notes.to_owned(),
        }
    }
}

/// The UTC instant of a local date and time in `tz`.
///
/// A time skipped when the clocks go forward is refused; one that happens twice
/// when they go back is taken at its first occurrence.
pub fn local_instant(
    date: NaiveDate,
    time: NaiveTime,
    tz: Tz,
) -> Result<DateTime<Utc>, DomainError> {
    match tz.from_local_datetime(&date.and_time(time)) {
        LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.with_timezone(&Utc)),
        LocalResult::None => Err(DomainError::new("agenda.error.skipped_time")
            .arg("value", date.and_time(time).format("%Y-%m-%d %H:%M"))
            .arg("tz", tz.name())),
    }
}

/// The end of an appointment.
pub fn ends_at(appointment: &Appointment) -> DateTime<Utc> {
    appointment.starts_at + chrono::Duration::minutes(i64::from(appointment.minutes))
}

/// Whether an appointment still takes up its time (a cancelled one does not).
pub fn occupies(appointment: &Appointment) -> bool {
    appointment.status != AppointmentStatus::Cancelled
}

/// Ids of the appointments that overlap another one; cancelled ones are ignored.
pub fn overlapping(appointments: &[Appointment]) -> BTreeSet<i64> {
    let mut sorted: Vec<&Appointment> = appointments.iter().filter(|a| occupies(a)).collect();
    sorted.sort_by_key(|a| (a.starts_at, a.id));
    let mut ids = BTreeSet::new();
    for (i, a) in sorted.iter().enumerate() {
        for b in &sorted[i + 1..] {
            if b.starts_at >= ends_at(a) {
                break;
            }
            ids.insert(a.id);
            ids.insert(b.id);
        }
    }
    ids
}

/// The appointments of `existing` that a slot from `start` for `minutes` would overlap,
/// leaving out the appointment `except` (the one being edited) and cancelled ones.
pub fn clashes(
    existing: &[Appointment],
    start: DateTime<Utc>,
    minutes: u32,
    except: Option<i64>,
) -> Vec<&Appointment> {
    let end = start + chrono::Duration::minutes(i64::from(minutes));
    existing
        .iter()
        .filter(|a| occupies(a) && Some(a.id) != except)
        .filter(|a| a.starts_at < end && ends_at(a) > start)
        .collect()
}

/// The UTC starts of a weekly slot: the local `time` on `first` and on the same
/// weekday of every following week up to `until` included. Each occurrence keeps
/// its local time across a daylight-saving change.
pub fn weekly_starts(
    first: NaiveDate,
    time: NaiveTime,
    until: NaiveDate,
    tz: Tz,
) -> Result<Vec<DateTime<Utc>>, DomainError> {
    if until < first {
        return Err(DomainError::new("agenda.error.range")
            .arg("from", first)
            .arg("to", until));
    }
    let weeks = (until - first).num_days() / 7 + 1;
    if usize::try_from(weeks).unwrap_or(usize::MAX) > MAX_WEEKLY_OCCURRENCES {
        return Err(DomainError::new("agenda.error.too_many")
            .arg("n", weeks)
            .arg("max", MAX_WEEKLY_OCCURRENCES));
    }
    let mut starts = Vec::new();
    let mut day = first;
    while day <= until {
        starts.push(local_instant(day, time, tz)?);
        day = day
            .checked_add_days(Days::new(7))
            .ok_or_else(|| DomainError::new("error.date").arg("value", day))?;
    }
    Ok(starts)
}

/// The journal contact an appointment leaves when it is marked `status`:
/// none for a planned or cancelled one or one without a participant, a
/// no-show for a no-show, else how the meeting took place.
pub fn contact_kind(kind: AppointmentKind, status: AppointmentStatus) -> Option<ContactKind> {
    match status {
        AppointmentStatus::NoShow => Some(ContactKind::NoShow),
        AppointmentStatus::Done => Some(match kind {
            AppointmentKind::Workshop | AppointmentKind::Welcome | AppointmentKind::JobDating => {
                ContactKind::Collective
            }
            AppointmentKind::Commission | AppointmentKind::Partner => ContactKind::Tripartite,
            _ => ContactKind::FaceToFace,
        }),
        AppointmentStatus::Planned | AppointmentStatus::Cancelled => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn appt(id: i64, start: DateTime<Utc>, minutes: u32, status: AppointmentStatus) -> Appointment {
        Appointment {
            id,
            referent: "demo".into(),
            participant: None,
            participant_name: None,
            kind: AppointmentKind::Other,
            starts_at: start,
            minutes,
            title: String::new(),
            location: String::new(),
            status,
            uid: format!("u{id}"),
            version: 1,
        }
    }

    #[test]
    fn local_times_follow_the_zone() {
        let paris = chrono_tz::Europe::Paris;
        let t = local_instant(d(2026, 10, 23), hm(9, 0), paris).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-23T07:00:00+00:00");
        let t = local_instant(d(2026, 10, 26), hm(9, 0), paris).unwrap();
        assert_eq!(t.to_rfc3339(), "2026-10-26T08:00:00+00:00");
        let mq = local_instant(d(2026, 10, 26), hm(9, 0), chrono_tz::America::Martinique).unwrap();
        assert_eq!(mq.to_rfc3339(), "2026-10-26T13:00:00+00:00");
        assert!(local_instant(d(2026, 3, 29), hm(2, 30), paris).is_err());
    }

    #[test]
    fn weekly_slots_keep_their_local_time_across_dst() {
        let paris = chrono_tz::Europe::Paris;
        let starts = weekly_starts(d(2026, 10, 13), hm(9, 0), d(2026, 11, 3), paris).unwrap();
        let local: Vec<String> = starts
            .iter()
            .map(|s| s.with_timezone(&paris).format("%Y-%m-%d %H:%M").to_string())
            .collect();
        assert_eq!(
            local,
            [
                "2026-10-13 09:00",
                "2026-10-20 09:00",
                "2026-10-27 09:00",
                "2026-11-03 09:00"
            ]
        );
        assert_eq!(starts[1].to_rfc3339(), "2026-10-20T07:00:00+00:00");
        assert_eq!(starts[2].to_rfc3339(), "2026-10-27T08:00:00+00:00");
        assert!(weekly_starts(d(2026, 11, 3), hm(9, 0), d(2026, 11, 2), paris).is_err());
        assert!(weekly_starts(d(2026, 1, 1), hm(9, 0), d(2029, 1, 1), paris).is_err());
    }

    #[test]
    fn overlaps_ignore_cancelled_and_touching() {
        let at = |h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, 24, h, m, 0).unwrap();
        let list = [
            appt(1, at(9, 0), 60, AppointmentStatus::Planned),
            appt(2, at(9, 30), 30, AppointmentStatus::Planned),
            appt(3, at(10, 0), 30, AppointmentStatus::Planned),
            appt(4, at(10, 0), 60, AppointmentStatus::Cancelled),
            appt(5, at(8, 0), 240, AppointmentStatus::Done),
        ];
        assert_eq!(
            overlapping(&list[..4]).into_iter().collect::<Vec<_>>(),
            [1, 2]
        );
        assert_eq!(overlapping(&list).len(), 4);
        let ids: Vec<i64> = clashes(&list[..4], at(9, 45), 30, Some(2))
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(ids, [1, 3]);
    }

    #[test]
    fn journal_contacts_of_statuses() {
        use AppointmentKind as K;
        use AppointmentStatus as S;
        assert_eq!(
            contact_kind(K::Individual, S::Done),
            Some(ContactKind::FaceToFace)
        );
        assert_eq!(
            contact_kind(K::Individual, S::NoShow),
            Some(ContactKind::NoShow)
        );
        assert_eq!(
            contact_kind(K::Workshop, S::Done),
            Some(ContactKind::Collective)
        );
        assert_eq!(contact_kind(K::Individual, S::Cancelled), None);
    }
}

//! One week of appointments as the agenda shows it: which days, what falls on
//! each, and the short texts of an appointment. Pure functions, no terminal.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use chrono_tz::Tz;

use crate::domain::IsoWeek;
use crate::domain::agenda::{Appointment, AppointmentStatus};
use crate::domain::schedule::ends_at;
use crate::i18n::t;
use crate::tui::show;

/// The week of appointments shown, with their overlaps.
#[derive(Debug, Clone, PartialEq)]
pub struct Week {
    /// The ISO week.
    pub week: IsoWeek,
    /// Its appointments, in time order.
    pub appointments: Vec<Appointment>,
    /// Ids of the appointments that overlap another.
    pub overlaps: BTreeSet<i64>,
    tz: Tz,
}

impl Week {
    /// A week and its appointments (in time order), times shown in `tz`.
    pub fn new(week: IsoWeek, appointments: Vec<Appointment>, tz: Tz) -> Self {
        let overlaps = crate::domain::schedule::overlapping(&appointments);
        Self {
            week,
            appointments,
            overlaps,
            tz,
        }
    }

    /// The time zone times are shown in.
    pub fn tz(&self) -> Tz {
        self.tz
    }

    /// The local day an appointment falls on.
    pub fn day_of(&self, appointment: &Appointment) -> NaiveDate {
        appointment.starts_at.with_timezone(&self.tz).date_naive()
    }

    /// The days shown: Monday to Friday, and Saturday and Sunday when they hold something.
    pub fn days(&self) -> Vec<NaiveDate> {
        let busy: BTreeSet<NaiveDate> = self.appointments.iter().map(|a| self.day_of(a)).collect();
        self.week
            .days()
            .into_iter()
            .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) || busy.contains(d))
            .collect()
    }

    /// Indexes (into [`Week::appointments`]) of the appointments of `day`, in time order.
    pub fn on(&self, day: NaiveDate) -> Vec<usize> {
        self.appointments
            .iter()
            .enumerate()
            .filter(|(_, a)| self.day_of(a) == day)
            .map(|(i, _)| i)
            .collect()
    }

    /// Whether the appointment overlaps another one.
    pub fn overlaps(&self, appointment: &Appointment) -> bool {
        self.overlaps.contains(&appointment.id)
    }

    /// Local start time, `09:30`.
    pub fn start(&self, appointment: &Appointment) -> String {
        show::time(show::local(appointment.starts_at, self.tz))
    }

    /// Local end time, `10:15`.
    pub fn end(&self, appointment: &Appointment) -> String {
        show::time(show::local(ends_at(appointment), self.tz))
    }
}

/// A length as the agenda writes it: `45m`, `1h`, `1h30`.
pub fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}"),
    }
}

/// The short label of an appointment's kind, for narrow columns.
pub fn short_kind(appointment: &Appointment) -> String {
    t(&format!("agenda.kind_short.{}", appointment.kind.code()))
}

/// The one-character mark of a status: nothing for planned.
pub fn status_mark(status: AppointmentStatus, ascii: bool) -> &'static str {
    match (status, ascii) {
        (AppointmentStatus::Planned, _) => " ",
        (AppointmentStatus::Done, false) => "✓",
        (AppointmentStatus::Done, true) => "v",
        (AppointmentStatus::NoShow, false) => "✗",
        (AppointmentStatus::NoShow, true) => "x",
        (AppointmentStatus::Cancelled, false) => "–",
        (AppointmentStatus::Cancelled, true) => "-",
    }
}

/// Short weekday and day of month in the current language: `Mon 23`.
pub fn day_heading(day: NaiveDate) -> String {
    let weekday = t(&format!(
        "agenda.weekday.{}",
        day.weekday().num_days_from_monday()
    ));
    format!("{weekday} {}", day.day())
}

/// Short month name in the current language.
pub fn month(day: NaiveDate) -> String {
    t(&format!("agenda.month.{}", day.month()))
}

/// The week's days as a range: `23–29 Nov 2026`, `30 Nov – 6 Dec 2026`.
pub fn range(week: IsoWeek) -> String {
    let (first, last) = (week.monday(), week.sunday());
    if first.month() == last.month() {
        format!(
            "{}–{} {} {}",
            first.day(),
            last.day(),
            month(last),
            last.year()
        )
    } else if first.year() == last.year() {
        format!(
            "{} {} – {} {} {}",
            first.day(),
            month(first),
            last.day(),
            month(last),
            last.year()
        )
    } else {
        format!(
            "{} {} {} – {} {} {}",
            first.day(),
            month(first),
            first.year(),
            last.day(),
            month(last),
            last.year()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    use crate::domain::agenda::AppointmentKind;

    fn appt(id: i64, day: u32, hour: u32) -> Appointment {
        Appointment {
            id,
            referent: "demo".into(),
            participant: None,
            participant_name: None,
            kind: AppointmentKind::Other,
            starts_at: Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap(),
            minutes: 60,
            title: String::new(),
            location: String::new(),
            status: AppointmentStatus::Planned,
            uid: format!("u{id}"),
            version: 1,
        }
    }

    #[test]
    fn weekend_days_only_when_busy() {
        let week = IsoWeek::new(2026, 48).unwrap();
        let tz = chrono_tz::America::Martinique;
        let plain = Week::new(week, vec![appt(1, 23, 13)], tz);
        assert_eq!(plain.days().len(), 5);
        // 01:00 UTC on Sunday is still Saturday evening in Martinique.
        let saturday = Week::new(week, vec![appt(1, 23, 13), appt(2, 29, 1)], tz);
        let days = saturday.days();
        assert_eq!(days.len(), 6);
        assert_eq!(days[5].weekday(), Weekday::Sat);
        assert_eq!(saturday.on(days[5]), [1]);
        assert_eq!(saturday.start(&saturday.appointments[1]), "21:00");
    }

    #[test]
    fn texts() {
        crate::i18n::set_language(crate::i18n::Lang::En);
        assert_eq!(duration(45), "45m");
        assert_eq!(duration(60), "1h");
        assert_eq!(duration(90), "1h30");
        assert_eq!(range(IsoWeek::new(2026, 48).unwrap()), "23–29 Nov 2026");
        assert_eq!(
            range(IsoWeek::new(2026, 49).unwrap()),
            "30 Nov – 6 Dec 2026"
        );
        assert_eq!(
            range(IsoWeek::new(2026, 53).unwrap()),
            "28 Dec 2026 – 3 Jan 2027"
        );
        assert_eq!(
            day_heading(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
            "Mon 23"
        );
    }
}

//! Working days, the PLIE's fixed rhythm (commissions, workshops) and each referent's week.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use std::collections::BTreeSet;

use super::dice::Dice;
use super::territory::TIME_ZONE;
use crate::domain::IsoWeek;

/// Whether the date is a Saturday or a Sunday.
pub(super) fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The date itself, or the Monday after when it falls on a weekend.
pub(super) fn weekday_on_or_after(d: NaiveDate) -> NaiveDate {
    match d.weekday() {
        Weekday::Sat => d + Days::new(2),
        Weekday::Sun => d + Days::new(1),
        _ => d,
    }
}

/// The first `weekday` on or after `d`.
pub(super) fn next(d: NaiveDate, weekday: Weekday) -> NaiveDate {
    let ahead = (7 + weekday.num_days_from_monday() - d.weekday().num_days_from_monday()) % 7;
    d + Days::new(u64::from(ahead))
}

/// The last `weekday` on or before `d`.
pub(super) fn previous(d: NaiveDate, weekday: Weekday) -> NaiveDate {
    let back = (7 + d.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    d - Days::new(u64::from(back))
}

/// Whether the entry commission meets on this date: Thursdays of even ISO weeks.
pub(super) fn is_commission_day(d: NaiveDate) -> bool {
    d.weekday() == Weekday::Thu && d.iso_week().week().is_multiple_of(2)
}

/// The first commission day on or after `d`.
pub(super) fn commission_on_or_after(d: NaiveDate) -> NaiveDate {
    let thursday = next(d, Weekday::Thu);
    if is_commission_day(thursday) {
        thursday
    } else {
        thursday + Days::new(7)
    }
}

/// The last commission day on or before `d`.
pub(super) fn commission_on_or_before(d: NaiveDate) -> NaiveDate {
    let thursday = previous(d, Weekday::Thu);
    if is_commission_day(thursday) {
        thursday
    } else {
        thursday - Days::new(7)
    }
}

/// A local time of the PLIE on `d`, as a UTC instant.
pub(super) fn local(d: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
    let time = NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN);
    let naive = d.and_time(time);
    TIME_ZONE
        .from_local_datetime(&naive)
        .earliest()
        .map_or_else(|| naive.and_utc(), |t| t.with_timezone(&Utc))
}

/// One referent's working pattern over the generated period.
pub(super) struct Calendar {
    /// Part-time referents do not work on Wednesdays.
    part_time: bool,
    /// Day of the weekly welcome half-day.
    pub welcome: Weekday,
    /// Day of the weekly company visit or job dating (afternoon).
    pub employers: Weekday,
    /// Day of the fortnightly partners' meeting (afternoon, even weeks).
    pub partners: Weekday,
    /// Weeks of leave.
    leave: BTreeSet<IsoWeek>,
}

impl Calendar {
    /// The pattern of the `index`-th referent: weekdays spread across referents,
    /// about four weeks of leave a year, none around `today`.
    pub fn new(
        dice: &mut Dice,
        index: usize,
        part_time: bool,
        start: NaiveDate,
        today: NaiveDate,
    ) -> Self {
        use Weekday::{Fri, Mon, Thu, Tue, Wed};
        let mut welcome = [Tue, Mon, Fri, Wed][index % 4];
        let mut employers = [Wed, Mon, Tue, Fri, Thu][index % 5];
        if part_time && welcome == Wed {
            welcome = Tue;
        }
        if part_time && employers == Wed {
            employers = Thu;
        }
        let partners = if employers == Fri { Mon } else { Fri };
        let quiet_from = today - Days::new(21);
        let quiet_to = today + Days::new(35);
        let mut leave = BTreeSet::new();
        let mut week = IsoWeek::containing(start);
        while week.monday() <= today {
            let monday = week.monday();
            if !(quiet_from..=quiet_to).contains(&monday) && dice.chance(0.08) {
                leave.insert(week);
            }
            week = week.next();
        }
        Self {
            part_time,
            welcome,
            employers,
            partners,
            leave,
        }
    }

    /// Whether `d` is one of the referent's working days (leave counts as working: it is declared).
    pub fn works(&self, d: NaiveDate) -> bool {
        let day_off = self.part_time && d.weekday() == Weekday::Wed;
        !(is_weekend(d) || day_off)
    }

    /// Whether the referent is on leave on `d`.
    pub fn on_leave(&self, d: NaiveDate) -> bool {
        self.leave.contains(&IsoWeek::containing(d))
    }

    /// Whether the referent can see people on `d`.
    pub fn available(&self, d: NaiveDate) -> bool {
        self.works(d) && !self.on_leave(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn commissions_every_other_thursday() {
        // 2026-11-19 is the Thursday of 2026-W47 (odd), 2026-11-26 of W48 (even).
        assert_eq!(commission_on_or_after(d(2026, 11, 17)), d(2026, 11, 26));
        assert_eq!(commission_on_or_before(d(2026, 11, 25)), d(2026, 11, 12));
        assert!(is_commission_day(d(2026, 11, 26)));
    }

    #[test]
    fn weekdays_around_a_date() {
        assert_eq!(next(d(2026, 11, 23), Weekday::Mon), d(2026, 11, 23));
        assert_eq!(next(d(2026, 11, 24), Weekday::Mon), d(2026, 11, 30));
        assert_eq!(previous(d(2026, 11, 24), Weekday::Fri), d(2026, 11, 20));
        assert_eq!(weekday_on_or_after(d(2026, 11, 22)), d(2026, 11, 23));
    }

    #[test]
    fn martinique_is_four_hours_behind_utc() {
        assert_eq!(
            local(d(2026, 11, 23), 8, 30).to_rfc3339(),
            "2026-11-23T12:30:00+00:00"
        );
    }
}

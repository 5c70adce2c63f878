//! One referent's time entries, day by day, and the status of their past weeks.
//!
//! Each past working day holds about seven hours: the appointments that took
//! place (linked by `appointment_id`), phone and e-mail contacts, then file
//! work, ESF administration, travel and a little time outside the operation.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc, Weekday};

use super::agenda::{Agenda, Frame};
use super::calendar::local;
use super::dice::Dice;
use super::territory::TIME_ZONE;
use crate::domain::IsoWeek;
use crate::domain::agenda::{AppointmentKind, AppointmentStatus};
use crate::domain::journal::ContactKind;
use crate::domain::time::WeekStatus;
use crate::store::bulk::{TimeEntryRow, WeekRow};

/// Minutes of a working day (35 hours over five days).
const DAY_MINUTES: u32 = 7 * 60;

fn local_date(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&TIME_ZONE).date_naive()
}

struct Day<'a> {
    date: NaiveDate,
    referent_id: i64,
    entries: &'a mut Vec<TimeEntryRow>,
    used: u32,
}

impl Day<'_> {
    fn add(
        &mut self,
        minutes: u32,
        activity: &'static str,
        participant_id: Option<i64>,
        appointment_id: Option<i64>,
        note: &str,
    ) {
        if minutes == 0 {
            return;
        }
        self.used += minutes;
        self.entries.push(TimeEntryRow {
            referent_id: self.referent_id,
            entry_date: self.date,
            iso_week: IsoWeek::containing(self.date),
            minutes,
            activity_code: activity,
            participant_id,
            appointment_id,
            note: note.into(),
            created_at: local(self.date, 17, 45),
        });
    }

    fn left(&self) -> u32 {
        DAY_MINUTES.saturating_sub(self.used)
    }
}

/// The referent's time entries for every working day before today.
pub(super) fn time_entries(
    dice: &mut Dice,
    frame: &Frame,
    agenda: &Agenda,
    out: &mut Vec<TimeEntryRow>,
) {
    let mut appointments = agenda.appointments.iter().peekable();
    let mut contacts = agenda.contacts.iter().peekable();
    let mut date = frame.start;
    while date < frame.today {
        let mut day = Day {
            date,
            referent_id: frame.referent_id,
            entries: &mut *out,
            used: 0,
        };
        let mut trips = 0;
        while let Some(a) = appointments.next_if(|a| local_date(a.starts_at) <= date) {
            if local_date(a.starts_at) < date || a.status != AppointmentStatus::Done {
                continue;
            }
            let activity = a.kind.default_activity();
            let note = if a.participant_id.is_some() {
                ""
            } else {
                &a.title
            };
            day.add(a.minutes, activity, a.participant_id, Some(a.id), note);
            if matches!(
                a.kind,
                AppointmentKind::CompanyVisit | AppointmentKind::JobDating
            ) || a.location == "Domicile"
            {
                trips += 1;
            }
        }
        while let Some(c) = contacts.next_if(|c| c.contact_on <= date) {
            if c.contact_on < date || c.appointment_id.is_some() {
                continue;
            }
            let note = match c.kind {
                ContactKind::Email => "Échange de courriels",
                _ => "Entretien téléphonique",
            };
            day.add(c.minutes, "IND", Some(c.participant_id), None, note);
        }
        if frame.calendar.works(date) {
            if frame.calendar.on_leave(date) {
                day.add(day.left(), "OUT", None, None, "Congés");
            } else {
                fill(dice, &mut day, trips);
            }
        }
        date = date + Days::new(1);
    }
}

/// Completes a working day with travel, ESF administration, meetings outside the
/// operation and file work.
fn fill(dice: &mut Dice, day: &mut Day, trips: u32) {
    if trips > 0 && day.left() >= 30 {
        day.add(30 * trips.min(2), "TRAV", None, None, "Déplacements");
    }
    let friday = day.date.weekday() == Weekday::Fri;
    if day.left() >= 60 && dice.chance(if friday { 0.8 } else { 0.25 }) {
        let minutes = *dice.pick(&[30, 45, 60]);
        day.add(minutes, "ADM", None, None, "Saisie des temps et pièces FSE");
    }
    if day.left() >= 120 && dice.chance(0.07) {
        let note = *dice.pick(&["Réunion de service", "Formation interne"]);
        let minutes = *dice.pick(&[60, 120]);
        day.add(minutes, "OUT", None, None, note);
    }
    let left = day.left();
    day.add(
        left,
        "FILE",
        None,
        None,
        "Comptes rendus et mise à jour des dossiers",
    );
}

/// The status rows of the referent's past weeks: validated up to the week before last,
/// last week submitted when `submit_last`, the current week left as a draft.
pub(super) fn weeks(frame: &Frame, coordinator_id: i64, submit_last: bool, out: &mut Vec<WeekRow>) {
    let current = IsoWeek::containing(frame.today);
    let last = current.previous();
    let mut week = IsoWeek::containing(frame.start);
    while week < current {
        let friday = week.monday() + Days::new(4);
        let submitted = Some((local(friday, 17, 0), frame.referent_id));
        let row = if week < last {
            let validated = local(week.next().monday(), 9, 0);
            Some((WeekStatus::Validated, Some((validated, coordinator_id))))
        } else {
            submit_last.then_some((WeekStatus::Submitted, None))
        };
        if let Some((status, validated)) = row {
            out.push(WeekRow {
                referent_id: frame.referent_id,
                iso_week: week,
                status,
                submitted,
                validated,
            });
        }
        week = week.next();
    }
}

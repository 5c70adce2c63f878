//! One referent's agenda: the fixed weekly rhythm, then each participant's meetings in
//! the free slots, and the journal contacts of the meetings that took place.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeMap;

use super::calendar::{Calendar, is_commission_day, local};
use super::dice::Dice;
use super::journal::{Meeting, Purpose, note, title};
use super::territory::{EMPLOYERS, OFFICES};
use crate::domain::agenda::{AppointmentKind, AppointmentStatus};
use crate::domain::journal::ContactKind;
use crate::store::bulk::{AppointmentRow, ContactRow};

/// Local start times of the individual slots: three in the morning, three in the afternoon.
const SLOTS: [(u32, u32); 6] = [(8, 30), (9, 30), (10, 30), (13, 30), (14, 30), (15, 30)];

const WORKSHOPS: &[&str] = &[
    "Atelier CV et lettre de motivation",
    "Atelier simulation d'entretien",
    "Atelier démarches en ligne",
    "Atelier mobilité et permis",
];

const PARTNERS: &[&str] = &[
    "Réunion partenaires – France Travail",
    "Réunion partenaires – CCAS",
    "Réunion partenaires – Mission Locale",
    "Réunion partenaires – CTM service RSA",
];

/// A referent's appointments and the contacts they led to.
#[derive(Default)]
pub(super) struct Agenda {
    /// Appointments, in time order, with their final ids.
    pub appointments: Vec<AppointmentRow>,
    /// Contacts that took place, in date order.
    pub contacts: Vec<ContactRow>,
}

/// What is already booked on a day.
struct Day {
    /// The welcome half-day's appointment, if any (index in the unsorted list).
    welcome: Option<usize>,
    /// Which of the [`SLOTS`] are free.
    free: [bool; 6],
}

/// Who, when and until when an agenda is built for.
pub(super) struct Frame<'a> {
    /// The referent's user id.
    pub referent_id: i64,
    /// Their office.
    pub office: &'a str,
    /// Their working pattern.
    pub calendar: &'a Calendar,
    /// First day of the generated period.
    pub start: NaiveDate,
    /// Today: before it appointments took place, from it they are planned.
    pub today: NaiveDate,
    /// Last day of the agenda.
    pub horizon: NaiveDate,
}

/// What an appointment is: kind, length, title and place.
struct Booking<'s> {
    kind: AppointmentKind,
    minutes: u32,
    title: &'s str,
    location: &'s str,
}

struct Builder<'a> {
    frame: &'a Frame<'a>,
    days: BTreeMap<NaiveDate, Day>,
    appointments: Vec<AppointmentRow>,
    contacts: Vec<(ContactRow, Option<usize>)>,
}

impl Builder<'_> {
    fn status(&self, d: NaiveDate) -> AppointmentStatus {
        if d < self.frame.today {
            AppointmentStatus::Done
        } else {
            AppointmentStatus::Planned
        }
    }

    /// Adds an appointment at a local time of `d`; returns its index.
    fn book(
        &mut self,
        d: NaiveDate,
        (hour, minute): (u32, u32),
        what: Booking,
        participant_id: Option<i64>,
        status: AppointmentStatus,
    ) -> usize {
        self.appointments.push(AppointmentRow {
            id: 0,
            referent_id: self.frame.referent_id,
            participant_id,
            kind: what.kind,
            starts_at: local(d, hour, minute),
            minutes: what.minutes,
            title: what.title.into(),
            location: what.location.into(),
            status,
            uid: String::new(),
        });
        self.appointments.len() - 1
    }

    /// The weekly rhythm: welcome half-day, commission or workshop on Thursday mornings,
    /// a company visit or job dating, a partners' meeting every other week.
    fn fixed(&mut self, dice: &mut Dice) {
        let cal = self.frame.calendar;
        let mut d = self.frame.start;
        while d <= self.frame.horizon {
            if cal.available(d) {
                let mut day = Day {
                    welcome: None,
                    free: [true; 6],
                };
                let status = self.status(d);
                let week = d.iso_week().week() as usize;
                let office = self.frame.office;
                if d.weekday() == cal.welcome {
                    let what = Booking {
                        kind: AppointmentKind::Welcome,
                        minutes: 240,
                        title: "Accueil – demi-journée d'information",
                        location: office,
                    };
                    day.welcome = Some(self.book(d, (8, 0), what, None, status));
                    day.free[..3].fill(false);
                }
                if is_commission_day(d) {
                    let what = Booking {
                        kind: AppointmentKind::Commission,
                        minutes: 180,
                        title: "Commission d'intégration et de suivi des parcours",
                        location: "Siège du PLIE",
                    };
                    self.book(d, (8, 30), what, None, status);
                    day.free[..3].fill(false);
                } else if d.weekday() == Weekday::Thu {
                    let what = Booking {
                        kind: AppointmentKind::Workshop,
                        minutes: 180,
                        title: WORKSHOPS[week / 2 % WORKSHOPS.len()],
                        location: office,
                    };
                    self.book(d, (9, 0), what, None, status);
                    day.free[..3].fill(false);
                }
                let maybe_cancelled = |dice: &mut Dice| {
                    if status == AppointmentStatus::Done && dice.chance(0.05) {
                        AppointmentStatus::Cancelled
                    } else {
                        status
                    }
                };
                if d.weekday() == cal.employers {
                    let employer = *dice.pick(EMPLOYERS);
                    let (kind, title) = if week.is_multiple_of(4) {
                        (
                            AppointmentKind::JobDating,
                            format!("Job dating – {employer}"),
                        )
                    } else {
                        (
                            AppointmentKind::CompanyVisit,
                            format!("Visite entreprise – {employer}"),
                        )
                    };
                    let status = maybe_cancelled(dice);
                    let what = Booking {
                        kind,
                        minutes: 120,
                        title: &title,
                        location: employer,
                    };
                    self.book(d, (14, 30), what, None, status);
                    day.free[4..].fill(false);
                } else if d.weekday() == cal.partners && week.is_multiple_of(2) {
                    let what = Booking {
                        kind: AppointmentKind::Partner,
                        minutes: 90,
                        title: dice.pick::<&str>(PARTNERS),
                        location: office,
                    };
                    let status = maybe_cancelled(dice);
                    self.book(d, (14, 30), what, None, status);
                    day.free[4..].fill(false);
                }
                self.days.insert(d, day);
            }
            d = d + Days::new(1);
        }
    }

    /// The first day on or after `from` when the referent can see people (and has a free
    /// slot, when one is needed), up to the horizon.
    fn find_day(&self, from: NaiveDate, slot: bool) -> Option<(NaiveDate, Option<usize>)> {
        self.days
            .range(from..=self.frame.horizon)
            .find_map(|(d, day)| match slot {
                false => Some((*d, None)),
                true => day.free.iter().position(|f| *f).map(|i| (*d, Some(i))),
            })
    }

    fn place(&mut self, dice: &mut Dice, m: &Meeting) {
        let today = self.frame.today;
        let welcome = self.days.get(&m.date).and_then(|d| d.welcome);
        if let (Purpose::Reception, Some(welcome)) = (m.purpose, welcome) {
            if m.date < today {
                self.contact(dice, m, m.date, Some(welcome));
            }
            return;
        }
        let Some((d, slot)) = self.find_day(m.date, m.needs_slot()) else {
            return;
        };
        let Some(slot) = slot else {
            if d < today {
                self.contact(dice, m, d, None);
            }
            return;
        };
        if let Some(day) = self.days.get_mut(&d) {
            day.free[slot] = false;
        }
        let status = match (d < today, m.kind) {
            (false, _) => AppointmentStatus::Planned,
            (true, ContactKind::NoShow) => AppointmentStatus::NoShow,
            (true, _) => AppointmentStatus::Done,
        };
        let location = if m.kind == ContactKind::HomeVisit {
            "Domicile"
        } else {
            self.frame.office
        };
        let what = Booking {
            kind: AppointmentKind::Individual,
            minutes: m.minutes,
            title: title(m.purpose, m.kind),
            location,
        };
        let index = self.book(d, SLOTS[slot], what, Some(m.participant_id), status);
        if d < today {
            self.contact(dice, m, d, Some(index));
        }
    }

    fn contact(&mut self, dice: &mut Dice, m: &Meeting, d: NaiveDate, appointment: Option<usize>) {
        let (mut summary, next_action) = note(dice, m.purpose, m.kind);
        let recent = (self.frame.today - d).num_days() <= 21;
        if m.unnoted || (m.kind != ContactKind::NoShow && recent && dice.chance(0.12)) {
            summary.clear();
        }
        let row = ContactRow {
            participant_id: m.participant_id,
            author_id: self.frame.referent_id,
            contact_on: d,
            kind: m.kind,
            minutes: m.minutes,
            summary,
            next_action,
            appointment_id: None,
            logged_at: local(d, 17, 30),
        };
        self.contacts.push((row, appointment));
    }

    /// Sorts the appointments by time, gives them their ids and links the contacts to them.
    fn finish(self, next_id: &mut i64) -> Agenda {
        let mut order: Vec<usize> = (0..self.appointments.len()).collect();
        order.sort_by_key(|&i| (self.appointments[i].starts_at, i));
        let mut ids = vec![0; order.len()];
        let mut appointments = Vec::with_capacity(order.len());
        for i in order {
            let mut a = self.appointments[i].clone();
            a.id = *next_id;
            a.uid = format!("demo-{}@parcours", a.id);
            ids[i] = a.id;
            *next_id += 1;
            appointments.push(a);
        }
        let mut contacts: Vec<ContactRow> = self
            .contacts
            .into_iter()
            .map(|(mut c, index)| {
                c.appointment_id = index.map(|i| ids[i]);
                c
            })
            .collect();
        contacts.sort_by_key(|c| (c.contact_on, c.participant_id));
        Agenda {
            appointments,
            contacts,
        }
    }
}

/// The referent's agenda over the period, with the meetings of their participants placed in it.
/// Appointment ids start at `next_id`, which is moved past them.
pub(super) fn agenda(
    dice: &mut Dice,
    frame: &Frame,
    mut meetings: Vec<Meeting>,
    next_id: &mut i64,
) -> Agenda {
    let mut builder = Builder {
        frame,
        days: BTreeMap::new(),
        appointments: Vec::new(),
        contacts: Vec::new(),
    };
    builder.fixed(dice);
    meetings.sort_by_key(|m| (m.date, m.participant_id, m.purpose));
    for m in &meetings {
        builder.place(dice, m);
    }
    builder.finish(next_id)
}

/// The office of the `index`-th referent.
pub(super) fn office(index: usize) -> &'static str {
    OFFICES[index % OFFICES.len()]
}

//! An agenda as iCalendar (RFC 5545), for calendar programs.
//!
//! One `VEVENT` per appointment, its `UID` the appointment's stable uid (so
//! importing a later export updates events instead of duplicating them), its
//! start and end in UTC (`…Z`), which every calendar program places right
//! whatever its own zone; the PLIE's zone is named in `X-WR-TIMEZONE`.
//! Participants appear by file number only; notes are never exported. Stored text
//! goes through `domain::text::printable` first: icalendar escapes `\n`, `,`, `;`
//! and `\` but lets a bare CR through, which a reader takes as a line end (a
//! forged property), and any other control character would reach the reader raw.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use icalendar::{Calendar, Component, EventLike, EventStatus};

use crate::domain::agenda::{Appointment, AppointmentStatus};
use crate::domain::schedule::ends_at;
use crate::domain::text::printable;
use crate::i18n::t;

/// Who made the file (RFC 5545 `PRODID`).
pub const PRODID: &str = "-//parcours//agenda export//EN";

/// The `SUMMARY` of an appointment: its kind, the participant's file number, its
/// title, with control characters replaced.
pub fn summary(appointment: &Appointment) -> String {
    let mut text = appointment.kind.label();
    if let Some(file) = &appointment.participant {
        text.push_str(" – ");
        text.push_str(file);
    }
    if !appointment.title.trim().is_empty() {
        text.push_str(": ");
        text.push_str(appointment.title.trim());
    }
    printable(&text).into_owned()
}

/// The calendar of `appointments`; `stamp` is the export's time (`DTSTAMP`).
pub fn agenda_ics(
    appointments: &[Appointment],
    tz: Tz,
    name: &str,
    stamp: DateTime<Utc>,
) -> String {
    let mut calendar = Calendar::empty();
    calendar
        .append_property(("VERSION", "2.0"))
        .append_property(("PRODID", PRODID))
        .append_property(("CALSCALE", "GREGORIAN"))
        .append_property(("METHOD", "PUBLISH"))
        .name(&printable(name))
        .timezone(tz.name());
    for a in appointments {
        let status = match a.status {
            AppointmentStatus::Cancelled => EventStatus::Cancelled,
            _ => EventStatus::Confirmed,
        };
        let mut event = icalendar::Event::new();
        event
            .uid(&printable(&a.uid))
            .timestamp(stamp)
            .starts(a.starts_at)
            .ends(ends_at(a))
            .summary(&summary(a))
            .description(&format!(
                "{}: {}",
                t("agenda.field.status"),
                a.status.label()
            ))
            .status(status)
            .add_property("CATEGORIES", a.kind.code());
        if !a.location.trim().is_empty() {
            event.location(&printable(a.location.trim()));
        }
        if let Some(file) = &a.participant {
            event.add_property("X-PARCOURS-PARTICIPANT", printable(file));
        }
        calendar.push(event.done());
    }
    calendar.done().to_string()
}

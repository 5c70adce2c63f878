//! Appointments of the referent's agenda.

use crate::code_enum;

code_enum!(
    /// What an appointment is for.
    AppointmentKind, "appointment", {
        Individual => "individual",
        Workshop => "workshop",
        Commission => "commission",
        Partner => "partner",
        CompanyVisit => "company_visit",
        JobDating => "job_dating",
        Welcome => "welcome",
        Administrative => "administrative",
        Other => "other",
    }
);

impl AppointmentKind {
    /// The time activity an attended appointment of this kind is declared on.
    pub fn default_activity(self) -> &'static str {
        match self {
            Self::Individual | Self::Welcome => "IND",
            Self::Workshop => "COL",
            Self::Commission | Self::Partner => "PART",
            Self::CompanyVisit | Self::JobDating => "EMP",
            Self::Administrative => "ADM",
            Self::Other => "FILE",
        }
    }
}

code_enum!(
    /// What became of an appointment.
    AppointmentStatus, "appointment_status", {
        Planned => "planned",
        Done => "done",
        NoShow => "no_show",
        Cancelled => "cancelled",
    }
);

use chrono::{DateTime, Utc};

/// An appointment of a referent's agenda.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Appointment {
    /// Database id.
    pub id: i64,
    /// Login of the referent whose agenda it is in.
    pub referent: String,
    /// File number of the participant met, if any.
    pub participant: Option<String>,
    /// That participant's name, `LAST First`, shown beside the file number on screen
    /// (exports and calendars keep the file number only).
    pub participant_name: Option<String>,
    /// What it is for.
    pub kind: AppointmentKind,
    /// Start, in UTC (shown in the PLIE's time zone).
    pub starts_at: DateTime<Utc>,
    /// Length in minutes.
    pub minutes: u32,
    /// Short title.
    pub title: String,
    /// Where it takes place.
    pub location: String,
    /// What became of it.
    pub status: AppointmentStatus,
    /// Stable identifier for calendar exports.
    pub uid: String,
    /// Optimistic-lock version.
    pub version: i64,
}

/// What is needed to put an appointment in the agenda.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAppointment {
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
}

impl NewAppointment {
    /// Checks the texts: title and place, each on one line.
    pub fn validate(&self) -> Result<(), super::DomainError> {
        use super::text::{Lines, check_all};
        check_all(&[
            ("agenda.field.title", &self.title, Lines::One),
            ("agenda.field.location", &self.location, Lines::One),
        ])
    }
}

//! The contact journal and the follow-up alerts it drives.

use chrono::NaiveDate;

use crate::code_enum;

code_enum!(
    /// How a contact with a participant took place.
    ContactKind, "contact", {
        FaceToFace => "face_to_face",
        Phone => "phone",
        Email => "email",
        Collective => "collective",
        Tripartite => "tripartite",
        HomeVisit => "home_visit",
        NoShow => "no_show",
    }
);

/// Days without contact after which a participant is flagged (the rule is a monthly meeting).
pub const NO_CONTACT_ALERT_DAYS: i64 = 30;

/// Days within which a contact's journal note must be written (local charter rule).
pub const NOTE_DUE_DAYS: i64 = 7;

/// Follow-up alerts on a participant, shown in the caseload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Alert {
    /// No contact for more than a month.
    NoRecentContact,
    /// A contact is logged without its journal note for more than a week.
    NoteOverdue,
    /// The 5-month milestone review is due or overdue.
    MilestoneDue,
    /// The 6-month follow-up in employment is due.
    FollowUpDue,
    /// The file waits for the entry commission.
    AwaitingCommission,
    /// The ESF entry questionnaire is incomplete four weeks after the entry.
    EsfEntry,
    /// The ESF exit questionnaire is incomplete four weeks after the exit.
    EsfExit,
    /// The ESF six-month questionnaire is incomplete four weeks after its date.
    EsfFollowUp,
}

impl Alert {
    /// Every alert, in order of urgency.
    pub const ALL: [Alert; 8] = [
        Alert::NoRecentContact,
        Alert::NoteOverdue,
        Alert::MilestoneDue,
        Alert::FollowUpDue,
        Alert::AwaitingCommission,
        Alert::EsfEntry,
        Alert::EsfExit,
        Alert::EsfFollowUp,
    ];

    /// Translation key of the alert's short label.
    pub fn label_key(self) -> &'static str {
        match self {
            Alert::NoRecentContact => "alert.no_contact",
            Alert::NoteOverdue => "alert.note_overdue",
            Alert::MilestoneDue => "alert.milestone_due",
            Alert::FollowUpDue => "alert.follow_up_due",
            Alert::AwaitingCommission => "alert.awaiting_commission",
            Alert::EsfEntry => "alert.esf_entry",
            Alert::EsfExit => "alert.esf_exit",
            Alert::EsfFollowUp => "alert.esf_follow_up",
        }
    }

    /// A one-letter marker for narrow tables.
    pub fn marker(self) -> char {
        match self {
            Alert::NoRecentContact => 'C',
            Alert::NoteOverdue => 'N',
            Alert::MilestoneDue => 'M',
            Alert::FollowUpDue => 'F',
            Alert::AwaitingCommission => 'A',
            Alert::EsfEntry => 'E',
            Alert::EsfExit => 'X',
            Alert::EsfFollowUp => 'S',
        }
    }

    /// The alert of an ESF stage that is late.
    pub fn esf(stage: super::esf::EsfStage) -> Self {
        use super::esf::EsfStage;
        match stage {
            EsfStage::Entry => Alert::EsfEntry,
            EsfStage::Exit => Alert::EsfExit,
            EsfStage::FollowUp => Alert::EsfFollowUp,
        }
    }
}

/// Days since the last contact, or `None` if there was none.
pub fn days_since(last_contact: Option<NaiveDate>, today: NaiveDate) -> Option<i64> {
    last_contact.map(|d| (today - d).num_days())
}

/// Whether the participant has gone without contact for too long.
///
/// With no contact at all, the clock starts at the date the pathway started.
pub fn contact_overdue(
    last_contact: Option<NaiveDate>,
    started_on: NaiveDate,
    today: NaiveDate,
) -> bool {
    (today - last_contact.unwrap_or(started_on)).num_days() > NO_CONTACT_ALERT_DAYS
}

/// Whether a contact without a note is now past the week allowed to write it.
pub fn note_overdue(contact_on: NaiveDate, today: NaiveDate) -> bool {
    (today - contact_on).num_days() > NOTE_DUE_DAYS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn contact_rules() {
        let today = d(2026, 11, 23);
        assert!(!contact_overdue(
            Some(d(2026, 10, 24)),
            d(2026, 1, 1),
            today
        ));
        assert!(contact_overdue(Some(d(2026, 10, 23)), d(2026, 1, 1), today));
        assert!(contact_overdue(None, d(2026, 10, 1), today));
        assert!(!note_overdue(d(2026, 11, 16), today));
        assert!(note_overdue(d(2026, 11, 15), today));
        assert_eq!(days_since(Some(d(2026, 11, 20)), today), Some(3));
    }
}

//! The sections of a participant file, in tab order.

use crate::i18n::t;

/// A section of the participant file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Identity, contact details, eligibility, dates, referent, status.
    Summary,
    /// The steps as a timeline.
    Pathway,
    /// The contact journal, newest first.
    Journal,
    /// The participant's appointments: coming ones, then past ones (read only).
    Appointments,
    /// Barriers, current then lifted.
    Barriers,
    /// The 5-month milestone reviews.
    Milestones,
    /// Where the pathway stands, and the dated lifecycle events with their
    /// corrections (the name kept drafts know it by).
    #[serde(rename = "exit")]
    Lifecycle,
    /// The ESF record: entry, exit and six months after.
    Esf,
}

impl Section {
    /// Every section, in tab order.
    pub const ALL: [Section; 8] = [
        Section::Summary,
        Section::Pathway,
        Section::Journal,
        Section::Appointments,
        Section::Barriers,
        Section::Milestones,
        Section::Lifecycle,
        Section::Esf,
    ];

    fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The next section, wrapping around.
    pub fn next(self) -> Self {
        Self::ALL[(self.index() + 1) % Self::ALL.len()]
    }

    /// The previous section, wrapping around.
    pub fn previous(self) -> Self {
        Self::ALL[(self.index() + Self::ALL.len() - 1) % Self::ALL.len()]
    }

    /// Its tab label.
    pub fn label(self) -> String {
        t(match self {
            Section::Summary => "file.section.summary",
            Section::Pathway => "file.section.pathway",
            Section::Journal => "file.section.journal",
            Section::Appointments => "file.section.appointments",
            Section::Barriers => "file.section.barriers",
            Section::Milestones => "file.section.milestones",
            Section::Lifecycle => "file.section.exit",
            Section::Esf => "file.section.esf",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_wrap_around() {
        assert_eq!(Section::Summary.previous(), Section::Esf);
        assert_eq!(Section::Esf.next(), Section::Summary);
        assert_eq!(Section::Journal.next(), Section::Appointments);
        assert_eq!(Section::Journal.next().previous(), Section::Journal);
    }
}

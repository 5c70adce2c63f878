//! Pathway steps, barriers and milestone reviews.

use chrono::{Months, NaiveDate};

use crate::code_enum;

code_enum!(
    /// Kinds of pathway step (support itself is not a step).
    StepKind, "step", {
        Diagnostic => "diagnostic",
        Remobilisation => "remobilisation",
        CareerProject => "career_project",
        PreQualifyingTraining => "pre_qualifying_training",
        QualifyingTraining => "qualifying_training",
        CertifyingTraining => "certifying_training",
        WorkExperience => "work_experience",
        Iae => "iae",
        AssistedContract => "assisted_contract",
        Interim => "interim",
        FixedTerm => "fixed_term",
        Permanent => "permanent",
        Apprenticeship => "apprenticeship",
        BusinessCreation => "business_creation",
        JobSearch => "job_search",
    }
);

code_enum!(
    /// How a step ended.
    StepOutcome, "step_outcome", {
        Completed => "completed",
        Abandoned => "abandoned",
        Interrupted => "interrupted",
        Ongoing => "ongoing",
    }
);

code_enum!(
    /// Peripheral barriers to employment (*freins périphériques*).
    BarrierKind, "barrier", {
        Mobility => "mobility",
        Childcare => "childcare",
        Health => "health",
        Disability => "disability",
        Housing => "housing",
        Language => "language",
        Digital => "digital",
        Financial => "financial",
        Legal => "legal",
        Isolation => "isolation",
        Family => "family",
    }
);

/// Months between two milestone reviews (local charter rule).
pub const MILESTONE_MONTHS: u32 = 5;

/// Months of follow-up in employment after a job exit.
pub const JOB_FOLLOW_UP_MONTHS: u32 = 6;

/// When the next milestone review is due: 5 months after the last one, or after the contract.
pub fn next_milestone_due(contract_on: NaiveDate, last_review: Option<NaiveDate>) -> NaiveDate {
    let from = last_review.unwrap_or(contract_on);
    from.checked_add_months(Months::new(MILESTONE_MONTHS))
        .unwrap_or(from)
}

/// When the 6-month follow-up in employment ends for a job that started on `job_start`.
pub fn job_follow_up_due(job_start: NaiveDate) -> NaiveDate {
    job_start
        .checked_add_months(Months::new(JOB_FOLLOW_UP_MONTHS))
        .unwrap_or(job_start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn milestone_every_five_months() {
        assert_eq!(next_milestone_due(d(2026, 1, 31), None), d(2026, 6, 30));
        assert_eq!(
            next_milestone_due(d(2026, 1, 31), Some(d(2026, 6, 2))),
            d(2026, 11, 2)
        );
    }

    #[test]
    fn follow_up_six_months() {
        assert_eq!(job_follow_up_due(d(2026, 8, 31)), d(2027, 2, 28));
    }

    #[test]
    fn codes_round_trip() {
        for k in StepKind::ALL {
            assert_eq!(StepKind::from_code(k.code()), Some(*k));
        }
        assert_eq!(BarrierKind::from_code("nope"), None);
    }
}

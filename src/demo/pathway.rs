//! Each participant's barriers, pathway steps and milestone reviews.

use chrono::{Days, Months, NaiveDate};

use super::dice::Dice;
use super::lifecycle::{Lifecycle, Shape};
use super::territory::{EMPLOYERS, SUPPORT_PROVIDERS, TRAINING_PROVIDERS};
use crate::domain::participant::{ExitOutcome, Status};
use crate::domain::pathway::{BarrierKind, StepKind, StepOutcome, next_milestone_due};
use crate::store::bulk::{BarrierRow, Dataset, MilestoneRow, StepRow};

const BARRIERS: &[(BarrierKind, u32)] = &[
    (BarrierKind::Mobility, 25),
    (BarrierKind::Childcare, 12),
    (BarrierKind::Health, 12),
    (BarrierKind::Disability, 5),
    (BarrierKind::Housing, 10),
    (BarrierKind::Language, 3),
    (BarrierKind::Digital, 15),
    (BarrierKind::Financial, 14),
    (BarrierKind::Legal, 3),
    (BarrierKind::Isolation, 6),
    (BarrierKind::Family, 5),
];

fn barrier_note(kind: BarrierKind) -> &'static str {
    match kind {
        BarrierKind::Mobility => "Pas de permis ; dépend des transports en commun.",
        BarrierKind::Childcare => "Cherche une solution de garde pour un enfant de moins de 3 ans.",
        BarrierKind::Health => "Suivi médical en cours, disponibilité réduite.",
        BarrierKind::Disability => "Aménagement de poste à prévoir.",
        BarrierKind::Housing => "Hébergé chez un proche, demande de logement déposée.",
        BarrierKind::Language => "Besoin de cours de français à l'écrit.",
        BarrierKind::Digital => "Peu à l'aise avec les démarches en ligne.",
        BarrierKind::Financial => "Dettes en cours, dossier de surendettement envisagé.",
        BarrierKind::Legal => "Obligations judiciaires à concilier avec l'emploi.",
        BarrierKind::Isolation => "Peu de réseau familial ou amical.",
        BarrierKind::Family => "Aidant familial d'un parent âgé.",
    }
}

/// The barriers noted at entry; some lifted since.
pub(super) fn barriers(
    dice: &mut Dice,
    participant_id: i64,
    lc: &Lifecycle,
    today: NaiveDate,
    out: &mut Dataset,
) {
    let noted_on = if lc.filed_on <= today {
        lc.filed_on
    } else {
        lc.oriented_on
    };
    let until = lc.followed_until(today);
    let count = dice.weighted(&[(0, 15), (1, 30), (2, 30), (3, 18), (4, 7)]);
    let mut kinds: Vec<BarrierKind> = Vec::new();
    for _ in 0..count * 3 {
        if kinds.len() == count {
            break;
        }
        let kind = dice.weighted(BARRIERS);
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    for kind in kinds {
        let lifted_on = ((until - noted_on).num_days() > 90 && dice.chance(0.5))
            .then(|| dice.date(noted_on + Days::new(60), until));
        out.barriers.push(BarrierRow {
            participant_id,
            kind,
            noted_on,
            lifted_on,
            note: barrier_note(kind).into(),
        });
    }
}

const OBJECTIVES: &[&str] = &[
    "Finaliser le CV et la lettre de motivation",
    "Obtenir le permis B",
    "Valider le projet professionnel par une immersion",
    "Entrer en formation qualifiante",
    "Trouver une solution de garde",
    "Candidater à dix offres par mois",
    "Stabiliser la situation de logement",
    "Préparer les entretiens d'embauche",
];

const ACHIEVED: &[&str] = &[
    "Objectifs atteints.",
    "Objectifs partiellement atteints.",
    "Objectifs non atteints : problème de santé.",
    "Objectifs atteints, projet confirmé.",
    "Peu d'avancées, motivation à retravailler.",
];

/// Reviews every five months from the contract, as the charter asks, while the person
/// is followed; a few natural ones and every [`Shape::MilestoneLate`] miss the last one.
pub(super) fn milestones(
    dice: &mut Dice,
    participant_id: i64,
    lc: &Lifecycle,
    today: NaiveDate,
    out: &mut Dataset,
) {
    let Some(contract) = lc.contract_on else {
        return;
    };
    let end = match lc.status {
        Status::Active => today,
        _ => lc.exit_on.unwrap_or(today).min(today),
    };
    let mut last = None;
    loop {
        let due = next_milestone_due(contract, last);
        if due > end {
            break;
        }
        let held_on = match lc.shape {
            Shape::MilestoneLate if due >= today - Days::new(30) => break,
            Shape::MilestoneLate => due,
            _ if lc.status == Status::Active && dice.chance(0.05) => break,
            _ => due - dice.days(0, 10),
        };
        out.milestones.push(MilestoneRow {
            participant_id,
            held_on,
            objectives: (*dice.pick(OBJECTIVES)).into(),
            achieved: (*dice.pick(ACHIEVED)).into(),
            new_objectives: (*dice.pick(OBJECTIVES)).into(),
        });
        last = Some(held_on);
    }
}

const MIDDLE_STEPS: &[(StepKind, u32)] = &[
    (StepKind::Remobilisation, 15),
    (StepKind::CareerProject, 25),
    (StepKind::PreQualifyingTraining, 15),
    (StepKind::WorkExperience, 15),
    (StepKind::Iae, 20),
    (StepKind::JobSearch, 10),
];

const LATER_STEPS: &[(StepKind, u32)] = &[
    (StepKind::QualifyingTraining, 20),
    (StepKind::CertifyingTraining, 10),
    (StepKind::Iae, 20),
    (StepKind::AssistedContract, 15),
    (StepKind::Interim, 15),
    (StepKind::JobSearch, 20),
];

fn provider(dice: &mut Dice, kind: StepKind) -> String {
    let list = match kind {
        StepKind::Diagnostic => return "PLIE – référent de parcours".into(),
        StepKind::PreQualifyingTraining
        | StepKind::QualifyingTraining
        | StepKind::CertifyingTraining => TRAINING_PROVIDERS,
        StepKind::Remobilisation | StepKind::Iae | StepKind::JobSearch => SUPPORT_PROVIDERS,
        _ => EMPLOYERS,
    };
    (*dice.pick(list)).into()
}

/// The step a positive exit lands on.
fn exit_step(outcome: ExitOutcome) -> Option<(StepKind, u32)> {
    match outcome {
        ExitOutcome::Cdi => Some((StepKind::Permanent, 6)),
        ExitOutcome::FixedTerm => Some((StepKind::FixedTerm, 6)),
        ExitOutcome::Interim => Some((StepKind::Interim, 6)),
        ExitOutcome::WorkStudy => Some((StepKind::Apprenticeship, 12)),
        ExitOutcome::BusinessCreation => Some((StepKind::BusinessCreation, 6)),
        ExitOutcome::Subsidised => Some((StepKind::AssistedContract, 6)),
        ExitOutcome::Training => Some((StepKind::QualifyingTraining, 6)),
        ExitOutcome::LongTraining => Some((StepKind::QualifyingTraining, 12)),
        _ => None,
    }
}

/// About three steps: a diagnostic, a middle step, then a later step or the exit's job or training.
pub(super) fn steps(
    dice: &mut Dice,
    participant_id: i64,
    lc: &Lifecycle,
    today: NaiveDate,
    out: &mut Dataset,
) {
    let Some(contract) = lc.contract_on else {
        return;
    };
    let mut push = |dice: &mut Dice, kind: StepKind, start: NaiveDate, end: NaiveDate| {
        let started = start <= today;
        let ended = end <= today;
        let outcome = match (started, ended) {
            (false, _) => None,
            (true, false) => Some(StepOutcome::Ongoing),
            (true, true) if dice.chance(0.08) => Some(StepOutcome::Abandoned),
            (true, true) => Some(StepOutcome::Completed),
        };
        out.steps.push(StepRow {
            participant_id,
            kind,
            provider: provider(dice, kind),
            planned_start: start,
            planned_end: end,
            actual_start: started.then_some(start),
            actual_end: (started && ended).then_some(end),
            outcome,
            note: String::new(),
        });
    };
    let cut = |end: NaiveDate| lc.exit_on.map_or(end, |exit| end.min(exit));
    let first_start = contract + dice.days(0, 10);
    let first_end = cut(first_start + dice.days(20, 45));
    push(dice, StepKind::Diagnostic, first_start, first_end);
    let middle_start = first_end + dice.days(0, 15);
    if lc.exit_on.is_some_and(|exit| middle_start >= exit) {
        return;
    }
    let middle_end = cut(middle_start + dice.days(60, 240));
    let middle = dice.weighted(MIDDLE_STEPS);
    push(dice, middle, middle_start, middle_end);
    match (lc.exit_on, lc.outcome) {
        (Some(exit), Some(outcome)) => {
            if let Some((kind, months)) = exit_step(outcome) {
                let end = exit.checked_add_months(Months::new(months)).unwrap_or(exit);
                push(dice, kind, exit, end);
            }
        }
        _ => {
            let start = middle_end + dice.days(0, 20);
            let kind = dice.weighted(LATER_STEPS);
            let end = start + dice.days(60, 300);
            push(dice, kind, start, end);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::lifecycle::lifecycle;
    use super::*;
    use chrono::Weekday;

    #[test]
    fn late_milestone_shape_leaves_a_review_due() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut dice = Dice::new(21);
        for _ in 0..50 {
            let span = (today, today);
            let lc = lifecycle(&mut dice, Shape::MilestoneLate, Weekday::Tue, span);
            let mut out = Dataset::default();
            milestones(&mut dice, 1, &lc, today, &mut out);
            let last = out.milestones.last().map(|m| m.held_on);
            let due = next_milestone_due(lc.contract_on.unwrap(), last);
            assert!(
                due <= today + Days::new(14),
                "{due} for {:?}",
                lc.contract_on
            );
        }
    }
}

//! The meetings each participant asks of their referent, and what the journal says of them.

use chrono::{Days, NaiveDate};

use super::calendar::{is_weekend, weekday_on_or_after};
use super::dice::Dice;
use super::lifecycle::{Lifecycle, Shape};
use crate::domain::journal::ContactKind;
use crate::domain::participant::Status;

/// Why a meeting takes place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Purpose {
    /// Reception interview at the welcome half-day.
    Reception,
    /// Signature of the engagement contract.
    Contract,
    /// Regular follow-up during the pathway.
    FollowUp,
    /// Follow-up in employment after a job exit.
    InJob,
}

/// A meeting wished on a date; the agenda moves it to the referent's next free slot.
#[derive(Debug, Clone)]
pub(super) struct Meeting {
    /// Wished date.
    pub date: NaiveDate,
    /// Participant id.
    pub participant_id: i64,
    /// Why.
    pub purpose: Purpose,
    /// How it takes place.
    pub kind: ContactKind,
    /// Length in minutes.
    pub minutes: u32,
    /// The note is left unwritten (the "note overdue" alert).
    pub unnoted: bool,
}

impl Meeting {
    /// Whether it needs a slot in the referent's agenda (people come in or are visited).
    pub fn needs_slot(&self) -> bool {
        matches!(
            self.kind,
            ContactKind::FaceToFace
                | ContactKind::Tripartite
                | ContactKind::HomeVisit
                | ContactKind::NoShow
        )
    }
}

const PATHWAY_KINDS: &[(ContactKind, u32)] = &[
    (ContactKind::FaceToFace, 62),
    (ContactKind::Phone, 17),
    (ContactKind::Email, 4),
    (ContactKind::Tripartite, 5),
    (ContactKind::HomeVisit, 4),
    (ContactKind::NoShow, 8),
];

const IN_JOB_KINDS: &[(ContactKind, u32)] = &[
    (ContactKind::Phone, 70),
    (ContactKind::FaceToFace, 20),
    (ContactKind::Email, 10),
];

fn minutes(dice: &mut Dice, kind: ContactKind) -> u32 {
    match kind {
        ContactKind::FaceToFace | ContactKind::NoShow => *dice.pick(&[45, 60]),
        ContactKind::Phone => *dice.pick(&[15, 15, 30]),
        ContactKind::Email => 15,
        _ => 60,
    }
}

/// The meetings of one participant up to `horizon`: reception, contract, then follow-ups
/// every two to five weeks while followed, the first future one only.
pub(super) fn meetings(
    dice: &mut Dice,
    participant_id: i64,
    lc: &Lifecycle,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Vec<Meeting> {
    let mut out = Vec::new();
    let mut push = |date: NaiveDate, purpose: Purpose, kind: ContactKind, minutes: u32| {
        out.push(Meeting {
            date,
            participant_id,
            purpose,
            kind,
            minutes,
            unnoted: false,
        });
    };
    if lc.filed_on <= horizon {
        push(lc.filed_on, Purpose::Reception, ContactKind::FaceToFace, 45);
    }
    let contract = match lc.contract_on {
        Some(c) => c,
        None => {
            if lc.status == Status::Active {
                let signing = weekday_on_or_after(today + dice.days(1, 8));
                push(signing, Purpose::Contract, ContactKind::Tripartite, 60);
            }
            return out;
        }
    };
    push(contract, Purpose::Contract, ContactKind::Tripartite, 60);
    let limit = match lc.status {
        Status::Active | Status::JobFollowUp => horizon,
        _ => lc.followed_until(today),
    };
    let silent_from = (lc.shape == Shape::Silent).then(|| today - dice.days(40, 70));
    let job = lc.outcome.filter(|o| o.needs_check()).and(lc.exit_on);
    let mut cursor = contract;
    let mut missed = false;
    loop {
        let in_job = job.is_some_and(|start| cursor >= start);
        let gap = match (missed, in_job) {
            (true, _) => dice.days(5, 10),
            (false, true) => dice.days(25, 40),
            (false, false) => dice.days(14, 33),
        };
        cursor = weekday_on_or_after(cursor + gap);
        if cursor > limit || silent_from.is_some_and(|s| cursor >= s) {
            break;
        }
        let (purpose, kind) = if in_job {
            (Purpose::InJob, dice.weighted(IN_JOB_KINDS))
        } else {
            (Purpose::FollowUp, dice.weighted(PATHWAY_KINDS))
        };
        let length = minutes(dice, kind);
        push(cursor, purpose, kind, length);
        missed = kind == ContactKind::NoShow;
        if cursor >= today {
            break;
        }
    }
    if lc.shape == Shape::Unnoted {
        let mut date = today - dice.days(9, 14);
        while is_weekend(date) {
            date = date - Days::new(1);
        }
        out.push(Meeting {
            date,
            participant_id,
            purpose: Purpose::FollowUp,
            kind: ContactKind::Phone,
            minutes: 15,
            unnoted: true,
        });
    }
    out
}

const FOLLOW_UP_NOTES: &[&str] = &[
    "Point sur les démarches : trois candidatures envoyées, relance d'une offre en logistique.",
    "Travail sur le CV ; version numérique créée et déposée sur le site de France Travail.",
    "Bilan de l'immersion : retour positif de l'employeur, projet confirmé.",
    "Point sur la formation : assiduité correcte, difficultés en mathématiques.",
    "Garde d'enfant évoquée ; orientation vers le relais petite enfance.",
    "Préparation à l'entretien d'embauche de la semaine prochaine.",
    "Inscription au code de la route ; aide à la mobilité demandée.",
    "Situation administrative à jour ; attestation de droits transmise.",
];

const NEXT_ACTIONS: &[&str] = &[
    "Envoyer deux candidatures",
    "Rendez-vous dans un mois",
    "Relancer l'organisme de formation",
    "Transmettre l'attestation de stage",
    "Prendre contact avec l'employeur",
    "Préparer le bilan d'étape",
];

const IN_JOB_NOTES: &[&str] = &[
    "Suivi dans l'emploi : la prise de poste se passe bien.",
    "Suivi dans l'emploi : horaires ajustés avec l'employeur.",
    "Suivi dans l'emploi : contrat prolongé, satisfaction des deux parties.",
];

/// The journal note and next action of a contact that took place.
pub(super) fn note(dice: &mut Dice, purpose: Purpose, kind: ContactKind) -> (String, String) {
    let (summary, next) = match (purpose, kind) {
        (_, ContactKind::NoShow) => (
            "Absence au rendez-vous ; relance par SMS.",
            "Reprogrammer le rendez-vous",
        ),
        (Purpose::Reception, _) => (
            "Entretien d'accueil : présentation du PLIE, situation recueillie, pièces du dossier demandées.",
            "Présenter le dossier en commission",
        ),
        (Purpose::Contract, _) => (
            "Signature du contrat d'engagement tripartite ; premiers objectifs fixés.",
            "Démarrer le diagnostic",
        ),
        (Purpose::FollowUp, _) => (*dice.pick(FOLLOW_UP_NOTES), *dice.pick(NEXT_ACTIONS)),
        (Purpose::InJob, _) => (*dice.pick(IN_JOB_NOTES), "Point dans un mois"),
    };
    (summary.into(), next.into())
}

/// The title of the appointment a meeting takes place in.
pub(super) fn title(purpose: Purpose, kind: ContactKind) -> &'static str {
    match (purpose, kind) {
        (Purpose::Reception, _) => "Entretien d'accueil",
        (Purpose::Contract, _) => "Signature du contrat d'engagement",
        (Purpose::InJob, _) => "Suivi dans l'emploi",
        (_, ContactKind::HomeVisit) => "Visite à domicile",
        (_, ContactKind::Tripartite) => "Entretien tripartite",
        _ => "Entretien de suivi",
    }
}

#[cfg(test)]
mod tests {
    use super::super::lifecycle::lifecycle;
    use super::*;
    use chrono::Weekday;

    #[test]
    fn silent_participants_have_no_recent_meeting() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut dice = Dice::new(4);
        let lc = lifecycle(&mut dice, Shape::Silent, Weekday::Mon, (today, today));
        let list = meetings(&mut dice, 1, &lc, today, today + Days::new(28));
        let last = list.iter().map(|m| m.date).max().unwrap();
        assert!((today - last).num_days() > 35, "{last}");
    }

    #[test]
    fn unnoted_participants_have_a_late_note() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut dice = Dice::new(8);
        let lc = lifecycle(&mut dice, Shape::Unnoted, Weekday::Mon, (today, today));
        let list = meetings(&mut dice, 1, &lc, today, today + Days::new(28));
        let late = list.iter().find(|m| m.unnoted).unwrap();
        assert!((9..=16).contains(&(today - late.date).num_days()));
    }
}

//! The fictional PLIE's territory (the CACEM communes, Martinique) and its partners.
//!
//! Communes and postcodes are real places; every organisation and company
//! name is invented.

use super::dice::Dice;
use crate::domain::settings::PlieSettings;

/// The demo PLIE's time zone: Martinique, UTC−4 all year. Its agenda is shown in it.
pub const TIME_ZONE: chrono_tz::Tz = chrono_tz::America::Martinique;

/// The demo PLIE's settings: its zone, and an invented structure and ESF operation
/// (the code is not a real platform number).
pub(super) fn settings() -> PlieSettings {
    PlieSettings {
        structure_name: "PLIE de démonstration Centre Atlantique (fictif)".into(),
        operation_code: "DEMO-2026-0001".into(),
        operation_name: "Accompagnement renforcé vers l'emploi (démonstration)".into(),
        timezone: TIME_ZONE,
        weekly_hours: 35,
        positive_exit_target: crate::domain::outcomes::DEFAULT_TARGET,
        ..PlieSettings::default()
    }
}

/// A commune of the territory.
pub(super) struct Commune {
    /// Name.
    pub name: &'static str,
    /// Postcodes used in the commune.
    pub postcodes: &'static [&'static str],
    /// Share of the PLIE's public living there (weight).
    pub weight: u32,
    /// Percent of its residents in a priority neighbourhood (QPV).
    pub qpv_percent: u32,
}

/// The communes of the CACEM.
const COMMUNES: &[Commune] = &[
    Commune {
        name: "Fort-de-France",
        postcodes: &["97200", "97234"],
        weight: 50,
        qpv_percent: 45,
    },
    Commune {
        name: "Le Lamentin",
        postcodes: &["97232"],
        weight: 27,
        qpv_percent: 30,
    },
    Commune {
        name: "Schœlcher",
        postcodes: &["97233"],
        weight: 12,
        qpv_percent: 15,
    },
    Commune {
        name: "Saint-Joseph",
        postcodes: &["97212"],
        weight: 11,
        qpv_percent: 10,
    },
];

/// A commune drawn in proportion to the public living there.
pub(super) fn commune(dice: &mut Dice) -> &'static Commune {
    let weights: Vec<(usize, u32)> = COMMUNES
        .iter()
        .enumerate()
        .map(|(i, c)| (i, c.weight))
        .collect();
    &COMMUNES[dice.weighted(&weights)]
}

/// Who orients people towards the PLIE, with their share of orientations.
pub(super) const PRESCRIBERS: &[(&str, u32)] = &[
    ("France Travail", 38),
    ("Mission Locale", 14),
    ("CTM – service RSA", 20),
    ("CCAS", 12),
    ("Association d'insertion", 8),
    ("Candidature spontanée", 8),
];

/// Invented training bodies, integration structures and employers, by kind of step.
pub(super) const TRAINING_PROVIDERS: &[&str] = &[
    "Centre de formation Alizés Compétences",
    "Institut Madinina Formation",
    "Centre Caraïbe de Formation Continue",
    "École des métiers Bois-Lélé",
];

/// Invented integration structures (IAE) and support providers.
pub(super) const SUPPORT_PROVIDERS: &[&str] = &[
    "ACI Jardins de Morne-Vert",
    "Association Lien Solidaire",
    "Entreprise d'insertion Recyclerie du Lamentin",
    "Atelier Remobilisation Kasé Koko",
    "Plateforme Mobilité Trois-Rivières",
];

/// Invented employers, for jobs, immersions and company visits.
pub(super) const EMPLOYERS: &[&str] = &[
    "Boulangerie Pain Doré",
    "Transports Colibri",
    "Hôtel Anse Soleil",
    "Supermarché Marché Bleu",
    "Nettoyage Brillance Antilles",
    "Garage Mécanique Volcan",
    "Crèche Ti Moun",
    "Logistique Port-Caraïbe",
    "Clinique Les Flamboyants",
    "BTP Bâtisseurs du Nord",
];

/// Places of the PLIE where appointments take place.
pub(super) const OFFICES: &[&str] = &[
    "Antenne PLIE Fort-de-France",
    "Antenne PLIE Le Lamentin",
    "Point emploi Schœlcher",
    "Mairie annexe Saint-Joseph",
];

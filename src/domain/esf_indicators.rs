//! The ESF+ common indicators on participants, as one table of data: code, labels in
//! English and French, which participants each counts and on which rule.
//!
//! Source: Regulation (EU) 2021/1057 (ESF+), Annex I, "Common indicators for general
//! support from the ESF+ strand under shared management": points 1.1 and 1.2 (common
//! output indicators for participants), 2 (common immediate result indicators) and 3
//! (common longer-term result indicators); the order and wording below follow the
//! regulation's text (OJ L 231, 30.6.2021, p. 21). The codes are the Commission's
//! SFC2021 ones (EECO… for outputs, EECR… for results), which the regulation itself does
//! not print: EECO01 is the total number of participants, then the regulation's order.
//! Every figure is broken down by gender (women, men, non-binary persons); ages are taken
//! at the entry date; "upon leaving" is the situation within four weeks of the exit.

use chrono::NaiveDate;
use serde::Serialize;

use super::esf::{EsfItem, EsfStage, FOLLOW_UP_MONTHS};
use super::participant::LabourStatus;
use super::period::Period;
use crate::i18n::{Lang, language};

/// Which participants an indicator counts, over a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Population {
    /// Output indicators: those entering the operation in the period.
    Entering,
    /// Immediate results: those leaving in the period.
    Leaving,
    /// Longer-term results: those whose six months after leaving end in the period.
    SixMonthsAfter,
}

impl Population {
    /// The population a stage's platform export covers: those entering for the entry,
    /// leaving for the exit, six months after leaving for the follow-up.
    pub fn of_stage(stage: EsfStage) -> Self {
        match stage {
            EsfStage::Entry => Self::Entering,
            EsfStage::Exit => Self::Leaving,
            EsfStage::FollowUp => Self::SixMonthsAfter,
        }
    }

    /// The stages a participant's record must have complete to count: the entry (sex,
    /// labour status, age and education break every figure down), and the stage of the
    /// results.
    pub fn stages(self) -> &'static [EsfStage] {
        match self {
            Self::Entering => &[EsfStage::Entry],
            Self::Leaving => &[EsfStage::Entry, EsfStage::Exit],
            Self::SixMonthsAfter => &[EsfStage::Entry, EsfStage::FollowUp],
        }
    }
}

/// What a participant of the population must be to count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// Every participant.
    Everyone,
    /// One of these labour-market statuses at entry.
    Labour(&'static [LabourStatus]),
    /// Aged `from` to `to` years (inclusive) at entry; no upper bound when `to` is `None`.
    Age {
        /// Youngest age counted.
        from: u32,
        /// Oldest age counted.
        to: Option<u32>,
    },
    /// An education level of this ISCED band (`0-2`, `3-4`, `5-8`).
    Isced(&'static str),
    /// This item answered yes.
    Yes(EsfItem),
}

/// One common indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Indicator {
    /// SFC2021 code.
    pub code: &'static str,
    /// The regulation's wording in English.
    pub label_en: &'static str,
    /// The regulation's wording in French.
    pub label_fr: &'static str,
    /// Who is counted.
    pub population: Population,
    /// On which rule.
    pub rule: Rule,
}

impl Indicator {
    /// The label in the interface's language.
    pub fn label(&self) -> &'static str {
        match language() {
            Lang::En => self.label_en,
            Lang::Fr => self.label_fr,
        }
    }

    /// The indicator of `code`, if there is one.
    pub fn by_code(code: &str) -> Option<&'static Indicator> {
        INDICATORS
            .iter()
            .find(|i| i.code.eq_ignore_ascii_case(code))
    }
}

use LabourStatus as L;
use Population::{Entering, Leaving, SixMonthsAfter};

/// The common indicators on participants, in the regulation's order.
pub const INDICATORS: &[Indicator] = &[
    Indicator {
        code: "EECO01",
        label_en: "Total number of participants",
        label_fr: "Nombre total de participants",
        population: Entering,
        rule: Rule::Everyone,
    },
    Indicator {
        code: "EECO02",
        label_en: "Unemployed, including long-term unemployed",
        label_fr: "Chômeurs, y compris les chômeurs de longue durée",
        population: Entering,
        rule: Rule::Labour(&[L::Unemployed, L::LongTermUnemployed]),
    },
    Indicator {
        code: "EECO03",
        label_en: "Long-term unemployed",
        label_fr: "Chômeurs de longue durée",
        population: Entering,
        rule: Rule::Labour(&[L::LongTermUnemployed]),
    },
    Indicator {
        code: "EECO04",
        label_en: "Inactive",
        label_fr: "Personnes inactives",
        population: Entering,
        rule: Rule::Labour(&[L::Inactive]),
    },
    Indicator {
        code: "EECO05",
        label_en: "Employed, including self-employed",
        label_fr: "Personnes exerçant un emploi, y compris les indépendants",
        population: Entering,
        rule: Rule::Labour(&[L::Employed]),
    },
    Indicator {
        code: "EECO06",
        label_en: "Children below 18 years of age",
        label_fr: "Enfants de moins de 18 ans",
        population: Entering,
        rule: Rule::Age {
            from: 0,
            to: Some(17),
        },
    },
    Indicator {
        code: "EECO07",
        label_en: "Young people between 18 and 29 years of age",
        label_fr: "Jeunes âgés de 18 à 29 ans",
        population: Entering,
        rule: Rule::Age {
            from: 18,
            to: Some(29),
        },
    },
    Indicator {
        code: "EECO08",
        label_en: "Participants of 55 years of age and above",
        label_fr: "Participants âgés de 55 ans et plus",
        population: Entering,
        rule: Rule::Age { from: 55, to: None },
    },
    Indicator {
        code: "EECO09",
        label_en: "With lower secondary education or less (ISCED 0-2)",
        label_fr: "Niveau d'enseignement secondaire inférieur ou moins (CITE 0 à 2)",
        population: Entering,
        rule: Rule::Isced("0-2"),
    },
    Indicator {
        code: "EECO10",
        label_en: "With upper secondary (ISCED 3) or post-secondary education (ISCED 4)",
        label_fr: "Niveau d'enseignement secondaire supérieur (CITE 3) ou post-secondaire (CITE 4)",
        population: Entering,
        rule: Rule::Isced("3-4"),
    },
    Indicator {
        code: "EECO11",
        label_en: "With tertiary education (ISCED 5 to 8)",
        label_fr: "Niveau d'enseignement supérieur (CITE 5 à 8)",
        population: Entering,
        rule: Rule::Isced("5-8"),
    },
    Indicator {
        code: "EECO12",
        label_en: "Participants with disabilities",
        label_fr: "Participants handicapés",
        population: Entering,
        rule: Rule::Yes(EsfItem::Disability),
    },
    Indicator {
        code: "EECO13",
        label_en: "Third-country nationals",
        label_fr: "Ressortissants de pays tiers",
        population: Entering,
        rule: Rule::Yes(EsfItem::ThirdCountry),
    },
    Indicator {
        code: "EECO14",
        label_en: "Participants with a foreign background",
        label_fr: "Participants d'origine étrangère",
        population: Entering,
        rule: Rule::Yes(EsfItem::ForeignBackground),
    },
    Indicator {
        code: "EECO15",
        label_en: "Minorities (including marginalised communities such as the Roma)",
        label_fr: "Minorités (y compris les communautés marginalisées telles que les Roms)",
        population: Entering,
        rule: Rule::Yes(EsfItem::Minority),
    },
    Indicator {
        code: "EECO16",
        label_en: "Homeless or affected by housing exclusion",
        label_fr: "Personnes sans domicile fixe ou confrontées à l'exclusion de logement",
        population: Entering,
        rule: Rule::Yes(EsfItem::Homeless),
    },
    Indicator {
        code: "EECO17",
        label_en: "Participants from rural areas",
        label_fr: "Participants venant de zones rurales",
        population: Entering,
        rule: Rule::Yes(EsfItem::Rural),
    },
    Indicator {
        code: "EECR01",
        label_en: "Participants engaged in job searching upon leaving",
        label_fr: "Participants engagés dans la recherche d'un emploi au terme de leur participation",
        population: Leaving,
        rule: Rule::Yes(EsfItem::JobSearching),
    },
    Indicator {
        code: "EECR02",
        label_en: "Participants in education or training upon leaving",
        label_fr: "Participants suivant un enseignement ou une formation au terme de leur participation",
        population: Leaving,
        rule: Rule::Yes(EsfItem::InTraining),
    },
    Indicator {
        code: "EECR03",
        label_en: "Participants gaining a qualification upon leaving",
        label_fr: "Participants obtenant une qualification au terme de leur participation",
        population: Leaving,
        rule: Rule::Yes(EsfItem::Qualification),
    },
    Indicator {
        code: "EECR04",
        label_en: "Participants in employment, including self-employment, upon leaving",
        label_fr: "Participants exerçant un emploi, y compris à titre indépendant, au terme de leur participation",
        population: Leaving,
        rule: Rule::Yes(EsfItem::Employed),
    },
    Indicator {
        code: "EECR05",
        label_en: "Participants in employment, including self-employment, six months after leaving",
        label_fr: "Participants exerçant un emploi, y compris à titre indépendant, six mois après la fin de leur participation",
        population: SixMonthsAfter,
        rule: Rule::Yes(EsfItem::EmployedAfterSixMonths),
    },
    Indicator {
        code: "EECR06",
        label_en: "Participants with an improved labour market situation six months after leaving",
        label_fr: "Participants dont la situation sur le marché du travail s'est améliorée six mois après la fin de leur participation",
        population: SixMonthsAfter,
        rule: Rule::Yes(EsfItem::ImprovedAfterSixMonths),
    },
];

/// The indicators' use of a period.
impl Period {
    /// The exit dates of a population: the period itself for those entering or leaving,
    /// and six months earlier for the longer-term results (the exit dates whose
    /// six-month date falls in the period; a month-end date gives the shorter month's
    /// last day, as [`super::esf::six_months_after`] does).
    pub fn dates_of(&self, population: Population) -> (NaiveDate, NaiveDate) {
        match population {
            Entering | Leaving => (self.from, self.to),
            SixMonthsAfter => (
                months_before(self.from, true),
                months_before(self.to, false),
            ),
        }
    }
}

/// The earliest (`first`) or latest exit date whose six-month date is on or after
/// (`first`) or on or before `date`.
///
/// Six months after the 29th–31st of a longer month is the last day of a shorter one, so
/// the dates are found by a short walk around `date` less six months rather than by
/// subtracting months, which cannot undo that clamping.
fn months_before(date: NaiveDate, first: bool) -> NaiveDate {
    use super::esf::six_months_after;
    use chrono::{Days, Months};
    let back = date
        .checked_sub_months(Months::new(FOLLOW_UP_MONTHS))
        .unwrap_or(date);
    if first {
        let mut day = back - Days::new(4);
        while six_months_after(day) < date {
            day = day + Days::new(1);
        }
        day
    } else {
        let mut day = back + Days::new(4);
        while six_months_after(day) > date {
            day = day - Days::new(1);
        }
        day
    }
}

#[cfg(test)]
mod tests {
    use super::super::esf::six_months_after;
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn codes_are_unique_and_ordered() {
        let codes: Vec<&str> = INDICATORS.iter().map(|i| i.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
        assert_eq!(codes.len(), 23);
        assert_eq!(Indicator::by_code("eecr06").map(|i| i.code), Some("EECR06"));
    }

    #[test]
    fn the_six_month_window_holds_exactly_the_exits_six_months_before() {
        for (start, end) in [
            (d(2026, 2, 28), d(2026, 8, 31)),
            (d(2026, 8, 31), d(2026, 9, 30)),
            (d(2026, 3, 1), d(2026, 3, 31)),
        ] {
            let period = Period::new(start, end).unwrap();
            let (from, to) = period.dates_of(Population::SixMonthsAfter);
            let mut day = d(2025, 6, 1);
            while day < d(2026, 5, 1) {
                let counted = (from..=to).contains(&day);
                let six = six_months_after(day);
                assert_eq!(
                    counted,
                    (period.from..=period.to).contains(&six),
                    "{day} → {six} in {start}..{end}"
                );
                day = day.succ_opt().unwrap();
            }
        }
        assert!(Period::new(d(2026, 2, 1), d(2026, 1, 1)).is_err());
    }
}

//! The PLIE's staff and the participants' identity and eligibility.

use chrono::{DateTime, Utc};

use super::calendar::local;
use super::dice::Dice;
use super::lifecycle::Lifecycle;
use super::names;
use super::territory::{PRESCRIBERS, commune};
use crate::domain::participant::{
    Criterion, EducationLevel, FileNumber, LabourStatus, NewParticipant, Sex, age_on,
};
use crate::domain::user::Role;
use crate::store::bulk::{HistoryRow, ParticipantRow, UserRow};

/// Login of the coordinator.
pub(super) const COORDINATOR: &str = "coord";

/// Login of the referent the demo opens as.
pub(super) const DEMO: &str = "demo";

/// The coordinator (id 1), the `demo` referent (id 2) and `referents - 1` more referents,
/// one in three part-time.
pub(super) fn staff(dice: &mut Dice, referents: usize, created_at: DateTime<Utc>) -> Vec<UserRow> {
    let user = |id: i64, login: String, name: String, role: Role, fte: f64| UserRow {
        id,
        login,
        name,
        role,
        fte,
        created_at,
    };
    let mut users = vec![
        user(
            1,
            COORDINATOR.into(),
            "Coordination PLIE".into(),
            Role::Coordinator,
            1.0,
        ),
        user(2, DEMO.into(), "Référent Démo".into(), Role::Referent, 1.0),
    ];
    for n in 1..referents {
        let sex = if dice.chance(0.6) {
            Sex::Female
        } else {
            Sex::Male
        };
        let first = names::first_name(dice, sex);
        let last = names::last_name(dice);
        let base = names::login(first, &last);
        let mut login = base.clone();
        let mut suffix = 2;
        while users.iter().any(|u| u.login == login) {
            login = format!("{base}{suffix}");
            suffix += 1;
        }
        let fte = if n % 3 == 2 { 0.8 } else { 1.0 };
        let id = users.len() as i64 + 1;
        users.push(user(
            id,
            login,
            format!("{first} {last}"),
            Role::Referent,
            fte,
        ));
    }
    users
}

/// How many referents follow `participants` people: about 70 each, at least four.
pub(super) fn referent_count(participants: usize) -> usize {
    participants.div_ceil(70).max(4)
}

/// Where a participant belongs in the database.
pub(super) struct Placement {
    /// Row id.
    pub id: i64,
    /// File number.
    pub file_number: FileNumber,
    /// Referent's user id, if assigned.
    pub referent_id: Option<i64>,
    /// Who last changed the file.
    pub updated_by: i64,
}

/// A participant with an invented identity and a plausible eligibility profile.
/// The file comes with its lifecycle events, `history`.
pub(super) fn participant(
    dice: &mut Dice,
    at: Placement,
    lc: &Lifecycle,
    history: Vec<HistoryRow>,
) -> ParticipantRow {
    let sex = dice.weighted(&[(Sex::Female, 55), (Sex::Male, 44), (Sex::NonBinary, 1)]);
    let first_name = names::first_name(dice, sex).to_owned();
    let last_name = names::last_name(dice);
    let age = match dice.weighted(&[(0, 20), (1, 55), (2, 25)]) {
        0 => dice.between(18, 25),
        1 => dice.between(26, 49),
        _ => dice.between(50, 64),
    };
    let birth_date = lc
        .oriented_on
        .checked_sub_months(chrono::Months::new(age * 12))
        .unwrap_or(lc.oriented_on)
        - dice.days(0, 360);
    let age = age_on(birth_date, lc.oriented_on).unwrap_or(age);
    let place = commune(dice);
    let qpv = dice.chance(f64::from(place.qpv_percent) / 100.0);
    let rsa = dice.chance(0.45);
    let labour = dice.weighted(&[
        (LabourStatus::LongTermUnemployed, 50),
        (LabourStatus::Unemployed, 25),
        (LabourStatus::Inactive, 20),
        (LabourStatus::Employed, 5),
    ]);
    let education = dice.weighted(&[
        (EducationLevel::Level1, 5),
        (EducationLevel::Level2, 25),
        (EducationLevel::Level3, 35),
        (EducationLevel::Level4, 23),
        (EducationLevel::Level5, 8),
        (EducationLevel::Level6, 3),
        (EducationLevel::Level7, 1),
    ]);
    let mut criteria = Vec::new();
    let mut add = |c: Criterion, yes: bool| {
        if yes {
            criteria.push(c);
        }
    };
    add(Criterion::Rsa, rsa);
    add(
        Criterion::LongTermJobseeker,
        labour == LabourStatus::LongTermUnemployed,
    );
    add(
        Criterion::Ass,
        !rsa && labour == LabourStatus::LongTermUnemployed && dice.chance(0.1),
    );
    add(Criterion::Under26, age < 26);
    add(Criterion::Over50, age >= 50);
    let rqth = dice.chance(0.09);
    add(Criterion::Rqth, rqth);
    add(Criterion::Aah, rqth && dice.chance(0.3));
    let single = dice.chance(if sex == Sex::Female { 0.22 } else { 0.04 });
    add(Criterion::SingleParent, single);
    let low = education <= EducationLevel::Level2
        || (education == EducationLevel::Level3 && dice.chance(0.5));
    add(Criterion::LowQualification, low);
    add(Criterion::Qpv, qpv);
    add(Criterion::LeavingPrison, dice.chance(0.02));
    criteria.sort();
    let prescriber = if rsa && dice.chance(0.5) {
        "CTM – service RSA"
    } else if age < 26 && dice.chance(0.6) {
        "Mission Locale"
    } else {
        dice.weighted(PRESCRIBERS)
    };
    let last_change = history
        .iter()
        .map(|h| h.event.on)
        .max()
        .unwrap_or(lc.oriented_on);
    ParticipantRow {
        id: Some(at.id),
        file_number: at.file_number,
        details: NewParticipant {
            phone: names::phone(dice),
            email: names::email(&first_name, &last_name, at.id as usize),
            last_name,
            first_name,
            birth_date: Some(birth_date),
            sex: Some(sex),
            commune: place.name.into(),
            postcode: (*dice.pick(place.postcodes)).into(),
            qpv,
            prescriber: prescriber.into(),
            criteria,
            labour_status: Some(labour),
            education: Some(education),
            // A field the demo does not fill keeps its default.
            ..NewParticipant::default()
        },
        oriented_on: lc.oriented_on,
        referent_id: at.referent_id,
        events: history,
        created_at: local(lc.oriented_on, 10, 0),
        updated_at: local(last_change, 17, 0),
        updated_by: at.updated_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_has_coordinator_demo_and_unique_logins() {
        let created = local(chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(), 8, 0);
        let users = staff(&mut Dice::new(9), 30, created);
        assert_eq!(users.len(), 31);
        assert_eq!(
            (users[0].login.as_str(), users[0].role),
            (COORDINATOR, Role::Coordinator)
        );
        assert_eq!(users[1].login, DEMO);
        let mut logins: Vec<&str> = users.iter().map(|u| u.login.as_str()).collect();
        logins.sort_unstable();
        logins.dedup();
        assert_eq!(logins.len(), users.len());
        assert_eq!(referent_count(300), 5);
        assert_eq!(referent_count(2000), 29);
        assert_eq!(referent_count(10), 4);
    }
}

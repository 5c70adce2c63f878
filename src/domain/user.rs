//! People who use parcours: referents and coordinators.

use crate::code_enum;

code_enum!(
    /// What a user may do: a referent works on their own caseload, a coordinator on the whole PLIE.
    Role, "role", {
        Referent => "referent",
        Coordinator => "coordinator",
    }
);

/// Participants per full-time referent (the PLIE rule of thumb).
pub const CASELOAD_PER_FTE: f64 = 70.0;

/// A user as the rest of the program sees them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct User {
    /// Database id.
    pub id: i64,
    /// Login (Unix login or the `--as` name of the SSH key).
    pub login: String,
    /// Full name, printed on timesheets.
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// Full-time equivalent (1.0 = full time), used for caseload capacity.
    pub fte: f64,
    /// A deactivated user can do nothing.
    pub active: bool,
}

impl User {
    /// Whether this user coordinates the PLIE (sees and validates everything).
    pub fn is_coordinator(&self) -> bool {
        self.role == Role::Coordinator
    }

    /// How many participants this user can follow at their FTE.
    pub fn capacity(&self) -> u32 {
        (self.fte * CASELOAD_PER_FTE).round() as u32
    }
}

/// Checks a login: lower-case letters, digits, `.`, `-` and `_`, 2 to 32 characters.
pub fn validate_login(login: &str) -> Result<(), super::DomainError> {
    let ok = (2..=32).contains(&login.len())
        && login
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c))
        && login.chars().next().is_some_and(|c| c.is_ascii_lowercase());
    if ok {
        Ok(())
    } else {
        Err(super::DomainError::new("error.login").arg("value", login))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins() {
        assert!(validate_login("demo").is_ok());
        assert!(validate_login("j.martin-2").is_ok());
        for bad in ["", "a", "Demo", "1abc", "a b", "é"] {
            assert!(validate_login(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn capacity_follows_fte() {
        let mut u = User {
            id: 1,
            login: "x".into(),
            name: "X".into(),
            role: Role::Referent,
            fte: 0.5,
            active: true,
        };
        assert_eq!(u.capacity(), 35);
        u.fte = 1.0;
        assert_eq!(u.capacity(), 70);
        assert_eq!(Role::from_code("coordinator"), Some(Role::Coordinator));
    }
}

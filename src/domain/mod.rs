//! Pure types and rules of the PLIE pathway: no I/O, no SQL, no terminal.
//!
//! Everything here is plain data plus the rules that apply to it, so it can be
//! unit-tested in isolation and shared by the store, the exports and the UI.

pub mod agenda;
pub mod code_enum;
pub mod duration;
pub mod error;
pub mod esf;
pub mod esf_indicators;
pub mod iso_week;
pub mod journal;
pub mod lifecycle;
pub mod outcomes;
pub mod participant;
pub mod pathway;
pub mod period;
pub mod retention;
pub mod schedule;
pub mod settings;
pub mod subject_access;
pub mod text;
pub mod time;
pub mod timesheet;
pub mod user;

pub use error::DomainError;
pub use iso_week::IsoWeek;

//! Bringing a PLIE's existing files in from a spreadsheet.
//!
//! Reading and checking a file are pure (`import/participants.rs`): they turn its
//! bytes into typed rows or a list of errors, each naming the line, the column, the
//! value and the reason. Writing goes through the store (`Session::import_participants`),
//! all rows in one transaction with one audit row, so an import is all or nothing.

pub mod participants;

//! parcours: the PLIE pathway referent's terminal application.
//!
//! Layers, from the inside out: [`domain`] (pure types and rules) ←
//! [`store`] (SQLite, the only place with SQL) ← [`tui`] and [`cli`] ← the
//! binary. See `ARCHITECTURE.md`.

pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod import;
pub mod store;
pub mod tui;

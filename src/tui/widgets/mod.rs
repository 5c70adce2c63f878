//! Reusable widgets: form fields and forms (text, dates, choices, flags),
//! generic over what they edit, so every screen's forms behave alike; the one
//! yes/no prompt.

pub mod confirm;
pub mod cursor;
pub mod field;
pub mod form;

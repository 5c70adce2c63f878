//! The record forms of the participant file, one module per record kind.
//!
//! Each kind names its fields with an `enum` declared by [`form_fields!`]
//! (the stable name a draft keeps the input under, and the label key), builds
//! them from its record, reads them back into its store call with its checks,
//! and says which record a draft belongs to. [`RecordForm`] is all the
//! generic editor (`super::editor::Editor`) needs of a kind, so keeping,
//! saving and reloading a form are written once for every kind.

use chrono::NaiveDate;
use std::fmt;

use super::editor::Edits;
use crate::domain::DomainError;
use crate::i18n::t;
use crate::store::{Session, StoreError};
use crate::tui::widgets::field::{Choice, Field, FieldId};
use crate::tui::widgets::form::{Form, Refused};

/// Declares the fields of a record form: an `enum` whose variants each give
/// the name the field's input is kept under in drafts (stable: drafts already
/// kept in users' databases are found by it) and its label, a key under
/// `file.field`.
macro_rules! form_fields {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $id:literal, $label:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $crate::tui::widgets::field::FieldId for $name {
            fn name(self) -> &'static str {
                match self { $($name::$variant => $id),+ }
            }
        }

        impl $crate::tui::file::forms::FormField for $name {
            fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!("file.field.", $label)),+ }
            }
        }
    };
}

/// Implements [`Stored`] for a record of the store:
/// `stored_record!(Record, Details, add, update, read)`, where a draft names
/// a new record by its details' type (`Edits::NewStep` for a `NewStep`).
macro_rules! stored_record {
    ($record:ident, $details:ident, $add:ident, $update:ident, $read:ident) => {
        impl $crate::tui::file::forms::Stored for $record {
            type Details = $details;

            fn details(&self) -> &$details {
                &self.details
            }

            fn new_edits(file: String) -> $crate::tui::file::editor::Edits {
                $crate::tui::file::editor::Edits::$details { file }
            }

            fn edits(&self) -> $crate::tui::file::editor::Edits {
                $crate::tui::file::editor::Edits::$record {
                    id: self.id,
                    version: self.version,
                }
            }

            fn add(
                session: &mut $crate::store::Session,
                file: &str,
                details: &$details,
            ) -> Result<Self, $crate::store::StoreError> {
                session.$add(file, details)
            }

            fn update(
                &self,
                session: &mut $crate::store::Session,
                details: $details,
            ) -> Result<Self, $crate::store::StoreError> {
                session.$update(&$record {
                    details,
                    ..self.clone()
                })
            }

            fn reread(
                &self,
                session: &$crate::store::Session,
            ) -> Result<Self, $crate::store::StoreError> {
                session.$read(self.id)
            }

            fn participant(self) -> String {
                self.participant
            }
        }
    };
}

pub mod barrier;
pub mod contact;
pub mod esf;
pub mod lifecycle;
pub mod milestone;
pub mod participant;
pub mod step;

/// A field of a record form, with its label: builds the field's widget.
pub trait FormField: FieldId {
    /// The translation key of the field's label.
    fn label_key(self) -> &'static str;

    /// The field's label in the current language.
    fn label(self) -> String {
        t(self.label_key())
    }

    /// A free-text field holding `value`.
    fn text(self, value: &str) -> Field {
        Field::text(self, self.label(), value)
    }

    /// A date field holding `value`.
    fn date(self, value: Option<NaiveDate>) -> Field {
        Field::date(self, self.label(), value)
    }

    /// A choice among `options`, `selected` by code.
    fn choice(self, options: Vec<Choice>, selected: Option<&str>) -> Field {
        Field::choice(self, self.label(), options, selected)
    }

    /// A set of flags among `options`, those in `checked` (codes) set.
    fn flags(self, options: Vec<Choice>, checked: &[&str]) -> Field {
        Field::flags(self, self.label(), options, checked)
    }

    /// A yes/no field.
    fn toggle(self, value: bool) -> Field {
        Field::toggle(self, self.label(), value)
    }
}

/// The options of a closed list of the domain, by code and label.
pub fn options<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> String,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice::new(code(*v), label(*v)))
        .collect()
}

/// Why a form was not saved.
#[derive(Debug)]
pub enum Unsaved {
    /// The form already shows why (an input refused, a warning to read before saving again).
    Shown,
    /// The store refused the change.
    Store(StoreError),
}

impl From<Refused> for Unsaved {
    fn from(_: Refused) -> Self {
        Unsaved::Shown
    }
}

impl From<StoreError> for Unsaved {
    fn from(e: StoreError) -> Self {
        Unsaved::Store(e)
    }
}

/// One kind of record a form edits: what the generic editor needs of it.
pub trait RecordForm: BoxedForm + fmt::Debug + Send + Sync {
    /// The translation key of the form's title: by default that of the
    /// record it edits, so a kept draft and its form read the same title.
    fn title_key(&self) -> &'static str {
        self.edits().map_or("", |edits| edits.title_key())
    }

    /// The fields, holding the record's values (or a new record's defaults).
    fn fields(&self) -> Vec<Field>;

    /// A line shown under the fields when the form opens.
    fn notice(&self) -> Option<String> {
        None
    }

    /// The record, as a kept draft names it; `None` for a form never kept.
    fn edits(&self) -> Option<Edits>;

    /// Checks the input and saves it through `session`; the participant's file number.
    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved>;

    /// What the save did, in words, when there is more to say than that it was saved
    /// (a reassignment names the appointments that moved).
    fn saved(&self) -> Option<String> {
        None
    }

    /// The same form over the record as it is stored now (after a conflict);
    /// `None` for a record not stored yet.
    fn reread(&self, session: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError>;
}

/// A boxed copy of a record form, so that an editor holding any kind can be cloned.
pub trait BoxedForm {
    /// A copy of the form, boxed.
    fn boxed(&self) -> Box<dyn RecordForm>;
}

impl<T: RecordForm + Clone + 'static> BoxedForm for T {
    fn boxed(&self) -> Box<dyn RecordForm> {
        Box::new(self.clone())
    }
}

impl Clone for Box<dyn RecordForm> {
    fn clone(&self) -> Self {
        self.boxed()
    }
}

/// A record of a file's list (journal contacts, steps, milestone reviews)
/// as the store keeps it: an id, a version, its participant, its details and
/// four store calls, alike for every kind, so [`stored_record!`] writes them.
pub trait Stored: Clone + fmt::Debug + Send + Sync + 'static {
    /// The editable part, as the form reads it back and the store takes it.
    type Details;
    /// The editable part as stored.
    fn details(&self) -> &Self::Details;
    /// How a draft names a new record in `file`.
    fn new_edits(file: String) -> Edits;
    /// How a draft names this record.
    fn edits(&self) -> Edits;
    /// Adds a record with `details` to `file`.
    fn add(session: &mut Session, file: &str, details: &Self::Details) -> Result<Self, StoreError>;
    /// Saves this record with `details`, at the version it was read at.
    fn update(&self, session: &mut Session, details: Self::Details) -> Result<Self, StoreError>;
    /// Reads this record again.
    fn reread(&self, session: &Session) -> Result<Self, StoreError>;
    /// The participant's file number.
    fn participant(self) -> String;
}

/// What a list form shows when it opens.
pub enum Shown<'a, R: ListRecord> {
    /// A new record, with its kind's defaults.
    New(&'a R::Defaults),
    /// A stored record's details.
    Stored(&'a R::Details),
}

/// The form of one kind of a file's list: its fields and how they read back.
pub trait ListRecord: Stored {
    /// What a new record's form opens with (today, the objectives to review…).
    type Defaults: Clone + fmt::Debug + Send + Sync + 'static;
    /// The fields, holding what is `shown`.
    fn fields(shown: Shown<'_, Self>) -> Vec<Field>;
    /// Reads the fields back with their checks; `stored` is the record edited.
    fn read(form: &mut Form, stored: Option<&Self>) -> Result<Self::Details, Refused>;
}

/// A form over a file's list: a new record or a stored one, with the same fields.
#[derive(Debug, Clone)]
pub enum ListForm<R: ListRecord> {
    /// A record to add to a file.
    New {
        /// The file number.
        file: String,
        /// What the form opens with.
        defaults: R::Defaults,
    },
    /// A stored record.
    Stored(R),
}

impl<R: ListRecord> RecordForm for ListForm<R> {
    fn fields(&self) -> Vec<Field> {
        match self {
            ListForm::New { defaults, .. } => R::fields(Shown::New(defaults)),
            ListForm::Stored(record) => R::fields(Shown::Stored(record.details())),
        }
    }

    fn edits(&self) -> Option<Edits> {
        Some(match self {
            ListForm::New { file, .. } => R::new_edits(file.clone()),
            ListForm::Stored(record) => record.edits(),
        })
    }

    fn save(&mut self, form: &mut Form, session: &mut Session) -> Result<String, Unsaved> {
        let saved = match self {
            ListForm::New { file, .. } => R::add(session, file, &R::read(form, None)?)?,
            ListForm::Stored(record) => record.update(session, R::read(form, Some(record))?)?,
        };
        Ok(saved.participant())
    }

    fn reread(&self, session: &Session) -> Result<Option<Box<dyn RecordForm>>, StoreError> {
        match self {
            // Nobody else can have changed a record not stored yet.
            ListForm::New { .. } => Ok(None),
            ListForm::Stored(record) => Ok(Some(Box::new(Self::Stored(record.reread(session)?)))),
        }
    }
}

/// Checks input with a domain `rule`; a refusal is shown on the field `on`
/// names for the error's key, and focuses it.
pub fn check<F: FieldId>(
    form: &mut Form,
    rule: Result<(), DomainError>,
    on: impl FnOnce(&str) -> F,
) -> Result<(), Refused> {
    rule.map_err(|e| {
        let field = on(e.key);
        form.fail(e, field)
    })
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::store::{Contact, Milestone, Step};

    fn names(fields: Vec<Field>) -> Vec<&'static str> {
        fields.iter().map(|f| f.id).collect()
    }

    /// Drafts kept in users' databases name their fields so: a rename would
    /// silently drop that field's input when they are resumed.
    #[test]
    fn fields_keep_the_names_drafts_were_kept_under() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        assert_eq!(
            names(Contact::fields(Shown::New(&today))),
            ["on", "kind", "minutes", "summary", "next"]
        );
        assert_eq!(
            names(Step::fields(Shown::New(&()))),
            [
                "kind",
                "provider",
                "planned_start",
                "planned_end",
                "actual_start",
                "actual_end",
                "outcome",
                "note"
            ]
        );
        let blank = milestone::blank(today, "");
        assert_eq!(
            names(Milestone::fields(Shown::New(&blank))),
            ["held_on", "objectives", "achieved", "new_objectives"]
        );
        let barrier = barrier::NewBarrierForm::new("P-2026-0001", today);
        assert_eq!(names(barrier.fields()), ["kind", "noted_on", "note"]);
    }
}

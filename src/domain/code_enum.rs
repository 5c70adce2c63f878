//! A small macro for the many closed lists of the domain (statuses, kinds…).
//!
//! Each list gets a stable storage code (what the database and the CLI use),
//! a translation key for its label, the list of all its values and parsing
//! from the code.

/// Declares a closed list of values with stable codes and translated labels.
///
/// `code_enum!(Name, "i18n.prefix", { Variant => "code", ... })` generates the
/// enum plus `ALL`, `code()`, `from_code()`, `label_key()` and `label()`.
#[macro_export]
macro_rules! code_enum {
    ($(#[$meta:meta])* $name:ident, $prefix:literal, { $($(#[$vmeta:meta])* $variant:ident => $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code stored in the database and accepted by the CLI.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a stable code; `None` when it is not one of the list.
            pub fn from_code(code: &str) -> Option<Self> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }

            /// The translation key of the value's label.
            pub fn label_key(self) -> &'static str {
                match self { $($name::$variant => concat!($prefix, ".", $code)),+ }
            }

            /// The value's label in the current language.
            pub fn label(self) -> String {
                $crate::i18n::t(self.label_key())
            }

            /// All the codes, comma-separated, for error messages.
            pub fn codes() -> String {
                Self::ALL.iter().map(|v| v.code()).collect::<Vec<_>>().join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

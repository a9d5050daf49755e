//! Vocabulary of the doctrine: roles and what each may do, markings, grades,
//! report fields and the status a report passes through.

pub mod governance;
pub mod grading;
pub mod marking;
pub mod permission;
pub mod report_fields;
pub mod role;
pub mod status;

/// Parses a closed vocabulary from its wire/CLI spelling.
macro_rules! vocabulary {
    ($ty:ident, $what:literal, { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($ty::$variant => $text),+ }
            }
        }
        impl std::str::FromStr for $ty {
            type Err = crate::error::CoreError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_lowercase();
                $( if wanted == $text.to_lowercase() { return Ok($ty::$variant); } )+
                Err(crate::error::CoreError::invalid(format!(
                    "'{}' is not a known {}; use one of: {}",
                    s, $what, [$($text),+].join(", ")
                )))
            }
        }
        impl std::fmt::Display for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use vocabulary;

//! Government Security Classifications as held on a standalone workstation.

use crate::error::{CoreError, ErrorCode};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Marking {
    #[serde(rename = "OFFICIAL")]
    Official,
    #[serde(rename = "OFFICIAL-SENSITIVE")]
    OfficialSensitive,
}

impl Marking {
    pub const ALL: &'static [Marking] = &[Marking::Official, Marking::OfficialSensitive];
    pub fn as_str(self) -> &'static str {
        match self {
            Marking::Official => "OFFICIAL",
            Marking::OfficialSensitive => "OFFICIAL-SENSITIVE",
        }
    }
    /// Markings a user cleared to `clearance` may see.
    pub fn visible_to(clearance: Marking) -> Vec<&'static str> {
        Self::ALL.iter().filter(|m| **m <= clearance).map(|m| m.as_str()).collect()
    }
}

impl std::fmt::Display for Marking {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Marking {
    type Err = CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let norm: String = s.trim().to_uppercase().replace(['_', ' '], "-");
        match norm.as_str() {
            "OFFICIAL" => Ok(Marking::Official),
            "OFFICIAL-SENSITIVE" => Ok(Marking::OfficialSensitive),
            "SECRET" | "TOP-SECRET" | "UK-SECRET" | "UK-TOP-SECRET" | "SECRET-UK-EYES-ONLY" => Err(CoreError::new(
                ErrorCode::MarkingRefused,
                format!(
                    "{} material must not be held on this workstation, which is accredited for OFFICIAL and OFFICIAL-SENSITIVE only; \
                     nothing was recorded. Pass it to the unit's SECRET-accredited system",
                    s.trim()
                ),
            )),
            _ => Err(CoreError::invalid(format!("'{s}' is not a security marking; use OFFICIAL or OFFICIAL-SENSITIVE"))),
        }
    }
}

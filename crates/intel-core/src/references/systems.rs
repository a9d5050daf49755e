//! The force systems a unit workstation holds references to. Each has a
//! default format; a unit sets its own force's formats (see `formats`).

use crate::domain::vocabulary;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExternalSystem {
    /// Police National Database.
    Pnd,
    /// Organised crime group mapping: a group's reference, with its band and score.
    Ocgm,
    /// Crime recording: the crime number.
    Crime,
    /// Command and control: the incident number.
    Cad,
    /// The violent and sex offender register (ViSOR).
    Visor,
    /// National Ballistics Intelligence Service.
    Nabis,
    /// Police National Computer: the PNC ID of a person.
    Pnc,
    /// Custody record number.
    Custody,
}
vocabulary!(ExternalSystem, "other system", {
    Pnd => "pnd", Ocgm => "ocgm", Crime => "crime", Cad => "cad",
    Visor => "visor", Nabis => "nabis", Pnc => "pnc", Custody => "custody",
});

impl ExternalSystem {
    pub fn title(self) -> &'static str {
        match self {
            Self::Pnd => "Police National Database",
            Self::Ocgm => "Organised crime group mapping",
            Self::Crime => "Crime recording",
            Self::Cad => "Command and control",
            Self::Visor => "Violent and sex offender register",
            Self::Nabis => "National Ballistics Intelligence Service",
            Self::Pnc => "PNC ID",
            Self::Custody => "Custody record",
        }
    }

    /// What a reference looks like out of the box. Forces differ, so these
    /// are a starting point the unit's administrator replaces.
    pub fn default_pattern(self) -> &'static str {
        match self {
            Self::Pnd => r"PND[/-]?[0-9]{6,12}",
            Self::Ocgm => r"OCG[/-]?[0-9]{3,8}",
            Self::Crime => r"([A-Z]{2,4}/)?[0-9]{2,9}/[0-9]{2}",
            Self::Cad => r"[0-9]{1,5}-[0-9]{6}",
            Self::Visor => r"VIS[/-]?[0-9]{6,10}",
            Self::Nabis => r"NABIS[/-][0-9]{4}[/-][0-9]{3,8}",
            Self::Pnc => r"[0-9]{2}/[0-9]{1,7}[A-Z]",
            Self::Custody => r"[A-Z]{2,4}/[0-9]{4,8}/[0-9]{2}",
        }
    }

    pub fn example(self) -> &'static str {
        match self {
            Self::Pnd => "PND/004512377",
            Self::Ocgm => "OCG-00417",
            Self::Crime => "CR/0012345/26",
            Self::Cad => "0457-041226",
            Self::Visor => "VIS-00123456",
            Self::Nabis => "NABIS/2026/00123",
            Self::Pnc => "01/123456X",
            Self::Custody => "CU/01234/26",
        }
    }
}

/// How a typed reference is held and compared: trimmed, upper case, runs of
/// white space as one space. "cr/0012345/26 " and "CR/0012345/26" are one.
pub fn normalise_value(value: &str) -> String {
    value.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_matches_its_default_pattern() {
        for s in ExternalSystem::ALL {
            let re = regex::Regex::new(&format!("^(?:{})$", s.default_pattern())).unwrap();
            assert!(re.is_match(s.example()), "{s}: {} does not match {}", s.example(), s.default_pattern());
        }
    }

    #[test]
    fn values_are_normalised_for_comparison() {
        assert_eq!(normalise_value("  cr/0012345/26 "), "CR/0012345/26");
        assert_eq!(normalise_value("0457 -\t041226"), "0457 - 041226");
    }
}

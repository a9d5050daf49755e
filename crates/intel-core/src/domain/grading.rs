//! 3x5x2 evaluation, with the legacy 5x5x5 and Admiralty grades kept as they
//! were given (never silently mapped).

use super::vocabulary;
use crate::error::{CoreError, CoreResult};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SourceGrade {
    #[serde(rename = "1")]
    Reliable,
    #[serde(rename = "2")]
    Untested,
    #[serde(rename = "3")]
    NotReliable,
}
vocabulary!(SourceGrade, "source evaluation (1, 2 or 3)", {
    Reliable => "1",
    Untested => "2",
    NotReliable => "3",
});

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum IntelGrade {
    A,
    B,
    C,
    D,
    E,
}
vocabulary!(IntelGrade, "intelligence assessment (A to E)", {
    A => "A", B => "B", C => "C", D => "D", E => "E",
});

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum HandlingCode {
    P,
    C,
}
vocabulary!(HandlingCode, "handling code (P or C)", { P => "P", C => "C" });

impl SourceGrade {
    pub fn meaning(self) -> &'static str {
        match self {
            SourceGrade::Reliable => "Reliable",
            SourceGrade::Untested => "Untested",
            SourceGrade::NotReliable => "Not reliable",
        }
    }
}
impl IntelGrade {
    pub fn meaning(self) -> &'static str {
        match self {
            IntelGrade::A => "Known directly to the source",
            IntelGrade::B => "Known indirectly to the source but corroborated",
            IntelGrade::C => "Known indirectly to the source",
            IntelGrade::D => "Not known",
            IntelGrade::E => "Suspected to be false or malicious",
        }
    }
}
impl HandlingCode {
    pub fn meaning(self) -> &'static str {
        match self {
            HandlingCode::P => "Lawful sharing permitted",
            HandlingCode::C => "Lawful sharing permitted with conditions",
        }
    }
}

/// A 3x5x2 evaluation as given by the evaluator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation3x5x2 {
    pub source: SourceGrade,
    pub intelligence: IntelGrade,
    pub handling: HandlingCode,
    pub conditions: Option<String>,
    pub rationale: String,
}

impl Evaluation3x5x2 {
    pub fn validate(&self) -> CoreResult<()> {
        if self.rationale.trim().is_empty() {
            return Err(CoreError::invalid("an evaluation needs a rationale: say why these grades were given"));
        }
        let has_conditions = self.conditions.as_deref().is_some_and(|c| !c.trim().is_empty());
        match self.handling {
            HandlingCode::C if !has_conditions => Err(CoreError::invalid(
                "handling code C needs the conditions: the specific handling instructions that apply to sharing this intelligence",
            )),
            HandlingCode::P if has_conditions => {
                Err(CoreError::invalid("conditions only apply with handling code C; choose C or remove the conditions"))
            }
            _ => Ok(()),
        }
    }
    pub fn label(&self) -> String {
        format!("{}{}{}", self.source.as_str(), self.intelligence.as_str(), self.handling.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum LegacyScheme {
    #[serde(rename = "5x5x5")]
    FiveByFive,
    #[serde(rename = "admiralty")]
    Admiralty,
}
vocabulary!(LegacyScheme, "legacy grading scheme", { FiveByFive => "5x5x5", Admiralty => "admiralty" });

/// A historic grade kept exactly as it came with imported material.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyGrade {
    pub scheme: LegacyScheme,
    pub source: String,
    pub intelligence: String,
    pub handling: Option<String>,
    pub rationale: String,
}

impl LegacyGrade {
    pub fn validate(&self) -> CoreResult<()> {
        let (src, intel, handling_ok): (&[&str], &[&str], bool) = match self.scheme {
            LegacyScheme::FiveByFive => (
                &["A", "B", "C", "D", "E"],
                &["1", "2", "3", "4", "5"],
                self.handling.as_deref().is_some_and(|h| ["1", "2", "3", "4", "5"].contains(&h)),
            ),
            LegacyScheme::Admiralty => (&["A", "B", "C", "D", "E", "F"], &["1", "2", "3", "4", "5", "6"], self.handling.is_none()),
        };
        if !src.contains(&self.source.as_str()) || !intel.contains(&self.intelligence.as_str()) || !handling_ok {
            return Err(CoreError::invalid(format!(
                "not a valid {} grade: source {} intelligence {} handling {:?}",
                self.scheme.as_str(),
                self.source,
                self.intelligence,
                self.handling
            )));
        }
        if self.rationale.trim().is_empty() {
            return Err(CoreError::invalid("say where the legacy grade came from (the rationale)"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(handling: HandlingCode, conditions: Option<&str>) -> Evaluation3x5x2 {
        Evaluation3x5x2 {
            source: SourceGrade::Reliable,
            intelligence: IntelGrade::B,
            handling,
            conditions: conditions.map(str::to_owned),
            rationale: "corroborated by ANPR".into(),
        }
    }

    #[test]
    fn code_c_needs_conditions_and_p_refuses_them() {
        assert!(eval(HandlingCode::C, None).validate().is_err());
        assert!(eval(HandlingCode::C, Some("  ")).validate().is_err());
        assert!(eval(HandlingCode::C, Some("not to be shared outside policing")).validate().is_ok());
        assert!(eval(HandlingCode::P, Some("x")).validate().is_err());
        assert_eq!(eval(HandlingCode::P, None).label(), "1BP");
    }

    #[test]
    fn legacy_grades_are_checked_per_scheme() {
        let ok = LegacyGrade {
            scheme: LegacyScheme::FiveByFive,
            source: "B".into(),
            intelligence: "2".into(),
            handling: Some("3".into()),
            rationale: "imported".into(),
        };
        assert!(ok.validate().is_ok());
        let bad = LegacyGrade {
            scheme: LegacyScheme::Admiralty,
            source: "G".into(),
            intelligence: "2".into(),
            handling: None,
            rationale: "x".into(),
        };
        assert!(bad.validate().is_err());
    }
}

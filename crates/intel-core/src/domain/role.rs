use super::vocabulary;
use serde::{Deserialize, Serialize};

/// The six roles of the intelligence function (doctrine: Roles).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    DirectorOfIntelligence,
    IntelligenceManager,
    IntelligenceOfficer,
    PrincipalAnalyst,
    Analyst,
    Researcher,
}

vocabulary!(Role, "role", {
    DirectorOfIntelligence => "director-of-intelligence",
    IntelligenceManager => "intelligence-manager",
    IntelligenceOfficer => "intelligence-officer",
    PrincipalAnalyst => "principal-analyst",
    Analyst => "analyst",
    Researcher => "researcher",
});

impl Role {
    pub fn title(self) -> &'static str {
        match self {
            Role::DirectorOfIntelligence => "Director of intelligence",
            Role::IntelligenceManager => "Intelligence manager",
            Role::IntelligenceOfficer => "Intelligence officer",
            Role::PrincipalAnalyst => "Principal analyst",
            Role::Analyst => "Analyst",
            Role::Researcher => "Researcher",
        }
    }
}

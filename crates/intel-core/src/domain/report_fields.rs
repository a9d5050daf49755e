use super::vocabulary;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceType {
    Officer,
    Public,
    PartnerAgency,
    Crimestoppers,
    CovertSource,
    Prison,
    Financial,
    PublicOrder,
    OpenSource,
}

vocabulary!(SourceType, "source type", {
    Officer => "officer",
    Public => "public",
    PartnerAgency => "partner-agency",
    Crimestoppers => "crimestoppers",
    CovertSource => "covert-source",
    Prison => "prison",
    Financial => "financial",
    PublicOrder => "public-order",
    OpenSource => "open-source",
});

/// High: threat to life, serious harm or imminent. Medium: time critical. Low: other.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Priority {
    High,
    Medium,
    Low,
}

vocabulary!(Priority, "priority", {
    High => "high",
    Medium => "medium",
    Low => "low",
});

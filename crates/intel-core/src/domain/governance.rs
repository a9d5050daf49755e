//! Vocabulary of tasking and coordination (doctrine: Tasking and coordination)
//! and of intelligence products (doctrine: Products).

use super::vocabulary;
use serde::{Deserialize, Serialize};

/// The meetings of the tasking and coordination process.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MeetingKind {
    /// Strategic tasking and coordination group.
    Stcg,
    /// Tactical tasking and coordination group.
    Ttcg,
    IntelligenceUnit,
    /// Daily management meeting: fast-track decisions, not a T&C meeting.
    Dmm,
}

vocabulary!(MeetingKind, "meeting kind", {
    Stcg => "stcg",
    Ttcg => "ttcg",
    IntelligenceUnit => "intelligence-unit",
    Dmm => "dmm",
});

impl MeetingKind {
    pub fn title(self) -> &'static str {
        match self {
            MeetingKind::Stcg => "ST&CG",
            MeetingKind::Ttcg => "TT&CG",
            MeetingKind::IntelligenceUnit => "Intelligence unit meeting",
            MeetingKind::Dmm => "Daily management meeting",
        }
    }
    pub(crate) fn reference_prefix(self) -> &'static str {
        match self {
            MeetingKind::Stcg => "STCG",
            MeetingKind::Ttcg => "TTCG",
            MeetingKind::IntelligenceUnit => "IUM",
            MeetingKind::Dmm => "DMM",
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionKind {
    ControlStrategy,
    RequirementApproval,
    Tasking,
    Commission,
    Escalation,
    Resource,
    Other,
}

vocabulary!(DecisionKind, "decision kind", {
    ControlStrategy => "control-strategy",
    RequirementApproval => "requirement-approval",
    Tasking => "tasking",
    Commission => "commission",
    Escalation => "escalation",
    Resource => "resource",
    Other => "other",
});

impl DecisionKind {
    /// Which meetings may take a decision of this kind. The control strategy
    /// is the ST&CG's alone; commissioning is for the T&C groups; the DMM
    /// links their priorities to the day and escalates, it does not set them.
    pub fn allowed_at(self, meeting: MeetingKind) -> bool {
        use MeetingKind::*;
        match self {
            DecisionKind::ControlStrategy => meeting == Stcg,
            DecisionKind::RequirementApproval | DecisionKind::Commission => matches!(meeting, Stcg | Ttcg),
            DecisionKind::Tasking | DecisionKind::Escalation | DecisionKind::Resource | DecisionKind::Other => true,
        }
    }
}

/// The four strands of the control strategy and of every recommendation.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strand {
    Prevention,
    Intelligence,
    Enforcement,
    Reassurance,
}

vocabulary!(Strand, "strand", {
    Prevention => "prevention",
    Intelligence => "intelligence",
    Enforcement => "enforcement",
    Reassurance => "reassurance",
});

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RequirementKind {
    /// Approved by the ST&CG and published with the control strategy.
    Strategic,
    /// For an investigation or operation.
    Tactical,
}

vocabulary!(RequirementKind, "requirement kind", {
    Strategic => "strategic",
    Tactical => "tactical",
});

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionStatus {
    Open,
    InProgress,
    Done,
    Cancelled,
}

vocabulary!(ActionStatus, "action status", {
    Open => "open",
    InProgress => "in-progress",
    Done => "done",
    Cancelled => "cancelled",
});

impl ActionStatus {
    pub fn is_closed(self) -> bool {
        matches!(self, ActionStatus::Done | ActionStatus::Cancelled)
    }
}

/// The National Intelligence Model's products.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProductKind {
    StrategicAssessment,
    TacticalAssessment,
    ProblemProfile,
    SubjectProfile,
    ResearchSummary,
}

vocabulary!(ProductKind, "product kind", {
    StrategicAssessment => "strategic-assessment",
    TacticalAssessment => "tactical-assessment",
    ProblemProfile => "problem-profile",
    SubjectProfile => "subject-profile",
    ResearchSummary => "research-summary",
});

impl ProductKind {
    pub fn title(self) -> &'static str {
        match self {
            ProductKind::StrategicAssessment => "Strategic assessment",
            ProductKind::TacticalAssessment => "Tactical assessment",
            ProductKind::ProblemProfile => "Problem profile",
            ProductKind::SubjectProfile => "Subject profile",
            ProductKind::ResearchSummary => "Research summary",
        }
    }
    pub(crate) fn reference_prefix(self) -> &'static str {
        match self {
            ProductKind::StrategicAssessment => "SA",
            ProductKind::TacticalAssessment => "TA",
            ProductKind::ProblemProfile => "PP",
            ProductKind::SubjectProfile => "SP",
            ProductKind::ResearchSummary => "RS",
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProductState {
    Draft,
    InReview,
    AwaitingApproval,
    Approved,
    Withdrawn,
}

vocabulary!(ProductState, "product state", {
    Draft => "draft",
    InReview => "in-review",
    AwaitingApproval => "awaiting-approval",
    Approved => "approved",
    Withdrawn => "withdrawn",
});

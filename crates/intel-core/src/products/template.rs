//! Each product kind's sections, from the doctrine (National Intelligence
//! Model products). Intelligence gaps and recommendations are kept as lists
//! of their own on every product, so they are not sections here.

use crate::domain::governance::ProductKind;

pub struct SectionTemplate {
    pub key: &'static str,
    pub title: &'static str,
    /// What the section should hold, shown to the author beside the editor.
    pub guidance: &'static str,
}

const fn s(key: &'static str, title: &'static str, guidance: &'static str) -> SectionTemplate {
    SectionTemplate { key, title, guidance }
}

const STRATEGIC: &[SectionTemplate] = &[
    s("summary", "Executive summary", "The main threats, harm and risk, and what the ST&CG is asked to decide."),
    s("threats", "Threats, harm and risk by issue", "Each issue's threat, harm and risk, with the graded intelligence behind it."),
    s("horizon", "Horizon scanning", "Emerging issues and changes expected over the coming year."),
    s("performance", "Performance", "Progress against the current control strategy and its delivery plans."),
    s("requirement", "Strategic intelligence requirement", "What the force needs to know next: proposed questions for the requirement."),
];

const TACTICAL: &[SectionTemplate] = &[
    s("summary", "Summary", "What the TT&CG needs to know and decide this period."),
    s("priorities", "Progress on priorities", "Progress on each control strategy priority since the last TT&CG."),
    s("emerging", "Emerging series, hotspots and offenders", "New or growing series, places and people of concern."),
    s("tasking", "Review of current tasking", "Whether current plans and interventions still meet their objectives."),
];

const PROBLEM: &[SectionTemplate] = &[
    s("problem", "The problem", "The crime or disorder problem: what, where and when."),
    s("data", "Data and its evaluation", "The data and intelligence used, and how reliable it is."),
    s("analysis", "Analysis", "What the data shows."),
    s("inferences", "Inferences", "What the analysis leads the analyst to believe, and how confidently."),
];

const SUBJECT: &[SectionTemplate] = &[
    s("history", "History and offending", "The subject's history and offending."),
    s("lifestyle", "Lifestyle", "Geography, communications and finance."),
    s("associates", "Associates", "Known and suspected associates, with the strength of each link."),
    s("strengths", "Strengths and weaknesses", "Of the subject, and of the police position."),
    s("risks", "Risks posed", "To the public, to partners, to officers."),
    s("options", "Options for deployment", "Tactical options open to the TT&CG."),
    s("prioritisation", "Prioritisation", "Where the subject stands against other subjects and the control strategy."),
];

const RESEARCH: &[SectionTemplate] = &[
    s("summary", "Summary of fact", "What the records show, without inference: research gives facts, analysis gives assessment."),
    s("sources", "Sources consulted", "The systems and records searched, and what each held."),
];

pub fn sections(kind: ProductKind) -> &'static [SectionTemplate] {
    match kind {
        ProductKind::StrategicAssessment => STRATEGIC,
        ProductKind::TacticalAssessment => TACTICAL,
        ProductKind::ProblemProfile => PROBLEM,
        ProductKind::SubjectProfile => SUBJECT,
        ProductKind::ResearchSummary => RESEARCH,
    }
}

pub fn guidance(kind: ProductKind, key: &str) -> &'static str {
    sections(kind).iter().find(|t| t.key == key).map(|t| t.guidance).unwrap_or("")
}

/// Research summarises fact; every other product recommends action.
pub fn needs_recommendations(kind: ProductKind) -> bool {
    kind != ProductKind::ResearchSummary
}

//! The daily briefing for the daily management meeting: the last 24 hours'
//! high-priority intelligence, the actions due, and what changed in the
//! priorities (control strategy versions, requirements approved, decisions
//! taken, taskings received). The intelligence is shown sanitised only: the
//! briefing is read aloud to a room.

use super::actions::{ActionFilter, ActionView};
use super::meetings::DecisionView;
use super::requirements::{RequirementSummary, GRADE_LABEL_SQL};
use crate::audit::AuditEvent;
use crate::domain::permission::Action;
use crate::error::CoreResult;
use crate::exchange::TaskingView;
use crate::session::Session;
use chrono::{Duration, SecondsFormat, Utc};
use serde::Serialize;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct BriefingReport {
    pub reference: String,
    pub recorded_at: String,
    pub marking: String,
    pub status: String,
    pub grade: Option<String>,
    /// The sanitised wording; None while the report awaits sanitisation.
    pub summary: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct StrategyChange {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub version: i64,
    pub set_at: String,
    pub meeting: String,
    pub summary: String,
    pub priorities: Vec<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct DailyBriefing {
    pub generated_at: String,
    pub since: String,
    pub high_priority: Vec<BriefingReport>,
    /// Overdue actions and those due within the next day.
    pub actions_due: Vec<ActionView>,
    pub strategy_changes: Vec<StrategyChange>,
    pub requirements_approved: Vec<RequirementSummary>,
    pub decisions: Vec<DecisionView>,
    pub taskings_received: Vec<TaskingView>,
}

impl Session {
    pub async fn daily_briefing(&self) -> CoreResult<DailyBriefing> {
        let me = self.authorise(Action::RecordRead).await?;
        let now = Utc::now();
        let since = (now - Duration::hours(24)).to_rfc3339_opts(SecondsFormat::Micros, true);
        let markings = crate::cycle::search::marking_list(me.clearance);
        type Row = (String, String, String, String, Option<String>, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(crate::sqlf!(
            "SELECT r.reference, r.recorded_at, r.marking, r.status, {GRADE_LABEL_SQL}, r.sanitised_text FROM reports r \
             WHERE r.priority = 'high' AND r.recorded_at >= ? AND r.disposed_at IS NULL AND r.marking IN ({markings}) ORDER BY r.recorded_at DESC"
        ))
        .bind(&since)
        .fetch_all(&self.pool)
        .await?;
        let high_priority = rows
            .into_iter()
            .map(|(reference, recorded_at, marking, status, grade, summary)| BriefingReport {
                reference,
                recorded_at,
                marking,
                status,
                grade,
                summary,
            })
            .collect();
        let tomorrow = (super::today() + Duration::days(1)).to_string();
        let actions_due = self.list_actions(ActionFilter::Open).await?.into_iter().filter(|a| a.overdue || a.due_on <= tomorrow).collect();
        let strategy_changes = self
            .control_strategy_history()
            .await?
            .into_iter()
            .filter(|v| v.set_at >= since)
            .map(|v| StrategyChange {
                version: v.version,
                set_at: v.set_at,
                meeting: v.meeting,
                summary: v.summary,
                priorities: v.issues.into_iter().filter(|i| i.is_priority).map(|i| i.title).collect(),
            })
            .collect();
        let approved: Vec<(String,)> = sqlx::query_as("SELECT reference FROM requirements WHERE state = 'approved' AND approved_at >= ?")
            .bind(&since)
            .fetch_all(&self.pool)
            .await?;
        let requirements_approved =
            self.list_requirements().await?.into_iter().filter(|r| approved.iter().any(|(a,)| *a == r.reference)).collect();
        let decisions = self.decision_log(500).await?.into_iter().filter(|d| d.recorded_at >= since).collect();
        let taskings_received = self.list_taskings().await?.into_iter().filter(|t| t.received_at >= since).collect();
        self.audit_only(AuditEvent::new("briefing.read", "daily-briefing")).await?;
        Ok(DailyBriefing {
            generated_at: now.to_rfc3339_opts(SecondsFormat::Micros, true),
            since,
            high_priority,
            actions_due,
            strategy_changes,
            requirements_approved,
            decisions,
            taskings_received,
        })
    }
}

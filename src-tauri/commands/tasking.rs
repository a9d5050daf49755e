//! Tasking and coordination: meetings and decisions, the control strategy,
//! requirements, the action manager, operational review, the daily briefing.

use super::signed_in;
use crate::ipc::IpcError;
use crate::state::AppState;
use intel_core::domain::governance::{ActionStatus, MeetingKind};
use intel_core::tasking::actions::{ActionFilter, ActionView, DeliveryResults, NewAction};
use intel_core::tasking::briefing::DailyBriefing;
use intel_core::tasking::meetings::{AgendaItem, Attendee, DecisionView, MeetingSummary, MeetingView, NewDecision, NewMeeting};
use intel_core::tasking::requirements::{NewRequirement, RequirementSummary, RequirementView};
use intel_core::tasking::review::{NewOperationalReview, OperationalReview, ReviewFindings, TacticalOption};
use intel_core::tasking::strategy::{ControlStrategy, NewStrategy};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_meetings(state: State<'_, AppState>, kind: Option<MeetingKind>) -> Result<Vec<MeetingSummary>, IpcError> {
    Ok(signed_in(&state).await?.list_meetings(kind).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn meeting(state: State<'_, AppState>, reference: String) -> Result<MeetingView, IpcError> {
    Ok(signed_in(&state).await?.meeting(&reference).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn create_meeting(state: State<'_, AppState>, meeting: NewMeeting) -> Result<MeetingView, IpcError> {
    Ok(signed_in(&state).await?.create_meeting(meeting).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_meeting_attendees(
    state: State<'_, AppState>,
    reference: String,
    attendees: Vec<Attendee>,
) -> Result<MeetingView, IpcError> {
    Ok(signed_in(&state).await?.set_meeting_attendees(&reference, attendees).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn propose_agenda(state: State<'_, AppState>, reference: String) -> Result<Vec<AgendaItem>, IpcError> {
    Ok(signed_in(&state).await?.propose_agenda(&reference).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_meeting_agenda(state: State<'_, AppState>, reference: String, agenda: Vec<AgendaItem>) -> Result<MeetingView, IpcError> {
    Ok(signed_in(&state).await?.set_meeting_agenda(&reference, agenda).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn record_decision(state: State<'_, AppState>, reference: String, decision: NewDecision) -> Result<DecisionView, IpcError> {
    Ok(signed_in(&state).await?.record_decision(&reference, decision).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn sign_off_meeting(state: State<'_, AppState>, reference: String) -> Result<MeetingView, IpcError> {
    Ok(signed_in(&state).await?.sign_off_meeting(&reference).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn decision_log(state: State<'_, AppState>, limit: u32) -> Result<Vec<DecisionView>, IpcError> {
    Ok(signed_in(&state).await?.decision_log(limit.into()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn control_strategy(state: State<'_, AppState>, version: Option<u32>) -> Result<Option<ControlStrategy>, IpcError> {
    Ok(signed_in(&state).await?.control_strategy(version.map(i64::from)).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn control_strategy_history(state: State<'_, AppState>) -> Result<Vec<ControlStrategy>, IpcError> {
    Ok(signed_in(&state).await?.control_strategy_history().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_control_strategy(
    state: State<'_, AppState>,
    meeting: String,
    decision: NewDecision,
    strategy: NewStrategy,
) -> Result<ControlStrategy, IpcError> {
    Ok(signed_in(&state).await?.set_control_strategy(&meeting, decision, strategy).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_requirements(state: State<'_, AppState>) -> Result<Vec<RequirementSummary>, IpcError> {
    Ok(signed_in(&state).await?.list_requirements().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn requirement(state: State<'_, AppState>, reference: String) -> Result<RequirementView, IpcError> {
    Ok(signed_in(&state).await?.requirement(&reference).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn draft_requirement(state: State<'_, AppState>, requirement: NewRequirement) -> Result<RequirementView, IpcError> {
    Ok(signed_in(&state).await?.draft_requirement(requirement).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn approve_requirement(
    state: State<'_, AppState>,
    reference: String,
    meeting: String,
    decision: NewDecision,
) -> Result<RequirementView, IpcError> {
    Ok(signed_in(&state).await?.approve_requirement(&reference, &meeting, decision).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn answer_requirement(
    state: State<'_, AppState>,
    reference: String,
    question_id: u32,
    report: String,
    note: String,
) -> Result<RequirementView, IpcError> {
    Ok(signed_in(&state).await?.answer_requirement(&reference, question_id.into(), &report, &note).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn acknowledge_requirement(state: State<'_, AppState>, reference: String) -> Result<RequirementView, IpcError> {
    Ok(signed_in(&state).await?.acknowledge_requirement(&reference).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_actions(state: State<'_, AppState>, filter: ActionFilter) -> Result<Vec<ActionView>, IpcError> {
    Ok(signed_in(&state).await?.list_actions(filter).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn raise_action(state: State<'_, AppState>, decision_id: u32, action: NewAction) -> Result<ActionView, IpcError> {
    Ok(signed_in(&state).await?.raise_action(decision_id.into(), action).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_action(
    state: State<'_, AppState>,
    reference: String,
    status: ActionStatus,
    note: String,
    result: String,
) -> Result<ActionView, IpcError> {
    Ok(signed_in(&state).await?.update_action(&reference, status, &note, &result).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn results_analysis(state: State<'_, AppState>) -> Result<Vec<DeliveryResults>, IpcError> {
    Ok(signed_in(&state).await?.results_analysis().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_operational_reviews(state: State<'_, AppState>) -> Result<Vec<OperationalReview>, IpcError> {
    Ok(signed_in(&state).await?.list_operational_reviews().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn commission_operational_review(
    state: State<'_, AppState>,
    meeting: String,
    decision: NewDecision,
    review: NewOperationalReview,
) -> Result<OperationalReview, IpcError> {
    Ok(signed_in(&state).await?.commission_operational_review(&meeting, decision, review).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_review_objectives(
    state: State<'_, AppState>,
    reference: String,
    objectives: Vec<String>,
) -> Result<OperationalReview, IpcError> {
    Ok(signed_in(&state).await?.set_review_objectives(&reference, objectives).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn record_operation_start(state: State<'_, AppState>, reference: String) -> Result<OperationalReview, IpcError> {
    Ok(signed_in(&state).await?.record_operation_start(&reference).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn record_review_findings(
    state: State<'_, AppState>,
    reference: String,
    findings: ReviewFindings,
) -> Result<OperationalReview, IpcError> {
    Ok(signed_in(&state).await?.record_review_findings(&reference, findings).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn tactical_options(state: State<'_, AppState>) -> Result<Vec<TacticalOption>, IpcError> {
    Ok(signed_in(&state).await?.tactical_options().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn daily_briefing(state: State<'_, AppState>) -> Result<DailyBriefing, IpcError> {
    Ok(signed_in(&state).await?.daily_briefing().await?)
}

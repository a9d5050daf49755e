//! Dissemination: preview, request or release, and a manager's decision.

use super::signed_in;
use crate::ipc::{DisseminationInput, IpcError};
use crate::state::AppState;
use intel_core::cycle::dissemination::{Dissemination, DisseminationRequest, ReleasePreview};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn dissemination_preview(state: State<'_, AppState>, reference: String) -> Result<ReleasePreview, IpcError> {
    Ok(signed_in(&state).await?.dissemination_preview(&reference).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn disseminate(state: State<'_, AppState>, input: DisseminationInput) -> Result<Dissemination, IpcError> {
    let req =
        DisseminationRequest { recipient: input.recipient, purpose: input.purpose, conditions_acknowledged: input.conditions_acknowledged };
    Ok(signed_in(&state).await?.disseminate(&input.reference, req).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn decide_dissemination(state: State<'_, AppState>, id: u32, approve: bool, note: String) -> Result<Dissemination, IpcError> {
    Ok(signed_in(&state).await?.decide_dissemination(id.into(), approve, &note).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn disseminations_awaiting_authorisation(state: State<'_, AppState>) -> Result<Vec<Dissemination>, IpcError> {
    Ok(signed_in(&state).await?.disseminations_awaiting_authorisation().await?)
}

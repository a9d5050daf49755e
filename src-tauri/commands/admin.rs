//! Administration: users, retention, idle lock and the audit trail.

use super::signed_in;
use crate::ipc::{IpcError, NewUserInput};
use crate::state::AppState;
use intel_core::audit::{AuditRecord, VerifyReport};
use intel_core::cycle::users::NewUser;
use intel_core::secret::Passphrase;
use intel_core::UserInfo;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn list_users(state: State<'_, AppState>) -> Result<Vec<UserInfo>, IpcError> {
    Ok(signed_in(&state).await?.list_users().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_user(state: State<'_, AppState>, input: NewUserInput) -> Result<UserInfo, IpcError> {
    let new = NewUser {
        username: input.username,
        display_name: input.display_name,
        role: input.role,
        is_admin: input.is_admin,
        clearance: input.clearance,
        passphrase: Passphrase::new(input.passphrase),
    };
    let s = signed_in(&state).await?;
    // Wrapping the new user's key runs the deliberately slow KDF.
    Ok(tokio::task::block_in_place(|| tauri::async_runtime::block_on(s.add_user(new)))?)
}

#[tauri::command]
#[specta::specta]
pub async fn lock_user(state: State<'_, AppState>, username: String, reason: String) -> Result<(), IpcError> {
    Ok(signed_in(&state).await?.lock_user(&username, &reason).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_retention(state: State<'_, AppState>, group: u32, months: u32, reason: String) -> Result<(), IpcError> {
    Ok(signed_in(&state).await?.set_retention(group.into(), months.into(), &reason).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_idle_lock(state: State<'_, AppState>, seconds: u32, reason: String) -> Result<(), IpcError> {
    Ok(signed_in(&state).await?.set_idle_lock(u64::from(seconds), &reason).await?)
}

/// The most recent entries first; `target` narrows to one record (e.g. `report:IR-2026-000001`).
#[tauri::command]
#[specta::specta]
pub async fn audit_entries(state: State<'_, AppState>, target: Option<String>, limit: u32) -> Result<Vec<AuditRecord>, IpcError> {
    Ok(signed_in(&state).await?.audit_entries(target.as_deref(), i64::from(limit)).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn verify_audit(state: State<'_, AppState>) -> Result<VerifyReport, IpcError> {
    Ok(signed_in(&state).await?.verify_audit().await?)
}

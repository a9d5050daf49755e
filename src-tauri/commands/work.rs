//! My work, permissions and the demonstration data set.

use super::signed_in;
use crate::ipc::IpcError;
use crate::state::AppState;
use intel_core::cycle::work::MyWork;
use intel_core::domain::permission::Action;
use tauri::State;

/// How many items of each queue the My work screen lists.
const QUEUE_PREVIEW: i64 = 25;

#[tauri::command]
#[specta::specta]
pub async fn my_work(state: State<'_, AppState>) -> Result<MyWork, IpcError> {
    Ok(signed_in(&state).await?.my_work(QUEUE_PREVIEW).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn permitted_actions(state: State<'_, AppState>) -> Result<Vec<Action>, IpcError> {
    Ok(signed_in(&state).await?.permitted_actions().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn has_demo_data(state: State<'_, AppState>) -> Result<bool, IpcError> {
    Ok(signed_in(&state).await?.has_demo_data().await?)
}

/// Returns the references of the demonstration reports.
#[tauri::command]
#[specta::specta]
pub async fn load_demo_data(state: State<'_, AppState>) -> Result<Vec<String>, IpcError> {
    Ok(signed_in(&state).await?.load_demo_data().await?)
}

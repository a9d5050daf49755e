//! Search, saved searches and CSV export of results.

use super::signed_in;
use crate::ipc::{CsvExport, ExportColumn, IpcError, SearchQuery};
use crate::state::AppState;
use intel_core::cycle::saved::SavedSearch;
use intel_core::cycle::search::SearchPage;
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn search(state: State<'_, AppState>, query: SearchQuery) -> Result<SearchPage, IpcError> {
    Ok(signed_in(&state).await?.search_page(&query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn saved_searches(state: State<'_, AppState>) -> Result<Vec<SavedSearch>, IpcError> {
    Ok(signed_in(&state).await?.saved_searches().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn save_search(state: State<'_, AppState>, name: String, query: SearchQuery) -> Result<SavedSearch, IpcError> {
    Ok(signed_in(&state).await?.save_search(&name, &query).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_saved_search(state: State<'_, AppState>, id: u32) -> Result<(), IpcError> {
    Ok(signed_in(&state).await?.delete_saved_search(id.into()).await?)
}

/// Asks where to save (a native dialog opened from Rust: the webview gets no
/// file-system access), then writes the CSV. `None` when the person cancels.
#[tauri::command]
#[specta::specta]
pub async fn export_search_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    query: SearchQuery,
    columns: Vec<ExportColumn>,
) -> Result<Option<CsvExport>, IpcError> {
    let file_name = format!("intel-desk-search-{}.csv", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
    let Some(dest) = super::files::choose_destination(&app, &file_name, ("CSV", &["csv"])).await else {
        return Ok(None);
    };
    Ok(Some(signed_in(&state).await?.export_search_csv(&query, &columns, &dest).await?))
}

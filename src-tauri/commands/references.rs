//! References to other systems (held on reports and entities, looked up,
//! the unit's formats for them), and link charts, lists and STIX bundles
//! for other tools.

use super::signed_in;
use crate::ipc::IpcError;
use crate::state::AppState;
use intel_core::cycle::export::ExportColumn;
use intel_core::cycle::search::SearchQuery;
use intel_core::interchange::charts::{ChartExport, ChartFormat};
use intel_core::interchange::lists::{EntityListQuery, TableExport, TableFormat};
use intel_core::interchange::stix::{StixBundleExport, StixRequest};
use intel_core::references::formats::ReferenceFormat;
use intel_core::references::{ExternalReference, ExternalSystem, NewExternalReference, ReferenceHolder, ReferenceHolders, ReferenceMatch};
use tauri::State;

/// How many suggestions the lookup box offers.
const SUGGESTIONS: i64 = 20;

#[tauri::command]
#[specta::specta]
pub async fn add_external_reference(
    state: State<'_, AppState>,
    holder: ReferenceHolder,
    reference: NewExternalReference,
) -> Result<ExternalReference, IpcError> {
    Ok(signed_in(&state).await?.add_external_reference(&holder, reference).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn remove_external_reference(state: State<'_, AppState>, id: u32, reason: String) -> Result<(), IpcError> {
    Ok(signed_in(&state).await?.remove_external_reference(id.into(), &reason).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn external_references_of(state: State<'_, AppState>, holder: ReferenceHolder) -> Result<Vec<ExternalReference>, IpcError> {
    Ok(signed_in(&state).await?.external_references_of(&holder).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn holders_of_reference(state: State<'_, AppState>, system: ExternalSystem, value: String) -> Result<ReferenceHolders, IpcError> {
    Ok(signed_in(&state).await?.holders_of_reference(system, &value).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn find_external_references(
    state: State<'_, AppState>,
    prefix: String,
    system: Option<ExternalSystem>,
) -> Result<Vec<ReferenceMatch>, IpcError> {
    Ok(signed_in(&state).await?.find_external_references(&prefix, system, SUGGESTIONS).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn reference_formats(state: State<'_, AppState>) -> Result<Vec<ReferenceFormat>, IpcError> {
    Ok(signed_in(&state).await?.reference_formats().await?)
}

/// `pattern: null` goes back to the default format.
#[tauri::command]
#[specta::specta]
pub async fn set_external_reference_format(
    state: State<'_, AppState>,
    system: ExternalSystem,
    pattern: Option<String>,
    reason: String,
) -> Result<(), IpcError> {
    Ok(signed_in(&state).await?.set_external_reference_format(system, pattern.as_deref(), &reason).await?)
}

/// Asks where to save (a native dialog opened from Rust), then writes the
/// chart of these entities as GraphML or ANX. `None` when the person cancels.
#[tauri::command]
#[specta::specta]
pub async fn export_link_chart(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    title: String,
    entities: Vec<u32>,
    format: ChartFormat,
) -> Result<Option<ChartExport>, IpcError> {
    let file_name = format!("intel-desk-chart-{}.{}", chrono::Utc::now().format("%Y%m%d-%H%M%S"), format.extension());
    let filter = match format {
        ChartFormat::Graphml => ("GraphML", &["graphml"][..]),
        ChartFormat::Anx => ("i2 Analyst's Notebook exchange", &["anx"][..]),
    };
    let Some(dest) = super::files::choose_destination(&app, &file_name, filter).await else {
        return Ok(None);
    };
    let ids: Vec<i64> = entities.into_iter().map(i64::from).collect();
    Ok(Some(signed_in(&state).await?.export_link_chart(&title, &ids, format, &dest).await?))
}

/// Search results as CSV or XLSX, after the native save dialog; `None` on cancel.
#[tauri::command]
#[specta::specta]
pub async fn export_search_table(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    query: SearchQuery,
    columns: Vec<ExportColumn>,
    format: TableFormat,
) -> Result<Option<TableExport>, IpcError> {
    let Some(dest) = choose_table_destination(&app, "search", format).await else {
        return Ok(None);
    };
    Ok(Some(signed_in(&state).await?.export_search_table(&query, &columns, format, &dest).await?))
}

/// The entity list as CSV or XLSX, after the native save dialog; `None` on cancel.
#[tauri::command]
#[specta::specta]
pub async fn export_entity_list(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    query: EntityListQuery,
    format: TableFormat,
) -> Result<Option<TableExport>, IpcError> {
    let Some(dest) = choose_table_destination(&app, "entities", format).await else {
        return Ok(None);
    };
    Ok(Some(signed_in(&state).await?.export_entity_list(&query, format, &dest).await?))
}

async fn choose_table_destination(app: &tauri::AppHandle, what: &str, format: TableFormat) -> Option<std::path::PathBuf> {
    let file_name = format!("intel-desk-{what}-{}.{}", chrono::Utc::now().format("%Y%m%d-%H%M%S"), format.extension());
    let filter = match format {
        TableFormat::Csv => ("CSV", &["csv"][..]),
        TableFormat::Xlsx => ("Excel workbook", &["xlsx"][..]),
    };
    super::files::choose_destination(app, &file_name, filter).await
}

/// A STIX 2.1 bundle of the chosen reports, after the native save dialog;
/// `None` on cancel.
#[tauri::command]
#[specta::specta]
pub async fn export_stix(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    request: StixRequest,
) -> Result<Option<StixBundleExport>, IpcError> {
    let file_name = format!("intel-desk-stix-{}.json", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
    let Some(dest) = super::files::choose_destination(&app, &file_name, ("STIX 2.1 bundle", &["json"])).await else {
        return Ok(None);
    };
    Ok(Some(signed_in(&state).await?.export_stix(&request, &dest).await?))
}

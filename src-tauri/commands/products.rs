//! Intelligence products: drafting from terms of reference, citations and
//! embeds, review and approval, export to PDF/HTML and tasking packages.
//! Exports ask where to save from Rust; the webview never touches files.

use super::signed_in;
use crate::ipc::IpcError;
use crate::state::AppState;
use intel_core::domain::governance::Strand;
use intel_core::domain::marking::Marking;
use intel_core::products::export::{ProductExport, ProductFormat};
use intel_core::products::package::{TaskingPackageExport, TaskingPackageRequest};
use intel_core::products::{NewEmbed, NewProduct, ProductSummary, ProductView};
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn list_products(state: State<'_, AppState>) -> Result<Vec<ProductSummary>, IpcError> {
    Ok(signed_in(&state).await?.list_products().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn product(state: State<'_, AppState>, reference: String) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.product(&reference).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn create_product(state: State<'_, AppState>, product: NewProduct) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.create_product(product).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn update_product_section(
    state: State<'_, AppState>,
    reference: String,
    key: String,
    body: String,
) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.update_product_section(&reference, &key, &body).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn set_product_details(
    state: State<'_, AppState>,
    reference: String,
    title: String,
    marking: Marking,
    dissemination: Vec<String>,
) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.set_product_details(&reference, &title, marking, dissemination).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn cite_report(
    state: State<'_, AppState>,
    reference: String,
    report: String,
    section: String,
    note: String,
) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.cite_report(&reference, &report, &section, &note).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn uncite_report(state: State<'_, AppState>, reference: String, report: String) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.uncite_report(&reference, &report).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_embed(state: State<'_, AppState>, reference: String, embed: NewEmbed) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.add_embed(&reference, embed).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn remove_embed(state: State<'_, AppState>, reference: String, id: u32) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.remove_embed(&reference, id.into()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_gap(state: State<'_, AppState>, reference: String, gap: String) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.add_gap(&reference, &gap).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn remove_gap(state: State<'_, AppState>, reference: String, id: u32) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.remove_gap(&reference, id.into()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_recommendation(
    state: State<'_, AppState>,
    reference: String,
    strand: Strand,
    text: String,
) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.add_recommendation(&reference, strand, &text).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn remove_recommendation(state: State<'_, AppState>, reference: String, id: u32) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.remove_recommendation(&reference, id.into()).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn submit_product(state: State<'_, AppState>, reference: String, note: String) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.submit_product(&reference, &note).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn peer_review_product(
    state: State<'_, AppState>,
    reference: String,
    passed: bool,
    note: String,
) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.peer_review_product(&reference, passed, &note).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn approve_product(state: State<'_, AppState>, reference: String, approve: bool, note: String) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.approve_product(&reference, approve, &note).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn withdraw_product(state: State<'_, AppState>, reference: String, reason: String) -> Result<ProductView, IpcError> {
    Ok(signed_in(&state).await?.withdraw_product(&reference, &reason).await?)
}

/// Asks where to save, then exports. `None` when the person cancels.
#[tauri::command]
#[specta::specta]
pub async fn export_product(
    app: AppHandle,
    state: State<'_, AppState>,
    reference: String,
    format: ProductFormat,
) -> Result<Option<ProductExport>, IpcError> {
    let ext = format.extension();
    let file_name = format!("{reference}.{ext}");
    let label = if format == ProductFormat::Pdf { "PDF" } else { "HTML" };
    let Some(dest) = super::files::choose_destination(&app, &file_name, (label, &[ext])).await else {
        return Ok(None);
    };
    Ok(Some(signed_in(&state).await?.export_product(&reference, format, &dest).await?))
}

/// Asks where to save the bundle; the PDF briefing is written beside it.
#[tauri::command]
#[specta::specta]
pub async fn export_tasking_package(
    app: AppHandle,
    state: State<'_, AppState>,
    request: TaskingPackageRequest,
) -> Result<Option<TaskingPackageExport>, IpcError> {
    let file_name = format!("intel-desk-tasking-{}.idb", chrono::Utc::now().format("%Y%m%d-%H%M%S"));
    let Some(dest) = super::files::choose_destination(&app, &file_name, ("Intel Desk bundle", &["idb"])).await else {
        return Ok(None);
    };
    Ok(Some(signed_in(&state).await?.export_tasking_package(&request, &dest).await?))
}

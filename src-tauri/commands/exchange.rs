//! Exchange: sync with the force gateway, bundle files, taskings received
//! and trust. The core decides who may do each; these only add the dialogs
//! and the in-memory sync progress.

use super::files::{choose_destination, choose_file, read_capped};
use super::signed_in;
use crate::ipc::IpcError;
use crate::state::{AppState, Connection};
use intel_core::exchange::{
    BundleKind, ExportOptions, ExportPreview, ExportedBundle, ImportPreview, ImportRecord, ImportReport, ImportVia, OutboxItem, PeerView,
    TaskingView, WorkstationIdentity,
};
use intel_core::{CoreError, ErrorCode, Session};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State};

const BUNDLE_FILTER: (&str, &[&str]) = ("Intel Desk bundle", &["idb"]);
const ENROLMENT_FILTER: (&str, &[&str]) = ("Enrolment file", &["json"]);

#[derive(Debug, Clone, Copy, Serialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum ConnectionState {
    NotConfigured,
    Online,
    Offline,
    Error,
}

#[derive(Debug, Clone, Copy, Serialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum SyncPhase {
    Pushing,
    Pulling,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub done: u32,
    pub total: u32,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub configured: bool,
    pub gateway_url: Option<String>,
    pub connection: ConnectionState,
    pub last_sync_at: Option<String>,
    pub last_error: Option<IpcError>,
    pub pending_count: u32,
    pub in_progress: Option<SyncProgress>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SyncOutcome {
    pub pushed: u32,
    pub pulled: u32,
    pub imports: Vec<ImportReport>,
    pub failed: u32,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Where sync stands: configuration and last result from the store, the
/// connection and any running pass from memory.
#[tauri::command]
#[specta::specta]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncStatus, IpcError> {
    let s = signed_in(&state).await?;
    let gateway = s.gateway().await?;
    let recorded = s.sync_state().await?;
    let pending = s.list_outbox().await?.iter().filter(|o| o.state != intel_core::exchange::OutboxState::Sent).count();
    let connection = match (&gateway, state.exchange.connection()) {
        (None, _) => ConnectionState::NotConfigured,
        (Some(_), Connection::Online) => ConnectionState::Online,
        (Some(_), Connection::Offline) => ConnectionState::Offline,
        (Some(_), Connection::Error) => ConnectionState::Error,
        (Some(_), Connection::Unknown) => ConnectionState::Offline,
    };
    Ok(SyncStatus {
        configured: gateway.is_some(),
        gateway_url: gateway.map(|g| g.url),
        connection,
        last_sync_at: recorded.last_sync_at,
        last_error: recorded.last_error.map(|e| IpcError::from_parts(&e.code, e.message)),
        pending_count: count(pending),
        in_progress: state.exchange.progress().map(|p| SyncProgress {
            phase: match p.phase {
                intel_sync::Phase::Pushing => SyncPhase::Pushing,
                intel_sync::Phase::Pulling => SyncPhase::Pulling,
            },
            done: count(p.done),
            total: count(p.total),
        }),
    })
}

/// Push the outbox, then pull what waits at the gateway.
#[tauri::command]
#[specta::specta]
pub async fn sync_now(state: State<'_, AppState>) -> Result<SyncOutcome, IpcError> {
    let s = signed_in(&state).await?;
    Ok(run_sync(&state, &s).await?)
}

/// One sync pass, shared by "Sync now" and the periodic check. One at a time.
pub(crate) async fn run_sync(state: &AppState, s: &Session) -> Result<SyncOutcome, CoreError> {
    let Ok(_running) = state.exchange.syncing.try_lock() else {
        return Err(CoreError::new(ErrorCode::Conflict, "A sync is already running; its progress is shown above."));
    };
    let exchange = &state.exchange;
    let result = intel_sync::sync_now(s, &|p| exchange.set_progress(Some(p))).await;
    exchange.set_progress(None);
    exchange.set_connection(match &result {
        Ok(_) => Connection::Online,
        Err(e) if e.code() == ErrorCode::GatewayUnreachable => Connection::Offline,
        Err(_) => Connection::Error,
    });
    let o = result?;
    Ok(SyncOutcome { pushed: count(o.pushed), pulled: count(o.pulled), imports: o.imports, failed: count(o.failed) })
}

/// Adds the force gateway from its enrolment file (an administrator's act:
/// it decides which server this workstation trusts). `url` must be empty or
/// the address the file gives.
#[tauri::command]
#[specta::specta]
pub async fn configure_gateway(app: AppHandle, state: State<'_, AppState>, url: String) -> Result<Option<SyncStatus>, IpcError> {
    let Some(path) = choose_file(&app, ENROLMENT_FILTER).await else { return Ok(None) };
    let bytes = read_capped(&path, 256 * 1024)?;
    {
        let s = signed_in(&state).await?;
        let peer = s.add_peer(&bytes).await?;
        if peer.kind != intel_core::exchange::PeerKind::Gateway {
            return Err(CoreError::invalid(format!(
                "{} is a workstation's enrolment file, not the gateway's. It was added as a trusted peer.",
                path.display()
            ))
            .into());
        }
        let configured = s.gateway().await?.map(|g| g.url).unwrap_or_default();
        let wanted = url.trim();
        if !wanted.is_empty() && wanted.trim_end_matches('/') != configured.trim_end_matches('/') {
            return Err(CoreError::invalid(format!(
                "The gateway file gives the address {configured}, not {wanted}. The gateway was added with {configured}; ask the force for a file with the other address if that is wrong."
            ))
            .into());
        }
        state.exchange.set_connection(Connection::Unknown);
    }
    Ok(Some(sync_status(state).await?))
}

#[tauri::command]
#[specta::specta]
pub async fn list_outbox(state: State<'_, AppState>) -> Result<Vec<OutboxItem>, IpcError> {
    Ok(signed_in(&state).await?.list_outbox().await?)
}

/// `all`: carry every eligible report, not only those new or changed since
/// they were last sent (for a newly trusted peer, say).
fn options(all: bool) -> ExportOptions {
    ExportOptions { all, ..ExportOptions::default() }
}

#[tauri::command]
#[specta::specta]
pub async fn export_preview(
    state: State<'_, AppState>,
    kind: BundleKind,
    peer_ids: Vec<String>,
    all: bool,
) -> Result<ExportPreview, IpcError> {
    Ok(signed_in(&state).await?.export_preview_with(kind, &peer_ids, &options(all)).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn queue_export(
    state: State<'_, AppState>,
    kind: BundleKind,
    peer_ids: Vec<String>,
    reason: Option<String>,
    all: bool,
) -> Result<OutboxItem, IpcError> {
    Ok(signed_in(&state).await?.queue_export_with(kind, &peer_ids, reason, &options(all)).await?)
}

/// Asks where to save, then writes the signed, encrypted bundle. `None`: cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_to_file(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: BundleKind,
    peer_ids: Vec<String>,
    reason: Option<String>,
    all: bool,
) -> Result<Option<ExportedBundle>, IpcError> {
    let name = format!("intel-desk-{}-{}.idb", kind.as_str(), chrono::Utc::now().format("%Y%m%d-%H%M%S"));
    let Some(dest) = choose_destination(&app, &name, BUNDLE_FILTER).await else { return Ok(None) };
    Ok(Some(signed_in(&state).await?.export_to_file_with(kind, &peer_ids, reason, &dest, &options(all)).await?))
}

/// Asks for a bundle file and verifies it completely, writing nothing. The
/// bytes wait in memory under the preview's token until confirmed or discarded.
#[tauri::command]
#[specta::specta]
pub async fn import_preview_file(app: AppHandle, state: State<'_, AppState>) -> Result<Option<ImportPreview>, IpcError> {
    let Some(path) = choose_file(&app, BUNDLE_FILTER).await else { return Ok(None) };
    let bytes = read_capped(&path, intel_bundle::MAX_BUNDLE_BYTES)?;
    let mut preview = signed_in(&state).await?.import_preview(&bytes).await?;
    preview.token = state.exchange.hold_import(bytes);
    Ok(Some(preview))
}

#[tauri::command]
#[specta::specta]
pub async fn import_confirm(state: State<'_, AppState>, token: String) -> Result<ImportReport, IpcError> {
    let bytes = state.exchange.take_import(&token).ok_or_else(|| {
        CoreError::not_found(
            "That import preview has expired (the app was locked, or it was imported or discarded). Choose the file again.",
        )
    })?;
    Ok(signed_in(&state).await?.import_bundle(&bytes, ImportVia::File).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn import_discard(state: State<'_, AppState>, token: String) -> Result<(), IpcError> {
    state.exchange.take_import(&token);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn list_imports(state: State<'_, AppState>) -> Result<Vec<ImportRecord>, IpcError> {
    Ok(signed_in(&state).await?.list_imports().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_taskings(state: State<'_, AppState>) -> Result<Vec<TaskingView>, IpcError> {
    Ok(signed_in(&state).await?.list_taskings().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn workstation_identity(state: State<'_, AppState>) -> Result<WorkstationIdentity, IpcError> {
    Ok(signed_in(&state).await?.workstation_identity().await?)
}

/// Saves this workstation's enrolment file for the force administrator. `None`: cancelled.
#[tauri::command]
#[specta::specta]
pub async fn export_enrolment(app: AppHandle, state: State<'_, AppState>) -> Result<Option<String>, IpcError> {
    // Ask where first: the core audits the export when it makes the file, so a
    // cancelled dialog must not get that far.
    let id = signed_in(&state).await?.workstation_identity().await?.workstation_id;
    let Some(dest) = choose_destination(&app, &format!("{id}-enrolment.json"), ENROLMENT_FILTER).await else { return Ok(None) };
    let bytes = signed_in(&state).await?.enrolment_file().await?;
    intel_core::fsutil::write_atomically(&dest, &bytes)?;
    Ok(Some(dest.display().to_string()))
}

#[tauri::command]
#[specta::specta]
pub async fn rotate_workstation_keys(state: State<'_, AppState>, reason: String) -> Result<WorkstationIdentity, IpcError> {
    Ok(signed_in(&state).await?.rotate_workstation_keys(&reason).await?)
}

#[tauri::command]
#[specta::specta]
pub async fn list_peers(state: State<'_, AppState>) -> Result<Vec<PeerView>, IpcError> {
    Ok(signed_in(&state).await?.list_peers().await?)
}

#[tauri::command]
#[specta::specta]
pub async fn add_peer_from_file(app: AppHandle, state: State<'_, AppState>) -> Result<Option<PeerView>, IpcError> {
    let Some(path) = choose_file(&app, ENROLMENT_FILTER).await else { return Ok(None) };
    let bytes = read_capped(&path, 256 * 1024)?;
    Ok(Some(signed_in(&state).await?.add_peer(&bytes).await?))
}

#[tauri::command]
#[specta::specta]
pub async fn revoke_peer(state: State<'_, AppState>, peer_id: String, reason: String) -> Result<(), IpcError> {
    Ok(signed_in(&state).await?.revoke_peer(&peer_id, &reason).await?)
}

/// The periodic check: while someone who may sync is signed in and a gateway
/// is set up, sync every `INTEL_DESK_SYNC_INTERVAL_SECS` (default 300 s).
/// It never counts as activity, so it does not hold off the idle lock.
pub(crate) async fn periodic_sync(app: AppHandle) {
    use tauri::Manager;
    let every = std::env::var("INTEL_DESK_SYNC_INTERVAL_SECS").ok().and_then(|s| s.parse::<u64>().ok()).unwrap_or(300).max(5);
    loop {
        tokio::time::sleep(std::time::Duration::from_secs(every)).await;
        let state = app.state::<AppState>();
        let guard = state.session.read().await;
        let Some(s) = guard.as_ref() else { continue };
        if s.is_locked() {
            continue;
        }
        let result = s
            .in_background(async {
                let may = s.permitted_actions().await?.contains(&intel_core::domain::permission::Action::Sync);
                if !may || s.gateway().await?.is_none() {
                    return Ok(None);
                }
                run_sync(&state, s).await.map(Some)
            })
            .await;
        if let Err(e) = result {
            log::info!("periodic sync: {e}");
        }
    }
}

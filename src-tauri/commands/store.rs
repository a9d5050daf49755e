//! Store set-up, sign-in and lock.

use crate::ipc::{CreateStoreInput, IpcError, SessionInfo, SetupResult, StoreState, StoreStatus};
use crate::state::AppState;
use intel_core::keys::{KdfPolicy, KeychainMode, OsKeychain};
use intel_core::secret::Passphrase;
use intel_core::store::connect::Tuning;
use intel_core::store::lifecycle::UnlockOptions;
use intel_core::store::{self, CreateOptions};
use tauri::State;

fn kdf_policy() -> KdfPolicy {
    let target_ms = std::env::var("INTEL_KDF_TARGET_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
    KdfPolicy { target_ms, ..KdfPolicy::default() }
}

#[tauri::command]
#[specta::specta]
pub fn store_status(state: State<'_, AppState>) -> StoreStatus {
    let (s, mode, message) = match store::inspect(&state.store_dir) {
        store::StoreState::Absent => (StoreState::Absent, None, None),
        store::StoreState::Ready { keychain_mode } => (StoreState::Ready, Some(keychain_mode), None),
        store::StoreState::Damaged { message } => (StoreState::Damaged, None, Some(message)),
    };
    StoreStatus { state: s, store_dir: state.store_dir.display().to_string(), keychain_mode: mode, message }
}

#[tauri::command]
#[specta::specta]
pub async fn create_store(state: State<'_, AppState>, input: CreateStoreInput) -> Result<SetupResult, IpcError> {
    let opts = CreateOptions {
        unit_name: input.unit_name,
        admin_username: input.admin_username,
        admin_display_name: input.admin_display_name,
        passphrase: Passphrase::new(input.passphrase),
        keychain_mode: if input.passphrase_only { KeychainMode::PassphraseOnly } else { KeychainMode::OsKeychain },
        kdf: kdf_policy(),
        tuning: Tuning::default(),
    };
    let dir = state.store_dir.clone();
    let created = tauri::async_runtime::spawn_blocking(move || tauri::async_runtime::block_on(store::create(&dir, opts, &OsKeychain)))
        .await
        .map_err(|e| IpcError::from(intel_core::CoreError::internal(e.to_string())))??;
    let info = SessionInfo::from(&created.session);
    *state.session.write().await = Some(created.session);
    Ok(SetupResult { recovery_key: created.recovery_key.expose().to_owned(), session: info })
}

#[tauri::command]
#[specta::specta]
pub async fn unlock(state: State<'_, AppState>, username: String, passphrase: String) -> Result<SessionInfo, IpcError> {
    let passphrase = Passphrase::new(passphrase);
    let dir = state.store_dir.clone();
    let opts = UnlockOptions { kdf: kdf_policy(), tuning: Tuning::default() };
    // Key derivation is deliberately slow; keep it off the async workers.
    let session = tauri::async_runtime::spawn_blocking(move || {
        tauri::async_runtime::block_on(store::unlock(&dir, &username, &passphrase, &OsKeychain, opts))
    })
    .await
    .map_err(|e| IpcError::from(intel_core::CoreError::internal(e.to_string())))??;
    let info = SessionInfo::from(&session);
    let previous = state.session.write().await.replace(session);
    if let Some(old) = previous {
        old.close().await;
    }
    Ok(info)
}

#[tauri::command]
#[specta::specta]
pub async fn lock(state: State<'_, AppState>) -> Result<(), IpcError> {
    if let Some(session) = state.session.write().await.take() {
        session.close().await;
    }
    state.exchange.forget_session();
    Ok(())
}

/// The signed-in person changes their own passphrase; the current one is required.
#[tauri::command]
#[specta::specta]
pub async fn change_passphrase(state: State<'_, AppState>, current: String, new_passphrase: String) -> Result<(), IpcError> {
    let current = Passphrase::new(current);
    let new_passphrase = Passphrase::new(new_passphrase);
    let s = super::signed_in(&state).await?;
    // Unwrapping and re-wrapping run the deliberately slow KDF twice.
    Ok(tokio::task::block_in_place(|| tauri::async_runtime::block_on(s.change_own_passphrase_checked(&current, &new_passphrase)))?)
}

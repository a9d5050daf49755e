use intel_core::Session;
use std::path::PathBuf;
use tokio::sync::RwLock;

pub struct AppState {
    pub store_dir: PathBuf,
    /// The signed-in session, if any. Dropping it wipes the keys.
    /// Commands share it for reading; only sign-in and lock take it exclusively.
    pub session: RwLock<Option<Session>>,
}

impl AppState {
    pub fn new(store_dir: PathBuf) -> Self {
        AppState { store_dir, session: RwLock::new(None) }
    }
}

/// `INTEL_DESK_STORE` overrides the store folder (tests, or a unit that keeps
/// its store on a particular volume); otherwise the platform's app data folder.
pub fn store_dir(app_data: Option<PathBuf>) -> PathBuf {
    if let Some(dir) = std::env::var_os("INTEL_DESK_STORE") {
        return PathBuf::from(dir);
    }
    app_data.unwrap_or_else(|| PathBuf::from(".")).join("store")
}

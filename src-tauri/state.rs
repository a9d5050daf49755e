use intel_core::Session;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;
use tokio::sync::RwLock;

pub struct AppState {
    pub store_dir: PathBuf,
    /// The signed-in session, if any. Dropping it wipes the keys.
    /// Commands share it for reading; only sign-in and lock take it exclusively.
    pub session: RwLock<Option<Session>>,
    pub exchange: ExchangeState,
}

impl AppState {
    pub fn new(store_dir: PathBuf) -> Self {
        AppState { store_dir, session: RwLock::new(None), exchange: ExchangeState::default() }
    }
}

/// What the gateway said last time it was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Connection {
    #[default]
    Unknown,
    Online,
    Offline,
    Error,
}

/// Sync and import state that lives only while the app runs.
#[derive(Default)]
pub struct ExchangeState {
    /// Held by the one sync pass that may run at a time.
    pub syncing: tokio::sync::Mutex<()>,
    progress: Mutex<Option<intel_sync::Progress>>,
    connection: Mutex<Connection>,
    /// Verified bundle bytes awaiting "Import", by preview token. Emptied at lock.
    imports: Mutex<HashMap<String, Vec<u8>>>,
}

impl ExchangeState {
    pub fn progress(&self) -> Option<intel_sync::Progress> {
        *self.progress.lock().unwrap_or_else(|p| p.into_inner())
    }
    pub fn set_progress(&self, p: Option<intel_sync::Progress>) {
        *self.progress.lock().unwrap_or_else(|p| p.into_inner()) = p;
    }
    pub fn connection(&self) -> Connection {
        *self.connection.lock().unwrap_or_else(|p| p.into_inner())
    }
    pub fn set_connection(&self, c: Connection) {
        *self.connection.lock().unwrap_or_else(|p| p.into_inner()) = c;
    }
    pub fn hold_import(&self, bytes: Vec<u8>) -> String {
        let token = uuid_like();
        self.imports.lock().unwrap_or_else(|p| p.into_inner()).insert(token.clone(), bytes);
        token
    }
    pub fn take_import(&self, token: &str) -> Option<Vec<u8>> {
        self.imports.lock().unwrap_or_else(|p| p.into_inner()).remove(token)
    }
    /// At lock: nothing a signed-out app holds should outlive the session.
    pub fn forget_session(&self) {
        self.imports.lock().unwrap_or_else(|p| p.into_inner()).clear();
        self.set_connection(Connection::Unknown);
    }
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("import-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

/// `INTEL_DESK_STORE` overrides the store folder (tests, or a unit that keeps
/// its store on a particular volume); otherwise the platform's app data folder.
pub fn store_dir(app_data: Option<PathBuf>) -> PathBuf {
    if let Some(dir) = std::env::var_os("INTEL_DESK_STORE") {
        return PathBuf::from(dir);
    }
    app_data.unwrap_or_else(|| PathBuf::from(".")).join("store")
}

//! What crosses IPC: plain data types and `{code, message}` errors with the
//! core's closed code set. Exported to ui/src/lib/bindings.ts by specta.

pub use intel_core::domain::role::Role;
pub use intel_core::keys::KeychainMode;
pub use intel_core::{CoreError, ErrorCode};
use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Serialize, Type, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct IpcError {
    pub code: ErrorCode,
    pub message: String,
}

impl IpcError {
    /// An error recorded earlier by its code's name (the sync's last error);
    /// an unknown name becomes `internal` rather than a code outside the set.
    pub fn from_parts(code: &str, message: String) -> Self {
        let code = ErrorCode::ALL.into_iter().find(|c| c.as_str() == code).unwrap_or(ErrorCode::Internal);
        IpcError { code, message }
    }
}

impl From<CoreError> for IpcError {
    fn from(e: CoreError) -> Self {
        IpcError { code: e.code(), message: e.to_string() }
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "kebab-case")]
pub enum StoreState {
    Absent,
    Ready,
    Damaged,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct StoreStatus {
    pub state: StoreState,
    pub store_dir: String,
    pub keychain_mode: Option<KeychainMode>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub is_admin: bool,
    pub unit_name: String,
    pub idle_lock_seconds: u32,
}

impl From<&intel_core::Session> for SessionInfo {
    fn from(s: &intel_core::Session) -> Self {
        let u = s.user();
        SessionInfo {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            role: u.role,
            is_admin: u.is_admin,
            unit_name: s.unit_name().to_owned(),
            idle_lock_seconds: s.idle_limit().as_secs().min(u32::MAX as u64) as u32,
        }
    }
}

/// The passphrase arrives as a plain string over IPC and is moved into a
/// zeroising `Passphrase` at once by the command.
#[derive(Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct CreateStoreInput {
    pub unit_name: String,
    pub admin_username: String,
    pub admin_display_name: String,
    pub passphrase: String,
    pub passphrase_only: bool,
}

impl std::fmt::Debug for CreateStoreInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CreateStoreInput")
            .field("unit_name", &self.unit_name)
            .field("admin_username", &self.admin_username)
            .finish_non_exhaustive()
    }
}

#[derive(Serialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct SetupResult {
    /// Shown once by the first-run screen.
    pub recovery_key: String,
    pub session: SessionInfo,
}

// ---- inputs of the working screens -----------------------------------------
// Core vocabularies (marking, grades, status…) cross as the core's own enums,
// so a value the core does not know is refused when the input is decoded.

pub use intel_core::cycle::entities::{EntityKind, ObjectType};
pub use intel_core::cycle::export::ExportColumn;
pub use intel_core::cycle::review::ReviewDecision;
pub use intel_core::cycle::search::SearchQuery;
pub use intel_core::domain::grading::{HandlingCode, IntelGrade, SourceGrade};
pub use intel_core::domain::marking::Marking;
pub use intel_core::domain::report_fields::{Priority, SourceType};
pub use intel_core::domain::status::Status;

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentInput {
    pub file_name: String,
    pub media_type: String,
    /// The file's bytes, base64 (standard alphabet, padded).
    pub content_base64: String,
}

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewReportInput {
    pub marking: Marking,
    pub priority: Priority,
    pub source_type: SourceType,
    pub source_ref: Option<String>,
    pub submitting_officer: Option<String>,
    /// RFC 3339; absent means "now".
    pub received_at: Option<String>,
    pub text: String,
    pub review_group: Option<u32>,
    pub attachments: Vec<AttachmentInput>,
}

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct EvaluationInput {
    pub source: SourceGrade,
    pub intelligence: IntelGrade,
    pub handling: HandlingCode,
    pub conditions: Option<String>,
    pub rationale: String,
}

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewEntityInput {
    pub kind: EntityKind,
    pub object_type: Option<ObjectType>,
    pub label: String,
    pub ocgm_band: Option<String>,
}

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AssociationInput {
    pub from: u32,
    pub to: u32,
    pub kind: String,
    pub confirmed: bool,
    pub supporting_reference: Option<String>,
}

#[derive(Debug, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct DisseminationInput {
    pub reference: String,
    pub recipient: String,
    pub purpose: String,
    pub conditions_acknowledged: bool,
}

/// The passphrase is moved into a zeroising `Passphrase` by the command.
#[derive(Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub is_admin: bool,
    pub clearance: Marking,
    pub passphrase: String,
}

impl std::fmt::Debug for NewUserInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewUserInput").field("username", &self.username).field("role", &self.role).finish_non_exhaustive()
    }
}

/// A CSV export that was written (`None` from the command: the person cancelled).
pub use intel_core::cycle::export::CsvExport;

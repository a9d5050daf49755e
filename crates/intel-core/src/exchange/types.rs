//! What the exchange operations return. These cross IPC as they are (the UI
//! is built against these camelCase shapes), so a field change is an
//! interface change for the desktop app.

use crate::domain::marking::Marking;
use serde::{Deserialize, Serialize};

/// A core mirror of `intel_bundle::BundleKind`, so it can carry a specta type.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BundleKind {
    Records,
    Full,
    Tasking,
}

impl BundleKind {
    pub fn as_str(self) -> &'static str {
        self.wire().as_str()
    }
    pub(crate) fn wire(self) -> intel_bundle::BundleKind {
        match self {
            BundleKind::Records => intel_bundle::BundleKind::Records,
            BundleKind::Full => intel_bundle::BundleKind::Full,
            BundleKind::Tasking => intel_bundle::BundleKind::Tasking,
        }
    }
    pub(crate) fn from_wire(k: intel_bundle::BundleKind) -> Self {
        match k {
            intel_bundle::BundleKind::Records => BundleKind::Records,
            intel_bundle::BundleKind::Full => BundleKind::Full,
            intel_bundle::BundleKind::Tasking => BundleKind::Tasking,
        }
    }
}

impl std::str::FromStr for BundleKind {
    type Err = crate::CoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_lowercase().as_str() {
            "records" => Ok(BundleKind::Records),
            "full" => Ok(BundleKind::Full),
            "tasking" => Ok(BundleKind::Tasking),
            _ => Err(crate::CoreError::invalid(format!("'{s}' is not a bundle kind; use records, full or tasking"))),
        }
    }
}

impl std::fmt::Display for BundleKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum OutboxState {
    Pending,
    Sent,
    Failed,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboxItem {
    pub bundle_id: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub sequence: i64,
    pub kind: BundleKind,
    pub created_at: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub report_count: i64,
    pub state: OutboxState,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<String>,
    pub recipients: Vec<String>,
    pub marking: Marking,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportReportLine {
    pub reference: String,
    pub grade: Option<String>,
    pub marking: Marking,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldBack {
    pub reference: String,
    pub reason: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportPreview {
    pub kind: BundleKind,
    pub reports: Vec<ExportReportLine>,
    pub held_back: Vec<HeldBack>,
    pub entities: u32,
    pub links: u32,
    pub associations: u32,
    pub disseminations: u32,
    pub attachments: u32,
    pub marking: Marking,
    pub recipients: Vec<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportedBundle {
    pub path: Option<String>,
    pub bundle_id: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub sequence: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub report_count: i64,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportChange {
    New,
    Updated,
    Unchanged,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReportLine {
    pub reference: String,
    pub grade: Option<String>,
    pub marking: Marking,
    pub change: ReportChange,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// Always empty from the core: the shell fills it with the token under
    /// which it keeps the bytes until the user confirms.
    pub token: String,
    pub bundle_id: String,
    pub sender_workstation: String,
    pub sender_unit: String,
    pub sender_label: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub sequence: i64,
    pub created_at: String,
    pub expires_at: String,
    pub marking: Marking,
    pub kind: BundleKind,
    pub reports: Vec<ImportReportLine>,
    pub entities: u32,
    pub links: u32,
    pub associations: u32,
    pub disseminations: u32,
    pub attachments: u32,
    pub taskings: u32,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub bundle_id: String,
    pub sender_label: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub sequence: i64,
    pub reports_added: u32,
    pub reports_updated: u32,
    pub entities: u32,
    pub links: u32,
    pub associations: u32,
    pub disseminations: u32,
    pub attachments: u32,
    pub taskings: u32,
    pub imported_at: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportVia {
    File,
    Gateway,
}

impl ImportVia {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportVia::File => "file",
            ImportVia::Gateway => "gateway",
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportRecord {
    pub bundle_id: String,
    pub sender_label: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub sequence: i64,
    pub kind: BundleKind,
    pub imported_at: String,
    pub imported_by: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub report_count: i64,
    pub via: ImportVia,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskingView {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub body: String,
    pub issued_by: String,
    pub received_at: String,
    pub due_at: Option<String>,
    pub marking: Marking,
    pub bundle_id: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyView {
    pub key_id: String,
    pub signing_public_key: String,
    pub age_recipient: String,
    pub created_at: String,
    pub retired_at: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkstationIdentity {
    pub workstation_id: String,
    pub unit: String,
    pub current: KeyView,
    pub previous: Vec<KeyView>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeerKind {
    Gateway,
    Workstation,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeerStatus {
    Active,
    Revoked,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeerView {
    pub peer_id: String,
    pub kind: PeerKind,
    pub unit: String,
    pub label: String,
    pub keys: Vec<KeyView>,
    pub status: PeerStatus,
    pub added_at: String,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub last_sequence: Option<i64>,
    pub revoked_reason: Option<String>,
}

/// Where and how to reach the force gateway: the active gateway peer.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayConfig {
    pub peer_id: String,
    pub url: String,
    pub tls_certificate_pem: Option<String>,
    pub signing_public: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncError {
    pub code: String,
    pub message: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    pub last_sync_at: Option<String>,
    pub last_error: Option<SyncError>,
}

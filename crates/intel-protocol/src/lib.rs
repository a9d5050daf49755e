//! The gateway protocol, version 1. Both ends compile these types, so the
//! app and the gateway cannot disagree about a field; the OpenAPI document the
//! gateway serves is generated from them.
//!
//! Bundles travel as `application/octet-stream` bodies, exactly the bytes of
//! a bundle file. Everything else is JSON.

mod auth;
mod enrolment;
mod receipt;

pub use auth::{sign_request, verify_request, RequestAuth, AUTH_SCHEME, MAX_REQUEST_AGE_SECS};
pub use enrolment::{Enrolment, EnrolmentKind, SignedEnrolment, ENROLMENT_FORMAT};
pub use receipt::{Receipt, SignedReceipt};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const PROTOCOL_VERSION: u32 = 1;

/// Paths, relative to the gateway's base URL.
pub mod paths {
    pub const HEALTH: &str = "/v1/health";
    pub const IDENTITY: &str = "/v1/identity";
    pub const ENROLMENTS: &str = "/v1/enrolments";
    pub const BUNDLES: &str = "/v1/bundles";
    pub const OUTBOUND: &str = "/v1/outbound";
    pub const RECEIVED: &str = "/v1/received";
    pub const OPENAPI: &str = "/v1/openapi.json";
}

/// Every error answer: a stable code the client switches on, and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ApiError {
    pub code: ApiErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ApiErrorCode {
    /// The bundle failed a check; the message names the rule.
    BundleRejected,
    /// The workstation is not enrolled, not yet approved, or revoked.
    NotEnrolled,
    /// Request signature missing, stale or wrong.
    Unauthorised,
    TooLarge,
    RateLimited,
    NotFound,
    InvalidRequest,
    Unavailable,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub protocol: u32,
    pub version: String,
    /// "sqlite" or "postgres".
    pub storage: String,
}

/// A bundle waiting at the gateway for a workstation to pull.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OutboundItem {
    pub bundle_id: String,
    pub sha256: String,
    pub size: u64,
    pub kind: String,
    pub sender_id: String,
    pub created_at: DateTime<Utc>,
}

/// A bundle the gateway accepted, as the force's systems see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReceivedItem {
    /// Increasing; pass the last one seen as `after` to page.
    pub cursor: i64,
    pub bundle_id: String,
    pub sender_id: String,
    pub unit: String,
    pub sequence: u64,
    pub kind: String,
    pub marking: String,
    pub received_at: DateTime<Utc>,
    pub report_count: u64,
}

/// Force systems ask the gateway to make and sign a tasking package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TaskingPackageRequest {
    /// Workstation ids, or `unit:<code>` for every approved workstation of a unit.
    pub to: Vec<String>,
    #[schema(value_type = Vec<Object>)]
    pub taskings: Vec<intel_bundle::TaskingRecord>,
    /// Days until the package expires; default 30.
    #[serde(default)]
    pub expires_in_days: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TaskingPackageCreated {
    pub bundle_id: String,
    pub recipients: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EnrolmentState {
    pub id: String,
    /// "pending", "approved" or "revoked".
    pub state: String,
}

//! One error type for the core, with a closed set of codes that the CLI and the
//! desktop shell map to exit codes and `{code, message}` respectively.
//! Every message says what happened *and what to do about it*.

use serde::Serialize;

/// The closed set of error codes. The UI switches on these; adding one is an
/// interface change.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCode {
    WrongCredentials,
    KeychainUnavailable,
    KeychainSecretMissing,
    StoreNotFound,
    StoreExists,
    StoreDamaged,
    BackedOff,
    PermissionDenied,
    UserLocked,
    SessionLocked,
    InvalidInput,
    MarkingRefused,
    IllegalTransition,
    NotFound,
    Conflict,
    AuditTampered,
    /// A bundle failed one of the import checks; the message names the rule.
    BundleRejected,
    /// The gateway could not be reached (network, TLS, timeout).
    GatewayUnreachable,
    /// The gateway answered with a refusal (not enrolled, rate limited, rejected).
    GatewayRefused,
    Storage,
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 21] = [
        ErrorCode::WrongCredentials,
        ErrorCode::KeychainUnavailable,
        ErrorCode::KeychainSecretMissing,
        ErrorCode::StoreNotFound,
        ErrorCode::StoreExists,
        ErrorCode::StoreDamaged,
        ErrorCode::BackedOff,
        ErrorCode::PermissionDenied,
        ErrorCode::UserLocked,
        ErrorCode::SessionLocked,
        ErrorCode::InvalidInput,
        ErrorCode::MarkingRefused,
        ErrorCode::IllegalTransition,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::AuditTampered,
        ErrorCode::BundleRejected,
        ErrorCode::GatewayUnreachable,
        ErrorCode::GatewayRefused,
        ErrorCode::Storage,
        ErrorCode::Internal,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::WrongCredentials => "wrong-credentials",
            ErrorCode::KeychainUnavailable => "keychain-unavailable",
            ErrorCode::KeychainSecretMissing => "keychain-secret-missing",
            ErrorCode::StoreNotFound => "store-not-found",
            ErrorCode::StoreExists => "store-exists",
            ErrorCode::StoreDamaged => "store-damaged",
            ErrorCode::BackedOff => "backed-off",
            ErrorCode::PermissionDenied => "permission-denied",
            ErrorCode::UserLocked => "user-locked",
            ErrorCode::SessionLocked => "session-locked",
            ErrorCode::InvalidInput => "invalid-input",
            ErrorCode::MarkingRefused => "marking-refused",
            ErrorCode::IllegalTransition => "illegal-transition",
            ErrorCode::NotFound => "not-found",
            ErrorCode::Conflict => "conflict",
            ErrorCode::AuditTampered => "audit-tampered",
            ErrorCode::BundleRejected => "bundle-rejected",
            ErrorCode::GatewayUnreachable => "gateway-unreachable",
            ErrorCode::GatewayRefused => "gateway-refused",
            ErrorCode::Storage => "storage",
            ErrorCode::Internal => "internal",
        }
    }

    /// Process exit status used by the `intel` CLI (documented in docs/cli.md).
    pub fn exit_status(self) -> i32 {
        match self {
            ErrorCode::InvalidInput | ErrorCode::MarkingRefused => 2,
            ErrorCode::WrongCredentials | ErrorCode::BackedOff | ErrorCode::UserLocked | ErrorCode::SessionLocked => 3,
            ErrorCode::KeychainUnavailable | ErrorCode::KeychainSecretMissing => 4,
            ErrorCode::StoreNotFound | ErrorCode::StoreExists | ErrorCode::StoreDamaged => 5,
            ErrorCode::PermissionDenied => 6,
            ErrorCode::IllegalTransition | ErrorCode::Conflict | ErrorCode::NotFound => 7,
            ErrorCode::AuditTampered => 8,
            ErrorCode::BundleRejected => 9,
            ErrorCode::GatewayUnreachable | ErrorCode::GatewayRefused => 11,
            ErrorCode::Storage | ErrorCode::Internal => 10,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("{message}")]
    Coded { code: ErrorCode, message: String },
    /// A bundle refused by one of the format's rules (code `bundle-rejected`);
    /// `reason` lets callers and tests tell the rules apart.
    #[error("{message}")]
    Bundle { reason: intel_bundle::Reject, message: String },
    #[error("{}", database_message(.0))]
    Database(#[from] sqlx::Error),
    #[error("file error: {0}. Nothing was changed; check the disk has free space and the store folder is writable")]
    Io(#[from] std::io::Error),
}

pub type CoreResult<T> = Result<T, CoreError>;

fn database_message(e: &sqlx::Error) -> String {
    if is_not_a_database(e) {
        format!("the store file is damaged ({e}). Stop using it and restore the whole store folder from the most recent backup")
    } else {
        format!(
            "storage error: {e}. Nothing was changed; if this repeats, check the disk has free space and is writable, then contact the system administrator"
        )
    }
}

impl CoreError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        CoreError::Coded { code, message: message.into() }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::InvalidInput, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::NotFound, message)
    }
    pub fn denied(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::PermissionDenied, message)
    }
    pub fn damaged(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::StoreDamaged, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(ErrorCode::Internal, message)
    }

    /// The bundle rule that refused, when this is a bundle rejection.
    pub fn bundle_reason(&self) -> Option<intel_bundle::Reject> {
        match self {
            CoreError::Bundle { reason, .. } => Some(*reason),
            _ => None,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            CoreError::Coded { code, .. } => *code,
            CoreError::Bundle { .. } => ErrorCode::BundleRejected,
            CoreError::Database(e) if is_not_a_database(e) => ErrorCode::StoreDamaged,
            CoreError::Database(_) | CoreError::Io(_) => ErrorCode::Storage,
        }
    }
}

/// SQLite's codes 26 ("file is not a database") and 11 ("database disk image
/// is malformed"): a wrong key, a failed page HMAC and a corrupt file all
/// show as one of these.
pub(crate) fn is_not_a_database(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            matches!(db.code().as_deref(), Some("26") | Some("11"))
                || db.message().contains("file is not a database")
                || db.message().contains("malformed")
        }
        _ => false,
    }
}

impl From<sqlx::migrate::MigrateError> for CoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        CoreError::damaged(format!(
            "the store's schema could not be brought up to date ({e}); nothing was changed. \
             This usually means the store was made by a newer Intel Desk or a migration was altered: \
             use the matching version of Intel Desk or restore the store from backup"
        ))
    }
}

/// A bundle refusal keeps its rule; a failure to build one is ours, not the sender's.
impl From<intel_bundle::BundleError> for CoreError {
    fn from(e: intel_bundle::BundleError) -> Self {
        match e {
            intel_bundle::BundleError::Rejected { reason, message } => CoreError::Bundle { reason, message },
            intel_bundle::BundleError::Build(m) => CoreError::internal(format!("the bundle could not be made: {m}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_serialises_as_its_documented_name() {
        for c in ErrorCode::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), serde_json::Value::String(c.as_str().into()));
        }
    }
}

use std::fmt;

/// Why a bundle was refused. Every variant is one rule of the import checks,
/// so callers (and tests) can tell them apart without parsing messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reject {
    TooLarge,
    NotEncrypted,
    NotARecipient,
    Corrupt,
    Truncated,
    BadArchive,
    MissingPart,
    UnexpectedPart,
    BadManifest,
    UnsupportedVersion,
    UnknownSigner,
    RevokedSigner,
    BadSignature,
    SenderMismatch,
    RecipientNotNamed,
    Expired,
    NotYetValid,
    Replay,
    Rollback,
    HashMismatch,
    BadPayload,
}

#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// The bundle was read and refused; `message` says why and what to do.
    #[error("{message}")]
    Rejected { reason: Reject, message: String },
    /// Making a bundle failed (bad input from our own side, or I/O).
    #[error("{0}")]
    Build(String),
}

impl BundleError {
    pub(crate) fn reject(reason: Reject, message: impl fmt::Display) -> Self {
        BundleError::Rejected { reason, message: message.to_string() }
    }

    /// The rule that refused the bundle, if it was refused.
    pub fn reason(&self) -> Option<Reject> {
        match self {
            BundleError::Rejected { reason, .. } => Some(*reason),
            BundleError::Build(_) => None,
        }
    }
}

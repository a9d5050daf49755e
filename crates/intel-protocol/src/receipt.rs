//! The gateway's signed answer to an upload. The client keeps it as proof of
//! delivery; an identical upload gets the identical receipt back.

use chrono::{DateTime, Utc};
use intel_bundle::{verify_detached, BundleError, SigningSecret};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Receipt {
    pub bundle_id: String,
    pub bundle_sha256: String,
    pub sender_id: String,
    pub sequence: u64,
    pub gateway_id: String,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SignedReceipt {
    /// The receipt's exact JSON text; the signature covers these bytes.
    pub receipt: String,
    /// minisign signature by the gateway.
    pub signature: String,
}

impl SignedReceipt {
    pub fn sign(receipt: &Receipt, key: &SigningSecret) -> Result<Self, BundleError> {
        let text = serde_json::to_string(receipt).map_err(|e| BundleError::Build(e.to_string()))?;
        let signature = key.sign(text.as_bytes(), &format!("intel-desk-receipt {}", receipt.bundle_id))?;
        Ok(SignedReceipt { receipt: text, signature })
    }

    /// The receipt, once its signature checks against the gateway's key.
    pub fn verify(&self, gateway_signing_public: &str) -> Result<Receipt, BundleError> {
        verify_detached(gateway_signing_public, self.receipt.as_bytes(), &self.signature)?;
        serde_json::from_str(&self.receipt).map_err(|e| BundleError::Build(format!("receipt unreadable: {e}")))
    }
}

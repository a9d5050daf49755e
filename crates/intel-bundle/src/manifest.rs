//! The signed manifest: who sent the bundle, to whom, in what order, until
//! when, at what marking, and the hash of every part.

use crate::error::{BundleError, Reject};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub const FORMAT_NAME: &str = "intel-desk-bundle";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BundleKind {
    /// Sanitised, graded records for the force system.
    Records,
    /// Records with their original wording and working notes: an authorised full export.
    Full,
    /// A tasking package (requirements, taskings) for a unit or workstation.
    Tasking,
}

impl BundleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BundleKind::Records => "records",
            BundleKind::Full => "full",
            BundleKind::Tasking => "tasking",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sender {
    /// Stable id of the sending workstation or gateway.
    pub id: String,
    pub unit: String,
    /// minisign key id of the key that signed this manifest.
    pub key_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Part {
    pub name: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub bundle_id: String,
    pub kind: BundleKind,
    pub sender: Sender,
    /// Per-sender, strictly increasing; receivers refuse one not above the last seen.
    pub sequence: u64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    /// age recipients the bundle was encrypted to; a receiver must be among them.
    pub recipients: Vec<String>,
    /// Highest marking of anything in the payload.
    pub marking: String,
    /// For a full export: who authorised it and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorisation: Option<String>,
    pub parts: Vec<Part>,
}

impl Manifest {
    pub(crate) fn to_bytes(&self) -> Result<Vec<u8>, BundleError> {
        let mut v = serde_json::to_vec_pretty(self).map_err(|e| BundleError::Build(e.to_string()))?;
        v.push(b'\n');
        Ok(v)
    }

    pub(crate) fn parse(bytes: &[u8]) -> Result<Manifest, BundleError> {
        let m: Manifest = serde_json::from_slice(bytes)
            .map_err(|e| BundleError::reject(Reject::BadManifest, format!("The bundle's manifest is not valid: {e}.")))?;
        if m.format != FORMAT_NAME {
            return Err(BundleError::reject(Reject::BadManifest, format!("This is not an Intel Desk bundle (format \"{}\").", m.format)));
        }
        if m.version != FORMAT_VERSION {
            return Err(BundleError::reject(
                Reject::UnsupportedVersion,
                format!("The bundle uses format version {}; this version of Intel Desk reads version {FORMAT_VERSION}. Update Intel Desk, or ask the sender for a version {FORMAT_VERSION} bundle.", m.version),
            ));
        }
        if m.expires_at <= m.created_at {
            return Err(BundleError::reject(Reject::BadManifest, "The bundle's manifest expires before it was created."));
        }
        if m.recipients.is_empty() || m.parts.is_empty() || m.parts.len() > crate::MAX_PARTS {
            return Err(BundleError::reject(Reject::BadManifest, "The bundle's manifest lists no recipients or a wrong number of parts."));
        }
        Ok(m)
    }

    /// The signed trusted comment: binds the signature to this bundle even
    /// when someone checks it by hand with `minisign -V`.
    pub(crate) fn trusted_comment(&self) -> String {
        format!("intel-desk-bundle v{} id:{} sender:{} seq:{}", self.version, self.bundle_id, self.sender.id, self.sequence)
    }
}

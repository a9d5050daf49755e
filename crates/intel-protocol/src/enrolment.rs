//! Enrolment files: a workstation's (or gateway's) public keys, self-signed
//! with its current key to show it holds the secret. A force administrator
//! approves a workstation's file at the gateway; a workstation adds the
//! gateway's file (and other workstations' files) as trusted peers.

use chrono::{DateTime, Utc};
use intel_bundle::{key_id_of, verify_detached, BundleError, PublicKeys, SigningSecret};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub const ENROLMENT_FORMAT: &str = "intel-desk-enrolment";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EnrolmentKind {
    Workstation,
    Gateway,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    pub format: String,
    pub version: u32,
    pub kind: EnrolmentKind,
    pub id: String,
    pub unit: String,
    pub label: String,
    #[schema(value_type = Object)]
    pub current: PublicKeys,
    /// Earlier keys with the time each was replaced: they still verify history.
    #[serde(default)]
    #[schema(value_type = Vec<Object>)]
    pub previous: Vec<(PublicKeys, DateTime<Utc>)>,
    pub created_at: DateTime<Utc>,
    /// A gateway's address and TLS certificate (PEM), so a workstation can reach it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tls_certificate_pem: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignedEnrolment {
    /// The enrolment's exact JSON text; the signature covers these bytes.
    pub enrolment: String,
    pub signature: String,
}

impl SignedEnrolment {
    pub fn sign(enrolment: &Enrolment, key: &SigningSecret) -> Result<Self, BundleError> {
        let text = serde_json::to_string_pretty(enrolment).map_err(|e| BundleError::Build(e.to_string()))?;
        let signature = key.sign(text.as_bytes(), &format!("intel-desk-enrolment {}", enrolment.id))?;
        Ok(SignedEnrolment { enrolment: text, signature })
    }

    /// The enrolment, once it proves it was signed by its own current key.
    pub fn verify(&self) -> Result<Enrolment, BundleError> {
        let e: Enrolment = serde_json::from_str(&self.enrolment)
            .map_err(|err| BundleError::Build(format!("This is not an Intel Desk enrolment file: {err}.")))?;
        if e.format != ENROLMENT_FORMAT || e.version != 1 {
            return Err(BundleError::Build("This is not a version 1 Intel Desk enrolment file.".into()));
        }
        if key_id_of(&e.current.signing_public)? != e.current.key_id {
            return Err(BundleError::Build("The enrolment file's key id does not match its key.".into()));
        }
        verify_detached(&e.current.signing_public, self.enrolment.as_bytes(), &self.signature)
            .map_err(|_| BundleError::Build("The enrolment file's signature does not match: it was altered.".into()))?;
        Ok(e)
    }

    pub fn to_file_bytes(&self) -> Vec<u8> {
        let mut v = serde_json::to_vec_pretty(self).unwrap_or_default();
        v.push(b'\n');
        v
    }

    pub fn from_file_bytes(bytes: &[u8]) -> Result<Self, BundleError> {
        if bytes.len() > 256 * 1024 {
            return Err(BundleError::Build("This file is too large to be an enrolment file.".into()));
        }
        serde_json::from_slice(bytes).map_err(|e| BundleError::Build(format!("This is not an Intel Desk enrolment file: {e}.")))
    }
}

//! Request authentication for workstation calls (pulling outbound bundles):
//! the workstation signs method, path, time and body hash with its bundle
//! signing key. Uploads need no header: the bundle itself is signed.

use chrono::{DateTime, Utc};
use data_encoding::BASE64;
use intel_bundle::{verify_detached, BundleError, SigningSecret};

pub const AUTH_SCHEME: &str = "IntelDesk-Sig";
/// How old (or how far ahead) a signed request may be.
pub const MAX_REQUEST_AGE_SECS: i64 = 300;

/// A parsed `Authorization: IntelDesk-Sig ws=…,ts=…,sig=…` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestAuth {
    pub workstation_id: String,
    pub timestamp: i64,
    /// minisign signature text.
    pub signature: String,
}

fn message(method: &str, path: &str, timestamp: i64, body: &[u8]) -> String {
    format!("intel-desk-request v1\n{}\n{}\n{}\n{}", method.to_ascii_uppercase(), path, timestamp, intel_bundle::sha256_hex(body))
}

/// The header value for a request.
pub fn sign_request(
    key: &SigningSecret,
    workstation_id: &str,
    method: &str,
    path: &str,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<String, BundleError> {
    let ts = now.timestamp();
    let sig = key.sign(message(method, path, ts, body).as_bytes(), "intel-desk-request")?;
    Ok(format!("{AUTH_SCHEME} ws={workstation_id},ts={ts},sig={}", BASE64.encode(sig.as_bytes())))
}

impl RequestAuth {
    pub fn parse(header: &str) -> Option<RequestAuth> {
        let rest = header.strip_prefix(AUTH_SCHEME)?.trim_start();
        let (mut ws, mut ts, mut sig) = (None, None, None);
        for field in rest.split(',') {
            let (k, v) = field.trim().split_once('=')?;
            match k {
                "ws" => ws = Some(v.to_string()),
                "ts" => ts = v.parse().ok(),
                "sig" => sig = String::from_utf8(BASE64.decode(v.as_bytes()).ok()?).ok(),
                _ => return None,
            }
        }
        Some(RequestAuth { workstation_id: ws?, timestamp: ts?, signature: sig? })
    }
}

/// Checks a request's signature and age against the workstation's key.
pub fn verify_request(
    auth: &RequestAuth,
    signing_public: &str,
    method: &str,
    path: &str,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), BundleError> {
    if (now.timestamp() - auth.timestamp).abs() > MAX_REQUEST_AGE_SECS {
        return Err(BundleError::Build("The request's time is too far from the gateway's clock.".into()));
    }
    verify_detached(signing_public, message(method, path, auth.timestamp, body).as_bytes(), &auth.signature)
}

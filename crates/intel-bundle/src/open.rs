//! Reading a bundle. Every rule is checked before the caller sees any
//! content, so "nothing is written unless everything checks" holds for every
//! caller that writes only what `open` returns.

use crate::archive;
use crate::error::{BundleError, Reject};
use crate::identity::{keynum_hex, AgeSecret};
use crate::manifest::Manifest;
use crate::payload::Payload;
use crate::seal;
use chrono::{DateTime, Duration, Utc};
use std::collections::{BTreeMap, HashMap};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignerStatus {
    Active,
    /// Replaced by a newer key: still verifies bundles made before `retired_at`.
    Retired {
        retired_at: DateTime<Utc>,
    },
    Revoked,
}

/// A signing key the receiver knows, and whose it is.
#[derive(Debug, Clone)]
pub struct KnownSigner {
    pub key_id: String,
    pub signing_public: String,
    pub sender_id: String,
    pub label: String,
    pub status: SignerStatus,
}

/// What the receiver knows when it opens a bundle.
pub struct Expectations<'a> {
    /// Our age identities, current first; older ones still open bundles made before a rotation.
    pub identities: &'a [AgeSecret],
    pub signers: &'a [KnownSigner],
    /// Highest sequence accepted so far from each sender id.
    pub last_sequences: &'a HashMap<String, u64>,
    /// Whether a bundle id has already been accepted.
    pub seen: &'a dyn Fn(&str) -> bool,
    pub now: DateTime<Utc>,
}

/// A bundle that passed every check.
#[derive(Debug)]
pub struct OpenedBundle {
    pub manifest: Manifest,
    pub manifest_bytes: Vec<u8>,
    /// The `.minisig` text, kept so the receiver can show or re-verify it.
    pub signature: String,
    pub signer: KnownSigner,
    pub payload: Payload,
    /// Attachment bytes by SHA-256.
    pub attachments: BTreeMap<String, Vec<u8>>,
    /// SHA-256 of the encrypted bundle as received.
    pub bundle_sha256: String,
}

pub fn open(bytes: &[u8], ex: &Expectations<'_>) -> Result<OpenedBundle, BundleError> {
    if bytes.len() as u64 > crate::MAX_BUNDLE_BYTES {
        return open_checked(bytes, ex, String::new());
    }
    if bytes.len() < crate::PARALLEL_HASH_BYTES {
        return open_checked(bytes, ex, crate::sha256_hex(bytes));
    }
    // The whole file's hash (the gateway's idempotency key) on the other core
    // while this one decrypts and checks.
    std::thread::scope(|s| {
        let whole = s.spawn(|| crate::sha256_hex(bytes));
        let mut opened = open_checked(bytes, ex, String::new());
        let hash = whole.join().unwrap_or_else(|_| crate::sha256_hex(bytes));
        if let Ok(o) = opened.as_mut() {
            o.bundle_sha256 = hash;
        }
        opened
    })
}

fn open_checked(bytes: &[u8], ex: &Expectations<'_>, bundle_sha256: String) -> Result<OpenedBundle, BundleError> {
    if bytes.len() as u64 > crate::MAX_BUNDLE_BYTES {
        return Err(BundleError::reject(
            Reject::TooLarge,
            format!("The bundle is {} MB; the most accepted is {} MB.", bytes.len() >> 20, crate::MAX_BUNDLE_BYTES >> 20),
        ));
    }
    let plain = seal::decrypt(bytes, ex.identities)?;
    let mut members = archive::read(&plain)?;
    let manifest_bytes =
        members.remove(crate::MANIFEST_NAME).ok_or_else(|| BundleError::reject(Reject::MissingPart, "The bundle has no manifest."))?;
    let signature_bytes = members
        .remove(crate::SIGNATURE_NAME)
        .ok_or_else(|| BundleError::reject(Reject::MissingPart, "The bundle's manifest is not signed."))?;

    let signature = String::from_utf8(signature_bytes)
        .map_err(|_| BundleError::reject(Reject::BadSignature, "The bundle's signature is unreadable."))?;
    let sig_box = minisign::SignatureBox::from_string(&signature)
        .map_err(|_| BundleError::reject(Reject::BadSignature, "The bundle's signature is unreadable."))?;
    let key_id = keynum_hex(sig_box.keynum());
    let signer = ex.signers.iter().find(|s| s.key_id == key_id).ok_or_else(|| {
        BundleError::reject(
            Reject::UnknownSigner,
            format!("This bundle was signed by an unknown key ({key_id}). Import the sender's enrolment file under Exchange → Trust, then try again."),
        )
    })?;
    if signer.status == SignerStatus::Revoked {
        return Err(BundleError::reject(
            Reject::RevokedSigner,
            format!(
                "This bundle was signed by {} with key {key_id}, which has been revoked. Do not import it; tell your force administrator.",
                signer.label
            ),
        ));
    }
    let pk = minisign::PublicKey::from_base64(&signer.signing_public)
        .map_err(|_| BundleError::reject(Reject::UnknownSigner, format!("The stored public key for {} is unreadable.", signer.label)))?;
    minisign::verify(&pk, &sig_box, std::io::Cursor::new(&manifest_bytes), true, false, false).map_err(|_| {
        BundleError::reject(
            Reject::BadSignature,
            format!(
                "The bundle's signature does not match its manifest: it was altered after {} signed it. Do not import it.",
                signer.label
            ),
        )
    })?;

    let manifest = Manifest::parse(&manifest_bytes)?;
    if sig_box.trusted_comment().ok().as_deref() != Some(manifest.trusted_comment().as_str()) {
        return Err(BundleError::reject(Reject::BadSignature, "The bundle's signed comment does not match its manifest."));
    }
    if manifest.sender.key_id != key_id || manifest.sender.id != signer.sender_id {
        return Err(BundleError::reject(
            Reject::SenderMismatch,
            format!("The bundle claims to come from {} but was signed by {}. Do not import it.", manifest.sender.id, signer.label),
        ));
    }
    if let SignerStatus::Retired { retired_at } = signer.status {
        if manifest.created_at >= retired_at {
            return Err(BundleError::reject(
                Reject::RevokedSigner,
                format!(
                    "This bundle was signed with a key {} replaced on {}. Ask the sender to send it again.",
                    signer.label,
                    retired_at.format("%Y-%m-%d")
                ),
            ));
        }
    }
    let ours: Vec<String> = ex.identities.iter().map(|i| i.recipient()).collect::<Result<_, _>>()?;
    if !manifest.recipients.iter().any(|r| ours.contains(r)) {
        return Err(BundleError::reject(
            Reject::RecipientNotNamed,
            "This bundle was not addressed to this workstation: its signed list of recipients does not name it. It may have been re-encrypted by someone else. Do not import it.",
        ));
    }
    if ex.now > manifest.expires_at {
        return Err(BundleError::reject(
            Reject::Expired,
            format!("This bundle expired on {}. Ask the sender for a new one.", manifest.expires_at.format("%Y-%m-%d %H:%M UTC")),
        ));
    }
    if manifest.created_at > ex.now + Duration::seconds(crate::MAX_CLOCK_SKEW_SECS) {
        return Err(BundleError::reject(
            Reject::NotYetValid,
            format!(
                "This bundle says it was made on {}, which is in the future. Check this workstation's clock.",
                manifest.created_at.format("%Y-%m-%d %H:%M UTC")
            ),
        ));
    }
    if (ex.seen)(&manifest.bundle_id) {
        return Err(BundleError::reject(Reject::Replay, format!("This bundle ({}) has already been imported.", manifest.bundle_id)));
    }
    if let Some(&last) = ex.last_sequences.get(&manifest.sender.id) {
        if manifest.sequence == last {
            return Err(BundleError::reject(
                Reject::Replay,
                format!(
                    "A bundle with sequence {} from {} has already been imported; this one is a replay.",
                    manifest.sequence, signer.label
                ),
            ));
        }
        if manifest.sequence < last {
            return Err(BundleError::reject(
                Reject::Rollback,
                format!("This bundle from {} is older (sequence {}) than one already imported (sequence {last}). Import bundles in the order they were made.", signer.label, manifest.sequence),
            ));
        }
    }

    let mut listed = Vec::with_capacity(manifest.parts.len());
    for part in &manifest.parts {
        let data = members.remove(&part.name).ok_or_else(|| {
            BundleError::reject(Reject::MissingPart, format!("The bundle is missing \"{}\", which its manifest lists.", part.name))
        })?;
        listed.push((part, data));
    }
    let hashes = crate::sha256_all(&listed.iter().map(|(_, d)| d.as_slice()).collect::<Vec<_>>());
    let mut parts = BTreeMap::new();
    for ((part, data), actual) in listed.into_iter().zip(hashes) {
        if data.len() as u64 != part.size || actual != part.sha256 {
            return Err(BundleError::reject(
                Reject::HashMismatch,
                format!("\"{}\" in the bundle does not match the hash its signed manifest gives: it was altered or damaged.", part.name),
            ));
        }
        if parts.insert(part.name.clone(), data).is_some() {
            return Err(BundleError::reject(Reject::BadManifest, format!("The manifest lists \"{}\" twice.", part.name)));
        }
    }
    if let Some(extra) = members.keys().next() {
        return Err(BundleError::reject(
            Reject::UnexpectedPart,
            format!("The bundle holds \"{extra}\", which its manifest does not list."),
        ));
    }
    let payload_bytes =
        parts.remove(crate::PAYLOAD_NAME).ok_or_else(|| BundleError::reject(Reject::MissingPart, "The bundle has no payload."))?;
    let payload = Payload::parse(&payload_bytes)?;
    let wanted = payload.attachment_parts();
    let carried: Vec<String> = parts.keys().cloned().collect();
    if wanted != carried {
        return Err(BundleError::reject(Reject::BadPayload, "The bundle's attachments are not those its records cite."));
    }
    let attachments = parts.into_iter().map(|(name, data)| (name[crate::ATTACHMENT_DIR.len()..].to_string(), data)).collect();

    Ok(OpenedBundle { manifest, manifest_bytes, signature, signer: signer.clone(), payload, attachments, bundle_sha256 })
}

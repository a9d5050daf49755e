//! Making a bundle: payload → parts → manifest → signature → archive → age.

use crate::archive;
use crate::error::BundleError;
use crate::identity::SigningSecret;
use crate::manifest::{BundleKind, Manifest, Part, Sender, FORMAT_NAME, FORMAT_VERSION};
use crate::payload::Payload;
use crate::seal;
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// Everything a bundle says about itself. The sender's key id is taken from
/// the signing key, so a manifest can never name a key other than the signer's.
#[derive(Debug)]
pub struct BundleSpec<'a> {
    pub bundle_id: String,
    pub kind: BundleKind,
    pub sender_id: String,
    pub unit: String,
    pub sequence: u64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub recipients: Vec<String>,
    pub marking: String,
    pub authorisation: Option<String>,
    pub payload: &'a Payload,
    /// Attachment bytes by their SHA-256 (hex); exactly those the payload cites.
    pub attachments: &'a BTreeMap<String, Vec<u8>>,
}

/// The inner archive (unencrypted) and its manifest. Exposed for the format
/// documentation tests; [`build`] is what callers want.
pub fn build_archive(spec: &BundleSpec<'_>, signer: &SigningSecret) -> Result<(Vec<u8>, Manifest), BundleError> {
    let key_id = crate::identity::keynum_hex(signer.secret_key()?.keynum());
    if spec.recipients.is_empty() {
        return Err(BundleError::Build("a bundle needs at least one recipient".into()));
    }
    if spec.expires_at <= spec.created_at {
        return Err(BundleError::Build("a bundle must expire after it is made".into()));
    }
    let wanted = spec.payload.attachment_parts();
    let given: Vec<String> = spec.attachments.keys().map(|h| format!("{}{h}", crate::ATTACHMENT_DIR)).collect();
    if wanted != given {
        return Err(BundleError::Build("the attachments given are not those the payload cites".into()));
    }
    for (hash, bytes) in spec.attachments {
        if crate::sha256_hex(bytes) != *hash {
            return Err(BundleError::Build(format!("attachment {hash} does not match its hash")));
        }
    }
    let payload_bytes = spec.payload.to_bytes()?;
    let mut members: Vec<(String, &[u8])> = vec![(crate::PAYLOAD_NAME.to_string(), &payload_bytes)];
    for (hash, bytes) in spec.attachments {
        members.push((format!("{}{hash}", crate::ATTACHMENT_DIR), bytes));
    }
    let parts = members
        .iter()
        .map(|(name, bytes)| Part { name: name.clone(), size: bytes.len() as u64, sha256: crate::sha256_hex(bytes) })
        .collect();
    let manifest = Manifest {
        format: FORMAT_NAME.to_string(),
        version: FORMAT_VERSION,
        bundle_id: spec.bundle_id.clone(),
        kind: spec.kind,
        sender: Sender { id: spec.sender_id.clone(), unit: spec.unit.clone(), key_id },
        sequence: spec.sequence,
        created_at: spec.created_at,
        expires_at: spec.expires_at,
        recipients: spec.recipients.clone(),
        marking: spec.marking.clone(),
        authorisation: spec.authorisation.clone(),
        parts,
    };
    let manifest_bytes = manifest.to_bytes()?;
    let signature = signer.sign(&manifest_bytes, &manifest.trusted_comment())?;
    let mut all: Vec<(&str, &[u8])> =
        vec![(crate::MANIFEST_NAME, &manifest_bytes), (crate::SIGNATURE_NAME, signature.as_bytes())];
    all.extend(members.iter().map(|(n, b)| (n.as_str(), *b)));
    Ok((archive::write(&all)?, manifest))
}

/// A complete bundle: the signed archive, age-encrypted to every recipient.
pub fn build(spec: &BundleSpec<'_>, signer: &SigningSecret) -> Result<(Vec<u8>, Manifest), BundleError> {
    let (archive, manifest) = build_archive(spec, signer)?;
    Ok((seal::encrypt(&archive, &spec.recipients)?, manifest))
}

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

/// The archive's members in order, and the manifest they were signed under.
struct Signed<'a> {
    manifest: Manifest,
    manifest_bytes: Vec<u8>,
    signature: String,
    payload_bytes: Vec<u8>,
    attachments: Vec<(String, &'a [u8])>,
}

impl Signed<'_> {
    fn members(&self) -> Vec<(&str, &[u8])> {
        let mut all: Vec<(&str, &[u8])> = vec![
            (crate::MANIFEST_NAME, &self.manifest_bytes),
            (crate::SIGNATURE_NAME, self.signature.as_bytes()),
            (crate::PAYLOAD_NAME, &self.payload_bytes),
        ];
        all.extend(self.attachments.iter().map(|(n, b)| (n.as_str(), *b)));
        all
    }
    fn size(&self) -> usize {
        self.members().iter().map(|(_, b)| 512 + b.len().div_ceil(512) * 512).sum::<usize>() + 1024
    }
}

fn sign<'a>(spec: &BundleSpec<'a>, signer: &SigningSecret) -> Result<Signed<'a>, BundleError> {
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
    let payload_bytes = spec.payload.to_bytes()?;
    let mut parts =
        vec![Part { name: crate::PAYLOAD_NAME.to_string(), size: payload_bytes.len() as u64, sha256: crate::sha256_hex(&payload_bytes) }];
    let mut attachments = Vec::with_capacity(spec.attachments.len());
    // One pass over each attachment: the hash both checks it and goes in the manifest.
    let hashes = crate::sha256_all(&spec.attachments.values().map(Vec::as_slice).collect::<Vec<_>>());
    for ((hash, bytes), actual) in spec.attachments.iter().zip(hashes) {
        if actual != *hash {
            return Err(BundleError::Build(format!("attachment {hash} does not match its hash")));
        }
        let name = format!("{}{hash}", crate::ATTACHMENT_DIR);
        parts.push(Part { name: name.clone(), size: bytes.len() as u64, sha256: actual });
        attachments.push((name, bytes.as_slice()));
    }
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
    Ok(Signed { manifest, manifest_bytes, signature, payload_bytes, attachments })
}

/// The inner archive (unencrypted) and its manifest. Exposed for the format
/// documentation tests; [`build`] is what callers want.
pub fn build_archive(spec: &BundleSpec<'_>, signer: &SigningSecret) -> Result<(Vec<u8>, Manifest), BundleError> {
    let signed = sign(spec, signer)?;
    Ok((archive::write(&signed.members())?, signed.manifest))
}

/// A complete bundle: the signed archive, age-encrypted to every recipient.
/// The archive streams into the encryption rather than being built first.
pub fn build(spec: &BundleSpec<'_>, signer: &SigningSecret) -> Result<(Vec<u8>, Manifest), BundleError> {
    let signed = sign(spec, signer)?;
    let bytes = seal::encrypt_with(signed.size(), &spec.recipients, |w| archive::write_to(w, &signed.members()).map(|_| ()))?;
    Ok((bytes, signed.manifest))
}

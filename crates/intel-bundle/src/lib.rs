//! Intel Desk bundle format, version 1.
//!
//! A bundle is an age-encrypted tar archive holding a signed manifest and the
//! payload parts the manifest lists by SHA-256. The manifest signature is a
//! minisign signature, so a force administrator can check a bundle by hand with
//! the stock `age`, `tar`, `minisign` and `sha256sum` tools (docs/bundle-format.md).
//!
//! age gives confidentiality only; authenticity comes from the signature, and
//! nothing in a bundle is trusted until [`open`] has checked every rule.
//! This crate has no database and no network: the store, the gateway, the CLI
//! and the fuzz target all use the same reader.

mod archive;
mod error;
mod identity;
mod manifest;
mod open;
mod payload;
mod seal;
mod write;

pub use error::{BundleError, Reject};
pub use identity::{key_id_of, verify_detached, AgeSecret, PublicKeys, SigningSecret, WorkstationKeys};
pub use manifest::{BundleKind, Manifest, Part, Sender, FORMAT_NAME, FORMAT_VERSION};
pub use open::{open, Expectations, KnownSigner, OpenedBundle, SignerStatus};
pub use payload::{
    AssociationRecord, AttachmentRecord, DisseminationRecord, EntityRecord, GradeRecord, LinkRecord, Payload, ReportRecord, TaskingRecord,
};
pub use write::{build, build_archive, BundleSpec};

/// Largest encrypted bundle accepted, checked before any byte is decrypted.
pub const MAX_BUNDLE_BYTES: u64 = 256 * 1024 * 1024;
/// Largest decrypted archive; a little over the ciphertext limit for headers.
pub const MAX_ARCHIVE_BYTES: u64 = MAX_BUNDLE_BYTES + 1024 * 1024;
/// Largest manifest (JSON) accepted.
pub const MAX_MANIFEST_BYTES: u64 = 1024 * 1024;
/// Most parts (payload plus attachments) one bundle may carry.
pub const MAX_PARTS: usize = 10_000;
/// Clock skew tolerated for a creation time in the future.
pub const MAX_CLOCK_SKEW_SECS: i64 = 300;

/// The archive member names, fixed by format version 1.
pub const MANIFEST_NAME: &str = "manifest.json";
pub const SIGNATURE_NAME: &str = "manifest.json.minisig";
pub const PAYLOAD_NAME: &str = "payload.json";
pub const ATTACHMENT_DIR: &str = "attachments/";

/// Hex SHA-256, the form the manifest uses.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// Below this, a second thread costs more than it saves.
const PARALLEL_HASH_BYTES: usize = 4 * 1024 * 1024;

/// The SHA-256 of each item, split over two threads when there is enough to
/// hash: hashing is most of the CPU time of making or opening a big bundle.
pub(crate) fn sha256_all(items: &[&[u8]]) -> Vec<String> {
    let total: usize = items.iter().map(|i| i.len()).sum();
    if total < PARALLEL_HASH_BYTES || items.len() < 2 {
        return items.iter().map(|i| sha256_hex(i)).collect();
    }
    // Split where the running total passes half, so both threads get similar work.
    let mut run = 0;
    let split = items
        .iter()
        .position(|i| {
            run += i.len();
            run * 2 >= total
        })
        .map_or(items.len(), |p| (p + 1).min(items.len() - 1).max(1));
    let (left, right) = items.split_at(split);
    std::thread::scope(|s| {
        let other = s.spawn(|| right.iter().map(|i| sha256_hex(i)).collect::<Vec<_>>());
        let mut out: Vec<String> = left.iter().map(|i| sha256_hex(i)).collect();
        out.extend(other.join().unwrap_or_else(|_| right.iter().map(|i| sha256_hex(i)).collect()));
        out
    })
}

/// The layers under [`build`] and [`open`], for tools and tests that take a
/// bundle apart or put one together by hand (the format documentation's
/// interoperability tests, the fuzz target). Nothing here checks a signature.
pub mod raw {
    use crate::{AgeSecret, BundleError};
    use std::collections::BTreeMap;

    /// A reproducible ustar archive of the members, in the order given.
    pub fn write_archive(members: &[(&str, &[u8])]) -> Result<Vec<u8>, BundleError> {
        crate::archive::write(members)
    }
    /// The archive's members, with the format's name and size limits.
    pub fn read_archive(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, BundleError> {
        crate::archive::read(bytes)
    }
    pub fn encrypt(plaintext: &[u8], recipients: &[String]) -> Result<Vec<u8>, BundleError> {
        crate::seal::encrypt(plaintext, recipients)
    }
    pub fn decrypt(ciphertext: &[u8], identities: &[AgeSecret]) -> Result<Vec<u8>, BundleError> {
        crate::seal::decrypt(ciphertext, identities)
    }
}

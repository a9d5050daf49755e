//! The inner archive: a plain ustar file with fixed member names, written
//! byte-for-byte reproducibly (zero times and ids) and read with hard limits.

use crate::error::{BundleError, Reject};
use std::collections::BTreeMap;
use std::io::Read;

/// Members in archive order: manifest, signature, payload, attachments.
pub(crate) fn write(members: &[(&str, &[u8])]) -> Result<Vec<u8>, BundleError> {
    write_to(Vec::new(), members)
}

/// Streams the archive into `out` (the age writer, when building a bundle,
/// so the archive is never held in memory twice).
pub(crate) fn write_to<W: std::io::Write>(out: W, members: &[(&str, &[u8])]) -> Result<W, BundleError> {
    let mut b = tar::Builder::new(out);
    for (name, bytes) in members {
        let mut h = tar::Header::new_ustar();
        h.set_path(name).map_err(|e| BundleError::Build(format!("archive name {name}: {e}")))?;
        h.set_size(bytes.len() as u64);
        h.set_mode(0o644);
        h.set_mtime(0);
        h.set_uid(0);
        h.set_gid(0);
        h.set_entry_type(tar::EntryType::Regular);
        h.set_cksum();
        b.append(&h, *bytes).map_err(|e| BundleError::Build(format!("archive: {e}")))?;
    }
    b.into_inner().map_err(|e| BundleError::Build(format!("archive: {e}")))
}

/// The archive's members by name. Refuses anything but regular files with the
/// names format version 1 allows, duplicates, and members over their limit.
pub(crate) fn read(bytes: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, BundleError> {
    let bad = |m: String| BundleError::reject(Reject::BadArchive, m);
    let mut out = BTreeMap::new();
    let mut archive = tar::Archive::new(bytes);
    let entries = archive.entries().map_err(|e| bad(format!("The bundle's contents cannot be read: {e}.")))?;
    for entry in entries {
        let mut entry = entry.map_err(|e| bad(format!("The bundle's contents cannot be read: {e}.")))?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(bad("The bundle holds something other than plain files.".into()));
        }
        let name = {
            let raw = entry.path_bytes();
            String::from_utf8(raw.into_owned()).map_err(|_| bad("The bundle holds a file with an unreadable name.".into()))?
        };
        let limit = member_limit(&name).ok_or_else(|| {
            BundleError::reject(Reject::UnexpectedPart, format!("The bundle holds an unexpected file \"{}\".", printable(&name)))
        })?;
        let size = entry.header().size().map_err(|e| bad(format!("The bundle's contents cannot be read: {e}.")))?;
        if size > limit {
            return Err(BundleError::reject(Reject::TooLarge, format!("The file \"{name}\" in the bundle is larger than allowed.")));
        }
        if out.len() >= crate::MAX_PARTS + 2 {
            return Err(BundleError::reject(Reject::TooLarge, "The bundle holds too many files."));
        }
        let mut data = Vec::with_capacity(size as usize);
        (&mut entry)
            .take(limit + 1)
            .read_to_end(&mut data)
            .map_err(|_| BundleError::reject(Reject::Truncated, format!("The file \"{name}\" in the bundle is cut short.")))?;
        if data.len() as u64 != size {
            return Err(BundleError::reject(Reject::Truncated, format!("The file \"{name}\" in the bundle is cut short.")));
        }
        if out.insert(name.clone(), data).is_some() {
            return Err(bad(format!("The bundle holds \"{name}\" twice.")));
        }
    }
    Ok(out)
}

fn member_limit(name: &str) -> Option<u64> {
    match name {
        crate::MANIFEST_NAME => Some(crate::MAX_MANIFEST_BYTES),
        crate::SIGNATURE_NAME => Some(4096),
        crate::PAYLOAD_NAME => Some(crate::MAX_BUNDLE_BYTES),
        _ => {
            let hash = name.strip_prefix(crate::ATTACHMENT_DIR)?;
            (hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))).then_some(crate::MAX_BUNDLE_BYTES)
        }
    }
}

fn printable(s: &str) -> String {
    s.chars().filter(|c| !c.is_control()).take(80).collect()
}

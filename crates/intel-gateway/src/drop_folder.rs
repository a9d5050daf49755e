//! The drop folder the force's systems read: one directory per accepted
//! bundle, `drop/<sender>/<sequence>-<bundle_id>/` holding `manifest.json`,
//! `manifest.json.minisig`, `payload.json` and `attachments/<sha256>`.
//! Each appears whole (written in `drop/.incoming/`, then renamed), and only
//! after the database commit; at start-up any stored bundle without its
//! directory gets it again, so a crash in between loses nothing.

use crate::error::GatewayError;
use crate::gateway::Gateway;
use intel_bundle::{Expectations, KnownSigner, OpenedBundle, SignerStatus};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

const INCOMING: &str = ".incoming";

/// Keeps only characters safe in a file name, so a sender id can never climb
/// out of the drop folder.
fn safe_name(s: &str) -> String {
    let mut out: String = s.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') { c } else { '_' }).collect();
    if out.is_empty() || out.starts_with('.') {
        out.insert(0, '_');
    }
    out
}

pub fn bundle_dir(drop_root: &Path, sender_id: &str, sequence: u64, bundle_id: &str) -> PathBuf {
    drop_root.join(safe_name(sender_id)).join(format!("{sequence}-{}", safe_name(bundle_id)))
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), GatewayError> {
    let mut f = std::fs::File::create(path).map_err(|e| GatewayError::io(format!("cannot create {}", path.display()), e))?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| GatewayError::io(format!("cannot write {}", path.display()), e))
}

/// Writes a bundle's verified content; returns false if it was already there.
pub fn write(drop_root: &Path, opened: &OpenedBundle) -> Result<bool, GatewayError> {
    let m = &opened.manifest;
    let target = bundle_dir(drop_root, &m.sender.id, m.sequence, &m.bundle_id);
    if target.exists() {
        return Ok(false);
    }
    let incoming = drop_root.join(INCOMING);
    let tmp = incoming.join(uuid::Uuid::new_v4().to_string());
    let attachments = tmp.join("attachments");
    std::fs::create_dir_all(&attachments).map_err(|e| GatewayError::io(format!("cannot create {}", attachments.display()), e))?;
    write_file(&tmp.join(intel_bundle::MANIFEST_NAME), &opened.manifest_bytes)?;
    write_file(&tmp.join(intel_bundle::SIGNATURE_NAME), opened.signature.as_bytes())?;
    write_file(&tmp.join(intel_bundle::PAYLOAD_NAME), &opened.payload.to_bytes()?)?;
    for (sha, bytes) in &opened.attachments {
        write_file(&attachments.join(safe_name(sha)), bytes)?;
    }
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| GatewayError::io(format!("cannot create {}", parent.display()), e))?;
    }
    match std::fs::rename(&tmp, &target) {
        Ok(()) => Ok(true),
        // Another gateway process sharing this folder got there first.
        Err(_) if target.exists() => {
            let _ = std::fs::remove_dir_all(&tmp);
            Ok(false)
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&tmp);
            Err(GatewayError::io(format!("cannot move the bundle into {}", target.display()), e))
        }
    }
}

/// Re-creates the directory of every stored bundle that lacks one. Returns how many.
pub async fn recover(gw: &Gateway) -> Result<usize, GatewayError> {
    let root = gw.dir.drop_dir();
    remove_stale_incoming(&root.join(INCOMING));
    let rows = gw.store.drop_index().await?;
    let missing: Vec<_> = rows.into_iter().filter(|r| !bundle_dir(&root, &r.sender_id, r.sequence, &r.bundle_id).exists()).collect();
    if missing.is_empty() {
        return Ok(0);
    }
    // These bundles passed every check when they arrived; a key revoked or
    // rotated since must not stop their content from reaching the force.
    let signers: Vec<KnownSigner> = gw
        .store
        .known_signers()
        .await?
        .into_iter()
        .map(|mut s| {
            s.status = SignerStatus::Active;
            s
        })
        .collect();
    let mut count = 0;
    for row in missing {
        let stored = gw.store.stored_bundle(row.cursor).await?;
        let opened = reopen(gw, stored.bytes, signers.clone(), stored.received_at).await?;
        if write(&root, &opened)? {
            count += 1;
        }
    }
    Ok(count)
}

/// Half-written directories left by a crash. Only old ones: another gateway
/// process sharing this folder may be writing a fresh one right now.
fn remove_stale_incoming(incoming: &Path) {
    let Ok(entries) = std::fs::read_dir(incoming) else { return };
    for e in entries.flatten() {
        let old = e.metadata().and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok()).is_some_and(|age| age.as_secs() > 600);
        if old {
            let _ = std::fs::remove_dir_all(e.path());
        }
    }
}

/// Opens a bundle the gateway already accepted (no sequence checks, the clock at its arrival).
pub(crate) async fn reopen(
    gw: &Gateway,
    bytes: Vec<u8>,
    signers: Vec<KnownSigner>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<OpenedBundle, GatewayError> {
    let identity = gw.identity.clone();
    tokio::task::spawn_blocking(move || {
        let ids = identity.age_identities()?;
        let last = HashMap::new();
        let ex = Expectations { identities: &ids, signers: &signers, last_sequences: &last, seen: &|_| false, now: at };
        Ok(intel_bundle::open(&bytes, &ex)?)
    })
    .await
    .map_err(|e| GatewayError::Invalid(format!("re-opening a stored bundle failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cannot_escape_the_drop_folder() {
        let root = Path::new("/d");
        assert_eq!(bundle_dir(root, "../../etc", 7, "a/b"), Path::new("/d/_.._.._etc/7-a_b"));
        assert_eq!(bundle_dir(root, "", 1, "x"), Path::new("/d/_/1-x"));
        assert_eq!(bundle_dir(root, "ws-1", 1, "x"), Path::new("/d/ws-1/1-x"));
    }
}

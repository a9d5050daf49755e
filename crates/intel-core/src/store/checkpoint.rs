//! The audit checkpoint kept outside the database. A hash chain alone cannot
//! show a truncated tail or a whole-file rollback; the checkpoint records the
//! highest entry ever committed, MAC'd with a key that lives in the store.

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::fsutil::write_atomically;
use crate::secret::SecretKey;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;
use std::path::Path;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub store_id: String,
    pub seq: i64,
    pub hash: String,
    pub mac: String,
}

fn mac_for(key: &SecretKey, store_id: &str, seq: i64, hash: &str) -> String {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key.expose()).expect("hmac takes any key length");
    m.update(b"intel-desk/audit-checkpoint/v1\0");
    m.update(store_id.as_bytes());
    m.update(b"\0");
    m.update(&seq.to_be_bytes());
    m.update(hash.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

impl Checkpoint {
    pub fn new(key: &SecretKey, store_id: &str, seq: i64, hash: &str) -> Self {
        Checkpoint { store_id: store_id.into(), seq, hash: hash.into(), mac: mac_for(key, store_id, seq, hash) }
    }

    pub fn load(path: &Path, key: &SecretKey, store_id: &str) -> CoreResult<Option<Checkpoint>> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e.into()),
        };
        let cp: Checkpoint = serde_json::from_slice(&bytes).map_err(|_| tampered("the audit checkpoint file is unreadable"))?;
        let expected = mac_for(key, store_id, cp.seq, &cp.hash);
        let ok: bool = subtle_eq(expected.as_bytes(), cp.mac.as_bytes());
        if cp.store_id != store_id || !ok {
            return Err(tampered("the audit checkpoint's signature does not match this store"));
        }
        Ok(Some(cp))
    }

    /// Writes the checkpoint unless one at least as far along is already there
    /// (two processes may commit in either order). Caller holds the store lock.
    pub fn advance(path: &Path, key: &SecretKey, store_id: &str, seq: i64, hash: &str) -> CoreResult<()> {
        if let Ok(Some(current)) = Self::load(path, key, store_id) {
            if current.seq >= seq {
                return Ok(());
            }
        }
        let cp = Checkpoint::new(key, store_id, seq, hash);
        let json = serde_json::to_vec(&cp).map_err(|e| CoreError::internal(e.to_string()))?;
        write_atomically(path, &json)
    }
}

fn subtle_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn tampered(what: &str) -> CoreError {
    CoreError::new(
        ErrorCode::AuditTampered,
        format!(
            "{what}. The store may have been altered or restored from an old copy. Nothing was changed. \
             Report this to the intelligence manager; restore the most recent backup of the whole store folder"
        ),
    )
}

//! `keys.json`: what must be readable before the store is decrypted — the
//! store id, the keychain mode, and the wrapped keys. It holds no intelligence
//! and no usable key: every secret in it is sealed.

use super::kdf::KdfParams;
use crate::error::{CoreError, CoreResult};
use crate::fsutil::write_atomically;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

pub const KEYFILE_FORMAT: &str = "intel-desk-keyfile";
pub const KEYFILE_VERSION: u32 = 1;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum KeychainMode {
    /// Slot keys need the passphrase *and* the workstation secret in the OS keychain.
    OsKeychain,
    /// The operator chose, at set-up, to do without a keychain.
    PassphraseOnly,
}

impl KeychainMode {
    pub fn as_str(self) -> &'static str {
        match self {
            KeychainMode::OsKeychain => "os-keychain",
            KeychainMode::PassphraseOnly => "passphrase-only",
        }
    }
}

/// The data key sealed to one age recipient; `pending` exists only while a key
/// rotation is in flight, so a crash between rekey and key-file update loses nothing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SealedDataKey {
    pub recipient: String,
    pub sealed: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserSlot {
    pub kdf: KdfParams,
    pub salt: String,
    pub nonce: String,
    /// The user's age identity, encrypted under the slot key.
    pub wrapped_identity: String,
    pub data_key: SealedDataKey,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Keyfile {
    pub format: String,
    pub version: u32,
    pub store_id: String,
    pub keychain_mode: KeychainMode,
    pub created_at: String,
    pub data_key_generation: u32,
    pub recovery: SealedDataKey,
    pub slots: BTreeMap<String, UserSlot>,
    /// Failed-unlock records are sealed to this; its identity is in the store.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub failure_recipient: Option<String>,
}

impl Keyfile {
    pub fn failure_recipient(&self) -> Option<age::x25519::Recipient> {
        self.failure_recipient.as_deref().and_then(|r| r.parse().ok())
    }

    pub fn load(path: &Path) -> CoreResult<Keyfile> {
        let bytes = std::fs::read(path)?;
        let kf: Keyfile = serde_json::from_slice(&bytes).map_err(|e| {
            CoreError::damaged(format!(
                "the key file {} is damaged ({e}); nothing was changed. Restore keys.json from the store's backup",
                path.display()
            ))
        })?;
        if kf.format != KEYFILE_FORMAT {
            return Err(CoreError::damaged(format!("{} is not an Intel Desk key file", path.display())));
        }
        if kf.version > KEYFILE_VERSION {
            return Err(CoreError::damaged(format!(
                "the key file was written by a newer Intel Desk (version {}); use that version",
                kf.version
            )));
        }
        Ok(kf)
    }

    pub fn save(&self, path: &Path) -> CoreResult<()> {
        let json = serde_json::to_vec_pretty(self).map_err(|e| CoreError::internal(e.to_string()))?;
        write_atomically(path, &json)
    }

    /// Slot ids hide the list of user names from anyone holding only the file.
    pub fn slot_id(store_id: &str, username: &str) -> String {
        use sha2::{Digest, Sha256};
        let mut h = Sha256::new();
        h.update(b"intel-desk/slot/v1\0");
        h.update(store_id.as_bytes());
        h.update(b"\0");
        h.update(username.to_lowercase().as_bytes());
        hex::encode(&h.finalize()[..16])
    }
}

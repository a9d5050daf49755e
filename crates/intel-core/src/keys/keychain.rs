//! The workstation secret lives in the OS keychain (Secret Service, macOS
//! Keychain, Windows Credential Manager) through the `keyring` crate. The trait
//! lets unit tests use an in-memory keychain; the CLI and app use the OS one.

use crate::secret::SecretKey;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

const SERVICE: &str = "intel-desk";

#[derive(Debug, thiserror::Error)]
pub enum KeychainError {
    #[error("no OS keychain is available: {0}")]
    Unavailable(String),
    #[error("the OS keychain refused the request: {0}")]
    Failed(String),
}

pub trait Keychain: Send + Sync {
    fn get(&self, account: &str) -> Result<Option<SecretKey>, KeychainError>;
    fn set(&self, account: &str, secret: &SecretKey) -> Result<(), KeychainError>;
    fn delete(&self, account: &str) -> Result<(), KeychainError>;
}

/// The platform keychain.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsKeychain;

fn map_err(e: keyring::Error) -> KeychainError {
    match e {
        keyring::Error::PlatformFailure(inner) => KeychainError::Unavailable(inner.to_string()),
        keyring::Error::NoStorageAccess(inner) => KeychainError::Unavailable(inner.to_string()),
        other => KeychainError::Failed(other.to_string()),
    }
}

impl Keychain for OsKeychain {
    fn get(&self, account: &str) -> Result<Option<SecretKey>, KeychainError> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(map_err)?;
        match entry.get_password() {
            Ok(hex_secret) => {
                let bytes = zeroize::Zeroizing::new(
                    hex::decode(hex_secret.as_bytes())
                        .map_err(|_| KeychainError::Failed("the keychain entry is not an Intel Desk secret".into()))?,
                );
                Ok(SecretKey::from_slice(&bytes))
            }
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_err(e)),
        }
    }

    fn set(&self, account: &str, secret: &SecretKey) -> Result<(), KeychainError> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(map_err)?;
        entry.set_password(&secret.to_hex()).map_err(map_err)?;
        // Read back: some backends accept a write they cannot keep.
        match self.get(account)? {
            Some(back) if back.expose() == secret.expose() => Ok(()),
            _ => Err(KeychainError::Unavailable("the keychain accepted the secret but did not return it".into())),
        }
    }

    fn delete(&self, account: &str) -> Result<(), KeychainError> {
        let entry = keyring::Entry::new(SERVICE, account).map_err(map_err)?;
        match entry.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_err(e)),
        }
    }
}

/// In-memory keychain for tests; clones share the same entries.
#[derive(Debug, Default, Clone)]
pub struct MemoryKeychain {
    entries: Arc<Mutex<HashMap<String, [u8; 32]>>>,
    unavailable: bool,
}

impl MemoryKeychain {
    pub fn new() -> Self {
        Self::default()
    }
    /// A keychain that behaves like a workstation without one.
    pub fn unavailable() -> Self {
        MemoryKeychain { unavailable: true, ..Self::default() }
    }
    fn lock(&self) -> Result<std::sync::MutexGuard<'_, HashMap<String, [u8; 32]>>, KeychainError> {
        if self.unavailable {
            return Err(KeychainError::Unavailable("no Secret Service on this test machine".into()));
        }
        self.entries.lock().map_err(|_| KeychainError::Failed("poisoned".into()))
    }
}

impl Keychain for MemoryKeychain {
    fn get(&self, account: &str) -> Result<Option<SecretKey>, KeychainError> {
        Ok(self.lock()?.get(account).map(|b| SecretKey::from_bytes(*b)))
    }
    fn set(&self, account: &str, secret: &SecretKey) -> Result<(), KeychainError> {
        self.lock()?.insert(account.to_owned(), *secret.expose());
        Ok(())
    }
    fn delete(&self, account: &str) -> Result<(), KeychainError> {
        self.lock()?.remove(account);
        Ok(())
    }
}

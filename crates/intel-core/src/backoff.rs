//! Back-off after failed unlocks. The database is sealed when an unlock fails,
//! so the failures are kept in a small side file and written into the audit
//! trail at the next successful unlock. What was typed as a user name can be
//! anything (even a passphrase typed into the wrong field), so each record is
//! sealed with age to a recipient whose identity lives inside the store.

use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::fsutil::write_atomically;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// Failures allowed before any waiting is imposed.
const FREE_ATTEMPTS: u32 = 3;
const MAX_WAIT_SECS: i64 = 300;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FailedAttempts {
    pub consecutive: u32,
    pub last_failure: Option<DateTime<Utc>>,
    /// Sealed `FailedAttempt`s for the audit trail (base64 age ciphertexts).
    #[serde(default)]
    pub pending_audit: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FailedAttempt {
    pub username: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

impl FailedAttempt {
    fn seal(&self, recipient: &age::x25519::Recipient) -> Option<String> {
        let json = serde_json::to_vec(self).ok()?;
        age::encrypt(recipient, &json).ok().map(|c| data_encoding::BASE64.encode(&c))
    }

    /// `None` for a record that does not open with this store's identity.
    pub fn open(sealed: &str, identity: &age::x25519::Identity) -> Option<FailedAttempt> {
        let bytes = data_encoding::BASE64.decode(sealed.as_bytes()).ok()?;
        let json = zeroize::Zeroizing::new(age::decrypt(identity, &bytes).ok()?);
        serde_json::from_slice(&json).ok()
    }
}

impl FailedAttempts {
    pub fn load(path: &Path) -> FailedAttempts {
        // An unreadable counter must not lock everyone out; it starts again at zero.
        std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default()
    }

    pub fn wait_seconds(&self, now: DateTime<Utc>) -> i64 {
        if self.consecutive < FREE_ATTEMPTS {
            return 0;
        }
        let exp = (self.consecutive - FREE_ATTEMPTS).min(16);
        let wait = (1i64 << exp).min(MAX_WAIT_SECS);
        match self.last_failure {
            Some(t) => (wait - (now - t).num_seconds()).max(0),
            None => 0,
        }
    }

    pub fn check(&self, now: DateTime<Utc>) -> CoreResult<()> {
        let wait = self.wait_seconds(now);
        if wait > 0 {
            return Err(CoreError::new(
                ErrorCode::BackedOff,
                format!(
                    "{} failed unlock attempts in a row: wait {wait} seconds before trying again. \
                     If you have forgotten your passphrase, ask an administrator to reset it",
                    self.consecutive
                ),
            ));
        }
        Ok(())
    }

    pub fn record_failure(
        path: &Path,
        recipient: Option<&age::x25519::Recipient>,
        username: &str,
        reason: &str,
        now: DateTime<Utc>,
    ) -> CoreResult<()> {
        let mut f = Self::load(path);
        f.consecutive = f.consecutive.saturating_add(1);
        f.last_failure = Some(now);
        let attempt = FailedAttempt { username: username.chars().take(64).collect(), at: now, reason: reason.into() };
        if let Some(sealed) = recipient.and_then(|r| attempt.seal(r)) {
            if f.pending_audit.len() < 1000 {
                f.pending_audit.push(sealed);
            }
        }
        let json = serde_json::to_vec(&f).map_err(|e| CoreError::internal(e.to_string()))?;
        write_atomically(path, &json)
    }

    pub fn clear(path: &Path) -> CoreResult<()> {
        match std::fs::remove_file(path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_attempts_are_sealed_on_disk() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("f.json");
        let id = age::x25519::Identity::generate();
        FailedAttempts::record_failure(&p, Some(&id.to_public()), "typed-secret-in-username", "wrong passphrase", Utc::now()).unwrap();
        let raw = std::fs::read_to_string(&p).unwrap();
        assert!(!raw.contains("typed-secret-in-username"));
        let f = FailedAttempts::load(&p);
        assert_eq!(f.consecutive, 1);
        let opened = FailedAttempt::open(&f.pending_audit[0], &id).unwrap();
        assert_eq!(opened.username, "typed-secret-in-username");
        assert!(FailedAttempt::open(&f.pending_audit[0], &age::x25519::Identity::generate()).is_none());
    }

    #[test]
    fn waits_grow_after_free_attempts_and_expire() {
        let now = Utc::now();
        let mut f = FailedAttempts { consecutive: 2, last_failure: Some(now), pending_audit: vec![] };
        assert_eq!(f.wait_seconds(now), 0);
        f.consecutive = 3;
        assert_eq!(f.wait_seconds(now), 1);
        f.consecutive = 6;
        assert_eq!(f.wait_seconds(now), 8);
        assert_eq!(f.wait_seconds(now + chrono::Duration::seconds(8)), 0);
        f.consecutive = 40;
        assert_eq!(f.wait_seconds(now), MAX_WAIT_SECS);
        assert_eq!(f.check(now).unwrap_err().code(), ErrorCode::BackedOff);
    }
}

//! Types for secret material. None of them is `Clone` or `Serialize`; `Debug`
//! prints a redaction; every one is wiped when dropped.

use std::fmt;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// A fixed-size secret key (data key, key-encryption key, workstation secret).
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SecretKey([u8; 32]);

impl SecretKey {
    pub fn random() -> Self {
        use rand::RngCore;
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        SecretKey(k)
    }
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        SecretKey(bytes)
    }
    pub fn from_slice(bytes: &[u8]) -> Option<Self> {
        let arr: [u8; 32] = bytes.try_into().ok()?;
        Some(SecretKey(arr))
    }
    pub fn expose(&self) -> &[u8; 32] {
        &self.0
    }
    /// Hex form, for the SQLCipher raw-key pragma. Wiped when the caller drops it.
    pub fn to_hex(&self) -> Zeroizing<String> {
        Zeroizing::new(hex::encode(self.0))
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SecretKey(<redacted>)")
    }
}

/// A passphrase typed by a person.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct Passphrase(String);

impl Passphrase {
    pub fn new(s: String) -> Self {
        Passphrase(s)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// The unit's minimum; the UI shows the same rule as you type.
    pub fn check_strength(&self) -> Result<(), String> {
        let n = self.0.chars().count();
        if n < MIN_PASSPHRASE_CHARS {
            return Err(format!(
                "the passphrase must be at least {MIN_PASSPHRASE_CHARS} characters (it has {n}); a few unrelated words are easy to remember"
            ));
        }
        Ok(())
    }
}

pub const MIN_PASSPHRASE_CHARS: usize = 12;

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

/// The recovery key shown once at set-up, in its printable form.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct RecoveryKey(String);

impl RecoveryKey {
    pub fn new(s: String) -> Self {
        RecoveryKey(s)
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RecoveryKey(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_secret_material() {
        let k = SecretKey::from_bytes([0xAB; 32]);
        let p = Passphrase::new("correct horse battery staple".into());
        let r = RecoveryKey::new("AGE-SECRET-KEY-1XYZ".into());
        let all = format!("{k:?} {p:?} {r:?}");
        assert!(!all.contains("ab") && !all.contains("AB"));
        assert!(!all.contains("horse"));
        assert!(!all.contains("XYZ"));
        assert!(all.contains("redacted"));
    }
}

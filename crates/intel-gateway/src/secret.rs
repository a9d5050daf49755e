//! Secret files in the data directory (the gateway's signing and age keys, the
//! TLS key, the force API token). They are written owner-only (0600) and read
//! into zeroised memory; a force keeps the data directory on an encrypted volume.

use crate::error::GatewayError;
use std::fmt;
use std::io::Write;
use std::path::Path;
use zeroize::Zeroizing;

/// The bearer token the force's own systems present. No Clone, no Serialize.
pub struct ApiToken(Zeroizing<String>);

impl fmt::Debug for ApiToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiToken(<redacted>)")
    }
}

impl ApiToken {
    pub fn generate() -> Result<Self, GatewayError> {
        let mut raw = Zeroizing::new([0u8; 32]);
        getrandom::fill(raw.as_mut()).map_err(|e| GatewayError::Setup(format!("no system randomness for the API token: {e}")))?;
        Ok(ApiToken(Zeroizing::new(hex::encode(&raw[..]))))
    }
    pub fn from_secret_str(s: &str) -> Result<Self, GatewayError> {
        let t = s.trim();
        if t.len() < 32 {
            return Err(GatewayError::Setup(
                "The force API token file is too short; run `intel-gateway init` again or write a token of at least 32 characters.".into(),
            ));
        }
        Ok(ApiToken(Zeroizing::new(t.to_string())))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// Compares in time independent of where the strings differ, so the token
    /// cannot be guessed byte by byte from response times.
    pub fn matches(&self, presented: &str) -> bool {
        let a = self.0.as_bytes();
        let b = presented.as_bytes();
        let mut diff = (a.len() ^ b.len()) as u8;
        for (i, x) in a.iter().enumerate() {
            diff |= x ^ b.get(i).copied().unwrap_or(0);
        }
        diff == 0 && a.len() == b.len()
    }
}

/// Writes a new owner-only file; refuses to overwrite so `init` never destroys an identity.
pub fn write_secret_file(path: &Path, bytes: &[u8]) -> Result<(), GatewayError> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| GatewayError::io(format!("cannot create {}", path.display()), e))?;
    f.write_all(bytes).and_then(|_| f.sync_all()).map_err(|e| GatewayError::io(format!("cannot write {}", path.display()), e))
}

pub fn read_secret_file(path: &Path) -> Result<Zeroizing<String>, GatewayError> {
    use std::os::unix::fs::PermissionsExt;
    let meta = std::fs::metadata(path)
        .map_err(|e| GatewayError::io(format!("cannot read {} (run `intel-gateway init` first?)", path.display()), e))?;
    if meta.permissions().mode() & 0o077 != 0 {
        return Err(GatewayError::Setup(format!(
            "{} can be read by other users; run `chmod 600 {}` and keep the data directory private.",
            path.display(),
            path.display()
        )));
    }
    std::fs::read_to_string(path).map(Zeroizing::new).map_err(|e| GatewayError::io(format!("cannot read {}", path.display()), e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_matches_only_itself() {
        let t = ApiToken::from_secret_str("0123456789abcdef0123456789abcdef").expect("token");
        assert!(t.matches("0123456789abcdef0123456789abcdef"));
        assert!(!t.matches("0123456789abcdef0123456789abcdee"));
        assert!(!t.matches("0123456789abcdef0123456789abcdef0"));
        assert!(!t.matches(""));
        assert_eq!(format!("{t:?}"), "ApiToken(<redacted>)");
    }

    #[test]
    fn secret_files_are_owner_only_and_never_overwritten() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("s");
        write_secret_file(&p, b"abc").expect("write");
        assert_eq!(std::fs::metadata(&p).expect("meta").permissions().mode() & 0o777, 0o600);
        assert!(write_secret_file(&p, b"x").is_err());
        assert_eq!(read_secret_file(&p).expect("read").as_str(), "abc");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).expect("chmod");
        assert!(read_secret_file(&p).is_err());
    }
}

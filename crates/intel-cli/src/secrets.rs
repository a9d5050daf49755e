//! Reading passphrases and the recovery key: from the environment for scripts,
//! else from the terminal without echo.

use intel_core::secret::{Passphrase, RecoveryKey};
use intel_core::{CoreError, CoreResult};

pub fn passphrase(var: &str, prompt: &str) -> CoreResult<Passphrase> {
    if let Ok(v) = std::env::var(var) {
        return Ok(Passphrase::new(v));
    }
    rpassword::prompt_password(prompt)
        .map(Passphrase::new)
        .map_err(|e| CoreError::invalid(format!("no passphrase: set {var} or run in a terminal ({e})")))
}

pub fn new_passphrase() -> CoreResult<Passphrase> {
    if let Ok(v) = std::env::var("INTEL_NEW_PASSPHRASE") {
        return Ok(Passphrase::new(v));
    }
    let first = passphrase("INTEL_NEW_PASSPHRASE", "New passphrase: ")?;
    let again = rpassword::prompt_password("Repeat the new passphrase: ").map_err(|e| CoreError::invalid(e.to_string()))?;
    if first.expose() != again {
        return Err(CoreError::invalid("the two passphrases differ"));
    }
    Ok(first)
}

pub fn recovery_key() -> CoreResult<RecoveryKey> {
    if let Ok(v) = std::env::var("INTEL_RECOVERY_KEY") {
        return Ok(RecoveryKey::new(v));
    }
    rpassword::prompt_password("Recovery key: ")
        .map(RecoveryKey::new)
        .map_err(|e| CoreError::invalid(format!("no recovery key: set INTEL_RECOVERY_KEY or run in a terminal ({e})")))
}

//! Argon2id with at least 64 MiB, tuned at set-up so one derivation takes
//! roughly the policy's target time on this workstation.

use crate::error::{CoreError, CoreResult};
use crate::secret::{Passphrase, SecretKey};
use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use std::time::Instant;

pub const MIN_MEMORY_KIB: u32 = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

#[derive(Debug, Clone, Copy)]
pub struct KdfPolicy {
    pub memory_kib: u32,
    pub target_ms: u32,
}

impl Default for KdfPolicy {
    fn default() -> Self {
        KdfPolicy { memory_kib: MIN_MEMORY_KIB, target_ms: 500 }
    }
}

impl KdfParams {
    fn argon2(&self) -> CoreResult<Argon2<'static>> {
        if self.memory_kib < MIN_MEMORY_KIB {
            return Err(CoreError::damaged(
                "the key file asks for a weaker key derivation than Intel Desk allows; the key file may have been altered: restore keys.json from backup",
            ));
        }
        let params = Params::new(self.memory_kib, self.iterations, self.parallelism, Some(32)).map_err(|e| {
            CoreError::damaged(format!("the key file's key-derivation settings are invalid ({e}); restore keys.json from backup"))
        })?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    pub fn derive(&self, passphrase: &Passphrase, salt: &[u8]) -> CoreResult<SecretKey> {
        let mut out = [0u8; 32];
        self.argon2()?
            .hash_password_into(passphrase.expose().as_bytes(), salt, &mut out)
            .map_err(|e| CoreError::internal(format!("key derivation failed: {e}")))?;
        let key = SecretKey::from_bytes(out);
        zeroize::Zeroize::zeroize(&mut out);
        Ok(key)
    }

    /// Measures one pass at the policy's memory and scales the iteration count
    /// to reach the target time.
    pub fn tune(policy: KdfPolicy) -> CoreResult<KdfParams> {
        let memory_kib = policy.memory_kib.max(MIN_MEMORY_KIB);
        let probe = KdfParams { memory_kib, iterations: 1, parallelism: 1 };
        let pass = Passphrase::new("intel-desk kdf calibration".into());
        let started = Instant::now();
        probe.derive(&pass, b"calibration-salt")?;
        let one_ms = started.elapsed().as_secs_f64() * 1000.0;
        let iterations = (f64::from(policy.target_ms) / one_ms.max(1.0)).round().clamp(1.0, 32.0) as u32;
        Ok(KdfParams { memory_kib, iterations, parallelism: 1 })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_memory_below_floor() {
        let weak = KdfParams { memory_kib: 1024, iterations: 1, parallelism: 1 };
        let err = weak.derive(&Passphrase::new("x".repeat(12)), b"0123456789abcdef").unwrap_err();
        assert_eq!(err.code(), crate::ErrorCode::StoreDamaged);
    }

    #[test]
    fn tuning_keeps_the_memory_floor() {
        let p = KdfParams::tune(KdfPolicy { memory_kib: 1024, target_ms: 1 }).unwrap();
        assert!(p.memory_kib >= MIN_MEMORY_KIB);
        assert!(p.iterations >= 1);
    }
}

//! Sealing the data key and wrapping user identities.

use super::kdf::{KdfParams, KdfPolicy};
use super::keyfile::{SealedDataKey, UserSlot};
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::secret::{Passphrase, RecoveryKey, SecretKey};
use age::secrecy::ExposeSecret;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use data_encoding::BASE64;
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;
use std::str::FromStr;
use zeroize::Zeroizing;

fn b64(bytes: &[u8]) -> String {
    BASE64.encode(bytes)
}

fn unb64(s: &str, what: &str) -> CoreResult<Vec<u8>> {
    BASE64
        .decode(s.as_bytes())
        .map_err(|_| CoreError::damaged(format!("the key file's {what} is not valid; restore keys.json from backup")))
}

/// Seals the data key to an age recipient.
pub fn seal_data_key(recipient: &age::x25519::Recipient, data_key: &SecretKey) -> CoreResult<String> {
    let sealed =
        age::encrypt(recipient, data_key.expose()).map_err(|e| CoreError::internal(format!("sealing the data key failed: {e}")))?;
    Ok(b64(&sealed))
}

pub fn open_data_key(identity: &age::x25519::Identity, sealed_b64: &str) -> CoreResult<SecretKey> {
    let sealed = unb64(sealed_b64, "sealed data key")?;
    let plain = Zeroizing::new(
        age::decrypt(identity, &sealed)
            .map_err(|_| CoreError::new(ErrorCode::WrongCredentials, "that key does not open this store's data key"))?,
    );
    SecretKey::from_slice(&plain)
        .ok_or_else(|| CoreError::damaged("the sealed data key has the wrong length; restore keys.json from backup"))
}

/// The slot key binds the passphrase, the workstation secret (when the store
/// uses the keychain), the store and the slot together.
fn slot_key(
    passphrase: &Passphrase,
    workstation_secret: Option<&SecretKey>,
    kdf: &KdfParams,
    salt: &[u8],
    store_id: &str,
    slot_id: &str,
) -> CoreResult<SecretKey> {
    let stretched = kdf.derive(passphrase, salt)?;
    let mut ikm = Zeroizing::new(Vec::with_capacity(64));
    ikm.extend_from_slice(stretched.expose());
    if let Some(ws) = workstation_secret {
        ikm.extend_from_slice(ws.expose());
    }
    let hk = Hkdf::<Sha256>::new(Some(b"intel-desk/slot-key/v1"), &ikm);
    let mut okm = [0u8; 32];
    let info = format!("{store_id}\0{slot_id}");
    hk.expand(info.as_bytes(), &mut okm).map_err(|_| CoreError::internal("hkdf length"))?;
    Ok(SecretKey::from_bytes(okm))
}

fn aad(store_id: &str, slot_id: &str) -> Vec<u8> {
    format!("intel-desk/slot/v1\0{store_id}\0{slot_id}").into_bytes()
}

pub struct SlotInputs<'a> {
    pub store_id: &'a str,
    pub slot_id: &'a str,
    pub workstation_secret: Option<&'a SecretKey>,
}

/// Makes a new slot: a fresh age identity for the user, wrapped under the slot key,
/// with the data key sealed to it.
pub fn new_slot(
    inputs: &SlotInputs<'_>,
    passphrase: &Passphrase,
    policy: KdfPolicy,
    data_key: &SecretKey,
) -> CoreResult<(UserSlot, age::x25519::Identity)> {
    let identity = age::x25519::Identity::generate();
    let slot = rewrap_slot(inputs, &identity, passphrase, policy, data_key)?;
    Ok((slot, identity))
}

fn wrap_identity(
    inputs: &SlotInputs<'_>,
    passphrase: &Passphrase,
    kdf: KdfParams,
    salt: &[u8],
    identity: &age::x25519::Identity,
    data_key: &SecretKey,
) -> CoreResult<UserSlot> {
    let key = slot_key(passphrase, inputs.workstation_secret, &kdf, salt, inputs.store_id, inputs.slot_id)?;
    let mut nonce = [0u8; 24];
    rand::rngs::OsRng.fill_bytes(&mut nonce);
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let identity_text = identity.to_string();
    let wrapped = cipher
        .encrypt(
            XNonce::from_slice(&nonce),
            Payload { msg: identity_text.expose_secret().as_bytes(), aad: &aad(inputs.store_id, inputs.slot_id) },
        )
        .map_err(|_| CoreError::internal("wrapping the identity failed"))?;
    let recipient = identity.to_public();
    Ok(UserSlot {
        kdf,
        salt: b64(salt),
        nonce: b64(&nonce),
        wrapped_identity: b64(&wrapped),
        data_key: SealedDataKey { recipient: recipient.to_string(), sealed: seal_data_key(&recipient, data_key)?, pending: None },
    })
}

/// Unwraps the user's identity. A wrong passphrase and a wrong workstation
/// secret are indistinguishable by design: both are "wrong credentials".
pub fn unwrap_identity(inputs: &SlotInputs<'_>, slot: &UserSlot, passphrase: &Passphrase) -> CoreResult<age::x25519::Identity> {
    let salt = unb64(&slot.salt, "salt")?;
    let nonce = unb64(&slot.nonce, "nonce")?;
    if nonce.len() != 24 {
        return Err(CoreError::damaged("the key file's nonce has the wrong length; restore keys.json from backup"));
    }
    let wrapped = unb64(&slot.wrapped_identity, "wrapped identity")?;
    let key = slot_key(passphrase, inputs.workstation_secret, &slot.kdf, &salt, inputs.store_id, inputs.slot_id)?;
    let cipher = XChaCha20Poly1305::new(key.expose().into());
    let plain = Zeroizing::new(
        cipher
            .decrypt(XNonce::from_slice(&nonce), Payload { msg: &wrapped, aad: &aad(inputs.store_id, inputs.slot_id) })
            .map_err(|_| CoreError::new(ErrorCode::WrongCredentials, "wrong username or passphrase"))?,
    );
    let text = std::str::from_utf8(&plain).map_err(|_| CoreError::damaged("the wrapped identity is not valid"))?;
    age::x25519::Identity::from_str(text).map_err(|_| CoreError::damaged("the wrapped identity is not valid"))
}

/// Re-wraps the same identity under a new passphrase (and/or workstation secret).
pub fn rewrap_slot(
    inputs: &SlotInputs<'_>,
    identity: &age::x25519::Identity,
    passphrase: &Passphrase,
    policy: KdfPolicy,
    data_key: &SecretKey,
) -> CoreResult<UserSlot> {
    let kdf = KdfParams::tune(policy)?;
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    wrap_identity(inputs, passphrase, kdf, &salt, identity, data_key)
}

pub fn new_recovery(data_key: &SecretKey) -> CoreResult<(RecoveryKey, SealedDataKey)> {
    let identity = age::x25519::Identity::generate();
    let recipient = identity.to_public();
    let sealed = SealedDataKey { recipient: recipient.to_string(), sealed: seal_data_key(&recipient, data_key)?, pending: None };
    Ok((RecoveryKey::new(identity.to_string().expose_secret().to_owned()), sealed))
}

pub fn parse_recovery_key(key: &RecoveryKey) -> CoreResult<age::x25519::Identity> {
    let cleaned: String = key.expose().split_whitespace().collect::<String>().to_uppercase();
    age::x25519::Identity::from_str(&cleaned).map_err(|_| {
        CoreError::new(
            ErrorCode::WrongCredentials,
            "that is not a valid recovery key: it starts AGE-SECRET-KEY-1 and is 74 characters; check it against the copy in the safe",
        )
    })
}

pub fn parse_recipient(s: &str) -> CoreResult<age::x25519::Recipient> {
    age::x25519::Recipient::from_str(s)
        .map_err(|_| CoreError::damaged("a recipient in the key file is not valid; restore keys.json from backup"))
}

//! A workstation's (or gateway's) bundle identity: a minisign Ed25519 signing
//! key and an age X25519 identity. The secrets live only inside these types;
//! the holder persists them with `to_secret_bytes`, inside its encrypted store.

use crate::error::BundleError;
use age::secrecy::ExposeSecret;
use std::fmt;
use std::str::FromStr;
use zeroize::Zeroizing;

/// The minisign secret key, held as its serialised bytes.
pub struct SigningSecret(Zeroizing<Vec<u8>>);

/// The age X25519 identity (`AGE-SECRET-KEY-1…`).
pub struct AgeSecret(Zeroizing<String>);

impl fmt::Debug for SigningSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SigningSecret(<redacted>)")
    }
}
impl fmt::Debug for AgeSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AgeSecret(<redacted>)")
    }
}

/// What others need to verify our signatures and encrypt to us.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PublicKeys {
    /// minisign key id: 16 upper-case hex digits, as `minisign` prints it.
    pub key_id: String,
    /// minisign public key, base64 (`RW…`): the second line of a `.pub` file.
    pub signing_public: String,
    /// age recipient (`age1…`).
    pub age_recipient: String,
}

/// A complete identity: both secrets.
#[derive(Debug)]
pub struct WorkstationKeys {
    pub signing: SigningSecret,
    pub age: AgeSecret,
}

impl WorkstationKeys {
    pub fn generate() -> Result<Self, BundleError> {
        // An empty password leaves the key unencrypted (the store encrypts it)
        // but, unlike generate_unencrypted_keypair, writes its checksum.
        let pair = minisign::KeyPair::generate_encrypted_keypair(Some(String::new()))
            .map_err(|e| BundleError::Build(format!("could not make a signing key: {e}")))?;
        let mut bytes = Zeroizing::new(pair.sk.to_bytes());
        // Mark it unencrypted (kdf "\0\0", as `minisign -G -W` does) so the
        // stock tool can use an exported key without asking for a password.
        bytes[2..4].copy_from_slice(&[0, 0]);
        let signing = SigningSecret(bytes);
        let age_id = age::x25519::Identity::generate();
        let age = AgeSecret(Zeroizing::new(age_id.to_string().expose_secret().to_string()));
        Ok(WorkstationKeys { signing, age })
    }

    pub fn public(&self) -> Result<PublicKeys, BundleError> {
        let pk = minisign::PublicKey::from_secret_key(&self.signing.secret_key()?)
            .map_err(|e| BundleError::Build(format!("signing key unreadable: {e}")))?;
        Ok(PublicKeys {
            key_id: keynum_hex(pk.keynum()),
            signing_public: pk.to_base64(),
            age_recipient: self.age.identity()?.to_public().to_string(),
        })
    }
}

impl SigningSecret {
    pub fn from_secret_bytes(bytes: &[u8]) -> Result<Self, BundleError> {
        let s = SigningSecret(Zeroizing::new(bytes.to_vec()));
        s.secret_key()?;
        Ok(s)
    }
    pub fn to_secret_bytes(&self) -> Zeroizing<Vec<u8>> {
        self.0.clone()
    }
    /// Reads an unencrypted minisign secret key file (`minisign -G -W`).
    /// minisign 0.11 writes no checksum into unencrypted keys, so instead the
    /// key must sign something its own public key then verifies.
    pub fn from_minisign_key_file(text: &str) -> Result<Self, BundleError> {
        use data_encoding::BASE64;
        let bad = |why: &str| BundleError::Build(format!("not an unencrypted minisign secret key file: {why}"));
        let line = text.lines().nth(1).ok_or_else(|| bad("no key line"))?;
        let bytes = Zeroizing::new(BASE64.decode(line.trim().as_bytes()).map_err(|_| bad("not base64"))?);
        if bytes.len() < 6 || &bytes[0..2] != b"Ed" || bytes[2..4] != [0, 0] {
            return Err(bad("encrypted with a password, or not an Ed25519 key"));
        }
        let secret = SigningSecret(Zeroizing::new(bytes.to_vec()));
        let pk = minisign::PublicKey::from_secret_key(&secret.secret_key()?).map_err(|e| bad(&e.to_string()))?;
        let probe = secret.sign(b"probe", "probe")?;
        verify_detached(&pk.to_base64(), b"probe", &probe).map_err(|_| bad("damaged key"))?;
        Ok(secret)
    }

    pub(crate) fn secret_key(&self) -> Result<minisign::SecretKey, BundleError> {
        minisign::SecretKey::from_bytes(&self.0).map_err(|e| BundleError::Build(format!("signing key unreadable: {e}")))
    }

    /// A minisign signature (the text of a `.minisig` file) over `data`.
    pub fn sign(&self, data: &[u8], trusted_comment: &str) -> Result<String, BundleError> {
        let sk = self.secret_key()?;
        let sig = minisign::sign(None, &sk, std::io::Cursor::new(data), Some(trusted_comment), Some("signature from intel desk"))
            .map_err(|e| BundleError::Build(format!("signing failed: {e}")))?;
        Ok(sig.into_string())
    }
}

impl AgeSecret {
    pub fn from_secret_str(s: &str) -> Result<Self, BundleError> {
        let a = AgeSecret(Zeroizing::new(s.trim().to_string()));
        a.identity()?;
        Ok(a)
    }
    pub fn to_secret_string(&self) -> Zeroizing<String> {
        self.0.clone()
    }
    pub(crate) fn identity(&self) -> Result<age::x25519::Identity, BundleError> {
        age::x25519::Identity::from_str(&self.0).map_err(|_| BundleError::Build("age identity unreadable".into()))
    }
    pub fn recipient(&self) -> Result<String, BundleError> {
        Ok(self.identity()?.to_public().to_string())
    }
}

/// The key id of a base64 minisign public key.
pub fn key_id_of(signing_public: &str) -> Result<String, BundleError> {
    let pk = minisign::PublicKey::from_base64(signing_public.trim())
        .map_err(|e| BundleError::Build(format!("not a minisign public key: {e}")))?;
    Ok(keynum_hex(pk.keynum()))
}

/// minisign prints key ids as the little-endian u64 of the 8-byte key number.
pub(crate) fn keynum_hex(keynum: &[u8]) -> String {
    let mut b = [0u8; 8];
    b.copy_from_slice(&keynum[..8]);
    format!("{:016X}", u64::from_le_bytes(b))
}

/// Checks a detached minisign signature (the text of a `.minisig` file) over
/// `data` made by `signing_public`. Used for receipts, enrolments and request
/// authentication; bundles go through [`crate::open`].
pub fn verify_detached(signing_public: &str, data: &[u8], signature: &str) -> Result<(), BundleError> {
    use crate::error::Reject;
    let pk = minisign::PublicKey::from_base64(signing_public.trim())
        .map_err(|_| BundleError::reject(Reject::UnknownSigner, "The public key is unreadable."))?;
    let sig = minisign::SignatureBox::from_string(signature)
        .map_err(|_| BundleError::reject(Reject::BadSignature, "The signature is unreadable."))?;
    minisign::verify(&pk, &sig, std::io::Cursor::new(data), true, false, false)
        .map_err(|_| BundleError::reject(Reject::BadSignature, "The signature does not match."))
}

impl PublicKeys {
    /// The text of a minisign `.pub` file for the signing key, for `minisign -V -p`.
    pub fn minisign_public_key_file(&self) -> String {
        format!("untrusted comment: minisign public key {}\n{}\n", self.key_id, self.signing_public)
    }
}

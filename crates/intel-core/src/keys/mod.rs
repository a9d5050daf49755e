//! The key hierarchy.
//!
//! ```text
//!   passphrase ──Argon2id──┐
//!                          ├─HKDF─► slot key ──XChaCha20-Poly1305──► user's age identity
//!   workstation secret ────┘                                          │
//!   (OS keychain)                                                     ▼
//!                                          data key ◄── age-decrypt (sealed to the user's recipient)
//!   recovery key (age identity) ───────────► data key
//!   data key ──► SQLCipher raw key for store.db
//! ```
//!
//! The data key is sealed (age, X25519) to every user's public recipient and to
//! the recovery recipient. Rotating the data key therefore needs nobody's
//! passphrase, and changing a passphrase only re-wraps that user's identity.

pub mod kdf;
pub mod keychain;
pub mod keyfile;
pub mod slots;

pub use kdf::{KdfParams, KdfPolicy};
pub use keychain::{Keychain, KeychainError, MemoryKeychain, OsKeychain};
pub use keyfile::{KeychainMode, Keyfile};

//! age encryption of the archive to every recipient, and decryption with
//! whichever of our identities the sender used.

use crate::error::{BundleError, Reject};
use crate::identity::AgeSecret;
use std::io::{Read, Write};
use std::str::FromStr;

pub(crate) fn encrypt(plaintext: &[u8], recipients: &[String]) -> Result<Vec<u8>, BundleError> {
    encrypt_with(plaintext.len(), recipients, |w| w.write_all(plaintext).map_err(|e| BundleError::Build(format!("encryption: {e}"))))
}

/// Encrypts whatever `fill` writes, straight into the returned buffer.
pub(crate) fn encrypt_with(
    size_hint: usize,
    recipients: &[String],
    fill: impl FnOnce(&mut dyn Write) -> Result<(), BundleError>,
) -> Result<Vec<u8>, BundleError> {
    let parsed = recipients
        .iter()
        .map(|r| age::x25519::Recipient::from_str(r).map_err(|e| BundleError::Build(format!("recipient {r}: {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let encryptor = age::Encryptor::with_recipients(parsed.iter().map(|r| r as &dyn age::Recipient))
        .map_err(|e| BundleError::Build(format!("encryption: {e}")))?;
    // age adds 16 bytes per 64 KiB chunk, plus a header of about 200 bytes per recipient.
    let mut out = Vec::with_capacity(size_hint + size_hint / 4096 + 256 * (recipients.len() + 1));
    let mut w = encryptor.wrap_output(&mut out).map_err(|e| BundleError::Build(format!("encryption: {e}")))?;
    fill(&mut w)?;
    w.finish().map_err(|e| BundleError::Build(format!("encryption: {e}")))?;
    Ok(out)
}

pub(crate) fn decrypt(ciphertext: &[u8], identities: &[AgeSecret]) -> Result<Vec<u8>, BundleError> {
    if !ciphertext.starts_with(b"age-encryption.org/v1\n") {
        return Err(BundleError::reject(
            Reject::NotEncrypted,
            "This file is not an Intel Desk bundle: it is not age-encrypted. Check that you chose the right file.",
        ));
    }
    let ids = identities.iter().map(|i| i.identity()).collect::<Result<Vec<_>, _>>()?;
    let decryptor = age::Decryptor::new(ciphertext).map_err(|e| header_error(&e))?;
    let mut reader = decryptor.decrypt(ids.iter().map(|i| i as &dyn age::Identity)).map_err(|e| header_error(&e))?;
    let mut out = Vec::new();
    (&mut reader).take(crate::MAX_ARCHIVE_BYTES + 1).read_to_end(&mut out).map_err(|e| {
        if e.kind() == std::io::ErrorKind::UnexpectedEof {
            BundleError::reject(
                Reject::Truncated,
                "The bundle is cut short: the file was not copied completely. Copy it again from the sender.",
            )
        } else {
            BundleError::reject(
                Reject::Corrupt,
                "The bundle is damaged: its encrypted contents fail their integrity check. Ask the sender for a fresh copy.",
            )
        }
    })?;
    if out.len() as u64 > crate::MAX_ARCHIVE_BYTES {
        return Err(BundleError::reject(Reject::TooLarge, "The bundle's contents are larger than allowed."));
    }
    Ok(out)
}

fn header_error(e: &age::DecryptError) -> BundleError {
    match e {
        age::DecryptError::NoMatchingKeys => BundleError::reject(
            Reject::NotARecipient,
            "This bundle was not encrypted to this workstation (or to any of its keys). Ask the sender to address it to this workstation's enrolled key.",
        ),
        age::DecryptError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            BundleError::reject(Reject::Truncated, "The bundle is cut short: the file was not copied completely. Copy it again from the sender.")
        }
        _ => BundleError::reject(Reject::Corrupt, format!("The bundle is damaged ({e}). Ask the sender for a fresh copy.")),
    }
}

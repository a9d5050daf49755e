//! Arbitrary bytes as the archive inside the encryption, so the fuzzer
//! reaches the tar reader, the signature, manifest and payload parsers and
//! every rule after decryption (age's MAC would stop mutated ciphertext first).
#![no_main]
use libfuzzer_sys::fuzz_target;
#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let recipient = common::identity().recipient().expect("recipient");
    if let Ok(sealed) = intel_bundle::raw::encrypt(data, &[recipient]) {
        let _ = common::open(&sealed);
    }
});

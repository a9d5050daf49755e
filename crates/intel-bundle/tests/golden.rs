//! Format version 1 frozen: a bundle made when the format was fixed must keep
//! opening to exactly the same content, and the manifest and payload a given
//! input produces must stay byte-for-byte the same. Regenerating the vectors
//! (`INTEL_WRITE_VECTORS=1`) is a format change: bump the version instead.
//! The keys in tests/vectors/v1 are test keys and protect nothing.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use intel_bundle::*;
use std::collections::HashMap;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/v1")
}
fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap_or_else(|e| panic!("vector {name}: {e} (INTEL_WRITE_VECTORS=1 makes them once)"))
}
fn read_text(name: &str) -> String {
    String::from_utf8(read(name)).unwrap()
}

fn sender() -> (SigningSecret, PublicKeys) {
    let signing = SigningSecret::from_minisign_key_file(&read_text("sender.key")).unwrap();
    let keys = WorkstationKeys { signing, age: AgeSecret::from_secret_str(&read_text("recipient.agekey")).unwrap() };
    let public = keys.public().unwrap();
    (keys.signing, public)
}

fn write_vectors_if_asked() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("INTEL_WRITE_VECTORS").is_some() {
        ONCE.call_once(write_vectors);
    }
}

fn write_vectors() {
    std::fs::create_dir_all(dir()).unwrap();
    let keys = WorkstationKeys::generate().unwrap();
    let sk = minisign::SecretKey::from_bytes(&keys.signing.to_secret_bytes()).unwrap();
    std::fs::write(dir().join("sender.key"), sk.to_box(Some("intel desk test vector key")).unwrap().to_string()).unwrap();
    std::fs::write(dir().join("recipient.agekey"), format!("{}\n", keys.age.to_secret_string().as_str())).unwrap();
    let (signing, public) = sender();
    std::fs::write(dir().join("sender.pub"), public.minisign_public_key_file()).unwrap();
    let (p, atts) = sample_payload();
    let party = Party { id: "ws-a".into(), keys: WorkstationKeys::generate().unwrap(), public: public.clone() };
    let s = spec(&party, 1, vec![public.age_recipient.clone()], &p, &atts);
    let (bytes, _) = build(&s, &signing).unwrap();
    std::fs::write(dir().join("bundle.idb"), &bytes).unwrap();
    let members =
        raw::read_archive(&raw::decrypt(&bytes, &[AgeSecret::from_secret_str(&read_text("recipient.agekey")).unwrap()]).unwrap()).unwrap();
    std::fs::write(dir().join("manifest.json"), &members["manifest.json"]).unwrap();
    std::fs::write(dir().join("payload.json"), &members["payload.json"]).unwrap();
}

#[test]
fn the_v1_vector_still_opens_to_the_same_content() {
    write_vectors_if_asked();
    let (_, public) = sender();
    let signer = KnownSigner {
        key_id: public.key_id.clone(),
        signing_public: public.signing_public.clone(),
        sender_id: "ws-a".into(),
        label: "vector sender".into(),
        status: SignerStatus::Active,
    };
    let ids = [AgeSecret::from_secret_str(&read_text("recipient.agekey")).unwrap()];
    let no = |_: &str| false;
    let opened = open(
        &read("bundle.idb"),
        &Expectations { identities: &ids, signers: &[signer], last_sequences: &HashMap::new(), seen: &no, now: t0() },
    )
    .unwrap();
    assert_eq!(opened.manifest_bytes, read("manifest.json"));
    assert_eq!(opened.payload.to_bytes().unwrap(), read("payload.json"));
    assert_eq!(opened.payload, sample_payload().0);
    assert_eq!(opened.attachments, sample_payload().1);
    // The public key file is what `minisign -V -p` takes.
    assert_eq!(read_text("sender.pub"), public.minisign_public_key_file());
}

#[test]
fn the_same_input_makes_the_same_manifest_and_payload_bytes() {
    write_vectors_if_asked();
    let (signing, public) = sender();
    let (p, atts) = sample_payload();
    let party = Party { id: "ws-a".into(), keys: WorkstationKeys::generate().unwrap(), public: public.clone() };
    let (archive, _) = build_archive(&spec(&party, 1, vec![public.age_recipient.clone()], &p, &atts), &signing).unwrap();
    let members = raw::read_archive(&archive).unwrap();
    assert_eq!(members["manifest.json"], read("manifest.json"), "manifest bytes changed: that is a format change");
    assert_eq!(members["payload.json"], read("payload.json"), "payload bytes changed: that is a format change");
    let names: Vec<&str> = members.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "attachments/".to_string() + &sha256_hex(ATTACHMENT),
            "manifest.json".into(),
            "manifest.json.minisig".into(),
            "payload.json".into()
        ]
    );
}

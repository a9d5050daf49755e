// The receiver and trusted sender of the format's test vector, so seeds made
// from the vector reach past the signature check.
use chrono::{TimeZone, Utc};
use intel_bundle::{AgeSecret, BundleError, Expectations, KnownSigner, OpenedBundle, SignerStatus};
use std::collections::HashMap;

const RECIPIENT: &str = include_str!("../../crates/intel-bundle/tests/vectors/v1/recipient.agekey");
const SENDER_PUB: &str = include_str!("../../crates/intel-bundle/tests/vectors/v1/sender.pub");

pub fn identity() -> AgeSecret {
    AgeSecret::from_secret_str(RECIPIENT).expect("vector identity")
}

pub fn open(bytes: &[u8]) -> Result<OpenedBundle, BundleError> {
    let public = SENDER_PUB.lines().nth(1).expect("vector public key").to_string();
    let key_id = intel_bundle::key_id_of(&public).expect("vector key id");
    let signers = [KnownSigner { key_id, signing_public: public, sender_id: "ws-a".into(), label: "vector".into(), status: SignerStatus::Active }];
    let ids = [identity()];
    let last: HashMap<String, u64> = HashMap::new();
    let seen = |_: &str| false;
    let now = Utc.with_ymd_and_hms(2026, 11, 2, 0, 0, 0).single().expect("time");
    intel_bundle::open(bytes, &Expectations { identities: &ids, signers: &signers, last_sequences: &last, seen: &seen, now })
}

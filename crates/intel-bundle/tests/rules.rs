//! Every import rule of bundle format v1, each checked on its own: a bundle
//! that breaks exactly one rule is refused with that rule's reason.
#![allow(clippy::unwrap_used)]

mod common;
use chrono::Duration;
use common::*;
use intel_bundle::*;
use std::collections::HashMap;

struct World {
    a: Party,
    b: Party,
    c: Party,
}

fn world() -> World {
    World { a: Party::new("ws-a"), b: Party::new("ws-b"), c: Party::new("ws-c") }
}

fn bundle_for_b(w: &World, seq: u64) -> Vec<u8> {
    let (p, atts) = sample_payload();
    build(&spec(&w.a, seq, vec![w.b.public.age_recipient.clone()], &p, &atts), &w.a.keys.signing).unwrap().0
}

#[test]
fn a_good_bundle_opens_with_everything_it_carries() {
    let w = world();
    let bytes = bundle_for_b(&w, 1);
    let opened = open_as(&bytes, &w.b, &[w.a.known(SignerStatus::Active)], &HashMap::new(), &[], t0()).unwrap();
    let (p, atts) = sample_payload();
    assert_eq!(opened.payload, p);
    assert_eq!(opened.attachments, atts);
    assert_eq!(opened.manifest.sender.id, "ws-a");
    assert_eq!(opened.manifest.sender.key_id, w.a.public.key_id);
    assert_eq!(opened.manifest.sequence, 1);
    assert_eq!(opened.bundle_sha256, sha256_hex(&bytes));
    // The plaintext never shows through the encryption.
    assert!(!bytes.windows(9).any(|x| x == b"catalytic"));
}

#[test]
fn unknown_signer_is_refused() {
    let w = world();
    let bytes = bundle_for_b(&w, 1);
    let r = open_as(&bytes, &w.b, &[w.c.known(SignerStatus::Active)], &HashMap::new(), &[], t0());
    assert_eq!(reason(r), Reject::UnknownSigner);
}

#[test]
fn revoked_signer_is_refused() {
    let w = world();
    let bytes = bundle_for_b(&w, 1);
    let r = open_as(&bytes, &w.b, &[w.a.known(SignerStatus::Revoked)], &HashMap::new(), &[], t0());
    assert_eq!(reason(r), Reject::RevokedSigner);
}

#[test]
fn retired_key_verifies_history_but_not_bundles_made_after_it_was_replaced() {
    let w = world();
    let bytes = bundle_for_b(&w, 1); // made at t0
    let before = w.a.known(SignerStatus::Retired { retired_at: t0() + Duration::hours(1) });
    assert!(open_as(&bytes, &w.b, &[before], &HashMap::new(), &[], t0()).is_ok());
    let after = w.a.known(SignerStatus::Retired { retired_at: t0() - Duration::hours(1) });
    assert_eq!(reason(open_as(&bytes, &w.b, &[after], &HashMap::new(), &[], t0())), Reject::RevokedSigner);
}

#[test]
fn a_workstation_it_was_not_encrypted_to_cannot_open_it() {
    let w = world();
    let bytes = bundle_for_b(&w, 1);
    let r = open_as(&bytes, &w.c, &[w.a.known(SignerStatus::Active)], &HashMap::new(), &[], t0());
    assert_eq!(reason(r), Reject::NotARecipient);
}

#[test]
fn re_encrypted_to_a_third_party_is_refused_by_the_signed_recipient_list() {
    let w = world();
    let bytes = bundle_for_b(&w, 1);
    // B (a legitimate recipient) decrypts and passes the untouched archive on to C.
    let b_id = [AgeSecret::from_secret_str(&w.b.keys.age.to_secret_string()).unwrap()];
    let archive = raw::decrypt(&bytes, &b_id).unwrap();
    let forwarded = raw::encrypt(&archive, std::slice::from_ref(&w.c.public.age_recipient)).unwrap();
    let r = open_as(&forwarded, &w.c, &[w.a.known(SignerStatus::Active)], &HashMap::new(), &[], t0());
    assert_eq!(reason(r), Reject::RecipientNotNamed);
}

#[test]
fn replay_and_rollback_are_refused() {
    let w = world();
    let signers = [w.a.known(SignerStatus::Active)];
    let one = bundle_for_b(&w, 1);
    let two = bundle_for_b(&w, 2);
    let last: HashMap<String, u64> = [("ws-a".to_string(), 2)].into();
    // The same bundle id again.
    let id_two = "00000000-0000-4000-8000-000000000002";
    assert_eq!(reason(open_as(&two, &w.b, &signers, &last, &[id_two], t0())), Reject::Replay);
    // A different bundle id reusing the last sequence.
    assert_eq!(reason(open_as(&two, &w.b, &signers, &last, &[], t0())), Reject::Replay);
    // An older sequence.
    assert_eq!(reason(open_as(&one, &w.b, &signers, &last, &[], t0())), Reject::Rollback);
    // A newer one is fine.
    let last_one: HashMap<String, u64> = [("ws-a".to_string(), 1)].into();
    assert!(open_as(&two, &w.b, &signers, &last_one, &[], t0()).is_ok());
}

#[test]
fn expired_and_future_bundles_are_refused() {
    let w = world();
    let bytes = bundle_for_b(&w, 1);
    let signers = [w.a.known(SignerStatus::Active)];
    let late = t0() + Duration::days(30) + Duration::seconds(1);
    assert_eq!(reason(open_as(&bytes, &w.b, &signers, &HashMap::new(), &[], late)), Reject::Expired);
    let early = t0() - Duration::hours(1);
    assert_eq!(reason(open_as(&bytes, &w.b, &signers, &HashMap::new(), &[], early)), Reject::NotYetValid);
}

#[test]
fn every_truncation_point_is_refused() {
    let w = world();
    let bytes = bundle_for_b(&w, 1);
    let signers = [w.a.known(SignerStatus::Active)];
    for len in 0..bytes.len() {
        let r = open_as(&bytes[..len], &w.b, &signers, &HashMap::new(), &[], t0());
        let why = reason(r);
        assert!(
            matches!(why, Reject::Truncated | Reject::Corrupt | Reject::NotEncrypted),
            "cut at {len} of {}: refused as {why:?}",
            bytes.len()
        );
    }
}

#[test]
fn every_flipped_byte_is_refused() {
    let w = world();
    let bytes = bundle_for_b(&w, 1);
    let signers = [w.a.known(SignerStatus::Active)];
    for i in 0..bytes.len() {
        let mut bad = bytes.clone();
        bad[i] ^= 0x01;
        // Includes the age header's base64, where a flipped padding bit could
        // decode to the same key if age accepted non-canonical encodings.
        let r = open_as(&bad, &w.b, &signers, &HashMap::new(), &[], t0());
        assert!(r.is_err(), "flipping byte {i} of {} was not noticed", bytes.len());
    }
}

#[test]
fn oversized_input_is_refused_before_decryption() {
    let w = world();
    let huge = vec![0u8; (MAX_BUNDLE_BYTES + 1) as usize];
    let r = open_as(&huge, &w.b, &[w.a.known(SignerStatus::Active)], &HashMap::new(), &[], t0());
    assert_eq!(reason(r), Reject::TooLarge);
}

#[test]
fn a_plain_file_is_not_a_bundle() {
    let w = world();
    let r = open_as(b"reference,text\nX,Y\n", &w.b, &[w.a.known(SignerStatus::Active)], &HashMap::new(), &[], t0());
    assert_eq!(reason(r), Reject::NotEncrypted);
}

/// Rebuilds A's bundle with `edit` applied to the archive members, re-encrypted
/// to B: the tampering a recipient (or anyone holding a recipient key) could do.
fn tampered(w: &World, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Vec<u8> {
    let bytes = bundle_for_b(w, 1);
    let b_id = [AgeSecret::from_secret_str(&w.b.keys.age.to_secret_string()).unwrap()];
    let members = raw::read_archive(&raw::decrypt(&bytes, &b_id).unwrap()).unwrap();
    let order = ["manifest.json", "manifest.json.minisig", "payload.json"];
    let mut list: Vec<(String, Vec<u8>)> = order.iter().map(|n| (n.to_string(), members[*n].clone())).collect();
    list.extend(members.into_iter().filter(|(n, _)| !order.contains(&n.as_str())));
    edit(&mut list);
    let refs: Vec<(&str, &[u8])> = list.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    raw::encrypt(&raw::write_archive(&refs).unwrap(), std::slice::from_ref(&w.b.public.age_recipient)).unwrap()
}

fn open_tampered(w: &World, edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>)) -> Reject {
    let bytes = tampered(w, edit);
    reason(open_as(&bytes, &w.b, &[w.a.known(SignerStatus::Active)], &HashMap::new(), &[], t0()))
}

#[test]
fn an_altered_payload_fails_its_signed_hash() {
    let w = world();
    let why = open_tampered(&w, |m| {
        let p = &mut m[2].1;
        let at = p.windows(4).position(|x| x == b"blue").unwrap();
        p[at..at + 4].copy_from_slice(b"red ");
    });
    assert_eq!(why, Reject::HashMismatch);
}

#[test]
fn an_altered_manifest_fails_its_signature() {
    let w = world();
    let why = open_tampered(&w, |m| {
        let text = String::from_utf8(m[0].1.clone()).unwrap().replace("OFFICIAL-SENSITIVE", "OFFICIAL");
        m[0].1 = text.into_bytes();
    });
    assert_eq!(why, Reject::BadSignature);
}

#[test]
fn a_signature_swapped_in_from_another_key_is_refused() {
    let w = world();
    let why = open_tampered(&w, |m| {
        let manifest = m[0].1.clone();
        m[1].1 = w.c.keys.signing.sign(&manifest, "x").unwrap().into_bytes();
    });
    // C's key is not trusted: unknown signer, whatever the manifest claims.
    assert_eq!(why, Reject::UnknownSigner);
}

#[test]
fn a_sender_naming_someone_else_is_refused() {
    let w = world();
    let (p, atts) = sample_payload();
    let mut s = spec(&w.a, 1, vec![w.b.public.age_recipient.clone()], &p, &atts);
    s.sender_id = "ws-b".into();
    let bytes = build(&s, &w.a.keys.signing).unwrap().0;
    let r = open_as(&bytes, &w.b, &[w.a.known(SignerStatus::Active)], &HashMap::new(), &[], t0());
    assert_eq!(reason(r), Reject::SenderMismatch);
}

#[test]
fn parts_missing_or_unlisted_are_refused() {
    let w = world();
    assert_eq!(
        open_tampered(&w, |m| {
            m.retain(|(n, _)| !n.starts_with("attachments/"));
        }),
        Reject::MissingPart
    );
    assert_eq!(open_tampered(&w, |m| m.push((format!("attachments/{}", "0".repeat(64)), b"extra".to_vec()))), Reject::UnexpectedPart);
    assert_eq!(open_tampered(&w, |m| m.push(("notes.txt".into(), b"x".to_vec()))), Reject::UnexpectedPart);
    assert_eq!(
        open_tampered(&w, |m| {
            m.remove(1);
        }),
        Reject::MissingPart
    );
}

#[test]
fn building_refuses_attachments_the_payload_does_not_cite() {
    let w = world();
    let (p, mut atts) = sample_payload();
    atts.insert(sha256_hex(b"stray"), b"stray".to_vec());
    let err = build(&spec(&w.a, 1, vec![w.b.public.age_recipient.clone()], &p, &atts), &w.a.keys.signing).unwrap_err();
    assert!(err.reason().is_none(), "{err}");
}

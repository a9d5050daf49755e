//! Bundles between real encrypted stores: enrolment, export to a file,
//! import with everything arriving, updates without duplicates, the
//! rejection suite (nothing written), key rotation, the outbox, and a
//! property-based round trip.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use intel_bundle::{Reject, SigningSecret, WorkstationKeys};
use intel_core::cycle::dissemination::DisseminationRequest;
use intel_core::cycle::entities::{EntityKind, NewEntity, ObjectType};
use intel_core::cycle::records::NewAttachment;
use intel_core::cycle::search::SearchQuery;
use intel_core::domain::marking::Marking;
use intel_core::domain::role::Role;
use intel_core::exchange::{BundleKind, ExportOptions, ImportVia, OutboxState, PeerStatus, ReportChange};
use intel_core::{CoreResult, ErrorCode, Session};
use intel_protocol::{Enrolment, EnrolmentKind, Receipt, SignedEnrolment, SignedReceipt, ENROLMENT_FORMAT};
use std::collections::BTreeMap;
use std::path::PathBuf;

const CANARY: &str = "CANARY-ORIGINAL-7731 FALCONRIDGE";
const SANITISED: &str = "A blue van is used by a male in the Dockside area";
const ATTACHMENT: &[u8] = b"scanned note, attachment bytes";

/// A store with its admin session (an intelligence manager and administrator).
struct Ws {
    ts: TestStore,
    s: Session,
    id: String,
}

async fn workstation(reference_prefix: Option<&str>) -> Ws {
    let (ts, s) = TestStore::create().await;
    if let Some(p) = reference_prefix {
        s.set_reference_format(&format!("{p}-{{yyyy}}-{{seq:6}}"), "distinct references per unit").await.unwrap();
    }
    let id = s.workstation_identity().await.unwrap().workstation_id;
    Ws { ts, s, id }
}

/// `to` trusts `from`.
async fn trust(to: &Ws, from: &Ws) {
    to.s.add_peer(&from.s.enrolment_file().await.unwrap()).await.unwrap();
}

fn file(ws: &Ws, name: &str) -> PathBuf {
    ws.ts.tmp.path().join(name)
}

async fn export(from: &Ws, to: &[&Ws], name: &str, opts: ExportOptions) -> Vec<u8> {
    let ids: Vec<String> = to.iter().map(|w| w.id.clone()).collect();
    let path = file(from, name);
    from.s.export_to_file_with(BundleKind::Records, &ids, None, &path, &opts).await.unwrap();
    std::fs::read(path).unwrap()
}

fn all() -> ExportOptions {
    ExportOptions { all: true, ..ExportOptions::default() }
}

async fn eligible_report(s: &Session, text: &str) -> String {
    let r = s.record_report(report(text)).await.unwrap();
    s.evaluate(&r, eval_p()).await.unwrap();
    s.sanitise(&r, &format!("sanitised: {text}")).await.unwrap();
    r
}

/// Row counts of the data tables and a digest of their content.
async fn data_state(s: &Session) -> (BTreeMap<&'static str, i64>, String) {
    let mut counts = BTreeMap::new();
    for t in [
        "reports",
        "evaluations",
        "sanitisations",
        "attachments",
        "status_history",
        "entities",
        "report_entities",
        "associations",
        "disseminations",
        "taskings",
        "bundle_imports",
        "origin_reports",
        "origin_entities",
        "peers",
        "peer_keys",
        "workstation_keys",
    ] {
        let n: i64 =
            sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) FROM {t}"))).fetch_one(s.pool_for_tests()).await.unwrap();
        counts.insert(t, n);
    }
    let digest: Option<String> = sqlx::query_scalar(
        "SELECT group_concat(reference || '|' || coalesce(sanitised_text, '') || '|' || original_text || '|' || status || '|' || marking, char(10)) \
         FROM (SELECT * FROM reports ORDER BY id)",
    )
    .fetch_one(s.pool_for_tests())
    .await
    .unwrap();
    (counts, intel_bundle::sha256_hex(digest.unwrap_or_default().as_bytes()))
}

/// The store's current age identity, read straight from the database (tests only).
async fn age_secret(s: &Session) -> String {
    sqlx::query_scalar("SELECT age_secret FROM workstation_keys WHERE retired_at IS NULL").fetch_one(s.pool_for_tests()).await.unwrap()
}

fn decrypt(bytes: &[u8], secret: &str) -> Vec<u8> {
    use std::io::Read;
    let id: age::x25519::Identity = secret.parse().unwrap();
    let d = age::Decryptor::new(bytes).unwrap();
    let mut out = Vec::new();
    d.decrypt(std::iter::once(&id as &dyn age::Identity)).unwrap().read_to_end(&mut out).unwrap();
    out
}

fn encrypt_to(plain: &[u8], recipient: &str) -> Vec<u8> {
    use std::io::Write;
    let r: age::x25519::Recipient = recipient.parse().unwrap();
    let e = age::Encryptor::with_recipients(std::iter::once(&r as &dyn age::Recipient)).unwrap();
    let mut out = Vec::new();
    let mut w = e.wrap_output(&mut out).unwrap();
    w.write_all(plain).unwrap();
    w.finish().unwrap();
    out
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// The import must be refused for `rule`, with the data unchanged and the refusal audited.
#[track_caller]
fn rejected_for<T: std::fmt::Debug>(r: CoreResult<T>, rule: Reject) {
    match r {
        Ok(v) => panic!("expected a {rule:?} rejection, got {v:?}"),
        Err(e) => {
            assert_eq!(e.code(), ErrorCode::BundleRejected, "{e}");
            assert_eq!(e.bundle_reason(), Some(rule), "{e}");
        }
    }
}

async fn refuse(s: &Session, bytes: &[u8], rule: Reject) {
    let before = data_state(s).await;
    rejected_for(s.import_preview(bytes).await, rule);
    rejected_for(s.import_bundle(bytes, ImportVia::File).await, rule);
    assert_eq!(data_state(s).await, before, "a refused {rule:?} bundle changed the store");
    let actions = audit_actions(s).await;
    assert_eq!(actions[actions.len() - 2..], ["bundle.rejected", "bundle.rejected"], "refusals are audited");
}

#[tokio::test(flavor = "multi_thread")]
async fn records_reach_another_store_with_everything_but_the_original() {
    let a = workstation(None).await;
    let b = workstation(Some("B")).await;
    trust(&a, &b).await;
    trust(&b, &a).await;
    assert_eq!(a.s.list_peers().await.unwrap()[0].peer_id, b.id);

    // A: one eligible report with everything, two held back.
    let mut new = report(&format!("Informant says {CANARY} owns the van"));
    new.marking = Marking::OfficialSensitive;
    new.attachments.push(NewAttachment { file_name: "note.txt".into(), media_type: "text/plain".into(), content: ATTACHMENT.to_vec() });
    let r1 = a.s.record_report(new).await.unwrap();
    a.s.evaluate(&r1, eval_p()).await.unwrap();
    a.s.sanitise(&r1, SANITISED).await.unwrap();
    let unevaluated = a.s.record_report(report("not evaluated yet")).await.unwrap();
    let unsanitised = a.s.record_report(report("evaluated only")).await.unwrap();
    a.s.evaluate(&unsanitised, eval_p()).await.unwrap();
    let person =
        a.s.create_entity(NewEntity {
            kind: EntityKind::Person,
            object_type: None,
            label: "Harrow Quenby".into(),
            details: serde_json::Value::Null,
            ocgm_band: None,
        })
        .await
        .unwrap();
    let van =
        a.s.create_entity(NewEntity {
            kind: EntityKind::Object,
            object_type: Some(ObjectType::Vehicle),
            label: "Blue Transit AB12CDE".into(),
            details: serde_json::json!({"colour": "blue"}),
            ocgm_band: None,
        })
        .await
        .unwrap();
    a.s.link_entity(&r1, person, "subject").await.unwrap();
    a.s.link_entity(&r1, van, "vehicle used").await.unwrap();
    a.s.associate(person, van, "uses", true, Some(&r1)).await.unwrap();
    a.s.disseminate(
        &r1,
        DisseminationRequest { recipient: "DS Example, CID".into(), purpose: "arrest enquiry".into(), conditions_acknowledged: false },
    )
    .await
    .unwrap();

    let p = a.s.export_preview(BundleKind::Records, std::slice::from_ref(&b.id)).await.unwrap();
    assert_eq!(p.reports.iter().map(|r| r.reference.as_str()).collect::<Vec<_>>(), [r1.as_str()]);
    assert_eq!(p.reports[0].grade.as_deref(), Some("1BP"));
    let mut held: Vec<(String, String)> = p.held_back.iter().map(|h| (h.reference.clone(), h.reason.clone())).collect();
    held.sort();
    assert_eq!(held, [(unevaluated.clone(), "not yet evaluated".into()), (unsanitised.clone(), "not sanitised".into())]);
    assert_eq!((p.entities, p.links, p.associations, p.disseminations, p.attachments), (2, 2, 1, 1, 1));
    assert_eq!(p.marking, Marking::OfficialSensitive);
    assert_eq!(p.recipients.len(), 1);

    let bytes = export(&a, &[&b], "one.bundle", ExportOptions::default()).await;
    // What leaves never holds the original wording, even to the recipient.
    let plain = decrypt(&bytes, &age_secret(&b.s).await);
    assert!(contains(&plain, SANITISED));
    assert!(!contains(&plain, "CANARY-ORIGINAL-7731"), "the original wording left in a records bundle");
    assert!(!contains(&bytes, SANITISED), "the bundle file is not encrypted");

    let preview = b.s.import_preview(&bytes).await.unwrap();
    assert_eq!(preview.sender_workstation, a.id);
    assert_eq!(preview.reports.len(), 1);
    assert_eq!(preview.reports[0].change, ReportChange::New);
    assert_eq!(preview.token, "");
    let got = b.s.import_bundle(&bytes, ImportVia::File).await.unwrap();
    assert_eq!(
        (got.reports_added, got.reports_updated, got.entities, got.links, got.associations, got.disseminations, got.attachments),
        (1, 0, 2, 2, 1, 1, 1)
    );

    let v = b.s.show_report(&r1).await.unwrap();
    assert_eq!(v.sanitised_text.as_deref(), Some(SANITISED));
    assert_eq!(v.marking, "OFFICIAL-SENSITIVE");
    assert!(!v.original_text.unwrap_or_default().contains("CANARY"));
    let g = v.current_grade.unwrap();
    assert_eq!((g.source_grade.as_str(), g.intelligence_grade.as_str(), g.handling_code.as_deref()), ("1", "B", Some("P")));
    assert_eq!(g.evaluated_by, ADMIN, "the sender's evaluator is kept");
    assert_eq!(v.entities.len(), 2);
    assert_eq!(v.disseminations.len(), 1);
    assert_eq!(v.disseminations[0].state, "released");
    assert_eq!(v.disseminations[0].released_text.as_deref(), Some(SANITISED));
    let (_, content) = b.s.read_attachment(&r1, v.attachments[0].id).await.unwrap();
    assert_eq!(content, ATTACHMENT);
    let hits = b.s.search(&SearchQuery { text: Some("Dockside".into()), ..SearchQuery::default() }).await.unwrap();
    assert_eq!(hits.iter().map(|h| h.reference.as_str()).collect::<Vec<_>>(), [r1.as_str()]);
    let hits = b.s.search(&SearchQuery { text: Some("Quenby".into()), ..SearchQuery::default() }).await.unwrap();
    assert_eq!(hits.len(), 1, "linked entity labels are searchable");
    let person_b = v.entities.iter().find(|e| e.label == "Harrow Quenby").unwrap().id;
    let ev = b.s.entity_view(person_b).await.unwrap();
    assert_eq!(ev.associations.len(), 1);
    assert_eq!(ev.associations[0].supporting_reference.as_deref(), Some(r1.as_str()));

    // Nothing new: a records export has nothing to send.
    assert_eq!(
        err_code(a.s.export_to_file(BundleKind::Records, std::slice::from_ref(&b.id), None, &file(&a, "none.bundle")).await),
        ErrorCode::InvalidInput
    );
    assert!(!file(&a, "none.bundle").exists());

    // A change is re-sent and updates B's copy in place.
    a.s.sanitise(&r1, "A blue van is used by a man near Dockside").await.unwrap();
    let bytes = export(&a, &[&b], "two.bundle", ExportOptions::default()).await;
    let preview = b.s.import_preview(&bytes).await.unwrap();
    assert_eq!(preview.reports[0].change, ReportChange::Updated);
    let before = data_state(&b.s).await.0;
    let got = b.s.import_bundle(&bytes, ImportVia::File).await.unwrap();
    assert_eq!((got.reports_added, got.reports_updated), (0, 1));
    let after = data_state(&b.s).await.0;
    for t in ["reports", "entities", "associations", "disseminations", "attachments", "report_entities", "evaluations"] {
        assert_eq!(before[t], after[t], "{t} duplicated on update");
    }
    assert_eq!(b.s.show_report(&r1).await.unwrap().sanitised_text.as_deref(), Some("A blue van is used by a man near Dockside"));

    // A full export needs a reason and carries the original wording.
    let path = file(&a, "full.bundle");
    assert_eq!(err_code(a.s.export_to_file(BundleKind::Full, std::slice::from_ref(&b.id), None, &path).await), ErrorCode::InvalidInput);
    a.s.export_to_file(BundleKind::Full, std::slice::from_ref(&b.id), Some("disclosure order 2026/17".into()), &path).await.unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert!(contains(&decrypt(&bytes, &age_secret(&b.s).await), "CANARY-ORIGINAL-7731"));
    b.s.import_bundle(&bytes, ImportVia::File).await.unwrap();
    assert!(b.s.show_report(&r1).await.unwrap().original_text.unwrap().contains(CANARY));

    // Both sides audited it.
    let a_actions = audit_actions(&a.s).await;
    assert_eq!(a_actions.iter().filter(|x| *x == "bundle.export").count(), 2);
    assert!(a_actions.contains(&"bundle.export-full".to_string()));
    let reason: String = sqlx::query_scalar("SELECT reason FROM audit_log WHERE action = 'bundle.export-full'")
        .fetch_one(a.s.pool_for_tests())
        .await
        .unwrap();
    assert_eq!(reason, "disclosure order 2026/17");
    assert_eq!(audit_actions(&b.s).await.iter().filter(|x| *x == "bundle.imported").count(), 3);
    // B's own next reference steps past an imported one its format could make.
    b.s.set_reference_format("IR-{yyyy}-{seq:6}", "same format as A").await.unwrap();
    let own = b.s.record_report(report("B's own report")).await.unwrap();
    assert_ne!(own, r1);
    let imports = b.s.list_imports().await.unwrap();
    assert_eq!(imports.iter().map(|i| i.sequence).collect::<Vec<_>>(), [3, 2, 1]);
    assert_eq!(b.s.list_peers().await.unwrap()[0].last_sequence, Some(3));
    assert!(a.s.verify_audit().await.unwrap().ok() && b.s.verify_audit().await.unwrap().ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_rejection_suite_writes_nothing() {
    let a = workstation(None).await;
    let b = workstation(Some("B")).await;
    let c = workstation(None).await; // same reference format as A: a clash
    trust(&a, &b).await;
    trust(&b, &a).await;
    trust(&a, &c).await;
    eligible_report(&a.s, "first").await;
    eligible_report(&a.s, "second").await;
    let one = export(&a, &[&b], "1.bundle", all()).await;
    let two = export(&a, &[&b], "2.bundle", all()).await;
    let three = export(&a, &[&b], "3.bundle", all()).await;
    let to_c = export(&a, &[&c], "c.bundle", all()).await;

    // Unknown signer: C does not trust A yet.
    refuse(&c.s, &to_c, Reject::UnknownSigner).await;
    // Wrong recipient: a bundle for C only.
    refuse(&b.s, &to_c, Reject::NotARecipient).await;
    // Re-encrypted to a third party: C trusts A, but A's signed manifest names B only.
    trust(&c, &a).await;
    let archive = decrypt(&one, &age_secret(&b.s).await);
    let reencrypted = encrypt_to(&archive, &c.s.workstation_identity().await.unwrap().current.age_recipient);
    refuse(&c.s, &reencrypted, Reject::RecipientNotNamed).await;
    // A local reference clash is refused whole.
    let local = c.s.record_report(report("C's own first report")).await.unwrap();
    let before = data_state(&c.s).await;
    let e = c.s.import_bundle(&to_c, ImportVia::File).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict, "{e}");
    assert!(e.to_string().contains(&local));
    assert_eq!(data_state(&c.s).await, before);

    // Replay and rollback.
    b.s.import_bundle(&one, ImportVia::File).await.unwrap();
    refuse(&b.s, &one, Reject::Replay).await;
    b.s.import_bundle(&three, ImportVia::Gateway).await.unwrap();
    refuse(&b.s, &two, Reject::Rollback).await;

    // Expired.
    let old = ExportOptions { all: true, created_at: Some(chrono::Utc::now() - chrono::Duration::days(40)), ..ExportOptions::default() };
    let expired = export(&a, &[&b], "expired.bundle", old).await;
    refuse(&b.s, &expired, Reject::Expired).await;

    // Every truncation point, and flipped bits, of a small valid bundle.
    let good = export(&a, &[&b], "good.bundle", all()).await;
    let before = data_state(&b.s).await;
    let started = std::time::Instant::now();
    // Every truncation point in the age header and first chunk and in the
    // last kilobyte, and every fifth between (each refusal is an audited
    // commit, so all ~6000 points take half a minute).
    let edge = 1024.min(good.len());
    let mut cuts: Vec<usize> = (0..edge).chain((edge..good.len() - edge).step_by(5)).chain(good.len() - edge..good.len()).collect();
    cuts.dedup();
    for &n in &cuts {
        let e = b.s.import_bundle(&good[..n], ImportVia::File).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::BundleRejected, "cut at {n}: {e}");
    }
    let mut flips: Vec<usize> = (0..good.len()).step_by((good.len() / 150).max(1)).collect();
    flips.push(good.len() - 1);
    for &i in &flips {
        let mut bad = good.clone();
        bad[i] ^= 0x01;
        let e = b.s.import_bundle(&bad, ImportVia::File).await.unwrap_err();
        assert_eq!(e.code(), ErrorCode::BundleRejected, "flipped byte {i}: {e}");
    }
    assert_eq!(data_state(&b.s).await, before, "a damaged bundle wrote something");
    eprintln!("{} truncations and {} flips of a {}-byte bundle in {:?}", cuts.len(), flips.len(), good.len(), started.elapsed());
    // The undamaged bundle still imports afterwards.
    b.s.import_bundle(&good, ImportVia::File).await.unwrap();

    // Oversized: refused from the file's length, never read whole.
    let huge = file(&b, "huge.bundle");
    std::fs::File::create(&huge).unwrap().set_len(intel_bundle::MAX_BUNDLE_BYTES + 1).unwrap();
    rejected_for(intel_core::exchange::read_bundle_file(&huge), Reject::TooLarge);

    // Wrong role: an analyst may not import; nothing is written, not even an audit entry.
    add_user(&b.s, "ann", Role::Analyst, false, Marking::OfficialSensitive).await;
    let analyst = b.ts.user("ann").await;
    let next = export(&a, &[&b], "next.bundle", all()).await;
    let before = (data_state(&b.s).await, audit_head(&b.s).await);
    assert_eq!(err_code(analyst.import_bundle(&next, ImportVia::File).await), ErrorCode::PermissionDenied);
    assert_eq!(err_code(analyst.import_preview(&next).await), ErrorCode::PermissionDenied);
    assert_eq!((data_state(&b.s).await, audit_head(&b.s).await), before);

    // Revoked signer.
    b.s.revoke_peer(&a.id, "workstation reported stolen").await.unwrap();
    assert_eq!(b.s.list_peers().await.unwrap()[0].status, PeerStatus::Revoked);
    refuse(&b.s, &next, Reject::RevokedSigner).await;
    assert_eq!(err_code(b.s.add_peer(&a.s.enrolment_file().await.unwrap()).await), ErrorCode::Conflict, "a revoked peer stays revoked");
}

#[tokio::test(flavor = "multi_thread")]
async fn markings_above_the_store_never_enter() {
    let a = workstation(None).await;
    let b = workstation(Some("B")).await;
    trust(&b, &a).await;
    // A bundle A's key signs but A's store could never make: SECRET material.
    let secret: Vec<u8> = sqlx::query_scalar("SELECT signing_secret FROM workstation_keys WHERE retired_at IS NULL")
        .fetch_one(a.s.pool_for_tests())
        .await
        .unwrap();
    let key = SigningSecret::from_secret_bytes(&secret).unwrap();
    let payload = intel_bundle::Payload {
        taskings: vec![intel_bundle::TaskingRecord {
            reference: "T-1".into(),
            title: "Secret tasking".into(),
            body: "never to be held here".into(),
            issued_by: "force".into(),
            due_at: None,
            marking: "SECRET".into(),
        }],
        ..Default::default()
    };
    let now = chrono::Utc::now();
    let spec = intel_bundle::BundleSpec {
        bundle_id: "b-secret".into(),
        kind: intel_bundle::BundleKind::Tasking,
        sender_id: a.id.clone(),
        unit: "Test Intelligence Unit".into(),
        sequence: 1,
        created_at: now,
        expires_at: now + chrono::Duration::days(1),
        recipients: vec![b.s.workstation_identity().await.unwrap().current.age_recipient],
        marking: "SECRET".into(),
        authorisation: None,
        payload: &payload,
        attachments: &BTreeMap::new(),
    };
    let (bytes, _) = intel_bundle::build(&spec, &key).unwrap();
    let before = data_state(&b.s).await;
    assert_eq!(err_code(b.s.import_bundle(&bytes, ImportVia::Gateway).await), ErrorCode::MarkingRefused);
    assert_eq!(data_state(&b.s).await, before);
    assert_eq!(audit_actions(&b.s).await.last().map(String::as_str), Some("bundle.rejected"));
}

#[tokio::test(flavor = "multi_thread")]
async fn key_rotation_keeps_history_and_refuses_the_old_key_afterwards() {
    let a = workstation(None).await;
    let b = workstation(Some("B")).await;
    trust(&a, &b).await;
    trust(&b, &a).await;
    eligible_report(&a.s, "made before the rotation").await;
    let before_rotation = export(&a, &[&b], "before.bundle", all()).await;
    // Signed with the old key but dated after the rotation (within clock skew).
    let late =
        ExportOptions { all: true, created_at: Some(chrono::Utc::now() + chrono::Duration::seconds(60)), ..ExportOptions::default() };
    let after_rotation_old_key = export(&a, &[&b], "late.bundle", late).await;

    let old = a.s.workstation_identity().await.unwrap().current;
    let rotated = a.s.rotate_workstation_keys("annual rotation").await.unwrap();
    assert_ne!(rotated.current.key_id, old.key_id);
    assert_eq!(rotated.previous[0].key_id, old.key_id);
    assert!(rotated.previous[0].retired_at.is_some());
    assert!(audit_actions(&a.s).await.contains(&"workstation.rotate-keys".to_string()));

    // B takes the new key: the file lists the old one (continuity).
    let peer = b.s.add_peer(&a.s.enrolment_file().await.unwrap()).await.unwrap();
    assert_eq!(peer.keys.len(), 2);
    assert_eq!(peer.keys[0].key_id, rotated.current.key_id);
    assert!(peer.keys[0].retired_at.is_none() && peer.keys[1].retired_at.is_some());

    b.s.import_bundle(&before_rotation, ImportVia::File).await.unwrap();
    refuse(&b.s, &after_rotation_old_key, Reject::RevokedSigner).await;
    eligible_report(&a.s, "made after the rotation").await;
    let fresh = export(&a, &[&b], "fresh.bundle", ExportOptions::default()).await;
    assert_eq!(b.s.import_bundle(&fresh, ImportVia::File).await.unwrap().reports_added, 1);

    // B rotates; a bundle A still addresses to B's old key opens with B's retired identity.
    b.s.rotate_workstation_keys("key compromise drill").await.unwrap();
    eligible_report(&a.s, "to B's old key").await;
    let to_old = export(&a, &[&b], "old-key.bundle", ExportOptions::default()).await;
    assert_eq!(b.s.import_bundle(&to_old, ImportVia::File).await.unwrap().reports_added, 1);

    // A forged enrolment for A's id, self-signed with another key and no continuity, is refused.
    let forger = WorkstationKeys::generate().unwrap();
    let forged = Enrolment {
        format: ENROLMENT_FORMAT.into(),
        version: 1,
        kind: EnrolmentKind::Workstation,
        id: a.id.clone(),
        unit: "Test Intelligence Unit".into(),
        label: "impostor".into(),
        current: forger.public().unwrap(),
        previous: vec![],
        created_at: chrono::Utc::now(),
        url: None,
        tls_certificate_pem: None,
    };
    let forged = SignedEnrolment::sign(&forged, &forger.signing).unwrap().to_file_bytes();
    let before = data_state(&b.s).await;
    let e = b.s.add_peer(&forged).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("forged"), "{e}");
    assert_eq!(data_state(&b.s).await, before);
    // A tampered file fails its self-signature.
    let mut tampered = a.s.enrolment_file().await.unwrap();
    let at = tampered.windows(4).position(|w| w == b"Test").unwrap();
    tampered[at] = b'X';
    assert_eq!(err_code(b.s.add_peer(&tampered).await), ErrorCode::InvalidInput);
}

fn gateway_enrolment(keys: &WorkstationKeys, id: &str) -> Vec<u8> {
    let e = Enrolment {
        format: ENROLMENT_FORMAT.into(),
        version: 1,
        kind: EnrolmentKind::Gateway,
        id: id.into(),
        unit: "Force".into(),
        label: "Force gateway".into(),
        current: keys.public().unwrap(),
        previous: vec![],
        created_at: chrono::Utc::now(),
        url: Some("https://gateway.force.example:8443".into()),
        tls_certificate_pem: Some("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".into()),
    };
    SignedEnrolment::sign(&e, &keys.signing).unwrap().to_file_bytes()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_outbox_waits_for_a_signed_receipt() {
    let a = workstation(None).await;
    let gw = WorkstationKeys::generate().unwrap();
    assert_eq!(a.s.gateway().await.unwrap(), None);
    assert_eq!(err_code(a.s.queue_export(BundleKind::Records, &[], None).await), ErrorCode::InvalidInput);
    a.s.add_peer(&gateway_enrolment(&gw, "gw-force")).await.unwrap();
    let other = WorkstationKeys::generate().unwrap();
    assert_eq!(err_code(a.s.add_peer(&gateway_enrolment(&other, "gw-other")).await), ErrorCode::Conflict, "one active gateway");
    let g = a.s.gateway().await.unwrap().unwrap();
    assert_eq!((g.peer_id.as_str(), g.url.as_str()), ("gw-force", "https://gateway.force.example:8443"));

    eligible_report(&a.s, "for the force").await;
    let preview = a.s.export_preview(BundleKind::Records, &[]).await.unwrap();
    assert_eq!(preview.recipients, ["Force gateway"], "the gateway is always a recipient");
    let item = a.s.queue_export(BundleKind::Records, &[], None).await.unwrap();
    assert_eq!((item.state, item.attempts, item.report_count, item.sequence), (OutboxState::Pending, 0, 1, 1));
    let pending = a.s.pending_bundles().await.unwrap();
    assert_eq!(pending.len(), 1);
    let (bundle_id, bytes) = pending.into_iter().next().unwrap();

    a.s.record_delivery_failure(&bundle_id, "connection refused").await.unwrap();
    let o = &a.s.list_outbox().await.unwrap()[0];
    assert_eq!((o.state, o.attempts, o.last_error.as_deref()), (OutboxState::Failed, 1, Some("connection refused")));
    assert_eq!(a.s.pending_bundles().await.unwrap().len(), 1, "a failed bundle is retried");

    let receipt = Receipt {
        bundle_id: bundle_id.clone(),
        bundle_sha256: intel_bundle::sha256_hex(&bytes),
        sender_id: a.id.clone(),
        sequence: 1,
        gateway_id: "gw-force".into(),
        received_at: chrono::Utc::now(),
    };
    let forged = SignedReceipt::sign(&receipt, &other.signing).unwrap();
    assert_eq!(err_code(a.s.record_delivery(&bundle_id, forged).await), ErrorCode::GatewayRefused);
    let wrong = SignedReceipt::sign(&Receipt { bundle_sha256: "00".repeat(32), ..receipt.clone() }, &gw.signing).unwrap();
    assert_eq!(err_code(a.s.record_delivery(&bundle_id, wrong).await), ErrorCode::GatewayRefused);
    let signed = SignedReceipt::sign(&receipt, &gw.signing).unwrap();
    a.s.record_delivery(&bundle_id, signed.clone()).await.unwrap();
    a.s.record_delivery(&bundle_id, signed).await.unwrap();
    assert!(a.s.pending_bundles().await.unwrap().is_empty());
    let o = &a.s.list_outbox().await.unwrap()[0];
    assert_eq!(o.state, OutboxState::Sent);
    assert!(o.sent_at.is_some());
    assert_eq!(audit_actions(&a.s).await.iter().filter(|x| *x == "bundle.delivered").count(), 1);

    // Request signing happens inside the core with the current key.
    let header = a.s.sign_gateway_request("GET", "/v1/outbound", b"").await.unwrap();
    let auth = intel_protocol::RequestAuth::parse(&header).unwrap();
    assert_eq!(auth.workstation_id, a.id);
    let key = a.s.workstation_identity().await.unwrap().current.signing_public_key;
    intel_protocol::verify_request(&auth, &key, "GET", "/v1/outbound", b"", chrono::Utc::now()).unwrap();

    // Sync bookkeeping.
    assert_eq!(a.s.sync_state().await.unwrap().last_sync_at, None);
    a.s.record_sync(false, Some(("gateway-unreachable".into(), "no route to the gateway".into()))).await.unwrap();
    let st = a.s.sync_state().await.unwrap();
    assert_eq!(st.last_error.unwrap().code, "gateway-unreachable");
    a.s.record_sync(true, None).await.unwrap();
    let st = a.s.sync_state().await.unwrap();
    assert!(st.last_sync_at.is_some() && st.last_error.is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn tasking_packages_reach_the_taskings_list() {
    let a = workstation(None).await;
    let b = workstation(Some("B")).await;
    trust(&a, &b).await;
    trust(&b, &a).await;
    let path = file(&a, "tasking.bundle");
    let tasking = intel_bundle::TaskingRecord {
        reference: "TASK-2026-004".into(),
        title: "Identify the blue van's keeper".into(),
        body: "Report sightings in Dockside; ANPR hits welcome.".into(),
        issued_by: "DI Example".into(),
        due_at: Some("2026-12-01".into()),
        marking: "OFFICIAL".into(),
    };
    a.s.make_tasking_package(vec![tasking], std::slice::from_ref(&b.id), &path).await.unwrap();
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(b.s.import_preview(&bytes).await.unwrap().taskings, 1);
    assert_eq!(b.s.import_bundle(&bytes, ImportVia::File).await.unwrap().taskings, 1);
    let t = b.s.list_taskings().await.unwrap();
    assert_eq!((t.len(), t[0].reference.as_str(), t[0].due_at.as_deref()), (1, "TASK-2026-004", Some("2026-12-01")));
    assert_eq!(b.s.list_imports().await.unwrap()[0].kind, BundleKind::Tasking);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_store_made_before_bundles_gets_its_identity_at_first_unlock() {
    let (ts, s) = TestStore::create().await;
    assert!(audit_actions(&s).await.contains(&"workstation.identity-create".to_string()), "made at set-up");
    // As a store from before migration 0004 would be: no identity.
    sqlx::query("DELETE FROM workstation_keys").execute(s.pool_for_tests()).await.unwrap();
    sqlx::query("DELETE FROM store_meta WHERE key = 'workstation_id'").execute(s.pool_for_tests()).await.unwrap();
    s.close().await;
    let s = ts.admin().await;
    let id = s.workstation_identity().await.unwrap();
    assert!(id.workstation_id.starts_with("ws-"));
    assert_eq!(audit_actions(&s).await.iter().filter(|a| *a == "workstation.identity-create").count(), 2);
    s.close().await;
    // And only once.
    let s = ts.admin().await;
    assert_eq!(s.workstation_identity().await.unwrap(), id);
    assert!(s.verify_audit().await.unwrap().ok());
}

mod round_trip {
    use super::*;
    use intel_core::domain::grading::{Evaluation3x5x2, HandlingCode, IntelGrade, SourceGrade};
    use intel_core::domain::report_fields::Priority;
    use proptest::prelude::*;

    #[derive(Debug, Clone)]
    struct Case {
        text: String,
        sanitised: String,
        marking: Marking,
        priority: Priority,
        grade: (SourceGrade, IntelGrade, HandlingCode),
    }

    fn case() -> impl Strategy<Value = Case> {
        (
            "\\PC{0,60}",
            "\\PC{0,60}",
            prop::sample::select(vec![Marking::Official, Marking::OfficialSensitive]),
            prop::sample::select(vec![Priority::High, Priority::Medium, Priority::Low]),
            prop::sample::select(vec![SourceGrade::Reliable, SourceGrade::Untested, SourceGrade::NotReliable]),
            prop::sample::select(vec![IntelGrade::A, IntelGrade::B, IntelGrade::C, IntelGrade::D, IntelGrade::E]),
            prop::sample::select(vec![HandlingCode::P, HandlingCode::C]),
        )
            .prop_map(|(t, s, marking, priority, sg, ig, h)| Case {
                text: format!("original {t}"),
                sanitised: format!("sanitised «{s}» ✓"),
                marking,
                priority,
                grade: (sg, ig, h),
            })
    }

    #[test]
    fn export_then_import_gives_the_same_content() {
        let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
        let (a, b) = rt.block_on(async {
            let a = workstation(None).await;
            let b = workstation(Some("B")).await;
            trust(&a, &b).await;
            trust(&b, &a).await;
            (a, b)
        });
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases: 12, ..ProptestConfig::default() });
        let n = std::sync::atomic::AtomicUsize::new(0);
        runner
            .run(&prop::collection::vec(case(), 1..4), |cases| {
                let n = n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                rt.block_on(async {
                    let mut refs = Vec::new();
                    for c in &cases {
                        let mut r = report(&c.text);
                        r.marking = c.marking;
                        r.priority = c.priority;
                        let reference = a.s.record_report(r).await.unwrap();
                        let (source, intelligence, handling) = c.grade;
                        let conditions = (handling == HandlingCode::C).then(|| "only for police use".to_string());
                        a.s.evaluate(
                            &reference,
                            Evaluation3x5x2 { source, intelligence, handling, conditions, rationale: "graded".into() },
                        )
                        .await
                        .unwrap();
                        a.s.sanitise(&reference, &c.sanitised).await.unwrap();
                        refs.push(reference);
                    }
                    let bytes = export(&a, &[&b], &format!("case-{n}.bundle"), ExportOptions::default()).await;
                    let got = b.s.import_bundle(&bytes, ImportVia::File).await.unwrap();
                    assert_eq!(got.reports_added as usize, cases.len(), "only the new reports travel");
                    for (c, reference) in cases.iter().zip(&refs) {
                        let (x, y) = (a.s.show_report(reference).await.unwrap(), b.s.show_report(reference).await.unwrap());
                        assert_eq!(y.sanitised_text.as_deref(), Some(c.sanitised.as_str()));
                        assert_eq!(
                            (&x.marking, &x.priority, &x.status, &x.source_type),
                            (&y.marking, &y.priority, &y.status, &y.source_type)
                        );
                        assert_eq!(
                            (&x.received_at, &x.submitting_officer, &x.review_due),
                            (&y.received_at, &y.submitting_officer, &y.review_due)
                        );
                        let (gx, gy) = (x.current_grade.unwrap(), y.current_grade.unwrap());
                        assert_eq!(
                            (gx.source_grade, gx.intelligence_grade, gx.handling_code, gx.conditions, gx.rationale),
                            (gy.source_grade, gy.intelligence_grade, gy.handling_code, gy.conditions, gy.rationale)
                        );
                    }
                });
                Ok(())
            })
            .unwrap();
    }
}

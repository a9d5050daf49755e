//! A sender, a receiver and a stranger, and a small payload touching every
//! record type, shared by the bundle tests.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use intel_bundle::*;
use std::collections::{BTreeMap, HashMap};

pub struct Party {
    pub id: String,
    pub keys: WorkstationKeys,
    pub public: PublicKeys,
}

impl Party {
    pub fn new(id: &str) -> Party {
        let keys = WorkstationKeys::generate().unwrap();
        let public = keys.public().unwrap();
        Party { id: id.to_string(), keys, public }
    }
    pub fn known(&self, status: SignerStatus) -> KnownSigner {
        KnownSigner {
            key_id: self.public.key_id.clone(),
            signing_public: self.public.signing_public.clone(),
            sender_id: self.id.clone(),
            label: format!("workstation {}", self.id),
            status,
        }
    }
}

pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 1, 9, 0, 0).unwrap()
}

pub const ATTACHMENT: &[u8] = b"%PDF-1.4 pretend scan of a statement\n";

pub fn sample_payload() -> (Payload, BTreeMap<String, Vec<u8>>) {
    let sha = sha256_hex(ATTACHMENT);
    let payload = Payload {
        reports: vec![ReportRecord {
            id: 7,
            reference: "NXU/2026/000007".into(),
            received_at: "2026-10-30T10:00:00Z".into(),
            recorded_at: "2026-10-30T10:05:00Z".into(),
            submitting_officer: "PC 1234 Hale".into(),
            source_type: "officer".into(),
            source_ref: None,
            marking: "OFFICIAL-SENSITIVE".into(),
            priority: "high".into(),
            status: "evaluated".into(),
            sanitised_text: Some("A blue Transit van is used to move stolen catalytic converters — Ünïcödé ✓.".into()),
            original_text: None,
            grades: vec![GradeRecord {
                scheme: "3x5x2".into(),
                source_grade: "2".into(),
                intelligence_grade: "B".into(),
                handling_code: Some("C".into()),
                conditions: Some("Not to be shared outside policing".into()),
                rationale: "Known reliable officer; first-hand".into(),
                evaluated_by: "sgt.okafor".into(),
                evaluated_at: "2026-10-30T11:00:00Z".into(),
                superseded_at: None,
            }],
            review_group: 3,
            review_due: "2032-10-30T10:05:00Z".into(),
            attachments: vec![AttachmentRecord {
                file_name: "statement.pdf".into(),
                media_type: "application/pdf".into(),
                size: ATTACHMENT.len() as u64,
                sha256: sha.clone(),
            }],
        }],
        entities: vec![
            EntityRecord {
                id: 1,
                kind: "object".into(),
                object_type: Some("vehicle".into()),
                label: "Blue Transit van".into(),
                details: "{}".into(),
                ocgm_band: None,
            },
            EntityRecord {
                id: 2,
                kind: "person".into(),
                object_type: None,
                label: "Driver (unidentified)".into(),
                details: "{}".into(),
                ocgm_band: None,
            },
        ],
        links: vec![LinkRecord { report_id: 7, entity_id: 1, role: "vehicle used".into() }],
        associations: vec![AssociationRecord {
            id: 3,
            from_entity: 2,
            to_entity: 1,
            kind: "drives".into(),
            confirmed: false,
            supporting_report_id: Some(7),
        }],
        disseminations: vec![DisseminationRecord {
            id: 4,
            report_id: 7,
            recipient: "Op Forge".into(),
            purpose: "tactical".into(),
            handling_code: "C".into(),
            conditions: Some("Not to be shared outside policing".into()),
            state: "released".into(),
            requested_by: "io.jones".into(),
            requested_at: "2026-10-30T12:00:00Z".into(),
            authorised_by: Some("dci.ward".into()),
            released_at: Some("2026-10-30T12:30:00Z".into()),
        }],
        taskings: vec![],
    };
    let mut atts = BTreeMap::new();
    atts.insert(sha, ATTACHMENT.to_vec());
    (payload, atts)
}

pub fn spec<'a>(
    sender: &Party,
    sequence: u64,
    recipients: Vec<String>,
    payload: &'a Payload,
    attachments: &'a BTreeMap<String, Vec<u8>>,
) -> BundleSpec<'a> {
    BundleSpec {
        bundle_id: format!("00000000-0000-4000-8000-{sequence:012}"),
        kind: BundleKind::Records,
        sender_id: sender.id.clone(),
        unit: "NXU".into(),
        sequence,
        created_at: t0(),
        expires_at: t0() + Duration::days(30),
        recipients,
        marking: "OFFICIAL-SENSITIVE".into(),
        authorisation: None,
        payload,
        attachments,
    }
}

/// Opens `bytes` as `receiver`, who trusts `signers`, has seen `seen` and last sequences `last`.
pub fn open_as(
    bytes: &[u8],
    receiver: &Party,
    signers: &[KnownSigner],
    last: &HashMap<String, u64>,
    seen: &[&str],
    now: DateTime<Utc>,
) -> Result<OpenedBundle, BundleError> {
    let ids = [AgeSecret::from_secret_str(&receiver.keys.age.to_secret_string()).unwrap()];
    let seen_fn = |id: &str| seen.contains(&id);
    open(bytes, &Expectations { identities: &ids, signers, last_sequences: last, seen: &seen_fn, now })
}

pub fn reason(r: Result<OpenedBundle, BundleError>) -> Reject {
    match r {
        Ok(b) => panic!("bundle {} was accepted but should have been refused", b.manifest.bundle_id),
        Err(e) => e.reason().unwrap_or_else(|| panic!("not a rejection: {e}")),
    }
}

//! Simulated workstations and a small gateway client, shared by the
//! integration tests and the `gateway_bench` benchmark. A simulated
//! workstation is just bundle keys and an enrolment file: no store, no UI.

use crate::error::GatewayError;
use chrono::{DateTime, Duration, Utc};
use intel_bundle::{BundleKind, BundleSpec, GradeRecord, Payload, ReportRecord, WorkstationKeys};
use intel_protocol::{Enrolment, EnrolmentKind, SignedEnrolment, ENROLMENT_FORMAT};
use std::collections::BTreeMap;

#[derive(Debug)]
pub struct SimWorkstation {
    pub id: String,
    pub unit: String,
    pub keys: WorkstationKeys,
}

/// What to put in a simulated bundle.
#[derive(Debug, Clone)]
pub struct BundleOptions {
    pub kind: BundleKind,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub reports: u64,
    /// One attachment on the first report.
    pub attachment: Option<Vec<u8>>,
}

impl Default for BundleOptions {
    fn default() -> Self {
        let now = Utc::now();
        BundleOptions { kind: BundleKind::Records, created_at: now, expires_at: now + Duration::days(30), reports: 1, attachment: None }
    }
}

pub fn sample_report(id: u64, attachment: Option<&[u8]>) -> ReportRecord {
    ReportRecord {
        id,
        reference: format!("R-{id:06}"),
        received_at: "2026-01-02T10:00:00Z".into(),
        recorded_at: "2026-01-02T10:05:00Z".into(),
        submitting_officer: "PC 1234 Example".into(),
        source_type: "public".into(),
        source_ref: None,
        marking: "OFFICIAL-SENSITIVE".into(),
        priority: "routine".into(),
        status: "evaluated".into(),
        sanitised_text: Some(format!("Sanitised text of report {id}: a vehicle was seen at the depot.")),
        original_text: None,
        grades: vec![GradeRecord {
            scheme: "3x5x2".into(),
            source_grade: "1".into(),
            intelligence_grade: "A".into(),
            handling_code: Some("P".into()),
            conditions: None,
            rationale: "Seen first hand.".into(),
            evaluated_by: "sgt.example".into(),
            evaluated_at: "2026-01-02T11:00:00Z".into(),
            superseded_at: None,
        }],
        review_group: 1,
        review_due: "2027-01-02".into(),
        attachments: attachment
            .map(|b| {
                vec![intel_bundle::AttachmentRecord {
                    file_name: "photo.jpg".into(),
                    media_type: "image/jpeg".into(),
                    size: b.len() as u64,
                    sha256: intel_bundle::sha256_hex(b),
                }]
            })
            .unwrap_or_default(),
    }
}

impl SimWorkstation {
    pub fn new(id: &str, unit: &str) -> Result<Self, GatewayError> {
        Ok(SimWorkstation { id: id.to_string(), unit: unit.to_string(), keys: WorkstationKeys::generate()? })
    }

    pub fn enrolment(&self) -> Result<SignedEnrolment, GatewayError> {
        let e = Enrolment {
            format: ENROLMENT_FORMAT.into(),
            version: 1,
            kind: EnrolmentKind::Workstation,
            id: self.id.clone(),
            unit: self.unit.clone(),
            label: format!("Workstation {}", self.id),
            current: self.keys.public()?,
            previous: Vec::new(),
            created_at: Utc::now(),
            url: None,
            tls_certificate_pem: None,
        };
        Ok(SignedEnrolment::sign(&e, &self.keys.signing)?)
    }

    pub fn age_recipient(&self) -> Result<String, GatewayError> {
        Ok(self.keys.age.recipient()?)
    }

    /// A signed, encrypted bundle; returns its id and bytes.
    pub fn bundle(&self, sequence: u64, recipients: &[String], opts: &BundleOptions) -> Result<(String, Vec<u8>), GatewayError> {
        let mut attachments = BTreeMap::new();
        if let Some(a) = &opts.attachment {
            attachments.insert(intel_bundle::sha256_hex(a), a.clone());
        }
        let reports = (1..=opts.reports.max(1))
            .map(|i| sample_report(sequence * 1000 + i, if i == 1 { opts.attachment.as_deref() } else { None }))
            .collect();
        let payload = Payload { reports, ..Payload::default() };
        let bundle_id = uuid::Uuid::new_v4().to_string();
        let spec = BundleSpec {
            bundle_id: bundle_id.clone(),
            kind: opts.kind,
            sender_id: self.id.clone(),
            unit: self.unit.clone(),
            sequence,
            created_at: opts.created_at,
            expires_at: opts.expires_at,
            recipients: recipients.to_vec(),
            marking: "OFFICIAL-SENSITIVE".into(),
            authorisation: None,
            payload: &payload,
            attachments: &attachments,
        };
        Ok((bundle_id, intel_bundle::build(&spec, &self.keys.signing)?.0))
    }

    /// The Authorization header for a call to the gateway.
    pub fn sign(&self, method: &str, path: &str, body: &[u8], now: DateTime<Utc>) -> Result<String, GatewayError> {
        Ok(intel_protocol::sign_request(&self.keys.signing, &self.id, method, path, body, now)?)
    }
}

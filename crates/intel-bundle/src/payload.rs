//! `payload.json`: the records, entities, links, associations,
//! disseminations and taskings a bundle carries. Ids are the sender's own;
//! a receiver keys what it stores on (sender, id) so a re-sent record updates
//! rather than duplicates. Unknown fields are refused so a payload never
//! carries something the receiver would silently drop.

use crate::error::{BundleError, Reject};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Payload {
    #[serde(default)]
    pub reports: Vec<ReportRecord>,
    #[serde(default)]
    pub entities: Vec<EntityRecord>,
    #[serde(default)]
    pub links: Vec<LinkRecord>,
    #[serde(default)]
    pub associations: Vec<AssociationRecord>,
    #[serde(default)]
    pub disseminations: Vec<DisseminationRecord>,
    #[serde(default)]
    pub taskings: Vec<TaskingRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRecord {
    pub id: u64,
    pub reference: String,
    pub received_at: String,
    pub recorded_at: String,
    pub submitting_officer: String,
    pub source_type: String,
    /// Source reference; only in a full export (it can identify a covert source's handler file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_ref: Option<String>,
    pub marking: String,
    pub priority: String,
    pub status: String,
    pub sanitised_text: Option<String>,
    /// Original wording; only in an authorised full export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_text: Option<String>,
    /// Current grade first, then superseded ones, newest first.
    pub grades: Vec<GradeRecord>,
    pub review_group: i64,
    pub review_due: String,
    #[serde(default)]
    pub attachments: Vec<AttachmentRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradeRecord {
    pub scheme: String,
    pub source_grade: String,
    pub intelligence_grade: String,
    pub handling_code: Option<String>,
    pub conditions: Option<String>,
    pub rationale: String,
    pub evaluated_by: String,
    pub evaluated_at: String,
    pub superseded_at: Option<String>,
}

/// An attachment's bytes travel as the part `attachments/<sha256>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttachmentRecord {
    pub file_name: String,
    pub media_type: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityRecord {
    pub id: u64,
    pub kind: String,
    pub object_type: Option<String>,
    pub label: String,
    /// JSON object text, as the store keeps it.
    pub details: String,
    pub ocgm_band: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkRecord {
    pub report_id: u64,
    pub entity_id: u64,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssociationRecord {
    pub id: u64,
    pub from_entity: u64,
    pub to_entity: u64,
    pub kind: String,
    pub confirmed: bool,
    pub supporting_report_id: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisseminationRecord {
    pub id: u64,
    pub report_id: u64,
    pub recipient: String,
    pub purpose: String,
    pub handling_code: String,
    pub conditions: Option<String>,
    pub state: String,
    pub requested_by: String,
    pub requested_at: String,
    pub authorised_by: Option<String>,
    pub released_at: Option<String>,
}

/// A tasking from a manager or the force: what to find out, for whom, by when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskingRecord {
    pub reference: String,
    pub title: String,
    pub body: String,
    pub issued_by: String,
    pub due_at: Option<String>,
    pub marking: String,
}

impl Payload {
    pub fn to_bytes(&self) -> Result<Vec<u8>, BundleError> {
        serde_json::to_vec(self).map_err(|e| BundleError::Build(e.to_string()))
    }

    pub(crate) fn parse(bytes: &[u8]) -> Result<Payload, BundleError> {
        let p: Payload = serde_json::from_slice(bytes)
            .map_err(|e| BundleError::reject(Reject::BadPayload, format!("The bundle's payload is not valid: {e}.")))?;
        p.check_references()?;
        Ok(p)
    }

    /// Every link, association and dissemination must point inside the payload,
    /// so applying it can never refer to something the bundle did not bring.
    fn check_references(&self) -> Result<(), BundleError> {
        use std::collections::HashSet;
        let reports: HashSet<u64> = self.reports.iter().map(|r| r.id).collect();
        let entities: HashSet<u64> = self.entities.iter().map(|e| e.id).collect();
        let bad = |what: &str| BundleError::reject(Reject::BadPayload, format!("The bundle's payload is inconsistent: {what}."));
        if reports.len() != self.reports.len() || entities.len() != self.entities.len() {
            return Err(bad("an id appears twice"));
        }
        for l in &self.links {
            if !reports.contains(&l.report_id) || !entities.contains(&l.entity_id) {
                return Err(bad("a link names a report or entity it does not carry"));
            }
        }
        for a in &self.associations {
            if !entities.contains(&a.from_entity) || !entities.contains(&a.to_entity) {
                return Err(bad("an association names an entity it does not carry"));
            }
            if a.supporting_report_id.is_some_and(|r| !reports.contains(&r)) {
                return Err(bad("an association cites a report it does not carry"));
            }
        }
        for d in &self.disseminations {
            if !reports.contains(&d.report_id) {
                return Err(bad("a dissemination names a report it does not carry"));
            }
        }
        Ok(())
    }

    /// Names of the attachment parts the payload refers to.
    pub fn attachment_parts(&self) -> Vec<String> {
        let mut v: Vec<String> =
            self.reports.iter().flat_map(|r| r.attachments.iter().map(|a| format!("{}{}", crate::ATTACHMENT_DIR, a.sha256))).collect();
        v.sort();
        v.dedup();
        v
    }
}

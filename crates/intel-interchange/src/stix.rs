//! STIX 2.1 bundles of sanitised intelligence for partner platforms (OpenCTI,
//! MISP). Each report becomes a `report` object whose description is the
//! sanitised wording only, with its 3x5x2 grade; the protective marking and
//! the handling code travel as statement marking definitions on every object,
//! and a code C report carries its own marking with its conditions.
//!
//! Identifiers are derived from the unit's store id and the item, so
//! exporting the same report again updates the partner's copy instead of
//! duplicating it.

use serde_json::{json, Value};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct StixSubject {
    /// The store's entity id (stable within the unit).
    pub id: i64,
    pub label: String,
    /// person or organisation: the kinds STIX carries as `identity`.
    pub kind: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StixReport {
    pub reference: String,
    /// RFC 3339, UTC.
    pub recorded_at: String,
    pub marking: String,
    /// e.g. "1B P" (source, intelligence, handling).
    pub grade: String,
    /// "P" or "C".
    pub handling: String,
    /// Code C's conditions (required for C).
    pub conditions: Option<String>,
    pub sanitised_text: String,
    pub subjects: Vec<StixSubject>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct StixExport {
    /// The unit's name (the producing identity).
    pub unit: String,
    /// A stable id of the unit's store: the namespace of every object id.
    pub store_id: String,
    /// When the bundle is made, RFC 3339 UTC.
    pub created: String,
    pub reports: Vec<StixReport>,
}

/// STIX timestamps are RFC 3339 in UTC with a Z; milliseconds are kept.
fn stix_time(rfc3339: &str) -> Result<String, String> {
    let t = chrono::DateTime::parse_from_rfc3339(rfc3339).map_err(|e| format!("'{rfc3339}' is not an RFC 3339 time: {e}"))?;
    Ok(t.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
}

impl StixExport {
    fn namespace(&self) -> Uuid {
        Uuid::new_v5(&Uuid::NAMESPACE_URL, format!("urn:intel-desk:store:{}", self.store_id).as_bytes())
    }

    /// STIX 2.1 wants version-4 UUIDs on its domain objects (the official
    /// validator refuses others), yet a partner's copy must be updated, not
    /// duplicated, on each export: so the bits are a UUIDv5 hash of the
    /// unit and item, laid out as version 4.
    fn id(&self, kind: &str, name: &str) -> String {
        let hashed = Uuid::new_v5(&self.namespace(), format!("{kind}:{name}").as_bytes());
        format!("{kind}--{}", uuid::Builder::from_random_bytes(hashed.into_bytes()).into_uuid())
    }

    /// The bundle as JSON, or why a report cannot go (a code C report
    /// without its conditions, a bad time).
    pub fn to_bundle(&self) -> Result<Value, String> {
        let created = stix_time(&self.created)?;
        let unit_id = self.id("identity", "unit");
        let mut objects = vec![json!({
            "type": "identity", "spec_version": "2.1", "id": unit_id,
            "created": created, "modified": created,
            "name": self.unit, "identity_class": "organization",
        })];
        let mut marking_ids: Vec<String> = Vec::new();
        let mut marking = |objects: &mut Vec<Value>, key: &str, statement: String| -> String {
            let id = self.id("marking-definition", key);
            if !marking_ids.contains(&id) {
                marking_ids.push(id.clone());
                objects.push(json!({
                    "type": "marking-definition", "spec_version": "2.1", "id": id,
                    "created": created, "created_by_ref": unit_id,
                    "name": key, "definition_type": "statement",
                    "definition": {"statement": statement},
                }));
            }
            id
        };
        let mut subjects_done: Vec<i64> = Vec::new();
        for r in &self.reports {
            if r.sanitised_text.trim().is_empty() {
                return Err(format!("{} has no sanitised wording: only sanitised intelligence goes to partners", r.reference));
            }
            let protective = marking(&mut objects, &r.marking, format!("{} (UK Government Security Classifications)", r.marking));
            let handling = match (r.handling.as_str(), r.conditions.as_deref().map(str::trim).filter(|c| !c.is_empty())) {
                ("P", _) => marking(&mut objects, "3x5x2 P", "3x5x2 handling code P: lawful sharing permitted".into()),
                ("C", Some(conditions)) => marking(
                    &mut objects,
                    &format!("3x5x2 C {}", r.reference),
                    format!("3x5x2 handling code C: lawful sharing permitted subject to these conditions: {conditions}"),
                ),
                ("C", None) => return Err(format!("{} is handling code C and has no conditions to attach", r.reference)),
                (other, _) => return Err(format!("{} has handling code '{other}'; only P and C can be shared", r.reference)),
            };
            let markings = json!([protective, handling]);
            let recorded = stix_time(&r.recorded_at)?;
            let mut refs: Vec<String> = Vec::new();
            for s in &r.subjects {
                let class = match s.kind.as_str() {
                    "person" => "individual",
                    "organisation" => "group",
                    _ => continue,
                };
                let sid = self.id("identity", &format!("entity:{}", s.id));
                if !subjects_done.contains(&s.id) {
                    subjects_done.push(s.id);
                    objects.push(json!({
                        "type": "identity", "spec_version": "2.1", "id": sid,
                        "created": created, "modified": created, "created_by_ref": unit_id,
                        "name": s.label, "identity_class": class,
                        "object_marking_refs": markings,
                    }));
                }
                refs.push(sid);
            }
            // A report must refer to something; with no person or group
            // linked, it refers to the unit that produced it.
            if refs.is_empty() {
                refs.push(unit_id.clone());
            }
            objects.push(json!({
                "type": "report", "spec_version": "2.1", "id": self.id("report", &r.reference),
                "created": recorded, "modified": created, "created_by_ref": unit_id,
                "name": format!("{} ({})", r.reference, r.grade),
                "description": r.sanitised_text,
                "report_types": ["threat-report"],
                "published": recorded,
                "object_refs": refs,
                "labels": [format!("3x5x2:{}", r.grade.replace(' ', ""))],
                "external_references": [{"source_name": "intel-desk", "external_id": r.reference}],
                "object_marking_refs": markings,
            }));
        }
        Ok(json!({
            "type": "bundle",
            "id": self.id("bundle", &created),
            "objects": objects,
        }))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn export(handling: &str, conditions: Option<&str>) -> StixExport {
        StixExport {
            unit: "Test Unit".into(),
            store_id: "store-1".into(),
            created: "2026-12-04T10:00:00Z".into(),
            reports: vec![StixReport {
                reference: "IR-2026-000001".into(),
                recorded_at: "2026-12-01T09:30:00.123456+00:00".into(),
                marking: "OFFICIAL".into(),
                grade: format!("1B {handling}"),
                handling: handling.into(),
                conditions: conditions.map(str::to_owned),
                sanitised_text: "A male supplies drugs from a flat".into(),
                subjects: vec![],
            }],
        }
    }

    #[test]
    fn ids_are_stable_and_code_c_needs_its_conditions() {
        let a = export("P", None).to_bundle().unwrap();
        let b = export("P", None).to_bundle().unwrap();
        assert_eq!(a["objects"], b["objects"], "the same report exports to the same objects");
        assert!(export("C", None).to_bundle().unwrap_err().contains("no conditions"));
        let c = export("C", Some("Not to be shared outside policing")).to_bundle().unwrap();
        assert!(c.to_string().contains("subject to these conditions: Not to be shared outside policing"));
        assert_eq!(stix_time("2026-12-01T09:30:00.123456+01:00").unwrap(), "2026-12-01T08:30:00.123Z");
    }
}

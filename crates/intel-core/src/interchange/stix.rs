//! STIX 2.1 for partner platforms (OpenCTI, MISP): sanitised, graded
//! intelligence only. Handling code P goes on a dissemination permission;
//! code C only when the person exporting may authorise disseminations and
//! says so, with each report's conditions attached as its own marking.
//! The whole export is refused, naming the report, if any report is not
//! evaluated on 3x5x2 or not sanitised.

use crate::audit::AuditEvent;
use crate::cycle::entities::canonical;
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::products::export::write_then_record;
use crate::session::Session;
use intel_interchange::stix::{StixExport, StixReport, StixSubject};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct StixRequest {
    pub reports: Vec<String>,
    /// Code C reports go only with this set, by someone who may authorise
    /// disseminations.
    pub include_code_c: bool,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct StixBundleExport {
    pub path: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub reports: i64,
    /// The code C reports in it (each with its conditions).
    pub code_c: Vec<String>,
    pub marking: Marking,
    pub sha256: String,
}

/// One bundle is for one sharing decision, not a bulk copy of the store.
pub const MAX_STIX_REPORTS: usize = 1_000;

impl Session {
    pub async fn export_stix(&self, req: &StixRequest, dest: &Path) -> CoreResult<StixBundleExport> {
        let me = self.authorise(Action::RequestDissemination).await?;
        if req.reports.is_empty() {
            return Err(CoreError::invalid("choose the reports to share"));
        }
        if req.reports.len() > MAX_STIX_REPORTS {
            return Err(CoreError::invalid(format!("a STIX bundle holds at most {MAX_STIX_REPORTS} reports")));
        }
        let mut conn = self.pool.acquire().await?;
        let mut reports = Vec::new();
        let mut code_c = Vec::new();
        let mut marking = Marking::Official;
        for reference in &req.reports {
            let (id, _) = self.visible_report(&mut conn, &me, reference).await?;
            type Row = (String, String, String, Option<String>, Option<String>, Option<String>, Option<String>, Option<String>);
            let (reference, recorded_at, report_marking, sanitised, source, intel, handling, conditions): Row = sqlx::query_as(
                "SELECT r.reference, r.recorded_at, r.marking, r.sanitised_text, e.source_grade, e.intelligence_grade, e.handling_code, e.conditions \
                 FROM reports r LEFT JOIN evaluations e ON e.report_id = r.id AND e.superseded_at IS NULL AND e.scheme = '3x5x2' \
                 WHERE r.id = ?",
            )
            .bind(id)
            .fetch_one(&mut *conn)
            .await?;
            let (Some(source), Some(intel), Some(handling)) = (source, intel, handling) else {
                return Err(CoreError::new(
                    ErrorCode::IllegalTransition,
                    format!("{reference} is not evaluated on 3x5x2: evaluate it before sharing"),
                ));
            };
            let Some(sanitised) = sanitised.filter(|s| !s.trim().is_empty()) else {
                return Err(CoreError::new(
                    ErrorCode::IllegalTransition,
                    format!("{reference} is not sanitised: only sanitised wording goes to partners"),
                ));
            };
            if handling == "C" {
                if !req.include_code_c {
                    return Err(CoreError::new(
                        ErrorCode::PermissionDenied,
                        format!("{reference} is handling code C: it goes only when code C is included by someone who may authorise disseminations"),
                    ));
                }
                if !self.may(&me, Action::AuthoriseDissemination) {
                    return Err(CoreError::denied(format!(
                        "{reference} is handling code C: sharing it needs a manager's or director's authority"
                    )));
                }
                code_c.push(reference.clone());
            }
            let m: Marking = report_marking.parse()?;
            marking = marking.max(m);
            let linked: Vec<(i64,)> =
                sqlx::query_as("SELECT DISTINCT entity_id FROM report_entities WHERE report_id = ?").bind(id).fetch_all(&mut *conn).await?;
            let mut subjects: Vec<StixSubject> = Vec::new();
            for (entity,) in linked {
                let survivor = canonical(&mut conn, entity).await?;
                let e = crate::cycle::entities::fetch_entity(&mut conn, survivor).await?;
                if !subjects.iter().any(|s| s.id == survivor) {
                    subjects.push(StixSubject { id: survivor, label: e.label, kind: e.kind });
                }
            }
            reports.push(StixReport {
                grade: format!("{source}{intel} {handling}"),
                reference,
                recorded_at,
                marking: report_marking,
                handling,
                conditions,
                sanitised_text: sanitised,
                subjects,
            });
        }
        let store_id = crate::meta::require(&mut conn, crate::meta::STORE_ID).await?;
        let unit = crate::meta::require(&mut conn, crate::meta::UNIT_NAME).await?;
        drop(conn);
        let export = StixExport { unit, store_id, created: crate::cycle::now(), reports };
        let bundle = export.to_bundle().map_err(CoreError::invalid)?;
        let bytes = serde_json::to_vec_pretty(&bundle).map_err(|e| CoreError::internal(e.to_string()))?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let path = dest.display().to_string();
        let event = AuditEvent::new("export.stix", "reports").details(serde_json::json!({
            "reports": req.reports, "code_c": code_c, "path": path, "marking": marking, "sha256": sha256,
        }));
        write_then_record(dest, &bytes, "STIX bundle", self.audit_only(event)).await?;
        Ok(StixBundleExport { path, reports: export.reports.len() as i64, code_c, marking, sha256 })
    }
}

//! The whole of one report as a user may see it. The JSON form of
//! `ReportView` is the stable output of `intel record show --json`.

use super::dissemination::{Dissemination, DISSEMINATION_SELECT};
use super::records::AttachmentInfo;
use crate::audit::AuditEvent;
use crate::domain::permission::Action;
use crate::error::CoreResult;
use crate::session::Session;
use serde::Serialize;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct GradeRecord {
    pub scheme: String,
    pub source_grade: String,
    pub intelligence_grade: String,
    pub handling_code: Option<String>,
    pub conditions: Option<String>,
    pub rationale: String,
    pub evaluated_by: String,
    pub evaluated_at: String,
    pub current: bool,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct StatusChange {
    pub from_status: Option<String>,
    pub to_status: String,
    pub changed_by: String,
    pub changed_at: String,
    pub reason: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LinkedEntity {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    pub kind: String,
    pub object_type: Option<String>,
    pub label: String,
    pub role: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReviewRecord {
    pub decision: String,
    pub rationale: String,
    pub reviewed_by: String,
    pub reviewed_at: String,
    pub next_review_due: Option<String>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
struct ReportRow {
    id: i64,
    reference: String,
    marking: String,
    priority: String,
    status: String,
    source_type: String,
    source_ref: Option<String>,
    submitting_officer: String,
    received_at: String,
    recorded_at: String,
    recorded_by: String,
    original_text: String,
    sanitised_text: Option<String>,
    review_group: i64,
    review_due: String,
    disposed_at: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    pub reference: String,
    pub marking: String,
    pub priority: String,
    pub status: String,
    pub source_type: String,
    /// Shown only to those entitled to the original wording.
    pub source_ref: Option<String>,
    pub submitting_officer: String,
    pub received_at: String,
    pub recorded_at: String,
    pub recorded_by: String,
    pub sanitised_text: Option<String>,
    /// `None` unless the user may read the original wording.
    pub original_text: Option<String>,
    pub original_visible: bool,
    pub current_grade: Option<GradeRecord>,
    pub grades: Vec<GradeRecord>,
    pub status_history: Vec<StatusChange>,
    pub entities: Vec<LinkedEntity>,
    pub attachments: Vec<AttachmentInfo>,
    pub disseminations: Vec<Dissemination>,
    pub reviews: Vec<ReviewRecord>,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub review_group: i64,
    pub review_due: String,
    pub disposed_at: Option<String>,
}

impl Session {
    /// Reads a report (audited as a read).
    pub async fn show_report(&self, reference: &str) -> CoreResult<ReportView> {
        let me = self.authorise(Action::RecordRead).await?;
        let sees_original = self.may(&me, Action::ViewOriginalText);
        let mut conn = self.pool.acquire().await?;
        let (id, _) = self.visible_report(&mut conn, &me, reference).await?;
        let r: ReportRow = sqlx::query_as(
            "SELECT r.id, r.reference, r.marking, r.priority, r.status, r.source_type, r.source_ref, r.submitting_officer, r.received_at, \
             r.recorded_at, u.username AS recorded_by, r.original_text, r.sanitised_text, r.review_group, r.review_due, r.disposed_at \
             FROM reports r JOIN users u ON u.id = r.recorded_by WHERE r.id = ?",
        )
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
        let grades: Vec<GradeRecord> = sqlx::query_as(
            "SELECT e.scheme, e.source_grade, e.intelligence_grade, e.handling_code, e.conditions, e.rationale, COALESCE(e.origin_evaluated_by, u.username) AS evaluated_by, \
             e.evaluated_at, (e.superseded_at IS NULL AND e.scheme = '3x5x2') AS current \
             FROM evaluations e JOIN users u ON u.id = e.evaluated_by WHERE e.report_id = ? ORDER BY e.id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let status_history: Vec<StatusChange> = sqlx::query_as(
            "SELECT h.from_status, h.to_status, u.username AS changed_by, h.changed_at, h.reason FROM status_history h \
             JOIN users u ON u.id = h.changed_by WHERE h.report_id = ? ORDER BY h.id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let entities: Vec<LinkedEntity> = sqlx::query_as(
            "SELECT e.id, e.kind, e.object_type, e.label, re.role FROM report_entities re JOIN entities e ON e.id = re.entity_id \
             WHERE re.report_id = ? ORDER BY e.label",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        let attachments: Vec<(i64, String, String, i64, String)> =
            sqlx::query_as("SELECT id, file_name, media_type, size, sha256 FROM attachments WHERE report_id = ? ORDER BY id")
                .bind(id)
                .fetch_all(&mut *conn)
                .await?;
        let disseminations: Vec<Dissemination> = sqlx::query_as(crate::sqlf!("{DISSEMINATION_SELECT} WHERE d.report_id = ? ORDER BY d.id"))
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
        let reviews: Vec<ReviewRecord> = sqlx::query_as(
            "SELECT v.decision, v.rationale, u.username AS reviewed_by, v.reviewed_at, v.next_review_due FROM reviews v \
             JOIN users u ON u.id = v.reviewed_by WHERE v.report_id = ? ORDER BY v.id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        drop(conn);
        self.audit_only(
            AuditEvent::new("report.read", format!("report:{reference}")).details(serde_json::json!({"original_shown": sees_original})),
        )
        .await?;
        Ok(ReportView {
            reference: r.reference,
            marking: r.marking,
            priority: r.priority,
            status: r.status,
            source_type: r.source_type,
            source_ref: if sees_original { r.source_ref } else { None },
            submitting_officer: r.submitting_officer,
            received_at: r.received_at,
            recorded_at: r.recorded_at,
            recorded_by: r.recorded_by,
            sanitised_text: r.sanitised_text,
            original_text: sees_original.then_some(r.original_text),
            original_visible: sees_original,
            current_grade: grades.iter().find(|g| g.current).cloned(),
            grades,
            status_history,
            entities,
            attachments: attachments
                .into_iter()
                .map(|(id, file_name, media_type, size, sha256)| AttachmentInfo { id, file_name, media_type, size, sha256 })
                .collect(),
            disseminations,
            reviews,
            review_group: r.review_group,
            review_due: r.review_due,
            disposed_at: r.disposed_at,
        })
    }
}

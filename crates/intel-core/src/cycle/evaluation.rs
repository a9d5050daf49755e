//! Evaluation with 3x5x2. Re-evaluation supersedes the current grade but
//! keeps every earlier one; legacy grades are stored beside, never mapped.

use super::status::move_status;
use crate::audit::{self, AuditEvent};
use crate::domain::grading::{Evaluation3x5x2, LegacyGrade};
use crate::domain::permission::Action;
use crate::domain::status::Status;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::Session;

impl Session {
    pub async fn evaluate(&self, reference: &str, ev: Evaluation3x5x2) -> CoreResult<()> {
        let me = self.authorise(Action::Evaluate).await?;
        ev.validate()?;
        let mut tx = self.begin().await?;
        let (id, status) = self.visible_report(&mut tx, &me, reference).await?;
        if matches!(status, Status::Archived) {
            return Err(CoreError::new(ErrorCode::IllegalTransition, "the report is archived; it can no longer be evaluated"));
        }
        let now = super::now();
        let superseded =
            sqlx::query("UPDATE evaluations SET superseded_at = ? WHERE report_id = ? AND scheme = '3x5x2' AND superseded_at IS NULL")
                .bind(&now)
                .bind(id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        sqlx::query(
            "INSERT INTO evaluations (report_id, scheme, source_grade, intelligence_grade, handling_code, conditions, rationale, evaluated_by, evaluated_at) \
             VALUES (?, '3x5x2', ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(ev.source.as_str())
        .bind(ev.intelligence.as_str())
        .bind(ev.handling.as_str())
        .bind(ev.conditions.as_deref().map(str::trim))
        .bind(ev.rationale.trim())
        .bind(me.id)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        if status == Status::Received {
            move_status(&mut tx, id, status, Status::Evaluated, &me, "evaluated").await?;
        }
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new(if superseded > 0 { "report.re-evaluate" } else { "report.evaluate" }, format!("report:{reference}"))
                .reason(ev.rationale.trim())
                .details(serde_json::json!({"grade": ev.label(), "conditions": ev.conditions})),
        )
        .await?;
        self.commit(tx, head).await
    }

    pub async fn add_legacy_grade(&self, reference: &str, grade: LegacyGrade) -> CoreResult<()> {
        let me = self.authorise(Action::Evaluate).await?;
        grade.validate()?;
        let mut tx = self.begin().await?;
        let (id, _) = self.visible_report(&mut tx, &me, reference).await?;
        sqlx::query(
            "INSERT INTO evaluations (report_id, scheme, source_grade, intelligence_grade, handling_code, rationale, evaluated_by, evaluated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(grade.scheme.as_str())
        .bind(&grade.source)
        .bind(&grade.intelligence)
        .bind(&grade.handling)
        .bind(grade.rationale.trim())
        .bind(me.id)
        .bind(super::now())
        .execute(&mut *tx)
        .await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("report.legacy-grade", format!("report:{reference}"))
                .reason(grade.rationale.trim())
                .details(serde_json::json!({"scheme": grade.scheme.as_str(), "source": grade.source, "intelligence": grade.intelligence, "handling": grade.handling})),
        )
        .await?;
        self.commit(tx, head).await
    }
}

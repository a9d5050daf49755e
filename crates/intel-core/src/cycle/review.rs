//! Review and retention (2023 Code of Practice): each report is reviewed on
//! a schedule by group; every review records decision, reviewer and rationale.

use super::records::review_due_for;
use super::search::unindex_report;
use super::status::move_status;
use crate::audit::{self, AuditEvent};
use crate::domain::permission::Action;
use crate::domain::status::Status;
use crate::domain::vocabulary;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::Session;
use chrono::Utc;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReviewDecision {
    /// Keep; next review after the group's period.
    Retain,
    /// Keep, but closed to further work.
    Archive,
    /// Erase the content; the record's shell and its audit trail remain.
    Dispose,
}
vocabulary!(ReviewDecision, "review decision", { Retain => "retain", Archive => "archive", Dispose => "dispose" });

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct RetentionRule {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub review_group: i64,
    pub label: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub review_after_months: i64,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReviewDue {
    pub reference: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub review_group: i64,
    pub review_due: String,
    pub status: String,
}

const DISPOSED: &str = "[content disposed of at review]";

impl Session {
    pub async fn review(&self, reference: &str, decision: ReviewDecision, rationale: &str) -> CoreResult<()> {
        let me = self.authorise(Action::Review).await?;
        super::required("the review's rationale", rationale)?;
        let mut tx = self.begin().await?;
        let (id, status) = self.visible_report(&mut tx, &me, reference).await?;
        let (group,): (i64,) = sqlx::query_as("SELECT review_group FROM reports WHERE id = ?").bind(id).fetch_one(&mut *tx).await?;
        let next_due = match decision {
            ReviewDecision::Retain => {
                let due = review_due_for(&mut tx, group, Utc::now()).await?;
                sqlx::query("UPDATE reports SET review_due = ? WHERE id = ?").bind(&due).bind(id).execute(&mut *tx).await?;
                Some(due)
            }
            ReviewDecision::Archive | ReviewDecision::Dispose => {
                if status != Status::Archived {
                    move_status(&mut tx, id, status, Status::Archived, &me, &format!("review: {}", decision.as_str())).await?;
                }
                None
            }
        };
        if decision == ReviewDecision::Dispose {
            let (disposed,): (Option<String>,) =
                sqlx::query_as("SELECT disposed_at FROM reports WHERE id = ?").bind(id).fetch_one(&mut *tx).await?;
            if disposed.is_some() {
                return Err(CoreError::new(ErrorCode::Conflict, "this report's content has already been disposed of"));
            }
            sqlx::query("UPDATE reports SET original_text = ?, sanitised_text = CASE WHEN sanitised_text IS NULL THEN NULL ELSE ? END, disposed_at = ? WHERE id = ?")
                .bind(DISPOSED)
                .bind(DISPOSED)
                .bind(super::now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE sanitisations SET text = ? WHERE report_id = ?").bind(DISPOSED).bind(id).execute(&mut *tx).await?;
            sqlx::query("UPDATE attachments SET content = NULL WHERE report_id = ?").bind(id).execute(&mut *tx).await?;
            unindex_report(&mut tx, id).await?;
        }
        sqlx::query("INSERT INTO reviews (report_id, decision, rationale, reviewed_by, reviewed_at, next_review_due) VALUES (?,?,?,?,?,?)")
            .bind(id)
            .bind(decision.as_str())
            .bind(rationale.trim())
            .bind(me.id)
            .bind(super::now())
            .bind(&next_due)
            .execute(&mut *tx)
            .await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new(
                if decision == ReviewDecision::Dispose { "report.dispose" } else { "report.review" },
                format!("report:{reference}"),
            )
            .reason(rationale.trim())
            .details(serde_json::json!({"decision": decision, "next_review_due": next_due})),
        )
        .await?;
        self.commit(tx, head).await
    }

    pub async fn reviews_due(&self, before: Option<&str>, limit: i64) -> CoreResult<Vec<ReviewDue>> {
        let me = self.authorise(Action::Review).await?;
        let before = before.map(str::to_owned).unwrap_or_else(|| Utc::now().to_rfc3339());
        Ok(sqlx::query_as(crate::sqlf!(
            "SELECT reference, review_group, review_due, status FROM reports WHERE review_due <= ? AND status <> 'archived' AND marking IN ({}) \
             ORDER BY review_due LIMIT ?",
            super::search::marking_list(me.clearance)
        ))
        .bind(before)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }

    pub async fn retention_schedule(&self) -> CoreResult<Vec<RetentionRule>> {
        self.authorise(Action::RecordRead).await?;
        Ok(sqlx::query_as("SELECT review_group, label, review_after_months FROM retention_schedule ORDER BY review_group")
            .fetch_all(&self.pool)
            .await?)
    }

    pub async fn set_retention(&self, group: i64, months: i64, reason: &str) -> CoreResult<()> {
        let me = self.authorise(Action::ManageConfiguration).await?;
        super::required("a reason for changing the schedule", reason)?;
        if !(1..=1200).contains(&months) {
            return Err(CoreError::invalid("the review period must be between 1 and 1200 months"));
        }
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE retention_schedule SET review_after_months = ? WHERE review_group = ?")
            .bind(months)
            .bind(group)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(CoreError::not_found(format!("no review group {group}; groups are 1 to 4")));
        }
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("config.retention", format!("review-group:{group}"))
                .reason(reason)
                .details(serde_json::json!({"months": months})),
        )
        .await?;
        self.commit(tx, head).await
    }
}

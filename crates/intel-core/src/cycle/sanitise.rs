//! Sanitisation: the original wording stays; the sanitised wording is what
//! may leave the unit. Every version is kept.

use super::search::reindex_report;
use crate::audit::{self, AuditEvent};
use crate::domain::permission::Action;
use crate::domain::status::Status;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::Session;

impl Session {
    pub async fn sanitise(&self, reference: &str, sanitised_text: &str) -> CoreResult<()> {
        let me = self.authorise(Action::Sanitise).await?;
        super::required("the sanitised text", sanitised_text)?;
        let mut tx = self.begin().await?;
        let (id, status) = self.visible_report(&mut tx, &me, reference).await?;
        if status == Status::Archived {
            return Err(CoreError::new(ErrorCode::IllegalTransition, "the report is archived; it can no longer be sanitised"));
        }
        let (original,): (String,) = sqlx::query_as("SELECT original_text FROM reports WHERE id = ?").bind(id).fetch_one(&mut *tx).await?;
        let now = super::now();
        sqlx::query("INSERT INTO sanitisations (report_id, text, sanitised_by, sanitised_at) VALUES (?,?,?,?)")
            .bind(id)
            .bind(sanitised_text)
            .bind(me.id)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE reports SET sanitised_text = ?, sanitised_by = ?, sanitised_at = ? WHERE id = ?")
            .bind(sanitised_text)
            .bind(me.id)
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        reindex_report(&mut tx, id).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("report.sanitise", format!("report:{reference}"))
                .details(serde_json::json!({"identical_to_original": original == sanitised_text, "chars": sanitised_text.chars().count()})),
        )
        .await?;
        self.commit(tx, head).await
    }
}

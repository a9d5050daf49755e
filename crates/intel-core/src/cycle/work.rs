//! "My work": the queues a person acts on, chosen by what their role may do,
//! plus reviews due and their own recent activity. Read-only and not audited
//! as a read: it shows references and counts, never report text.

use super::dissemination::{Dissemination, DISSEMINATION_SELECT};
use super::review::ReviewDue;
use super::search::marking_list;
use crate::audit::AuditRecord;
use crate::domain::permission::Action;
use crate::error::CoreResult;
use crate::session::Session;
use serde::Serialize;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct QueueItem {
    pub reference: String,
    pub recorded_at: String,
    pub priority: String,
    pub marking: String,
    pub status: String,
    pub grade: Option<String>,
}

/// A queue the person may work, with its full size and its first items
/// (most urgent first). `None` on `MyWork` means the role has no such queue.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct Queue<T> {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub total: i64,
    pub items: Vec<T>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct MyWork {
    pub awaiting_evaluation: Option<Queue<QueueItem>>,
    pub awaiting_sanitisation: Option<Queue<QueueItem>>,
    pub awaiting_authorisation: Option<Queue<Dissemination>>,
    pub reviews_due: Option<Queue<ReviewDue>>,
    pub recent_activity: Vec<AuditRecord>,
}

const URGENCY: &str = "CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END";

impl Session {
    pub async fn my_work(&self, per_queue: i64) -> CoreResult<MyWork> {
        let me = self.authorise(Action::RecordRead).await?;
        let per_queue = per_queue.clamp(1, 500);
        let visible = marking_list(me.clearance);
        // `condition` names columns of `reports` unqualified. The ids are picked
        // in a subquery that the covering queue indexes answer alone; only the
        // chosen few rows are then read in full.
        let queue = |condition: &str| {
            let items = crate::sqlf!(
                "SELECT r.reference, r.recorded_at, r.priority, r.marking, r.status, \
                 e.source_grade || e.intelligence_grade || e.handling_code AS grade \
                 FROM reports r LEFT JOIN evaluations e ON e.report_id = r.id AND e.scheme = '3x5x2' AND e.superseded_at IS NULL \
                 WHERE r.id IN (SELECT id FROM reports WHERE {condition} AND marking IN ({visible}) ORDER BY {URGENCY}, id LIMIT ?) \
                 ORDER BY {URGENCY}, r.id"
            );
            let count = crate::sqlf!("SELECT count(*) FROM reports WHERE {condition} AND marking IN ({visible})");
            (items, count)
        };
        let mut work = MyWork {
            awaiting_evaluation: None,
            awaiting_sanitisation: None,
            awaiting_authorisation: None,
            reviews_due: None,
            recent_activity: Vec::new(),
        };
        if self.may(&me, Action::Evaluate) {
            let (items, count) = queue("status = 'received'");
            let (total,): (i64,) = sqlx::query_as(count).fetch_one(&self.pool).await?;
            let items = sqlx::query_as(items).bind(per_queue).fetch_all(&self.pool).await?;
            work.awaiting_evaluation = Some(Queue { total, items });
        }
        if self.may(&me, Action::Sanitise) {
            let (items, count) = queue("sanitised_text IS NULL AND status IN ('evaluated','in-development','analysed','disseminated')");
            let (total,): (i64,) = sqlx::query_as(count).fetch_one(&self.pool).await?;
            let items = sqlx::query_as(items).bind(per_queue).fetch_all(&self.pool).await?;
            work.awaiting_sanitisation = Some(Queue { total, items });
        }
        if self.may(&me, Action::AuthoriseDissemination) {
            let cond = format!("d.state = 'awaiting-authorisation' AND r.marking IN ({visible})");
            let (total,): (i64,) =
                sqlx::query_as(crate::sqlf!("SELECT count(*) FROM disseminations d JOIN reports r ON r.id = d.report_id WHERE {cond}"))
                    .fetch_one(&self.pool)
                    .await?;
            let items: Vec<Dissemination> =
                sqlx::query_as(crate::sqlf!("{DISSEMINATION_SELECT} WHERE {cond} ORDER BY d.requested_at LIMIT ?"))
                    .bind(per_queue)
                    .fetch_all(&self.pool)
                    .await?;
            work.awaiting_authorisation = Some(Queue { total, items });
        }
        if self.may(&me, Action::Review) {
            let now = chrono::Utc::now().to_rfc3339();
            let cond = format!("review_due <= ? AND status <> 'archived' AND marking IN ({visible})");
            let (total,): (i64,) =
                sqlx::query_as(crate::sqlf!("SELECT count(*) FROM reports WHERE {cond}")).bind(&now).fetch_one(&self.pool).await?;
            let items = sqlx::query_as(crate::sqlf!(
                "SELECT reference, review_group, review_due, status FROM reports WHERE {cond} ORDER BY review_due LIMIT ?"
            ))
            .bind(&now)
            .bind(per_queue)
            .fetch_all(&self.pool)
            .await?;
            work.reviews_due = Some(Queue { total, items });
        }
        work.recent_activity = sqlx::query_as("SELECT * FROM audit_log WHERE actor = ? AND action NOT IN ('search','report.read','entity.read','audit.read','report.read-attachment','login') \
             ORDER BY seq DESC LIMIT 15")
            .bind(&me.username)
            .fetch_all(&self.pool)
            .await?;
        Ok(work)
    }

    /// The actions this person's role allows, so the interface can offer only
    /// those. The core still checks every call.
    pub async fn permitted_actions(&self) -> CoreResult<Vec<Action>> {
        let me = self.authorise(Action::RecordRead).await?;
        Ok(Action::ALL.into_iter().filter(|a| self.may(&me, *a)).collect())
    }
}

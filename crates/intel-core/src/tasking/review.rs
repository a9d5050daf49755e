//! Operational review, commissioned by the TT&CG. Its objectives are stated
//! before the operation begins: once the start is recorded they are fixed
//! (the schema refuses a change too). Findings (impact, lessons, good
//! practice, recommendations) come only after the start, and the completed
//! reviews' recommendations make up the menu of tactical options.

use super::meetings::{decision_event, insert_decision, load_meeting, NewDecision};
use super::{next_reference, parse_date, text};
use crate::audit::{self, AuditEvent};
use crate::domain::governance::{DecisionKind, MeetingKind, Strand};
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::{Session, UserInfo};
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewOperationalReview {
    pub operation: String,
    /// All aspects of the operation, or the specifics it covers (tactical
    /// performance, impact on crime levels, partnership capability...).
    pub scope: String,
    /// YYYY-MM-DD
    pub planned_start: String,
    pub objectives: Vec<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Recommendation {
    pub strand: Strand,
    pub text: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReviewFindings {
    pub impact: String,
    pub lessons: String,
    pub good_practice: String,
    pub recommendations: Vec<Recommendation>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct OperationalReview {
    pub reference: String,
    pub operation: String,
    pub scope: String,
    pub planned_start: String,
    pub objectives: Vec<String>,
    pub meeting: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub decision_id: i64,
    pub started_at: Option<String>,
    pub findings: Option<ReviewFindings>,
    pub completed_at: Option<String>,
    pub completed_by: Option<String>,
}

/// One entry in the menu of tactical options, with where it was learned.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct TacticalOption {
    pub strand: Strand,
    pub text: String,
    pub review: String,
    pub operation: String,
}

fn check_objectives(objectives: &[String]) -> CoreResult<Vec<String>> {
    let out: Vec<String> = objectives.iter().map(|o| o.trim().to_owned()).filter(|o| !o.is_empty()).collect();
    if out.is_empty() {
        return Err(CoreError::invalid("state the review's objectives: at least one"));
    }
    Ok(out)
}

struct ReviewRow {
    id: i64,
    started: bool,
    completed: bool,
}

/// A review the user may change: one whose commissioning meeting is within
/// their clearance (any other does not exist for them, as in every read).
async fn load(conn: &mut sqlx::SqliteConnection, me: &UserInfo, reference: &str) -> CoreResult<ReviewRow> {
    let row: Option<(i64, Option<String>, Option<String>)> = sqlx::query_as(crate::sqlf!(
        "SELECT o.id, o.started_at, o.completed_at FROM operational_reviews o \
         JOIN meeting_decisions d ON d.id = o.decision_id JOIN meetings m ON m.id = d.meeting_id \
         WHERE o.reference = ? AND m.marking IN ({})",
        crate::cycle::search::marking_list(me.clearance)
    ))
    .bind(reference.trim())
    .fetch_optional(conn)
    .await?;
    let (id, started, completed) = row.ok_or_else(|| CoreError::not_found(format!("no operational review '{reference}'")))?;
    Ok(ReviewRow { id, started: started.is_some(), completed: completed.is_some() })
}

impl Session {
    /// Commissions a review as a decision of a TT&CG meeting.
    pub async fn commission_operational_review(
        &self,
        meeting: &str,
        decision: NewDecision,
        review: NewOperationalReview,
    ) -> CoreResult<OperationalReview> {
        let me = self.authorise(Action::ManageOperationalReview).await?;
        let decision = NewDecision { kind: DecisionKind::Commission, ..decision };
        let operation = text("the operation", &review.operation)?;
        let scope = text("the review's scope", &review.scope)?;
        parse_date("the operation's planned start", &review.planned_start)?;
        let objectives = if review.objectives.is_empty() { vec![] } else { check_objectives(&review.objectives)? };
        let mut tx = self.begin().await?;
        let m = load_meeting(&mut tx, &me, meeting).await?;
        if m.kind != MeetingKind::Ttcg {
            return Err(CoreError::new(
                ErrorCode::IllegalTransition,
                format!("operational review is commissioned by the TT&CG; {meeting} is a {}", m.kind.title()),
            ));
        }
        let decision_id = insert_decision(&mut tx, &me, &m, meeting, &decision).await?;
        let reference = next_reference(&mut tx, "OR").await?;
        sqlx::query(
            "INSERT INTO operational_reviews (reference, decision_id, operation, scope, planned_start, objectives, created_by, created_at) \
             VALUES (?,?,?,?,?,?,?,?)",
        )
        .bind(&reference)
        .bind(decision_id)
        .bind(&operation)
        .bind(&scope)
        .bind(review.planned_start.trim())
        .bind(serde_json::to_string(&objectives).map_err(|e| CoreError::internal(e.to_string()))?)
        .bind(me.id)
        .bind(crate::cycle::now())
        .execute(&mut *tx)
        .await?;
        audit::append(&mut tx, &me.username, decision_event(meeting, decision_id, &decision)).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("operational-review.commission", format!("operational-review:{reference}")).details(
                serde_json::json!({"meeting": meeting, "decision": decision_id, "operation": operation, "objectives": objectives}),
            ),
        )
        .await?;
        self.commit(tx, head).await?;
        self.operational_review(&reference).await
    }

    /// States (or restates) the objectives: only before the operation starts.
    pub async fn set_review_objectives(&self, reference: &str, objectives: Vec<String>) -> CoreResult<OperationalReview> {
        let me = self.authorise(Action::ManageOperationalReview).await?;
        let objectives = check_objectives(&objectives)?;
        let mut tx = self.begin().await?;
        let r = load(&mut tx, &me, reference).await?;
        if r.started {
            return Err(CoreError::new(
                ErrorCode::IllegalTransition,
                format!("the operation under {reference} has started: its objectives were fixed before it began and cannot change"),
            ));
        }
        sqlx::query("UPDATE operational_reviews SET objectives = ? WHERE id = ?")
            .bind(serde_json::to_string(&objectives).map_err(|e| CoreError::internal(e.to_string()))?)
            .bind(r.id)
            .execute(&mut *tx)
            .await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("operational-review.objectives", format!("operational-review:{reference}"))
                .details(serde_json::json!({"objectives": objectives})),
        )
        .await?;
        self.commit(tx, head).await?;
        self.operational_review(reference).await
    }

    /// Records that the operation has begun, which fixes the objectives.
    pub async fn record_operation_start(&self, reference: &str) -> CoreResult<OperationalReview> {
        let me = self.authorise(Action::ManageOperationalReview).await?;
        let mut tx = self.begin().await?;
        let r = load(&mut tx, &me, reference).await?;
        if r.started {
            return Err(CoreError::new(ErrorCode::Conflict, format!("the start of the operation under {reference} is already recorded")));
        }
        let (objectives,): (String,) =
            sqlx::query_as("SELECT objectives FROM operational_reviews WHERE id = ?").bind(r.id).fetch_one(&mut *tx).await?;
        if objectives == "[]" {
            return Err(CoreError::new(
                ErrorCode::IllegalTransition,
                format!("state the objectives of {reference} before the operation begins; they cannot be added afterwards"),
            ));
        }
        sqlx::query("UPDATE operational_reviews SET started_at = ?, started_by = ? WHERE id = ?")
            .bind(crate::cycle::now())
            .bind(me.id)
            .bind(r.id)
            .execute(&mut *tx)
            .await?;
        let head =
            audit::append(&mut tx, &me.username, AuditEvent::new("operational-review.start", format!("operational-review:{reference}")))
                .await?;
        self.commit(tx, head).await?;
        self.operational_review(reference).await
    }

    /// Records the findings and completes the review.
    pub async fn record_review_findings(&self, reference: &str, f: ReviewFindings) -> CoreResult<OperationalReview> {
        let me = self.authorise(Action::ManageOperationalReview).await?;
        let impact = text("the impact of the tactical activity", &f.impact)?;
        let lessons = text("the lessons learned", &f.lessons)?;
        let good_practice = text("the good practice identified", &f.good_practice)?;
        if f.recommendations.is_empty() {
            return Err(CoreError::invalid("a review draws conclusions and makes recommendations: add at least one"));
        }
        for r in &f.recommendations {
            text("a recommendation", &r.text)?;
        }
        let mut tx = self.begin().await?;
        let r = load(&mut tx, &me, reference).await?;
        if !r.started {
            return Err(CoreError::new(
                ErrorCode::IllegalTransition,
                format!("the operation under {reference} has not started: findings come after the operation"),
            ));
        }
        if r.completed {
            return Err(CoreError::new(ErrorCode::Conflict, format!("{reference} is already complete")));
        }
        sqlx::query(
            "UPDATE operational_reviews SET impact = ?, lessons = ?, good_practice = ?, recommendations = ?, completed_at = ?, completed_by = ? WHERE id = ?",
        )
        .bind(&impact)
        .bind(&lessons)
        .bind(&good_practice)
        .bind(serde_json::to_string(&f.recommendations).map_err(|e| CoreError::internal(e.to_string()))?)
        .bind(crate::cycle::now())
        .bind(me.id)
        .bind(r.id)
        .execute(&mut *tx)
        .await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("operational-review.findings", format!("operational-review:{reference}"))
                .details(serde_json::json!({"recommendations": f.recommendations.len()})),
        )
        .await?;
        self.commit(tx, head).await?;
        self.operational_review(reference).await
    }

    pub async fn operational_review(&self, reference: &str) -> CoreResult<OperationalReview> {
        let me = self.authorise(Action::RecordRead).await?;
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            i64,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        );
        let row: Option<Row> = sqlx::query_as(crate::sqlf!(
            "SELECT o.reference, o.operation, o.scope, o.planned_start, o.objectives, m.reference, o.decision_id, o.started_at, \
             o.impact, o.lessons, o.good_practice, o.recommendations, o.completed_at, u.username \
             FROM operational_reviews o JOIN meeting_decisions d ON d.id = o.decision_id JOIN meetings m ON m.id = d.meeting_id \
             LEFT JOIN users u ON u.id = o.completed_by WHERE o.reference = ? AND m.marking IN ({})",
            crate::cycle::search::marking_list(me.clearance)
        ))
        .bind(reference.trim())
        .fetch_optional(&self.pool)
        .await?;
        let (
            reference,
            operation,
            scope,
            planned_start,
            objectives,
            meeting,
            decision_id,
            started_at,
            impact,
            lessons,
            good,
            recs,
            completed_at,
            completed_by,
        ) = row.ok_or_else(|| CoreError::not_found(format!("no operational review '{reference}'")))?;
        let bad = |e: serde_json::Error| CoreError::damaged(format!("an operational review's stored list is unreadable: {e}"));
        let findings = match (impact, lessons, good, recs) {
            (Some(impact), Some(lessons), Some(good_practice), Some(recs)) => {
                Some(ReviewFindings { impact, lessons, good_practice, recommendations: serde_json::from_str(&recs).map_err(bad)? })
            }
            _ => None,
        };
        Ok(OperationalReview {
            reference,
            operation,
            scope,
            planned_start,
            objectives: serde_json::from_str(&objectives).map_err(bad)?,
            meeting,
            decision_id,
            started_at,
            findings,
            completed_at,
            completed_by,
        })
    }

    pub async fn list_operational_reviews(&self) -> CoreResult<Vec<OperationalReview>> {
        self.authorise(Action::RecordRead).await?;
        let refs: Vec<(String,)> =
            sqlx::query_as("SELECT reference FROM operational_reviews ORDER BY id DESC").fetch_all(&self.pool).await?;
        let mut out = Vec::new();
        for (r,) in refs {
            match self.operational_review(&r).await {
                Ok(v) => out.push(v),
                Err(e) if e.code() == ErrorCode::NotFound => {}
                Err(e) => return Err(e),
            }
        }
        Ok(out)
    }

    /// The menu of tactical options: recommendations of completed reviews.
    pub async fn tactical_options(&self) -> CoreResult<Vec<TacticalOption>> {
        let mut out = Vec::new();
        for r in self.list_operational_reviews().await? {
            if let (Some(f), Some(_)) = (r.findings, r.completed_at) {
                for rec in f.recommendations {
                    out.push(TacticalOption {
                        strand: rec.strand,
                        text: rec.text,
                        review: r.reference.clone(),
                        operation: r.operation.clone(),
                    });
                }
            }
        }
        out.sort_by(|a, b| a.strand.cmp(&b.strand));
        Ok(out)
    }
}

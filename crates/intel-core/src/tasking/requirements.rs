//! Intelligence requirements: the questions that fill gaps in knowledge.
//! A strategic requirement is approved by the ST&CG and published with the
//! control strategy in force, then communicated to all staff (who acknowledge
//! it); a tactical one serves an investigation or operation and is approved
//! by a T&C group. Reports are marked as answering questions, which gives
//! each requirement its coverage and its gaps.

use super::meetings::{decision_event, insert_decision, load_meeting, NewDecision};
use super::strategy::current_version;
use super::{next_reference, optional_text, parse_date, text};
use crate::audit::{self, AuditEvent};
use crate::domain::governance::{DecisionKind, MeetingKind, RequirementKind};
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::{Session, UserInfo};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewQuestion {
    pub question: String,
    /// The control strategy issue the question serves (its key).
    pub issue_key: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewRequirement {
    pub kind: RequirementKind,
    pub title: String,
    /// The investigation or operation a tactical requirement serves.
    pub operation: Option<String>,
    pub marking: Marking,
    /// YYYY-MM-DD: requirements are continually reviewed.
    pub review_due: String,
    pub questions: Vec<NewQuestion>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct AnsweringReport {
    pub reference: String,
    pub grade: Option<String>,
    /// The sanitised wording (never the original), or None while unsanitised.
    pub summary: Option<String>,
    pub note: String,
    pub linked_by: String,
    pub linked_at: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct QuestionView {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub position: i64,
    pub question: String,
    pub issue_key: Option<String>,
    pub answers: Vec<AnsweringReport>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct RequirementView {
    pub reference: String,
    pub kind: RequirementKind,
    pub title: String,
    pub operation: Option<String>,
    pub marking: Marking,
    pub state: String,
    pub review_due: String,
    pub review_overdue: bool,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub approved_by_decision: Option<i64>,
    pub approved_at: Option<String>,
    /// The control strategy version it was published with (strategic only).
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub published_with_version: Option<i64>,
    pub questions: Vec<QuestionView>,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub questions_answered: i64,
    /// The questions no report answers yet.
    pub gaps: Vec<String>,
    pub acknowledged_by_me: bool,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub acknowledgements: i64,
    /// Staff who have not yet acknowledged an approved strategic requirement.
    pub not_yet_acknowledged: Vec<String>,
    pub created_by: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct RequirementSummary {
    pub reference: String,
    pub kind: RequirementKind,
    pub title: String,
    pub operation: Option<String>,
    pub marking: Marking,
    pub state: String,
    pub review_due: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub questions: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub questions_answered: i64,
}

struct RequirementRow {
    id: i64,
    kind: RequirementKind,
    state: String,
}

async fn load_requirement(conn: &mut SqliteConnection, me: &UserInfo, reference: &str) -> CoreResult<RequirementRow> {
    let row: Option<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, kind, state, marking FROM requirements WHERE reference = ?")
            .bind(reference.trim())
            .fetch_optional(&mut *conn)
            .await?;
    let (id, kind, state, marking) = row.ok_or_else(|| CoreError::not_found(format!("no requirement '{reference}'")))?;
    if marking.parse::<Marking>()? > me.clearance {
        return Err(CoreError::not_found(format!("no requirement '{reference}'")));
    }
    Ok(RequirementRow { id, kind: kind.parse()?, state })
}

/// The current 3x5x2 grade of a report as the short label (e.g. `2BC`).
pub(crate) const GRADE_LABEL_SQL: &str =
    "(SELECT e.source_grade || e.intelligence_grade || coalesce(e.handling_code, '') FROM evaluations e \
     WHERE e.report_id = r.id AND e.scheme = '3x5x2' AND e.superseded_at IS NULL)";

impl Session {
    pub async fn draft_requirement(&self, r: NewRequirement) -> CoreResult<RequirementView> {
        let me = self.authorise(Action::ManageRequirements).await?;
        let title = text("the requirement's title", &r.title)?;
        let operation = optional_text(r.operation.as_deref());
        if r.kind == RequirementKind::Tactical && operation.is_none() {
            return Err(CoreError::invalid("a tactical requirement names the investigation or operation it serves"));
        }
        parse_date("the review date", &r.review_due)?;
        if r.questions.is_empty() {
            return Err(CoreError::invalid("a requirement is a set of questions: add at least one"));
        }
        if r.marking > me.clearance {
            return Err(CoreError::denied(format!("you are cleared to {} and cannot record {} material", me.clearance, r.marking)));
        }
        let mut tx = self.begin().await?;
        let known_keys: Vec<(String,)> = match current_version(&mut tx).await? {
            Some((vid, _)) => {
                sqlx::query_as("SELECT issue_key FROM control_strategy_issues WHERE version_id = ?").bind(vid).fetch_all(&mut *tx).await?
            }
            None => vec![],
        };
        for q in &r.questions {
            text("a question", &q.question)?;
            if let Some(k) = optional_text(q.issue_key.as_deref()) {
                if !known_keys.iter().any(|(known,)| *known == k) {
                    return Err(CoreError::invalid(format!(
                        "'{k}' is not an issue in the control strategy in force; link questions to its issues by key"
                    )));
                }
            }
        }
        let prefix = match r.kind {
            RequirementKind::Strategic => "SIR",
            RequirementKind::Tactical => "TIR",
        };
        let reference = next_reference(&mut tx, prefix).await?;
        let id = sqlx::query(
            "INSERT INTO requirements (reference, kind, title, operation, marking, state, review_due, created_by, created_at) \
             VALUES (?,?,?,?,?, 'draft', ?,?,?)",
        )
        .bind(&reference)
        .bind(r.kind.as_str())
        .bind(&title)
        .bind(&operation)
        .bind(r.marking.as_str())
        .bind(r.review_due.trim())
        .bind(me.id)
        .bind(crate::cycle::now())
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        for (i, q) in r.questions.iter().enumerate() {
            sqlx::query("INSERT INTO requirement_questions (requirement_id, position, question, issue_key) VALUES (?,?,?,?)")
                .bind(id)
                .bind(i as i64 + 1)
                .bind(q.question.trim())
                .bind(optional_text(q.issue_key.as_deref()))
                .execute(&mut *tx)
                .await?;
        }
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("requirement.draft", format!("requirement:{reference}"))
                .details(serde_json::json!({"kind": r.kind, "questions": r.questions.len(), "operation": operation})),
        )
        .await?;
        self.commit(tx, head).await?;
        self.requirement(&reference).await
    }

    /// Approves a requirement as a decision of a meeting: a strategic one at
    /// the ST&CG, published with the control strategy in force; a tactical
    /// one at the ST&CG or TT&CG.
    pub async fn approve_requirement(&self, reference: &str, meeting: &str, decision: NewDecision) -> CoreResult<RequirementView> {
        let me = self.authorise(Action::ApproveRequirement).await?;
        let decision = NewDecision { kind: DecisionKind::RequirementApproval, ..decision };
        let mut tx = self.begin().await?;
        let req = load_requirement(&mut tx, &me, reference).await?;
        if req.state != "draft" {
            return Err(CoreError::new(ErrorCode::Conflict, format!("{reference} is already {}", req.state)));
        }
        let m = load_meeting(&mut tx, &me, meeting).await?;
        let published_with = match req.kind {
            RequirementKind::Strategic => {
                if m.kind != MeetingKind::Stcg {
                    return Err(CoreError::new(
                        ErrorCode::IllegalTransition,
                        format!(
                            "{reference} is a strategic requirement: only the ST&CG approves it, and {meeting} is a {}",
                            m.kind.title()
                        ),
                    ));
                }
                let Some((vid, _)) = current_version(&mut tx).await? else {
                    return Err(CoreError::new(
                        ErrorCode::IllegalTransition,
                        "a strategic requirement is published with the control strategy: set the control strategy first",
                    ));
                };
                Some(vid)
            }
            RequirementKind::Tactical => None,
        };
        let decision_id = insert_decision(&mut tx, &me, &m, meeting, &decision).await?;
        sqlx::query("UPDATE requirements SET state = 'approved', approved_by = ?, approved_at = ?, published_with = ? WHERE id = ?")
            .bind(decision_id)
            .bind(crate::cycle::now())
            .bind(published_with)
            .bind(req.id)
            .execute(&mut *tx)
            .await?;
        audit::append(&mut tx, &me.username, decision_event(meeting, decision_id, &decision)).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("requirement.approve", format!("requirement:{reference}"))
                .reason(decision.rationale.trim())
                .details(serde_json::json!({"meeting": meeting, "decision": decision_id})),
        )
        .await?;
        self.commit(tx, head).await?;
        self.requirement(reference).await
    }

    /// Marks a report as answering one of an approved requirement's questions.
    pub async fn answer_requirement(&self, reference: &str, question_id: i64, report: &str, note: &str) -> CoreResult<RequirementView> {
        let me = self.authorise(Action::AnswerRequirement).await?;
        let mut tx = self.begin().await?;
        let req = load_requirement(&mut tx, &me, reference).await?;
        if req.state != "approved" {
            return Err(CoreError::new(
                ErrorCode::IllegalTransition,
                format!("{reference} is {}: only an approved requirement collects answers", req.state),
            ));
        }
        let q: Option<(i64,)> = sqlx::query_as("SELECT id FROM requirement_questions WHERE id = ? AND requirement_id = ?")
            .bind(question_id)
            .bind(req.id)
            .fetch_optional(&mut *tx)
            .await?;
        if q.is_none() {
            return Err(CoreError::not_found(format!("{reference} has no question {question_id}")));
        }
        let (report_id, _) = self.visible_report(&mut tx, &me, report).await?;
        let added = sqlx::query(
            "INSERT INTO requirement_answers (question_id, report_id, note, linked_by, linked_at) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING",
        )
        .bind(question_id)
        .bind(report_id)
        .bind(note.trim())
        .bind(me.id)
        .bind(crate::cycle::now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added == 0 {
            return Err(CoreError::new(ErrorCode::Conflict, format!("{report} is already marked as answering that question")));
        }
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("requirement.answer", format!("requirement:{reference}"))
                .details(serde_json::json!({"question": question_id, "report": report, "note": note.trim()})),
        )
        .await?;
        self.commit(tx, head).await?;
        self.requirement(reference).await
    }

    /// Records that the signed-in person has read an approved requirement
    /// (the strategic requirement is communicated to all staff).
    pub async fn acknowledge_requirement(&self, reference: &str) -> CoreResult<RequirementView> {
        let me = self.authorise(Action::RecordRead).await?;
        let mut tx = self.begin().await?;
        let req = load_requirement(&mut tx, &me, reference).await?;
        if req.state != "approved" {
            return Err(CoreError::new(ErrorCode::IllegalTransition, format!("{reference} is {}, not approved", req.state)));
        }
        let added = sqlx::query(
            "INSERT INTO requirement_acknowledgements (requirement_id, user_id, acknowledged_at) VALUES (?,?,?) ON CONFLICT DO NOTHING",
        )
        .bind(req.id)
        .bind(me.id)
        .bind(crate::cycle::now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if added > 0 {
            let head = audit::append(&mut tx, &me.username, AuditEvent::new("requirement.acknowledge", format!("requirement:{reference}")))
                .await?;
            self.commit(tx, head).await?;
        }
        self.requirement(reference).await
    }

    pub async fn requirement(&self, reference: &str) -> CoreResult<RequirementView> {
        let me = self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        let req = load_requirement(&mut conn, &me, reference).await?;
        type Row = (String, String, String, Option<String>, String, String, String, Option<i64>, Option<String>, Option<i64>, String);
        let (reference, kind, title, operation, marking, state, review_due, approved_by, approved_at, published_with, created_by): Row =
            sqlx::query_as(
                "SELECT q.reference, q.kind, q.title, q.operation, q.marking, q.state, q.review_due, q.approved_by, q.approved_at, \
                 (SELECT version FROM control_strategy_versions v WHERE v.id = q.published_with), u.username \
                 FROM requirements q JOIN users u ON u.id = q.created_by WHERE q.id = ?",
            )
            .bind(req.id)
            .fetch_one(&mut *conn)
            .await?;
        let questions: Vec<(i64, i64, String, Option<String>)> = sqlx::query_as(
            "SELECT id, position, question, issue_key FROM requirement_questions WHERE requirement_id = ? ORDER BY position",
        )
        .bind(req.id)
        .fetch_all(&mut *conn)
        .await?;
        let mut views = Vec::new();
        for (id, position, question, issue_key) in questions {
            type AnswerRow = (String, Option<String>, Option<String>, String, String, String);
            let answers: Vec<AnswerRow> = sqlx::query_as(crate::sqlf!(
                "SELECT r.reference, {GRADE_LABEL_SQL}, r.sanitised_text, a.note, u.username, a.linked_at FROM requirement_answers a \
                 JOIN reports r ON r.id = a.report_id JOIN users u ON u.id = a.linked_by \
                 WHERE a.question_id = ? AND r.marking IN ({}) ORDER BY a.linked_at",
                crate::cycle::search::marking_list(me.clearance)
            ))
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            views.push(QuestionView {
                id,
                position,
                question,
                issue_key,
                answers: answers
                    .into_iter()
                    .map(|(reference, grade, summary, note, linked_by, linked_at)| AnsweringReport {
                        reference,
                        grade,
                        summary,
                        note,
                        linked_by,
                        linked_at,
                    })
                    .collect(),
            });
        }
        let (acknowledgements,): (i64,) = sqlx::query_as("SELECT count(*) FROM requirement_acknowledgements WHERE requirement_id = ?")
            .bind(req.id)
            .fetch_one(&mut *conn)
            .await?;
        let (mine,): (i64,) = sqlx::query_as("SELECT count(*) FROM requirement_acknowledgements WHERE requirement_id = ? AND user_id = ?")
            .bind(req.id)
            .bind(me.id)
            .fetch_one(&mut *conn)
            .await?;
        let not_yet: Vec<(String,)> = if req.kind == RequirementKind::Strategic && state == "approved" {
            sqlx::query_as(
                "SELECT username FROM users WHERE locked_at IS NULL AND id NOT IN \
                 (SELECT user_id FROM requirement_acknowledgements WHERE requirement_id = ?) ORDER BY username",
            )
            .bind(req.id)
            .fetch_all(&mut *conn)
            .await?
        } else {
            vec![]
        };
        let gaps = views.iter().filter(|q| q.answers.is_empty()).map(|q| q.question.clone()).collect();
        let review_overdue = state == "approved" && parse_date("review date", &review_due).map(|d| d < super::today()).unwrap_or(false);
        Ok(RequirementView {
            reference,
            kind: kind.parse()?,
            title,
            operation,
            marking: marking.parse()?,
            state,
            review_due,
            review_overdue,
            approved_by_decision: approved_by,
            approved_at,
            published_with_version: published_with,
            questions_answered: views.iter().filter(|q| !q.answers.is_empty()).count() as i64,
            questions: views,
            gaps,
            acknowledged_by_me: mine > 0,
            acknowledgements,
            not_yet_acknowledged: not_yet.into_iter().map(|(u,)| u).collect(),
            created_by,
        })
    }

    pub async fn list_requirements(&self) -> CoreResult<Vec<RequirementSummary>> {
        let me = self.authorise(Action::RecordRead).await?;
        type Row = (String, String, String, Option<String>, String, String, String, i64, i64);
        let rows: Vec<Row> = sqlx::query_as(crate::sqlf!(
            "SELECT q.reference, q.kind, q.title, q.operation, q.marking, q.state, q.review_due, \
             (SELECT count(*) FROM requirement_questions x WHERE x.requirement_id = q.id), \
             (SELECT count(*) FROM requirement_questions x WHERE x.requirement_id = q.id AND EXISTS \
                (SELECT 1 FROM requirement_answers a JOIN reports r ON r.id = a.report_id WHERE a.question_id = x.id AND r.marking IN ({m}))) \
             FROM requirements q WHERE q.marking IN ({m}) ORDER BY q.kind, q.reference",
            m = crate::cycle::search::marking_list(me.clearance)
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(reference, kind, title, operation, marking, state, review_due, questions, questions_answered)| {
                Ok(RequirementSummary {
                    reference,
                    kind: kind.parse()?,
                    title,
                    operation,
                    marking: marking.parse()?,
                    state,
                    review_due,
                    questions,
                    questions_answered,
                })
            })
            .collect()
    }
}

//! The action manager: actions raised from decisions, each with an owner, a
//! due date, a status and results; overdue and due-soon views; and results
//! analysis of delivery against the control strategy's delivery plans.

use super::meetings::fetch_decision;
use super::{next_reference, optional_text, parse_date, text, today};
use crate::audit::{self, AuditEvent};
use crate::domain::governance::{ActionStatus, Strand};
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::Session;
use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewAction {
    pub title: String,
    pub strand: Strand,
    /// The control strategy issue whose delivery plan the action serves.
    pub issue_key: Option<String>,
    pub owner: String,
    /// YYYY-MM-DD
    pub due_on: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ActionUpdate {
    pub status: ActionStatus,
    pub note: String,
    pub result: String,
    pub updated_by: String,
    pub updated_at: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ActionView {
    pub reference: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub decision_id: i64,
    pub meeting: String,
    pub title: String,
    pub strand: Strand,
    pub issue_key: Option<String>,
    pub owner: String,
    pub due_on: String,
    pub status: ActionStatus,
    pub result: String,
    pub overdue: bool,
    pub created_by: String,
    pub updated_at: String,
    pub history: Vec<ActionUpdate>,
}

/// Which actions to list.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionFilter {
    All,
    Open,
    Overdue,
    /// Open and due within the next seven days (overdue ones included).
    DueSoon,
}

/// Delivery against one issue's plan, strand by strand.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct DeliveryResults {
    pub issue_key: Option<String>,
    pub issue_title: Option<String>,
    pub owner: Option<String>,
    pub delivery_plan: Option<String>,
    pub strand: Strand,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub total: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub done: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub open: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub overdue: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub cancelled: i64,
    /// The recorded results of the completed actions.
    pub results: Vec<String>,
}

type ActionRow = (String, i64, String, String, String, Option<String>, String, String, String, String, String, String);

const ACTION_SELECT: &str =
    "SELECT a.reference, a.decision_id, m.reference, a.title, a.strand, a.issue_key, a.owner, a.due_on, a.status, a.result, \
    u.username, a.updated_at FROM actions a JOIN meeting_decisions d ON d.id = a.decision_id JOIN meetings m ON m.id = d.meeting_id \
    JOIN users u ON u.id = a.created_by";

impl Session {
    /// Raises an action from a recorded decision.
    pub async fn raise_action(&self, decision_id: i64, a: NewAction) -> CoreResult<ActionView> {
        let me = self.authorise(Action::ManageActions).await?;
        let title = text("the action", &a.title)?;
        let owner = text("the action's owner", &a.owner)?;
        parse_date("the due date", &a.due_on)?;
        let mut tx = self.begin().await?;
        let decision = fetch_decision(&mut tx, &me, decision_id).await?;
        if decision.superseded_by.is_some() {
            return Err(CoreError::new(
                ErrorCode::IllegalTransition,
                format!("decision {decision_id} has been superseded; raise the action from the decision that replaced it"),
            ));
        }
        let reference = next_reference(&mut tx, "ACT").await?;
        let now = crate::cycle::now();
        sqlx::query(
            "INSERT INTO actions (reference, decision_id, title, strand, issue_key, owner, due_on, status, created_by, created_at, updated_at) \
             VALUES (?,?,?,?,?,?,?, 'open', ?,?,?)",
        )
        .bind(&reference)
        .bind(decision_id)
        .bind(&title)
        .bind(a.strand.as_str())
        .bind(optional_text(a.issue_key.as_deref()))
        .bind(&owner)
        .bind(a.due_on.trim())
        .bind(me.id)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("action.raise", format!("action:{reference}")).details(serde_json::json!({
                "decision": decision_id, "meeting": decision.meeting, "owner": owner, "due_on": a.due_on.trim(), "strand": a.strand,
            })),
        )
        .await?;
        self.commit(tx, head).await?;
        self.action(&reference).await
    }

    /// Records progress: a new status, a note, and (when done) the result.
    pub async fn update_action(&self, reference: &str, status: ActionStatus, note: &str, result: &str) -> CoreResult<ActionView> {
        let me = self.authorise(Action::ManageActions).await?;
        let note = text("a note on the update", note)?;
        let result = result.trim().to_owned();
        if status == ActionStatus::Done && result.is_empty() {
            return Err(CoreError::invalid("record the result of a completed action (what was done and its effect)"));
        }
        let mut tx = self.begin().await?;
        let row: Option<(i64, String, i64)> = sqlx::query_as("SELECT id, status, decision_id FROM actions WHERE reference = ?")
            .bind(reference.trim())
            .fetch_optional(&mut *tx)
            .await?;
        let (id, current, decision_id) = row.ok_or_else(|| CoreError::not_found(format!("no action '{reference}'")))?;
        fetch_decision(&mut tx, &me, decision_id).await?;
        let current: ActionStatus = current.parse()?;
        if current.is_closed() {
            return Err(CoreError::new(ErrorCode::IllegalTransition, format!("{reference} is {current}; a closed action cannot change")));
        }
        let now = crate::cycle::now();
        sqlx::query("UPDATE actions SET status = ?, result = CASE WHEN ? = '' THEN result ELSE ? END, updated_at = ? WHERE id = ?")
            .bind(status.as_str())
            .bind(&result)
            .bind(&result)
            .bind(&now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO action_updates (action_id, status, note, result, updated_by, updated_at) VALUES (?,?,?,?,?,?)")
            .bind(id)
            .bind(status.as_str())
            .bind(&note)
            .bind(&result)
            .bind(me.id)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("action.update", format!("action:{reference}"))
                .reason(&note)
                .details(serde_json::json!({"from": current, "to": status, "result": result})),
        )
        .await?;
        self.commit(tx, head).await?;
        self.action(reference).await
    }

    pub async fn action(&self, reference: &str) -> CoreResult<ActionView> {
        let me = self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        let row: Option<ActionRow> = sqlx::query_as(crate::sqlf!(
            "{ACTION_SELECT} WHERE a.reference = ? AND m.marking IN ({})",
            crate::cycle::search::marking_list(me.clearance)
        ))
        .bind(reference.trim())
        .fetch_optional(&mut *conn)
        .await?;
        let row = row.ok_or_else(|| CoreError::not_found(format!("no action '{reference}'")))?;
        let history: Vec<(String, String, String, String, String)> = sqlx::query_as(
            "SELECT h.status, h.note, h.result, u.username, h.updated_at FROM action_updates h JOIN users u ON u.id = h.updated_by \
             JOIN actions a ON a.id = h.action_id WHERE a.reference = ? ORDER BY h.id",
        )
        .bind(reference.trim())
        .fetch_all(&mut *conn)
        .await?;
        let mut view = action_view(row)?;
        view.history = history
            .into_iter()
            .map(|(status, note, result, updated_by, updated_at)| {
                Ok(ActionUpdate { status: status.parse()?, note, result, updated_by, updated_at })
            })
            .collect::<CoreResult<_>>()?;
        Ok(view)
    }

    pub async fn list_actions(&self, filter: ActionFilter) -> CoreResult<Vec<ActionView>> {
        let me = self.authorise(Action::RecordRead).await?;
        let today = today();
        let soon = today + chrono::Duration::days(7);
        let condition = match filter {
            ActionFilter::All => "1 = 1",
            ActionFilter::Open => "a.status IN ('open','in-progress')",
            ActionFilter::Overdue => "a.status IN ('open','in-progress') AND a.due_on < ?1",
            ActionFilter::DueSoon => "a.status IN ('open','in-progress') AND a.due_on <= ?2",
        };
        let rows: Vec<ActionRow> = sqlx::query_as(crate::sqlf!(
            "{ACTION_SELECT} WHERE m.marking IN ({}) AND {condition} AND ?1 = ?1 AND ?2 = ?2 ORDER BY a.due_on, a.reference",
            crate::cycle::search::marking_list(me.clearance)
        ))
        .bind(today.to_string())
        .bind(soon.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(action_view).collect()
    }

    /// Results analysis: for each issue of the control strategy in force
    /// (and for actions tied to none), what was planned and what was done.
    pub async fn results_analysis(&self) -> CoreResult<Vec<DeliveryResults>> {
        let all = self.list_actions(ActionFilter::All).await?;
        let mut conn = self.pool.acquire().await?;
        let issues: Vec<(String, String, Option<String>, Option<String>)> = match super::strategy::current_version(&mut conn).await? {
            Some((vid, _)) => {
                sqlx::query_as(
                    "SELECT issue_key, title, owner, delivery_plan FROM control_strategy_issues WHERE version_id = ? ORDER BY position",
                )
                .bind(vid)
                .fetch_all(&mut *conn)
                .await?
            }
            None => vec![],
        };
        let mut groups: std::collections::BTreeMap<(usize, Option<String>, Strand), DeliveryResults> = Default::default();
        for a in &all {
            let found = a.issue_key.as_ref().and_then(|k| issues.iter().position(|i| &i.0 == k));
            let order = found.unwrap_or(usize::MAX);
            let issue = found.map(|i| &issues[i]);
            let g = groups.entry((order, a.issue_key.clone(), a.strand)).or_insert_with(|| DeliveryResults {
                issue_key: a.issue_key.clone(),
                issue_title: issue.map(|i| i.1.clone()),
                owner: issue.and_then(|i| i.2.clone()),
                delivery_plan: issue.and_then(|i| i.3.clone()),
                strand: a.strand,
                total: 0,
                done: 0,
                open: 0,
                overdue: 0,
                cancelled: 0,
                results: vec![],
            });
            g.total += 1;
            match a.status {
                ActionStatus::Done => {
                    g.done += 1;
                    g.results.push(format!("{}: {}", a.reference, a.result));
                }
                ActionStatus::Cancelled => g.cancelled += 1,
                ActionStatus::Open | ActionStatus::InProgress => {
                    g.open += 1;
                    if a.overdue {
                        g.overdue += 1;
                    }
                }
            }
        }
        Ok(groups.into_values().collect())
    }
}

fn action_view(r: ActionRow) -> CoreResult<ActionView> {
    let (reference, decision_id, meeting, title, strand, issue_key, owner, due_on, status, result, created_by, updated_at) = r;
    let status: ActionStatus = status.parse()?;
    let overdue = !status.is_closed() && parse_date("due date", &due_on).map(|d| d < today()).unwrap_or(false);
    Ok(ActionView {
        reference,
        decision_id,
        meeting,
        title,
        strand: strand.parse()?,
        issue_key,
        owner,
        due_on,
        status,
        result,
        overdue,
        created_by,
        updated_at,
        history: vec![],
    })
}

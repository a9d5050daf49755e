//! The control strategy: the operational priorities for prevention,
//! intelligence, enforcement and reassurance. It is set and amended only by a
//! decision of the ST&CG, recorded with the new version in one transaction;
//! every version is kept, and each issue considered records why it is, or is
//! not, a priority, with an owner and a delivery plan for those that are.

use super::meetings::{decision_event, insert_decision, load_meeting, NewDecision};
use super::{optional_text, text};
use crate::audit;
use crate::domain::governance::{DecisionKind, MeetingKind, Strand};
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::Session;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategyIssue {
    /// A stable key for the issue across versions (e.g. `county-lines`);
    /// requirements and actions refer to priorities by it.
    pub key: String,
    pub title: String,
    pub is_priority: bool,
    /// Why it is, or is not, a priority: the prioritisation's justification.
    pub reason: String,
    pub owner: Option<String>,
    pub delivery_plan: Option<String>,
    pub strands: Vec<Strand>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewStrategy {
    pub summary: String,
    pub issues: Vec<StrategyIssue>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ControlStrategy {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub version: i64,
    pub summary: String,
    /// The ST&CG meeting and decision that set this version.
    pub meeting: String,
    pub held_on: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub decision_id: i64,
    pub rationale: String,
    pub decision_maker: String,
    pub set_by: String,
    pub set_at: String,
    pub issues: Vec<StrategyIssue>,
}

fn key_ok(k: &str) -> bool {
    !k.is_empty() && k.len() <= 64 && k.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn check_strategy(s: &NewStrategy) -> CoreResult<()> {
    text("the control strategy's summary", &s.summary)?;
    if !s.issues.iter().any(|i| i.is_priority) {
        return Err(CoreError::invalid("a control strategy needs at least one priority"));
    }
    let mut keys = std::collections::HashSet::new();
    for i in &s.issues {
        let title = text("an issue's title", &i.title)?;
        if !key_ok(&i.key) {
            return Err(CoreError::invalid(format!(
                "'{}' is not a usable key for {title}: use lower-case letters, digits and '-', e.g. county-lines",
                i.key
            )));
        }
        if !keys.insert(i.key.as_str()) {
            return Err(CoreError::invalid(format!("the key '{}' is used twice", i.key)));
        }
        text(&format!("the reason {title} is{} a priority", if i.is_priority { "" } else { " not" }), &i.reason)?;
        if i.is_priority {
            if optional_text(i.owner.as_deref()).is_none() {
                return Err(CoreError::invalid(format!("the priority {title} needs an owner responsible for its delivery plan")));
            }
            if optional_text(i.delivery_plan.as_deref()).is_none() {
                return Err(CoreError::invalid(format!("the priority {title} needs a delivery plan")));
            }
            if i.strands.is_empty() {
                return Err(CoreError::invalid(format!(
                    "the priority {title} needs at least one strand: prevention, intelligence, enforcement or reassurance"
                )));
            }
        }
    }
    Ok(())
}

type IssueRow = (String, String, i64, String, Option<String>, Option<String>, i64, i64, i64, i64);

async fn load_issues(conn: &mut SqliteConnection, version_id: i64) -> CoreResult<Vec<StrategyIssue>> {
    let rows: Vec<IssueRow> = sqlx::query_as(
        "SELECT issue_key, title, is_priority, reason, owner, delivery_plan, prevention, intelligence, enforcement, reassurance \
         FROM control_strategy_issues WHERE version_id = ? ORDER BY position",
    )
    .bind(version_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(key, title, p, reason, owner, delivery_plan, pr, int, enf, rea)| {
            let strands = [(pr, Strand::Prevention), (int, Strand::Intelligence), (enf, Strand::Enforcement), (rea, Strand::Reassurance)]
                .into_iter()
                .filter(|(on, _)| *on == 1)
                .map(|(_, s)| s)
                .collect();
            StrategyIssue { key, title, is_priority: p == 1, reason, owner, delivery_plan, strands }
        })
        .collect())
}

/// The id and number of the version in force, if any.
pub(crate) async fn current_version(conn: &mut SqliteConnection) -> CoreResult<Option<(i64, i64)>> {
    Ok(sqlx::query_as("SELECT id, version FROM control_strategy_versions ORDER BY version DESC LIMIT 1").fetch_optional(conn).await?)
}

async fn load_version(conn: &mut SqliteConnection, where_sql: &str, arg: i64) -> CoreResult<Option<ControlStrategy>> {
    type Row = (i64, i64, String, String, String, i64, String, String, String, String);
    let row: Option<Row> = sqlx::query_as(crate::sqlf!(
        "SELECT v.id, v.version, v.summary, m.reference, m.held_on, d.id, d.rationale, d.decision_maker, u.username, v.created_at \
         FROM control_strategy_versions v JOIN meeting_decisions d ON d.id = v.decision_id JOIN meetings m ON m.id = d.meeting_id \
         JOIN users u ON u.id = v.created_by {where_sql}"
    ))
    .bind(arg)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((id, version, summary, meeting, held_on, decision_id, rationale, decision_maker, set_by, set_at)) = row else {
        return Ok(None);
    };
    let issues = load_issues(conn, id).await?;
    Ok(Some(ControlStrategy { version, summary, meeting, held_on, decision_id, rationale, decision_maker, set_by, set_at, issues }))
}

impl Session {
    /// Sets (or amends) the control strategy as a decision of an ST&CG
    /// meeting that is not yet signed off. Decision and version are one
    /// transaction: there is never a version without the decision behind it.
    pub async fn set_control_strategy(&self, meeting: &str, decision: NewDecision, strategy: NewStrategy) -> CoreResult<ControlStrategy> {
        let me = self.authorise(Action::SetControlStrategy).await?;
        let decision = NewDecision { kind: DecisionKind::ControlStrategy, ..decision };
        check_strategy(&strategy)?;
        let mut tx = self.begin().await?;
        let m = load_meeting(&mut tx, &me, meeting).await?;
        if m.kind != MeetingKind::Stcg {
            return Err(CoreError::new(
                ErrorCode::IllegalTransition,
                format!(
                    "{meeting} is a {} meeting: only the ST&CG sets or amends the control strategy, so record it at an ST&CG meeting",
                    m.kind.title()
                ),
            ));
        }
        let decision_id = insert_decision(&mut tx, &me, &m, meeting, &decision).await?;
        let version = current_version(&mut tx).await?.map(|(_, v)| v).unwrap_or(0) + 1;
        let now = crate::cycle::now();
        let version_id =
            sqlx::query("INSERT INTO control_strategy_versions (version, decision_id, summary, created_by, created_at) VALUES (?,?,?,?,?)")
                .bind(version)
                .bind(decision_id)
                .bind(strategy.summary.trim())
                .bind(me.id)
                .bind(&now)
                .execute(&mut *tx)
                .await?
                .last_insert_rowid();
        for (pos, i) in strategy.issues.iter().enumerate() {
            let has = |s: Strand| i.strands.contains(&s) as i64;
            sqlx::query(
                "INSERT INTO control_strategy_issues (version_id, position, issue_key, title, is_priority, reason, owner, delivery_plan, \
                 prevention, intelligence, enforcement, reassurance) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            )
            .bind(version_id)
            .bind(pos as i64 + 1)
            .bind(&i.key)
            .bind(i.title.trim())
            .bind(i.is_priority as i64)
            .bind(i.reason.trim())
            .bind(optional_text(i.owner.as_deref()))
            .bind(optional_text(i.delivery_plan.as_deref()))
            .bind(has(Strand::Prevention))
            .bind(has(Strand::Intelligence))
            .bind(has(Strand::Enforcement))
            .bind(has(Strand::Reassurance))
            .execute(&mut *tx)
            .await?;
        }
        audit::append(&mut tx, &me.username, decision_event(meeting, decision_id, &decision)).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            audit::AuditEvent::new("control-strategy.set", format!("control-strategy:v{version}"))
                .reason(decision.rationale.trim())
                .details(serde_json::json!({
                    "meeting": meeting, "decision": decision_id,
                    "priorities": strategy.issues.iter().filter(|i| i.is_priority).map(|i| &i.key).collect::<Vec<_>>(),
                    "not_priorities": strategy.issues.iter().filter(|i| !i.is_priority).map(|i| &i.key).collect::<Vec<_>>(),
                })),
        )
        .await?;
        let view =
            load_version(&mut tx, "WHERE v.id = ?", version_id).await?.ok_or_else(|| CoreError::internal("the new version vanished"))?;
        self.commit(tx, head).await?;
        Ok(view)
    }

    /// The version in force, or a given version.
    pub async fn control_strategy(&self, version: Option<i64>) -> CoreResult<Option<ControlStrategy>> {
        self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        match version {
            Some(v) => {
                let found = load_version(&mut conn, "WHERE v.version = ?", v).await?;
                found.map(Some).ok_or_else(|| CoreError::not_found(format!("no control strategy version {v}")))
            }
            None => load_version(&mut conn, "WHERE v.version = (SELECT max(version) FROM control_strategy_versions) AND ? = 0", 0).await,
        }
    }

    /// Every version, newest first.
    pub async fn control_strategy_history(&self) -> CoreResult<Vec<ControlStrategy>> {
        self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        let versions: Vec<(i64,)> =
            sqlx::query_as("SELECT id FROM control_strategy_versions ORDER BY version DESC").fetch_all(&mut *conn).await?;
        let mut out = Vec::new();
        for (id,) in versions {
            if let Some(v) = load_version(&mut conn, "WHERE v.id = ?", id).await? {
                out.push(v);
            }
        }
        Ok(out)
    }
}

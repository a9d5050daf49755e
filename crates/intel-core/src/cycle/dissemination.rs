//! Dissemination to a named recipient with a purpose. Only the sanitised
//! wording leaves. Code P may be released by the officer; code C needs the
//! conditions acknowledged and a manager's authorisation (not the requester's own).

use super::status::move_status;
use crate::audit::{self, AuditEvent};
use crate::domain::permission::Action;
use crate::domain::status::Status;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::{Session, UserInfo};
use serde::Serialize;
use sqlx::SqliteConnection;

#[derive(Debug, Clone)]
pub struct DisseminationRequest {
    pub recipient: String,
    pub purpose: String,
    pub conditions_acknowledged: bool,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Dissemination {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    pub reference: String,
    pub recipient: String,
    pub purpose: String,
    pub handling_code: String,
    pub conditions: Option<String>,
    pub state: String,
    pub requested_by: String,
    pub requested_at: String,
    pub authorised_by: Option<String>,
    pub authorised_at: Option<String>,
    pub decision_note: Option<String>,
    pub released_text: Option<String>,
    pub released_at: Option<String>,
}

pub(crate) const DISSEMINATION_SELECT: &str = "SELECT d.id, r.reference, d.recipient, d.purpose, d.handling_code, d.conditions, d.state, \
    COALESCE(d.origin_requested_by, ru.username) AS requested_by, d.requested_at, COALESCE(d.origin_authorised_by, au.username) AS authorised_by, d.authorised_at, d.decision_note, d.released_text, d.released_at \
    FROM disseminations d JOIN reports r ON r.id = d.report_id JOIN users ru ON ru.id = d.requested_by LEFT JOIN users au ON au.id = d.authorised_by";

struct Releasable {
    handling: String,
    conditions: Option<String>,
    sanitised: String,
}

async fn releasable(conn: &mut SqliteConnection, report_id: i64, reference: &str) -> CoreResult<Releasable> {
    let ev: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT handling_code, conditions FROM evaluations WHERE report_id = ? AND scheme = '3x5x2' AND superseded_at IS NULL",
    )
    .bind(report_id)
    .fetch_optional(&mut *conn)
    .await?;
    let (handling, conditions) = ev.ok_or_else(|| {
        CoreError::new(
            ErrorCode::IllegalTransition,
            format!("{reference} has not been evaluated with 3x5x2; evaluate it before dissemination"),
        )
    })?;
    let (sanitised,): (Option<String>,) =
        sqlx::query_as("SELECT sanitised_text FROM reports WHERE id = ?").bind(report_id).fetch_one(&mut *conn).await?;
    let sanitised = sanitised.ok_or_else(|| {
        CoreError::new(
            ErrorCode::IllegalTransition,
            format!("{reference} has no sanitised text; sanitise it before dissemination (only sanitised text leaves the unit)"),
        )
    })?;
    Ok(Releasable { handling, conditions, sanitised })
}

async fn release(conn: &mut SqliteConnection, dissemination_id: i64, report_id: i64, text: &str, user: &UserInfo) -> CoreResult<()> {
    sqlx::query("UPDATE disseminations SET state = 'released', released_text = ?, released_at = ? WHERE id = ?")
        .bind(text)
        .bind(super::now())
        .bind(dissemination_id)
        .execute(&mut *conn)
        .await?;
    let (status,): (String,) = sqlx::query_as("SELECT status FROM reports WHERE id = ?").bind(report_id).fetch_one(&mut *conn).await?;
    let status: Status = status.parse()?;
    if status != Status::Disseminated {
        move_status(conn, report_id, status, Status::Disseminated, user, "disseminated").await?;
    }
    Ok(())
}

/// Exactly what would leave if the report were disseminated now.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ReleasePreview {
    pub reference: String,
    pub marking: String,
    pub handling_code: String,
    pub conditions: Option<String>,
    pub released_text: String,
}

impl Session {
    /// What a dissemination would release: the current sanitised wording with
    /// its handling code and conditions. Fails, as `disseminate` would, when
    /// the report is not evaluated or not sanitised.
    pub async fn dissemination_preview(&self, reference: &str) -> CoreResult<ReleasePreview> {
        let me = self.authorise(Action::RequestDissemination).await?;
        let mut conn = self.pool.acquire().await?;
        let (id, _) = self.visible_report(&mut conn, &me, reference).await?;
        let r = releasable(&mut conn, id, reference).await?;
        let (marking,): (String,) = sqlx::query_as("SELECT marking FROM reports WHERE id = ?").bind(id).fetch_one(&mut *conn).await?;
        Ok(ReleasePreview {
            reference: reference.to_owned(),
            marking,
            handling_code: r.handling,
            conditions: r.conditions,
            released_text: r.sanitised,
        })
    }

    /// Releases a code P report at once, or records a code C request that
    /// waits for a manager's authorisation. Returns the dissemination.
    pub async fn disseminate(&self, reference: &str, req: DisseminationRequest) -> CoreResult<Dissemination> {
        let me = self.authorise(Action::RequestDissemination).await?;
        super::required("the recipient", &req.recipient)?;
        super::required("the purpose of the dissemination", &req.purpose)?;
        let mut tx = self.begin().await?;
        let (id, status) = self.visible_report(&mut tx, &me, reference).await?;
        if !(status == Status::Disseminated || status.can_move_to(Status::Disseminated)) {
            return Err(CoreError::new(ErrorCode::IllegalTransition, format!("a {status} report cannot be disseminated")));
        }
        let r = releasable(&mut tx, id, reference).await?;
        let code_c = r.handling == "C";
        if code_c && !req.conditions_acknowledged {
            return Err(CoreError::invalid(format!(
                "{reference} has handling code C: acknowledge its conditions before requesting dissemination. Conditions: {}",
                r.conditions.as_deref().unwrap_or("")
            )));
        }
        let state = if code_c { "awaiting-authorisation" } else { "released" };
        let did = sqlx::query(
            "INSERT INTO disseminations (report_id, recipient, purpose, handling_code, conditions, conditions_acknowledged, state, requested_by, requested_at) \
             VALUES (?,?,?,?,?,?, 'awaiting-authorisation', ?, ?)",
        )
        .bind(id)
        .bind(req.recipient.trim())
        .bind(req.purpose.trim())
        .bind(&r.handling)
        .bind(&r.conditions)
        .bind(req.conditions_acknowledged as i64)
        .bind(me.id)
        .bind(super::now())
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        if !code_c {
            release(&mut tx, did, id, &r.sanitised, &me).await?;
        }
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new(if code_c { "dissemination.request" } else { "dissemination.release" }, format!("report:{reference}"))
                .reason(req.purpose.trim())
                .details(
                    serde_json::json!({"dissemination": did, "recipient": req.recipient.trim(), "handling": r.handling, "state": state}),
                ),
        )
        .await?;
        let d = fetch_dissemination(&mut tx, did).await?;
        self.commit(tx, head).await?;
        Ok(d)
    }

    /// A manager authorises (releasing the current sanitised text) or refuses.
    pub async fn decide_dissemination(&self, dissemination_id: i64, approve: bool, note: &str) -> CoreResult<Dissemination> {
        let me = self.authorise(Action::AuthoriseDissemination).await?;
        super::required("a note on the decision", note)?;
        let mut tx = self.begin().await?;
        let row: Option<(i64, String, i64, String)> =
            sqlx::query_as("SELECT d.report_id, d.state, d.requested_by, r.reference FROM disseminations d JOIN reports r ON r.id = d.report_id WHERE d.id = ?")
                .bind(dissemination_id)
                .fetch_optional(&mut *tx)
                .await?;
        let (report_id, state, requested_by, reference) =
            row.ok_or_else(|| CoreError::not_found(format!("no dissemination {dissemination_id}")))?;
        self.visible_report(&mut tx, &me, &reference).await?;
        if state != "awaiting-authorisation" {
            return Err(CoreError::new(ErrorCode::Conflict, format!("dissemination {dissemination_id} is already {state}")));
        }
        if requested_by == me.id {
            return Err(CoreError::denied("you requested this dissemination; another manager must authorise it"));
        }
        sqlx::query("UPDATE disseminations SET authorised_by = ?, authorised_at = ?, decision_note = ?, state = ? WHERE id = ?")
            .bind(me.id)
            .bind(super::now())
            .bind(note.trim())
            .bind(if approve { "awaiting-authorisation" } else { "refused" })
            .bind(dissemination_id)
            .execute(&mut *tx)
            .await?;
        if approve {
            let r = releasable(&mut tx, report_id, &reference).await?;
            release(&mut tx, dissemination_id, report_id, &r.sanitised, &me).await?;
        }
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new(if approve { "dissemination.authorise" } else { "dissemination.refuse" }, format!("report:{reference}"))
                .reason(note.trim())
                .details(serde_json::json!({"dissemination": dissemination_id})),
        )
        .await?;
        let d = fetch_dissemination(&mut tx, dissemination_id).await?;
        self.commit(tx, head).await?;
        Ok(d)
    }

    pub async fn disseminations_awaiting_authorisation(&self) -> CoreResult<Vec<Dissemination>> {
        let me = self.authorise(Action::AuthoriseDissemination).await?;
        let rows: Vec<Dissemination> = sqlx::query_as(crate::sqlf!(
            "{DISSEMINATION_SELECT} WHERE d.state = 'awaiting-authorisation' AND r.marking IN ({}) ORDER BY d.requested_at",
            crate::cycle::search::marking_list(me.clearance)
        ))
        .fetch_all(&self.pool)
        .await?;
        Ok(rows)
    }
}

pub(crate) async fn fetch_dissemination(conn: &mut SqliteConnection, id: i64) -> CoreResult<Dissemination> {
    Ok(sqlx::query_as(crate::sqlf!("{DISSEMINATION_SELECT} WHERE d.id = ?")).bind(id).fetch_one(conn).await?)
}

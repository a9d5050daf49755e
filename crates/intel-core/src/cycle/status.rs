//! Moving a report through the cycle. Evaluation and dissemination have their
//! own operations; this covers the other moves, each with who, when and why.

use crate::audit::{self, AuditEvent};
use crate::domain::permission::Action;
use crate::domain::status::Status;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::{Session, UserInfo};
use sqlx::SqliteConnection;

pub(crate) async fn move_status(
    conn: &mut SqliteConnection,
    report_id: i64,
    from: Status,
    to: Status,
    user: &UserInfo,
    reason: &str,
) -> CoreResult<()> {
    if !from.can_move_to(to) {
        return Err(CoreError::new(ErrorCode::IllegalTransition, format!("a report cannot move from {from} to {to}")));
    }
    sqlx::query("UPDATE reports SET status = ? WHERE id = ?").bind(to.as_str()).bind(report_id).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO status_history (report_id, from_status, to_status, changed_by, changed_at, reason) VALUES (?,?,?,?,?,?)")
        .bind(report_id)
        .bind(from.as_str())
        .bind(to.as_str())
        .bind(user.id)
        .bind(super::now())
        .bind(reason)
        .execute(conn)
        .await?;
    Ok(())
}

impl Session {
    pub async fn change_status(&self, reference: &str, to: Status, reason: &str) -> CoreResult<()> {
        let me = self.authorise(Action::ChangeStatus).await?;
        super::required("a reason for the change", reason)?;
        match to {
            Status::Evaluated => return Err(CoreError::new(ErrorCode::IllegalTransition, "a report becomes evaluated by evaluating it")),
            Status::Disseminated => {
                return Err(CoreError::new(ErrorCode::IllegalTransition, "a report becomes disseminated by disseminating it"))
            }
            _ => {}
        }
        let mut tx = self.begin().await?;
        let (id, from) = self.visible_report(&mut tx, &me, reference).await?;
        move_status(&mut tx, id, from, to, &me, reason).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("report.status", format!("report:{reference}"))
                .reason(reason)
                .details(serde_json::json!({"from": from, "to": to})),
        )
        .await?;
        self.commit(tx, head).await
    }
}

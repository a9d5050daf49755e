//! The outbox: bundles queued for the gateway, their delivery attempts and
//! receipts, and the sync bookkeeping the desktop app shows.

use super::types::{BundleKind, OutboxItem, OutboxState, SyncError, SyncState};
use crate::audit::{self, AuditEvent};
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::meta;
use crate::session::Session;
use intel_protocol::SignedReceipt;
use sqlx::SqliteConnection;

const LAST_SYNC_AT: &str = "sync_last_at";
const LAST_SYNC_ERROR: &str = "sync_last_error";

type OutboxRow = (String, i64, String, String, i64, String, i64, Option<String>, Option<String>, String, String);

const OUTBOX_SELECT: &str =
    "SELECT o.bundle_id, b.sequence, b.kind, b.created_at, b.report_count, o.state, o.attempts, o.last_error, o.sent_at, \
    b.recipients, b.marking FROM outbox o JOIN bundle_exports b ON b.bundle_id = o.bundle_id";

fn item(row: OutboxRow) -> CoreResult<OutboxItem> {
    let (bundle_id, sequence, kind, created_at, report_count, state, attempts, last_error, sent_at, recipients, marking) = row;
    Ok(OutboxItem {
        bundle_id,
        sequence,
        kind: kind.parse::<BundleKind>()?,
        created_at,
        report_count,
        state: match state.as_str() {
            "sent" => OutboxState::Sent,
            "failed" => OutboxState::Failed,
            _ => OutboxState::Pending,
        },
        attempts,
        last_error,
        sent_at,
        recipients: serde_json::from_str(&recipients).unwrap_or_default(),
        marking: marking.parse()?,
    })
}

pub(crate) async fn outbox_item(conn: &mut SqliteConnection, bundle_id: &str) -> CoreResult<OutboxItem> {
    let row: Option<OutboxRow> =
        sqlx::query_as(crate::sqlf!("{OUTBOX_SELECT} WHERE o.bundle_id = ?")).bind(bundle_id).fetch_optional(conn).await?;
    item(row.ok_or_else(|| CoreError::not_found(format!("no bundle '{bundle_id}' in the outbox")))?)
}

impl Session {
    /// Everything queued for the gateway, newest first.
    pub async fn list_outbox(&self) -> CoreResult<Vec<OutboxItem>> {
        self.authorise(Action::RecordRead).await?;
        let rows: Vec<OutboxRow> = sqlx::query_as(crate::sqlf!("{OUTBOX_SELECT} ORDER BY b.sequence DESC")).fetch_all(&self.pool).await?;
        rows.into_iter().map(item).collect()
    }

    /// Bundles not yet acknowledged by the gateway, oldest first (the order they were made).
    pub async fn pending_bundles(&self) -> CoreResult<Vec<(String, Vec<u8>)>> {
        self.authorise(Action::Sync).await?;
        Ok(sqlx::query_as(
            "SELECT o.bundle_id, o.bytes FROM outbox o JOIN bundle_exports b ON b.bundle_id = o.bundle_id WHERE o.state <> 'sent' ORDER BY b.sequence",
        )
        .fetch_all(&self.pool)
        .await?)
    }

    /// Marks a bundle delivered once the gateway's signed receipt checks out:
    /// signed by the trusted gateway, naming this bundle, its hash and this
    /// workstation. Recording the same delivery twice changes nothing.
    pub async fn record_delivery(&self, bundle_id: &str, receipt: SignedReceipt) -> CoreResult<()> {
        let me = self.authorise(Action::Sync).await?;
        let mut tx = self.begin().await?;
        let row: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT o.state, b.sha256, b.sequence FROM outbox o JOIN bundle_exports b ON b.bundle_id = o.bundle_id WHERE o.bundle_id = ?",
        )
        .bind(bundle_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (state, sha256, sequence) = row.ok_or_else(|| CoreError::not_found(format!("no bundle '{bundle_id}' in the outbox")))?;
        if state == "sent" {
            return Ok(());
        }
        let gateway_keys: Vec<(String, String)> = sqlx::query_as(
            "SELECT p.peer_id, k.signing_public FROM peers p JOIN peer_keys k ON k.peer_id = p.peer_id \
             WHERE p.kind = 'gateway' AND p.status = 'active' ORDER BY k.retired_at IS NULL DESC",
        )
        .fetch_all(&mut *tx)
        .await?;
        let refused = |m: String| CoreError::new(ErrorCode::GatewayRefused, m);
        let r = gateway_keys.iter().find_map(|(_, key)| receipt.verify(key).ok()).ok_or_else(|| {
            refused(
                "the gateway's receipt is not signed by the trusted gateway key; the bundle stays in the outbox and will be sent again"
                    .into(),
            )
        })?;
        let workstation = super::identity::workstation_id(&mut tx).await?;
        if r.bundle_id != bundle_id || r.bundle_sha256 != sha256 || r.sender_id != workstation || r.sequence != sequence as u64 {
            return Err(refused(format!(
                "the gateway's receipt does not match bundle {bundle_id} (id, hash, sender or sequence differ); the bundle stays in the outbox"
            )));
        }
        let receipt_text = serde_json::to_string(&receipt).map_err(|e| CoreError::internal(e.to_string()))?;
        sqlx::query("UPDATE outbox SET state = 'sent', sent_at = ?, receipt = ?, last_error = NULL, bytes = x'' WHERE bundle_id = ?")
            .bind(crate::cycle::now())
            .bind(&receipt_text)
            .bind(bundle_id)
            .execute(&mut *tx)
            .await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("bundle.delivered", format!("bundle:{bundle_id}"))
                .details(serde_json::json!({"gateway": r.gateway_id, "received_at": r.received_at, "sequence": sequence})),
        )
        .await?;
        self.commit(tx, head).await
    }

    /// Counts a failed attempt; the bundle stays queued.
    pub async fn record_delivery_failure(&self, bundle_id: &str, message: &str) -> CoreResult<()> {
        self.authorise(Action::Sync).await?;
        let n = sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = ?, state = 'failed' WHERE bundle_id = ? AND state <> 'sent'",
        )
        .bind(message)
        .bind(bundle_id)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if n == 0 {
            let known: Option<(String,)> =
                sqlx::query_as("SELECT state FROM outbox WHERE bundle_id = ?").bind(bundle_id).fetch_optional(&self.pool).await?;
            if known.is_none() {
                return Err(CoreError::not_found(format!("no bundle '{bundle_id}' in the outbox")));
            }
        }
        Ok(())
    }

    pub async fn sync_state(&self) -> CoreResult<SyncState> {
        self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        let last_sync_at = meta::get(&mut conn, LAST_SYNC_AT).await?;
        let last_error = meta::get(&mut conn, LAST_SYNC_ERROR).await?.and_then(|s| serde_json::from_str::<SyncError>(&s).ok());
        Ok(SyncState { last_sync_at, last_error })
    }

    /// Records the outcome of a sync run: success moves `last_sync_at` and
    /// clears the error; failure keeps the last success and stores the error.
    pub async fn record_sync(&self, ok: bool, error: Option<(String, String)>) -> CoreResult<()> {
        self.authorise(Action::Sync).await?;
        let mut tx = self.begin().await?;
        if ok {
            meta::set(&mut tx, LAST_SYNC_AT, &crate::cycle::now()).await?;
            sqlx::query("DELETE FROM store_meta WHERE key = ?").bind(LAST_SYNC_ERROR).execute(&mut *tx).await?;
        } else {
            let (code, message) = error.unwrap_or_else(|| ("gateway-unreachable".into(), "the sync did not complete".into()));
            let text = serde_json::to_string(&SyncError { code, message }).map_err(|e| CoreError::internal(e.to_string()))?;
            meta::set(&mut tx, LAST_SYNC_ERROR, &text).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

//! Bundles waiting for workstations to pull: tasking packages the gateway made
//! and uploaded bundles addressed to other enrolled workstations.

use super::{format_time, parse_time, Store};
use crate::error::GatewayError;
use chrono::Utc;
use intel_protocol::OutboundItem;
use sqlx::Row;

#[allow(clippy::too_many_arguments)]
pub(super) async fn queue_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    bundle_id: &str,
    sha256: &str,
    bytes: &[u8],
    kind: &str,
    sender_id: &str,
    created_at: &str,
    workstations: &[String],
) -> Result<(), GatewayError> {
    sqlx::query(
        "INSERT INTO outbound_bundles (bundle_id, sha256, size, kind, sender_id, created_at, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(bundle_id)
    .bind(sha256)
    .bind(bytes.len() as i64)
    .bind(kind)
    .bind(sender_id)
    .bind(created_at)
    .bind(bytes)
    .execute(&mut **tx)
    .await
    .map_err(GatewayError::storage("queue outbound bundle"))?;
    for ws in workstations {
        sqlx::query("INSERT INTO outbound (bundle_id, workstation_id, queued_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
            .bind(bundle_id)
            .bind(ws)
            .bind(created_at)
            .execute(&mut **tx)
            .await
            .map_err(GatewayError::storage("address outbound bundle"))?;
    }
    Ok(())
}

impl Store {
    pub async fn queue_outbound(
        &self,
        bundle_id: &str,
        bytes: &[u8],
        kind: &str,
        sender_id: &str,
        workstations: &[String],
    ) -> Result<(), GatewayError> {
        let mut tx = self.pool().begin().await.map_err(GatewayError::storage("begin outbound"))?;
        let now = format_time(Utc::now());
        queue_in(&mut tx, bundle_id, &intel_bundle::sha256_hex(bytes), bytes, kind, sender_id, &now, workstations).await?;
        tx.commit().await.map_err(GatewayError::storage("commit outbound"))
    }

    pub async fn pending_outbound(&self, workstation_id: &str) -> Result<Vec<OutboundItem>, GatewayError> {
        let rows = sqlx::query(
            "SELECT b.bundle_id, b.sha256, b.size, b.kind, b.sender_id, b.created_at FROM outbound o \
             JOIN outbound_bundles b ON b.bundle_id = o.bundle_id \
             WHERE o.workstation_id = $1 AND o.acked_at IS NULL ORDER BY b.created_at, b.bundle_id",
        )
        .bind(workstation_id)
        .fetch_all(self.pool())
        .await
        .map_err(GatewayError::storage("list outbound"))?;
        rows.iter()
            .map(|r| {
                let s = |c: &str| r.try_get::<String, _>(c).map_err(GatewayError::storage("read outbound"));
                Ok(OutboundItem {
                    bundle_id: s("bundle_id")?,
                    sha256: s("sha256")?,
                    size: r.try_get::<i64, _>("size").map_err(GatewayError::storage("read outbound"))?.max(0) as u64,
                    kind: s("kind")?,
                    sender_id: s("sender_id")?,
                    created_at: parse_time(&s("created_at")?)?,
                })
            })
            .collect()
    }

    /// The bytes of a bundle addressed to this workstation (acknowledged or not,
    /// so a pull interrupted after the ack can still be repeated).
    pub async fn outbound_bytes(&self, bundle_id: &str, workstation_id: &str) -> Result<Option<Vec<u8>>, GatewayError> {
        sqlx::query_scalar(
            "SELECT b.bytes FROM outbound o JOIN outbound_bundles b ON b.bundle_id = o.bundle_id WHERE o.bundle_id = $1 AND o.workstation_id = $2",
        )
        .bind(bundle_id)
        .bind(workstation_id)
        .fetch_optional(self.pool())
        .await
        .map_err(GatewayError::storage("read outbound bundle"))
    }

    /// Marks a bundle as received by the workstation; true if it is addressed to it.
    pub async fn ack_outbound(&self, bundle_id: &str, workstation_id: &str) -> Result<bool, GatewayError> {
        let known: Option<String> = sqlx::query_scalar("SELECT bundle_id FROM outbound WHERE bundle_id = $1 AND workstation_id = $2")
            .bind(bundle_id)
            .bind(workstation_id)
            .fetch_optional(self.pool())
            .await
            .map_err(GatewayError::storage("look up outbound"))?;
        if known.is_none() {
            return Ok(false);
        }
        sqlx::query("UPDATE outbound SET acked_at = $1 WHERE bundle_id = $2 AND workstation_id = $3 AND acked_at IS NULL")
            .bind(format_time(Utc::now()))
            .bind(bundle_id)
            .bind(workstation_id)
            .execute(self.pool())
            .await
            .map_err(GatewayError::storage("acknowledge outbound"))?;
        Ok(true)
    }

    /// The next sequence number for bundles this gateway signs; atomic across
    /// gateway processes sharing the database.
    pub async fn next_gateway_sequence(&self, gateway_id: &str) -> Result<u64, GatewayError> {
        let v: i64 = sqlx::query_scalar(
            "INSERT INTO counters (name, value) VALUES ($1, 1) ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value",
        )
        .bind(format!("sequence:{gateway_id}"))
        .fetch_one(self.pool())
        .await
        .map_err(GatewayError::storage("next package sequence"))?;
        Ok(v.max(1) as u64)
    }
}

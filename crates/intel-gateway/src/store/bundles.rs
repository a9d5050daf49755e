//! Received bundles. An upload is stored at most once: UNIQUE(sha256) makes a
//! re-send a no-op that reads back the first receipt, UNIQUE(sender, sequence)
//! and UNIQUE(bundle_id) refuse a different bundle reusing either.

use super::{format_time, Store};
use crate::error::GatewayError;
use chrono::{DateTime, Utc};
use intel_protocol::ReceivedItem;
use sqlx::Row;
use std::collections::HashMap;

#[derive(Debug)]
pub struct NewBundle<'a> {
    pub bundle_id: &'a str,
    pub sha256: &'a str,
    pub sender_id: &'a str,
    pub unit: &'a str,
    pub sequence: u64,
    pub kind: &'a str,
    pub marking: &'a str,
    pub report_count: u64,
    pub received_at: DateTime<Utc>,
    pub manifest: &'a str,
    pub payload: &'a [u8],
    pub bytes: &'a [u8],
    pub receipt: &'a str,
    /// Enrolled workstations (other than the sender) the bundle is addressed to.
    pub forward_to: &'a [String],
}

#[derive(Debug, PartialEq, Eq)]
pub enum InsertOutcome {
    /// This call stored it.
    Stored,
    /// These exact bytes were already stored (by this or another gateway
    /// process): here is the receipt given then.
    AlreadyStored { receipt: String },
    /// A different bundle already holds this sender's sequence number.
    SequenceTaken,
    /// A different bundle already holds this bundle id.
    BundleIdTaken,
}

#[derive(Debug, Clone)]
pub struct DropIndexRow {
    pub cursor: i64,
    pub bundle_id: String,
    pub sender_id: String,
    pub sequence: u64,
}

#[derive(Debug)]
pub struct StoredBundle {
    pub bytes: Vec<u8>,
    pub received_at: DateTime<Utc>,
}

fn as_i64(v: u64, what: &str) -> Result<i64, GatewayError> {
    i64::try_from(v).map_err(|_| GatewayError::Invalid(format!("{what} {v} is too large to store")))
}

impl Store {
    pub async fn receipt_by_sha256(&self, sha256: &str) -> Result<Option<String>, GatewayError> {
        sqlx::query_scalar("SELECT receipt FROM bundles WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(self.pool())
            .await
            .map_err(GatewayError::storage("look up bundle"))
    }

    pub async fn last_sequences(&self) -> Result<HashMap<String, u64>, GatewayError> {
        let rows = sqlx::query("SELECT sender_id, last_sequence FROM senders")
            .fetch_all(self.pool())
            .await
            .map_err(GatewayError::storage("read sequences"))?;
        rows.iter()
            .map(|r| {
                let id: String = r.try_get(0).map_err(GatewayError::storage("read sequence"))?;
                let seq: i64 = r.try_get(1).map_err(GatewayError::storage("read sequence"))?;
                Ok((id, seq.max(0) as u64))
            })
            .collect()
    }

    pub async fn insert_bundle(&self, b: &NewBundle<'_>) -> Result<InsertOutcome, GatewayError> {
        let sequence = as_i64(b.sequence, "sequence")?;
        let received_at = format_time(b.received_at);
        let mut tx = self.pool().begin().await.map_err(GatewayError::storage("begin upload"))?;
        // Every upload first takes the one commit-order row lock, so cursors
        // (assigned at insert) become visible in increasing order even when
        // several processes share PostgreSQL, and a force system paging with
        // `after` never skips a row committed late.
        sqlx::query("UPDATE counters SET value = value + 1 WHERE name = 'commit-order'")
            .execute(&mut *tx)
            .await
            .map_err(GatewayError::storage("take commit order"))?;
        let inserted = sqlx::query(
            "INSERT INTO bundles (bundle_id, sha256, sender_id, unit, sequence, kind, marking, report_count, size, received_at, manifest, payload, bytes, receipt) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) ON CONFLICT DO NOTHING",
        )
        .bind(b.bundle_id)
        .bind(b.sha256)
        .bind(b.sender_id)
        .bind(b.unit)
        .bind(sequence)
        .bind(b.kind)
        .bind(b.marking)
        .bind(as_i64(b.report_count, "report count")?)
        .bind(as_i64(b.bytes.len() as u64, "size")?)
        .bind(&received_at)
        .bind(b.manifest)
        .bind(b.payload)
        .bind(b.bytes)
        .bind(b.receipt)
        .execute(&mut *tx)
        .await
        .map_err(GatewayError::storage("store bundle"))?
        .rows_affected();
        if inserted == 1 {
            sqlx::query(
                "INSERT INTO senders (sender_id, last_sequence) VALUES ($1, $2) ON CONFLICT (sender_id) DO UPDATE SET \
                 last_sequence = CASE WHEN excluded.last_sequence > senders.last_sequence THEN excluded.last_sequence ELSE senders.last_sequence END",
            )
            .bind(b.sender_id)
            .bind(sequence)
            .execute(&mut *tx)
            .await
            .map_err(GatewayError::storage("record sequence"))?;
            if !b.forward_to.is_empty() {
                super::outbound::queue_in(&mut tx, b.bundle_id, b.sha256, b.bytes, b.kind, b.sender_id, &received_at, b.forward_to).await?;
            }
        }
        tx.commit().await.map_err(GatewayError::storage("commit bundle"))?;
        if inserted == 1 {
            return Ok(InsertOutcome::Stored);
        }
        if let Some(receipt) = self.receipt_by_sha256(b.sha256).await? {
            return Ok(InsertOutcome::AlreadyStored { receipt });
        }
        let seq_taken: Option<String> = sqlx::query_scalar("SELECT bundle_id FROM bundles WHERE sender_id = $1 AND sequence = $2")
            .bind(b.sender_id)
            .bind(sequence)
            .fetch_optional(self.pool())
            .await
            .map_err(GatewayError::storage("look up sequence"))?;
        Ok(if seq_taken.is_some() { InsertOutcome::SequenceTaken } else { InsertOutcome::BundleIdTaken })
    }

    pub async fn bundle_count(&self) -> Result<i64, GatewayError> {
        sqlx::query_scalar("SELECT COUNT(*) FROM bundles").fetch_one(self.pool()).await.map_err(GatewayError::storage("count bundles"))
    }

    pub async fn list_received(&self, after: i64, limit: i64) -> Result<Vec<ReceivedItem>, GatewayError> {
        let rows = sqlx::query(
            "SELECT cursor, bundle_id, sender_id, unit, sequence, kind, marking, received_at, report_count FROM bundles \
             WHERE cursor > $1 ORDER BY cursor LIMIT $2",
        )
        .bind(after)
        .bind(limit)
        .fetch_all(self.pool())
        .await
        .map_err(GatewayError::storage("list received bundles"))?;
        rows.iter()
            .map(|r| {
                let s = |c: &str| r.try_get::<String, _>(c).map_err(GatewayError::storage("read received bundle"));
                let n = |c: &str| r.try_get::<i64, _>(c).map_err(GatewayError::storage("read received bundle"));
                Ok(ReceivedItem {
                    cursor: n("cursor")?,
                    bundle_id: s("bundle_id")?,
                    sender_id: s("sender_id")?,
                    unit: s("unit")?,
                    sequence: n("sequence")?.max(0) as u64,
                    kind: s("kind")?,
                    marking: s("marking")?,
                    received_at: super::parse_time(&s("received_at")?)?,
                    report_count: n("report_count")?.max(0) as u64,
                })
            })
            .collect()
    }

    pub async fn received_payload(&self, bundle_id: &str) -> Result<Option<Vec<u8>>, GatewayError> {
        sqlx::query_scalar("SELECT payload FROM bundles WHERE bundle_id = $1")
            .bind(bundle_id)
            .fetch_optional(self.pool())
            .await
            .map_err(GatewayError::storage("read payload"))
    }

    /// Where every stored bundle belongs in the drop folder.
    pub async fn drop_index(&self) -> Result<Vec<DropIndexRow>, GatewayError> {
        let rows = sqlx::query("SELECT cursor, bundle_id, sender_id, sequence FROM bundles ORDER BY cursor")
            .fetch_all(self.pool())
            .await
            .map_err(GatewayError::storage("list stored bundles"))?;
        rows.iter()
            .map(|r| {
                Ok(DropIndexRow {
                    cursor: r.try_get(0).map_err(GatewayError::storage("read stored bundle"))?,
                    bundle_id: r.try_get(1).map_err(GatewayError::storage("read stored bundle"))?,
                    sender_id: r.try_get(2).map_err(GatewayError::storage("read stored bundle"))?,
                    sequence: r.try_get::<i64, _>(3).map_err(GatewayError::storage("read stored bundle"))?.max(0) as u64,
                })
            })
            .collect()
    }

    pub async fn stored_bundle(&self, cursor: i64) -> Result<StoredBundle, GatewayError> {
        let r = sqlx::query("SELECT bytes, received_at FROM bundles WHERE cursor = $1")
            .bind(cursor)
            .fetch_one(self.pool())
            .await
            .map_err(GatewayError::storage("read stored bundle"))?;
        Ok(StoredBundle {
            bytes: r.try_get(0).map_err(GatewayError::storage("read stored bundle"))?,
            received_at: super::parse_time(&r.try_get::<String, _>(1).map_err(GatewayError::storage("read stored bundle"))?)?,
        })
    }
}

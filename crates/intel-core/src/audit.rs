//! The append-only, hash-chained audit trail. Every entry names who, when,
//! what and why; each entry's hash covers its own fields and the previous
//! entry's hash, and the checkpoint outside the database pins the head.

use crate::error::CoreResult;
use crate::store::checkpoint::Checkpoint;
use chrono::{SecondsFormat, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{SqliteConnection, SqlitePool};

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One thing that happened, before it is chained.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    pub action: &'static str,
    pub target: String,
    pub reason: String,
    pub details: serde_json::Value,
}

impl AuditEvent {
    pub fn new(action: &'static str, target: impl Into<String>) -> Self {
        AuditEvent { action, target: target.into(), reason: String::new(), details: serde_json::Value::Null }
    }
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = reason.into();
        self
    }
    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }
    /// Adds `more`'s keys to the details (an object), replacing same-named ones.
    pub fn merge_details(mut self, more: serde_json::Value) -> Self {
        self.details = match (std::mem::take(&mut self.details), more) {
            (serde_json::Value::Object(mut have), serde_json::Value::Object(add)) => {
                have.extend(add);
                serde_json::Value::Object(have)
            }
            (serde_json::Value::Null, add) => add,
            (have, add) => serde_json::json!({"details": have, "export": add}),
        };
        self
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub hash: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditRecord {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub reason: String,
    pub details: String,
    pub prev_hash: String,
    pub hash: String,
}

#[allow(clippy::too_many_arguments)]
pub fn entry_hash(seq: i64, at: &str, actor: &str, action: &str, target: &str, reason: &str, details: &str, prev: &str) -> String {
    // A JSON array keeps field boundaries unambiguous.
    let canonical = serde_json::json!([seq, at, actor, action, target, reason, details, prev]).to_string();
    hex::encode(Sha256::digest(canonical.as_bytes()))
}

pub async fn head(conn: &mut SqliteConnection) -> CoreResult<Head> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1").fetch_optional(conn).await?;
    Ok(row.map(|(seq, hash)| Head { seq, hash }).unwrap_or(Head { seq: 0, hash: GENESIS_HASH.into() }))
}

/// Appends inside the caller's (immediate) transaction, so the entry commits
/// with the change it describes or not at all.
pub async fn append(conn: &mut SqliteConnection, actor: &str, ev: AuditEvent) -> CoreResult<Head> {
    let prev = head(conn).await?;
    let seq = prev.seq + 1;
    let at = Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true);
    let details = if ev.details.is_null() { "{}".to_owned() } else { ev.details.to_string() };
    let hash = entry_hash(seq, &at, actor, ev.action, &ev.target, &ev.reason, &details, &prev.hash);
    sqlx::query("INSERT INTO audit_log (seq, at, actor, action, target, reason, details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)")
        .bind(seq)
        .bind(&at)
        .bind(actor)
        .bind(ev.action)
        .bind(&ev.target)
        .bind(&ev.reason)
        .bind(&details)
        .bind(&prev.hash)
        .bind(&hash)
        .execute(conn)
        .await?;
    Ok(Head { seq, hash })
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct VerifyReport {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub entries: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub head_seq: i64,
    pub head_hash: String,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub checkpoint_seq: Option<i64>,
    pub problems: Vec<String>,
}

impl VerifyReport {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Walks the whole chain and compares its head with the checkpoint.
pub async fn verify(pool: &SqlitePool, checkpoint: Option<&Checkpoint>) -> CoreResult<VerifyReport> {
    use futures_util::TryStreamExt;
    let mut rows = sqlx::query_as::<_, AuditRecord>("SELECT * FROM audit_log ORDER BY seq").fetch(pool);
    let mut problems = Vec::new();
    let mut expected_seq = 1i64;
    let mut prev_hash = GENESIS_HASH.to_owned();
    let mut entries = 0i64;
    let mut hash_at_checkpoint: Option<String> = None;
    while let Some(r) = rows.try_next().await? {
        entries += 1;
        if r.seq != expected_seq {
            problems.push(if r.seq > expected_seq {
                format!("entries {expected_seq} to {} are missing (removed)", r.seq - 1)
            } else {
                format!("entry {} appears out of order or twice", r.seq)
            });
        }
        if r.prev_hash != prev_hash {
            problems.push(format!("entry {} does not follow the entry before it (inserted, removed or reordered)", r.seq));
        }
        let recomputed = entry_hash(r.seq, &r.at, &r.actor, &r.action, &r.target, &r.reason, &r.details, &r.prev_hash);
        if recomputed != r.hash {
            problems.push(format!("entry {} has been altered", r.seq));
        }
        if checkpoint.is_some_and(|c| c.seq == r.seq) {
            hash_at_checkpoint = Some(r.hash.clone());
        }
        expected_seq = r.seq + 1;
        prev_hash = r.hash;
    }
    let head_seq = expected_seq - 1;
    if let Some(cp) = checkpoint {
        if head_seq < cp.seq {
            problems.push(format!(
                "the trail ends at entry {head_seq} but entry {} was committed: entries were cut from the end, or the store was rolled back to an older copy",
                cp.seq
            ));
        } else if hash_at_checkpoint.as_deref() != Some(cp.hash.as_str()) {
            problems.push(format!("entry {} differs from the one recorded in the checkpoint: the history was rewritten", cp.seq));
        }
    }
    Ok(VerifyReport { entries, head_seq, head_hash: prev_hash, checkpoint_seq: checkpoint.map(|c| c.seq), problems })
}

pub async fn list(pool: &SqlitePool, target: Option<&str>, limit: i64) -> CoreResult<Vec<AuditRecord>> {
    let rows = match target {
        Some(t) => {
            sqlx::query_as::<_, AuditRecord>("SELECT * FROM audit_log WHERE target = ? ORDER BY seq DESC LIMIT ?")
                .bind(t)
                .bind(limit)
                .fetch_all(pool)
                .await?
        }
        None => sqlx::query_as::<_, AuditRecord>("SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?").bind(limit).fetch_all(pool).await?,
    };
    Ok(rows)
}

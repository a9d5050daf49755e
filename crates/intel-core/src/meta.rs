//! Unit settings kept in the encrypted store (`store_meta`).

use crate::error::{CoreError, CoreResult};
use sqlx::SqliteConnection;

pub const UNIT_NAME: &str = "unit_name";
pub const STORE_ID: &str = "store_id";
pub const KEYCHAIN_MODE: &str = "keychain_mode";
pub const REFERENCE_FORMAT: &str = "reference_format";
pub const IDLE_LOCK_SECONDS: &str = "idle_lock_seconds";
pub const AUDIT_KEY: &str = "audit_checkpoint_key";
pub const CREATED_AT: &str = "created_at";
/// age identity that opens the sealed failed-unlock records.
pub const FAILURE_IDENTITY: &str = "failure_identity";

pub const DEFAULT_REFERENCE_FORMAT: &str = "IR-{yyyy}-{seq:6}";

pub async fn get(conn: &mut SqliteConnection, key: &str) -> CoreResult<Option<String>> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM store_meta WHERE key = ?").bind(key).fetch_optional(conn).await?;
    Ok(row.map(|r| r.0))
}

pub async fn require(conn: &mut SqliteConnection, key: &str) -> CoreResult<String> {
    get(conn, key).await?.ok_or_else(|| CoreError::damaged(format!("the store has no '{key}' setting; restore it from backup")))
}

pub async fn set(conn: &mut SqliteConnection, key: &str, value: &str) -> CoreResult<()> {
    sqlx::query("INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(conn)
        .await?;
    Ok(())
}

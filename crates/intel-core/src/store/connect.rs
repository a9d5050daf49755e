//! Opening the SQLCipher database: key first, then the pragmas that make
//! acknowledged writes durable, then proof that encryption is really on.

use super::paths::StorePaths;
use crate::error::{is_not_a_database, CoreError, CoreResult, ErrorCode};
use crate::secret::SecretKey;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous};
use sqlx::ConnectOptions;
use std::io::Read;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../../migrations");

const PLAIN_SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    /// Page cache per connection, in KiB. Every cache miss decrypts a page, so
    /// search speed on a large store depends on this.
    pub cache_kib: u32,
    pub max_connections: u32,
}

impl Default for Tuning {
    fn default() -> Self {
        Tuning { cache_kib: 128 * 1024, max_connections: 4 }
    }
}

pub fn options(paths: &StorePaths, key: Option<&SecretKey>, create: bool, tuning: Tuning) -> SqliteConnectOptions {
    let mut o = SqliteConnectOptions::new()
        .filename(&paths.db)
        .create_if_missing(create)
        // The key pragma must never reach a log.
        .log_statements(log::LevelFilter::Off)
        .log_slow_statements(log::LevelFilter::Off, Duration::from_secs(3600));
    if let Some(key) = key {
        // sqlx keeps "key" as its first pragma, ahead of everything else.
        o = o.pragma("key", format!("\"x'{}'\"", key.to_hex().as_str()));
    }
    o.journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(15))
        .pragma("temp_store", "MEMORY")
        .pragma("cache_size", format!("-{}", tuning.cache_kib))
}

pub async fn open_pool(paths: &StorePaths, key: &SecretKey, create: bool, tuning: Tuning) -> CoreResult<SqlitePool> {
    let pool = SqlitePoolOptions::new()
        .max_connections(tuning.max_connections)
        .min_connections(0)
        .connect_with(options(paths, Some(key), create, tuning))
        .await
        .map_err(|e| map_open_error(e, paths))?;
    // The first real read is where a wrong key or a damaged file shows itself.
    sqlx::query("SELECT count(*) FROM sqlite_master").execute(&pool).await.map_err(|e| map_open_error(e, paths))?;
    prove_encrypted(&pool, paths).await?;
    Ok(pool)
}

fn map_open_error(e: sqlx::Error, paths: &StorePaths) -> CoreError {
    let corrupt = match &e {
        sqlx::Error::Database(db) => matches!(db.code().as_deref(), Some("11") | Some("26")) || is_not_a_database(&e),
        _ => false,
    };
    if corrupt {
        CoreError::damaged(format!(
            "the store file {} could not be read with this store's key: it is damaged, truncated, or not this store's file. \
             Nothing was changed and no new store was created. Restore store.db from the most recent backup",
            paths.db.display()
        ))
    } else {
        CoreError::Database(e)
    }
}

/// A plain SQLite build accepts `PRAGMA key` silently and writes plaintext, so
/// check both that SQLCipher answers and that the file has no plain header.
pub async fn prove_encrypted(pool: &SqlitePool, paths: &StorePaths) -> CoreResult<()> {
    let version: Option<(String,)> = sqlx::query_as("PRAGMA cipher_version").fetch_optional(pool).await?;
    if version.map(|v| v.0).unwrap_or_default().is_empty() {
        return Err(CoreError::new(
            ErrorCode::Internal,
            "this build of Intel Desk has no SQLCipher: refusing to keep intelligence in an unencrypted file",
        ));
    }
    if file_has_plain_header(paths)? {
        return Err(CoreError::damaged(format!(
            "{} is a plain, unencrypted SQLite file: refusing to use it. Nothing was changed",
            paths.db.display()
        )));
    }
    Ok(())
}

/// Checks every page's HMAC (SQLCipher's `cipher_integrity_check`). Unlock
/// runs this before anything is written, so a flipped byte anywhere in the
/// file is refused at once — not found later, after the login has already
/// been written into a damaged file. It reads the whole file once.
/// Stores up to this size get the whole-file page check at every unlock
/// (~3 ms per MB here). Larger ones rely on SQLCipher checking each page's
/// HMAC when it is read, and on `intel check`, so unlock stays quick.
pub const FULL_PAGE_CHECK_MAX_BYTES: u64 = 256 * 1024 * 1024;

pub async fn check_pages_at_unlock(pool: &SqlitePool, paths: &StorePaths) -> CoreResult<()> {
    let size = std::fs::metadata(&paths.db).map(|m| m.len()).unwrap_or(0);
    if size <= FULL_PAGE_CHECK_MAX_BYTES {
        check_pages(pool, paths).await
    } else {
        Ok(())
    }
}

pub async fn check_pages(pool: &SqlitePool, paths: &StorePaths) -> CoreResult<()> {
    let problems: Vec<(String,)> = sqlx::query_as("PRAGMA cipher_integrity_check").fetch_all(pool).await?;
    if let Some((first,)) = problems.first() {
        return Err(CoreError::damaged(format!(
            "the store file {} is damaged ({first}{}). Nothing was changed. Restore store.db from the most recent backup",
            paths.db.display(),
            if problems.len() > 1 { format!(", and {} more problems", problems.len() - 1) } else { String::new() }
        )));
    }
    Ok(())
}

pub fn file_has_plain_header(paths: &StorePaths) -> CoreResult<bool> {
    let mut f = match std::fs::File::open(&paths.db) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    let mut head = [0u8; 16];
    match f.read_exact(&mut head) {
        Ok(()) => Ok(&head == PLAIN_SQLITE_HEADER),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Changes the database key in place. The caller has closed every other connection.
pub async fn rekey(paths: &StorePaths, old: &SecretKey, new: &SecretKey) -> CoreResult<()> {
    let mut conn = options(paths, Some(old), false, Tuning { cache_kib: 2048, max_connections: 1 })
        .connect()
        .await
        .map_err(|e| map_open_error(e, paths))?;
    // SQLCipher rekeys in rollback-journal mode; WAL is restored afterwards.
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)").execute(&mut conn).await?;
    sqlx::query("PRAGMA journal_mode = DELETE").execute(&mut conn).await?;
    sqlx::query(crate::sqlf!("PRAGMA rekey = \"x'{}'\"", new.to_hex().as_str())).execute(&mut conn).await?;
    sqlx::query("PRAGMA journal_mode = WAL").execute(&mut conn).await?;
    sqlx::Connection::close(conn).await?;
    Ok(())
}

//! A signed-in user's session over an unlocked store. Every operation goes
//! through `authorise`, which enforces the idle lock, re-reads the user (an
//! administrator may have locked them meanwhile) and checks the permission matrix.

use crate::audit::{self, AuditEvent, Head};
use crate::domain::marking::Marking;
use crate::domain::permission::{permits, Action};
use crate::domain::role::Role;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::keys::{KdfPolicy, KeychainMode};
use crate::secret::SecretKey;
use crate::store::checkpoint::Checkpoint;
use crate::store::connect::Tuning;
use crate::store::StorePaths;
use serde::Serialize;
use sqlx::{Sqlite, SqlitePool, Transaction};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const DEFAULT_IDLE_LOCK: Duration = Duration::from_secs(15 * 60);

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct UserInfo {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub is_admin: bool,
    pub clearance: Marking,
    pub locked: bool,
}

pub(crate) struct Keys {
    pub data_key: SecretKey,
    pub workstation_secret: Option<SecretKey>,
    pub audit_key: SecretKey,
    pub identity: age::x25519::Identity,
}

struct Activity {
    last: Instant,
    locked: bool,
}

pub struct Session {
    pub(crate) pool: SqlitePool,
    pub(crate) paths: StorePaths,
    pub(crate) store_id: String,
    pub(crate) keychain_mode: KeychainMode,
    pub(crate) keys: Keys,
    pub(crate) kdf_policy: KdfPolicy,
    pub(crate) tuning: Tuning,
    user: UserInfo,
    unit_name: String,
    activity: Mutex<Activity>,
    idle_limit: Duration,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session").field("store", &self.paths.dir).field("user", &self.user.username).finish_non_exhaustive()
    }
}

pub(crate) type Tx = Transaction<'static, Sqlite>;

impl Session {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        pool: SqlitePool,
        paths: StorePaths,
        store_id: String,
        keychain_mode: KeychainMode,
        keys: Keys,
        kdf_policy: KdfPolicy,
        user: UserInfo,
        unit_name: String,
        idle_limit: Duration,
    ) -> Self {
        Session {
            pool,
            paths,
            store_id,
            keychain_mode,
            keys,
            kdf_policy,
            tuning: Tuning::default(),
            user,
            unit_name,
            activity: Mutex::new(Activity { last: Instant::now(), locked: false }),
            idle_limit,
        }
    }

    pub fn user(&self) -> &UserInfo {
        &self.user
    }
    pub fn unit_name(&self) -> &str {
        &self.unit_name
    }
    pub fn store_id(&self) -> &str {
        &self.store_id
    }
    pub fn keychain_mode(&self) -> KeychainMode {
        self.keychain_mode
    }
    pub fn idle_limit(&self) -> Duration {
        self.idle_limit
    }
    pub(crate) fn with_tuning(mut self, tuning: Tuning) -> Self {
        self.tuning = tuning;
        self
    }

    pub fn set_idle_limit(&mut self, limit: Duration) {
        self.idle_limit = limit;
    }

    /// Locks the session now; every later call fails with `session-locked`.
    pub fn lock_now(&self) {
        if let Ok(mut a) = self.activity.lock() {
            a.locked = true;
        }
    }

    pub fn is_locked(&self) -> bool {
        self.activity.lock().map(|a| a.locked || a.last.elapsed() > self.idle_limit).unwrap_or(true)
    }

    /// Closes the database; the keys are wiped when the session is dropped.
    pub async fn close(self) {
        self.lock_now();
        self.pool.close().await;
    }

    /// Runs work the app starts on its own (the periodic sync) without it
    /// counting as the person being active, or the idle lock would never fire.
    /// Activity by the person during that work is lost too; the work takes
    /// seconds, so the lock can come at most that much early.
    pub async fn in_background<F: std::future::Future>(&self, work: F) -> F::Output {
        let before = self.activity.lock().map(|a| a.last).ok();
        let out = work.await;
        if let (Some(before), Ok(mut a)) = (before, self.activity.lock()) {
            a.last = before;
        }
        out
    }

    fn touch(&self) -> CoreResult<()> {
        let mut a = self.activity.lock().map_err(|_| CoreError::internal("session state poisoned"))?;
        if !a.locked && a.last.elapsed() > self.idle_limit {
            a.locked = true;
        }
        if a.locked {
            return Err(CoreError::new(ErrorCode::SessionLocked, "the session is locked: sign in again to continue"));
        }
        a.last = Instant::now();
        Ok(())
    }

    /// The gate in front of every operation.
    pub(crate) async fn authorise(&self, action: Action) -> CoreResult<UserInfo> {
        self.touch()?;
        let current = crate::cycle::users::load_user(&self.pool, self.user.id).await?;
        if current.locked {
            self.lock_now();
            return Err(CoreError::new(ErrorCode::UserLocked, "your account has been locked by an administrator"));
        }
        if !permits(current.role, current.is_admin, action) {
            return Err(CoreError::denied(format!(
                "a {} may not {}{}",
                current.role.title().to_lowercase(),
                action.describe(),
                if action.is_administrative() { " (administrators only)" } else { "" }
            )));
        }
        Ok(current)
    }

    pub(crate) fn may(&self, user: &UserInfo, action: Action) -> bool {
        permits(user.role, user.is_admin, action)
    }

    /// A write transaction that takes the write lock at once, so the audit
    /// head read inside it cannot race another writer.
    pub(crate) async fn begin(&self) -> CoreResult<Tx> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Commits, then advances the checkpoint. A crash between the two leaves
    /// the checkpoint behind the head, which verification accepts.
    pub(crate) async fn commit(&self, tx: Tx, head: Head) -> CoreResult<()> {
        tx.commit().await?;
        self.advance_checkpoint(&head).await
    }

    /// Moves the checkpoint to `head`, but only after checking that the chain
    /// still holds the entry the current checkpoint names: otherwise a tail
    /// cut while the store was open would be papered over by later commits.
    pub(crate) async fn advance_checkpoint(&self, head: &Head) -> CoreResult<()> {
        if let Some(cp) = Checkpoint::load(&self.paths.checkpoint, &self.keys.audit_key, &self.store_id)? {
            if cp.seq >= head.seq {
                return Ok(());
            }
            let at: Option<(String,)> =
                sqlx::query_as("SELECT hash FROM audit_log WHERE seq = ?").bind(cp.seq).fetch_optional(&self.pool).await?;
            if at.map(|h| h.0) != Some(cp.hash.clone()) {
                return Err(crate::store::checkpoint::tampered(&format!(
                    "audit entry {} no longer matches the checkpoint: the trail was altered while the store was open",
                    cp.seq
                )));
            }
        }
        let lock = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&self.paths.lock)?;
        lock.lock()?;
        let r = Checkpoint::advance(&self.paths.checkpoint, &self.keys.audit_key, &self.store_id, head.seq, &head.hash);
        let _ = lock.unlock();
        r
    }

    /// Audits a single event in its own transaction (reads, searches, exports).
    pub(crate) async fn audit_only(&self, ev: AuditEvent) -> CoreResult<()> {
        let mut tx = self.begin().await?;
        let head = audit::append(&mut tx, &self.user.username, ev).await?;
        self.commit(tx, head).await
    }

    pub async fn verify_audit(&self) -> CoreResult<audit::VerifyReport> {
        self.authorise(Action::ReadAudit).await?;
        let cp = match Checkpoint::load(&self.paths.checkpoint, &self.keys.audit_key, &self.store_id) {
            Ok(cp) => cp,
            Err(e) => {
                let report = audit::verify(&self.pool, None).await?;
                let mut report = report;
                report.problems.push(e.to_string());
                return Ok(report);
            }
        };
        let report = audit::verify(&self.pool, cp.as_ref()).await?;
        let recorded = self
            .audit_only(AuditEvent::new("audit.verify", "audit").details(serde_json::json!({
                "entries": report.entries, "ok": report.ok()
            })))
            .await;
        match recorded {
            // The entry is committed; only the checkpoint refused to move past
            // the damage, which the report already describes.
            Err(e) if e.code() == ErrorCode::AuditTampered && !report.ok() => Ok(report),
            Err(e) => Err(e),
            Ok(()) => Ok(report),
        }
    }

    pub async fn audit_entries(&self, target: Option<&str>, limit: i64) -> CoreResult<Vec<audit::AuditRecord>> {
        self.authorise(Action::ReadAudit).await?;
        let rows = audit::list(&self.pool, target, limit).await?;
        self.audit_only(AuditEvent::new("audit.read", target.unwrap_or("audit"))).await?;
        Ok(rows)
    }

    /// Direct pool access for tests and benchmarks in this crate.
    #[doc(hidden)]
    pub fn pool_for_tests(&self) -> &SqlitePool {
        &self.pool
    }
}

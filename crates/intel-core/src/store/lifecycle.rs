//! Creating, unlocking and recovering a store. Each path fails closed: it
//! never creates a database where one should already be, and it leaves every
//! existing file's bytes as they were when it refuses.

use super::checkpoint::{tampered, Checkpoint};
use super::connect::{check_pages_at_unlock, open_pool, Tuning, MIGRATOR};
use super::paths::StorePaths;
use crate::audit::{self, AuditEvent};
use crate::backoff::{FailedAttempt, FailedAttempts};
use crate::cycle::users::{insert_user, load_user_by_name, NewUserRow};
use crate::domain::marking::Marking;
use crate::domain::role::Role;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::keys::keyfile::{Keyfile, KEYFILE_FORMAT, KEYFILE_VERSION};
use crate::keys::slots::{self, SlotInputs};
use crate::keys::{KdfPolicy, Keychain, KeychainError, KeychainMode};
use crate::meta;
use crate::secret::{Passphrase, RecoveryKey, SecretKey};
use crate::session::{Keys, Session, DEFAULT_IDLE_LOCK};
use age::secrecy::ExposeSecret;
use chrono::Utc;
use sqlx::SqlitePool;
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreState {
    Absent,
    Ready { keychain_mode: KeychainMode },
    Damaged { message: String },
}

/// What can be said about a store folder without any key.
pub fn inspect(dir: &Path) -> StoreState {
    let paths = StorePaths::new(dir);
    match (paths.keyfile.exists(), paths.db.exists()) {
        (false, false) => StoreState::Absent,
        (true, true) => match Keyfile::load(&paths.keyfile) {
            Ok(kf) => StoreState::Ready { keychain_mode: kf.keychain_mode },
            Err(e) => StoreState::Damaged { message: e.to_string() },
        },
        (false, true) => StoreState::Damaged { message: missing_keyfile(&paths).to_string() },
        (true, false) => StoreState::Damaged { message: missing_db(&paths).to_string() },
    }
}

fn missing_keyfile(paths: &StorePaths) -> CoreError {
    CoreError::damaged(format!(
        "{} exists but its key file keys.json is missing, so the store cannot be opened. \
         Restore keys.json from the store's backup; Intel Desk will not create a new store here",
        paths.db.display()
    ))
}

fn missing_db(paths: &StorePaths) -> CoreError {
    CoreError::damaged(format!(
        "the key file is present but the database {} is missing. Restore store.db from the most recent backup; \
         Intel Desk will not create a new, empty store in its place",
        paths.db.display()
    ))
}

fn keychain_account(store_id: &str) -> String {
    format!("store:{store_id}")
}

fn keychain_unavailable(detail: &str) -> CoreError {
    CoreError::new(
        ErrorCode::KeychainUnavailable,
        format!(
            "no OS keychain is available on this workstation ({detail}). Intel Desk keeps part of every user's key in the keychain \
             so that a copied store is useless on another machine. Start the desktop keychain (on Linux, GNOME Keyring or KWallet's \
             Secret Service) and try again — or, only if the unit accepts that a copied store can then be attacked with a passphrase \
             alone, set the store up in passphrase-only mode (intel init --keychain none, or the checkbox on the first-run screen)"
        ),
    )
}

pub struct CreateOptions {
    pub unit_name: String,
    pub admin_username: String,
    pub admin_display_name: String,
    pub passphrase: Passphrase,
    pub keychain_mode: KeychainMode,
    pub kdf: KdfPolicy,
    pub tuning: Tuning,
}

pub struct Created {
    pub session: Session,
    /// Shown once; the caller must display it and then drop it.
    pub recovery_key: RecoveryKey,
}

pub fn validate_username(name: &str) -> CoreResult<()> {
    let ok = regex::Regex::new(r"^[A-Za-z][A-Za-z0-9._-]{1,31}$").map(|r| r.is_match(name)).unwrap_or(false);
    if !ok {
        return Err(CoreError::invalid(format!(
            "'{name}' is not a valid username: 2 to 32 characters, starting with a letter, then letters, digits, '.', '_' or '-'"
        )));
    }
    Ok(())
}

pub async fn create(dir: &Path, opts: CreateOptions, keychain: &dyn Keychain) -> CoreResult<Created> {
    let paths = StorePaths::new(dir);
    if opts.unit_name.trim().is_empty() {
        return Err(CoreError::invalid("the unit needs a name"));
    }
    validate_username(&opts.admin_username)?;
    opts.passphrase.check_strength().map_err(CoreError::invalid)?;
    if let Some(existing) = paths.all_files().into_iter().find(|p| p.exists()) {
        return Err(CoreError::new(
            ErrorCode::StoreExists,
            format!(
                "there is already a store in {} ({} exists). Unlock it instead; Intel Desk never creates a store over an existing one",
                paths.dir.display(),
                existing.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
            ),
        ));
    }
    let store_id = uuid::Uuid::new_v4().to_string();
    let workstation_secret = match opts.keychain_mode {
        KeychainMode::OsKeychain => {
            let ws = SecretKey::random();
            keychain.set(&keychain_account(&store_id), &ws).map_err(|e| match e {
                KeychainError::Unavailable(d) | KeychainError::Failed(d) => keychain_unavailable(&d),
            })?;
            Some(ws)
        }
        KeychainMode::PassphraseOnly => None,
    };
    // The folder is made only once the keychain has taken the secret, so a
    // refused set-up leaves nothing behind.
    let made_dir = !paths.dir.exists();
    let result = match std::fs::create_dir_all(&paths.dir) {
        Ok(()) => {
            restrict_permissions(&paths.dir);
            create_files(&paths, &store_id, &opts, workstation_secret).await
        }
        Err(e) => Err(e.into()),
    };
    if result.is_err() {
        // Only files this call made are removed: `all_files` were all absent above.
        for f in paths.all_files() {
            let _ = std::fs::remove_file(f);
        }
        if made_dir {
            let _ = std::fs::remove_dir(&paths.dir);
        }
        if opts.keychain_mode == KeychainMode::OsKeychain {
            let _ = keychain.delete(&keychain_account(&store_id));
        }
    }
    result
}

async fn create_files(
    paths: &StorePaths,
    store_id: &str,
    opts: &CreateOptions,
    workstation_secret: Option<SecretKey>,
) -> CoreResult<Created> {
    let data_key = SecretKey::random();
    let audit_key = SecretKey::random();
    let pool = open_pool(paths, &data_key, true, opts.tuning).await?;
    restrict_file(&paths.db);
    MIGRATOR.run(&pool).await?;

    let slot_id = Keyfile::slot_id(store_id, &opts.admin_username);
    let (slot, identity) = slots::new_slot(
        &SlotInputs { store_id, slot_id: &slot_id, workstation_secret: workstation_secret.as_ref() },
        &opts.passphrase,
        opts.kdf,
        &data_key,
    )?;
    let (recovery_key, recovery) = slots::new_recovery(&data_key)?;
    let failure_identity = age::x25519::Identity::generate();
    let now = Utc::now().to_rfc3339();

    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    for (k, v) in [
        (meta::UNIT_NAME, opts.unit_name.trim().to_owned()),
        (meta::STORE_ID, store_id.to_owned()),
        (meta::KEYCHAIN_MODE, opts.keychain_mode.as_str().to_owned()),
        (meta::REFERENCE_FORMAT, meta::DEFAULT_REFERENCE_FORMAT.to_owned()),
        (meta::IDLE_LOCK_SECONDS, DEFAULT_IDLE_LOCK.as_secs().to_string()),
        (meta::AUDIT_KEY, hex::encode(audit_key.expose())),
        (meta::CREATED_AT, now.clone()),
        (meta::FAILURE_IDENTITY, failure_identity.to_string().expose_secret().to_owned()),
    ] {
        meta::set(&mut tx, k, &v).await?;
    }
    let admin = insert_user(
        &mut tx,
        NewUserRow {
            username: &opts.admin_username,
            display_name: &opts.admin_display_name,
            role: Role::IntelligenceManager,
            is_admin: true,
            clearance: Marking::OfficialSensitive,
            created_by: None,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &opts.admin_username,
        AuditEvent::new("store.create", format!("store:{store_id}")).details(serde_json::json!({
            "unit": opts.unit_name.trim(), "keychain_mode": opts.keychain_mode.as_str()
        })),
    )
    .await?;
    audit::append(
        &mut tx,
        &opts.admin_username,
        AuditEvent::new("user.create", format!("user:{}", opts.admin_username))
            .reason("first user, made at set-up")
            .details(serde_json::json!({"role": "intelligence-manager", "admin": true})),
    )
    .await?;
    crate::exchange::identity::ensure(&mut tx, &opts.admin_username).await?;
    let head = audit::head(&mut tx).await?;
    tx.commit().await?;

    let mut slots_map = BTreeMap::new();
    slots_map.insert(slot_id, slot);
    let kf = Keyfile {
        format: KEYFILE_FORMAT.into(),
        version: KEYFILE_VERSION,
        store_id: store_id.into(),
        keychain_mode: opts.keychain_mode,
        created_at: now,
        data_key_generation: 1,
        recovery,
        slots: slots_map,
        failure_recipient: Some(failure_identity.to_public().to_string()),
    };
    kf.save(&paths.keyfile)?;
    crate::fsutil::write_atomically(&paths.failures, b"{}")?;
    std::fs::write(&paths.lock, b"")?;

    let session = Session::new(
        pool,
        paths.clone(),
        store_id.into(),
        opts.keychain_mode,
        Keys { data_key, workstation_secret, audit_key, identity },
        opts.kdf,
        admin,
        opts.unit_name.trim().into(),
        DEFAULT_IDLE_LOCK,
    )
    .with_tuning(opts.tuning);
    session.advance_checkpoint(&head).await?;
    Ok(Created { session, recovery_key })
}

#[cfg(unix)]
fn restrict_permissions(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
}
#[cfg(not(unix))]
fn restrict_permissions(_dir: &Path) {}

/// Owner-only, like the folder; SQLite gives -wal and -shm the same mode.
#[cfg(unix)]
fn restrict_file(file: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600));
}
#[cfg(not(unix))]
fn restrict_file(_file: &Path) {}

#[derive(Debug, Clone, Copy, Default)]
pub struct UnlockOptions {
    pub kdf: KdfPolicy,
    pub tuning: Tuning,
}

fn existing_store(paths: &StorePaths) -> CoreResult<Keyfile> {
    match (paths.keyfile.exists(), paths.db.exists()) {
        (false, false) => Err(CoreError::new(
            ErrorCode::StoreNotFound,
            format!("there is no Intel Desk store in {}. Check the folder, or set up a new store with 'intel init'", paths.dir.display()),
        )),
        (false, true) => Err(missing_keyfile(paths)),
        (true, false) => Err(missing_db(paths)),
        (true, true) => Keyfile::load(&paths.keyfile),
    }
}

fn workstation_secret(kf: &Keyfile, keychain: &dyn Keychain) -> CoreResult<Option<SecretKey>> {
    match kf.keychain_mode {
        KeychainMode::PassphraseOnly => Ok(None),
        KeychainMode::OsKeychain => match keychain.get(&keychain_account(&kf.store_id)) {
            Ok(Some(ws)) => Ok(Some(ws)),
            Ok(None) => Err(CoreError::new(
                ErrorCode::KeychainSecretMissing,
                "this workstation's keychain no longer holds the store's workstation secret (the keychain was reset, \
                 or the store was copied from another workstation). Nothing was changed. The intelligence manager can \
                 open the store with the recovery key: intel --store DIR --user NAME recover",
            )),
            Err(KeychainError::Unavailable(d)) | Err(KeychainError::Failed(d)) => Err(keychain_unavailable(&d)),
        },
    }
}

/// Counts a failed attempt (for back-off and the audit trail) and says so.
fn failed_attempt(paths: &StorePaths, kf: &Keyfile, username: &str, reason: &str) -> CoreError {
    let _ = FailedAttempts::record_failure(&paths.failures, kf.failure_recipient().as_ref(), username, reason, Utc::now());
    CoreError::new(
        ErrorCode::WrongCredentials,
        "wrong username or passphrase. Check both and try again; repeated failures make you wait longer before the next try",
    )
}

/// Signs a user in. Failed attempts are counted (and audited at the next
/// successful unlock); repeated failures impose a growing wait.
pub async fn unlock(
    dir: &Path,
    username: &str,
    passphrase: &Passphrase,
    keychain: &dyn Keychain,
    opts: UnlockOptions,
) -> CoreResult<Session> {
    let paths = StorePaths::new(dir);
    let kf = existing_store(&paths)?;
    let failures = FailedAttempts::load(&paths.failures);
    failures.check(Utc::now())?;
    let ws = workstation_secret(&kf, keychain)?;

    let slot_id = Keyfile::slot_id(&kf.store_id, username);
    let fail = |reason: &str| failed_attempt(&paths, &kf, username, reason);
    let Some(slot) = kf.slots.get(&slot_id) else {
        return Err(fail("unknown or locked user"));
    };
    let inputs = SlotInputs { store_id: &kf.store_id, slot_id: &slot_id, workstation_secret: ws.as_ref() };
    let identity = match slots::unwrap_identity(&inputs, slot, passphrase) {
        Ok(id) => id,
        Err(e) if e.code() == ErrorCode::WrongCredentials => return Err(fail("wrong passphrase")),
        Err(e) => return Err(e),
    };
    let (pool, data_key) = open_with_sealed(&paths, &identity, &slot.data_key, opts.tuning).await?;
    let session = finish_unlock(Opened { pool, paths, kf, data_key, ws, identity }, username, opts, None).await?;
    Ok(session)
}

/// Opens the database with the sealed data key, or with the pending one if a
/// key rotation was interrupted after the rekey.
async fn open_with_sealed(
    paths: &StorePaths,
    identity: &age::x25519::Identity,
    sealed: &crate::keys::keyfile::SealedDataKey,
    tuning: Tuning,
) -> CoreResult<(SqlitePool, SecretKey)> {
    let current = slots::open_data_key(identity, &sealed.sealed)?;
    match open_without_leftovers(paths, &current, tuning).await {
        Ok(pool) => Ok((pool, current)),
        Err(e) if e.code() == ErrorCode::StoreDamaged && sealed.pending.is_some() => {
            let pending = slots::open_data_key(identity, sealed.pending.as_deref().unwrap_or_default())?;
            let pool = open_without_leftovers(paths, &pending, tuning).await?;
            Ok((pool, pending))
        }
        Err(e) => Err(e),
    }
}

/// Opening a damaged file can leave empty -wal/-shm files behind; remove the
/// ones this attempt created so a refusal changes nothing on disk.
async fn open_without_leftovers(paths: &StorePaths, key: &SecretKey, tuning: Tuning) -> CoreResult<SqlitePool> {
    let before: Vec<bool> = paths.sidecars().iter().map(|p| p.exists()).collect();
    let opened = match open_pool(paths, key, false, tuning).await {
        Ok(pool) => match check_pages_at_unlock(&pool, paths).await {
            Ok(()) => Ok(pool),
            Err(e) => {
                pool.close().await;
                Err(e)
            }
        },
        Err(e) => Err(e),
    };
    match opened {
        Ok(pool) => Ok(pool),
        Err(e) => {
            for (p, existed) in paths.sidecars().iter().zip(before) {
                if !existed {
                    let _ = std::fs::remove_file(p);
                }
            }
            Err(e)
        }
    }
}

/// A store whose data key has been opened, not yet signed in to.
struct Opened {
    pool: SqlitePool,
    paths: StorePaths,
    kf: Keyfile,
    data_key: SecretKey,
    ws: Option<SecretKey>,
    identity: age::x25519::Identity,
}

/// Finishes an unlock; when it refuses, the pool is closed before returning
/// so no connection (or its -wal/-shm files) outlives the refusal.
async fn finish_unlock(opened: Opened, username: &str, opts: UnlockOptions, accept_rollback_reason: Option<&str>) -> CoreResult<Session> {
    let handle = opened.pool.clone();
    let result = finish_unlock_inner(opened, username, opts, accept_rollback_reason).await;
    if result.is_err() {
        handle.close().await;
    }
    result
}

async fn finish_unlock_inner(
    opened: Opened,
    username: &str,
    opts: UnlockOptions,
    accept_rollback_reason: Option<&str>,
) -> CoreResult<Session> {
    let Opened { pool, paths, kf, data_key, ws, identity } = opened;
    MIGRATOR.run(&pool).await?;
    let mut conn = pool.acquire().await?;
    let store_id = meta::require(&mut conn, meta::STORE_ID).await?;
    if store_id != kf.store_id {
        return Err(CoreError::damaged("store.db belongs to a different store than keys.json; restore the matching pair from backup"));
    }
    let audit_key = SecretKey::from_slice(&hex::decode(meta::require(&mut conn, meta::AUDIT_KEY).await?).unwrap_or_default())
        .ok_or_else(|| CoreError::damaged("the store's audit key is invalid"))?;
    let unit_name = meta::require(&mut conn, meta::UNIT_NAME).await?;
    let idle_secs: u64 =
        meta::get(&mut conn, meta::IDLE_LOCK_SECONDS).await?.and_then(|s| s.parse().ok()).unwrap_or(DEFAULT_IDLE_LOCK.as_secs());
    let user = load_user_by_name(&mut conn, username).await?;
    drop(conn);
    let Some(user) = user else {
        return Err(CoreError::new(ErrorCode::WrongCredentials, "wrong username or passphrase"));
    };

    // Rollback and truncation show as a head behind the checkpoint.
    let rollback_note = match check_checkpoint(&pool, &paths, &audit_key, &store_id).await {
        Ok(()) => None,
        Err(e) if accept_rollback_reason.is_some() && e.code() == ErrorCode::AuditTampered => Some(e.to_string()),
        Err(e) => return Err(e),
    };
    if user.locked {
        return Err(CoreError::new(ErrorCode::UserLocked, "this account is locked. Ask an administrator to unlock it"));
    }

    let failures = FailedAttempts::load(&paths.failures);
    let failure_identity: Option<age::x25519::Identity> = {
        let mut conn = pool.acquire().await?;
        meta::get(&mut conn, meta::FAILURE_IDENTITY).await?.and_then(|s| s.parse().ok())
    };
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    for sealed in &failures.pending_audit {
        let ev = match failure_identity.as_ref().and_then(|id| FailedAttempt::open(sealed, id)) {
            Some(f) => (
                f.username.clone(),
                AuditEvent::new("login.failed", format!("user:{}", f.username)).reason(f.reason).details(serde_json::json!({"at": f.at})),
            ),
            None => (
                "(unknown)".to_owned(),
                AuditEvent::new("login.failed", "user:(unknown)").reason("a failed attempt whose record could not be opened"),
            ),
        };
        audit::append(&mut tx, &ev.0, ev.1).await?;
    }
    if let Some(note) = &rollback_note {
        audit::append(
            &mut tx,
            &user.username,
            AuditEvent::new("audit.accept-rollback", "audit")
                .reason(accept_rollback_reason.unwrap_or_default().to_owned())
                .details(serde_json::json!({"problem": note})),
        )
        .await?;
    }
    // Stores made before bundles existed get their workstation identity here, once.
    crate::exchange::identity::ensure(&mut tx, &user.username).await?;
    let head = audit::append(&mut tx, &user.username, AuditEvent::new("login", format!("user:{}", user.username))).await?;
    tx.commit().await?;
    crate::fsutil::write_atomically(&paths.failures, b"{}")?;

    let session = Session::new(
        pool,
        paths,
        store_id,
        kf.keychain_mode,
        Keys { data_key, workstation_secret: ws, audit_key, identity },
        opts.kdf,
        user,
        unit_name,
        Duration::from_secs(idle_secs),
    )
    .with_tuning(opts.tuning);
    if rollback_note.is_some() {
        // Start a fresh checkpoint from the accepted head.
        match std::fs::remove_file(&session.paths.checkpoint) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    session.advance_checkpoint(&head).await?;
    Ok(session)
}

async fn check_checkpoint(pool: &SqlitePool, paths: &StorePaths, audit_key: &SecretKey, store_id: &str) -> CoreResult<()> {
    let Some(cp) = Checkpoint::load(&paths.checkpoint, audit_key, store_id)? else {
        let count: (i64,) = sqlx::query_as("SELECT count(*) FROM audit_log").fetch_one(pool).await?;
        if count.0 > 0 {
            return Err(tampered("the audit checkpoint file is missing"));
        }
        return Ok(());
    };
    let at: Option<(String,)> = sqlx::query_as("SELECT hash FROM audit_log WHERE seq = ?").bind(cp.seq).fetch_optional(pool).await?;
    match at {
        None => Err(tampered(&format!(
            "the store's audit trail ends before entry {}, which was committed earlier: it was truncated or rolled back to an older copy",
            cp.seq
        ))),
        Some((h,)) if h != cp.hash => Err(tampered(&format!("audit entry {} differs from the checkpoint", cp.seq))),
        Some(_) => Ok(()),
    }
}

/// Unlocks even though the store is behind its audit checkpoint — for an
/// administrator who has deliberately restored a backup. Recorded in the trail.
pub async fn unlock_accepting_rollback(
    dir: &Path,
    username: &str,
    passphrase: &Passphrase,
    keychain: &dyn Keychain,
    opts: UnlockOptions,
    reason: &str,
) -> CoreResult<Session> {
    if reason.trim().is_empty() {
        return Err(CoreError::invalid("say why the older store is being accepted (for example: restored from backup after disk failure)"));
    }
    let paths = StorePaths::new(dir);
    let kf = existing_store(&paths)?;
    // The same back-off as a normal unlock: this is not a way round it.
    FailedAttempts::load(&paths.failures).check(Utc::now())?;
    let ws = workstation_secret(&kf, keychain)?;
    let slot_id = Keyfile::slot_id(&kf.store_id, username);
    let Some(slot) = kf.slots.get(&slot_id) else {
        return Err(failed_attempt(&paths, &kf, username, "unknown or locked user"));
    };
    let inputs = SlotInputs { store_id: &kf.store_id, slot_id: &slot_id, workstation_secret: ws.as_ref() };
    let identity = match slots::unwrap_identity(&inputs, slot, passphrase) {
        Ok(id) => id,
        Err(e) if e.code() == ErrorCode::WrongCredentials => return Err(failed_attempt(&paths, &kf, username, "wrong passphrase")),
        Err(e) => return Err(e),
    };
    let (pool, data_key) = open_with_sealed(&paths, &identity, &slot.data_key, opts.tuning).await?;
    // Decide before anything is written: finishing the unlock accepts the
    // rollback (it restarts the checkpoint), so a non-administrator must be
    // refused first, leaving the store refusing to open.
    let user = match pool.acquire().await {
        Ok(mut conn) => load_user_by_name(&mut conn, username).await,
        Err(e) => Err(e.into()),
    };
    match user {
        Ok(Some(u)) if u.is_admin && !u.locked => {}
        other => {
            pool.close().await;
            other?;
            return Err(CoreError::denied("only an administrator may accept a rolled-back store"));
        }
    }
    finish_unlock(Opened { pool, paths, kf, data_key, ws, identity }, username, opts, Some(reason)).await
}

/// Opens the store with the recovery key and gives `username` (an
/// administrator or intelligence manager) a new passphrase. With a keychain,
/// a new workstation secret is made, so every other user's slot is dropped and
/// their passphrases must be reset.
pub async fn recover(
    dir: &Path,
    recovery_key: &RecoveryKey,
    username: &str,
    new_passphrase: &Passphrase,
    keychain: &dyn Keychain,
    opts: UnlockOptions,
) -> CoreResult<Session> {
    new_passphrase.check_strength().map_err(CoreError::invalid)?;
    let paths = StorePaths::new(dir);
    let kf = existing_store(&paths)?;
    let recovery_identity = slots::parse_recovery_key(recovery_key)?;
    let (pool, data_key) = open_with_sealed(&paths, &recovery_identity, &kf.recovery, opts.tuning).await?;
    // A refusal closes the database before returning, so nothing (not even
    // -wal/-shm files) is left behind.
    let handle = pool.clone();
    let result = recover_opened(pool, paths, kf, data_key, username, new_passphrase, keychain, opts).await;
    if result.is_err() {
        handle.close().await;
    }
    result
}

#[allow(clippy::too_many_arguments)]
async fn recover_opened(
    pool: SqlitePool,
    paths: StorePaths,
    mut kf: Keyfile,
    data_key: SecretKey,
    username: &str,
    new_passphrase: &Passphrase,
    keychain: &dyn Keychain,
    opts: UnlockOptions,
) -> CoreResult<Session> {
    let mut conn = pool.acquire().await?;
    let user = load_user_by_name(&mut conn, username).await?;
    let store_id = meta::require(&mut conn, meta::STORE_ID).await?;
    let audit_key = SecretKey::from_slice(&hex::decode(meta::require(&mut conn, meta::AUDIT_KEY).await?).unwrap_or_default())
        .ok_or_else(|| CoreError::damaged("the store's audit key is invalid"))?;
    drop(conn);
    let user = user.ok_or_else(|| CoreError::not_found(format!("there is no user '{username}' in this store")))?;
    if user.locked || !(user.is_admin || user.role == Role::IntelligenceManager) {
        return Err(CoreError::denied("recovery must be done by an unlocked administrator or intelligence manager"));
    }
    // Refuse a rolled-back or truncated store before changing any key.
    check_checkpoint(&pool, &paths, &audit_key, &store_id).await?;

    let ws = match kf.keychain_mode {
        KeychainMode::OsKeychain => {
            let ws = SecretKey::random();
            keychain.set(&keychain_account(&kf.store_id), &ws).map_err(|e| keychain_unavailable(&e.to_string()))?;
            Some(ws)
        }
        KeychainMode::PassphraseOnly => None,
    };
    let slot_id = Keyfile::slot_id(&kf.store_id, username);
    let (slot, identity) = slots::new_slot(
        &SlotInputs { store_id: &kf.store_id, slot_id: &slot_id, workstation_secret: ws.as_ref() },
        new_passphrase,
        opts.kdf,
        &data_key,
    )?;
    let dropped = if ws.is_some() {
        let n = kf.slots.len().saturating_sub(1);
        kf.slots.clear();
        n
    } else {
        0
    };
    kf.slots.insert(slot_id, slot);
    kf.save(&paths.keyfile)?;

    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    audit::append(
        &mut tx,
        username,
        AuditEvent::new("store.recover", format!("user:{username}"))
            .reason("opened with the recovery key")
            .details(serde_json::json!({"other_users_needing_reset": dropped})),
    )
    .await?;
    tx.commit().await?;
    finish_unlock(Opened { pool, paths, kf, data_key, ws, identity }, username, opts, None).await
}

pub(crate) fn slot_inputs<'a>(session: &'a Session, slot_id: &'a str) -> SlotInputs<'a> {
    SlotInputs { store_id: &session.store_id, slot_id, workstation_secret: session.keys.workstation_secret.as_ref() }
}

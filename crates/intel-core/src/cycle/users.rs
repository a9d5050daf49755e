//! Accounts. Users are locked, never deleted, so the audit trail keeps its
//! meaning; locking also removes the user's key slot, so a locked user cannot
//! decrypt the store even with the right passphrase.

use crate::audit::{self, AuditEvent};
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::domain::role::Role;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::keys::keyfile::Keyfile;
use crate::keys::slots;
use crate::secret::Passphrase;
use crate::session::{Session, UserInfo};
use crate::store::lifecycle::{slot_inputs, validate_username};
use sqlx::{SqliteConnection, SqlitePool};

#[derive(sqlx::FromRow)]
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    is_admin: i64,
    clearance: String,
    locked_at: Option<String>,
}

impl UserRow {
    fn into_info(self) -> CoreResult<UserInfo> {
        Ok(UserInfo {
            id: self.id,
            username: self.username,
            display_name: self.display_name,
            role: self.role.parse()?,
            is_admin: self.is_admin != 0,
            clearance: self.clearance.parse()?,
            locked: self.locked_at.is_some(),
        })
    }
}

const USER_COLUMNS: &str = "id, username, display_name, role, is_admin, clearance, locked_at";

pub(crate) async fn load_user(pool: &SqlitePool, id: i64) -> CoreResult<UserInfo> {
    let row: UserRow = sqlx::query_as(crate::sqlf!("SELECT {USER_COLUMNS} FROM users WHERE id = ?")).bind(id).fetch_one(pool).await?;
    row.into_info()
}

pub(crate) async fn load_user_by_name(conn: &mut SqliteConnection, username: &str) -> CoreResult<Option<UserInfo>> {
    let row: Option<UserRow> =
        sqlx::query_as(crate::sqlf!("SELECT {USER_COLUMNS} FROM users WHERE username = ?")).bind(username).fetch_optional(conn).await?;
    row.map(UserRow::into_info).transpose()
}

pub(crate) struct NewUserRow<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub is_admin: bool,
    pub clearance: Marking,
    pub created_by: Option<i64>,
}

pub(crate) async fn insert_user(conn: &mut SqliteConnection, u: NewUserRow<'_>) -> CoreResult<UserInfo> {
    let display = if u.display_name.trim().is_empty() { u.username } else { u.display_name.trim() };
    let id =
        sqlx::query("INSERT INTO users (username, display_name, role, is_admin, clearance, created_at, created_by) VALUES (?,?,?,?,?,?,?)")
            .bind(u.username)
            .bind(display)
            .bind(u.role.as_str())
            .bind(u.is_admin as i64)
            .bind(u.clearance.as_str())
            .bind(super::now())
            .bind(u.created_by)
            .execute(&mut *conn)
            .await
            .map_err(|e| match &e {
                sqlx::Error::Database(db) if db.is_unique_violation() => {
                    CoreError::new(ErrorCode::Conflict, format!("there is already a user called '{}'", u.username))
                }
                _ => CoreError::Database(e),
            })?
            .last_insert_rowid();
    Ok(UserInfo {
        id,
        username: u.username.into(),
        display_name: display.into(),
        role: u.role,
        is_admin: u.is_admin,
        clearance: u.clearance,
        locked: false,
    })
}

#[derive(Debug)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub is_admin: bool,
    pub clearance: Marking,
    pub passphrase: Passphrase,
}

impl Session {
    pub async fn list_users(&self) -> CoreResult<Vec<UserInfo>> {
        self.authorise(Action::ManageUsers).await?;
        let rows: Vec<UserRow> =
            sqlx::query_as(crate::sqlf!("SELECT {USER_COLUMNS} FROM users ORDER BY username")).fetch_all(&self.pool).await?;
        rows.into_iter().map(UserRow::into_info).collect()
    }

    pub async fn add_user(&self, new: NewUser) -> CoreResult<UserInfo> {
        let me = self.authorise(Action::ManageUsers).await?;
        validate_username(&new.username)?;
        new.passphrase.check_strength().map_err(CoreError::invalid)?;
        let mut tx = self.begin().await?;
        let user = insert_user(
            &mut tx,
            NewUserRow {
                username: &new.username,
                display_name: &new.display_name,
                role: new.role,
                is_admin: new.is_admin,
                clearance: new.clearance,
                created_by: Some(me.id),
            },
        )
        .await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("user.create", format!("user:{}", user.username))
                .details(serde_json::json!({"role": user.role, "admin": user.is_admin, "clearance": user.clearance})),
        )
        .await?;
        // The key slot is written before the commit: if the commit then fails,
        // the orphan slot names no user and opens nothing useful.
        self.write_slot(&user.username, &new.passphrase)?;
        self.commit(tx, head).await?;
        Ok(user)
    }

    fn write_slot(&self, username: &str, passphrase: &Passphrase) -> CoreResult<()> {
        let _guard = KeyfileGuard::lock(self)?;
        let mut kf = Keyfile::load(&self.paths.keyfile)?;
        let slot_id = Keyfile::slot_id(&self.store_id, username);
        let (slot, _identity) = slots::new_slot(&slot_inputs(self, &slot_id), passphrase, self.kdf_policy, &self.keys.data_key)?;
        kf.slots.insert(slot_id, slot);
        kf.save(&self.paths.keyfile)
    }

    pub async fn lock_user(&self, username: &str, reason: &str) -> CoreResult<()> {
        let me = self.authorise(Action::ManageUsers).await?;
        super::required("a reason for locking the account", reason)?;
        if username.eq_ignore_ascii_case(&me.username) {
            return Err(CoreError::invalid("you cannot lock your own account; ask another administrator"));
        }
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE users SET locked_at = ?, locked_by = ?, locked_reason = ? WHERE username = ? AND locked_at IS NULL")
            .bind(super::now())
            .bind(me.id)
            .bind(reason)
            .bind(username)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(CoreError::not_found(format!("no unlocked user called '{username}'")));
        }
        let head = audit::append(&mut tx, &me.username, AuditEvent::new("user.lock", format!("user:{username}")).reason(reason)).await?;
        {
            let _guard = KeyfileGuard::lock(self)?;
            let mut kf = Keyfile::load(&self.paths.keyfile)?;
            kf.slots.remove(&Keyfile::slot_id(&self.store_id, username));
            kf.save(&self.paths.keyfile)?;
        }
        self.commit(tx, head).await
    }

    /// Unlocks an account (if locked) and sets a new passphrase for it.
    pub async fn reset_passphrase(&self, username: &str, new_passphrase: &Passphrase, reason: &str) -> CoreResult<()> {
        let me = self.authorise(Action::ManageUsers).await?;
        super::required("a reason", reason)?;
        new_passphrase.check_strength().map_err(CoreError::invalid)?;
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE users SET locked_at = NULL, locked_by = NULL, locked_reason = NULL WHERE username = ?")
            .bind(username)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(CoreError::not_found(format!("no user called '{username}'")));
        }
        let head =
            audit::append(&mut tx, &me.username, AuditEvent::new("user.reset-passphrase", format!("user:{username}")).reason(reason))
                .await?;
        self.write_slot(username, new_passphrase)?;
        self.commit(tx, head).await
    }

    /// Re-wraps the signed-in user's own identity under a new passphrase.
    pub async fn change_own_passphrase(&self, new_passphrase: &Passphrase) -> CoreResult<()> {
        self.change_passphrase_inner(None, new_passphrase).await
    }

    /// As [`Session::change_own_passphrase`], but only after the current
    /// passphrase opens the person's own key slot: an unlocked, unattended
    /// workstation must not let a passer-by take over the account.
    pub async fn change_own_passphrase_checked(&self, current: &Passphrase, new_passphrase: &Passphrase) -> CoreResult<()> {
        self.change_passphrase_inner(Some(current), new_passphrase).await
    }

    async fn change_passphrase_inner(&self, current: Option<&Passphrase>, new_passphrase: &Passphrase) -> CoreResult<()> {
        self.authorise(Action::RecordRead).await?;
        new_passphrase.check_strength().map_err(CoreError::invalid)?;
        let me = self.user();
        {
            let _guard = KeyfileGuard::lock(self)?;
            let mut kf = Keyfile::load(&self.paths.keyfile)?;
            let slot_id = Keyfile::slot_id(&self.store_id, &me.username);
            if let Some(current) = current {
                let slot = kf.slots.get(&slot_id).ok_or_else(|| {
                    CoreError::damaged("your key slot is missing from keys.json; ask an administrator to reset your passphrase")
                })?;
                slots::unwrap_identity(&slot_inputs(self, &slot_id), slot, current).map_err(|e| {
                    if e.code() == ErrorCode::WrongCredentials {
                        CoreError::new(ErrorCode::WrongCredentials, "the current passphrase is wrong; nothing was changed")
                    } else {
                        e
                    }
                })?;
            }
            let slot = slots::rewrap_slot(
                &slot_inputs(self, &slot_id),
                &self.keys.identity,
                new_passphrase,
                self.kdf_policy,
                &self.keys.data_key,
            )?;
            kf.slots.insert(slot_id, slot);
            kf.save(&self.paths.keyfile)?;
        }
        self.audit_only(AuditEvent::new("user.change-passphrase", format!("user:{}", me.username))).await
    }
}

/// Serialises read-modify-write of keys.json between processes.
pub(crate) struct KeyfileGuard(std::fs::File);

impl KeyfileGuard {
    pub(crate) fn lock(session: &Session) -> CoreResult<Self> {
        let f = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&session.paths.lock)?;
        f.lock()?;
        Ok(KeyfileGuard(f))
    }
}

impl Drop for KeyfileGuard {
    fn drop(&mut self) {
        let _ = self.0.unlock();
    }
}

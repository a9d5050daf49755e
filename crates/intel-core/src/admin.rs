//! Unit configuration and data-key rotation.

use crate::audit::{self, AuditEvent};
use crate::cycle::records::validate_reference_format;
use crate::cycle::users::KeyfileGuard;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult};
use crate::keys::keyfile::Keyfile;
use crate::keys::slots::{open_data_key, parse_recipient, seal_data_key};
use crate::meta;
use crate::secret::SecretKey;
use crate::session::Session;
use crate::store::connect::{open_pool, rekey};

impl Session {
    pub async fn set_reference_format(&self, format: &str, reason: &str) -> CoreResult<()> {
        let me = self.authorise(Action::ManageConfiguration).await?;
        validate_reference_format(format)?;
        let mut tx = self.begin().await?;
        meta::set(&mut tx, meta::REFERENCE_FORMAT, format).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("config.reference-format", "store").reason(reason).details(serde_json::json!({"format": format})),
        )
        .await?;
        self.commit(tx, head).await
    }

    pub async fn set_idle_lock(&self, seconds: u64, reason: &str) -> CoreResult<()> {
        let me = self.authorise(Action::ManageConfiguration).await?;
        if !(60..=4 * 3600).contains(&seconds) {
            return Err(CoreError::invalid("the idle lock must be between 1 minute and 4 hours"));
        }
        let mut tx = self.begin().await?;
        meta::set(&mut tx, meta::IDLE_LOCK_SECONDS, &seconds.to_string()).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("config.idle-lock", "store").reason(reason).details(serde_json::json!({"seconds": seconds})),
        )
        .await?;
        self.commit(tx, head).await
    }

    /// Rotates the data key: the new key is sealed to every recipient as
    /// "pending" first, then the database is rekeyed, then the pending key
    /// becomes current. A crash at any point leaves a store that opens.
    /// Every other connection to the store must be closed (SQLite cannot
    /// rekey under another reader); this session's own pool is reopened.
    pub async fn rotate_data_key(&mut self, reason: &str) -> CoreResult<()> {
        let me = self.authorise(Action::RotateDataKey).await?;
        crate::cycle::required("a reason for rotating the key", reason)?;
        let new_key = SecretKey::random();
        let guard = KeyfileGuard::lock(self)?;
        let mut kf = Keyfile::load(&self.paths.keyfile)?;
        // Check the current key really is the one every slot holds before touching anything.
        let mine = open_data_key(&self.keys.identity, &kf.slots[&Keyfile::slot_id(&self.store_id, &me.username)].data_key.sealed)?;
        if mine.expose() != self.keys.data_key.expose() {
            return Err(CoreError::damaged("the key file does not match the open store; restore keys.json from backup"));
        }
        for sealed in kf.slots.values_mut().map(|s| &mut s.data_key).chain(std::iter::once(&mut kf.recovery)) {
            sealed.pending = Some(seal_data_key(&parse_recipient(&sealed.recipient)?, &new_key)?);
        }
        kf.save(&self.paths.keyfile)?;

        self.pool.close().await;
        if let Err(e) = rekey(&self.paths, &self.keys.data_key, &new_key).await {
            // Nothing changed in the database: carry on with the old key.
            self.pool = open_pool(&self.paths, &self.keys.data_key, false, self.tuning).await?;
            return Err(e);
        }

        for sealed in kf.slots.values_mut().map(|s| &mut s.data_key).chain(std::iter::once(&mut kf.recovery)) {
            if let Some(p) = sealed.pending.take() {
                sealed.sealed = p;
            }
        }
        kf.data_key_generation += 1;
        kf.save(&self.paths.keyfile)?;
        drop(guard);

        self.pool = open_pool(&self.paths, &new_key, false, self.tuning).await?;
        self.keys.data_key = new_key;
        let mut tx = self.begin().await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("store.rotate-key", "store").reason(reason).details(serde_json::json!({"generation": kf.data_key_generation})),
        )
        .await?;
        self.commit(tx, head).await
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct IntegrityReport {
    pub ok: bool,
    pub messages: Vec<String>,
    pub reports: i64,
    pub audit_entries: i64,
}

impl Session {
    /// SQLite's own page-level check of the store file, plus record counts.
    pub async fn integrity_check(&self) -> CoreResult<IntegrityReport> {
        self.authorise(Action::ReadAudit).await?;
        // Every page's HMAC first (SQLCipher), then SQLite's structural check.
        let hmac: Vec<(String,)> = sqlx::query_as("PRAGMA cipher_integrity_check").fetch_all(&self.pool).await?;
        let rows: Vec<(String,)> = sqlx::query_as("PRAGMA integrity_check").fetch_all(&self.pool).await?;
        let mut messages: Vec<String> = hmac.into_iter().map(|r| r.0).collect();
        let structural: Vec<String> = rows.into_iter().map(|r| r.0).collect();
        let ok = messages.is_empty() && structural.len() == 1 && structural[0] == "ok";
        messages.extend(structural);
        let (reports,): (i64,) = sqlx::query_as("SELECT count(*) FROM reports").fetch_one(&self.pool).await?;
        let (audit_entries,): (i64,) = sqlx::query_as("SELECT count(*) FROM audit_log").fetch_one(&self.pool).await?;
        self.audit_only(AuditEvent::new("store.integrity-check", "store").details(serde_json::json!({"ok": ok}))).await?;
        Ok(IntegrityReport { ok, messages, reports, audit_entries })
    }
}

//! This workstation's bundle identity: an id and its key pairs (minisign
//! signing, age). The secrets live only in the encrypted store and, in
//! memory, only inside `SigningSecret` / `AgeSecret`; nothing here returns
//! them. Rotation retires the current pair but keeps it, so bundles already
//! addressed to the old age key still open and peers can check history.

use super::types::{KeyView, WorkstationIdentity};
use crate::audit::{self, AuditEvent, Head};
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult};
use crate::meta;
use crate::session::Session;
use chrono::{DateTime, Utc};
use intel_bundle::{AgeSecret, SigningSecret, WorkstationKeys};
use intel_protocol::{Enrolment, EnrolmentKind, SignedEnrolment, ENROLMENT_FORMAT};
use sqlx::SqliteConnection;
use zeroize::Zeroizing;

pub const WORKSTATION_ID: &str = "workstation_id";

/// Makes the identity when the store has none (set-up, or the first unlock
/// of a store made before bundles existed). Returns the audit head if it did.
pub(crate) async fn ensure(conn: &mut SqliteConnection, actor: &str) -> CoreResult<Option<Head>> {
    let id = meta::get(&mut *conn, WORKSTATION_ID).await?;
    let has_key: (i64,) = sqlx::query_as("SELECT count(*) FROM workstation_keys WHERE retired_at IS NULL").fetch_one(&mut *conn).await?;
    if id.is_some() && has_key.0 == 1 {
        return Ok(None);
    }
    let id = match id {
        Some(id) => id,
        None => {
            let id = format!("ws-{}", uuid::Uuid::new_v4());
            meta::set(&mut *conn, WORKSTATION_ID, &id).await?;
            id
        }
    };
    let key_id = insert_new_keys(&mut *conn).await?;
    let head = audit::append(
        &mut *conn,
        actor,
        AuditEvent::new("workstation.identity-create", format!("workstation:{id}")).details(serde_json::json!({"key_id": key_id})),
    )
    .await?;
    Ok(Some(head))
}

async fn insert_new_keys(conn: &mut SqliteConnection) -> CoreResult<String> {
    let keys = WorkstationKeys::generate()?;
    let public = keys.public()?;
    let signing = keys.signing.to_secret_bytes();
    let age = keys.age.to_secret_string();
    sqlx::query(
        "INSERT INTO workstation_keys (key_id, signing_public, age_recipient, signing_secret, age_secret, created_at) VALUES (?,?,?,?,?,?)",
    )
    .bind(&public.key_id)
    .bind(&public.signing_public)
    .bind(&public.age_recipient)
    .bind(signing.as_slice())
    .bind(age.as_str())
    .bind(crate::cycle::now())
    .execute(conn)
    .await?;
    Ok(public.key_id)
}

pub(crate) async fn workstation_id(conn: &mut SqliteConnection) -> CoreResult<String> {
    meta::get(conn, WORKSTATION_ID).await?.ok_or_else(|| {
        CoreError::damaged("this store has no workstation identity; sign in again (it is made at unlock), or restore the store from backup")
    })
}

/// The current signing key and its id.
pub(crate) async fn current_signing(conn: &mut SqliteConnection) -> CoreResult<(String, SigningSecret)> {
    let row: Option<(String, Vec<u8>)> =
        sqlx::query_as("SELECT key_id, signing_secret FROM workstation_keys WHERE retired_at IS NULL").fetch_optional(conn).await?;
    let (key_id, bytes) =
        row.ok_or_else(|| CoreError::damaged("this workstation has no current signing key; restore the store from backup"))?;
    let bytes = Zeroizing::new(bytes);
    let secret =
        SigningSecret::from_secret_bytes(&bytes).map_err(|_| CoreError::damaged("this workstation's signing key is unreadable"))?;
    Ok((key_id, secret))
}

/// Every age identity, current first: older ones still open bundles sent before a rotation.
pub(crate) async fn age_identities(conn: &mut SqliteConnection) -> CoreResult<Vec<AgeSecret>> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT age_secret FROM workstation_keys ORDER BY retired_at IS NULL DESC, created_at DESC").fetch_all(conn).await?;
    rows.into_iter()
        .map(|(s,)| {
            let s = Zeroizing::new(s);
            AgeSecret::from_secret_str(&s).map_err(|_| CoreError::damaged("one of this workstation's age identities is unreadable"))
        })
        .collect()
}

type KeyRow = (String, String, String, String, Option<String>);

fn key_view((key_id, signing_public_key, age_recipient, created_at, retired_at): KeyRow) -> KeyView {
    KeyView { key_id, signing_public_key, age_recipient, created_at, retired_at }
}

pub(crate) async fn identity(conn: &mut SqliteConnection) -> CoreResult<WorkstationIdentity> {
    let workstation_id = workstation_id(&mut *conn).await?;
    let unit = meta::require(&mut *conn, meta::UNIT_NAME).await?;
    let rows: Vec<KeyRow> = sqlx::query_as(
        "SELECT key_id, signing_public, age_recipient, created_at, retired_at FROM workstation_keys ORDER BY retired_at IS NULL DESC, created_at DESC",
    )
    .fetch_all(conn)
    .await?;
    let mut keys = rows.into_iter().map(key_view);
    let current = keys
        .next()
        .filter(|k| k.retired_at.is_none())
        .ok_or_else(|| CoreError::damaged("this workstation has no current key; restore the store from backup"))?;
    Ok(WorkstationIdentity { workstation_id, unit, current, previous: keys.collect() })
}

fn public_of(k: &KeyView) -> intel_bundle::PublicKeys {
    intel_bundle::PublicKeys {
        key_id: k.key_id.clone(),
        signing_public: k.signing_public_key.clone(),
        age_recipient: k.age_recipient.clone(),
    }
}

fn parse_time(s: &str) -> CoreResult<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| CoreError::damaged(format!("a stored time is unreadable: {s}")))
}

/// The label peers see for this workstation.
pub(crate) fn label_for(unit: &str, workstation_id: &str) -> String {
    let short: String = workstation_id.trim_start_matches("ws-").chars().take(8).collect();
    format!("{unit} workstation {short}")
}

impl Session {
    /// This workstation's id, unit and public keys.
    pub async fn workstation_identity(&self) -> CoreResult<WorkstationIdentity> {
        self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        identity(&mut conn).await
    }

    /// The enrolment file (public keys, self-signed with the current key) an
    /// administrator takes to the gateway or to another workstation.
    pub async fn enrolment_file(&self) -> CoreResult<Vec<u8>> {
        let me = self.authorise(Action::ManageTrust).await?;
        let mut tx = self.begin().await?;
        let id = identity(&mut tx).await?;
        let (_, key) = current_signing(&mut tx).await?;
        let previous = id
            .previous
            .iter()
            .map(|k| Ok((public_of(k), parse_time(k.retired_at.as_deref().unwrap_or(&k.created_at))?)))
            .collect::<CoreResult<Vec<_>>>()?;
        let enrolment = Enrolment {
            format: ENROLMENT_FORMAT.into(),
            version: 1,
            kind: EnrolmentKind::Workstation,
            id: id.workstation_id.clone(),
            unit: id.unit.clone(),
            label: label_for(&id.unit, &id.workstation_id),
            current: public_of(&id.current),
            previous,
            created_at: Utc::now(),
            url: None,
            tls_certificate_pem: None,
        };
        let signed = SignedEnrolment::sign(&enrolment, &key)?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("workstation.enrolment-export", format!("workstation:{}", id.workstation_id))
                .details(serde_json::json!({"key_id": id.current.key_id})),
        )
        .await?;
        self.commit(tx, head).await?;
        Ok(signed.to_file_bytes())
    }

    /// Makes a new key pair and retires the current one (kept for history).
    pub async fn rotate_workstation_keys(&self, reason: &str) -> CoreResult<WorkstationIdentity> {
        let me = self.authorise(Action::ManageTrust).await?;
        crate::cycle::required("a reason for rotating the workstation's keys", reason)?;
        let mut tx = self.begin().await?;
        let old = identity(&mut tx).await?;
        sqlx::query("UPDATE workstation_keys SET retired_at = ?, retired_reason = ? WHERE retired_at IS NULL")
            .bind(crate::cycle::now())
            .bind(reason.trim())
            .execute(&mut *tx)
            .await?;
        let new_key = insert_new_keys(&mut tx).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("workstation.rotate-keys", format!("workstation:{}", old.workstation_id))
                .reason(reason.trim())
                .details(serde_json::json!({"retired": old.current.key_id, "current": new_key})),
        )
        .await?;
        let now = identity(&mut tx).await?;
        self.commit(tx, head).await?;
        Ok(now)
    }

    /// The `Authorization` header for a gateway request, signed with the
    /// current key inside the core (the key never leaves it).
    pub async fn sign_gateway_request(&self, method: &str, path: &str, body: &[u8]) -> CoreResult<String> {
        self.authorise(Action::Sync).await?;
        let mut conn = self.pool.acquire().await?;
        let id = workstation_id(&mut conn).await?;
        let (_, key) = current_signing(&mut conn).await?;
        Ok(intel_protocol::sign_request(&key, &id, method, path, body, Utc::now())?)
    }
}

//! Enrolled workstations and every signing key they ever used.

use super::{format_time, parse_time, Store};
use crate::error::GatewayError;
use chrono::{DateTime, Utc};
use intel_bundle::{KnownSigner, PublicKeys, SignerStatus};
use intel_protocol::{Enrolment, EnrolmentState};
use sqlx::Row;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolmentStateName {
    Pending,
    Approved,
    Revoked,
}

impl EnrolmentStateName {
    pub fn as_str(self) -> &'static str {
        match self {
            EnrolmentStateName::Pending => "pending",
            EnrolmentStateName::Approved => "approved",
            EnrolmentStateName::Revoked => "revoked",
        }
    }
    fn parse(s: &str) -> Result<Self, GatewayError> {
        match s {
            "pending" => Ok(EnrolmentStateName::Pending),
            "approved" => Ok(EnrolmentStateName::Approved),
            "revoked" => Ok(EnrolmentStateName::Revoked),
            other => Err(GatewayError::Invalid(format!("unknown enrolment state {other:?} in the database"))),
        }
    }
}

#[derive(Debug, Clone)]
pub struct EnrolmentRow {
    pub id: String,
    pub unit: String,
    pub label: String,
    pub state: EnrolmentStateName,
    pub submitted_at: DateTime<Utc>,
    pub current_key_id: Option<String>,
    pub revoked_reason: Option<String>,
}

impl EnrolmentRow {
    pub fn to_state(&self) -> EnrolmentState {
        EnrolmentState { id: self.id.clone(), state: self.state.as_str().to_string() }
    }
}

impl Store {
    /// A request that arrived over the network: stored as pending for an
    /// administrator to approve; a known id keeps its state and keys.
    pub async fn submit_enrolment(&self, e: &Enrolment, file_text: &str) -> Result<EnrolmentState, GatewayError> {
        let now = format_time(Utc::now());
        let mut tx = self.pool().begin().await.map_err(GatewayError::storage("begin enrolment"))?;
        let inserted = sqlx::query(
            "INSERT INTO enrolments (id, unit, label, state, enrolment_file, submitted_at) VALUES ($1, $2, $3, 'pending', $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(&e.id)
        .bind(&e.unit)
        .bind(&e.label)
        .bind(file_text)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(GatewayError::storage("store enrolment request"))?
        .rows_affected();
        if inserted == 1 {
            insert_keys(&mut tx, e, &now).await?;
        }
        tx.commit().await.map_err(GatewayError::storage("commit enrolment"))?;
        let row = self.enrolment(&e.id).await?.ok_or_else(|| GatewayError::NotFound(format!("enrolment {} vanished", e.id)))?;
        Ok(row.to_state())
    }

    /// An administrator's approval of a workstation's enrolment file. A newer
    /// file for a known workstation rotates its keys: the old ones are kept as
    /// retired (they still verify bundles made before the rotation).
    pub async fn approve_enrolment_file(&self, e: &Enrolment, file_text: &str) -> Result<EnrolmentState, GatewayError> {
        if let Some(existing) = self.enrolment(&e.id).await? {
            if existing.state == EnrolmentStateName::Revoked {
                return Err(GatewayError::Invalid(format!(
                    "Workstation {} is revoked ({}); it cannot be approved again. Set it up with a new identity and enrol that.",
                    e.id,
                    existing.revoked_reason.unwrap_or_default()
                )));
            }
        }
        let now = format_time(Utc::now());
        let mut tx = self.pool().begin().await.map_err(GatewayError::storage("begin approval"))?;
        sqlx::query(
            "INSERT INTO enrolments (id, unit, label, state, enrolment_file, submitted_at, decided_at) VALUES ($1, $2, $3, 'approved', $4, $5, $5) \
             ON CONFLICT (id) DO UPDATE SET unit = excluded.unit, label = excluded.label, state = 'approved', enrolment_file = excluded.enrolment_file, decided_at = excluded.decided_at",
        )
        .bind(&e.id)
        .bind(&e.unit)
        .bind(&e.label)
        .bind(file_text)
        .bind(&now)
        .execute(&mut *tx)
        .await
        .map_err(GatewayError::storage("approve enrolment"))?;
        insert_keys(&mut tx, e, &now).await?;
        sqlx::query("UPDATE signer_keys SET retired_at = $1 WHERE enrolment_id = $2 AND key_id <> $3 AND retired_at IS NULL")
            .bind(&now)
            .bind(&e.id)
            .bind(&e.current.key_id)
            .execute(&mut *tx)
            .await
            .map_err(GatewayError::storage("retire old keys"))?;
        tx.commit().await.map_err(GatewayError::storage("commit approval"))?;
        Ok(EnrolmentState { id: e.id.clone(), state: "approved".into() })
    }

    pub async fn set_enrolment_state(
        &self,
        id: &str,
        state: EnrolmentStateName,
        reason: Option<&str>,
    ) -> Result<EnrolmentState, GatewayError> {
        let current = self
            .enrolment(id)
            .await?
            .ok_or_else(|| GatewayError::NotFound(format!("No enrolment has id {id}; `intel-gateway enrol list` shows them.")))?;
        if current.state == EnrolmentStateName::Revoked && state != EnrolmentStateName::Revoked {
            return Err(GatewayError::Invalid(format!("Workstation {id} is revoked; it cannot be approved again.")));
        }
        sqlx::query("UPDATE enrolments SET state = $1, decided_at = $2, revoked_reason = COALESCE($3, revoked_reason) WHERE id = $4")
            .bind(state.as_str())
            .bind(format_time(Utc::now()))
            .bind(reason)
            .bind(id)
            .execute(self.pool())
            .await
            .map_err(GatewayError::storage("change enrolment state"))?;
        Ok(EnrolmentState { id: id.to_string(), state: state.as_str().to_string() })
    }

    pub async fn enrolment(&self, id: &str) -> Result<Option<EnrolmentRow>, GatewayError> {
        Ok(self.enrolments_where("e.id = $1", Some(id)).await?.into_iter().next())
    }

    pub async fn list_enrolments(&self) -> Result<Vec<EnrolmentRow>, GatewayError> {
        self.enrolments_where("1 = 1", None).await
    }

    async fn enrolments_where(&self, clause: &str, arg: Option<&str>) -> Result<Vec<EnrolmentRow>, GatewayError> {
        let sql = format!(
            "SELECT e.id, e.unit, e.label, e.state, e.submitted_at, e.revoked_reason, \
             (SELECT k.key_id FROM signer_keys k WHERE k.enrolment_id = e.id AND k.retired_at IS NULL ORDER BY k.key_id LIMIT 1) AS current_key \
             FROM enrolments e WHERE {clause} ORDER BY e.id"
        );
        // `clause` is one of two literals in this file, never user input.
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        if let Some(a) = arg {
            q = q.bind(a);
        }
        let rows = q.fetch_all(self.pool()).await.map_err(GatewayError::storage("read enrolments"))?;
        rows.iter()
            .map(|r| {
                Ok(EnrolmentRow {
                    id: r.try_get("id").map_err(GatewayError::storage("read enrolment"))?,
                    unit: r.try_get("unit").map_err(GatewayError::storage("read enrolment"))?,
                    label: r.try_get("label").map_err(GatewayError::storage("read enrolment"))?,
                    state: EnrolmentStateName::parse(&r.try_get::<String, _>("state").map_err(GatewayError::storage("read enrolment"))?)?,
                    submitted_at: parse_time(&r.try_get::<String, _>("submitted_at").map_err(GatewayError::storage("read enrolment"))?)?,
                    current_key_id: r.try_get("current_key").map_err(GatewayError::storage("read enrolment"))?,
                    revoked_reason: r.try_get("revoked_reason").map_err(GatewayError::storage("read enrolment"))?,
                })
            })
            .collect()
    }

    /// Keys of approved and revoked workstations (revoked ones are named so the
    /// bundle reader can say "revoked" rather than "unknown"). Pending
    /// enrolments are not trusted yet.
    pub async fn known_signers(&self) -> Result<Vec<KnownSigner>, GatewayError> {
        let rows = sqlx::query(
            "SELECT k.key_id, k.signing_public, k.retired_at, e.id, e.label, e.state FROM signer_keys k \
             JOIN enrolments e ON e.id = k.enrolment_id WHERE e.state <> 'pending'",
        )
        .fetch_all(self.pool())
        .await
        .map_err(GatewayError::storage("read signer keys"))?;
        rows.iter()
            .map(|r| {
                let get = |c: &str| r.try_get::<String, _>(c).map_err(GatewayError::storage("read signer key"));
                let retired: Option<String> = r.try_get("retired_at").map_err(GatewayError::storage("read signer key"))?;
                let status = if get("state")? == "revoked" {
                    SignerStatus::Revoked
                } else if let Some(t) = retired {
                    SignerStatus::Retired { retired_at: parse_time(&t)? }
                } else {
                    SignerStatus::Active
                };
                Ok(KnownSigner {
                    key_id: get("key_id")?,
                    signing_public: get("signing_public")?,
                    sender_id: get("id")?,
                    label: format!("{} ({})", get("label")?, get("id")?),
                    status,
                })
            })
            .collect()
    }

    /// The current public keys of approved workstations, optionally of one unit.
    pub async fn approved_workstations(&self, unit: Option<&str>) -> Result<Vec<(String, PublicKeys)>, GatewayError> {
        let rows = sqlx::query(
            "SELECT e.id, e.unit, k.key_id, k.signing_public, k.age_recipient FROM enrolments e \
             JOIN signer_keys k ON k.enrolment_id = e.id AND k.retired_at IS NULL \
             WHERE e.state = 'approved' ORDER BY e.id",
        )
        .fetch_all(self.pool())
        .await
        .map_err(GatewayError::storage("read workstations"))?;
        let mut out = Vec::new();
        for r in &rows {
            let get = |c: &str| r.try_get::<String, _>(c).map_err(GatewayError::storage("read workstation"));
            if unit.is_some_and(|u| !get("unit").is_ok_and(|x| x.eq_ignore_ascii_case(u))) {
                continue;
            }
            out.push((
                get("id")?,
                PublicKeys { key_id: get("key_id")?, signing_public: get("signing_public")?, age_recipient: get("age_recipient")? },
            ));
        }
        Ok(out)
    }
}

async fn insert_keys(tx: &mut sqlx::Transaction<'_, sqlx::Any>, e: &Enrolment, now: &str) -> Result<(), GatewayError> {
    let mut keys: Vec<(&PublicKeys, Option<String>)> = vec![(&e.current, None)];
    keys.extend(e.previous.iter().map(|(k, t)| (k, Some(format_time(*t)))));
    for (k, retired) in keys {
        let owner: Option<String> = sqlx::query_scalar("SELECT enrolment_id FROM signer_keys WHERE key_id = $1")
            .bind(&k.key_id)
            .fetch_optional(&mut **tx)
            .await
            .map_err(GatewayError::storage("check key"))?;
        if owner.as_deref().is_some_and(|o| o != e.id) {
            return Err(GatewayError::Invalid(format!(
                "Key {} is already enrolled for another workstation; refusing to share it.",
                k.key_id
            )));
        }
        sqlx::query(
            "INSERT INTO signer_keys (key_id, enrolment_id, signing_public, age_recipient, retired_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
        )
        .bind(&k.key_id)
        .bind(&e.id)
        .bind(&k.signing_public)
        .bind(&k.age_recipient)
        .bind(retired.as_deref().or(if k.key_id == e.current.key_id { None } else { Some(now) }))
        .execute(&mut **tx)
        .await
        .map_err(GatewayError::storage("store key"))?;
    }
    Ok(())
}

impl Store {
    /// The enrolment state and current public keys of one workstation, for request authentication.
    pub async fn workstation_key(&self, id: &str) -> Result<Option<(EnrolmentStateName, PublicKeys)>, GatewayError> {
        let row = sqlx::query(
            "SELECT e.state, k.key_id, k.signing_public, k.age_recipient FROM enrolments e \
             JOIN signer_keys k ON k.enrolment_id = e.id AND k.retired_at IS NULL WHERE e.id = $1",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await
        .map_err(GatewayError::storage("read workstation key"))?;
        let Some(r) = row else { return Ok(None) };
        let get = |c: &str| r.try_get::<String, _>(c).map_err(GatewayError::storage("read workstation key"));
        Ok(Some((
            EnrolmentStateName::parse(&get("state")?)?,
            PublicKeys { key_id: get("key_id")?, signing_public: get("signing_public")?, age_recipient: get("age_recipient")? },
        )))
    }
}

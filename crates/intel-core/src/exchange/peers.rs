//! Trusted peers: the force gateway and other workstations, added from their
//! self-signed enrolment files. A known peer's new key is accepted only when
//! its file lists the key we trust among its previous ones (continuity), so a
//! forged file cannot take over a peer's identity.

use super::types::{GatewayConfig, KeyView, PeerKind, PeerStatus, PeerView};
use crate::audit::{self, AuditEvent};
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::Session;
use chrono::{DateTime, SecondsFormat, Utc};
use intel_bundle::{KnownSigner, SignerStatus};
use intel_protocol::{Enrolment, EnrolmentKind, SignedEnrolment};
use sqlx::SqliteConnection;

type PeerRow = (String, String, String, String, String, String, Option<String>);

async fn peer_views(conn: &mut SqliteConnection, only: Option<&str>) -> CoreResult<Vec<PeerView>> {
    let rows: Vec<PeerRow> = sqlx::query_as(
        "SELECT peer_id, kind, unit, label, status, added_at, revoked_reason FROM peers WHERE ?1 IS NULL OR peer_id = ?1 ORDER BY added_at, peer_id",
    )
    .bind(only)
    .fetch_all(&mut *conn)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (peer_id, kind, unit, label, status, added_at, revoked_reason) in rows {
        let keys: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
            "SELECT key_id, signing_public, age_recipient, created_at, retired_at FROM peer_keys WHERE peer_id = ? \
             ORDER BY retired_at IS NULL DESC, created_at DESC",
        )
        .bind(&peer_id)
        .fetch_all(&mut *conn)
        .await?;
        let (last_sequence,): (Option<i64>,) =
            sqlx::query_as("SELECT max(sequence) FROM bundle_imports WHERE sender_id = ?").bind(&peer_id).fetch_one(&mut *conn).await?;
        out.push(PeerView {
            kind: if kind == "gateway" { PeerKind::Gateway } else { PeerKind::Workstation },
            status: if status == "active" { PeerStatus::Active } else { PeerStatus::Revoked },
            keys: keys
                .into_iter()
                .map(|(key_id, signing_public_key, age_recipient, created_at, retired_at)| KeyView {
                    key_id,
                    signing_public_key,
                    age_recipient,
                    created_at,
                    retired_at,
                })
                .collect(),
            peer_id,
            unit,
            label,
            added_at,
            last_sequence,
            revoked_reason,
        })
    }
    Ok(out)
}

fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

fn kind_str(k: EnrolmentKind) -> &'static str {
    match k {
        EnrolmentKind::Gateway => "gateway",
        EnrolmentKind::Workstation => "workstation",
    }
}

async fn insert_key(
    conn: &mut SqliteConnection,
    peer_id: &str,
    k: &intel_bundle::PublicKeys,
    created_at: &str,
    retired_at: Option<&str>,
) -> CoreResult<()> {
    let owner: Option<(String,)> =
        sqlx::query_as("SELECT peer_id FROM peer_keys WHERE key_id = ?").bind(&k.key_id).fetch_optional(&mut *conn).await?;
    match owner {
        Some((o,)) if o == peer_id => return Ok(()),
        Some((o,)) => {
            return Err(CoreError::new(
                ErrorCode::Conflict,
                format!("key {} is already trusted for another peer ({o}); a key belongs to one peer only. Check the file with your force administrator", k.key_id),
            ))
        }
        None => {}
    }
    sqlx::query("INSERT INTO peer_keys (key_id, peer_id, signing_public, age_recipient, created_at, retired_at) VALUES (?,?,?,?,?,?)")
        .bind(&k.key_id)
        .bind(peer_id)
        .bind(&k.signing_public)
        .bind(&k.age_recipient)
        .bind(created_at)
        .bind(retired_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Every key we know, with the status `intel_bundle::open` needs.
pub(crate) async fn known_signers(conn: &mut SqliteConnection) -> CoreResult<Vec<KnownSigner>> {
    let rows: Vec<(String, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT k.key_id, k.signing_public, p.peer_id, p.label, p.status, k.retired_at FROM peer_keys k JOIN peers p ON p.peer_id = k.peer_id",
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(key_id, signing_public, sender_id, label, status, retired_at)| {
            let status = if status == "revoked" {
                SignerStatus::Revoked
            } else if let Some(r) = retired_at {
                let retired_at = DateTime::parse_from_rfc3339(&r)
                    .map_err(|_| CoreError::damaged(format!("peer key {key_id} has an unreadable retirement time")))?
                    .with_timezone(&Utc);
                SignerStatus::Retired { retired_at }
            } else {
                SignerStatus::Active
            };
            Ok(KnownSigner { key_id, signing_public, sender_id, label, status })
        })
        .collect()
}

/// The current age recipient and label of each active peer asked for.
pub(crate) async fn recipients(conn: &mut SqliteConnection, peer_ids: &[String]) -> CoreResult<Vec<(String, String)>> {
    let mut wanted: Vec<String> = Vec::new();
    let gateway: Option<(String,)> =
        sqlx::query_as("SELECT peer_id FROM peers WHERE kind = 'gateway' AND status = 'active'").fetch_optional(&mut *conn).await?;
    wanted.extend(gateway.map(|g| g.0));
    for p in peer_ids {
        if !wanted.contains(p) {
            wanted.push(p.clone());
        }
    }
    if wanted.is_empty() {
        return Err(CoreError::invalid(
            "a bundle needs a recipient: choose a peer, or have an administrator add the force gateway under Exchange → Trust",
        ));
    }
    let mut out = Vec::new();
    for id in wanted {
        let row: Option<(String, String, String)> = sqlx::query_as(
            "SELECT p.label, p.status, k.age_recipient FROM peers p JOIN peer_keys k ON k.peer_id = p.peer_id AND k.retired_at IS NULL WHERE p.peer_id = ?",
        )
        .bind(&id)
        .fetch_optional(&mut *conn)
        .await?;
        match row {
            None => {
                return Err(CoreError::not_found(format!("no trusted peer '{id}'; add its enrolment file under Exchange → Trust first")))
            }
            Some((label, status, _)) if status != "active" => {
                return Err(CoreError::invalid(format!("{label} ({id}) has been revoked; bundles are never addressed to a revoked peer")))
            }
            Some((label, _, recipient)) => out.push((label, recipient)),
        }
    }
    Ok(out)
}

impl Session {
    pub async fn list_peers(&self) -> CoreResult<Vec<PeerView>> {
        self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        peer_views(&mut conn, None).await
    }

    /// Trusts a peer from its enrolment file, or takes a known peer's new key
    /// when the file proves continuity with the key we trust.
    pub async fn add_peer(&self, file_bytes: &[u8]) -> CoreResult<PeerView> {
        let me = self.authorise(Action::ManageTrust).await?;
        let bad_file = |e: intel_bundle::BundleError| CoreError::invalid(format!("{e} Ask for the enrolment file again."));
        let e: Enrolment = SignedEnrolment::from_file_bytes(file_bytes).map_err(bad_file)?.verify().map_err(bad_file)?;
        let file_text = String::from_utf8_lossy(file_bytes).into_owned();
        if e.id.trim().is_empty() || e.label.trim().is_empty() {
            return Err(CoreError::invalid("the enrolment file has no id or label; ask for it again"));
        }
        if e.kind == EnrolmentKind::Gateway && e.url.as_deref().is_none_or(|u| u.trim().is_empty()) {
            return Err(CoreError::invalid(
                "the gateway's enrolment file has no address (url); ask the force administrator for a complete file",
            ));
        }
        let mut tx = self.begin().await?;
        if super::identity::workstation_id(&mut tx).await? == e.id {
            return Err(CoreError::invalid(
                "this is this workstation's own enrolment file; add the other workstation's (or the gateway's) file",
            ));
        }
        let now = crate::cycle::now();
        let existing: Option<(String, String)> =
            sqlx::query_as("SELECT kind, status FROM peers WHERE peer_id = ?").bind(&e.id).fetch_optional(&mut *tx).await?;
        let action = match existing {
            Some((_, status)) if status == "revoked" => {
                return Err(CoreError::new(
                    ErrorCode::Conflict,
                    format!("{} ({}) was revoked; a revoked peer is never trusted again under the same id", e.label, e.id),
                ))
            }
            Some((kind, _)) if kind != kind_str(e.kind) => {
                return Err(CoreError::new(
                    ErrorCode::Conflict,
                    format!("{} is trusted as a {kind}; this file says it is a {}", e.id, kind_str(e.kind)),
                ))
            }
            Some(_) => {
                let (current,): (String,) = sqlx::query_as("SELECT key_id FROM peer_keys WHERE peer_id = ? AND retired_at IS NULL")
                    .bind(&e.id)
                    .fetch_one(&mut *tx)
                    .await?;
                if current != e.current.key_id {
                    let Some((_, replaced_at)) = e.previous.iter().find(|(k, _)| k.key_id == current) else {
                        return Err(CoreError::invalid(format!(
                            "this enrolment file for {} has a new key ({}) but does not list the key this workstation trusts ({current}) \
                             among its previous keys, so it cannot be shown to come from the same workstation. It may be forged: nothing was changed. \
                             Check with {}'s administrator; if the workstation really lost its keys, revoke it and enrol it under a new id",
                            e.label, e.current.key_id, e.label
                        )));
                    };
                    sqlx::query("UPDATE peer_keys SET retired_at = ? WHERE key_id = ?")
                        .bind(time_text(*replaced_at))
                        .bind(&current)
                        .execute(&mut *tx)
                        .await?;
                    insert_key(&mut tx, &e.id, &e.current, &now, None).await?;
                }
                sqlx::query("UPDATE peers SET unit = ?, label = ?, url = ?, tls_certificate_pem = ?, enrolment = ? WHERE peer_id = ?")
                    .bind(e.unit.trim())
                    .bind(e.label.trim())
                    .bind(&e.url)
                    .bind(&e.tls_certificate_pem)
                    .bind(&file_text)
                    .bind(&e.id)
                    .execute(&mut *tx)
                    .await?;
                if current != e.current.key_id {
                    "peer.rotate-key"
                } else {
                    "peer.refresh"
                }
            }
            None => {
                if e.kind == EnrolmentKind::Gateway {
                    let other: Option<(String,)> = sqlx::query_as("SELECT label FROM peers WHERE kind = 'gateway' AND status = 'active'")
                        .fetch_optional(&mut *tx)
                        .await?;
                    if let Some((label,)) = other {
                        return Err(CoreError::new(
                            ErrorCode::Conflict,
                            format!("the gateway {label} is already configured; revoke it first, then add the new gateway"),
                        ));
                    }
                }
                sqlx::query(
                    "INSERT INTO peers (peer_id, kind, unit, label, url, tls_certificate_pem, status, added_at, added_by, enrolment) \
                     VALUES (?,?,?,?,?,?, 'active', ?,?,?)",
                )
                .bind(&e.id)
                .bind(kind_str(e.kind))
                .bind(e.unit.trim())
                .bind(e.label.trim())
                .bind(&e.url)
                .bind(&e.tls_certificate_pem)
                .bind(&now)
                .bind(me.id)
                .bind(&file_text)
                .execute(&mut *tx)
                .await?;
                insert_key(&mut tx, &e.id, &e.current, &now, None).await?;
                for (k, replaced_at) in &e.previous {
                    let at = time_text(*replaced_at);
                    insert_key(&mut tx, &e.id, k, &at, Some(&at)).await?;
                }
                "peer.add"
            }
        };
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new(action, format!("peer:{}", e.id)).details(serde_json::json!({
                "kind": kind_str(e.kind), "unit": e.unit, "label": e.label, "key_id": e.current.key_id,
            })),
        )
        .await?;
        let view = peer_views(&mut tx, Some(&e.id)).await?.pop().ok_or_else(|| CoreError::internal("the peer just added is missing"))?;
        self.commit(tx, head).await?;
        Ok(view)
    }

    /// Stops trusting a peer: its keys no longer verify anything, and nothing is addressed to it.
    pub async fn revoke_peer(&self, peer_id: &str, reason: &str) -> CoreResult<()> {
        let me = self.authorise(Action::ManageTrust).await?;
        crate::cycle::required("a reason for revoking the peer", reason)?;
        let mut tx = self.begin().await?;
        let n = sqlx::query("UPDATE peers SET status = 'revoked', revoked_at = ?, revoked_reason = ?, revoked_by = ? WHERE peer_id = ? AND status = 'active'")
            .bind(crate::cycle::now())
            .bind(reason.trim())
            .bind(me.id)
            .bind(peer_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            let exists: Option<(String,)> =
                sqlx::query_as("SELECT status FROM peers WHERE peer_id = ?").bind(peer_id).fetch_optional(&mut *tx).await?;
            return Err(match exists {
                Some(_) => CoreError::new(ErrorCode::Conflict, format!("peer '{peer_id}' is already revoked")),
                None => CoreError::not_found(format!("no trusted peer '{peer_id}'")),
            });
        }
        let head =
            audit::append(&mut tx, &me.username, AuditEvent::new("peer.revoke", format!("peer:{peer_id}")).reason(reason.trim())).await?;
        self.commit(tx, head).await
    }

    /// The sync configuration: the active gateway, if one is trusted.
    pub async fn gateway(&self) -> CoreResult<Option<GatewayConfig>> {
        self.authorise(Action::Sync).await?;
        let row: Option<(String, Option<String>, Option<String>, String)> = sqlx::query_as(
            "SELECT p.peer_id, p.url, p.tls_certificate_pem, k.signing_public FROM peers p \
             JOIN peer_keys k ON k.peer_id = p.peer_id AND k.retired_at IS NULL WHERE p.kind = 'gateway' AND p.status = 'active'",
        )
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(peer_id, url, tls_certificate_pem, signing_public)| GatewayConfig {
            peer_id,
            url: url.unwrap_or_default(),
            tls_certificate_pem,
            signing_public,
        }))
    }
}

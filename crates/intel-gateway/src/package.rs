//! Tasking packages made at the gateway (the `package` subcommand and the
//! force API share this): signed by the gateway, encrypted to the chosen
//! workstations and to the gateway itself, and queued for them to pull.

use crate::error::GatewayError;
use crate::gateway::Gateway;
use chrono::{Duration, Utc};
use intel_bundle::{BundleKind, BundleSpec, Payload};
use intel_protocol::{TaskingPackageCreated, TaskingPackageRequest};
use std::collections::BTreeMap;

pub const DEFAULT_EXPIRY_DAYS: u32 = 30;
pub const MAX_EXPIRY_DAYS: u32 = 366;

/// Markings a workstation may hold, lowest first.
const MARKINGS: [&str; 2] = ["OFFICIAL", "OFFICIAL-SENSITIVE"];

fn highest_marking(req: &TaskingPackageRequest) -> Result<String, GatewayError> {
    let mut rank = 0;
    for t in &req.taskings {
        let r = MARKINGS.iter().position(|m| *m == t.marking).ok_or_else(|| {
            GatewayError::Invalid(format!("Tasking {} is marked {:?}; use OFFICIAL or OFFICIAL-SENSITIVE.", t.reference, t.marking))
        })?;
        rank = rank.max(r);
    }
    Ok(MARKINGS[rank].to_string())
}

/// Workstation ids and age recipients for `to`: ids, or `unit:CODE` for every
/// approved workstation of a unit.
async fn resolve(gw: &Gateway, to: &[String]) -> Result<Vec<(String, String)>, GatewayError> {
    let mut out: Vec<(String, String)> = Vec::new();
    for target in to {
        let matched = match target.strip_prefix("unit:") {
            Some(unit) => gw.store.approved_workstations(Some(unit)).await?,
            None => gw.store.approved_workstations(None).await?.into_iter().filter(|(id, _)| id == target).collect(),
        };
        if matched.is_empty() {
            return Err(GatewayError::Invalid(format!(
                "No approved workstation matches {target:?}; `intel-gateway enrol list` shows the enrolled ones."
            )));
        }
        for (id, keys) in matched {
            if !out.iter().any(|(o, _)| *o == id) {
                out.push((id, keys.age_recipient));
            }
        }
    }
    Ok(out)
}

pub async fn make_package(gw: &Gateway, req: &TaskingPackageRequest) -> Result<TaskingPackageCreated, GatewayError> {
    if req.taskings.is_empty() {
        return Err(GatewayError::Invalid("A tasking package needs at least one tasking.".into()));
    }
    if req.to.is_empty() {
        return Err(GatewayError::Invalid("Say who the package is for: workstation ids or unit:CODE.".into()));
    }
    let days = req.expires_in_days.unwrap_or(DEFAULT_EXPIRY_DAYS);
    if days == 0 || days > MAX_EXPIRY_DAYS {
        return Err(GatewayError::Invalid(format!("expires_in_days must be between 1 and {MAX_EXPIRY_DAYS}.")));
    }
    let marking = highest_marking(req)?;
    let targets = resolve(gw, &req.to).await?;
    let sequence = gw.store.next_gateway_sequence(&gw.identity.config.id).await?;
    let mut recipients: Vec<String> = targets.iter().map(|(_, r)| r.clone()).collect();
    recipients.push(gw.identity.public.age_recipient.clone());
    let bundle_id = uuid::Uuid::new_v4().to_string();
    let identity = gw.identity.clone();
    let payload = Payload { taskings: req.taskings.clone(), ..Payload::default() };
    let spec_id = bundle_id.clone();
    let bytes = tokio::task::spawn_blocking(move || -> Result<Vec<u8>, GatewayError> {
        let now = Utc::now();
        let attachments = BTreeMap::new();
        let spec = BundleSpec {
            bundle_id: spec_id,
            kind: BundleKind::Tasking,
            sender_id: identity.config.id.clone(),
            unit: identity.config.unit.clone(),
            sequence,
            created_at: now,
            expires_at: now + Duration::days(i64::from(days)),
            recipients,
            marking,
            authorisation: None,
            payload: &payload,
            attachments: &attachments,
        };
        Ok(intel_bundle::build(&spec, identity.signing())?.0)
    })
    .await
    .map_err(|e| GatewayError::Invalid(format!("making the package failed: {e}")))??;
    let ids: Vec<String> = targets.into_iter().map(|(id, _)| id).collect();
    gw.store.queue_outbound(&bundle_id, &bytes, BundleKind::Tasking.as_str(), &gw.identity.config.id, &ids).await?;
    tracing::info!(%bundle_id, recipients = ?ids, sequence, "tasking package queued");
    Ok(TaskingPackageCreated { bundle_id, recipients: ids })
}

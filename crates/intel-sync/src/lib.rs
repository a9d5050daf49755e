//! Sync between a workstation's store and the force gateway.
//!
//! One pass pushes every pending outbox bundle, then pulls every bundle
//! waiting at the gateway. Each step is idempotent in the schema on both
//! sides, so a pass cut off at any point (network lost, process killed) is
//! finished by the next one with nothing lost and nothing twice:
//! - a bundle stays pending until its signed receipt is recorded; re-sending
//!   it gets the gateway's original receipt back, not a second copy;
//! - a pulled bundle is acknowledged only after it is imported (or found to be
//!   imported already), so a crash between import and ack re-imports nothing.
//!
//! The TLS connection trusts only the certificate in the gateway's enrolment
//! file, never the system's roots.

mod client;

pub use client::{GatewayClient, UploadError};

use intel_core::exchange::{ImportReport, ImportVia};
use intel_core::{CoreError, CoreResult, ErrorCode, Session};
use intel_protocol::paths;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Pushing,
    Pulling,
}

/// Reported as each bundle is done, so the UI can show progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub phase: Phase,
    pub done: usize,
    pub total: usize,
}

#[derive(Debug, Default)]
pub struct SyncOutcome {
    pub pushed: usize,
    pub pulled: usize,
    pub imports: Vec<ImportReport>,
    /// Bundles the gateway refused, or pulled bundles this store refused;
    /// each one's reason is on its outbox row or in the audit trail.
    pub failed: usize,
}

/// Can the gateway be reached right now? For the periodic connection check.
pub async fn check(session: &Session) -> CoreResult<bool> {
    let Some(cfg) = session.gateway().await? else { return Ok(false) };
    let client = GatewayClient::new(&cfg)?;
    Ok(client.health().await.is_ok())
}

/// One full sync pass. Records its result (time, or the error) in the store.
pub async fn sync_now(session: &Session, progress: &(dyn Fn(Progress) + Send + Sync)) -> CoreResult<SyncOutcome> {
    let result = sync_pass(session, progress).await;
    let note = match &result {
        Ok(_) => session.record_sync(true, None).await,
        Err(e) => session.record_sync(false, Some((e.code().as_str().to_string(), e.to_string()))).await,
    };
    if let Err(e) = note {
        log::warn!("could not record the sync result: {e}");
    }
    result
}

async fn sync_pass(session: &Session, progress: &(dyn Fn(Progress) + Send + Sync)) -> CoreResult<SyncOutcome> {
    let cfg = session.gateway().await?.ok_or_else(|| {
        CoreError::new(
            ErrorCode::InvalidInput,
            "No force gateway is set up. An administrator adds the gateway's enrolment file under Exchange → Trust.",
        )
    })?;
    let client = GatewayClient::new(&cfg)?;
    client.health().await?;
    let mut outcome = SyncOutcome::default();

    let pending = session.pending_bundles().await?;
    let total = pending.len();
    progress(Progress { phase: Phase::Pushing, done: 0, total });
    for (i, (bundle_id, bytes)) in pending.into_iter().enumerate() {
        match client.upload(&bytes).await {
            Ok(receipt) => {
                session.record_delivery(&bundle_id, receipt).await?;
                outcome.pushed += 1;
            }
            Err(UploadError::Refused(e)) => {
                // The gateway looked at this bundle and said no: keep it, say
                // why, and carry on with the others.
                session.record_delivery_failure(&bundle_id, &e.to_string()).await?;
                outcome.failed += 1;
            }
            Err(UploadError::Unreachable(e)) => {
                session.record_delivery_failure(&bundle_id, &e.to_string()).await?;
                return Err(e);
            }
        }
        progress(Progress { phase: Phase::Pushing, done: i + 1, total });
    }

    let list_auth = session.sign_gateway_request("GET", paths::OUTBOUND, b"").await?;
    let waiting = client.list_outbound(&list_auth).await?;
    let total = waiting.len();
    progress(Progress { phase: Phase::Pulling, done: 0, total });
    for (i, item) in waiting.into_iter().enumerate() {
        let path = format!("{}/{}", paths::OUTBOUND, item.bundle_id);
        let auth = session.sign_gateway_request("GET", &path, b"").await?;
        let bytes = client.fetch(&path, &auth).await?;
        let acknowledge = match session.import_bundle(&bytes, ImportVia::Gateway).await {
            Ok(report) => {
                outcome.imports.push(report);
                outcome.pulled += 1;
                true
            }
            // Imported on an earlier pass that died before its ack.
            Err(e) if e.bundle_reason() == Some(intel_bundle::Reject::Replay) => true,
            Err(e) if e.code() == ErrorCode::BundleRejected => {
                // Left at the gateway: it may import once trust is fixed (a
                // missing enrolment, say). The refusal is in the audit trail.
                log::warn!("bundle {} from the gateway refused: {e}", item.bundle_id);
                outcome.failed += 1;
                false
            }
            Err(e) => return Err(e),
        };
        if acknowledge {
            let ack_path = format!("{path}/ack");
            let auth = session.sign_gateway_request("POST", &ack_path, b"").await?;
            client.ack(&ack_path, &auth).await?;
        }
        progress(Progress { phase: Phase::Pulling, done: i + 1, total });
    }
    Ok(outcome)
}

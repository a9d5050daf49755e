//! Accepting an upload: verify everything with the bundle reader, store it
//! once, answer with a signed receipt, then write the drop folder.

use crate::drop_folder;
use crate::error::GatewayError;
use crate::gateway::Gateway;
use crate::store::{InsertOutcome, NewBundle};
use chrono::Utc;
use intel_bundle::{BundleError, Expectations, OpenedBundle, Reject};
use intel_protocol::{Receipt, SignedReceipt};
use std::collections::HashSet;

#[derive(Debug)]
pub struct Accepted {
    pub receipt: SignedReceipt,
    /// False when these exact bytes had been accepted before (the receipt is the first one).
    pub newly_stored: bool,
}

fn replay(message: String) -> GatewayError {
    GatewayError::Bundle(BundleError::Rejected { reason: Reject::Replay, message })
}

fn parse_receipt(text: &str) -> Result<SignedReceipt, GatewayError> {
    serde_json::from_str(text).map_err(|e| GatewayError::Invalid(format!("a stored receipt is unreadable: {e}")))
}

pub async fn accept(gw: &Gateway, bytes: Vec<u8>) -> Result<Accepted, GatewayError> {
    let sha256 = intel_bundle::sha256_hex(&bytes);
    if let Some(text) = gw.store.receipt_by_sha256(&sha256).await? {
        return Ok(Accepted { receipt: parse_receipt(&text)?, newly_stored: false });
    }
    let signers = gw.store.known_signers().await?;
    let last_sequences = gw.store.last_sequences().await?;
    let identity = gw.identity.clone();
    let now = Utc::now();
    // Decryption and hashing are CPU work: keep them off the async workers.
    let checked = tokio::task::spawn_blocking(move || -> Result<_, GatewayError> {
        let ids = identity.age_identities()?;
        let ex = Expectations { identities: &ids, signers: &signers, last_sequences: &last_sequences, seen: &|_| false, now };
        let opened = intel_bundle::open(&bytes, &ex)?;
        let receipt = SignedReceipt::sign(
            &Receipt {
                bundle_id: opened.manifest.bundle_id.clone(),
                bundle_sha256: opened.bundle_sha256.clone(),
                sender_id: opened.manifest.sender.id.clone(),
                sequence: opened.manifest.sequence,
                gateway_id: identity.config.id.clone(),
                received_at: now,
            },
            identity.signing(),
        )?;
        Ok((opened, receipt, bytes))
    })
    .await
    .map_err(|e| GatewayError::Invalid(format!("checking the bundle failed: {e}")))?;
    let (opened, receipt, bytes) = match checked {
        Ok(v) => v,
        Err(e) => {
            // Another request (or gateway process) may have stored these very
            // bytes after we looked: then this one saw its own sequence as a
            // replay. The answer to a re-send is the first receipt.
            if let Some(text) = gw.store.receipt_by_sha256(&sha256).await? {
                return Ok(Accepted { receipt: parse_receipt(&text)?, newly_stored: false });
            }
            return Err(e);
        }
    };

    let forward_to = forward_targets(gw, &opened).await?;
    let receipt_text = serde_json::to_string(&receipt).map_err(|e| GatewayError::Invalid(e.to_string()))?;
    let manifest_text = String::from_utf8_lossy(&opened.manifest_bytes).into_owned();
    let payload = opened.payload.to_bytes()?;
    let m = &opened.manifest;
    let outcome = gw
        .store
        .insert_bundle(&NewBundle {
            bundle_id: &m.bundle_id,
            sha256: &sha256,
            sender_id: &m.sender.id,
            unit: &m.sender.unit,
            sequence: m.sequence,
            kind: m.kind.as_str(),
            marking: &m.marking,
            report_count: opened.payload.reports.len() as u64,
            received_at: now,
            manifest: &manifest_text,
            payload: &payload,
            bytes: &bytes,
            receipt: &receipt_text,
            forward_to: &forward_to,
        })
        .await?;
    match outcome {
        InsertOutcome::Stored => {
            write_drop(gw, &opened);
            Ok(Accepted { receipt, newly_stored: true })
        }
        InsertOutcome::AlreadyStored { receipt } => Ok(Accepted { receipt: parse_receipt(&receipt)?, newly_stored: false }),
        InsertOutcome::SequenceTaken => Err(replay(format!(
            "A different bundle with sequence {} from {} has already been received; this one is a replay.",
            m.sequence, opened.signer.label
        ))),
        InsertOutcome::BundleIdTaken => Err(replay(format!("A different bundle with id {} has already been received.", m.bundle_id))),
    }
}

/// The drop folder follows the commit; if writing fails the bundle is safe in
/// the database and the next start-up writes it (the receipt stands).
fn write_drop(gw: &Gateway, opened: &OpenedBundle) {
    if let Err(e) = drop_folder::write(&gw.dir.drop_dir(), opened) {
        tracing::error!(bundle_id = %opened.manifest.bundle_id, error = %e, "drop folder write failed; it is re-created at the next start");
    }
}

/// Enrolled workstations, other than the sender, that the bundle is addressed to.
async fn forward_targets(gw: &Gateway, opened: &OpenedBundle) -> Result<Vec<String>, GatewayError> {
    let addressed: HashSet<&str> = opened.manifest.recipients.iter().map(String::as_str).collect();
    if addressed.len() <= 1 {
        return Ok(Vec::new());
    }
    Ok(gw
        .store
        .approved_workstations(None)
        .await?
        .into_iter()
        .filter(|(id, keys)| *id != opened.manifest.sender.id && addressed.contains(keys.age_recipient.as_str()))
        .map(|(id, _)| id)
        .collect())
}

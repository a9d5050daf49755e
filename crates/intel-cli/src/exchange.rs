//! `intel identity`, `intel peer`, `intel bundle` and `intel outbox`: the
//! bundle exchange from the command line (docs/cli.md).

use crate::args::{BundleCmd, IdentityCmd, OutboxCmd, PeerCmd};
use crate::output::emit;
use intel_core::exchange::{read_bundle_file, BundleKind, ExportOptions, ImportVia, KeyView};
use intel_core::{CoreError, CoreResult, Session};

fn key_line(k: &KeyView) {
    println!(
        "  key {}  created {}{}\n    signing {}\n    age     {}",
        k.key_id,
        k.created_at,
        k.retired_at.as_deref().map(|r| format!("  retired {r}")).unwrap_or_default(),
        k.signing_public_key,
        k.age_recipient
    );
}

pub async fn identity(s: &Session, cmd: &IdentityCmd) -> CoreResult<i32> {
    match cmd {
        IdentityCmd::Show { json } => {
            let id = s.workstation_identity().await?;
            emit(*json, &id, || {
                println!("workstation {} ({})", id.workstation_id, id.unit);
                key_line(&id.current);
                for k in &id.previous {
                    key_line(k);
                }
            })?;
        }
        IdentityCmd::Enrolment { out } => {
            let bytes = s.enrolment_file().await?;
            intel_core::fsutil::write_atomically(out, &bytes)
                .map_err(|e| CoreError::new(e.code(), format!("the enrolment file could not be written to {}: {e}", out.display())))?;
            println!("enrolment file written to {}", out.display());
        }
        IdentityCmd::Rotate { reason, json } => {
            let id = s.rotate_workstation_keys(reason).await?;
            emit(*json, &id, || {
                println!(
                    "new key {}; {} retired. Send the new enrolment file (intel identity enrolment) to every peer",
                    id.current.key_id,
                    id.previous.first().map(|k| k.key_id.as_str()).unwrap_or("-")
                );
            })?;
        }
    }
    Ok(0)
}

pub async fn peer(s: &Session, cmd: &PeerCmd) -> CoreResult<i32> {
    match cmd {
        PeerCmd::Add { file, json } => {
            let bytes = std::fs::read(file).map_err(|e| CoreError::invalid(format!("cannot read {}: {e}", file.display())))?;
            let p = s.add_peer(&bytes).await?;
            emit(*json, &p, || println!("trusted {} {} ({}, {})", serde_plain(&p.kind), p.peer_id, p.label, p.unit))?;
        }
        PeerCmd::List { json } => {
            let peers = s.list_peers().await?;
            emit(*json, &peers, || {
                for p in &peers {
                    println!(
                        "{}  {}  {} ({})  {}{}",
                        p.peer_id,
                        serde_plain(&p.kind),
                        p.label,
                        p.unit,
                        serde_plain(&p.status),
                        p.last_sequence.map(|n| format!("  last sequence {n}")).unwrap_or_default()
                    );
                }
            })?;
        }
        PeerCmd::Revoke { id, reason } => {
            s.revoke_peer(id, reason).await?;
            println!("peer {id} revoked");
        }
    }
    Ok(0)
}

fn serde_plain<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

pub async fn bundle(s: &Session, cmd: &BundleCmd) -> CoreResult<i32> {
    match cmd {
        BundleCmd::Preview { kind, to, all, json } => {
            let kind: BundleKind = kind.parse()?;
            let p = s.export_preview_with(kind, to, &ExportOptions { all: *all, ..ExportOptions::default() }).await?;
            emit(*json, &p, || {
                println!("{} bundle at {} to {}", p.kind, p.marking, p.recipients.join(", "));
                for r in &p.reports {
                    println!("  {}  {}  {}", r.reference, r.grade.as_deref().unwrap_or("-"), r.marking);
                }
                println!(
                    "{} reports, {} entities, {} links, {} associations, {} disseminations, {} attachments",
                    p.reports.len(),
                    p.entities,
                    p.links,
                    p.associations,
                    p.disseminations,
                    p.attachments
                );
                for h in &p.held_back {
                    println!("  held back {}: {}", h.reference, h.reason);
                }
            })?;
        }
        BundleCmd::Export { kind, to, reason, all, out, json } => {
            let kind: BundleKind = kind.parse()?;
            let e = s.export_to_file_with(kind, to, reason.clone(), out, &ExportOptions { all: *all, ..ExportOptions::default() }).await?;
            emit(*json, &e, || {
                println!("bundle {} (sequence {}, {} reports) written to {}", e.bundle_id, e.sequence, e.report_count, out.display())
            })?;
        }
        BundleCmd::Import { file, dry_run, json } => {
            let bytes = read_bundle_file(file)?;
            if *dry_run {
                let p = s.import_preview(&bytes).await?;
                emit(*json, &p, || {
                    println!(
                        "{} bundle {} from {} ({}), sequence {}, {}",
                        p.kind, p.bundle_id, p.sender_label, p.sender_unit, p.sequence, p.marking
                    );
                    for r in &p.reports {
                        println!("  {}  {}  {}  {}", r.reference, r.grade.as_deref().unwrap_or("-"), r.marking, serde_plain(&r.change));
                    }
                    println!(
                        "{} entities, {} links, {} associations, {} disseminations, {} attachments, {} taskings; nothing was written",
                        p.entities, p.links, p.associations, p.disseminations, p.attachments, p.taskings
                    );
                })?;
            } else {
                let r = s.import_bundle(&bytes, ImportVia::File).await?;
                emit(*json, &r, || {
                    println!(
                        "imported bundle {} from {} (sequence {}): {} new and {} updated reports, {} entities, {} taskings",
                        r.bundle_id, r.sender_label, r.sequence, r.reports_added, r.reports_updated, r.entities, r.taskings
                    )
                })?;
            }
        }
    }
    Ok(0)
}

pub async fn outbox(s: &Session, cmd: &OutboxCmd) -> CoreResult<i32> {
    match cmd {
        OutboxCmd::List { json } => {
            let items = s.list_outbox().await?;
            emit(*json, &items, || {
                for o in &items {
                    println!(
                        "{}  seq {}  {}  {} reports  {}  attempts {}{}",
                        o.bundle_id,
                        o.sequence,
                        o.kind,
                        o.report_count,
                        serde_plain(&o.state),
                        o.attempts,
                        o.last_error.as_deref().map(|e| format!("  last error: {e}")).unwrap_or_default()
                    );
                }
            })?;
        }
        OutboxCmd::Queue { kind, to, reason, all, json } => {
            let kind: BundleKind = kind.parse()?;
            let item = s.queue_export_with(kind, to, reason.clone(), &ExportOptions { all: *all, ..ExportOptions::default() }).await?;
            emit(*json, &item, || {
                println!("queued bundle {} (sequence {}, {} reports)", item.bundle_id, item.sequence, item.report_count)
            })?;
        }
    }
    Ok(0)
}

/// `intel sync`: one pass; progress to stderr, the outcome to stdout.
pub async fn sync(s: &Session, json: bool) -> CoreResult<i32> {
    let out = intel_sync::sync_now(s, &|p| {
        let phase = match p.phase {
            intel_sync::Phase::Pushing => "sending",
            intel_sync::Phase::Pulling => "receiving",
        };
        eprintln!("{phase} {}/{}", p.done, p.total);
    })
    .await?;
    let summary = serde_json::json!({ "pushed": out.pushed, "pulled": out.pulled, "failed": out.failed, "imports": out.imports });
    emit(json, &summary, || println!("sent {}, received {}, refused {}", out.pushed, out.pulled, out.failed))?;
    Ok(if out.failed > 0 { 9 } else { 0 })
}

//! Receiving bundles. `intel_bundle::open` checks every rule of the format
//! against what this store knows (our age identities, trusted signers, the
//! last sequence per sender, the bundles already taken); this module adds the
//! store's own rules (markings, clearance, reference clashes), then applies
//! the payload in one immediate transaction: all of it or nothing.
//! A refusal is audited as `bundle.rejected` and writes nothing else.

use super::collect::content_hash;
use super::types::{BundleKind, ImportPreview, ImportRecord, ImportReport, ImportReportLine, ImportVia, ReportChange, TaskingView};
use crate::audit::{self, AuditEvent};
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::domain::report_fields::{Priority, SourceType};
use crate::domain::status::Status;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::{Session, UserInfo};
use chrono::{DateTime, SecondsFormat, Utc};
use intel_bundle::{Expectations, OpenedBundle, Reject, ReportRecord};
use sqlx::SqliteConnection;
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Reads a bundle file, refusing one over the size limit before reading it.
pub fn read_bundle_file(path: &Path) -> CoreResult<Vec<u8>> {
    let len =
        std::fs::metadata(path).map_err(|e| CoreError::invalid(format!("the bundle file {} cannot be read: {e}", path.display())))?.len();
    if len > intel_bundle::MAX_BUNDLE_BYTES {
        return Err(CoreError::Bundle {
            reason: Reject::TooLarge,
            message: format!("The bundle is {} MB; the most accepted is {} MB.", len >> 20, intel_bundle::MAX_BUNDLE_BYTES >> 20),
        });
    }
    Ok(std::fs::read(path)?)
}

type ImportRow = (String, String, i64, String, String, String, i64, String);
type TaskingRow = (i64, String, String, String, String, String, Option<String>, String, String);

fn payload_error(message: String) -> CoreError {
    CoreError::Bundle { reason: Reject::BadPayload, message }
}

/// Opens `bytes` with everything this store knows, as of `now`.
async fn open(conn: &mut SqliteConnection, bytes: &[u8], now: DateTime<Utc>) -> CoreResult<OpenedBundle> {
    if bytes.len() as u64 > intel_bundle::MAX_BUNDLE_BYTES {
        return Err(CoreError::Bundle {
            reason: Reject::TooLarge,
            message: format!("The bundle is {} MB; the most accepted is {} MB.", bytes.len() >> 20, intel_bundle::MAX_BUNDLE_BYTES >> 20),
        });
    }
    let identities = super::identity::age_identities(&mut *conn).await?;
    let signers = super::peers::known_signers(&mut *conn).await?;
    let last: Vec<(String, i64)> =
        sqlx::query_as("SELECT sender_id, max(sequence) FROM bundle_imports GROUP BY sender_id").fetch_all(&mut *conn).await?;
    let last_sequences: HashMap<String, u64> = last.into_iter().map(|(s, n)| (s, n.max(0) as u64)).collect();
    let seen: HashSet<String> = sqlx::query_as::<_, (String,)>("SELECT bundle_id FROM bundle_imports")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect();
    let seen_fn = |id: &str| seen.contains(id);
    let ex = Expectations { identities: &identities, signers: &signers, last_sequences: &last_sequences, seen: &seen_fn, now };
    Ok(intel_bundle::open(bytes, &ex)?)
}

/// The store's own rules on an opened bundle; returns each report's change.
async fn check(conn: &mut SqliteConnection, me: &UserInfo, b: &OpenedBundle) -> CoreResult<Vec<ImportReportLine>> {
    let marking: Marking = b.manifest.marking.parse()?;
    let sender = &b.manifest.sender.id;
    let mut lines = Vec::new();
    let mut highest = Marking::Official;
    for t in &b.payload.taskings {
        highest = highest.max(t.marking.parse()?);
    }
    for r in &b.payload.reports {
        let m: Marking = r.marking.parse()?;
        highest = highest.max(m);
        r.source_type.parse::<SourceType>().map_err(|e| payload_error(format!("report {}: {e}", r.reference)))?;
        r.priority.parse::<Priority>().map_err(|e| payload_error(format!("report {}: {e}", r.reference)))?;
        r.status.parse::<Status>().map_err(|e| payload_error(format!("report {}: {e}", r.reference)))?;
        if r.reference.trim().is_empty() {
            return Err(payload_error("a report in the bundle has no reference".into()));
        }
        if b.manifest.kind != intel_bundle::BundleKind::Full && (r.original_text.is_some() || r.source_ref.is_some()) {
            return Err(payload_error(format!(
                "report {} carries original wording or a source reference, which only a full bundle may carry",
                r.reference
            )));
        }
        let existing: Option<(i64, String)> =
            sqlx::query_as("SELECT report_id, content_hash FROM origin_reports WHERE sender_id = ? AND origin_id = ?")
                .bind(sender)
                .bind(r.id as i64)
                .fetch_optional(&mut *conn)
                .await?;
        let local: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM reports WHERE reference = ?").bind(&r.reference).fetch_optional(&mut *conn).await?;
        if let Some((local_id,)) = local {
            if existing.as_ref().map(|e| e.0) != Some(local_id) {
                return Err(CoreError::new(
                    ErrorCode::Conflict,
                    format!(
                        "the bundle's report {} has the same reference as a different report in this store; nothing was imported. \
                         Ask the sender's unit to use its own reference format (Admin → unit settings), then send it again",
                        r.reference
                    ),
                ));
            }
        }
        let hash = content_hash(r, &b.payload);
        let change = match existing {
            None => ReportChange::New,
            Some((_, h)) if h == hash => ReportChange::Unchanged,
            Some(_) => ReportChange::Updated,
        };
        lines.push(ImportReportLine { reference: r.reference.clone(), grade: current_grade(r), marking: m, change });
    }
    if highest > marking {
        return Err(payload_error(format!("the bundle holds {highest} material but its signed marking is {marking}")));
    }
    if marking > me.clearance {
        return Err(CoreError::denied(format!(
            "this bundle is marked {marking} and you are cleared to {}; ask a colleague cleared to {marking} to import it",
            me.clearance
        )));
    }
    Ok(lines)
}

fn current_grade(r: &ReportRecord) -> Option<String> {
    r.grades
        .iter()
        .find(|g| g.scheme == "3x5x2" && g.superseded_at.is_none())
        .map(|g| format!("{}{}{}", g.source_grade, g.intelligence_grade, g.handling_code.as_deref().unwrap_or("")))
}

fn is_refusal(e: &CoreError) -> bool {
    matches!(e.code(), ErrorCode::BundleRejected | ErrorCode::MarkingRefused | ErrorCode::Conflict)
        // Above the importer's clearance (the permission gate itself fails before any bundle is read).
        || e.code() == ErrorCode::PermissionDenied
}

impl Session {
    /// Records a refusal: the only write a refused bundle causes.
    async fn audit_rejection(&self, bytes: &[u8], e: &CoreError) -> CoreResult<()> {
        let rule = e.bundle_reason().map(|r| format!("{r:?}")).unwrap_or_else(|| e.code().as_str().to_owned());
        self.audit_only(AuditEvent::new("bundle.rejected", "bundle").reason(e.to_string()).details(serde_json::json!({
            "rule": rule, "size": bytes.len(), "sha256": intel_bundle::sha256_hex(bytes),
        })))
        .await
    }

    /// Opens and checks a bundle and says what importing it would change. Writes nothing but a refusal's audit entry.
    pub async fn import_preview(&self, bytes: &[u8]) -> CoreResult<ImportPreview> {
        let me = self.authorise(Action::ImportBundle).await?;
        let mut conn = self.pool.acquire().await?;
        let result = async {
            let b = open(&mut conn, bytes, Utc::now()).await?;
            let lines = check(&mut conn, &me, &b).await?;
            Ok::<_, CoreError>((b, lines))
        }
        .await;
        drop(conn);
        let (b, reports) = match result {
            Ok(v) => v,
            Err(e) if is_refusal(&e) => {
                self.audit_rejection(bytes, &e).await?;
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        let m = &b.manifest;
        Ok(ImportPreview {
            token: String::new(),
            bundle_id: m.bundle_id.clone(),
            sender_workstation: m.sender.id.clone(),
            sender_unit: m.sender.unit.clone(),
            sender_label: b.signer.label.clone(),
            sequence: m.sequence as i64,
            created_at: m.created_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            expires_at: m.expires_at.to_rfc3339_opts(SecondsFormat::Secs, true),
            marking: m.marking.parse()?,
            kind: BundleKind::from_wire(m.kind),
            reports,
            entities: b.payload.entities.len() as u32,
            links: b.payload.links.len() as u32,
            associations: b.payload.associations.len() as u32,
            disseminations: b.payload.disseminations.len() as u32,
            attachments: b.attachments.len() as u32,
            taskings: b.payload.taskings.len() as u32,
        })
    }

    /// Checks the bundle again inside one immediate transaction (so two
    /// imports cannot both pass the sequence check) and applies all of it.
    pub async fn import_bundle(&self, bytes: &[u8], via: ImportVia) -> CoreResult<ImportReport> {
        let me = self.authorise(Action::ImportBundle).await?;
        let mut tx = self.begin().await?;
        let result = async {
            let b = open(&mut tx, bytes, Utc::now()).await?;
            let lines = check(&mut tx, &me, &b).await?;
            let report = super::apply::apply(&mut tx, &me, &b, &lines, via, bytes).await?;
            Ok::<_, CoreError>((b, report))
        }
        .await;
        match result {
            Ok((b, report)) => {
                let head = audit::append(
                    &mut tx,
                    &me.username,
                    AuditEvent::new("bundle.imported", format!("bundle:{}", b.manifest.bundle_id)).details(serde_json::json!({
                        "sender": b.manifest.sender.id, "sender_label": b.signer.label, "sequence": b.manifest.sequence,
                        "kind": b.manifest.kind, "via": via.as_str(), "marking": b.manifest.marking,
                        "reports_added": report.reports_added, "reports_updated": report.reports_updated, "taskings": report.taskings,
                        "sha256": b.bundle_sha256,
                    })),
                )
                .await?;
                self.commit(tx, head).await?;
                Ok(report)
            }
            Err(e) => {
                tx.rollback().await?;
                if is_refusal(&e) {
                    self.audit_rejection(bytes, &e).await?;
                }
                Err(e)
            }
        }
    }

    /// Bundles imported here, newest first.
    pub async fn list_imports(&self) -> CoreResult<Vec<ImportRecord>> {
        self.authorise(Action::RecordRead).await?;
        let rows: Vec<ImportRow> = sqlx::query_as(
            "SELECT b.bundle_id, b.sender_label, b.sequence, b.kind, b.imported_at, u.username, b.report_count, b.via \
             FROM bundle_imports b JOIN users u ON u.id = b.imported_by ORDER BY b.imported_at DESC, b.rowid DESC",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(bundle_id, sender_label, sequence, kind, imported_at, imported_by, report_count, via)| {
                Ok(ImportRecord {
                    bundle_id,
                    sender_label,
                    sequence,
                    kind: kind.parse()?,
                    imported_at,
                    imported_by,
                    report_count,
                    via: if via == "gateway" { ImportVia::Gateway } else { ImportVia::File },
                })
            })
            .collect()
    }

    /// Taskings received, those the user is cleared to see, newest first.
    pub async fn list_taskings(&self) -> CoreResult<Vec<TaskingView>> {
        let me = self.authorise(Action::RecordRead).await?;
        let rows: Vec<TaskingRow> = sqlx::query_as(crate::sqlf!(
            "SELECT id, reference, title, body, issued_by, received_at, due_at, marking, bundle_id FROM taskings \
             WHERE marking IN ({}) ORDER BY received_at DESC, id DESC",
            crate::cycle::search::marking_list(me.clearance)
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, reference, title, body, issued_by, received_at, due_at, marking, bundle_id)| {
                Ok(TaskingView { id, reference, title, body, issued_by, received_at, due_at, marking: marking.parse()?, bundle_id })
            })
            .collect()
    }
}

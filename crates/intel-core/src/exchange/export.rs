//! Making bundles: a preview of what would leave, an export to a file, and a
//! bundle queued in the outbox for the gateway. The sequence number is
//! allocated in the transaction that records the export, so a failed export
//! records nothing (its number may be skipped, which receivers accept).

use super::collect::{collect, Collected};
use super::types::{BundleKind, ExportPreview, ExportedBundle, OutboxItem};
use crate::audit::{self, AuditEvent};
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult};
use crate::meta;
use crate::session::{Session, Tx, UserInfo};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use intel_bundle::{BundleSpec, Payload, TaskingRecord};
use std::collections::BTreeMap;
use std::path::Path;

const SEQUENCE_KEY: &str = "bundle_sequence";
pub const DEFAULT_EXPIRY_DAYS: u32 = 30;

#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// Carry every eligible report, not only those new or changed since last sent.
    pub all: bool,
    pub expires_in_days: u32,
    /// The bundle's creation time; tests use it to make expired or
    /// post-rotation bundles. `None` is now.
    #[doc(hidden)]
    pub created_at: Option<DateTime<Utc>>,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions { all: false, expires_in_days: DEFAULT_EXPIRY_DAYS, created_at: None }
    }
}

/// A bundle made and signed, not yet recorded.
struct Made {
    bundle_id: String,
    sequence: i64,
    bytes: Vec<u8>,
    created_at: String,
    expires_at: String,
    marking: Marking,
    recipients: Vec<String>,
    report_count: i64,
    hashes: Vec<(i64, String)>,
    references: Vec<String>,
}

fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

impl Session {
    /// Checks the kind against the user's rights; a full export needs a reason.
    async fn export_gate(&self, kind: BundleKind, reason: Option<&str>) -> CoreResult<UserInfo> {
        let me = self.authorise(Action::ExportBundle).await?;
        match kind {
            BundleKind::Full => {
                if !self.may(&me, Action::ExportFullBundle) {
                    return Err(CoreError::denied(
                        "a full export (original wording and source references) needs the export-full-bundle permission",
                    ));
                }
                if reason.is_none_or(|r| r.trim().is_empty()) {
                    return Err(CoreError::invalid(
                        "a full export carries the original wording and source references: give the reason it is authorised",
                    ));
                }
            }
            BundleKind::Tasking => {
                return Err(CoreError::invalid("a tasking package is made from taskings: use make_tasking_package (intel bundle tasking)"))
            }
            BundleKind::Records => {}
        }
        Ok(me)
    }

    /// What an export would carry and hold back now, and to whom. Writes nothing.
    pub async fn export_preview(&self, kind: BundleKind, peer_ids: &[String]) -> CoreResult<ExportPreview> {
        self.export_preview_with(kind, peer_ids, &ExportOptions::default()).await
    }

    pub async fn export_preview_with(&self, kind: BundleKind, peer_ids: &[String], opts: &ExportOptions) -> CoreResult<ExportPreview> {
        let me = self.authorise(Action::ExportBundle).await?;
        if kind == BundleKind::Tasking {
            return Err(CoreError::invalid("a tasking package is made from taskings, not previewed from the store"));
        }
        if kind == BundleKind::Full && !self.may(&me, Action::ExportFullBundle) {
            return Err(CoreError::denied("a full export needs the export-full-bundle permission"));
        }
        let mut conn = self.pool.acquire().await?;
        let recipients = super::peers::recipients(&mut conn, peer_ids).await?;
        let c = collect(&mut conn, &me, kind == BundleKind::Full, opts.all).await?;
        Ok(ExportPreview {
            kind,
            entities: c.payload.entities.len() as u32,
            links: c.payload.links.len() as u32,
            associations: c.payload.associations.len() as u32,
            disseminations: c.payload.disseminations.len() as u32,
            attachments: c.attachments.len() as u32,
            reports: c.lines,
            held_back: c.held_back,
            marking: c.marking,
            recipients: recipients.into_iter().map(|(label, _)| label).collect(),
        })
    }

    /// Signs and writes a bundle to `path` (whole or not at all), then records it.
    pub async fn export_to_file(
        &self,
        kind: BundleKind,
        peer_ids: &[String],
        reason: Option<String>,
        path: &Path,
    ) -> CoreResult<ExportedBundle> {
        self.export_to_file_with(kind, peer_ids, reason, path, &ExportOptions::default()).await
    }

    pub async fn export_to_file_with(
        &self,
        kind: BundleKind,
        peer_ids: &[String],
        reason: Option<String>,
        path: &Path,
        opts: &ExportOptions,
    ) -> CoreResult<ExportedBundle> {
        let me = self.export_gate(kind, reason.as_deref()).await?;
        let mut tx = self.begin().await?;
        let c = collect(&mut tx, &me, kind == BundleKind::Full, opts.all).await?;
        let made = self.make(&mut tx, &me, kind, peer_ids, reason.as_deref(), c, opts).await?;
        crate::fsutil::write_atomically(path, &made.bytes).map_err(|e| {
            CoreError::new(
                e.code(),
                format!("the bundle could not be written to {}: {e}. Nothing was exported; choose another folder", path.display()),
            )
        })?;
        let path_text = path.display().to_string();
        let head = self.record(&mut tx, &me, kind, reason.as_deref(), &made, Some(&path_text)).await?;
        self.commit(tx, head).await?;
        Ok(ExportedBundle { path: Some(path_text), bundle_id: made.bundle_id, sequence: made.sequence, report_count: made.report_count })
    }

    /// Makes a bundle and keeps it in the outbox until the gateway acknowledges it.
    pub async fn queue_export(&self, kind: BundleKind, peer_ids: &[String], reason: Option<String>) -> CoreResult<OutboxItem> {
        self.queue_export_with(kind, peer_ids, reason, &ExportOptions::default()).await
    }

    pub async fn queue_export_with(
        &self,
        kind: BundleKind,
        peer_ids: &[String],
        reason: Option<String>,
        opts: &ExportOptions,
    ) -> CoreResult<OutboxItem> {
        let me = self.export_gate(kind, reason.as_deref()).await?;
        let mut tx = self.begin().await?;
        let gateway: Option<(String,)> =
            sqlx::query_as("SELECT peer_id FROM peers WHERE kind = 'gateway' AND status = 'active'").fetch_optional(&mut *tx).await?;
        if gateway.is_none() {
            return Err(CoreError::invalid(
                "no force gateway is configured, so nothing can be queued for sync; export to a file instead, or have an administrator add the gateway",
            ));
        }
        let c = collect(&mut tx, &me, kind == BundleKind::Full, opts.all).await?;
        let made = self.make(&mut tx, &me, kind, peer_ids, reason.as_deref(), c, opts).await?;
        let head = self.record(&mut tx, &me, kind, reason.as_deref(), &made, None).await?;
        sqlx::query("INSERT INTO outbox (bundle_id, bytes, state) VALUES (?, ?, 'pending')")
            .bind(&made.bundle_id)
            .bind(&made.bytes)
            .execute(&mut *tx)
            .await?;
        let item = super::outbox::outbox_item(&mut tx, &made.bundle_id).await?;
        self.commit(tx, head).await?;
        Ok(item)
    }

    /// A tasking package for other workstations (managers and directors).
    pub async fn make_tasking_package(&self, taskings: Vec<TaskingRecord>, peer_ids: &[String], path: &Path) -> CoreResult<ExportedBundle> {
        let me = self.authorise(Action::ExportBundle).await?;
        if taskings.is_empty() {
            return Err(CoreError::invalid("a tasking package needs at least one tasking"));
        }
        let mut marking = Marking::Official;
        for t in &taskings {
            crate::cycle::required("a tasking's reference", &t.reference)?;
            crate::cycle::required("a tasking's title", &t.title)?;
            let m: Marking = t.marking.parse()?;
            if m > me.clearance {
                return Err(CoreError::denied(format!("you are cleared to {} and cannot send {m} taskings", me.clearance)));
            }
            marking = marking.max(m);
        }
        let payload = Payload { taskings, ..Payload::default() };
        let c = Collected { payload, attachments: BTreeMap::new(), lines: vec![], held_back: vec![], marking, hashes: vec![] };
        let opts = ExportOptions::default();
        let mut tx = self.begin().await?;
        let made = self.make(&mut tx, &me, BundleKind::Tasking, peer_ids, None, c, &opts).await?;
        crate::fsutil::write_atomically(path, &made.bytes).map_err(|e| {
            CoreError::new(
                e.code(),
                format!("the package could not be written to {}: {e}. Nothing was exported; choose another folder", path.display()),
            )
        })?;
        let path_text = path.display().to_string();
        let head = self.record(&mut tx, &me, BundleKind::Tasking, None, &made, Some(&path_text)).await?;
        self.commit(tx, head).await?;
        Ok(ExportedBundle { path: Some(path_text), bundle_id: made.bundle_id, sequence: made.sequence, report_count: 0 })
    }

    #[allow(clippy::too_many_arguments)]
    async fn make(
        &self,
        tx: &mut Tx,
        me: &UserInfo,
        kind: BundleKind,
        peer_ids: &[String],
        reason: Option<&str>,
        c: Collected,
        opts: &ExportOptions,
    ) -> CoreResult<Made> {
        if kind != BundleKind::Tasking && c.payload.reports.is_empty() {
            let why = if c.held_back.is_empty() { String::new() } else { format!(" ({} held back: see the preview)", c.held_back.len()) };
            return Err(CoreError::invalid(format!(
                "nothing to export: no report is new or changed since it was last sent{why}. Tick \"Include records already sent\" (intel: --all) to send every eligible report again"
            )));
        }
        if !(1..=365).contains(&opts.expires_in_days) {
            return Err(CoreError::invalid("a bundle's expiry must be between 1 and 365 days"));
        }
        let recipients = super::peers::recipients(&mut *tx, peer_ids).await?;
        let workstation = super::identity::workstation_id(&mut *tx).await?;
        let unit = meta::require(&mut *tx, meta::UNIT_NAME).await?;
        let (_, key) = super::identity::current_signing(&mut *tx).await?;
        let sequence: i64 = meta::get(&mut *tx, SEQUENCE_KEY).await?.and_then(|s| s.parse().ok()).unwrap_or(0) + 1;
        meta::set(&mut *tx, SEQUENCE_KEY, &sequence.to_string()).await?;
        let created_at = opts.created_at.unwrap_or_else(Utc::now);
        let expires_at = created_at + Duration::days(i64::from(opts.expires_in_days));
        let authorisation = match (kind, reason) {
            (BundleKind::Full, Some(r)) => Some(format!("full export authorised by {} ({}): {}", me.display_name, me.username, r.trim())),
            _ => None,
        };
        let bundle_id = format!("b-{}", uuid::Uuid::new_v4());
        let spec = BundleSpec {
            bundle_id: bundle_id.clone(),
            kind: kind.wire(),
            sender_id: workstation,
            unit,
            sequence: sequence as u64,
            created_at,
            expires_at,
            recipients: recipients.iter().map(|(_, r)| r.clone()).collect(),
            marking: c.marking.as_str().to_owned(),
            authorisation,
            payload: &c.payload,
            attachments: &c.attachments,
        };
        let (bytes, _) = intel_bundle::build(&spec, &key)?;
        Ok(Made {
            bundle_id,
            sequence,
            bytes,
            created_at: time_text(created_at),
            expires_at: time_text(expires_at),
            marking: c.marking,
            recipients: recipients.into_iter().map(|(label, _)| label).collect(),
            report_count: c.payload.reports.len() as i64,
            hashes: if kind == BundleKind::Records { c.hashes } else { vec![] },
            references: c.lines.into_iter().map(|l| l.reference).collect(),
        })
    }

    async fn record(
        &self,
        tx: &mut Tx,
        me: &UserInfo,
        kind: BundleKind,
        reason: Option<&str>,
        made: &Made,
        path: Option<&str>,
    ) -> CoreResult<audit::Head> {
        let recipients = serde_json::to_string(&made.recipients).map_err(|e| CoreError::internal(e.to_string()))?;
        sqlx::query(
            "INSERT INTO bundle_exports (bundle_id, sequence, kind, created_at, expires_at, created_by, marking, recipients, report_count, sha256, path, reason) \
             VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        )
        .bind(&made.bundle_id)
        .bind(made.sequence)
        .bind(kind.as_str())
        .bind(&made.created_at)
        .bind(&made.expires_at)
        .bind(me.id)
        .bind(made.marking.as_str())
        .bind(&recipients)
        .bind(made.report_count)
        .bind(intel_bundle::sha256_hex(&made.bytes))
        .bind(path)
        .bind(reason.map(str::trim))
        .execute(&mut **tx)
        .await?;
        let now = crate::cycle::now();
        for (report_id, hash) in &made.hashes {
            sqlx::query(
                "INSERT INTO sent_reports (report_id, content_hash, bundle_id, sent_at) VALUES (?,?,?,?) \
                 ON CONFLICT(report_id) DO UPDATE SET content_hash = excluded.content_hash, bundle_id = excluded.bundle_id, sent_at = excluded.sent_at",
            )
            .bind(report_id)
            .bind(hash)
            .bind(&made.bundle_id)
            .bind(&now)
            .execute(&mut **tx)
            .await?;
        }
        let action = match (kind, path) {
            (BundleKind::Full, _) => "bundle.export-full",
            (_, Some(_)) => "bundle.export",
            (_, None) => "bundle.queue",
        };
        audit::append(
            tx,
            &me.username,
            AuditEvent::new(action, format!("bundle:{}", made.bundle_id)).reason(reason.unwrap_or_default().trim()).details(
                serde_json::json!({
                    "kind": kind, "sequence": made.sequence, "reports": made.references, "recipients": made.recipients,
                    "marking": made.marking, "path": path, "sha256": intel_bundle::sha256_hex(&made.bytes),
                }),
            ),
        )
        .await
    }
}

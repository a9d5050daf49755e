//! Receipt and recording: an intelligence report gets a unique reference, a
//! marking, a priority and its text; attachments are kept inside the store.

use crate::audit::{self, AuditEvent};
use crate::cycle::search::reindex_report;
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::domain::report_fields::{Priority, SourceType};
use crate::domain::status::Status;
use crate::error::{CoreError, CoreResult};
use crate::meta;
use crate::session::{Session, UserInfo};
use chrono::{DateTime, Datelike, Months, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

/// Largest attachment accepted into the store.
pub const MAX_ATTACHMENT_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone)]
pub struct NewReport {
    pub marking: Marking,
    pub priority: Priority,
    pub source_type: SourceType,
    pub source_ref: Option<String>,
    pub submitting_officer: Option<String>,
    pub received_at: Option<DateTime<Utc>>,
    pub text: String,
    pub review_group: Option<i64>,
    pub attachments: Vec<NewAttachment>,
}

#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub file_name: String,
    pub media_type: String,
    pub content: Vec<u8>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct AttachmentInfo {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    pub file_name: String,
    pub media_type: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub size: i64,
    pub sha256: String,
}

/// A covert source is recorded by its reference number only, never its identity.
fn validate_source(source_type: SourceType, source_ref: Option<&str>) -> CoreResult<()> {
    let r = source_ref.map(str::trim).filter(|s| !s.is_empty());
    if source_type == SourceType::CovertSource {
        let Some(r) = r else {
            return Err(CoreError::invalid("a covert source report needs the source reference number (never the source's name)"));
        };
        let ok = regex::Regex::new(r"^[A-Za-z0-9][A-Za-z0-9/_-]{1,31}$").map(|re| re.is_match(r)).unwrap_or(false);
        if !ok || !r.chars().any(|c| c.is_ascii_digit()) {
            return Err(CoreError::invalid(
                "a covert source reference must be a reference number (letters, digits, '/', '-', up to 32 characters, with at least one digit), never a name",
            ));
        }
    }
    if let Some(r) = r {
        if r.chars().count() > 64 {
            return Err(CoreError::invalid("the source reference is too long (64 characters at most)"));
        }
    }
    Ok(())
}

/// Expands the unit's reference format: `{yyyy}`, `{yy}`, `{seq}` or `{seq:N}` (zero-padded).
pub fn format_reference(format: &str, year: i32, seq: i64) -> String {
    let mut out = format.replace("{yyyy}", &format!("{year:04}")).replace("{yy}", &format!("{:02}", year % 100));
    if let Some(start) = out.find("{seq") {
        if let Some(len) = out[start..].find('}') {
            let spec = &out[start..start + len + 1];
            let width: usize = spec.trim_start_matches("{seq").trim_start_matches(':').trim_end_matches('}').parse().unwrap_or(0);
            let formatted = format!("{seq:0width$}");
            out = out.replacen(spec, &formatted, 1);
        }
    }
    out
}

pub fn validate_reference_format(format: &str) -> CoreResult<()> {
    if !format.contains("{seq") {
        return Err(CoreError::invalid("the reference format must contain {seq} (or {seq:N}) so every reference is unique"));
    }
    if format.len() > 64 || format.chars().any(|c| c.is_control()) {
        return Err(CoreError::invalid("the reference format is too long or has control characters"));
    }
    Ok(())
}

async fn next_reference(conn: &mut SqliteConnection, now: DateTime<Utc>) -> CoreResult<String> {
    let format = meta::get(&mut *conn, meta::REFERENCE_FORMAT).await?.unwrap_or_else(|| meta::DEFAULT_REFERENCE_FORMAT.into());
    let counter_key = if format.contains("{yy") { format!("ref_seq_{}", now.year()) } else { "ref_seq".to_owned() };
    let mut seq: i64 = meta::get(&mut *conn, &counter_key).await?.and_then(|s| s.parse().ok()).unwrap_or(0) + 1;
    // An imported report keeps its sender's reference, which may be one this
    // unit's format would make next: skip past it rather than fail.
    let mut reference = format_reference(&format, now.year(), seq);
    while sqlx::query("SELECT 1 FROM reports WHERE reference = ?").bind(&reference).fetch_optional(&mut *conn).await?.is_some() {
        seq += 1;
        reference = format_reference(&format, now.year(), seq);
    }
    meta::set(&mut *conn, &counter_key, &seq.to_string()).await?;
    Ok(reference)
}

pub(crate) async fn review_due_for(conn: &mut SqliteConnection, group: i64, from: DateTime<Utc>) -> CoreResult<String> {
    let months: Option<(i64,)> = sqlx::query_as("SELECT review_after_months FROM retention_schedule WHERE review_group = ?")
        .bind(group)
        .fetch_optional(conn)
        .await?;
    let months = months.ok_or_else(|| CoreError::invalid(format!("review group {group} does not exist; groups are 1 to 4")))?.0;
    let due = from.checked_add_months(Months::new(months as u32)).unwrap_or(from);
    Ok(due.to_rfc3339())
}

pub(crate) async fn add_attachment_row(
    conn: &mut SqliteConnection,
    report_id: i64,
    a: &NewAttachment,
    user: &UserInfo,
) -> CoreResult<AttachmentInfo> {
    if a.content.len() > MAX_ATTACHMENT_BYTES {
        return Err(CoreError::invalid(format!(
            "attachment '{}' is {} MB; the limit is {} MB",
            a.file_name,
            a.content.len() / 1_000_000,
            MAX_ATTACHMENT_BYTES / 1_000_000
        )));
    }
    super::required("the attachment's file name", &a.file_name)?;
    let sha256 = hex::encode(Sha256::digest(&a.content));
    let id = sqlx::query(
        "INSERT INTO attachments (report_id, file_name, media_type, size, sha256, content, added_by, added_at) VALUES (?,?,?,?,?,?,?,?)",
    )
    .bind(report_id)
    .bind(&a.file_name)
    .bind(&a.media_type)
    .bind(a.content.len() as i64)
    .bind(&sha256)
    .bind(&a.content)
    .bind(user.id)
    .bind(super::now())
    .execute(conn)
    .await?
    .last_insert_rowid();
    Ok(AttachmentInfo { id, file_name: a.file_name.clone(), media_type: a.media_type.clone(), size: a.content.len() as i64, sha256 })
}

pub(crate) async fn report_id(conn: &mut SqliteConnection, reference: &str) -> CoreResult<(i64, Status, Marking)> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT id, status, marking FROM reports WHERE reference = ?").bind(reference).fetch_optional(conn).await?;
    let (id, status, marking) = row.ok_or_else(|| CoreError::not_found(format!("no report with reference '{reference}'")))?;
    Ok((id, status.parse()?, marking.parse()?))
}

/// The statements that record one report (row, first status, attachments,
/// index entry, audit entry) inside the caller's transaction. Shared by
/// `record_report` and the benchmark, so both measure the same work.
pub(crate) async fn insert_report(
    tx: &mut SqliteConnection,
    me: &UserInfo,
    new: &NewReport,
    now: DateTime<Utc>,
    received: DateTime<Utc>,
) -> CoreResult<(i64, String, crate::audit::Head)> {
    let group = new.review_group.unwrap_or(4);
    let reference = next_reference(&mut *tx, now).await?;
    let review_due = review_due_for(&mut *tx, group, now).await?;
    let officer = new.submitting_officer.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| me.display_name.clone());
    let id = sqlx::query(
            "INSERT INTO reports (reference, received_at, recorded_at, recorded_by, submitting_officer, source_type, source_ref, marking, priority, \
             original_text, status, review_group, review_due) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
        )
        .bind(&reference)
        .bind(received.to_rfc3339())
        .bind(now.to_rfc3339())
        .bind(me.id)
        .bind(&officer)
        .bind(new.source_type.as_str())
        .bind(new.source_ref.as_deref().map(str::trim).filter(|s| !s.is_empty()))
        .bind(new.marking.as_str())
        .bind(new.priority.as_str())
        .bind(&new.text)
        .bind(Status::Received.as_str())
        .bind(group)
        .bind(&review_due)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
    sqlx::query("INSERT INTO status_history (report_id, from_status, to_status, changed_by, changed_at, reason) VALUES (?, NULL, 'received', ?, ?, 'recorded')")
            .bind(id)
            .bind(me.id)
            .bind(super::now())
            .execute(&mut *tx)
            .await?;
    let mut hashes = Vec::new();
    for a in &new.attachments {
        let info = add_attachment_row(&mut *tx, id, a, me).await?;
        hashes.push(serde_json::json!({"file": info.file_name, "sha256": info.sha256, "size": info.size}));
    }
    reindex_report(&mut *tx, id).await?;
    let head = audit::append(
        &mut *tx,
        &me.username,
        AuditEvent::new("report.create", format!("report:{reference}")).details(serde_json::json!({
            "marking": new.marking, "priority": new.priority, "source_type": new.source_type, "attachments": hashes
        })),
    )
    .await?;
    Ok((id, reference, head))
}

impl Session {
    /// Finds a report the user is cleared to see; one above their clearance is
    /// reported as not found, so its existence does not leak.
    pub(crate) async fn visible_report(&self, conn: &mut SqliteConnection, user: &UserInfo, reference: &str) -> CoreResult<(i64, Status)> {
        let (id, status, marking) = report_id(conn, reference).await?;
        if marking > user.clearance {
            return Err(CoreError::not_found(format!("no report with reference '{reference}'")));
        }
        Ok((id, status))
    }

    /// Records a new report and returns its reference.
    pub async fn record_report(&self, new: NewReport) -> CoreResult<String> {
        let me = self.authorise(Action::RecordCreate).await?;
        super::required("the report's text", &new.text)?;
        validate_source(new.source_type, new.source_ref.as_deref())?;
        if new.marking > me.clearance {
            return Err(CoreError::denied(format!("you are cleared to {} and cannot record {} material", me.clearance, new.marking)));
        }
        let now = Utc::now();
        let received = new.received_at.unwrap_or(now);
        if received > now + chrono::Duration::minutes(5) {
            return Err(CoreError::invalid("the received time is in the future"));
        }
        let mut tx = self.begin().await?;
        let (_, reference, head) = insert_report(&mut tx, &me, &new, now, received).await?;
        self.commit(tx, head).await?;
        Ok(reference)
    }

    pub async fn add_attachment(&self, reference: &str, a: NewAttachment) -> CoreResult<AttachmentInfo> {
        let me = self.authorise(Action::RecordCreate).await?;
        let mut tx = self.begin().await?;
        let (id, status) = self.visible_report(&mut tx, &me, reference).await?;
        if status == Status::Archived {
            return Err(CoreError::new(crate::ErrorCode::IllegalTransition, "the report is archived; it can no longer change"));
        }
        let info = add_attachment_row(&mut tx, id, &a, &me).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("report.attach", format!("report:{reference}"))
                .details(serde_json::json!({"file": info.file_name, "sha256": info.sha256})),
        )
        .await?;
        self.commit(tx, head).await?;
        Ok(info)
    }

    /// Reads an attachment's bytes (audited). Only those entitled to the
    /// original wording may read attachments: they are unsanitised material.
    pub async fn read_attachment(&self, reference: &str, attachment_id: i64) -> CoreResult<(AttachmentInfo, Vec<u8>)> {
        let me = self.authorise(Action::ViewOriginalText).await?;
        let mut conn = self.pool.acquire().await?;
        let (id, _) = self.visible_report(&mut conn, &me, reference).await?;
        type AttachmentRow = (i64, String, String, i64, String, Option<Vec<u8>>);
        let row: Option<AttachmentRow> =
            sqlx::query_as("SELECT id, file_name, media_type, size, sha256, content FROM attachments WHERE id = ? AND report_id = ?")
                .bind(attachment_id)
                .bind(id)
                .fetch_optional(&mut *conn)
                .await?;
        drop(conn);
        let (aid, file_name, media_type, size, sha256, content) =
            row.ok_or_else(|| CoreError::not_found("no such attachment on this report"))?;
        let content = content.ok_or_else(|| CoreError::not_found("this attachment was disposed of at review"))?;
        if hex::encode(Sha256::digest(&content)) != sha256 {
            return Err(CoreError::damaged("the attachment's content does not match its recorded SHA-256; restore the store from backup"));
        }
        self.audit_only(
            AuditEvent::new("report.read-attachment", format!("report:{reference}")).details(serde_json::json!({"attachment": aid})),
        )
        .await?;
        Ok((AttachmentInfo { id: aid, file_name, media_type, size, sha256 }, content))
    }
}

//! Gathering what a records (or full) bundle carries from the store, and
//! what is held back and why. Only reports that are evaluated, sanitised,
//! not disposed and within the exporter's clearance leave; a records bundle
//! never carries the original wording or the source reference.

use super::types::{ExportReportLine, HeldBack};
use crate::domain::marking::Marking;
use crate::error::{CoreError, CoreResult};
use crate::session::UserInfo;
use intel_bundle::{
    AssociationRecord, AttachmentRecord, DisseminationRecord, EntityRecord, GradeRecord, LinkRecord, Payload, ReportRecord,
};
use sqlx::SqliteConnection;
use std::collections::{BTreeMap, BTreeSet};

pub(crate) struct Collected {
    pub payload: Payload,
    /// Attachment bytes by SHA-256.
    pub attachments: BTreeMap<String, Vec<u8>>,
    pub lines: Vec<ExportReportLine>,
    pub held_back: Vec<HeldBack>,
    pub marking: Marking,
    /// (local report id, content hash) of every report carried.
    pub hashes: Vec<(i64, String)>,
}

type GradeRow = (String, String, String, Option<String>, Option<String>, String, String, String, Option<String>);
type DisseminationRow = (i64, String, String, String, Option<String>, String, String, String, Option<String>, Option<String>);

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    reference: String,
    received_at: String,
    recorded_at: String,
    submitting_officer: String,
    source_type: String,
    source_ref: Option<String>,
    marking: String,
    priority: String,
    status: String,
    sanitised_text: Option<String>,
    original_text: String,
    review_group: i64,
    review_due: String,
    disposed_at: Option<String>,
    grade: Option<String>,
}

/// What identifies a report's carried content: the report with its grades and
/// attachments, its links with the linked entities, and its disseminations.
/// The sender uses it to send only changes; the receiver to tell new, updated
/// and unchanged reports apart. Both compute it from the payload's records.
pub(crate) fn content_hash(report: &ReportRecord, payload: &Payload) -> String {
    let links: Vec<&LinkRecord> = payload.links.iter().filter(|l| l.report_id == report.id).collect();
    let entity_ids: BTreeSet<u64> = links.iter().map(|l| l.entity_id).collect();
    let entities: Vec<&EntityRecord> = payload.entities.iter().filter(|e| entity_ids.contains(&e.id)).collect();
    let disseminations: Vec<&DisseminationRecord> = payload.disseminations.iter().filter(|d| d.report_id == report.id).collect();
    let value = serde_json::json!([report, links, entities, disseminations]);
    intel_bundle::sha256_hex(value.to_string().as_bytes())
}

fn id_u64(id: i64) -> u64 {
    id.max(0) as u64
}

pub(crate) async fn collect(conn: &mut SqliteConnection, me: &UserInfo, full: bool, all: bool) -> CoreResult<Collected> {
    let rows: Vec<Row> = sqlx::query_as(crate::sqlf!(
        "SELECT r.id, r.reference, r.received_at, r.recorded_at, r.submitting_officer, r.source_type, r.source_ref, r.marking, r.priority, \
         r.status, r.sanitised_text, r.original_text, r.review_group, r.review_due, r.disposed_at, \
         (SELECT e.source_grade || e.intelligence_grade || e.handling_code FROM evaluations e \
          WHERE e.report_id = r.id AND e.scheme = '3x5x2' AND e.superseded_at IS NULL) AS grade \
         FROM reports r WHERE r.marking IN ({}) AND r.id NOT IN (SELECT report_id FROM origin_reports) ORDER BY r.id",
        crate::cycle::search::marking_list(me.clearance)
    ))
    .fetch_all(&mut *conn)
    .await?;
    let sent: BTreeMap<i64, String> = sqlx::query_as::<_, (i64, String)>("SELECT report_id, content_hash FROM sent_reports")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .collect();

    let mut payload = Payload::default();
    let mut held_back = Vec::new();
    let mut carried: Vec<(Row, ReportRecord)> = Vec::new();
    let mut attachments = BTreeMap::new();
    for row in rows {
        let reason = if row.disposed_at.is_some() {
            Some("disposed of at review")
        } else if row.grade.is_none() {
            Some("not yet evaluated")
        } else if row.sanitised_text.is_none() {
            Some("not sanitised")
        } else {
            None
        };
        if let Some(reason) = reason {
            held_back.push(HeldBack { reference: row.reference.clone(), reason: reason.into() });
            continue;
        }
        let record = report_record(&mut *conn, &row, full, &mut attachments).await?;
        carried.push((row, record));
    }
    payload.reports = carried.iter().map(|(_, r)| r.clone()).collect();
    add_development(&mut *conn, &mut payload).await?;

    // Change tracking: a records export leaves out what was sent unchanged.
    let mut hashes = Vec::new();
    let mut keep: BTreeSet<u64> = BTreeSet::new();
    for (row, record) in &carried {
        let hash = content_hash(record, &payload);
        if full || all || sent.get(&row.id) != Some(&hash) {
            keep.insert(record.id);
            hashes.push((row.id, hash));
        }
    }
    if keep.len() != payload.reports.len() {
        payload.reports.retain(|r| keep.contains(&r.id));
        payload.links.clear();
        payload.entities.clear();
        payload.associations.clear();
        payload.disseminations.clear();
        add_development(&mut *conn, &mut payload).await?;
        let wanted: BTreeSet<String> = payload.reports.iter().flat_map(|r| r.attachments.iter().map(|a| a.sha256.clone())).collect();
        attachments.retain(|h, _| wanted.contains(h));
    }

    let mut marking = Marking::Official;
    let mut lines = Vec::new();
    for (row, record) in &carried {
        if keep.contains(&record.id) {
            let m: Marking = row.marking.parse()?;
            marking = marking.max(m);
            lines.push(ExportReportLine { reference: row.reference.clone(), grade: row.grade.clone(), marking: m });
        }
    }
    Ok(Collected { payload, attachments, lines, held_back, marking, hashes })
}

async fn report_record(
    conn: &mut SqliteConnection,
    row: &Row,
    full: bool,
    attachments: &mut BTreeMap<String, Vec<u8>>,
) -> CoreResult<ReportRecord> {
    let grades: Vec<GradeRow> = sqlx::query_as(
        "SELECT e.scheme, e.source_grade, e.intelligence_grade, e.handling_code, e.conditions, e.rationale, \
         COALESCE(e.origin_evaluated_by, u.username), e.evaluated_at, e.superseded_at \
         FROM evaluations e JOIN users u ON u.id = e.evaluated_by WHERE e.report_id = ? \
         ORDER BY (e.scheme = '3x5x2' AND e.superseded_at IS NULL) DESC, e.id DESC",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let files: Vec<(String, String, i64, String, Vec<u8>)> = sqlx::query_as(
        "SELECT file_name, media_type, size, sha256, content FROM attachments WHERE report_id = ? AND content IS NOT NULL ORDER BY id",
    )
    .bind(row.id)
    .fetch_all(&mut *conn)
    .await?;
    let mut records = Vec::new();
    for (file_name, media_type, size, sha256, content) in files {
        if intel_bundle::sha256_hex(&content) != sha256 {
            return Err(CoreError::damaged(format!(
                "an attachment of {} does not match its recorded SHA-256; nothing was exported. Restore the store from backup",
                row.reference
            )));
        }
        records.push(AttachmentRecord { file_name, media_type, size: id_u64(size), sha256: sha256.clone() });
        attachments.insert(sha256, content);
    }
    Ok(ReportRecord {
        id: id_u64(row.id),
        reference: row.reference.clone(),
        received_at: row.received_at.clone(),
        recorded_at: row.recorded_at.clone(),
        submitting_officer: row.submitting_officer.clone(),
        source_type: row.source_type.clone(),
        source_ref: if full { row.source_ref.clone() } else { None },
        marking: row.marking.clone(),
        priority: row.priority.clone(),
        status: row.status.clone(),
        sanitised_text: row.sanitised_text.clone(),
        original_text: full.then(|| row.original_text.clone()),
        grades: grades
            .into_iter()
            .map(
                |(
                    scheme,
                    source_grade,
                    intelligence_grade,
                    handling_code,
                    conditions,
                    rationale,
                    evaluated_by,
                    evaluated_at,
                    superseded_at,
                )| {
                    GradeRecord {
                        scheme,
                        source_grade,
                        intelligence_grade,
                        handling_code,
                        conditions,
                        rationale,
                        evaluated_by,
                        evaluated_at,
                        superseded_at,
                    }
                },
            )
            .collect(),
        review_group: row.review_group,
        review_due: row.review_due.clone(),
        attachments: records,
    })
}

/// Links of the carried reports, the linked entities, associations between
/// carried entities, and the carried reports' disseminations.
async fn add_development(conn: &mut SqliteConnection, payload: &mut Payload) -> CoreResult<()> {
    let reports: BTreeSet<u64> = payload.reports.iter().map(|r| r.id).collect();
    let mut entities: BTreeSet<u64> = BTreeSet::new();
    for &report in &reports {
        let links: Vec<(i64, String)> =
            sqlx::query_as("SELECT entity_id, role FROM report_entities WHERE report_id = ? ORDER BY entity_id, role")
                .bind(report as i64)
                .fetch_all(&mut *conn)
                .await?;
        for (entity, role) in links {
            entities.insert(id_u64(entity));
            payload.links.push(LinkRecord { report_id: report, entity_id: id_u64(entity), role });
        }
        let ds: Vec<DisseminationRow> = sqlx::query_as(
            "SELECT d.id, d.recipient, d.purpose, d.handling_code, d.conditions, d.state, COALESCE(d.origin_requested_by, ru.username), \
             d.requested_at, COALESCE(d.origin_authorised_by, au.username), d.released_at \
             FROM disseminations d JOIN users ru ON ru.id = d.requested_by LEFT JOIN users au ON au.id = d.authorised_by \
             WHERE d.report_id = ? ORDER BY d.id",
        )
        .bind(report as i64)
        .fetch_all(&mut *conn)
        .await?;
        for (id, recipient, purpose, handling_code, conditions, state, requested_by, requested_at, authorised_by, released_at) in ds {
            payload.disseminations.push(DisseminationRecord {
                id: id_u64(id),
                report_id: report,
                recipient,
                purpose,
                handling_code,
                conditions,
                state,
                requested_by,
                requested_at,
                authorised_by,
                released_at,
            });
        }
    }
    for &id in &entities {
        let (kind, object_type, label, details, ocgm_band): (String, Option<String>, String, String, Option<String>) =
            sqlx::query_as("SELECT kind, object_type, label, details, ocgm_band FROM entities WHERE id = ?")
                .bind(id as i64)
                .fetch_one(&mut *conn)
                .await?;
        payload.entities.push(EntityRecord { id, kind, object_type, label, details, ocgm_band });
    }
    for &id in &entities {
        let rows: Vec<(i64, i64, i64, String, bool, Option<i64>)> = sqlx::query_as(
            "SELECT id, from_entity, to_entity, kind, confirmed, supporting_report_id FROM associations WHERE from_entity = ? ORDER BY id",
        )
        .bind(id as i64)
        .fetch_all(&mut *conn)
        .await?;
        for (aid, from, to, kind, confirmed, supporting) in rows {
            if !entities.contains(&id_u64(to)) {
                continue;
            }
            let supporting_report_id = supporting.map(id_u64).filter(|r| reports.contains(r));
            payload.associations.push(AssociationRecord {
                id: id_u64(aid),
                from_entity: id_u64(from),
                to_entity: id_u64(to),
                kind,
                confirmed,
                supporting_report_id,
            });
        }
    }
    Ok(())
}

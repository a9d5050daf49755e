//! Writing an opened, checked bundle into the store, inside the caller's
//! immediate transaction. Rows are keyed on (sender, the sender's id) through
//! the origin tables, so a re-sent report or entity updates the copy here.
//! Foreign keys need a local user: imported rows name the importing user and
//! keep the sender's own names beside them (origin_* columns).

use super::types::{ImportReport, ImportReportLine, ImportVia, ReportChange};
use crate::cycle::search::reindex_report;
use crate::error::{CoreError, CoreResult};
use crate::session::UserInfo;
use intel_bundle::{OpenedBundle, Reject};
use sqlx::SqliteConnection;
use std::collections::HashMap;

fn bad(message: String) -> CoreError {
    CoreError::Bundle { reason: Reject::BadPayload, message }
}

/// A constraint the payload broke (a grade outside its scheme, say) is the
/// bundle's fault, not the store's: report it as a payload refusal.
fn constraint(what: &str) -> impl Fn(sqlx::Error) -> CoreError + '_ {
    move |e| match &e {
        sqlx::Error::Database(db) if db.message().contains("constraint failed") => {
            bad(format!("The bundle's {what} is not valid here ({}); nothing was imported.", db.message()))
        }
        _ => CoreError::Database(e),
    }
}

pub(crate) async fn apply(
    conn: &mut SqliteConnection,
    me: &UserInfo,
    b: &OpenedBundle,
    lines: &[ImportReportLine],
    via: ImportVia,
    bytes: &[u8],
) -> CoreResult<ImportReport> {
    let m = &b.manifest;
    let sender = m.sender.id.as_str();
    let label = b.signer.label.as_str();
    let now = crate::cycle::now();
    sqlx::query(
        "INSERT INTO bundle_imports (bundle_id, sender_id, sender_unit, sender_label, sequence, kind, marking, created_at, imported_at, \
         imported_by, via, report_count, sha256, manifest, signature) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    )
    .bind(&m.bundle_id)
    .bind(sender)
    .bind(&m.sender.unit)
    .bind(label)
    .bind(m.sequence as i64)
    .bind(m.kind.as_str())
    .bind(&m.marking)
    .bind(m.created_at.to_rfc3339())
    .bind(&now)
    .bind(me.id)
    .bind(via.as_str())
    .bind(b.payload.reports.len() as i64)
    .bind(intel_bundle::sha256_hex(bytes))
    .bind(String::from_utf8_lossy(&b.manifest_bytes).into_owned())
    .bind(&b.signature)
    .execute(&mut *conn)
    .await?;

    // Entities first: links and associations point at them.
    let mut entity_ids: HashMap<u64, i64> = HashMap::new();
    for e in &b.payload.entities {
        let existing: Option<(i64,)> = sqlx::query_as("SELECT entity_id FROM origin_entities WHERE sender_id = ? AND origin_id = ?")
            .bind(sender)
            .bind(e.id as i64)
            .fetch_optional(&mut *conn)
            .await?;
        let id = match existing {
            Some((id,)) => {
                sqlx::query("UPDATE entities SET kind = ?, object_type = ?, label = ?, details = ?, ocgm_band = ? WHERE id = ?")
                    .bind(&e.kind)
                    .bind(&e.object_type)
                    .bind(&e.label)
                    .bind(&e.details)
                    .bind(&e.ocgm_band)
                    .bind(id)
                    .execute(&mut *conn)
                    .await
                    .map_err(constraint("entity"))?;
                id
            }
            None => {
                let id = sqlx::query(
                    "INSERT INTO entities (kind, object_type, label, details, ocgm_band, created_by, created_at) VALUES (?,?,?,?,?,?,?)",
                )
                .bind(&e.kind)
                .bind(&e.object_type)
                .bind(&e.label)
                .bind(&e.details)
                .bind(&e.ocgm_band)
                .bind(me.id)
                .bind(&now)
                .execute(&mut *conn)
                .await
                .map_err(constraint("entity"))?
                .last_insert_rowid();
                remember_origin(conn, Origin::Entity, sender, e.id, id).await?;
                id
            }
        };
        entity_ids.insert(e.id, id);
    }

    let mut report_ids: HashMap<u64, i64> = HashMap::new();
    let (mut added, mut updated) = (0u32, 0u32);
    for (r, line) in b.payload.reports.iter().zip(lines) {
        let existing: Option<(i64, String)> = sqlx::query_as(
            "SELECT o.report_id, r.status FROM origin_reports o JOIN reports r ON r.id = o.report_id WHERE o.sender_id = ? AND o.origin_id = ?",
        )
        .bind(sender)
        .bind(r.id as i64)
        .fetch_optional(&mut *conn)
        .await?;
        let original = r.original_text.clone().unwrap_or_default();
        let id = match &existing {
            Some((id, old_status)) => {
                sqlx::query(
                    "UPDATE reports SET received_at = ?, recorded_at = ?, submitting_officer = ?, source_type = ?, source_ref = ?, marking = ?, \
                     priority = ?, original_text = ?, sanitised_text = ?, status = ?, review_group = ?, review_due = ? WHERE id = ?",
                )
                .bind(&r.received_at)
                .bind(&r.recorded_at)
                .bind(&r.submitting_officer)
                .bind(&r.source_type)
                .bind(&r.source_ref)
                .bind(&r.marking)
                .bind(&r.priority)
                .bind(&original)
                .bind(&r.sanitised_text)
                .bind(&r.status)
                .bind(r.review_group)
                .bind(&r.review_due)
                .bind(id)
                .execute(&mut *conn)
                .await
                .map_err(constraint("report"))?;
                if *old_status != r.status {
                    status_row(&mut *conn, *id, Some(old_status), &r.status, me, label, &m.bundle_id).await?;
                }
                // The sender's grades, attachments and links replace the copy's.
                for table in ["evaluations", "attachments", "report_entities"] {
                    sqlx::query(crate::sqlf!("DELETE FROM {table} WHERE report_id = ?")).bind(id).execute(&mut *conn).await?;
                }
                if line.change != ReportChange::Unchanged {
                    updated += 1;
                }
                *id
            }
            None => {
                let id = sqlx::query(
                    "INSERT INTO reports (reference, received_at, recorded_at, recorded_by, submitting_officer, source_type, source_ref, marking, \
                     priority, original_text, sanitised_text, status, review_group, review_due) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                )
                .bind(&r.reference)
                .bind(&r.received_at)
                .bind(&r.recorded_at)
                .bind(me.id)
                .bind(&r.submitting_officer)
                .bind(&r.source_type)
                .bind(&r.source_ref)
                .bind(&r.marking)
                .bind(&r.priority)
                .bind(&original)
                .bind(&r.sanitised_text)
                .bind(&r.status)
                .bind(r.review_group)
                .bind(&r.review_due)
                .execute(&mut *conn)
                .await
                .map_err(constraint("report"))?
                .last_insert_rowid();
                status_row(&mut *conn, id, None, &r.status, me, label, &m.bundle_id).await?;
                added += 1;
                id
            }
        };
        // Oldest first, so local ids follow the sender's order.
        for g in r.grades.iter().rev() {
            sqlx::query(
                "INSERT INTO evaluations (report_id, scheme, source_grade, intelligence_grade, handling_code, conditions, rationale, evaluated_by, \
                 evaluated_at, superseded_at, origin_evaluated_by) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            )
            .bind(id)
            .bind(&g.scheme)
            .bind(&g.source_grade)
            .bind(&g.intelligence_grade)
            .bind(&g.handling_code)
            .bind(&g.conditions)
            .bind(&g.rationale)
            .bind(me.id)
            .bind(&g.evaluated_at)
            .bind(&g.superseded_at)
            .bind(&g.evaluated_by)
            .execute(&mut *conn)
            .await
            .map_err(constraint("grade"))?;
        }
        for a in &r.attachments {
            let content =
                b.attachments.get(&a.sha256).ok_or_else(|| bad(format!("attachment {} is missing from the bundle", a.file_name)))?;
            sqlx::query(
                "INSERT INTO attachments (report_id, file_name, media_type, size, sha256, content, added_by, added_at) VALUES (?,?,?,?,?,?,?,?)",
            )
            .bind(id)
            .bind(&a.file_name)
            .bind(&a.media_type)
            .bind(content.len() as i64)
            .bind(&a.sha256)
            .bind(content)
            .bind(me.id)
            .bind(&now)
            .execute(&mut *conn)
            .await?;
        }
        let hash = super::collect::content_hash(r, &b.payload);
        sqlx::query(
            "INSERT INTO origin_reports (sender_id, origin_id, report_id, origin_reference, sender_label, content_hash, original_carried, bundle_id) \
             VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(sender_id, origin_id) DO UPDATE SET content_hash = excluded.content_hash, \
             original_carried = excluded.original_carried, bundle_id = excluded.bundle_id, sender_label = excluded.sender_label",
        )
        .bind(sender)
        .bind(r.id as i64)
        .bind(id)
        .bind(&r.reference)
        .bind(label)
        .bind(&hash)
        .bind(r.original_text.is_some() as i64)
        .bind(&m.bundle_id)
        .execute(&mut *conn)
        .await?;
        report_ids.insert(r.id, id);
    }

    for l in &b.payload.links {
        let (Some(report), Some(entity)) = (report_ids.get(&l.report_id), entity_ids.get(&l.entity_id)) else {
            return Err(bad("a link names a report or entity the bundle does not carry".into()));
        };
        sqlx::query("INSERT OR IGNORE INTO report_entities (report_id, entity_id, role, linked_by, linked_at) VALUES (?,?,?,?,?)")
            .bind(report)
            .bind(entity)
            .bind(&l.role)
            .bind(me.id)
            .bind(&now)
            .execute(&mut *conn)
            .await?;
    }

    for a in &b.payload.associations {
        let (Some(from), Some(to)) = (entity_ids.get(&a.from_entity), entity_ids.get(&a.to_entity)) else {
            return Err(bad("an association names an entity the bundle does not carry".into()));
        };
        let supporting = a.supporting_report_id.and_then(|r| report_ids.get(&r).copied());
        let existing: Option<(i64,)> =
            sqlx::query_as("SELECT association_id FROM origin_associations WHERE sender_id = ? AND origin_id = ?")
                .bind(sender)
                .bind(a.id as i64)
                .fetch_optional(&mut *conn)
                .await?;
        match existing {
            Some((id,)) => {
                sqlx::query("UPDATE associations SET from_entity = ?, to_entity = ?, kind = ?, confirmed = ?, supporting_report_id = ? WHERE id = ?")
                    .bind(from)
                    .bind(to)
                    .bind(&a.kind)
                    .bind(a.confirmed as i64)
                    .bind(supporting)
                    .bind(id)
                    .execute(&mut *conn)
                    .await
                    .map_err(constraint("association"))?;
            }
            None => {
                let id = sqlx::query(
                    "INSERT INTO associations (from_entity, to_entity, kind, confirmed, supporting_report_id, created_by, created_at) VALUES (?,?,?,?,?,?,?)",
                )
                .bind(from)
                .bind(to)
                .bind(&a.kind)
                .bind(a.confirmed as i64)
                .bind(supporting)
                .bind(me.id)
                .bind(&now)
                .execute(&mut *conn)
                .await
                .map_err(constraint("association"))?
                .last_insert_rowid();
                remember_origin(conn, Origin::Association, sender, a.id, id).await?;
            }
        }
    }

    for d in &b.payload.disseminations {
        let Some(&report) = report_ids.get(&d.report_id) else {
            return Err(bad("a dissemination names a report the bundle does not carry".into()));
        };
        // What was released is the sanitised wording the bundle carries.
        let released_text = if d.state == "released" {
            b.payload.reports.iter().find(|r| r.id == d.report_id).and_then(|r| r.sanitised_text.clone())
        } else {
            None
        };
        let authorised_by = d.authorised_by.as_ref().map(|_| me.id);
        let existing: Option<(i64,)> =
            sqlx::query_as("SELECT dissemination_id FROM origin_disseminations WHERE sender_id = ? AND origin_id = ?")
                .bind(sender)
                .bind(d.id as i64)
                .fetch_optional(&mut *conn)
                .await?;
        match existing {
            Some((id,)) => {
                sqlx::query(
                    "UPDATE disseminations SET recipient = ?, purpose = ?, handling_code = ?, conditions = ?, conditions_acknowledged = ?, state = ?, \
                     requested_at = ?, authorised_by = ?, released_text = ?, released_at = ?, origin_requested_by = ?, origin_authorised_by = ? WHERE id = ?",
                )
                .bind(&d.recipient)
                .bind(&d.purpose)
                .bind(&d.handling_code)
                .bind(&d.conditions)
                .bind((d.handling_code == "C") as i64)
                .bind(&d.state)
                .bind(&d.requested_at)
                .bind(authorised_by)
                .bind(&released_text)
                .bind(&d.released_at)
                .bind(&d.requested_by)
                .bind(&d.authorised_by)
                .bind(id)
                .execute(&mut *conn)
                .await
                .map_err(constraint("dissemination"))?;
            }
            None => {
                let id = sqlx::query(
                    "INSERT INTO disseminations (report_id, recipient, purpose, handling_code, conditions, conditions_acknowledged, state, requested_by, \
                     requested_at, authorised_by, released_text, released_at, origin_requested_by, origin_authorised_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                )
                .bind(report)
                .bind(&d.recipient)
                .bind(&d.purpose)
                .bind(&d.handling_code)
                .bind(&d.conditions)
                .bind((d.handling_code == "C") as i64)
                .bind(&d.state)
                .bind(me.id)
                .bind(&d.requested_at)
                .bind(authorised_by)
                .bind(&released_text)
                .bind(&d.released_at)
                .bind(&d.requested_by)
                .bind(&d.authorised_by)
                .execute(&mut *conn)
                .await
                .map_err(constraint("dissemination"))?
                .last_insert_rowid();
                remember_origin(conn, Origin::Dissemination, sender, d.id, id).await?;
            }
        }
    }

    for t in &b.payload.taskings {
        sqlx::query(
            "INSERT INTO taskings (sender_id, reference, title, body, issued_by, due_at, marking, received_at, bundle_id) VALUES (?,?,?,?,?,?,?,?,?) \
             ON CONFLICT(sender_id, reference) DO UPDATE SET title = excluded.title, body = excluded.body, issued_by = excluded.issued_by, \
             due_at = excluded.due_at, marking = excluded.marking, received_at = excluded.received_at, bundle_id = excluded.bundle_id",
        )
        .bind(sender)
        .bind(&t.reference)
        .bind(&t.title)
        .bind(&t.body)
        .bind(&t.issued_by)
        .bind(&t.due_at)
        .bind(&t.marking)
        .bind(&now)
        .bind(&m.bundle_id)
        .execute(&mut *conn)
        .await
        .map_err(constraint("tasking"))?;
    }

    // Search sees the new wording and entity labels.
    for &id in report_ids.values() {
        reindex_report(&mut *conn, id).await?;
    }

    Ok(ImportReport {
        bundle_id: m.bundle_id.clone(),
        sender_label: label.to_owned(),
        sequence: m.sequence as i64,
        reports_added: added,
        reports_updated: updated,
        entities: b.payload.entities.len() as u32,
        links: b.payload.links.len() as u32,
        associations: b.payload.associations.len() as u32,
        disseminations: b.payload.disseminations.len() as u32,
        attachments: b.attachments.len() as u32,
        taskings: b.payload.taskings.len() as u32,
        imported_at: now,
    })
}

/// The sender's records that became local rows, so a re-sent one updates its
/// copy instead of adding another. (Reports keep more: see `origin_reports`.)
#[derive(Clone, Copy)]
enum Origin {
    Entity,
    Association,
    Dissemination,
}

async fn remember_origin(conn: &mut SqliteConnection, map: Origin, sender: &str, origin_id: u64, local_id: i64) -> CoreResult<()> {
    let sql = match map {
        Origin::Entity => "INSERT INTO origin_entities (sender_id, origin_id, entity_id) VALUES (?,?,?)",
        Origin::Association => "INSERT INTO origin_associations (sender_id, origin_id, association_id) VALUES (?,?,?)",
        Origin::Dissemination => "INSERT INTO origin_disseminations (sender_id, origin_id, dissemination_id) VALUES (?,?,?)",
    };
    sqlx::query(sql).bind(sender).bind(origin_id as i64).bind(local_id).execute(conn).await?;
    Ok(())
}

async fn status_row(
    conn: &mut SqliteConnection,
    report: i64,
    from: Option<&str>,
    to: &str,
    me: &UserInfo,
    sender_label: &str,
    bundle_id: &str,
) -> CoreResult<()> {
    sqlx::query("INSERT INTO status_history (report_id, from_status, to_status, changed_by, changed_at, reason) VALUES (?,?,?,?,?,?)")
        .bind(report)
        .bind(from)
        .bind(to)
        .bind(me.id)
        .bind(crate::cycle::now())
        .bind(format!("imported from {sender_label} (bundle {bundle_id})"))
        .execute(conn)
        .await?;
    Ok(())
}

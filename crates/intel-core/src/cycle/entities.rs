//! Development: POLE entities and organisations, their links to reports and
//! their associations with each other. A merge only points the duplicate at
//! the survivor, so it can be undone exactly.

use super::search::reindex_report;
use crate::audit::{self, AuditEvent};
use crate::domain::permission::Action;
use crate::domain::vocabulary;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::Session;
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EntityKind {
    Person,
    Object,
    Location,
    Event,
    Organisation,
}
vocabulary!(EntityKind, "entity kind", {
    Person => "person", Object => "object", Location => "location", Event => "event", Organisation => "organisation",
});

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ObjectType {
    Vehicle,
    Phone,
    Email,
    Weapon,
    Other,
}
vocabulary!(ObjectType, "object type", {
    Vehicle => "vehicle", Phone => "phone", Email => "email", Weapon => "weapon", Other => "other",
});

#[derive(Debug, Clone)]
pub struct NewEntity {
    pub kind: EntityKind,
    pub object_type: Option<ObjectType>,
    pub label: String,
    pub details: serde_json::Value,
    pub ocgm_band: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Entity {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    pub kind: String,
    pub object_type: Option<String>,
    pub label: String,
    pub details: String,
    pub ocgm_band: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub merged_into: Option<i64>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Association {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub from_entity: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub to_entity: i64,
    pub kind: String,
    pub confirmed: bool,
    pub supporting_reference: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct LinkedReport {
    pub reference: String,
    pub role: String,
    pub recorded_at: String,
    pub status: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct EntityView {
    pub entity: Entity,
    /// Entities merged into this one (their links show here too).
    pub merged: Vec<Entity>,
    pub reports: Vec<LinkedReport>,
    pub associations: Vec<Association>,
    /// The entities at the other end of `associations` (survivors of merges).
    pub neighbours: Vec<Entity>,
}

const ENTITY_COLUMNS: &str = "id, kind, object_type, label, details, ocgm_band, merged_into";

/// The entity and everything merged into it, directly or through a chain.
const FAMILY_CTE: &str = "WITH RECURSIVE family(id) AS (SELECT ?1 UNION SELECT e.id FROM entities e JOIN family f ON e.merged_into = f.id)";

pub(crate) async fn fetch_entity(conn: &mut SqliteConnection, id: i64) -> CoreResult<Entity> {
    sqlx::query_as(crate::sqlf!("SELECT {ENTITY_COLUMNS} FROM entities WHERE id = ?"))
        .bind(id)
        .fetch_optional(conn)
        .await?
        .ok_or_else(|| CoreError::not_found(format!("no entity {id}")))
}

/// Follows merges to the surviving entity.
pub(crate) async fn canonical(conn: &mut SqliteConnection, id: i64) -> CoreResult<i64> {
    let mut current = fetch_entity(&mut *conn, id).await?;
    for _ in 0..64 {
        match current.merged_into {
            Some(next) => current = fetch_entity(&mut *conn, next).await?,
            None => return Ok(current.id),
        }
    }
    Err(CoreError::damaged("entity merges form a loop"))
}

impl Session {
    pub async fn create_entity(&self, new: NewEntity) -> CoreResult<i64> {
        let me = self.authorise(Action::Develop).await?;
        super::required("the entity's label", &new.label)?;
        match (new.kind, new.object_type) {
            (EntityKind::Object, None) => return Err(CoreError::invalid("an object needs a type: vehicle, phone, email, weapon or other")),
            (k, Some(_)) if k != EntityKind::Object => return Err(CoreError::invalid("only objects have an object type")),
            _ => {}
        }
        if new.ocgm_band.is_some() && new.kind != EntityKind::Organisation {
            return Err(CoreError::invalid("only organisations carry an OCGM band"));
        }
        let details = if new.details.is_null() { "{}".to_owned() } else { new.details.to_string() };
        let mut tx = self.begin().await?;
        let id = sqlx::query(
            "INSERT INTO entities (kind, object_type, label, details, ocgm_band, created_by, created_at) VALUES (?,?,?,?,?,?,?)",
        )
        .bind(new.kind.as_str())
        .bind(new.object_type.map(|o| o.as_str()))
        .bind(new.label.trim())
        .bind(&details)
        .bind(&new.ocgm_band)
        .bind(me.id)
        .bind(super::now())
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("entity.create", format!("entity:{id}"))
                .details(serde_json::json!({"kind": new.kind, "object_type": new.object_type})),
        )
        .await?;
        self.commit(tx, head).await?;
        Ok(id)
    }

    pub async fn link_entity(&self, reference: &str, entity_id: i64, role: &str) -> CoreResult<()> {
        let me = self.authorise(Action::Develop).await?;
        super::required("the entity's role in the report (e.g. subject, witness, vehicle used)", role)?;
        let mut tx = self.begin().await?;
        let (report, _) = self.visible_report(&mut tx, &me, reference).await?;
        fetch_entity(&mut tx, entity_id).await?;
        let inserted =
            sqlx::query("INSERT OR IGNORE INTO report_entities (report_id, entity_id, role, linked_by, linked_at) VALUES (?,?,?,?,?)")
                .bind(report)
                .bind(entity_id)
                .bind(role.trim())
                .bind(me.id)
                .bind(super::now())
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if inserted == 0 {
            return Err(CoreError::new(ErrorCode::Conflict, "that entity is already linked to this report in that role"));
        }
        reindex_report(&mut tx, report).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("report.link-entity", format!("report:{reference}"))
                .details(serde_json::json!({"entity": entity_id, "role": role.trim()})),
        )
        .await?;
        self.commit(tx, head).await
    }

    pub async fn associate(&self, from: i64, to: i64, kind: &str, confirmed: bool, supporting_reference: Option<&str>) -> CoreResult<i64> {
        let me = self.authorise(Action::Develop).await?;
        super::required("the kind of association (e.g. associate of, uses, lives at)", kind)?;
        if from == to {
            return Err(CoreError::invalid("an entity cannot be associated with itself"));
        }
        let mut tx = self.begin().await?;
        fetch_entity(&mut tx, from).await?;
        fetch_entity(&mut tx, to).await?;
        let supporting = match supporting_reference {
            Some(r) => Some(self.visible_report(&mut tx, &me, r).await?.0),
            None => None,
        };
        if confirmed && supporting.is_none() {
            return Err(CoreError::invalid("a confirmed association needs the report that supports it"));
        }
        let id = sqlx::query(
            "INSERT INTO associations (from_entity, to_entity, kind, confirmed, supporting_report_id, created_by, created_at) VALUES (?,?,?,?,?,?,?)",
        )
        .bind(from)
        .bind(to)
        .bind(kind.trim())
        .bind(confirmed as i64)
        .bind(supporting)
        .bind(me.id)
        .bind(super::now())
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("entity.associate", format!("entity:{from}"))
                .details(serde_json::json!({"to": to, "kind": kind.trim(), "confirmed": confirmed, "supporting": supporting_reference})),
        )
        .await?;
        self.commit(tx, head).await?;
        Ok(id)
    }

    pub async fn merge_entities(&self, survivor: i64, duplicate: i64, reason: &str) -> CoreResult<i64> {
        let me = self.authorise(Action::MergeEntities).await?;
        super::required("a reason for the merge", reason)?;
        let mut tx = self.begin().await?;
        let s = fetch_entity(&mut tx, survivor).await?;
        let d = fetch_entity(&mut tx, duplicate).await?;
        if s.merged_into.is_some() || d.merged_into.is_some() {
            return Err(CoreError::new(
                ErrorCode::Conflict,
                "one of these entities is already merged; merge into the surviving entity instead",
            ));
        }
        if s.kind != d.kind {
            return Err(CoreError::invalid(format!("cannot merge a {} into a {}", d.kind, s.kind)));
        }
        if canonical(&mut tx, survivor).await? == duplicate || survivor == duplicate {
            return Err(CoreError::invalid("an entity cannot be merged into itself"));
        }
        sqlx::query("UPDATE entities SET merged_into = ? WHERE id = ?").bind(survivor).bind(duplicate).execute(&mut *tx).await?;
        let mid = sqlx::query("INSERT INTO entity_merges (survivor_id, merged_id, reason, merged_by, merged_at) VALUES (?,?,?,?,?)")
            .bind(survivor)
            .bind(duplicate)
            .bind(reason.trim())
            .bind(me.id)
            .bind(super::now())
            .execute(&mut *tx)
            .await?
            .last_insert_rowid();
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("entity.merge", format!("entity:{survivor}"))
                .reason(reason.trim())
                .details(serde_json::json!({"merged": duplicate, "merge": mid})),
        )
        .await?;
        self.commit(tx, head).await?;
        Ok(mid)
    }

    pub async fn undo_merge(&self, merge_id: i64, reason: &str) -> CoreResult<()> {
        let me = self.authorise(Action::MergeEntities).await?;
        super::required("a reason for undoing the merge", reason)?;
        let mut tx = self.begin().await?;
        let row: Option<(i64, i64, Option<String>)> =
            sqlx::query_as("SELECT survivor_id, merged_id, undone_at FROM entity_merges WHERE id = ?")
                .bind(merge_id)
                .fetch_optional(&mut *tx)
                .await?;
        let (survivor, merged, undone) = row.ok_or_else(|| CoreError::not_found(format!("no merge {merge_id}")))?;
        if undone.is_some() {
            return Err(CoreError::new(ErrorCode::Conflict, "that merge has already been undone"));
        }
        sqlx::query("UPDATE entities SET merged_into = NULL WHERE id = ? AND merged_into = ?")
            .bind(merged)
            .bind(survivor)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE entity_merges SET undone_by = ?, undone_at = ? WHERE id = ?")
            .bind(me.id)
            .bind(super::now())
            .bind(merge_id)
            .execute(&mut *tx)
            .await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("entity.unmerge", format!("entity:{survivor}"))
                .reason(reason.trim())
                .details(serde_json::json!({"merged": merged, "merge": merge_id})),
        )
        .await?;
        self.commit(tx, head).await
    }

    /// An entity with everything merged into it: linked reports the user may
    /// see, and associations.
    pub async fn entity_view(&self, id: i64) -> CoreResult<EntityView> {
        let me = self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        let canonical_id = canonical(&mut conn, id).await?;
        let entity = fetch_entity(&mut conn, canonical_id).await?;
        let merged: Vec<Entity> =
            sqlx::query_as(crate::sqlf!("{FAMILY_CTE} SELECT {ENTITY_COLUMNS} FROM entities WHERE id IN family AND id <> ?1 ORDER BY id"))
                .bind(canonical_id)
                .fetch_all(&mut *conn)
                .await?;
        let reports: Vec<LinkedReport> = sqlx::query_as(crate::sqlf!(
            "{FAMILY_CTE} SELECT r.reference, re.role, r.recorded_at, r.status FROM report_entities re JOIN reports r ON r.id = re.report_id \
             WHERE re.entity_id IN family AND r.marking IN ({}) ORDER BY r.recorded_at DESC",
            super::search::marking_list(me.clearance)
        ))
        .bind(canonical_id)
        .fetch_all(&mut *conn)
        .await?;
        let associations: Vec<Association> = sqlx::query_as(crate::sqlf!(
            "{FAMILY_CTE} SELECT a.id, a.from_entity, a.to_entity, a.kind, a.confirmed, r.reference AS supporting_reference \
             FROM associations a LEFT JOIN reports r ON r.id = a.supporting_report_id \
             WHERE a.from_entity IN family OR a.to_entity IN family ORDER BY a.id"
        ))
        .bind(canonical_id)
        .fetch_all(&mut *conn)
        .await?;
        let mut neighbours: Vec<Entity> = Vec::new();
        let family: Vec<i64> = std::iter::once(canonical_id).chain(merged.iter().map(|m| m.id)).collect();
        for a in &associations {
            let other = if family.contains(&a.from_entity) { a.to_entity } else { a.from_entity };
            let other = canonical(&mut conn, other).await?;
            if other != canonical_id && !neighbours.iter().any(|n| n.id == other) {
                neighbours.push(fetch_entity(&mut conn, other).await?);
            }
        }
        drop(conn);
        self.audit_only(AuditEvent::new("entity.read", format!("entity:{canonical_id}"))).await?;
        Ok(EntityView { entity, merged, reports, associations, neighbours })
    }

    /// Search-as-you-type over entity labels (prefix, case-insensitive).
    pub async fn find_entities(&self, prefix: &str, limit: i64) -> CoreResult<Vec<Entity>> {
        self.authorise(Action::RecordRead).await?;
        let pattern = format!("{}%", prefix.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        Ok(sqlx::query_as(crate::sqlf!(
            "SELECT {ENTITY_COLUMNS} FROM entities WHERE label LIKE ? ESCAPE '\\' AND merged_into IS NULL ORDER BY label COLLATE NOCASE LIMIT ?"
        ))
        .bind(pattern)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?)
    }
}

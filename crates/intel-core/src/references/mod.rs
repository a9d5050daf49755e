//! References to the force's other systems. A unit workstation cannot query
//! OCGM, the PND, crime recording, command and control, ViSOR or NABIS live;
//! it holds their references on reports and entities, so that intelligence
//! held on more than one system can be found from either side. A reference
//! is never deleted: removing one records who removed it and why.

pub mod formats;
pub mod systems;

use crate::audit::{self, AuditEvent};
use crate::cycle::entities::Entity;
use crate::cycle::search::{marking_list, reindex_report};
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::{Session, UserInfo};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
pub use systems::{normalise_value, ExternalSystem};

/// What a reference is held on.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum ReferenceHolder {
    Report {
        reference: String,
    },
    Entity {
        #[cfg_attr(feature = "specta", specta(type = i32))]
        id: i64,
    },
}

/// An OCGM group's standing when the reference was recorded.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OcgmScoring {
    /// The band the score places the group in (e.g. 1A).
    pub band: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub score: i64,
    /// YYYY-MM-DD: when the group was scored.
    pub scored_on: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewExternalReference {
    pub system: ExternalSystem,
    pub value: String,
    /// Required for an OCGM reference, refused for any other.
    pub ocgm: Option<OcgmScoring>,
    pub note: Option<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ExternalReference {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    pub system: ExternalSystem,
    pub value: String,
    pub holder: ReferenceHolder,
    pub ocgm: Option<OcgmScoring>,
    pub note: String,
    pub added_by: String,
    pub added_at: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReportHolding {
    pub reference: String,
    pub marking: String,
    pub status: String,
    pub recorded_at: String,
}

/// Everything in the store that carries one reference, as far as the user
/// may see it: reports above their clearance are left out, and counted.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ReferenceHolders {
    pub system: ExternalSystem,
    pub value: String,
    pub reports: Vec<ReportHolding>,
    /// Surviving entities (a merged duplicate's reference shows on its survivor).
    pub entities: Vec<Entity>,
    pub ocgm: Option<OcgmScoring>,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub withheld_reports: i64,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ReferenceMatch {
    pub system: String,
    pub value: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub holders: i64,
}

#[derive(sqlx::FromRow)]
struct ReferenceRow {
    id: i64,
    system: String,
    value: String,
    report: Option<String>,
    entity_id: Option<i64>,
    ocgm_band: Option<String>,
    ocgm_score: Option<i64>,
    ocgm_scored_on: Option<String>,
    note: String,
    added_by: String,
    added_at: String,
}

impl ReferenceRow {
    fn into_view(self) -> CoreResult<ExternalReference> {
        let holder = match (self.report, self.entity_id) {
            (Some(reference), None) => ReferenceHolder::Report { reference },
            (None, Some(id)) => ReferenceHolder::Entity { id },
            _ => return Err(CoreError::damaged(format!("external reference {} has no single holder", self.id))),
        };
        let ocgm = match (self.ocgm_band, self.ocgm_score, self.ocgm_scored_on) {
            (Some(band), Some(score), Some(scored_on)) => Some(OcgmScoring { band, score, scored_on }),
            _ => None,
        };
        Ok(ExternalReference {
            id: self.id,
            system: self.system.parse()?,
            value: self.value,
            holder,
            ocgm,
            note: self.note,
            added_by: self.added_by,
            added_at: self.added_at,
        })
    }
}

const REFERENCE_SELECT: &str = "SELECT x.id, x.system, x.value, r.reference AS report, x.entity_id, x.ocgm_band, x.ocgm_score, \
     x.ocgm_scored_on, x.note, u.username AS added_by, x.added_at \
     FROM external_references x JOIN users u ON u.id = x.added_by LEFT JOIN reports r ON r.id = x.report_id";

fn check_ocgm(system: ExternalSystem, ocgm: Option<&OcgmScoring>) -> CoreResult<()> {
    match (system, ocgm) {
        (ExternalSystem::Ocgm, None) => {
            Err(CoreError::invalid("an OCGM reference needs the group's band, score and the date it was scored"))
        }
        (ExternalSystem::Ocgm, Some(o)) => {
            let band = o.band.trim();
            if band.is_empty() || band.len() > 8 || !band.chars().all(|c| c.is_ascii_alphanumeric()) {
                return Err(CoreError::invalid("the OCGM band is letters and digits, up to 8 (e.g. 1A)"));
            }
            if !(0..=100_000).contains(&o.score) {
                return Err(CoreError::invalid("the OCGM score must be between 0 and 100000"));
            }
            let date = chrono::NaiveDate::parse_from_str(o.scored_on.trim(), "%Y-%m-%d")
                .map_err(|_| CoreError::invalid("the OCGM scoring date must be YYYY-MM-DD"))?;
            if date > chrono::Utc::now().date_naive() {
                return Err(CoreError::invalid("the OCGM scoring date is in the future"));
            }
            Ok(())
        }
        (_, Some(_)) => Err(CoreError::invalid("only an OCGM reference carries a band and score")),
        (_, None) => Ok(()),
    }
}

/// The reports whose search rows carry this entity's references (its own
/// links and those of everything merged into it).
async fn reports_of_entity(conn: &mut SqliteConnection, entity: i64) -> CoreResult<Vec<i64>> {
    let ids: Vec<(i64,)> = sqlx::query_as(
        "WITH RECURSIVE up(id) AS (SELECT ?1 UNION SELECT e.merged_into FROM entities e JOIN up ON e.id = up.id WHERE e.merged_into IS NOT NULL), \
         family(id) AS (SELECT id FROM up UNION SELECT e.id FROM entities e JOIN family f ON e.merged_into = f.id) \
         SELECT DISTINCT report_id FROM report_entities WHERE entity_id IN family",
    )
    .bind(entity)
    .fetch_all(conn)
    .await?;
    Ok(ids.into_iter().map(|r| r.0).collect())
}

impl Session {
    /// Resolves a holder to (report id, entity id), checking the user may see it.
    async fn holder_ids(
        &self,
        conn: &mut SqliteConnection,
        me: &UserInfo,
        holder: &ReferenceHolder,
    ) -> CoreResult<(Option<i64>, Option<i64>)> {
        match holder {
            ReferenceHolder::Report { reference } => Ok((Some(self.visible_report(conn, me, reference).await?.0), None)),
            ReferenceHolder::Entity { id } => {
                let found: Option<(i64,)> = sqlx::query_as("SELECT id FROM entities WHERE id = ?").bind(id).fetch_optional(conn).await?;
                found.ok_or_else(|| CoreError::not_found(format!("no entity {id}")))?;
                Ok((None, Some(*id)))
            }
        }
    }

    async fn reindex_holder(&self, conn: &mut SqliteConnection, report: Option<i64>, entity: Option<i64>) -> CoreResult<()> {
        let reports = match (report, entity) {
            (Some(r), _) => vec![r],
            (None, Some(e)) => reports_of_entity(&mut *conn, e).await?,
            (None, None) => vec![],
        };
        for r in reports {
            reindex_report(&mut *conn, r).await?;
        }
        Ok(())
    }

    pub async fn add_external_reference(&self, holder: &ReferenceHolder, new: NewExternalReference) -> CoreResult<ExternalReference> {
        let me = self.authorise(Action::Develop).await?;
        let value = normalise_value(&new.value);
        check_ocgm(new.system, new.ocgm.as_ref())?;
        let note = new.note.as_deref().map(str::trim).unwrap_or("").to_owned();
        if note.len() > 2000 {
            return Err(CoreError::invalid("the note is longer than 2000 characters"));
        }
        let mut tx = self.begin().await?;
        formats::check_value(&mut tx, new.system, &value).await?;
        let (report, entity) = self.holder_ids(&mut tx, &me, holder).await?;
        let held: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM external_references WHERE system = ? AND value = ? AND report_id IS ? AND entity_id IS ? AND removed_at IS NULL",
        )
        .bind(new.system.as_str())
        .bind(&value)
        .bind(report)
        .bind(entity)
        .fetch_optional(&mut *tx)
        .await?;
        if held.is_some() {
            return Err(CoreError::new(ErrorCode::Conflict, format!("{value} is already recorded here")));
        }
        let o = new.ocgm.as_ref();
        let id = sqlx::query(
            "INSERT INTO external_references (system, value, report_id, entity_id, ocgm_band, ocgm_score, ocgm_scored_on, note, added_by, added_at) \
             VALUES (?,?,?,?,?,?,?,?,?,?)",
        )
        .bind(new.system.as_str())
        .bind(&value)
        .bind(report)
        .bind(entity)
        .bind(o.map(|o| o.band.trim().to_uppercase()))
        .bind(o.map(|o| o.score))
        .bind(o.map(|o| o.scored_on.trim().to_owned()))
        .bind(&note)
        .bind(me.id)
        .bind(crate::cycle::now())
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        self.reindex_holder(&mut tx, report, entity).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("reference.add", holder_target(holder))
                .details(serde_json::json!({"reference": id, "system": new.system, "value": value})),
        )
        .await?;
        let view = fetch_reference(&mut tx, id).await?;
        self.commit(tx, head).await?;
        Ok(view)
    }

    pub async fn remove_external_reference(&self, id: i64, reason: &str) -> CoreResult<()> {
        let me = self.authorise(Action::Develop).await?;
        crate::cycle::required("a reason for removing the reference", reason)?;
        let mut tx = self.begin().await?;
        let current = fetch_reference(&mut tx, id).await?;
        let (report, entity) = self.holder_ids(&mut tx, &me, &current.holder).await?;
        let changed = sqlx::query(
            "UPDATE external_references SET removed_by = ?, removed_at = ?, removed_reason = ? WHERE id = ? AND removed_at IS NULL",
        )
        .bind(me.id)
        .bind(crate::cycle::now())
        .bind(reason.trim())
        .bind(id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed == 0 {
            return Err(CoreError::new(ErrorCode::Conflict, "that reference has already been removed"));
        }
        self.reindex_holder(&mut tx, report, entity).await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("reference.remove", holder_target(&current.holder))
                .reason(reason.trim())
                .details(serde_json::json!({"reference": id, "system": current.system, "value": current.value})),
        )
        .await?;
        self.commit(tx, head).await
    }

    /// The references a report or entity carries (for an entity, also those
    /// of entities merged into it).
    pub async fn external_references_of(&self, holder: &ReferenceHolder) -> CoreResult<Vec<ExternalReference>> {
        let me = self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        let (report, entity) = self.holder_ids(&mut conn, &me, holder).await?;
        let rows: Vec<ReferenceRow> = match (report, entity) {
            (Some(r), _) => {
                sqlx::query_as(crate::sqlf!("{REFERENCE_SELECT} WHERE x.report_id = ? AND x.removed_at IS NULL ORDER BY x.system, x.value"))
                    .bind(r)
                    .fetch_all(&mut *conn)
                    .await?
            }
            (None, Some(e)) => {
                sqlx::query_as(crate::sqlf!(
                    "WITH RECURSIVE family(id) AS (SELECT ?1 UNION SELECT e.id FROM entities e JOIN family f ON e.merged_into = f.id) \
                 {REFERENCE_SELECT} WHERE x.entity_id IN family AND x.removed_at IS NULL ORDER BY x.system, x.value"
                ))
                .bind(e)
                .fetch_all(&mut *conn)
                .await?
            }
            (None, None) => vec![],
        };
        rows.into_iter().map(ReferenceRow::into_view).collect()
    }

    /// Everything that carries a reference: what "click a reference" shows.
    /// The lookup is audited, as a search is.
    pub async fn holders_of_reference(&self, system: ExternalSystem, value: &str) -> CoreResult<ReferenceHolders> {
        let me = self.authorise(Action::RecordRead).await?;
        let value = normalise_value(value);
        let mut conn = self.pool.acquire().await?;
        let visible = marking_list(me.clearance);
        let reports: Vec<ReportHolding> = sqlx::query_as(crate::sqlf!(
            "SELECT DISTINCT r.reference, r.marking, r.status, r.recorded_at FROM external_references x \
             JOIN reports r ON r.id = x.report_id \
             WHERE x.system = ? AND x.value = ? AND x.removed_at IS NULL AND r.marking IN ({visible}) ORDER BY r.recorded_at DESC"
        ))
        .bind(system.as_str())
        .bind(&value)
        .fetch_all(&mut *conn)
        .await?;
        let (withheld,): (i64,) = sqlx::query_as(crate::sqlf!(
            "SELECT count(DISTINCT r.id) FROM external_references x JOIN reports r ON r.id = x.report_id \
             WHERE x.system = ? AND x.value = ? AND x.removed_at IS NULL AND r.marking NOT IN ({visible})"
        ))
        .bind(system.as_str())
        .bind(&value)
        .fetch_one(&mut *conn)
        .await?;
        let entity_ids: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT entity_id FROM external_references WHERE system = ? AND value = ? AND entity_id IS NOT NULL AND removed_at IS NULL",
        )
        .bind(system.as_str())
        .bind(&value)
        .fetch_all(&mut *conn)
        .await?;
        let mut entities: Vec<Entity> = Vec::new();
        for (id,) in entity_ids {
            let survivor = crate::cycle::entities::canonical(&mut conn, id).await?;
            if !entities.iter().any(|e| e.id == survivor) {
                entities.push(crate::cycle::entities::fetch_entity(&mut conn, survivor).await?);
            }
        }
        let ocgm: Option<(String, i64, String)> = sqlx::query_as(
            "SELECT ocgm_band, ocgm_score, ocgm_scored_on FROM external_references \
             WHERE system = 'ocgm' AND value = ? AND removed_at IS NULL ORDER BY ocgm_scored_on DESC, id DESC LIMIT 1",
        )
        .bind(&value)
        .fetch_optional(&mut *conn)
        .await?
        .filter(|_| system == ExternalSystem::Ocgm);
        drop(conn);
        self.audit_only(
            AuditEvent::new("reference.lookup", format!("{system}:{value}"))
                .details(serde_json::json!({"reports": reports.len(), "entities": entities.len(), "withheld": withheld})),
        )
        .await?;
        Ok(ReferenceHolders {
            system,
            value,
            reports,
            entities,
            ocgm: ocgm.map(|(band, score, scored_on)| OcgmScoring { band, score, scored_on }),
            withheld_reports: withheld,
        })
    }

    /// References starting with what was typed (any system, or one), with
    /// how many things the user may see hold each: search-as-you-type for
    /// the lookup box. A value held only on reports above their clearance is
    /// not offered (looking it up exactly says that more is held).
    pub async fn find_external_references(
        &self,
        prefix: &str,
        system: Option<ExternalSystem>,
        limit: i64,
    ) -> CoreResult<Vec<ReferenceMatch>> {
        let me = self.authorise(Action::RecordRead).await?;
        let prefix = normalise_value(prefix);
        if prefix.is_empty() {
            return Ok(vec![]);
        }
        let pattern = format!("{}%", prefix.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        Ok(sqlx::query_as(crate::sqlf!(
            "SELECT x.system, x.value, count(*) AS holders FROM external_references x LEFT JOIN reports r ON r.id = x.report_id \
             WHERE x.value LIKE ?1 ESCAPE '\\' AND (?2 IS NULL OR x.system = ?2) AND x.removed_at IS NULL \
               AND (x.report_id IS NULL OR r.marking IN ({})) \
             GROUP BY x.system, x.value ORDER BY x.value, x.system LIMIT ?3",
            marking_list(me.clearance)
        ))
        .bind(pattern)
        .bind(system.map(|s| s.as_str()))
        .bind(limit.clamp(1, 200))
        .fetch_all(&self.pool)
        .await?)
    }
}

fn holder_target(holder: &ReferenceHolder) -> String {
    match holder {
        ReferenceHolder::Report { reference } => format!("report:{reference}"),
        ReferenceHolder::Entity { id } => format!("entity:{id}"),
    }
}

async fn fetch_reference(conn: &mut SqliteConnection, id: i64) -> CoreResult<ExternalReference> {
    let row: Option<ReferenceRow> = sqlx::query_as(crate::sqlf!("{REFERENCE_SELECT} WHERE x.id = ?")).bind(id).fetch_optional(conn).await?;
    row.ok_or_else(|| CoreError::not_found(format!("no external reference {id}")))?.into_view()
}

//! Link charts out: the entities an analyst has on the chart, the
//! associations between them, and the references each carries, as GraphML
//! or i2 Analyst's Notebook exchange (ANX). The chart is rebuilt here from
//! the store, not taken from the screen: the UI only names the entities.

use crate::audit::AuditEvent;
use crate::cycle::entities::{canonical, fetch_entity};
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult};
use crate::products::export::write_then_record;
use crate::session::Session;
use intel_interchange::graph::{ChartEntity, ChartLink, LinkChart};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartFormat {
    Graphml,
    Anx,
}

impl ChartFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Graphml => "graphml",
            Self::Anx => "anx",
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ChartExport {
    pub path: String,
    pub format: ChartFormat,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub entities: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub links: i64,
    /// The highest marking of the reports supporting its links.
    pub marking: Marking,
    pub sha256: String,
}

/// Charts beyond this are a data dump, not a chart: use search export.
pub const MAX_CHART_ENTITIES: usize = 5_000;

impl Session {
    /// The chart of `entities` (merged duplicates count as their survivor)
    /// and every association between two of them.
    pub async fn link_chart(&self, title: &str, entities: &[i64]) -> CoreResult<LinkChart> {
        let me = self.authorise(Action::RecordRead).await?;
        if entities.is_empty() {
            return Err(CoreError::invalid("the chart has no entities"));
        }
        if entities.len() > MAX_CHART_ENTITIES {
            return Err(CoreError::invalid(format!("a chart holds at most {MAX_CHART_ENTITIES} entities")));
        }
        let mut conn = self.pool.acquire().await?;
        let mut ids: Vec<i64> = Vec::new();
        for &id in entities {
            let survivor = canonical(&mut conn, id).await?;
            if !ids.contains(&survivor) {
                ids.push(survivor);
            }
        }
        let mut chart_entities = Vec::new();
        for &id in &ids {
            let e = fetch_entity(&mut conn, id).await?;
            // On the connection already held: a second one per entity would
            // re-check the user each time and could starve a small pool.
            let refs: Vec<(String, String)> = sqlx::query_as(
                "WITH RECURSIVE family(id) AS (SELECT ?1 UNION SELECT e.id FROM entities e JOIN family f ON e.merged_into = f.id) \
                 SELECT system, value FROM external_references WHERE entity_id IN family AND removed_at IS NULL ORDER BY system, value",
            )
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
            let refs = refs.into_iter().map(|(system, value)| format!("{} {value}", system.to_uppercase())).collect();
            chart_entities.push(ChartEntity { id, label: e.label, kind: e.kind, object_type: e.object_type, references: refs });
        }
        // The chart's entities and everything merged into them: an
        // association is on the chart when both its ends are in there.
        let (family,): (String,) = sqlx::query_as(
            "WITH RECURSIVE family(id) AS (SELECT value FROM json_each(?1) \
             UNION SELECT e.id FROM entities e JOIN family f ON e.merged_into = f.id) SELECT json_group_array(id) FROM family",
        )
        .bind(serde_json::to_string(&ids).map_err(|e| CoreError::internal(e.to_string()))?)
        .fetch_one(&mut *conn)
        .await?;
        // from, to, kind, confirmed, supporting report and its marking
        type Link = (i64, i64, String, bool, Option<String>, Option<String>);
        let rows: Vec<Link> = sqlx::query_as(
            "SELECT a.from_entity, a.to_entity, a.kind, a.confirmed, r.reference, r.marking FROM associations a \
             LEFT JOIN reports r ON r.id = a.supporting_report_id \
             WHERE a.from_entity IN (SELECT value FROM json_each(?1)) AND a.to_entity IN (SELECT value FROM json_each(?1)) ORDER BY a.id",
        )
        .bind(&family)
        .fetch_all(&mut *conn)
        .await?;
        let mut links = Vec::new();
        let mut marking = Marking::Official;
        for (from, to, kind, confirmed, supporting, report_marking) in rows {
            let (from, to) = (canonical(&mut conn, from).await?, canonical(&mut conn, to).await?);
            if from == to || !ids.contains(&from) || !ids.contains(&to) {
                continue;
            }
            // A supporting report above the user's clearance is not named.
            let visible = report_marking.as_deref().and_then(|m| m.parse::<Marking>().ok()).filter(|m| *m <= me.clearance);
            if let Some(m) = visible {
                marking = marking.max(m);
            }
            links.push(ChartLink { from, to, label: kind, confirmed, supporting: visible.and(supporting) });
        }
        Ok(LinkChart { title: title.trim().to_owned(), marking: marking.as_str().to_owned(), entities: chart_entities, links })
    }

    pub async fn export_link_chart(&self, title: &str, entities: &[i64], format: ChartFormat, dest: &Path) -> CoreResult<ChartExport> {
        crate::cycle::required("the chart's title", title)?;
        let chart = self.link_chart(title, entities).await?;
        let text = match format {
            ChartFormat::Graphml => chart.to_graphml(),
            ChartFormat::Anx => chart.to_anx(),
        }
        .map_err(|e| CoreError::internal(format!("the chart could not be written: {e}")))?;
        let bytes = text.into_bytes();
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let marking: Marking = chart.marking.parse()?;
        let path = dest.display().to_string();
        let event = AuditEvent::new("export.link-chart", "entities").details(serde_json::json!({
            "format": format, "path": path, "sha256": sha256, "marking": marking,
            "entities": chart.entities.iter().map(|e| e.id).collect::<Vec<_>>(), "links": chart.links.len(),
        }));
        write_then_record(dest, &bytes, "chart", self.audit_only(event)).await?;
        Ok(ChartExport { path, format, entities: chart.entities.len() as i64, links: chart.links.len() as i64, marking, sha256 })
    }
}

//! Lists for spreadsheets: search results (see `cycle::export`) and entity
//! lists, as CSV or XLSX, audited with the file's SHA-256.

use crate::audit::AuditEvent;
use crate::cycle::entities::EntityKind;
use crate::cycle::search::{marking_list, MAX_LIMIT};
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult};
use crate::products::export::write_then_record;
use crate::session::Session;
use intel_interchange::table::Sheet;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TableFormat {
    Csv,
    Xlsx,
}

impl TableFormat {
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct TableExport {
    pub path: String,
    pub format: TableFormat,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub rows: i64,
    /// The file must be handled at this marking.
    pub marking: Marking,
    pub sha256: String,
}

/// Which entities an entity list holds (merged duplicates never: their
/// survivor stands for them).
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EntityListQuery {
    pub kind: Option<EntityKind>,
    /// Labels starting with this (case-insensitive).
    pub prefix: Option<String>,
}

impl Session {
    /// Writes the sheet in `format`, then appends `event` with the format,
    /// path, rows, marking and hash; removes the file if that fails.
    pub(crate) async fn write_table(
        &self,
        sheet: &Sheet,
        format: TableFormat,
        marking: Marking,
        dest: &Path,
        event: AuditEvent,
    ) -> CoreResult<TableExport> {
        let (bytes, what) = match format {
            TableFormat::Csv => (sheet.to_csv().map_err(CoreError::internal)?, "CSV"),
            TableFormat::Xlsx => (sheet.to_xlsx().map_err(CoreError::invalid)?, "workbook"),
        };
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let path = dest.display().to_string();
        let rows = sheet.rows.len() as i64;
        let event = event.merge_details(serde_json::json!({
            "format": format, "path": path, "rows": rows, "marking": marking, "sha256": sha256,
        }));
        write_then_record(dest, &bytes, what, self.audit_only(event)).await?;
        Ok(TableExport { path, format, rows, marking, sha256 })
    }

    /// An entity list: each surviving entity with its kind, label, OCGM band,
    /// other systems' references and how many reports the user may see are
    /// linked to it. The marking is the highest of those reports.
    pub async fn export_entity_list(&self, q: &EntityListQuery, format: TableFormat, dest: &Path) -> CoreResult<TableExport> {
        let me = self.authorise(Action::Search).await?;
        let visible = marking_list(me.clearance);
        let pattern = q
            .prefix
            .as_deref()
            .map(|p| format!("{}%", p.trim().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")))
            .unwrap_or_else(|| "%".into());
        type Row = (i64, String, Option<String>, String, Option<String>, Option<String>, i64, Option<String>);
        let rows: Vec<Row> = sqlx::query_as(crate::sqlf!(
            "WITH RECURSIVE fam(root, id) AS (SELECT id, id FROM entities WHERE merged_into IS NULL \
               UNION SELECT f.root, e.id FROM entities e JOIN fam f ON e.merged_into = f.id) \
             SELECT e.id, e.kind, e.object_type, e.label, e.ocgm_band, \
               (SELECT group_concat(upper(x.system) || ' ' || x.value, '; ') FROM external_references x \
                  WHERE x.entity_id IN (SELECT id FROM fam WHERE root = e.id) AND x.removed_at IS NULL), \
               (SELECT count(DISTINCT re.report_id) FROM report_entities re JOIN reports r ON r.id = re.report_id \
                  WHERE re.entity_id IN (SELECT id FROM fam WHERE root = e.id) AND r.marking IN ({visible})), \
               (SELECT group_concat(DISTINCT r.marking) FROM report_entities re JOIN reports r ON r.id = re.report_id \
                  WHERE re.entity_id IN (SELECT id FROM fam WHERE root = e.id) AND r.marking IN ({visible})) \
             FROM entities e WHERE e.merged_into IS NULL AND (?1 IS NULL OR e.kind = ?1) AND e.label LIKE ?2 ESCAPE '\\' \
             ORDER BY e.label COLLATE NOCASE, e.id LIMIT ?3"
        ))
        .bind(q.kind.map(|k| k.as_str()))
        .bind(&pattern)
        .bind(MAX_LIMIT)
        .fetch_all(&self.pool)
        .await?;
        let mut marking = Marking::Official;
        let mut out = Vec::with_capacity(rows.len());
        for (id, kind, object_type, label, band, refs, reports, top) in rows {
            for m in top.as_deref().unwrap_or("").split(',').filter_map(|m| m.parse::<Marking>().ok()) {
                marking = marking.max(m);
            }
            out.push(vec![
                id.to_string(),
                kind,
                object_type.unwrap_or_default(),
                label,
                band.unwrap_or_default(),
                refs.unwrap_or_default(),
                reports.to_string(),
            ]);
        }
        let sheet = Sheet {
            title: "Entities".into(),
            marking: marking.as_str().to_owned(),
            headers: ["Id", "Kind", "Type", "Label", "OCGM band", "References", "Reports"].map(String::from).to_vec(),
            rows: out,
        };
        let event = AuditEvent::new("export.entities", "entities").details(serde_json::json!({"query": q}));
        self.write_table(&sheet, format, marking, dest, event).await
    }
}

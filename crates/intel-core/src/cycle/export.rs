//! Export of search results to CSV or XLSX: only the columns the person
//! chose, only what they may see, written whole or not at all, and audited
//! with the query, the columns, the row count, where it went and its hash.

use super::search::{run_search, SearchHit, SearchQuery, MAX_LIMIT};
use crate::audit::AuditEvent;
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult};
use crate::interchange::lists::{TableExport, TableFormat};
use crate::session::Session;
use intel_interchange::table::Sheet;
use serde::{Deserialize, Serialize};
use std::path::Path;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportColumn {
    Reference,
    RecordedAt,
    Status,
    Marking,
    Priority,
    SourceType,
    Grade,
    Summary,
}

impl ExportColumn {
    pub const ALL: &'static [ExportColumn] = &[
        ExportColumn::Reference,
        ExportColumn::RecordedAt,
        ExportColumn::Status,
        ExportColumn::Marking,
        ExportColumn::Priority,
        ExportColumn::SourceType,
        ExportColumn::Grade,
        ExportColumn::Summary,
    ];

    fn header(self) -> &'static str {
        match self {
            ExportColumn::Reference => "Reference",
            ExportColumn::RecordedAt => "Recorded",
            ExportColumn::Status => "Status",
            ExportColumn::Marking => "Marking",
            ExportColumn::Priority => "Priority",
            ExportColumn::SourceType => "Source type",
            ExportColumn::Grade => "Grade",
            ExportColumn::Summary => "Summary",
        }
    }

    fn value(self, hit: &SearchHit) -> &str {
        match self {
            ExportColumn::Reference => &hit.reference,
            ExportColumn::RecordedAt => &hit.recorded_at,
            ExportColumn::Status => &hit.status,
            ExportColumn::Marking => &hit.marking,
            ExportColumn::Priority => &hit.priority,
            ExportColumn::SourceType => &hit.source_type,
            ExportColumn::Grade => hit.grade.as_deref().unwrap_or(""),
            ExportColumn::Summary => &hit.summary,
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct CsvExport {
    pub path: String,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub rows: i64,
    /// The highest marking among the exported rows: the file must be handled at it.
    pub marking: String,
}

/// The search results in the chosen columns, as a sheet for CSV or XLSX.
pub fn search_sheet(hits: &[SearchHit], columns: &[ExportColumn], marking: Marking) -> Sheet {
    Sheet {
        title: "Search results".into(),
        marking: marking.as_str().to_owned(),
        headers: columns.iter().map(|c| c.header().to_owned()).collect(),
        rows: hits.iter().map(|h| columns.iter().map(|c| c.value(h).to_owned()).collect()).collect(),
    }
}

impl Session {
    /// Writes every row the search matches (up to the search limit) to `dest`.
    pub async fn export_search_csv(&self, q: &SearchQuery, columns: &[ExportColumn], dest: &Path) -> CoreResult<CsvExport> {
        let x = self.export_search_table(q, columns, TableFormat::Csv, dest).await?;
        Ok(CsvExport { path: x.path, rows: x.rows, marking: x.marking.as_str().to_owned() })
    }

    /// Search results as CSV or XLSX: only what the person may see, written
    /// whole or not at all, audited with the query, columns, rows and hash.
    pub async fn export_search_table(
        &self,
        q: &SearchQuery,
        columns: &[ExportColumn],
        format: TableFormat,
        dest: &Path,
    ) -> CoreResult<TableExport> {
        let me = self.authorise(Action::Search).await?;
        if columns.is_empty() {
            return Err(CoreError::invalid("choose at least one column to export"));
        }
        let q = SearchQuery { offset: None, limit: Some(MAX_LIMIT), ..q.clone() };
        let hits = run_search(&self.pool, &q, me.clearance, self.may(&me, Action::ViewOriginalText)).await?;
        let marking = hits.iter().filter_map(|h| h.marking.parse::<Marking>().ok()).max().unwrap_or(Marking::Official);
        let sheet = search_sheet(&hits, columns, marking);
        let action = match format {
            TableFormat::Csv => "export.csv",
            TableFormat::Xlsx => "export.xlsx",
        };
        let event = AuditEvent::new(action, "reports").details(serde_json::json!({"query": q, "columns": columns}));
        self.write_table(&sheet, format, marking, dest, event).await
    }
}

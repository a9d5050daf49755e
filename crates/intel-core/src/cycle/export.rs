//! Export of search results to CSV: only the columns the person chose, only
//! what they may see, written whole or not at all, and audited with the
//! query, the columns, the row count and where it went.

use super::search::{run_search, SearchHit, SearchQuery, MAX_LIMIT};
use crate::audit::AuditEvent;
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult};
use crate::session::Session;
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

/// A spreadsheet treats a cell starting with these as a formula; report text
/// is untrusted, so such cells are prefixed to stay text (OWASP CSV injection).
fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The CSV bytes for `hits` in the chosen columns.
pub fn to_csv(hits: &[SearchHit], columns: &[ExportColumn]) -> CoreResult<Vec<u8>> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let fail = |e: csv::Error| CoreError::internal(format!("could not write CSV: {e}"));
    w.write_record(columns.iter().map(|c| c.header())).map_err(fail)?;
    for hit in hits {
        w.write_record(columns.iter().map(|c| neutralise(c.value(hit)).into_owned())).map_err(fail)?;
    }
    w.into_inner().map_err(|e| CoreError::internal(format!("could not write CSV: {e}")))
}

impl Session {
    /// Writes every row the search matches (up to the search limit) to `dest`.
    pub async fn export_search_csv(&self, q: &SearchQuery, columns: &[ExportColumn], dest: &Path) -> CoreResult<CsvExport> {
        let me = self.authorise(Action::Search).await?;
        if columns.is_empty() {
            return Err(CoreError::invalid("choose at least one column to export"));
        }
        let q = SearchQuery { offset: None, limit: Some(MAX_LIMIT), ..q.clone() };
        let hits = run_search(&self.pool, &q, me.clearance, self.may(&me, Action::ViewOriginalText)).await?;
        let marking = hits.iter().filter_map(|h| h.marking.parse::<Marking>().ok()).max().unwrap_or(Marking::Official);
        let bytes = to_csv(&hits, columns)?;
        crate::fsutil::write_atomically(dest, &bytes).map_err(|e| {
            CoreError::new(
                e.code(),
                format!("the CSV could not be written to {}: {e}. Nothing was exported; choose another folder", dest.display()),
            )
        })?;
        let path = dest.display().to_string();
        self.audit_only(AuditEvent::new("export.csv", "reports").details(serde_json::json!({
            "query": q, "columns": columns, "rows": hits.len(), "path": path, "marking": marking,
        })))
        .await?;
        Ok(CsvExport { path, rows: hits.len() as i64, marking: marking.as_str().to_owned() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(summary: &str) -> SearchHit {
        SearchHit {
            reference: "R/1".into(),
            recorded_at: "2026-01-01T00:00:00Z".into(),
            status: "received".into(),
            marking: "OFFICIAL".into(),
            priority: "high".into(),
            source_type: "officer".into(),
            grade: None,
            summary: summary.into(),
        }
    }

    #[test]
    fn quotes_commas_and_newlines_and_defuses_formulas() {
        let csv = to_csv(&[hit("a, \"b\"\nc"), hit("=HYPERLINK(\"x\")")], &[ExportColumn::Reference, ExportColumn::Summary]).unwrap();
        let text = String::from_utf8(csv).unwrap();
        assert_eq!(text, "Reference,Summary\r\nR/1,\"a, \"\"b\"\"\nc\"\r\nR/1,\"'=HYPERLINK(\"\"x\"\")\"\r\n");
    }
}

//! Full-text search (FTS5) over reference, sanitised text, original text and
//! linked entity labels, with filters. Results respect the user: the original
//! wording is searched only for those entitled to read it, and reports above
//! the user's clearance never appear.

use crate::audit::AuditEvent;
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::domain::report_fields::Priority;
use crate::domain::status::Status;
use crate::error::CoreResult;
use crate::session::Session;
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, SqliteConnection};

pub const DEFAULT_LIMIT: i64 = 50;
pub const MAX_LIMIT: i64 = 100_000;

pub(crate) fn marking_list(clearance: Marking) -> String {
    Marking::visible_to(clearance).iter().map(|m| format!("'{m}'")).collect::<Vec<_>>().join(",")
}

/// Rebuilds one report's row in the index (after create, sanitise, link).
pub(crate) async fn reindex_report(conn: &mut SqliteConnection, report_id: i64) -> CoreResult<()> {
    let (reference, sanitised, original): (String, Option<String>, String) =
        sqlx::query_as("SELECT reference, sanitised_text, original_text FROM reports WHERE id = ?")
            .bind(report_id)
            .fetch_one(&mut *conn)
            .await?;
    // Linked entities' labels, and the other systems' references the report
    // and its entities carry, so a crime or PNC number finds the report.
    let (entities,): (Option<String>,) = sqlx::query_as(
        "SELECT group_concat(v, ' ') FROM ( \
           SELECT e.label AS v FROM report_entities re JOIN entities e ON e.id = re.entity_id WHERE re.report_id = ?1 \
           UNION ALL SELECT x.value FROM external_references x WHERE x.report_id = ?1 AND x.removed_at IS NULL \
           UNION ALL SELECT x.value FROM report_entities re JOIN external_references x ON x.entity_id = re.entity_id \
             WHERE re.report_id = ?1 AND x.removed_at IS NULL)",
    )
    .bind(report_id)
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM report_search WHERE rowid = ?").bind(report_id).execute(&mut *conn).await?;
    sqlx::query("INSERT INTO report_search (rowid, reference, sanitised, original, entities) VALUES (?,?,?,?,?)")
        .bind(report_id)
        .bind(reference)
        .bind(sanitised.unwrap_or_default())
        .bind(original)
        .bind(entities.unwrap_or_default())
        .execute(conn)
        .await?;
    Ok(())
}

pub(crate) async fn unindex_report(conn: &mut SqliteConnection, report_id: i64) -> CoreResult<()> {
    sqlx::query("DELETE FROM report_search WHERE rowid = ?").bind(report_id).execute(conn).await?;
    Ok(())
}

/// Turns what a person typed into a safe FTS5 query: each word is a quoted
/// term (all must match); a trailing `*` keeps prefix search.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .filter_map(|w| {
            let prefix = w.ends_with('*');
            let core: String = w.chars().filter(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '/' | '.')).collect();
            let core = core.trim_matches(|c: char| !c.is_alphanumeric()).to_owned();
            if core.is_empty() {
                return None;
            }
            Some(format!("\"{}\"{}", core.replace('"', ""), if prefix { "*" } else { "" }))
        })
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub text: Option<String>,
    pub status: Option<Status>,
    pub marking: Option<Marking>,
    pub priority: Option<Priority>,
    pub source_grade: Option<String>,
    pub intelligence_grade: Option<String>,
    pub handling_code: Option<String>,
    pub recorded_from: Option<String>,
    pub recorded_to: Option<String>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub entity_id: Option<i64>,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub limit: Option<i64>,
    /// Rows to skip (a results table fetching the window it shows).
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub offset: Option<i64>,
    /// Column to order by; newest first when absent.
    pub sort: Option<SortKey>,
    pub descending: Option<bool>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SortKey {
    Reference,
    RecordedAt,
    Status,
    Marking,
    Priority,
    SourceType,
    Grade,
}

impl SortKey {
    fn column(self) -> &'static str {
        match self {
            // References sort by their sequence, which is the row order.
            SortKey::Reference | SortKey::RecordedAt => "r.id",
            SortKey::Status => "r.status",
            SortKey::Marking => "r.marking",
            // Urgency, not alphabetical order: high sorts above medium.
            SortKey::Priority => "CASE r.priority WHEN 'high' THEN 3 WHEN 'medium' THEN 2 ELSE 1 END",
            SortKey::SourceType => "r.source_type",
            SortKey::Grade => "grade",
        }
    }
}

/// One window of a search: the rows asked for and how many match in all.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct SearchPage {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub total: i64,
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub offset: i64,
    pub rows: Vec<SearchHit>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SearchHit {
    pub reference: String,
    pub recorded_at: String,
    pub status: String,
    pub marking: String,
    pub priority: String,
    pub source_type: String,
    pub grade: Option<String>,
    pub summary: String,
}

impl Session {
    pub async fn search(&self, q: &SearchQuery) -> CoreResult<Vec<SearchHit>> {
        let me = self.authorise(Action::Search).await?;
        let hits = run_search(&self.pool, q, me.clearance, self.may(&me, Action::ViewOriginalText)).await?;
        self.audit_only(AuditEvent::new("search", "reports").details(serde_json::json!({"query": q, "hits": hits.len()}))).await?;
        Ok(hits)
    }

    /// A window of results with the total count, for a results table that
    /// fetches rows as they scroll into view. Only the first window of a
    /// query is audited: scrolling is not a new search.
    pub async fn search_page(&self, q: &SearchQuery) -> CoreResult<SearchPage> {
        let me = self.authorise(Action::Search).await?;
        let sees = self.may(&me, Action::ViewOriginalText);
        let rows = run_search(&self.pool, q, me.clearance, sees).await?;
        let total = count_matches(&self.pool, q, me.clearance, sees).await?;
        let offset = q.offset.unwrap_or(0).max(0);
        if offset == 0 {
            self.audit_only(AuditEvent::new("search", "reports").details(serde_json::json!({"query": q, "hits": total}))).await?;
        }
        Ok(SearchPage { total, offset, rows })
    }
}

/// The FROM and WHERE of a search, with its bound arguments.
struct Filter {
    from: &'static str,
    wheres: Vec<String>,
    args: SqliteArguments,
    ranked: bool,
    /// Some condition reads a column of `reports`.
    needs_reports: bool,
    /// Some condition reads the current grade.
    needs_grades: bool,
}

fn build_filter(q: &SearchQuery, clearance: Marking, sees_original: bool) -> Filter {
    let mut args = SqliteArguments::default();
    let mut wheres = Vec::new();
    // The schema allows only the markings in `Marking::ALL`: for someone
    // cleared to all of them the clause would only cost a row read per match.
    if Marking::visible_to(clearance).len() < Marking::ALL.len() {
        wheres.push(format!("r.marking IN ({})", marking_list(clearance)));
    }
    let match_expr = q.text.as_deref().and_then(fts_query);
    let from = if let Some(m) = &match_expr {
        let columns = if sees_original { "{reference sanitised original entities}" } else { "{reference sanitised entities}" };
        wheres.push("report_search MATCH ?".into());
        let _ = args.add(format!("{columns} : ({m})"));
        "report_search JOIN reports r ON r.id = report_search.rowid"
    } else {
        "reports r"
    };
    let mut filter = |clause: &str, value: Option<String>| {
        if let Some(v) = value {
            wheres.push(clause.to_owned());
            let _ = args.add(v);
        }
    };
    filter("r.status = ?", q.status.map(|s| s.as_str().to_owned()));
    filter("r.marking = ?", q.marking.map(|m| m.as_str().to_owned()));
    filter("r.priority = ?", q.priority.map(|p| p.as_str().to_owned()));
    filter("e.source_grade = ?", q.source_grade.clone());
    filter("e.intelligence_grade = ?", q.intelligence_grade.clone().map(|g| g.to_uppercase()));
    filter("e.handling_code = ?", q.handling_code.clone().map(|g| g.to_uppercase()));
    filter("r.recorded_at >= ?", q.recorded_from.clone());
    filter("r.recorded_at <= ?", q.recorded_to.clone());
    if let Some(eid) = q.entity_id {
        wheres.push(
            "r.id IN (SELECT report_id FROM report_entities WHERE entity_id IN \
             (WITH RECURSIVE fam(id) AS (SELECT ? UNION SELECT x.id FROM entities x JOIN fam ON x.merged_into = fam.id) SELECT id FROM fam))"
                .into(),
        );
        let _ = args.add(eid);
    }
    let needs_grades = q.source_grade.is_some() || q.intelligence_grade.is_some() || q.handling_code.is_some();
    let needs_reports = wheres.iter().any(|w| w.starts_with("r."));
    Filter { from, wheres, args, ranked: match_expr.is_some(), needs_reports, needs_grades }
}

const GRADE_JOIN: &str = "LEFT JOIN evaluations e ON e.report_id = r.id AND e.scheme = '3x5x2' AND e.superseded_at IS NULL";

async fn count_matches(pool: &sqlx::SqlitePool, q: &SearchQuery, clearance: Marking, sees_original: bool) -> CoreResult<i64> {
    let f = build_filter(q, clearance, sees_original);
    // Counting reads no more than the conditions need: a plain text search is
    // counted in the full-text index alone, without decrypting report rows.
    let from = if f.ranked && !f.needs_reports && !f.needs_grades { "report_search" } else { f.from };
    let grades = if f.needs_grades { GRADE_JOIN } else { "" };
    let wheres = if f.wheres.is_empty() { "1".to_owned() } else { f.wheres.join(" AND ") };
    let sql = format!("SELECT count(*) FROM {from} {grades} WHERE {wheres}");
    let (n,): (i64,) = sqlx::query_as_with(sqlx::AssertSqlSafe(sql), f.args).fetch_one(pool).await?;
    Ok(n)
}

/// The search itself, without the audit entry (benchmarks call this too).
pub async fn run_search(pool: &sqlx::SqlitePool, q: &SearchQuery, clearance: Marking, sees_original: bool) -> CoreResult<Vec<SearchHit>> {
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT).clamp(1, MAX_LIMIT);
    let summary = if sees_original {
        "substr(coalesce(r.sanitised_text, r.original_text), 1, 200)"
    } else {
        "coalesce(substr(r.sanitised_text, 1, 200), '(awaiting sanitisation)')"
    };
    let Filter { from, wheres, mut args, ranked, needs_reports, needs_grades } = build_filter(q, clearance, sees_original);
    let offset = q.offset.unwrap_or(0).max(0);
    // Row ids are assigned in recording order, so these orders are the
    // full-text index's own rowid order.
    let id_order_desc = match q.sort {
        None => Some(true),
        Some(SortKey::RecordedAt | SortKey::Reference) => Some(q.descending.unwrap_or(true)),
        Some(_) => None,
    };
    if let (true, false, false, Some(desc)) = (ranked, needs_reports, needs_grades, id_order_desc) {
        // A plain text search in id order: the full-text index picks the
        // window's row ids by itself, so only those rows are decrypted.
        let dir = if desc { "DESC" } else { "ASC" };
        let _ = args.add(limit);
        let _ = args.add(offset);
        let sql = format!(
            "SELECT r.reference, r.recorded_at, r.status, r.marking, r.priority, r.source_type, \
             e.source_grade || e.intelligence_grade || e.handling_code AS grade, {summary} AS summary \
             FROM reports r {GRADE_JOIN} \
             WHERE r.id IN (SELECT rowid FROM report_search WHERE {} ORDER BY rowid {dir} LIMIT ? OFFSET ?) ORDER BY r.id {dir}",
            wheres.join(" AND ")
        );
        return Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(sql), args).fetch_all(pool).await?);
    }
    let wheres = if wheres.is_empty() { vec!["1".to_owned()] } else { wheres };
    let desc = q.descending.unwrap_or(true);
    let order = match q.sort {
        // Ties broken by row id so windows of one query never overlap.
        Some(k) => format!("{} {dir}, r.id {dir}", k.column(), dir = if desc { "DESC" } else { "ASC" }),
        None if ranked => "report_search.rowid DESC".to_owned(),
        None => "r.id DESC".to_owned(),
    };
    let _ = args.add(limit);
    let _ = args.add(offset);
    let sql = format!(
        "SELECT r.reference, r.recorded_at, r.status, r.marking, r.priority, r.source_type, \
         e.source_grade || e.intelligence_grade || e.handling_code AS grade, {summary} AS summary \
         FROM {from} {GRADE_JOIN} WHERE {} ORDER BY {order} LIMIT ? OFFSET ?",
        wheres.join(" AND ")
    );
    Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(sql), args).fetch_all(pool).await?)
}

#[cfg(test)]
mod tests {
    use super::fts_query;

    #[test]
    fn user_text_cannot_inject_fts_syntax() {
        assert_eq!(fts_query("red van").as_deref(), Some("\"red\" \"van\""));
        assert_eq!(fts_query("NEAR( \"x\" OR y)").as_deref(), Some("\"NEAR\" \"x\" \"OR\" \"y\""));
        assert_eq!(fts_query("smi*").as_deref(), Some("\"smi\"*"));
        assert_eq!(fts_query("  ** ").as_deref(), None);
        assert_eq!(fts_query("AB12 CDE").as_deref(), Some("\"AB12\" \"CDE\""));
    }
}

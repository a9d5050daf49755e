//! Intelligence products assembled offline: strategic and tactical
//! assessments, problem and subject profiles, research summaries. Each starts
//! from agreed terms of reference and a template of the doctrine's sections;
//! it cites graded reports (code C flagged with its conditions), embeds link
//! charts, timelines and tables from the store, records gaps and
//! recommendations, and passes peer review and approval before release. Its
//! marking is never below the highest marking of what it cites.

pub mod compose;
pub mod export;
pub mod package;
pub mod template;
pub mod workflow;

use crate::domain::governance::{ProductKind, ProductState, Strand};
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult};
use crate::session::{Session, UserInfo};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermsOfReference {
    pub requester: String,
    pub scope: String,
    pub questions: Vec<String>,
    /// YYYY-MM-DD
    pub deadline: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewProduct {
    pub kind: ProductKind,
    pub title: String,
    pub marking: Marking,
    pub terms: TermsOfReference,
    /// The commissioning decision of a T&C meeting, when there is one.
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub commissioned_by: Option<i64>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ProductSection {
    pub key: String,
    pub title: String,
    pub guidance: String,
    pub body: String,
}

/// A cited report as the product shows it: grades filled in from the store,
/// the sanitised wording only, and code C flagged with its conditions.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct Citation {
    pub reference: String,
    pub section: String,
    pub note: String,
    pub marking: Marking,
    pub recorded_at: String,
    pub source_grade: String,
    pub intelligence_grade: String,
    pub handling_code: String,
    pub conditions: Option<String>,
    pub sanitised_text: String,
}

impl Citation {
    pub fn grade(&self) -> String {
        format!("{}{}{}", self.source_grade, self.intelligence_grade, self.handling_code)
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmbedKind {
    LinkChart,
    Timeline,
    Table,
}

crate::domain::vocabulary!(EmbedKind, "embed kind", {
    LinkChart => "link-chart",
    Timeline => "timeline",
    Table => "table",
});

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewEmbed {
    pub section: String,
    pub kind: EmbedKind,
    /// The entity a link chart or timeline is drawn around.
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub entity_id: Option<i64>,
    /// The search a table lists (full-text words, as on the Search screen).
    pub query: Option<String>,
    pub caption: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct Embed {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    pub section: String,
    pub kind: EmbedKind,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub entity_id: Option<i64>,
    pub query: Option<String>,
    pub caption: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ProductItem {
    #[cfg_attr(feature = "specta", specta(type = i32))]
    pub id: i64,
    pub strand: Option<Strand>,
    pub text: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ProductStep {
    pub step: String,
    pub note: String,
    pub by: String,
    pub at: String,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ProductView {
    pub reference: String,
    pub kind: ProductKind,
    pub kind_title: String,
    pub title: String,
    pub marking: Marking,
    /// The highest marking among the cited reports (the floor for `marking`).
    pub cited_marking: Option<Marking>,
    pub state: ProductState,
    pub terms: TermsOfReference,
    #[cfg_attr(feature = "specta", specta(type = Option<i32>))]
    pub commissioned_by: Option<i64>,
    pub sections: Vec<ProductSection>,
    pub citations: Vec<Citation>,
    pub embeds: Vec<Embed>,
    pub gaps: Vec<ProductItem>,
    pub recommendations: Vec<ProductItem>,
    pub dissemination: Vec<String>,
    /// Conditions carried from code C citations: they bind the product too.
    pub handling_conditions: Vec<String>,
    pub author: String,
    pub reviewer: Option<String>,
    pub reviewed_at: Option<String>,
    pub approver: Option<String>,
    pub approved_at: Option<String>,
    pub history: Vec<ProductStep>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct ProductSummary {
    pub reference: String,
    pub kind: ProductKind,
    pub title: String,
    pub marking: Marking,
    pub state: ProductState,
    pub author: String,
    pub deadline: String,
    pub updated_at: String,
}

pub(crate) struct ProductRow {
    pub id: i64,
    pub state: ProductState,
    pub marking: Marking,
    pub author_id: i64,
}

pub(crate) async fn load_product(conn: &mut SqliteConnection, me: &UserInfo, reference: &str) -> CoreResult<ProductRow> {
    let row: Option<(i64, String, String, i64)> = sqlx::query_as("SELECT id, state, marking, author_id FROM products WHERE reference = ?")
        .bind(reference.trim())
        .fetch_optional(&mut *conn)
        .await?;
    let (id, state, marking, author_id) = row.ok_or_else(|| CoreError::not_found(format!("no product '{reference}'")))?;
    let marking: Marking = marking.parse()?;
    if marking > me.clearance {
        return Err(CoreError::not_found(format!("no product '{reference}'")));
    }
    Ok(ProductRow { id, state: state.parse()?, marking, author_id })
}

type CitationRow = (String, String, String, String, String, String, String, Option<String>, Option<String>, Option<String>);

pub(crate) async fn load_citations(conn: &mut SqliteConnection, product_id: i64) -> CoreResult<Vec<Citation>> {
    let rows: Vec<CitationRow> = sqlx::query_as(
        "SELECT r.reference, c.section, c.note, r.marking, r.recorded_at, e.source_grade, e.intelligence_grade, e.handling_code, e.conditions, r.sanitised_text \
         FROM product_citations c JOIN reports r ON r.id = c.report_id \
         LEFT JOIN evaluations e ON e.report_id = r.id AND e.scheme = '3x5x2' AND e.superseded_at IS NULL \
         WHERE c.product_id = ? ORDER BY r.recorded_at, r.reference",
    )
    .bind(product_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(reference, section, note, marking, recorded_at, source, intel, handling, conditions, sanitised)| {
            Ok(Citation {
                reference,
                section,
                note,
                marking: marking.parse()?,
                recorded_at,
                source_grade: source,
                intelligence_grade: intel,
                handling_code: handling.unwrap_or_default(),
                conditions,
                sanitised_text: sanitised.unwrap_or_default(),
            })
        })
        .collect()
}

impl Session {
    pub async fn product(&self, reference: &str) -> CoreResult<ProductView> {
        let me = self.authorise(Action::RecordRead).await?;
        let mut conn = self.pool.acquire().await?;
        let p = load_product(&mut conn, &me, reference).await?;
        product_view(&mut conn, p.id).await
    }

    pub async fn list_products(&self) -> CoreResult<Vec<ProductSummary>> {
        let me = self.authorise(Action::RecordRead).await?;
        type Row = (String, String, String, String, String, String, String, String);
        let rows: Vec<Row> = sqlx::query_as(crate::sqlf!(
            "SELECT p.reference, p.kind, p.title, p.marking, p.state, u.username, p.tor_deadline, p.updated_at FROM products p \
             JOIN users u ON u.id = p.author_id WHERE p.marking IN ({}) ORDER BY p.updated_at DESC",
            crate::cycle::search::marking_list(me.clearance)
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(reference, kind, title, marking, state, author, deadline, updated_at)| {
                Ok(ProductSummary {
                    reference,
                    kind: kind.parse()?,
                    title,
                    marking: marking.parse()?,
                    state: state.parse()?,
                    author,
                    deadline,
                    updated_at,
                })
            })
            .collect()
    }
}

/// The whole product, refusing anything not approved: only an approved
/// product leaves the store (as a file or in a tasking package).
pub(crate) async fn approved_product(s: &Session, me: &UserInfo, reference: &str, leaving_as: &str) -> CoreResult<ProductView> {
    let mut conn = s.pool.acquire().await?;
    let p = load_product(&mut conn, me, reference).await?;
    if p.state != ProductState::Approved {
        return Err(CoreError::new(
            crate::ErrorCode::IllegalTransition,
            format!("{reference} is {}: only an approved product {leaving_as}", p.state),
        ));
    }
    product_view(&mut conn, p.id).await
}

pub(crate) async fn product_view(conn: &mut SqliteConnection, id: i64) -> CoreResult<ProductView> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<i64>,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let (reference, kind, title, marking, state, requester, scope, questions, deadline, commissioned_by, dissemination, author, reviewer, reviewed_at, approver, approved_at): Row =
        sqlx::query_as(
            "SELECT p.reference, p.kind, p.title, p.marking, p.state, p.tor_requester, p.tor_scope, p.tor_questions, p.tor_deadline, p.commissioned_by, \
             p.dissemination, a.username, rv.username, p.reviewed_at, ap.username, p.approved_at FROM products p JOIN users a ON a.id = p.author_id \
             LEFT JOIN users rv ON rv.id = p.reviewer_id LEFT JOIN users ap ON ap.id = p.approver_id WHERE p.id = ?",
        )
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let kind: ProductKind = kind.parse()?;
    let bad = |e: serde_json::Error| CoreError::damaged(format!("a product's stored list is unreadable: {e}"));
    let sections: Vec<(String, String, String)> =
        sqlx::query_as("SELECT key, title, body FROM product_sections WHERE product_id = ? ORDER BY position")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let citations = load_citations(conn, id).await?;
    let embeds: Vec<(i64, String, String, Option<i64>, Option<String>, String)> =
        sqlx::query_as("SELECT id, section, kind, entity_id, query, caption FROM product_embeds WHERE product_id = ? ORDER BY id")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let gaps: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, gap FROM product_gaps WHERE product_id = ? ORDER BY id").bind(id).fetch_all(&mut *conn).await?;
    let recs: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, strand, text FROM product_recommendations WHERE product_id = ? ORDER BY id")
            .bind(id)
            .fetch_all(&mut *conn)
            .await?;
    let history: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT d.step, d.note, u.username, d.decided_at FROM product_decisions d JOIN users u ON u.id = d.decided_by WHERE d.product_id = ? ORDER BY d.id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let mut handling_conditions: Vec<String> = Vec::new();
    for c in citations.iter().filter(|c| c.handling_code == "C") {
        let line = format!("{} (code C): {}", c.reference, c.conditions.as_deref().unwrap_or("conditions not recorded"));
        if !handling_conditions.contains(&line) {
            handling_conditions.push(line);
        }
    }
    Ok(ProductView {
        reference,
        kind,
        kind_title: kind.title().to_owned(),
        title,
        marking: marking.parse()?,
        cited_marking: citations.iter().map(|c| c.marking).max(),
        state: state.parse()?,
        terms: TermsOfReference { requester, scope, questions: serde_json::from_str(&questions).map_err(bad)?, deadline },
        commissioned_by,
        sections: sections
            .into_iter()
            .map(|(key, title, body)| ProductSection { guidance: template::guidance(kind, &key).to_owned(), key, title, body })
            .collect(),
        citations,
        embeds: embeds
            .into_iter()
            .map(|(id, section, k, entity_id, query, caption)| Ok(Embed { id, section, kind: k.parse()?, entity_id, query, caption }))
            .collect::<CoreResult<_>>()?,
        gaps: gaps.into_iter().map(|(id, text)| ProductItem { id, strand: None, text }).collect(),
        recommendations: recs
            .into_iter()
            .map(|(id, strand, text)| Ok(ProductItem { id, strand: Some(strand.parse()?), text }))
            .collect::<CoreResult<_>>()?,
        dissemination: serde_json::from_str(&dissemination).map_err(bad)?,
        handling_conditions,
        author,
        reviewer,
        reviewed_at,
        approver,
        approved_at,
        history: history.into_iter().map(|(step, note, by, at)| ProductStep { step, note, by, at }).collect(),
    })
}

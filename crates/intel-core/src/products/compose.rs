//! Turns a product into the renderer's document: title block, terms of
//! reference, the sections with their embedded charts and tables, gaps,
//! recommendations, and the graded source intelligence. Everything drawn from
//! the store is limited to the product's own marking and is sanitised text.

use super::{EmbedKind, ProductView};
use crate::cycle::search::{run_search, SearchQuery};
use crate::domain::marking::Marking;
use crate::error::CoreResult;
use crate::session::Session;
use intel_render::{Block, ChartEdge, ChartNode, Document};
use sqlx::SqliteConnection;

/// Most rows an embedded table or timeline carries: a product is read, not scrolled.
const EMBED_ROWS: i64 = 50;

fn day(t: &str) -> String {
    t.get(..10).unwrap_or(t).to_owned()
}

pub(crate) fn title_block(view: &ProductView, unit: &str) -> Document {
    let mut meta = vec![("Author".to_owned(), view.author.clone())];
    meta.push((
        "Peer reviewer".into(),
        match (&view.reviewer, &view.reviewed_at) {
            (Some(r), Some(at)) => format!("{r} ({})", day(at)),
            _ => "not yet reviewed".into(),
        },
    ));
    meta.push((
        "Approved by".into(),
        match (&view.approver, &view.approved_at) {
            (Some(a), Some(at)) => format!("{a} ({})", day(at)),
            _ => "NOT APPROVED".into(),
        },
    ));
    meta.push(("Requested by".into(), view.terms.requester.clone()));
    meta.push(("Deadline".into(), view.terms.deadline.clone()));
    meta.push(("Status".into(), view.state.to_string()));
    Document {
        marking: view.marking.to_string(),
        handling: view.handling_conditions.clone(),
        kind: view.kind_title.clone(),
        title: view.title.clone(),
        reference: view.reference.clone(),
        unit: unit.to_owned(),
        meta,
        dissemination: view.dissemination.clone(),
        blocks: vec![],
    }
}

impl Session {
    pub(crate) async fn compose_product(&self, view: &ProductView) -> CoreResult<Document> {
        let mut doc = title_block(view, self.unit_name());
        let b = &mut doc.blocks;
        b.push(Block::Heading("Terms of reference".into()));
        b.push(Block::Paragraph(format!("Requested by {}. Scope: {}", view.terms.requester, view.terms.scope)));
        b.push(Block::Bullets(view.terms.questions.clone()));
        let mut conn = self.pool.acquire().await?;
        for s in &view.sections {
            b.push(Block::Heading(s.title.clone()));
            b.push(Block::Paragraph(s.body.clone()));
            let cited: Vec<String> =
                view.citations.iter().filter(|c| c.section == s.key).map(|c| format!("{} ({})", c.reference, c.grade())).collect();
            if !cited.is_empty() {
                b.push(Block::Paragraph(format!("Intelligence cited: {}", cited.join(", "))));
            }
            for e in view.embeds.iter().filter(|e| e.section == s.key) {
                let block = match (e.kind, e.entity_id, e.query.as_deref()) {
                    (EmbedKind::LinkChart, Some(id), _) => link_chart(&mut conn, id, &e.caption).await?,
                    (EmbedKind::Timeline, Some(id), _) => timeline(&mut conn, id, view.marking, &e.caption).await?,
                    (EmbedKind::Table, _, Some(q)) => {
                        let hits = run_search(
                            &self.pool,
                            &SearchQuery { text: Some(q.to_owned()), limit: Some(EMBED_ROWS), ..Default::default() },
                            view.marking,
                            false,
                        )
                        .await?;
                        Block::Table {
                            caption: Some(format!("{} (search: {q}; {} reports)", e.caption, hits.len())),
                            header: vec![
                                "Reference".into(),
                                "Recorded".into(),
                                "Grade".into(),
                                "Marking".into(),
                                "Summary (sanitised)".into(),
                            ],
                            rows: hits
                                .into_iter()
                                .map(|h| vec![h.reference, day(&h.recorded_at), h.grade.unwrap_or_default(), h.marking, h.summary])
                                .collect(),
                        }
                    }
                    _ => continue,
                };
                b.push(block);
            }
        }
        b.push(Block::Heading("Intelligence gaps".into()));
        if view.gaps.is_empty() {
            b.push(Block::Paragraph("None recorded.".into()));
        } else {
            b.push(Block::Bullets(view.gaps.iter().map(|g| g.text.clone()).collect()));
        }
        if !view.recommendations.is_empty() {
            b.push(Block::Heading("Recommendations".into()));
            b.push(Block::Table {
                caption: None,
                header: vec!["Strand".into(), "Recommendation".into()],
                rows: view
                    .recommendations
                    .iter()
                    .map(|r| vec![r.strand.map(|s| capitalise(s.as_str())).unwrap_or_default(), r.text.clone()])
                    .collect(),
            });
        }
        b.push(Block::Heading("Source intelligence".into()));
        b.push(Block::Table {
            caption: Some("Graded reports cited (3x5x2: source, intelligence, handling code); sanitised wording only".into()),
            header: vec!["Reference".into(), "Grade".into(), "Marking".into(), "Sanitised text".into(), "Note".into()],
            rows: view
                .citations
                .iter()
                .map(|c| vec![c.reference.clone(), c.grade(), c.marking.to_string(), c.sanitised_text.clone(), c.note.clone()])
                .collect(),
        });
        for c in view.citations.iter().filter(|c| c.handling_code == "C") {
            b.push(Block::Note {
                label: format!("Handling code C: {}", c.reference),
                text: format!(
                    "Lawful sharing permitted with conditions. {}",
                    c.conditions
                        .as_deref()
                        .unwrap_or("The conditions were not recorded: consult the intelligence manager before any release.")
                ),
            });
        }
        Ok(doc)
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The entity, its neighbours and the associations between them (merges
/// followed), drawn confirmed-solid / unconfirmed-dashed by the renderer.
async fn link_chart(conn: &mut SqliteConnection, entity_id: i64, caption: &str) -> CoreResult<Block> {
    let centre = crate::cycle::entities::canonical(&mut *conn, entity_id).await?;
    let family: Vec<(i64,)> = sqlx::query_as(
        "WITH RECURSIVE family(id) AS (SELECT ?1 UNION SELECT e.id FROM entities e JOIN family f ON e.merged_into = f.id) SELECT id FROM family",
    )
    .bind(centre)
    .fetch_all(&mut *conn)
    .await?;
    let mut nodes: Vec<ChartNode> = Vec::new();
    let mut edges: Vec<ChartEdge> = Vec::new();
    let (label, kind): (String, String) =
        sqlx::query_as("SELECT label, kind FROM entities WHERE id = ?").bind(centre).fetch_one(&mut *conn).await?;
    add_node(&mut nodes, centre, label, kind);
    for (member,) in family {
        let assocs: Vec<(i64, i64, String, i64)> = sqlx::query_as(
            "SELECT from_entity, to_entity, kind, confirmed FROM associations WHERE from_entity = ?1 OR to_entity = ?1 ORDER BY id",
        )
        .bind(member)
        .fetch_all(&mut *conn)
        .await?;
        for (from, to, kind, confirmed) in assocs {
            let from = crate::cycle::entities::canonical(&mut *conn, from).await?;
            let to = crate::cycle::entities::canonical(&mut *conn, to).await?;
            if from == to {
                continue;
            }
            for id in [from, to] {
                let (label, k): (String, String) =
                    sqlx::query_as("SELECT label, kind FROM entities WHERE id = ?").bind(id).fetch_one(&mut *conn).await?;
                add_node(&mut nodes, id, label, k);
            }
            edges.push(ChartEdge { from: from as u64, to: to as u64, label: kind, confirmed: confirmed == 1 });
        }
    }
    Ok(Block::LinkChart { caption: caption.to_owned(), nodes, edges })
}

fn add_node(nodes: &mut Vec<ChartNode>, id: i64, label: String, kind: String) {
    if !nodes.iter().any(|n| n.id == id as u64) {
        nodes.push(ChartNode { id: id as u64, label, kind });
    }
}

/// The reports linked to the entity, in the order they were received.
async fn timeline(conn: &mut SqliteConnection, entity_id: i64, marking: Marking, caption: &str) -> CoreResult<Block> {
    let centre = crate::cycle::entities::canonical(&mut *conn, entity_id).await?;
    type Row = (String, String, Option<String>, Option<String>, Option<String>);
    let rows: Vec<Row> = sqlx::query_as(crate::sqlf!(
        "WITH RECURSIVE family(id) AS (SELECT ?1 UNION SELECT e.id FROM entities e JOIN family f ON e.merged_into = f.id) \
         SELECT r.reference, r.received_at, group_concat(DISTINCT re.role), {}, r.sanitised_text FROM report_entities re JOIN reports r ON r.id = re.report_id \
         WHERE re.entity_id IN family AND r.marking IN ({}) AND r.disposed_at IS NULL GROUP BY r.id ORDER BY r.received_at LIMIT {EMBED_ROWS}",
        crate::tasking::requirements::GRADE_LABEL_SQL,
        crate::cycle::search::marking_list(marking)
    ))
    .bind(centre)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Block::Table {
        caption: Some(caption.to_owned()),
        header: vec!["Received".into(), "Reference".into(), "Grade".into(), "Role".into(), "What was reported (sanitised)".into()],
        rows: rows
            .into_iter()
            .map(|(r, at, role, grade, text)| {
                vec![
                    day(&at),
                    r,
                    grade.unwrap_or_default(),
                    role.unwrap_or_default(),
                    text.unwrap_or_else(|| "(awaiting sanitisation)".into()),
                ]
            })
            .collect(),
    })
}

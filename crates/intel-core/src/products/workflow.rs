//! A product's life: drafted from its terms of reference, edited while a
//! draft, submitted, peer reviewed by someone other than the author, then
//! approved (or returned) by the entitled role, never the author. Once
//! approved it cannot change (the schema enforces that too).

use super::{load_citations, load_product, product_view, template, EmbedKind, NewEmbed, NewProduct, ProductRow, ProductView};
use crate::audit::{self, AuditEvent};
use crate::domain::governance::{DecisionKind, ProductState, Strand};
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::session::{Session, UserInfo};
use crate::tasking::{next_reference, parse_date, text};
use sqlx::SqliteConnection;

fn must_be(p: &ProductRow, state: ProductState, reference: &str, doing: &str) -> CoreResult<()> {
    if p.state != state {
        return Err(CoreError::new(ErrorCode::IllegalTransition, format!("{reference} is {}; {doing}", p.state)));
    }
    Ok(())
}

fn draft_only(p: &ProductRow, reference: &str) -> CoreResult<()> {
    must_be(p, ProductState::Draft, reference, "only a draft can be edited (a returned product is a draft again)")
}

impl Session {
    /// Opens a draft from agreed terms of reference, with the kind's sections.
    pub async fn create_product(&self, new: NewProduct) -> CoreResult<ProductView> {
        let me = self.authorise(Action::DraftProduct).await?;
        let title = text("the product's title", &new.title)?;
        let requester = text("the requester (terms of reference)", &new.terms.requester)?;
        let scope = text("the scope (terms of reference)", &new.terms.scope)?;
        let questions: Vec<String> = new.terms.questions.iter().map(|q| q.trim().to_owned()).filter(|q| !q.is_empty()).collect();
        if questions.is_empty() {
            return Err(CoreError::invalid("the terms of reference need at least one question the product must answer"));
        }
        parse_date("the deadline (terms of reference)", &new.terms.deadline)?;
        if new.marking > me.clearance {
            return Err(CoreError::denied(format!("you are cleared to {} and cannot write a {} product", me.clearance, new.marking)));
        }
        let mut tx = self.begin().await?;
        if let Some(d) = new.commissioned_by {
            let decision = crate::tasking::meetings::fetch_decision(&mut tx, &me, d).await?;
            if decision.kind != DecisionKind::Commission {
                return Err(CoreError::invalid(format!("decision {d} is a {} decision, not a commission", decision.kind)));
            }
        }
        let reference = next_reference(&mut tx, new.kind.reference_prefix()).await?;
        let now = crate::cycle::now();
        let id = sqlx::query(
            "INSERT INTO products (reference, kind, title, marking, tor_requester, tor_scope, tor_questions, tor_deadline, commissioned_by, state, \
             author_id, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?, 'draft', ?,?,?)",
        )
        .bind(&reference)
        .bind(new.kind.as_str())
        .bind(&title)
        .bind(new.marking.as_str())
        .bind(&requester)
        .bind(&scope)
        .bind(serde_json::to_string(&questions).map_err(|e| CoreError::internal(e.to_string()))?)
        .bind(new.terms.deadline.trim())
        .bind(new.commissioned_by)
        .bind(me.id)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        for (i, s) in template::sections(new.kind).iter().enumerate() {
            sqlx::query("INSERT INTO product_sections (product_id, position, key, title) VALUES (?,?,?,?)")
                .bind(id)
                .bind(i as i64 + 1)
                .bind(s.key)
                .bind(s.title)
                .execute(&mut *tx)
                .await?;
        }
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new("product.create", format!("product:{reference}")).details(serde_json::json!({
                "kind": new.kind, "requester": requester, "deadline": new.terms.deadline.trim(), "commissioned_by": new.commissioned_by,
            })),
        )
        .await?;
        let view = product_view(&mut tx, id).await?;
        self.commit(tx, head).await?;
        Ok(view)
    }

    pub async fn update_product_section(&self, reference: &str, key: &str, body: &str) -> CoreResult<ProductView> {
        self.edit(reference, "product.edit", serde_json::json!({"section": key}), |tx, p, _| {
            let key = key.to_owned();
            let body = body.trim().to_owned();
            Box::pin(async move {
                let n = sqlx::query("UPDATE product_sections SET body = ? WHERE product_id = ? AND key = ?")
                    .bind(&body)
                    .bind(p.id)
                    .bind(&key)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 0 {
                    return Err(CoreError::not_found(format!("the product has no section '{key}'")));
                }
                Ok(())
            })
        })
        .await
    }

    /// Title, marking and dissemination list. The marking may not go below
    /// the highest marking of the cited reports.
    pub async fn set_product_details(
        &self,
        reference: &str,
        title: &str,
        marking: Marking,
        dissemination: Vec<String>,
    ) -> CoreResult<ProductView> {
        let title = text("the product's title", title)?;
        let list: Vec<String> = dissemination.iter().map(|d| d.trim().to_owned()).filter(|d| !d.is_empty()).collect();
        let details = serde_json::json!({"title": title, "marking": marking, "dissemination": list});
        self.edit(reference, "product.details", details, |tx, p, me| {
            Box::pin(async move {
                if marking > me.clearance {
                    return Err(CoreError::denied(format!("you are cleared to {} and cannot mark a product {marking}", me.clearance)));
                }
                let floor = load_citations(&mut *tx, p.id).await?.iter().map(|c| c.marking).max();
                if let Some(floor) = floor.filter(|f| marking < *f) {
                    return Err(CoreError::invalid(format!("the product cites {floor} reports, so its marking must be at least {floor}")));
                }
                sqlx::query("UPDATE products SET title = ?, marking = ?, dissemination = ? WHERE id = ?")
                    .bind(&title)
                    .bind(marking.as_str())
                    .bind(serde_json::to_string(&list).map_err(|e| CoreError::internal(e.to_string()))?)
                    .bind(p.id)
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }

    /// Cites a report. Only evaluated, sanitised reports can be cited: the
    /// product shows their grades and sanitised wording, never the original.
    /// Citing a report marked above the product raises the product's marking.
    pub async fn cite_report(&self, reference: &str, report: &str, section: &str, note: &str) -> CoreResult<ProductView> {
        let details = serde_json::json!({"report": report, "section": section});
        self.edit(reference, "product.cite", details, |tx, p, me| {
            let report = report.trim().to_owned();
            let section = section.to_owned();
            let note = note.trim().to_owned();
            Box::pin(async move {
                let (rid, _, seen) = crate::cycle::records::report_id(&mut *tx, &report).await?;
                if seen > me.clearance {
                    return Err(CoreError::not_found(format!("no report with reference '{report}'")));
                }
                section_exists(&mut *tx, p.id, &section).await?;
                let (marking, sanitised, graded): (String, Option<String>, i64) = sqlx::query_as(
                    "SELECT marking, sanitised_text, EXISTS (SELECT 1 FROM evaluations WHERE report_id = reports.id AND scheme = '3x5x2' \
                     AND superseded_at IS NULL) FROM reports WHERE id = ?",
                )
                .bind(rid)
                .fetch_one(&mut *tx)
                .await?;
                if graded == 0 {
                    return Err(CoreError::new(
                        ErrorCode::IllegalTransition,
                        format!("{report} has not been evaluated with 3x5x2; a product cites graded intelligence only"),
                    ));
                }
                if sanitised.is_none() {
                    return Err(CoreError::new(
                        ErrorCode::IllegalTransition,
                        format!("{report} has no sanitised wording yet; a product carries sanitised text only, so sanitise it first"),
                    ));
                }
                let added = sqlx::query(
                    "INSERT INTO product_citations (product_id, report_id, section, note, added_by, added_at) VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                )
                .bind(p.id)
                .bind(rid)
                .bind(&section)
                .bind(&note)
                .bind(me.id)
                .bind(crate::cycle::now())
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if added == 0 {
                    return Err(CoreError::new(ErrorCode::Conflict, format!("{report} is already cited")));
                }
                let marking: Marking = marking.parse()?;
                if marking > p.marking {
                    sqlx::query("UPDATE products SET marking = ? WHERE id = ?").bind(marking.as_str()).bind(p.id).execute(&mut *tx).await?;
                }
                Ok(())
            })
        })
        .await
    }

    pub async fn uncite_report(&self, reference: &str, report: &str) -> CoreResult<ProductView> {
        self.edit(reference, "product.uncite", serde_json::json!({"report": report}), |tx, p, _| {
            let report = report.trim().to_owned();
            Box::pin(async move {
                let n = sqlx::query(
                    "DELETE FROM product_citations WHERE product_id = ? AND report_id = (SELECT id FROM reports WHERE reference = ?)",
                )
                .bind(p.id)
                .bind(&report)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if n == 0 {
                    return Err(CoreError::not_found(format!("{report} is not cited")));
                }
                Ok(())
            })
        })
        .await
    }

    pub async fn add_embed(&self, reference: &str, e: NewEmbed) -> CoreResult<ProductView> {
        let caption = text("the embed's caption", &e.caption)?;
        let details = serde_json::json!({"kind": e.kind, "entity": e.entity_id, "query": e.query, "section": e.section});
        self.edit(reference, "product.embed", details, |tx, p, _| {
            Box::pin(async move {
                section_exists(&mut *tx, p.id, &e.section).await?;
                let query = crate::tasking::optional_text(e.query.as_deref());
                match e.kind {
                    EmbedKind::LinkChart | EmbedKind::Timeline => {
                        let id = e
                            .entity_id
                            .ok_or_else(|| CoreError::invalid("a link chart or timeline is drawn around an entity: choose one"))?;
                        crate::cycle::entities::canonical(&mut *tx, id).await?;
                    }
                    EmbedKind::Table => {
                        if query.is_none() {
                            return Err(CoreError::invalid("a table lists the results of a search: give the search words"));
                        }
                    }
                }
                sqlx::query("INSERT INTO product_embeds (product_id, section, kind, entity_id, query, caption) VALUES (?,?,?,?,?,?)")
                    .bind(p.id)
                    .bind(&e.section)
                    .bind(e.kind.as_str())
                    .bind(if e.kind == EmbedKind::Table { None } else { e.entity_id })
                    .bind(if e.kind == EmbedKind::Table { query } else { None })
                    .bind(&caption)
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }

    pub async fn remove_embed(&self, reference: &str, embed_id: i64) -> CoreResult<ProductView> {
        self.remove_item(reference, "product_embeds", embed_id, "product.unembed").await
    }

    pub async fn add_gap(&self, reference: &str, gap: &str) -> CoreResult<ProductView> {
        let gap = text("the intelligence gap", gap)?;
        self.edit(reference, "product.gap", serde_json::json!({"gap": gap}), |tx, p, _| {
            Box::pin(async move {
                sqlx::query("INSERT INTO product_gaps (product_id, gap) VALUES (?,?)").bind(p.id).bind(&gap).execute(&mut *tx).await?;
                Ok(())
            })
        })
        .await
    }

    pub async fn remove_gap(&self, reference: &str, gap_id: i64) -> CoreResult<ProductView> {
        self.remove_item(reference, "product_gaps", gap_id, "product.ungap").await
    }

    pub async fn add_recommendation(&self, reference: &str, strand: Strand, recommendation: &str) -> CoreResult<ProductView> {
        let rec = text("the recommendation", recommendation)?;
        self.edit(reference, "product.recommend", serde_json::json!({"strand": strand, "text": rec}), |tx, p, _| {
            Box::pin(async move {
                sqlx::query("INSERT INTO product_recommendations (product_id, strand, text) VALUES (?,?,?)")
                    .bind(p.id)
                    .bind(strand.as_str())
                    .bind(&rec)
                    .execute(&mut *tx)
                    .await?;
                Ok(())
            })
        })
        .await
    }

    pub async fn remove_recommendation(&self, reference: &str, id: i64) -> CoreResult<ProductView> {
        self.remove_item(reference, "product_recommendations", id, "product.unrecommend").await
    }

    /// Sends a complete draft for peer review.
    pub async fn submit_product(&self, reference: &str, note: &str) -> CoreResult<ProductView> {
        let me = self.authorise(Action::DraftProduct).await?;
        let mut tx = self.begin().await?;
        let p = load_product(&mut tx, &me, reference).await?;
        draft_only(&p, reference)?;
        let view = product_view(&mut tx, p.id).await?;
        let empty: Vec<&str> = view.sections.iter().filter(|s| s.body.trim().is_empty()).map(|s| s.title.as_str()).collect();
        if !empty.is_empty() {
            return Err(CoreError::invalid(format!("write every section before review; still empty: {}", empty.join(", "))));
        }
        if view.citations.is_empty() {
            return Err(CoreError::invalid("a product references the graded source intelligence: cite at least one report"));
        }
        if template::needs_recommendations(view.kind) && view.recommendations.is_empty() {
            return Err(CoreError::invalid(format!("a {} makes recommendations: add at least one", view.kind_title.to_lowercase())));
        }
        if view.dissemination.is_empty() {
            return Err(CoreError::invalid("set the dissemination list: who the product goes to"));
        }
        self.step(tx, &me, &p, reference, ProductState::InReview, "submitted", note, "product.submit").await
    }

    /// Peer review by someone other than the author: passes it on for
    /// approval, or returns it to draft with the reviewer's note.
    pub async fn peer_review_product(&self, reference: &str, passed: bool, note: &str) -> CoreResult<ProductView> {
        let me = self.authorise(Action::ReviewProduct).await?;
        text("the reviewer's note", note)?;
        let mut tx = self.begin().await?;
        let p = load_product(&mut tx, &me, reference).await?;
        must_be(&p, ProductState::InReview, reference, "only a submitted product can be peer reviewed")?;
        if p.author_id == me.id {
            return Err(CoreError::denied("you wrote this product; peer review must be done by someone else"));
        }
        if passed {
            sqlx::query("UPDATE products SET reviewer_id = ?, reviewed_at = ? WHERE id = ?")
                .bind(me.id)
                .bind(crate::cycle::now())
                .bind(p.id)
                .execute(&mut *tx)
                .await?;
            self.step(tx, &me, &p, reference, ProductState::AwaitingApproval, "peer-review-passed", note, "product.peer-review").await
        } else {
            self.step(tx, &me, &p, reference, ProductState::Draft, "returned", note, "product.return").await
        }
    }

    /// Approval for release by the entitled role (never the author), or a
    /// return to draft.
    pub async fn approve_product(&self, reference: &str, approve: bool, note: &str) -> CoreResult<ProductView> {
        let me = self.authorise(Action::ApproveProduct).await?;
        text("a note on the decision", note)?;
        let mut tx = self.begin().await?;
        let p = load_product(&mut tx, &me, reference).await?;
        must_be(&p, ProductState::AwaitingApproval, reference, "only a peer-reviewed product can be approved")?;
        if p.author_id == me.id {
            return Err(CoreError::denied("you wrote this product; another manager must approve it"));
        }
        if !approve {
            return self.step(tx, &me, &p, reference, ProductState::Draft, "returned", note, "product.return").await;
        }
        let floor = load_citations(&mut tx, p.id).await?.iter().map(|c| c.marking).max();
        if floor.is_some_and(|f| f > p.marking) {
            return Err(CoreError::damaged("the product is marked below a report it cites; return it so the marking can be corrected"));
        }
        sqlx::query("UPDATE products SET approver_id = ?, approved_at = ? WHERE id = ?")
            .bind(me.id)
            .bind(crate::cycle::now())
            .bind(p.id)
            .execute(&mut *tx)
            .await?;
        self.step(tx, &me, &p, reference, ProductState::Approved, "approved", note, "product.approve").await
    }

    pub async fn withdraw_product(&self, reference: &str, reason: &str) -> CoreResult<ProductView> {
        let me = self.authorise(Action::ApproveProduct).await?;
        text("the reason for withdrawal", reason)?;
        let mut tx = self.begin().await?;
        let p = load_product(&mut tx, &me, reference).await?;
        if p.state == ProductState::Withdrawn {
            return Err(CoreError::new(ErrorCode::Conflict, format!("{reference} is already withdrawn")));
        }
        self.step(tx, &me, &p, reference, ProductState::Withdrawn, "withdrawn", reason, "product.withdraw").await
    }

    #[allow(clippy::too_many_arguments)]
    async fn step(
        &self,
        mut tx: crate::session::Tx,
        me: &UserInfo,
        p: &ProductRow,
        reference: &str,
        to: ProductState,
        step: &str,
        note: &str,
        action: &'static str,
    ) -> CoreResult<ProductView> {
        let now = crate::cycle::now();
        sqlx::query("UPDATE products SET state = ?, updated_at = ? WHERE id = ?")
            .bind(to.as_str())
            .bind(&now)
            .bind(p.id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("INSERT INTO product_decisions (product_id, step, note, decided_by, decided_at) VALUES (?,?,?,?,?)")
            .bind(p.id)
            .bind(step)
            .bind(note.trim())
            .bind(me.id)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        let head = audit::append(
            &mut tx,
            &me.username,
            AuditEvent::new(action, format!("product:{reference}"))
                .reason(note.trim())
                .details(serde_json::json!({"from": p.state, "to": to})),
        )
        .await?;
        let view = product_view(&mut tx, p.id).await?;
        self.commit(tx, head).await?;
        Ok(view)
    }

    /// One edit of a draft in one audited transaction.
    async fn edit<F>(&self, reference: &str, action: &'static str, details: serde_json::Value, change: F) -> CoreResult<ProductView>
    where
        F: for<'t> FnOnce(
            &'t mut SqliteConnection,
            ProductRow,
            UserInfo,
        ) -> std::pin::Pin<Box<dyn std::future::Future<Output = CoreResult<()>> + Send + 't>>,
    {
        let me = self.authorise(Action::DraftProduct).await?;
        let mut tx = self.begin().await?;
        let p = load_product(&mut tx, &me, reference).await?;
        draft_only(&p, reference)?;
        let id = p.id;
        change(&mut tx, p, me.clone()).await?;
        sqlx::query("UPDATE products SET updated_at = ? WHERE id = ?").bind(crate::cycle::now()).bind(id).execute(&mut *tx).await?;
        let head = audit::append(&mut tx, &me.username, AuditEvent::new(action, format!("product:{reference}")).details(details)).await?;
        let view = product_view(&mut tx, id).await?;
        self.commit(tx, head).await?;
        Ok(view)
    }

    async fn remove_item(&self, reference: &str, table: &'static str, item: i64, action: &'static str) -> CoreResult<ProductView> {
        self.edit(reference, action, serde_json::json!({"id": item}), |tx, p, _| {
            Box::pin(async move {
                let n = sqlx::query(crate::sqlf!("DELETE FROM {table} WHERE id = ? AND product_id = ?"))
                    .bind(item)
                    .bind(p.id)
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
                if n == 0 {
                    return Err(CoreError::not_found(format!("the product has no such item ({item})")));
                }
                Ok(())
            })
        })
        .await
    }
}

async fn section_exists(conn: &mut SqliteConnection, product_id: i64, key: &str) -> CoreResult<()> {
    let found: Option<(i64,)> = sqlx::query_as("SELECT 1 FROM product_sections WHERE product_id = ? AND key = ?")
        .bind(product_id)
        .bind(key)
        .fetch_optional(conn)
        .await?;
    found.map(|_| ()).ok_or_else(|| CoreError::not_found(format!("the product has no section '{key}'")))
}

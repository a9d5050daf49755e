//! Packages for tasking: a manager sends an approved product (say a tactical
//! assessment and its recommendations), approved requirements and open
//! actions to other workstations as a signed, encrypted tasking bundle, with
//! a PDF briefing of the same content beside it. The receiving workstation
//! lists each item under Taskings received.

use super::export::ProductFormat;
use super::ProductView;
use crate::audit::AuditEvent;
use crate::domain::marking::Marking;
use crate::domain::permission::Action;
use crate::error::{CoreError, CoreResult, ErrorCode};
use crate::exchange::ExportedBundle;
use crate::session::Session;
use intel_bundle::TaskingRecord;
use intel_render::{Block, Document};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TaskingPackageRequest {
    /// An approved product to send.
    pub product: Option<String>,
    /// Approved requirements, by reference.
    pub requirements: Vec<String>,
    /// Open actions, by reference.
    pub actions: Vec<String>,
    /// The trusted peers (workstation ids) it is encrypted to.
    pub peers: Vec<String>,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Serialize)]
pub struct TaskingPackageExport {
    pub bundle: ExportedBundle,
    pub briefing_path: String,
    pub briefing_sha256: String,
    pub items: Vec<String>,
    pub marking: Marking,
}

fn product_tasking(p: &ProductView, issued_by: &str) -> TaskingRecord {
    let mut body = String::new();
    for s in &p.sections {
        body.push_str(&format!("{}\n{}\n\n", s.title, s.body));
    }
    if !p.recommendations.is_empty() {
        body.push_str("Recommendations\n");
        for r in &p.recommendations {
            body.push_str(&format!("- {}: {}\n", r.strand.map(|s| s.as_str()).unwrap_or(""), r.text));
        }
        body.push('\n');
    }
    if !p.gaps.is_empty() {
        body.push_str("Intelligence gaps\n");
        for g in &p.gaps {
            body.push_str(&format!("- {}\n", g.text));
        }
        body.push('\n');
    }
    body.push_str("Source intelligence: ");
    body.push_str(&p.citations.iter().map(|c| format!("{} ({})", c.reference, c.grade())).collect::<Vec<_>>().join(", "));
    for h in &p.handling_conditions {
        body.push_str(&format!("\nHandling: {h}"));
    }
    TaskingRecord {
        reference: p.reference.clone(),
        title: format!("{}: {}", p.kind_title, p.title),
        body,
        issued_by: issued_by.to_owned(),
        due_at: None,
        marking: p.marking.to_string(),
    }
}

impl Session {
    pub async fn export_tasking_package(&self, req: &TaskingPackageRequest, dest: &Path) -> CoreResult<TaskingPackageExport> {
        let me = self.authorise(Action::ExportBundle).await?;
        let issued_by = format!("{} ({})", me.display_name, self.unit_name());
        let mut taskings: Vec<TaskingRecord> = Vec::new();
        let mut doc = Document {
            kind: "Tasking package".into(),
            title: "Tasking package".into(),
            unit: self.unit_name().to_owned(),
            meta: vec![("Issued by".into(), issued_by.clone()), ("Issued".into(), crate::cycle::now()[..10].to_owned())],
            dissemination: req.peers.clone(),
            ..Document::default()
        };
        let mut marking = Marking::Official;
        if let Some(reference) = req.product.as_deref() {
            let view = super::approved_product(self, &me, reference, "goes into a tasking package").await?;
            marking = marking.max(view.marking);
            doc.title = format!("Tasking package: {}", view.title);
            doc.handling.extend(view.handling_conditions.iter().cloned());
            let composed = self.compose_product(&view).await?;
            doc.blocks.push(Block::Heading(format!("{} {}: {}", view.kind_title, view.reference, view.title)));
            doc.blocks.extend(composed.blocks);
            taskings.push(product_tasking(&view, &issued_by));
        }
        for reference in &req.requirements {
            let r = self.requirement(reference).await?;
            if r.state != "approved" {
                return Err(CoreError::new(
                    ErrorCode::IllegalTransition,
                    format!("{reference} is {}: only approved requirements are sent", r.state),
                ));
            }
            marking = marking.max(r.marking);
            let questions: Vec<String> = r.questions.iter().map(|q| format!("{}. {}", q.position, q.question)).collect();
            let gaps = if r.gaps.is_empty() { "none".to_owned() } else { r.gaps.join("; ") };
            doc.blocks.push(Block::Heading(format!("Intelligence requirement {}: {}", r.reference, r.title)));
            doc.blocks.push(Block::Bullets(questions.clone()));
            doc.blocks.push(Block::Paragraph(format!("Review due {}. Questions not yet answered: {gaps}", r.review_due)));
            taskings.push(TaskingRecord {
                reference: r.reference.clone(),
                title: format!("Intelligence requirement: {}", r.title),
                body: format!("{}\n\nQuestions not yet answered: {gaps}", questions.join("\n")),
                issued_by: issued_by.clone(),
                due_at: Some(r.review_due.clone()),
                marking: r.marking.to_string(),
            });
        }
        let mut action_rows = Vec::new();
        for reference in &req.actions {
            let a = self.action(reference).await?;
            if a.status.is_closed() {
                return Err(CoreError::new(
                    ErrorCode::IllegalTransition,
                    format!("{reference} is {}: only open actions are sent", a.status),
                ));
            }
            let meeting = self.meeting(&a.meeting).await?;
            marking = marking.max(meeting.marking);
            action_rows.push(vec![a.reference.clone(), a.title.clone(), a.owner.clone(), a.due_on.clone(), a.strand.to_string()]);
            taskings.push(TaskingRecord {
                reference: a.reference.clone(),
                title: a.title.clone(),
                body: format!("Owner: {}. Strand: {}. Raised at {} (decision {}).", a.owner, a.strand, a.meeting, a.decision_id),
                issued_by: issued_by.clone(),
                due_at: Some(a.due_on.clone()),
                marking: meeting.marking.to_string(),
            });
        }
        if !action_rows.is_empty() {
            doc.blocks.push(Block::Heading("Actions".into()));
            doc.blocks.push(Block::Table {
                caption: None,
                header: vec!["Action".into(), "What".into(), "Owner".into(), "Due".into(), "Strand".into()],
                rows: action_rows,
            });
        }
        if taskings.is_empty() {
            return Err(CoreError::invalid("choose what the package carries: an approved product, requirements or actions"));
        }
        doc.marking = marking.to_string();
        let items: Vec<String> = taskings.iter().map(|t| t.reference.clone()).collect();
        doc.reference = items.join(" + ");
        let pdf = super::export::render(&doc, ProductFormat::Pdf);
        let briefing_sha256 = hex::encode(Sha256::digest(&pdf));
        let briefing: PathBuf = dest.with_extension("pdf");
        if briefing == dest {
            return Err(CoreError::invalid("save the package with its bundle extension (.idb); the PDF briefing is written beside it"));
        }
        // The briefing first, so a failed bundle leaves no briefing for a package that does not exist.
        crate::fsutil::write_atomically(&briefing, &pdf).map_err(|e| {
            CoreError::new(e.code(), format!("the briefing could not be written to {}: {e}. Nothing was exported", briefing.display()))
        })?;
        let bundle = match self.make_tasking_package(taskings, &req.peers, dest).await {
            Ok(b) => b,
            Err(e) => {
                let _ = std::fs::remove_file(&briefing);
                return Err(e);
            }
        };
        let briefing_path = briefing.display().to_string();
        let event = AuditEvent::new("tasking-package.export", format!("bundle:{}", bundle.bundle_id)).details(serde_json::json!({
            "items": items, "peers": req.peers, "briefing": briefing_path, "briefing_sha256": briefing_sha256, "marking": marking,
        }));
        if let Err(e) = self.audit_only(event).await {
            let _ = std::fs::remove_file(&briefing);
            return Err(e);
        }
        Ok(TaskingPackageExport { bundle, briefing_path, briefing_sha256, items, marking })
    }
}

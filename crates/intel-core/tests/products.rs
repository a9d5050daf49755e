//! Intelligence products on a real encrypted store, from terms of reference
//! to an approved, exported PDF checked with poppler's `pdftotext`, and a
//! signed tasking package that another workstation imports. Citations carry
//! their grades, code C carries its conditions, only sanitised wording ever
//! reaches a file, and the product's marking never falls below what it cites.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use intel_core::cycle::entities::{EntityKind, NewEntity};
use intel_core::domain::governance::{DecisionKind, MeetingKind, ProductKind, ProductState, RequirementKind, Strand};
use intel_core::domain::marking::Marking;
use intel_core::domain::role::Role;
use intel_core::exchange::ImportVia;
use intel_core::products::export::ProductFormat;
use intel_core::products::package::TaskingPackageRequest;
use intel_core::products::{EmbedKind, NewEmbed, NewProduct, TermsOfReference};
use intel_core::tasking::actions::NewAction;
use intel_core::tasking::meetings::{Attendee, NewDecision, NewMeeting};
use intel_core::tasking::requirements::{NewQuestion, NewRequirement};
use intel_core::{ErrorCode, Session};
use std::path::Path;
use std::process::Command;

/// poppler's text of one page, or None when the tool is missing (then the
/// test says so, and fails outright where CI requires the tools).
fn pdftotext(pdf: &Path, page: Option<u32>) -> Option<String> {
    let mut cmd = Command::new("pdftotext");
    cmd.arg("-layout");
    if let Some(p) = page {
        cmd.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    match cmd.arg(pdf).arg("-").output() {
        Ok(out) => {
            assert!(out.status.success(), "pdftotext failed: {}", String::from_utf8_lossy(&out.stderr));
            Some(String::from_utf8(out.stdout).unwrap())
        }
        Err(_) => {
            assert!(std::env::var("INTEL_REQUIRE_TOOLS").is_err(), "pdftotext (poppler-utils) is required here");
            eprintln!("SKIPPED the PDF text checks: pdftotext (poppler-utils) is not installed");
            None
        }
    }
}

fn pages(pdf: &Path) -> u32 {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let info = String::from_utf8(out.stdout).unwrap();
    info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap()
}

fn terms() -> TermsOfReference {
    TermsOfReference {
        requester: "Supt Reed, TT&CG chair".into(),
        scope: "Drug supply in Dockside, October to December".into(),
        questions: vec!["Who supplies Dockside?".into(), "What are the risks to children?".into()],
        deadline: "2026-12-20".into(),
    }
}

fn person(label: &str) -> NewEntity {
    NewEntity { kind: EntityKind::Person, object_type: None, label: label.into(), details: serde_json::Value::Null, ocgm_band: None }
}

struct World {
    ts: TestStore,
    admin: Session,
    /// The report with handling code C (OFFICIAL-SENSITIVE).
    code_c: String,
    code_p: String,
    original_canary: String,
    kingpin: i64,
}

async fn world() -> World {
    let (ts, admin) = TestStore::create().await;
    for (name, role) in [
        ("officer", Role::IntelligenceOfficer),
        ("analyst", Role::Analyst),
        ("pa", Role::PrincipalAnalyst),
        ("director", Role::DirectorOfIntelligence),
        ("researcher", Role::Researcher),
    ] {
        add_user(&admin, name, role, false, Marking::OfficialSensitive).await;
    }
    let officer = ts.user("officer").await;
    let original_canary = canary("ORIGINALONLY");
    let mut r = report(&format!("Informant {original_canary} says Kingpin runs Dockside from 4 Dock Row"));
    r.marking = Marking::OfficialSensitive;
    let code_c = officer.record_report(r).await.unwrap();
    officer.evaluate(&code_c, eval_c("Not to be shared outside policing without the manager's consent")).await.unwrap();
    officer.sanitise(&code_c, "A male is believed to control drug supply in Dockside").await.unwrap();
    let code_p = officer.record_report(report(&format!("{original_canary} second report: runners use the ring road"))).await.unwrap();
    officer.evaluate(&code_p, eval_p()).await.unwrap();
    officer.sanitise(&code_p, "Runners are seen using the ring road at night").await.unwrap();
    let kingpin = officer.create_entity(person("KINGPIN, Dockside")).await.unwrap();
    let runner = officer.create_entity(person("RUNNER, Ring Road")).await.unwrap();
    let supplier = officer.create_entity(person("SUPPLIER, Out of town")).await.unwrap();
    officer.link_entity(&code_c, kingpin, "subject").await.unwrap();
    officer.link_entity(&code_p, runner, "subject").await.unwrap();
    officer.associate(kingpin, runner, "directs", true, Some(&code_p)).await.unwrap();
    officer.associate(kingpin, supplier, "buys from", false, None).await.unwrap();
    officer.close().await;
    World { ts, admin, code_c, code_p, original_canary, kingpin }
}

async fn approved_assessment(w: &World) -> String {
    let analyst = w.ts.user("analyst").await;
    let p = analyst
        .create_product(NewProduct {
            kind: ProductKind::TacticalAssessment,
            title: "Dockside drug supply".into(),
            marking: Marking::Official,
            terms: terms(),
            commissioned_by: None,
        })
        .await
        .unwrap();
    let r = p.reference.clone();
    assert!(r.starts_with("TA-"));
    assert_eq!(p.sections.iter().map(|s| s.key.as_str()).collect::<Vec<_>>(), vec!["summary", "priorities", "emerging", "tasking"]);
    analyst.cite_report(&r, &w.code_p, "emerging", "ring road pattern").await.unwrap();
    let v = analyst.cite_report(&r, &w.code_c, "summary", "controls supply").await.unwrap();
    assert_eq!(v.marking, Marking::OfficialSensitive, "citing an OFFICIAL-SENSITIVE report raises the product's marking");
    for s in &v.sections {
        analyst.update_product_section(&r, &s.key, &format!("{} — assessed text for {}", s.title, s.key)).await.unwrap();
    }
    analyst
        .add_embed(
            &r,
            NewEmbed {
                section: "summary".into(),
                kind: EmbedKind::LinkChart,
                entity_id: Some(w.kingpin),
                query: None,
                caption: "Kingpin network".into(),
            },
        )
        .await
        .unwrap();
    analyst
        .add_embed(
            &r,
            NewEmbed {
                section: "emerging".into(),
                kind: EmbedKind::Timeline,
                entity_id: Some(w.kingpin),
                query: None,
                caption: "Kingpin timeline".into(),
            },
        )
        .await
        .unwrap();
    analyst
        .add_embed(
            &r,
            NewEmbed {
                section: "emerging".into(),
                kind: EmbedKind::Table,
                entity_id: None,
                query: Some("ring road".into()),
                caption: "Ring road reports".into(),
            },
        )
        .await
        .unwrap();
    analyst.add_gap(&r, "Identity of the out-of-town supplier").await.unwrap();
    analyst.add_recommendation(&r, Strand::Enforcement, "Warrant at the Dockside address").await.unwrap();
    analyst.add_recommendation(&r, Strand::Prevention, "Safeguarding visits to children seen with runners").await.unwrap();
    analyst
        .set_product_details(&r, "Dockside drug supply", Marking::OfficialSensitive, vec!["TT&CG members".into(), "Op Harbour SIO".into()])
        .await
        .unwrap();
    analyst.submit_product(&r, "ready for review").await.unwrap();
    let pa = w.ts.user("pa").await;
    pa.peer_review_product(&r, true, "sound and well sourced").await.unwrap();
    let manager = w.ts.admin().await;
    let v = manager.approve_product(&r, true, "approved for the TT&CG").await.unwrap();
    assert_eq!(v.state, ProductState::Approved);
    r
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_cites_only_graded_sanitised_reports_and_keeps_its_marking_floor() {
    let w = world().await;
    let analyst = w.ts.user("analyst").await;
    let p = analyst
        .create_product(NewProduct {
            kind: ProductKind::ProblemProfile,
            title: "Dockside".into(),
            marking: Marking::Official,
            terms: terms(),
            commissioned_by: None,
        })
        .await
        .unwrap();
    let officer = w.ts.user("officer").await;
    let raw = officer.record_report(report("ungraded")).await.unwrap();
    assert_eq!(err_code(analyst.cite_report(&p.reference, &raw, "problem", "").await), ErrorCode::IllegalTransition);
    officer.evaluate(&raw, eval_p()).await.unwrap();
    assert_eq!(err_code(analyst.cite_report(&p.reference, &raw, "problem", "").await), ErrorCode::IllegalTransition, "unsanitised");
    assert_eq!(err_code(analyst.cite_report(&p.reference, &w.code_p, "nonexistent", "").await), ErrorCode::NotFound);
    let v = analyst.cite_report(&p.reference, &w.code_c, "problem", "").await.unwrap();
    assert_eq!(v.marking, Marking::OfficialSensitive);
    let c = &v.citations[0];
    assert_eq!((c.grade().as_str(), c.handling_code.as_str()), ("2CC", "C"));
    assert!(c.conditions.as_deref().unwrap().contains("outside policing"));
    assert_eq!(v.handling_conditions.len(), 1, "code C conditions bind the product");
    assert!(!serde_json::to_string(&v).unwrap().contains(&w.original_canary), "the product never holds the original wording");
    assert_eq!(
        err_code(analyst.set_product_details(&p.reference, "Dockside", Marking::Official, vec![]).await),
        ErrorCode::InvalidInput,
        "the marking cannot go below what it cites"
    );
    // An OFFICIAL-cleared reader cannot see it at all now.
    add_user(&w.admin, "lowcleared", Role::Analyst, false, Marking::Official).await;
    let low = w.ts.user("lowcleared").await;
    assert_eq!(err_code(low.product(&p.reference).await), ErrorCode::NotFound);
    // Submitting needs every section written, a citation, a recommendation and a dissemination list.
    assert_eq!(err_code(analyst.submit_product(&p.reference, "").await), ErrorCode::InvalidInput);
    // Researchers draft too, but a research summary needs no recommendations.
    let researcher = w.ts.user("researcher").await;
    let rs = researcher
        .create_product(NewProduct {
            kind: ProductKind::ResearchSummary,
            title: "Dock Row".into(),
            marking: Marking::Official,
            terms: terms(),
            commissioned_by: None,
        })
        .await
        .unwrap();
    researcher.cite_report(&rs.reference, &w.code_p, "summary", "").await.unwrap();
    for s in ["summary", "sources"] {
        researcher.update_product_section(&rs.reference, s, "facts").await.unwrap();
    }
    researcher.set_product_details(&rs.reference, "Dock Row", Marking::Official, vec!["DS Khan".into()]).await.unwrap();
    let submitted = researcher.submit_product(&rs.reference, "done").await.unwrap();
    assert_eq!(submitted.state, ProductState::InReview);
    assert_eq!(err_code(researcher.update_product_section(&rs.reference, "summary", "late edit").await), ErrorCode::IllegalTransition);
    // The reviewer returns it; it is a draft again.
    let pa = w.ts.user("pa").await;
    let back = pa.peer_review_product(&rs.reference, false, "sources section too thin").await.unwrap();
    assert_eq!(back.state, ProductState::Draft);
    assert_eq!(back.history.last().unwrap().step, "returned");
}

#[tokio::test(flavor = "multi_thread")]
async fn review_and_approval_are_by_others_and_an_approved_product_is_fixed() {
    let w = world().await;
    let analyst = w.ts.user("analyst").await;
    let p = analyst
        .create_product(NewProduct {
            kind: ProductKind::SubjectProfile,
            title: "Kingpin".into(),
            marking: Marking::OfficialSensitive,
            terms: terms(),
            commissioned_by: None,
        })
        .await
        .unwrap();
    let r = p.reference;
    analyst.cite_report(&r, &w.code_c, "history", "").await.unwrap();
    for s in analyst.product(&r).await.unwrap().sections {
        analyst.update_product_section(&r, &s.key, "text").await.unwrap();
    }
    analyst.add_recommendation(&r, Strand::Intelligence, "Task a source").await.unwrap();
    analyst.set_product_details(&r, "Kingpin", Marking::OfficialSensitive, vec!["SIO".into()]).await.unwrap();
    analyst.submit_product(&r, "").await.unwrap();
    assert_eq!(err_code(analyst.peer_review_product(&r, true, "my own work is fine").await), ErrorCode::PermissionDenied);
    let officer = w.ts.user("officer").await;
    assert_eq!(err_code(officer.peer_review_product(&r, true, "x").await), ErrorCode::PermissionDenied, "officers do not review products");
    let manager = w.ts.admin().await;
    assert_eq!(err_code(manager.approve_product(&r, true, "too early").await), ErrorCode::IllegalTransition, "peer review comes first");
    w.ts.user("pa").await.peer_review_product(&r, true, "ok").await.unwrap();
    let pa = w.ts.user("pa").await;
    assert_eq!(err_code(pa.approve_product(&r, true, "x").await), ErrorCode::PermissionDenied, "the PA reviews; the manager approves");
    let v = manager.approve_product(&r, true, "approved").await.unwrap();
    assert_eq!((v.reviewer.as_deref(), v.approver.as_deref()), (Some("pa"), Some("admin")));
    assert_eq!(err_code(analyst.update_product_section(&r, "history", "rewrite").await), ErrorCode::IllegalTransition);
    let pool = manager.pool_for_tests();
    assert!(sqlx::query("UPDATE product_sections SET body = 'rewritten'").execute(pool).await.is_err(), "the schema keeps it fixed");
    assert!(sqlx::query("UPDATE products SET title = 'rewritten' WHERE state = 'approved'").execute(pool).await.is_err());
    assert!(sqlx::query("DELETE FROM product_citations").execute(pool).await.is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_approved_product_exports_to_pdf_and_html_with_marking_grades_and_sanitised_text_only() {
    let w = world().await;
    let r = approved_assessment(&w).await;
    let manager = w.ts.admin().await;
    let out = w.ts.tmp.path().join("TA.pdf");
    // A draft is never exported for release.
    let analyst = w.ts.user("analyst").await;
    let draft = analyst
        .create_product(NewProduct {
            kind: ProductKind::ResearchSummary,
            title: "draft".into(),
            marking: Marking::Official,
            terms: terms(),
            commissioned_by: None,
        })
        .await
        .unwrap();
    assert_eq!(err_code(manager.export_product(&draft.reference, ProductFormat::Pdf, &out).await), ErrorCode::IllegalTransition);
    assert!(!out.exists());
    let officer = w.ts.user("officer").await;
    assert_eq!(err_code(officer.export_product(&r, ProductFormat::Pdf, &out).await), ErrorCode::PermissionDenied);
    assert!(!out.exists());

    let e = manager.export_product(&r, ProductFormat::Pdf, &out).await.unwrap();
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    assert_eq!(e.sha256, hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&bytes)));
    assert_eq!(e.marking, "OFFICIAL-SENSITIVE");
    let log = manager.audit_entries(Some(&format!("product:{r}")), 100).await.unwrap();
    let exported = log.iter().find(|x| x.action == "product.export").expect("the export is audited");
    assert!(exported.details.contains(&e.sha256));

    if let Some(all) = pdftotext(&out, None) {
        let n = pages(&out);
        assert!(n >= 2, "{n} pages");
        for page in 1..=n {
            let text = pdftotext(&out, Some(page)).unwrap();
            assert!(text.matches("OFFICIAL-SENSITIVE").count() >= 2, "page {page} lacks the top and bottom marking:\n{text}");
        }
        for want in [
            "Dockside drug supply",
            &w.code_c,
            &w.code_p,
            "2CC",
            "1BP",
            "Not to be shared outside policing",
            "A male is believed to control drug supply in Dockside",
            "Runners are seen using the ring road at night",
            "Identity of the out-of-town supplier",
            "Warrant at the Dockside address",
            "Approved by",
            "admin",
            "pa",
            "Op Harbour SIO",
            "KINGPIN",
            "buys from",
        ] {
            assert!(all.contains(want), "the PDF lacks {want:?}:\n{all}");
        }
        assert!(!all.contains(&w.original_canary), "original wording reached the PDF");
        assert!(!all.contains("4 Dock Row"), "original wording reached the PDF");
    }

    let html_path = w.ts.tmp.path().join("TA.html");
    manager.export_product(&r, ProductFormat::Html, &html_path).await.unwrap();
    let html = std::fs::read_to_string(&html_path).unwrap();
    assert!(html.matches("OFFICIAL-SENSITIVE").count() >= 2);
    assert!(html.contains("2CC") && html.contains("stroke-dasharray"), "grades and the dashed unconfirmed link");
    assert!(!html.contains(&w.original_canary));
    assert!(!html.contains("<script"));

    // A folder that does not exist: a clear error, nothing written, nothing audited.
    let before = audit_head(&manager).await;
    let bad = w.ts.tmp.path().join("no such folder").join("x.pdf");
    assert_eq!(err_code(manager.export_product(&r, ProductFormat::Pdf, &bad).await), ErrorCode::Storage);
    assert_eq!(audit_head(&manager).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_manager_sends_a_signed_tasking_package_that_another_workstation_imports() {
    let w = world().await;
    let r = approved_assessment(&w).await;
    let manager = w.ts.admin().await;
    let stcg = manager
        .create_meeting(NewMeeting {
            kind: MeetingKind::Ttcg,
            held_on: "2026-12-02".into(),
            title: "TT&CG".into(),
            chair: "Supt Reed".into(),
            marking: Marking::Official,
            attendees: vec![Attendee { name: "Supt Reed".into(), organisation: "Northshire".into(), is_partner: false, consent: false }],
        })
        .await
        .unwrap();
    let d = manager
        .record_decision(
            &stcg.reference,
            NewDecision {
                kind: DecisionKind::Tasking,
                summary: "Adopt the tactical assessment's recommendations".into(),
                rationale: "Highest harm".into(),
                decision_maker: "Supt Reed".into(),
                escalated_to: None,
                supersedes: None,
            },
        )
        .await
        .unwrap();
    // The TT&CG's proposed agenda starts from the approved tactical assessment.
    let agenda = manager.propose_agenda(&stcg.reference).await.unwrap();
    assert!(agenda.iter().any(|i| i.source_ref.as_deref() == Some(r.as_str())), "{agenda:?}");
    let action = manager
        .raise_action(
            d.id,
            NewAction {
                title: "Warrant at the Dockside address".into(),
                strand: Strand::Enforcement,
                issue_key: None,
                owner: "DS Khan".into(),
                due_on: "2026-12-24".into(),
            },
        )
        .await
        .unwrap();
    let tir = manager
        .draft_requirement(NewRequirement {
            kind: RequirementKind::Tactical,
            title: "Op Harbour".into(),
            operation: Some("Op Harbour".into()),
            marking: Marking::Official,
            review_due: "2027-01-31".into(),
            questions: vec![NewQuestion { question: "Who is the out-of-town supplier?".into(), issue_key: None }],
        })
        .await
        .unwrap();
    let approve = NewDecision {
        kind: DecisionKind::RequirementApproval,
        summary: "Approve".into(),
        rationale: "gap".into(),
        decision_maker: "Supt Reed".into(),
        escalated_to: None,
        supersedes: None,
    };
    manager.approve_requirement(&tir.reference, &stcg.reference, approve).await.unwrap();

    // Workstation B trusts A and A trusts B.
    let (ts_b, b) = TestStore::create().await;
    manager.add_peer(&b.enrolment_file().await.unwrap()).await.unwrap();
    b.add_peer(&manager.enrolment_file().await.unwrap()).await.unwrap();
    let peer_b = b.workstation_identity().await.unwrap().workstation_id;

    let path = w.ts.tmp.path().join("tasking.idb");
    let req = TaskingPackageRequest {
        product: Some(r.clone()),
        requirements: vec![tir.reference.clone()],
        actions: vec![action.reference.clone()],
        peers: vec![peer_b],
    };
    let analyst = w.ts.user("analyst").await;
    assert_eq!(err_code(analyst.export_tasking_package(&req, &path).await), ErrorCode::PermissionDenied, "managers send packages");
    assert!(!path.exists() && !path.with_extension("pdf").exists());
    let out = manager.export_tasking_package(&req, &path).await.unwrap();
    assert_eq!(out.items, vec![r.clone(), tir.reference.clone(), action.reference.clone()]);
    assert_eq!(out.marking, Marking::OfficialSensitive);
    let briefing = Path::new(&out.briefing_path);
    assert!(briefing.exists());
    if let Some(text) = pdftotext(briefing, None) {
        assert!(text.contains("OFFICIAL-SENSITIVE") && text.contains("Who is the out-of-town supplier?") && text.contains("DS Khan"));
        assert!(!text.contains(&w.original_canary));
        for page in 1..=pages(briefing) {
            assert!(pdftotext(briefing, Some(page)).unwrap().matches("OFFICIAL-SENSITIVE").count() >= 2, "briefing page {page}");
        }
    }
    let bytes = std::fs::read(&path).unwrap();
    assert!(!bytes.windows(w.original_canary.len()).any(|x| x == w.original_canary.as_bytes()), "the bundle is encrypted");

    // B imports it and lists each item as incoming tasking.
    b.import_preview(&bytes).await.unwrap();
    b.import_bundle(&bytes, ImportVia::File).await.unwrap();
    let taskings = b.list_taskings().await.unwrap();
    let refs: Vec<&str> = taskings.iter().map(|t| t.reference.as_str()).collect();
    for want in [&r, &tir.reference, &action.reference] {
        assert!(refs.contains(&want.as_str()), "{want} not received: {refs:?}");
    }
    let ta = taskings.iter().find(|t| t.reference == r).unwrap();
    assert!(ta.body.contains("Warrant at the Dockside address") && ta.body.contains("2CC"));
    assert!(!ta.body.contains(&w.original_canary));
    assert_eq!(taskings.iter().find(|t| t.reference == action.reference).unwrap().due_at.as_deref(), Some("2026-12-24"));
    drop(ts_b);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_product_can_record_the_decision_that_commissioned_it() {
    let w = world().await;
    let manager = w.ts.admin().await;
    let ttcg = manager.create_meeting(meeting(MeetingKind::Ttcg, "2026-12-02")).await.unwrap();
    let commission =
        manager.record_decision(&ttcg.reference, decision(DecisionKind::Commission, "Problem profile of Dockside")).await.unwrap();
    let tasking = manager.record_decision(&ttcg.reference, decision(DecisionKind::Tasking, "Patrols")).await.unwrap();
    let dmm = manager.create_meeting(meeting(MeetingKind::Dmm, "2026-12-03")).await.unwrap();
    assert_eq!(
        err_code(manager.record_decision(&dmm.reference, decision(DecisionKind::Commission, "x")).await),
        ErrorCode::IllegalTransition,
        "the DMM does not commission"
    );
    let analyst = w.ts.user("analyst").await;
    let new = |d| NewProduct {
        kind: ProductKind::ProblemProfile,
        title: "Dockside".into(),
        marking: Marking::Official,
        terms: terms(),
        commissioned_by: Some(d),
    };
    assert_eq!(err_code(analyst.create_product(new(tasking.id)).await), ErrorCode::InvalidInput, "a tasking decision is not a commission");
    let p = analyst.create_product(new(commission.id)).await.unwrap();
    assert_eq!(p.commissioned_by, Some(commission.id));
    assert_eq!(p.terms.questions.len(), 2);
    let mut no_questions = terms();
    no_questions.questions.clear();
    let refused = analyst
        .create_product(NewProduct {
            kind: ProductKind::ProblemProfile,
            title: "x".into(),
            marking: Marking::Official,
            terms: no_questions,
            commissioned_by: None,
        })
        .await;
    assert_eq!(err_code(refused), ErrorCode::InvalidInput, "terms of reference need their questions");
}

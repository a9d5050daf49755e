//! The permission matrix, enforced: every role, with and without the
//! administrator capability, tries every action through the real session
//! operation that the action guards. The outcome must equal `permits`; a
//! refused call must say permission-denied and change nothing at all.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use intel_core::cycle::dissemination::DisseminationRequest;
use intel_core::cycle::entities::{EntityKind, NewEntity};
use intel_core::cycle::records::NewAttachment;
use intel_core::cycle::review::ReviewDecision;
use intel_core::cycle::search::SearchQuery;
use intel_core::cycle::users::NewUser;
use intel_core::domain::governance::{ActionStatus, DecisionKind, MeetingKind, ProductKind, RequirementKind, Strand};
use intel_core::domain::marking::Marking;
use intel_core::domain::permission::{matrix_markdown, permits, Action};
use intel_core::domain::role::Role;
use intel_core::domain::status::Status;
use intel_core::exchange::BundleKind;
use intel_core::products::export::ProductFormat;
use intel_core::products::{NewProduct, TermsOfReference};
use intel_core::tasking::actions::NewAction;
use intel_core::tasking::requirements::{NewQuestion, NewRequirement};
use intel_core::tasking::review::NewOperationalReview;
use intel_core::tasking::strategy::{NewStrategy, StrategyIssue};
use intel_core::{CoreResult, ErrorCode, Session};
use std::collections::BTreeMap;

const ORIGINAL: &str = "Informant FALCONRIDGE says the blue van belongs to Mr Harrow of Dockside";
const SANITISED: &str = "A blue van is believed to be used by a male in the Dockside area";
const ATTACHMENT: &[u8] = b"scanned handwritten note from the informant";

fn person(label: &str) -> NewEntity {
    NewEntity { kind: EntityKind::Person, object_type: None, label: label.into(), details: serde_json::Value::Null, ocgm_band: None }
}

fn username(role: Role, admin: bool) -> String {
    format!("{}{}", role.as_str(), if admin { "-adm" } else { "" })
}

/// What each user needs to exercise every action once, made by the admin.
struct Fixture {
    show: String,
    attachment_id: i64,
    to_evaluate: String,
    to_sanitise: String,
    to_link: String,
    merge_a: i64,
    merge_b: i64,
    to_move: String,
    to_disseminate: String,
    awaiting_authorisation: i64,
    to_review: String,
    stcg: String,
    ttcg: String,
    to_sign_off: String,
    draft_requirement: String,
    approved_requirement: String,
    question: i64,
    decision: i64,
    action: String,
    in_review: String,
    awaiting_approval: String,
    approved_product: String,
}

fn tactical_requirement(title: &str) -> NewRequirement {
    NewRequirement {
        kind: RequirementKind::Tactical,
        title: title.into(),
        operation: Some("Op Harbour".into()),
        marking: Marking::Official,
        review_due: "2027-03-01".into(),
        questions: vec![NewQuestion { question: "Who runs the Dockside line?".into(), issue_key: None }],
    }
}

fn new_product(title: &str) -> NewProduct {
    NewProduct {
        kind: ProductKind::ResearchSummary,
        title: title.into(),
        marking: Marking::Official,
        terms: TermsOfReference {
            requester: "DI Shaw".into(),
            scope: "Dockside".into(),
            questions: vec!["Who lives at Dock Row?".into()],
            deadline: "2027-01-10".into(),
        },
        commissioned_by: None,
    }
}

fn one_priority() -> NewStrategy {
    NewStrategy {
        summary: "Drug supply first".into(),
        issues: vec![StrategyIssue {
            key: "drugs".into(),
            title: "Drug supply".into(),
            is_priority: true,
            reason: "highest harm".into(),
            owner: Some("Supt Reed".into()),
            delivery_plan: Some("plan".into()),
            strands: vec![Strand::Enforcement],
        }],
    }
}

fn op_review() -> NewOperationalReview {
    NewOperationalReview {
        operation: "Op Harbour".into(),
        scope: "all".into(),
        planned_start: "2027-01-01".into(),
        objectives: vec!["reduce supply".into()],
    }
}

/// A research summary written by `a`, submitted; the product refs it leaves
/// at each stage (in review, awaiting approval, approved).
async fn products_for(a: &Session, reviewer: &Session, approver: &Session, cite: &str) -> (String, String, String) {
    let mut refs = Vec::new();
    for _ in 0..3 {
        let p = a.create_product(new_product("fixture product")).await.unwrap();
        a.cite_report(&p.reference, cite, "summary", "").await.unwrap();
        for key in ["summary", "sources"] {
            a.update_product_section(&p.reference, key, "facts").await.unwrap();
        }
        a.set_product_details(&p.reference, "fixture product", Marking::Official, vec!["DI Shaw".into()]).await.unwrap();
        a.submit_product(&p.reference, "").await.unwrap();
        refs.push(p.reference);
    }
    reviewer.peer_review_product(&refs[1], true, "ok").await.unwrap();
    reviewer.peer_review_product(&refs[2], true, "ok").await.unwrap();
    approver.approve_product(&refs[2], true, "ok").await.unwrap();
    (refs[0].clone(), refs[1].clone(), refs[2].clone())
}

async fn make_fixture(a: &Session, reviewer: &Session, approver: &Session) -> Fixture {
    let mut r = report(ORIGINAL);
    r.marking = Marking::OfficialSensitive;
    r.attachments.push(NewAttachment { file_name: "note.png".into(), media_type: "image/png".into(), content: ATTACHMENT.to_vec() });
    let show = a.record_report(r).await.unwrap();
    a.sanitise(&show, SANITISED).await.unwrap();
    let attachment_id = a.show_report(&show).await.unwrap().attachments[0].id;

    let to_evaluate = a.record_report(report("to be evaluated")).await.unwrap();
    let to_sanitise = a.record_report(report("to be sanitised, naming Mr Harrow")).await.unwrap();
    let to_link = a.record_report(report("to be linked to an entity")).await.unwrap();
    let merge_a = a.create_entity(person("John HARROW")).await.unwrap();
    let merge_b = a.create_entity(person("Jon Harrow")).await.unwrap();

    let to_move = a.record_report(report("to be moved into development")).await.unwrap();
    a.evaluate(&to_move, eval_p()).await.unwrap();

    let to_disseminate = a.record_report(report("to be disseminated, original wording")).await.unwrap();
    a.evaluate(&to_disseminate, eval_p()).await.unwrap();
    a.sanitise(&to_disseminate, "to be disseminated, sanitised wording").await.unwrap();

    let code_c = a.record_report(report("code C, original wording")).await.unwrap();
    a.evaluate(&code_c, eval_c("not to be shared outside policing")).await.unwrap();
    a.sanitise(&code_c, "code C, sanitised wording").await.unwrap();
    let d = a
        .disseminate(
            &code_c,
            DisseminationRequest { recipient: "DS Example, CID".into(), purpose: "arrest enquiry".into(), conditions_acknowledged: true },
        )
        .await
        .unwrap();
    assert_eq!(d.state, "awaiting-authorisation");

    let to_review = a.record_report(report("to be reviewed")).await.unwrap();

    let stcg = a.create_meeting(meeting(MeetingKind::Stcg, "2026-12-01")).await.unwrap().reference;
    let ttcg = a.create_meeting(meeting(MeetingKind::Ttcg, "2026-12-02")).await.unwrap().reference;
    let to_sign_off = a.create_meeting(meeting(MeetingKind::Dmm, "2026-12-03")).await.unwrap().reference;
    let draft_requirement = a.draft_requirement(tactical_requirement("to approve")).await.unwrap().reference;
    let approved = a.draft_requirement(tactical_requirement("to answer")).await.unwrap();
    a.approve_requirement(&approved.reference, &ttcg, decision(DecisionKind::RequirementApproval, "approve")).await.unwrap();
    let decision_id = a.record_decision(&ttcg, decision(DecisionKind::Tasking, "disrupt the line")).await.unwrap().id;
    let action = a
        .raise_action(
            decision_id,
            NewAction {
                title: "warrant".into(),
                strand: Strand::Enforcement,
                issue_key: None,
                owner: "DS Khan".into(),
                due_on: "2027-01-01".into(),
            },
        )
        .await
        .unwrap()
        .reference;
    let (in_review, awaiting_approval, approved_product) = products_for(a, reviewer, approver, &to_disseminate).await;
    Fixture {
        show,
        attachment_id,
        to_evaluate,
        to_sanitise,
        to_link,
        merge_a,
        merge_b,
        to_move,
        to_disseminate,
        awaiting_authorisation: d.id,
        to_review,
        stcg,
        ttcg,
        to_sign_off,
        draft_requirement,
        question: approved.questions[0].id,
        approved_requirement: approved.reference,
        decision: decision_id,
        action,
        in_review,
        awaiting_approval,
        approved_product,
    }
}

/// Everything a refused call could have changed.
async fn state_of(s: &Session, ts: &TestStore) -> (BTreeMap<&'static str, i64>, i64, BTreeMap<String, String>) {
    let mut files = snapshot(&ts.dir);
    // The WAL and shared-memory files change with reads; the database's content is compared through row counts.
    files.retain(|k, _| !k.starts_with("store.db"));
    (row_counts(s).await, audit_head(s).await, files)
}

/// Asserts that the call's outcome matches the matrix; a refusal must be
/// permission-denied and leave everything as it was.
async fn check<T: std::fmt::Debug>(
    s: &Session,
    ts: &TestStore,
    role: Role,
    admin: bool,
    action: Action,
    call: impl std::future::Future<Output = CoreResult<T>>,
) -> Option<T> {
    let expected = permits(role, admin, action);
    let before = state_of(s, ts).await;
    let result = call.await;
    let who = username(role, admin);
    match (expected, result) {
        (true, Ok(v)) => Some(v),
        (true, Err(e)) => panic!("{who} should be allowed to {action:?} but got {:?}: {e}", e.code()),
        (false, Ok(v)) => panic!("{who} must not be allowed to {action:?}, yet it succeeded: {v:?}"),
        (false, Err(e)) => {
            assert_eq!(e.code(), ErrorCode::PermissionDenied, "{who} {action:?}: {e}");
            let after = state_of(s, ts).await;
            assert_eq!(before, after, "{who} {action:?} was refused but changed something");
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn every_role_times_every_action_matches_the_matrix() {
    let (ts, a) = TestStore::create().await;
    // Peer review and approval must be by someone other than the author (the admin).
    add_user(&a, "fixture-reviewer", Role::PrincipalAnalyst, false, Marking::OfficialSensitive).await;
    add_user(&a, "fixture-approver", Role::DirectorOfIntelligence, false, Marking::OfficialSensitive).await;
    let reviewer = ts.user("fixture-reviewer").await;
    let approver = ts.user("fixture-approver").await;
    let mut people = Vec::new();
    for role in Role::ALL {
        for admin in [false, true] {
            add_user(&a, &username(*role, admin), *role, admin, Marking::OfficialSensitive).await;
            people.push((*role, admin, make_fixture(&a, &reviewer, &approver).await));
        }
    }
    reviewer.close().await;
    approver.close().await;
    // A peer to address export previews to.
    let (_other_ts, other) = TestStore::create().await;
    let peer = other.workstation_identity().await.unwrap().workstation_id;
    a.add_peer(&other.enrolment_file().await.unwrap()).await.unwrap();
    other.close().await;
    a.close().await;

    let mut exercised: BTreeMap<String, usize> = BTreeMap::new();
    for (n, (role, admin, f)) in people.into_iter().enumerate() {
        let who = username(role, admin);
        let s = ts.user(&who).await;
        assert_eq!((s.user().role, s.user().is_admin), (role, admin));
        let mut rotate_last = false;
        for action in Action::ALL {
            let may = permits(role, admin, action);
            *exercised.entry(format!("{action:?}")).or_default() += 1;
            // No wildcard: a new action will not compile until it is covered here.
            match action {
                Action::RecordCreate => {
                    if let Some(reference) = check(&s, &ts, role, admin, action, s.record_report(report("a new report"))).await {
                        assert_eq!(s.show_report(&reference).await.unwrap().status, "received");
                    }
                }
                Action::RecordRead => {
                    let v = check(&s, &ts, role, admin, action, s.show_report(&f.show)).await.expect("everyone reads");
                    assert_eq!(v.reference, f.show);
                    assert_eq!(v.sanitised_text.as_deref(), Some(SANITISED));
                }
                Action::ViewOriginalText => {
                    // Reading the report never fails; the original wording is simply absent.
                    let v = s.show_report(&f.show).await.unwrap();
                    assert_eq!(v.original_text.as_deref(), may.then_some(ORIGINAL), "{who}");
                    assert_eq!(v.original_visible, may);
                    // The attachment is unsanitised material too.
                    if let Some((info, bytes)) = check(&s, &ts, role, admin, action, s.read_attachment(&f.show, f.attachment_id)).await {
                        assert_eq!(bytes, ATTACHMENT);
                        assert_eq!(info.file_name, "note.png");
                    }
                }
                Action::Evaluate => {
                    if check(&s, &ts, role, admin, action, s.evaluate(&f.to_evaluate, eval_p())).await.is_some() {
                        let v = s.show_report(&f.to_evaluate).await.unwrap();
                        assert_eq!(v.status, "evaluated");
                        assert_eq!(v.current_grade.unwrap().evaluated_by, who);
                    }
                }
                Action::Sanitise => {
                    if check(&s, &ts, role, admin, action, s.sanitise(&f.to_sanitise, "to be sanitised, naming a male")).await.is_some() {
                        let v = s.show_report(&f.to_sanitise).await.unwrap();
                        assert_eq!(v.sanitised_text.as_deref(), Some("to be sanitised, naming a male"));
                    }
                }
                Action::Develop => {
                    if let Some(id) = check(&s, &ts, role, admin, action, s.create_entity(person("Mr Harrow"))).await {
                        s.link_entity(&f.to_link, id, "subject").await.unwrap();
                        let v = s.show_report(&f.to_link).await.unwrap();
                        assert_eq!(v.entities.len(), 1);
                    }
                    // Linking an existing entity is development too.
                    check(&s, &ts, role, admin, action, s.link_entity(&f.to_link, f.merge_a, "associate")).await;
                }
                Action::MergeEntities => {
                    if let Some(mid) = check(&s, &ts, role, admin, action, s.merge_entities(f.merge_a, f.merge_b, "same man")).await {
                        assert_eq!(s.entity_view(f.merge_b).await.unwrap().entity.id, f.merge_a);
                        check(&s, &ts, role, admin, action, s.undo_merge(mid, "not the same man")).await.expect("undo allowed too");
                        assert_eq!(s.entity_view(f.merge_b).await.unwrap().entity.id, f.merge_b);
                    }
                }
                Action::ChangeStatus => {
                    if check(&s, &ts, role, admin, action, s.change_status(&f.to_move, Status::InDevelopment, "linked to Op Harbour"))
                        .await
                        .is_some()
                    {
                        let v = s.show_report(&f.to_move).await.unwrap();
                        assert_eq!(v.status, "in-development");
                        assert_eq!(v.status_history.last().unwrap().changed_by, who);
                    }
                }
                Action::RequestDissemination => {
                    let req =
                        DisseminationRequest { recipient: "PS Example".into(), purpose: "briefing".into(), conditions_acknowledged: false };
                    if let Some(d) = check(&s, &ts, role, admin, action, s.disseminate(&f.to_disseminate, req)).await {
                        assert_eq!(d.state, "released");
                        assert_eq!(d.released_text.as_deref(), Some("to be disseminated, sanitised wording"));
                    }
                }
                Action::AuthoriseDissemination => {
                    if let Some(d) =
                        check(&s, &ts, role, admin, action, s.decide_dissemination(f.awaiting_authorisation, true, "proportionate")).await
                    {
                        assert_eq!(d.state, "released");
                        assert_eq!(d.authorised_by.as_deref(), Some(who.as_str()));
                    }
                    check(&s, &ts, role, admin, action, s.disseminations_awaiting_authorisation()).await;
                }
                Action::Review => {
                    if check(&s, &ts, role, admin, action, s.review(&f.to_review, ReviewDecision::Retain, "still relevant")).await.is_some()
                    {
                        assert_eq!(s.show_report(&f.to_review).await.unwrap().reviews.len(), 1);
                    }
                    check(&s, &ts, role, admin, action, s.reviews_due(None, 10)).await;
                }
                Action::Search => {
                    let q = SearchQuery { text: Some("blue van".into()), ..Default::default() };
                    let hits = check(&s, &ts, role, admin, action, s.search(&q)).await.expect("everyone searches");
                    assert!(hits.iter().any(|h| h.reference == f.show), "{who} should find {}", f.show);
                }
                Action::ReadAudit => {
                    if let Some(report) = check(&s, &ts, role, admin, action, s.verify_audit()).await {
                        assert!(report.ok(), "{:?}", report.problems);
                    }
                    if let Some(entries) = check(&s, &ts, role, admin, action, s.audit_entries(None, 5)).await {
                        assert_eq!(entries.len(), 5);
                    }
                }
                Action::ManageUsers => {
                    let new = NewUser {
                        username: format!("newcomer{n}"),
                        display_name: "Newcomer".into(),
                        role: Role::Researcher,
                        is_admin: false,
                        clearance: Marking::Official,
                        passphrase: pass("a passphrase for the newcomer"),
                    };
                    let newcomer = format!("newcomer{n}");
                    if check(&s, &ts, role, admin, action, s.add_user(new)).await.is_some() {
                        assert!(s.list_users().await.unwrap().iter().any(|u| u.username == newcomer));
                        s.lock_user(&newcomer, "left the unit").await.unwrap();
                        assert!(s.list_users().await.unwrap().iter().any(|u| u.username == newcomer && u.locked));
                        s.reset_passphrase(&newcomer, &pass("another passphrase here"), "returned").await.unwrap();
                    } else {
                        check(&s, &ts, role, admin, action, s.list_users()).await;
                        check(&s, &ts, role, admin, action, s.lock_user(ADMIN, "test")).await;
                        check(&s, &ts, role, admin, action, s.reset_passphrase(ADMIN, &pass("another passphrase here"), "test")).await;
                    }
                }
                Action::ManageConfiguration => {
                    check(&s, &ts, role, admin, action, s.set_idle_lock(20 * 60, "longer briefings")).await;
                    check(&s, &ts, role, admin, action, s.set_retention(3, 60, "local policy")).await;
                    check(&s, &ts, role, admin, action, s.set_reference_format("IR-{yyyy}-{seq:6}", "unchanged")).await;
                }
                Action::RotateDataKey => rotate_last = true,
                Action::ExportBundle => {
                    assert_eq!(may, matches!(role, Role::IntelligenceManager | Role::DirectorOfIntelligence), "{who}");
                    check(&s, &ts, role, admin, action, s.export_preview(BundleKind::Records, std::slice::from_ref(&peer))).await;
                }
                Action::ExportFullBundle => {
                    check(&s, &ts, role, admin, action, s.export_preview(BundleKind::Full, std::slice::from_ref(&peer))).await;
                }
                Action::ImportBundle => {
                    // Allowed users get as far as the bundle checks, which refuse this.
                    let call = async {
                        match s.import_preview(b"not a bundle").await {
                            Err(e) if e.code() == ErrorCode::BundleRejected => Ok(()),
                            other => other.map(|_| ()),
                        }
                    };
                    check(&s, &ts, role, admin, action, call).await;
                }
                Action::Sync => {
                    check(&s, &ts, role, admin, action, s.gateway()).await;
                    check(&s, &ts, role, admin, action, s.pending_bundles()).await;
                }
                Action::ManageTrust => {
                    check(&s, &ts, role, admin, action, s.enrolment_file()).await;
                }
                Action::ManageMeetings => {
                    if let Some(m) = check(&s, &ts, role, admin, action, s.create_meeting(meeting(MeetingKind::Ttcg, "2026-12-09"))).await {
                        assert_eq!(m.created_by, who);
                    }
                    check(&s, &ts, role, admin, action, s.record_decision(&f.ttcg, decision(DecisionKind::Resource, "two more analysts")))
                        .await;
                    check(&s, &ts, role, admin, action, s.propose_agenda(&f.ttcg)).await;
                }
                Action::SignOffMeeting => {
                    if let Some(m) = check(&s, &ts, role, admin, action, s.sign_off_meeting(&f.to_sign_off)).await {
                        assert_eq!(m.signed_off_by.as_deref(), Some(who.as_str()));
                    }
                }
                Action::SetControlStrategy => {
                    let call = s.set_control_strategy(&f.stcg, decision(DecisionKind::ControlStrategy, "set"), one_priority());
                    if let Some(v) = check(&s, &ts, role, admin, action, call).await {
                        assert_eq!(v.set_by, who);
                    }
                }
                Action::ManageRequirements => {
                    check(&s, &ts, role, admin, action, s.draft_requirement(tactical_requirement("new"))).await;
                }
                Action::ApproveRequirement => {
                    let call = s.approve_requirement(&f.draft_requirement, &f.stcg, decision(DecisionKind::RequirementApproval, "approve"));
                    if let Some(r) = check(&s, &ts, role, admin, action, call).await {
                        assert_eq!(r.state, "approved");
                    }
                }
                Action::AnswerRequirement => {
                    if let Some(r) =
                        check(&s, &ts, role, admin, action, s.answer_requirement(&f.approved_requirement, f.question, &f.show, "answers"))
                            .await
                    {
                        assert_eq!(r.questions_answered, 1);
                    }
                }
                Action::ManageActions => {
                    let new = NewAction {
                        title: "visit".into(),
                        strand: Strand::Prevention,
                        issue_key: None,
                        owner: "PCSO Ray".into(),
                        due_on: "2027-02-01".into(),
                    };
                    check(&s, &ts, role, admin, action, s.raise_action(f.decision, new)).await;
                    if let Some(v) =
                        check(&s, &ts, role, admin, action, s.update_action(&f.action, ActionStatus::InProgress, "under way", "")).await
                    {
                        assert_eq!(v.history[0].updated_by, who);
                    }
                }
                Action::ManageOperationalReview => {
                    check(
                        &s,
                        &ts,
                        role,
                        admin,
                        action,
                        s.commission_operational_review(&f.ttcg, decision(DecisionKind::Commission, "review"), op_review()),
                    )
                    .await;
                }
                Action::DraftProduct => {
                    if let Some(p) = check(&s, &ts, role, admin, action, s.create_product(new_product("mine"))).await {
                        assert_eq!(p.author, who);
                    }
                }
                Action::ReviewProduct => {
                    if let Some(p) = check(&s, &ts, role, admin, action, s.peer_review_product(&f.in_review, true, "sound")).await {
                        assert_eq!(p.reviewer.as_deref(), Some(who.as_str()));
                    }
                }
                Action::ApproveProduct => {
                    if let Some(p) = check(&s, &ts, role, admin, action, s.approve_product(&f.awaiting_approval, true, "release")).await {
                        assert_eq!(p.approver.as_deref(), Some(who.as_str()));
                    }
                }
                Action::ExportProduct => {
                    let out = ts.tmp.path().join(format!("{who}.pdf"));
                    let done = check(&s, &ts, role, admin, action, s.export_product(&f.approved_product, ProductFormat::Pdf, &out)).await;
                    assert_eq!(out.exists(), done.is_some(), "{who}: a refused export wrote no file");
                }
            }
        }
        assert!(rotate_last);
        let expected = permits(role, admin, Action::RotateDataKey);
        let keys_before = std::fs::read(ts.dir.join("keys.json")).unwrap();
        let head_before = audit_head(&s).await;
        let mut s = s;
        match s.rotate_data_key("scheduled rotation").await {
            Ok(()) => {
                assert!(expected, "{who} rotated the data key");
                assert_eq!(audit_actions(&s).await.last().map(String::as_str), Some("store.rotate-key"));
                assert_eq!(s.show_report(&f.show).await.unwrap().sanitised_text.as_deref(), Some(SANITISED));
                s.close().await;
            }
            Err(e) => {
                assert!(!expected, "{who} should rotate the key: {e}");
                assert_eq!(e.code(), ErrorCode::PermissionDenied);
                s.close().await;
                assert_eq!(std::fs::read(ts.dir.join("keys.json")).unwrap(), keys_before, "refused rotation touched keys.json");
                let s = ts.user(&who).await;
                assert_eq!(audit_head(&s).await, head_before + 1, "only the new login was added");
                s.close().await;
            }
        }
    }
    assert!(exercised.values().all(|n| *n == 12), "{exercised:?}");

    // After all that, the trail is whole.
    let a = ts.admin().await;
    assert!(a.verify_audit().await.unwrap().ok());
    a.close().await;
}

/// Spot checks of the matrix against the doctrine, independent of the table
/// itself, so a careless edit of `permits` is caught.
#[test]
fn matrix_follows_the_doctrine() {
    use Action::*;
    use Role::*;
    for role in Role::ALL {
        for admin in [false, true] {
            assert!(permits(*role, admin, RecordRead) && permits(*role, admin, Search));
            // Administrator duties belong to the capability, never to a role.
            for a in [ManageUsers, ManageConfiguration, RotateDataKey] {
                assert_eq!(permits(*role, admin, a), admin, "{role:?} admin={admin} {a:?}");
            }
            if admin {
                assert!(permits(*role, true, ReadAudit));
            }
        }
    }
    for role in [Researcher, Analyst, PrincipalAnalyst] {
        for admin in [false, true] {
            assert!(!permits(role, admin, ViewOriginalText), "{role:?} must not read original wording");
            assert!(!permits(role, admin, Evaluate) && !permits(role, admin, Sanitise));
            assert!(!permits(role, admin, AuthoriseDissemination) && !permits(role, admin, RequestDissemination));
        }
    }
    assert!(permits(IntelligenceOfficer, false, Evaluate) && permits(IntelligenceOfficer, false, Sanitise));
    assert!(permits(IntelligenceOfficer, false, RequestDissemination));
    assert!(!permits(IntelligenceOfficer, false, AuthoriseDissemination), "officers do not authorise code C");
    assert!(permits(IntelligenceManager, false, AuthoriseDissemination));
    assert!(!permits(IntelligenceOfficer, false, ReadAudit) && !permits(Analyst, false, ReadAudit));
    assert!(permits(Researcher, false, Develop) && permits(Analyst, false, Develop));
    // Tasking and coordination: the ST&CG's senior managers alone set the
    // control strategy, sign meetings off and approve requirements; products
    // are approved by the manager or director, never by those who write them.
    for role in Role::ALL {
        for admin in [false, true] {
            let senior = matches!(role, DirectorOfIntelligence | IntelligenceManager);
            for a in [SetControlStrategy, SignOffMeeting, ApproveRequirement, ApproveProduct] {
                assert_eq!(permits(*role, admin, a), senior, "{role:?} admin={admin} {a:?}");
            }
        }
    }
    assert!(permits(Researcher, false, DraftProduct) && permits(Analyst, false, DraftProduct));
    assert!(!permits(Researcher, false, ReviewProduct), "researchers do not peer review");
    assert!(permits(PrincipalAnalyst, false, ReviewProduct));
    assert!(!permits(IntelligenceOfficer, false, DraftProduct), "officers record and develop, analysts write products");
}

#[tokio::test(flavor = "multi_thread")]
async fn lower_roles_never_search_or_read_original_wording() {
    let (ts, a) = TestStore::create().await;
    for role in Role::ALL {
        add_user(&a, role.as_str(), *role, false, Marking::OfficialSensitive).await;
    }
    // One report sanitised, one not yet: the original-only word is in both.
    let sanitised = a.record_report(report("Informant FALCONRIDGE reports a blue van at Dockside")).await.unwrap();
    a.sanitise(&sanitised, "A blue van was seen at Dockside").await.unwrap();
    let mut raw = report("FALCONRIDGE also mentions a grey lorry at Quayside");
    raw.source_ref = Some("REF-FALCONRIDGE-77".into());
    let unsanitised = a.record_report(raw).await.unwrap();
    a.close().await;

    for role in Role::ALL {
        let s = ts.user(role.as_str()).await;
        let sees = permits(*role, false, Action::ViewOriginalText);
        let hits = s.search(&SearchQuery { text: Some("falconridge".into()), ..Default::default() }).await.unwrap();
        let found: Vec<&str> = hits.iter().map(|h| h.reference.as_str()).collect();
        if sees {
            assert!(found.contains(&sanitised.as_str()) && found.contains(&unsanitised.as_str()), "{role:?}: {found:?}");
        } else {
            assert!(found.is_empty(), "{role:?} found {found:?} by a word only in the original wording");
        }
        // Words in the sanitised wording are found by everyone; the summary never shows the original.
        let hits = s.search(&SearchQuery { text: Some("dockside".into()), ..Default::default() }).await.unwrap();
        assert!(hits.iter().any(|h| h.reference == sanitised), "{role:?}");
        let all = s.search(&SearchQuery::default()).await.unwrap();
        assert_eq!(all.len(), 2);
        for h in &all {
            // The sanitised wording is the summary when there is one; the
            // original wording only ever appears for those entitled to it.
            let shows_original = h.summary.to_lowercase().contains("falconridge");
            assert_eq!(shows_original, sees && h.reference == unsanitised, "{role:?} summary {:?}", h.summary);
        }
        // Prefix search does not reach the original either.
        let hits = s.search(&SearchQuery { text: Some("falcon*".into()), ..Default::default() }).await.unwrap();
        assert_eq!(!hits.is_empty(), sees, "{role:?} prefix");
        let v = s.show_report(&unsanitised).await.unwrap();
        assert_eq!(v.original_text.is_some(), sees);
        assert_eq!(v.source_ref.is_some(), sees, "{role:?} saw the source reference");
        assert_eq!(v.sanitised_text, None);
        s.close().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn official_clearance_never_sees_official_sensitive() {
    let (ts, a) = TestStore::create().await;
    for role in [Role::IntelligenceManager, Role::IntelligenceOfficer, Role::Analyst] {
        add_user(&a, &format!("{}-o", role.as_str()), role, true, Marking::Official).await;
    }
    let mut sensitive = report("MARIGOLDHAZE sensitive detail about Dockside");
    sensitive.marking = Marking::OfficialSensitive;
    let os_ref = a.record_report(sensitive).await.unwrap();
    a.evaluate(&os_ref, eval_c("need to know")).await.unwrap();
    a.sanitise(&os_ref, "MARIGOLDHAZE sanitised detail").await.unwrap();
    let d = a
        .disseminate(&os_ref, DisseminationRequest { recipient: "CID".into(), purpose: "enquiry".into(), conditions_acknowledged: true })
        .await
        .unwrap();
    let official = a.record_report(report("an OFFICIAL report about Dockside")).await.unwrap();
    let entity = a.create_entity(person("Shared Entity")).await.unwrap();
    a.link_entity(&os_ref, entity, "subject").await.unwrap();
    a.link_entity(&official, entity, "subject").await.unwrap();
    a.close().await;

    for role in [Role::IntelligenceManager, Role::IntelligenceOfficer, Role::Analyst] {
        let s = ts.user(&format!("{}-o", role.as_str())).await;
        assert_eq!(err_code(s.show_report(&os_ref).await), ErrorCode::NotFound, "{role:?}");
        for text in [Some("marigoldhaze"), Some("dockside"), None] {
            let hits = s.search(&SearchQuery { text: text.map(str::to_owned), ..Default::default() }).await.unwrap();
            assert!(hits.iter().all(|h| h.reference != os_ref), "{role:?} searched {text:?} and saw {os_ref}");
        }
        let filtered = s.search(&SearchQuery { marking: Some(Marking::OfficialSensitive), ..Default::default() }).await.unwrap();
        assert!(filtered.is_empty());
        let by_entity = s.search(&SearchQuery { entity_id: Some(entity), ..Default::default() }).await.unwrap();
        assert_eq!(by_entity.iter().map(|h| h.reference.as_str()).collect::<Vec<_>>(), vec![official.as_str()]);
        let view = s.entity_view(entity).await.unwrap();
        assert_eq!(view.reports.iter().map(|r| r.reference.as_str()).collect::<Vec<_>>(), vec![official.as_str()]);
        // Nor can they act on it, or learn it exists through an error.
        assert_eq!(
            err_code(s.read_attachment(&os_ref, 1).await.map(|_| ())),
            if permits(role, true, Action::ViewOriginalText) { ErrorCode::NotFound } else { ErrorCode::PermissionDenied }
        );
        if permits(role, true, Action::Evaluate) {
            assert_eq!(err_code(s.evaluate(&os_ref, eval_p()).await), ErrorCode::NotFound);
            assert_eq!(err_code(s.sanitise(&os_ref, "x").await), ErrorCode::NotFound);
        }
        if permits(role, true, Action::AuthoriseDissemination) {
            assert_eq!(err_code(s.decide_dissemination(d.id, true, "ok").await), ErrorCode::NotFound);
            assert!(s.disseminations_awaiting_authorisation().await.unwrap().is_empty());
        }
        if permits(role, true, Action::RecordCreate) {
            let mut r = report("above my clearance");
            r.marking = Marking::OfficialSensitive;
            assert_eq!(err_code(s.record_report(r).await), ErrorCode::PermissionDenied);
        }
        s.close().await;
    }
}

#[test]
fn permission_doc_is_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/permissions.md");
    let generated = matrix_markdown();
    if std::env::var("INTEL_WRITE_DOCS").as_deref() == Ok("1") {
        std::fs::write(&path, &generated).expect("write docs/permissions.md");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated,
        "docs/permissions.md is out of date with the permission matrix; regenerate it with \
         INTEL_WRITE_DOCS=1 cargo test -p intel-core --test permission_matrix permission_doc_is_current"
    );
    // The table has a row per action and a column per role plus the administrator.
    for a in Action::ALL {
        let name = serde_json::to_value(a).unwrap().as_str().unwrap().to_owned();
        let row = current.lines().find(|l| l.starts_with(&format!("| `{name}` |"))).unwrap_or_else(|| panic!("no row for {name}"));
        assert_eq!(row.matches('|').count(), 2 + Role::ALL.len() + 2, "{row}");
    }
}

//! What the desktop screens ask of the core beyond the cycle itself: the
//! My work queues, paged and sorted search, saved searches, CSV export,
//! the dissemination preview, entity neighbours and the demonstration set.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use intel_core::cycle::dissemination::DisseminationRequest;
use intel_core::cycle::entities::{EntityKind, NewEntity};
use intel_core::cycle::export::ExportColumn;
use intel_core::cycle::search::{SearchQuery, SortKey};
use intel_core::domain::marking::Marking;
use intel_core::domain::report_fields::Priority;
use intel_core::domain::role::Role;
use intel_core::ErrorCode;

fn person(label: &str) -> NewEntity {
    NewEntity { kind: EntityKind::Person, object_type: None, label: label.into(), details: serde_json::Value::Null, ocgm_band: None }
}

#[tokio::test(flavor = "multi_thread")]
async fn my_work_queues_follow_the_cycle_and_the_role() {
    let (ts, mgr) = TestStore::create().await;
    let mut low = report("low priority note");
    low.priority = Priority::Low;
    let r_low = mgr.record_report(low).await.unwrap();
    let mut high = report("threat to life");
    high.priority = Priority::High;
    let r_high = mgr.record_report(high).await.unwrap();

    let w = mgr.my_work(10).await.unwrap();
    let eval = w.awaiting_evaluation.unwrap();
    assert_eq!(eval.total, 2);
    assert_eq!(eval.items[0].reference, r_high, "most urgent first");
    assert_eq!(w.awaiting_sanitisation.unwrap().total, 0);

    mgr.evaluate(&r_high, eval_c("team only")).await.unwrap();
    let w = mgr.my_work(10).await.unwrap();
    assert_eq!(w.awaiting_evaluation.unwrap().total, 1);
    let san = w.awaiting_sanitisation.unwrap();
    assert_eq!((san.total, san.items[0].reference.as_str()), (1, r_high.as_str()));
    assert!(san.items[0].grade.as_deref().is_some_and(|g| g.len() == 3 && g.ends_with('C')), "grade shown: {:?}", san.items[0].grade);
    assert!(w.recent_activity.iter().any(|a| a.action == "report.create"), "my own recent work is listed");
    assert!(w.recent_activity.iter().all(|a| a.action != "search" && a.action != "report.read"), "reads are not 'activity'");

    mgr.sanitise(&r_high, "sanitised").await.unwrap();
    add_user(&mgr, "officer", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    add_user(&mgr, "analyst", Role::Analyst, false, Marking::OfficialSensitive).await;
    let officer = ts.user("officer").await;
    officer
        .disseminate(&r_high, DisseminationRequest { recipient: "DS X".into(), purpose: "arrest".into(), conditions_acknowledged: true })
        .await
        .unwrap();
    let w = mgr.my_work(10).await.unwrap();
    assert_eq!(w.awaiting_sanitisation.unwrap().total, 0);
    assert_eq!(w.awaiting_authorisation.unwrap().items[0].reference, r_high);

    let ow = officer.my_work(10).await.unwrap();
    assert!(ow.awaiting_evaluation.is_some() && ow.awaiting_authorisation.is_none(), "officers evaluate but do not authorise");
    let aw = ts.user("analyst").await.my_work(10).await.unwrap();
    assert!(aw.awaiting_evaluation.is_none() && aw.awaiting_sanitisation.is_none() && aw.awaiting_authorisation.is_none());
    assert!(!r_low.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn search_pages_are_sorted_disjoint_and_counted() {
    let (_ts, s) = TestStore::create().await;
    let mut refs = Vec::new();
    for i in 0..25 {
        let mut r = report(&format!("warehouse sighting number {i}"));
        r.priority = [Priority::Low, Priority::High, Priority::Medium][i % 3];
        refs.push(s.record_report(r).await.unwrap());
    }
    s.record_report(report("unrelated")).await.unwrap();
    let q = |offset| SearchQuery {
        text: Some("warehouse".into()),
        limit: Some(10),
        offset: Some(offset),
        sort: Some(SortKey::Reference),
        descending: Some(false),
        ..Default::default()
    };
    let mut seen = Vec::new();
    for offset in [0, 10, 20] {
        let page = s.search_page(&q(offset)).await.unwrap();
        assert_eq!((page.total, page.offset), (25, offset));
        seen.extend(page.rows.into_iter().map(|h| h.reference));
    }
    assert_eq!(seen, refs, "three windows in reference order cover every match once");

    let by_priority = s
        .search_page(&SearchQuery {
            text: Some("warehouse".into()),
            limit: Some(25),
            sort: Some(SortKey::Priority),
            descending: Some(true),
            ..Default::default()
        })
        .await
        .unwrap();
    let pr: Vec<&str> = by_priority.rows.iter().map(|h| h.priority.as_str()).collect();
    let first_medium = pr.iter().position(|p| *p == "medium").unwrap();
    let first_low = pr.iter().position(|p| *p == "low").unwrap();
    assert!(pr[..first_medium].iter().all(|p| *p == "high") && first_medium < first_low, "urgency order, not alphabetical: {pr:?}");

    let before = audit_actions(&s).await.iter().filter(|a| *a == "search").count();
    s.search_page(&q(10)).await.unwrap();
    s.search_page(&q(0)).await.unwrap();
    let after = audit_actions(&s).await.iter().filter(|a| *a == "search").count();
    assert_eq!(after - before, 1, "scrolling to a later window is not a new, audited search");
}

#[tokio::test(flavor = "multi_thread")]
async fn saved_searches_belong_to_their_owner() {
    let (ts, mgr) = TestStore::create().await;
    add_user(&mgr, "analyst", Role::Analyst, false, Marking::OfficialSensitive).await;
    let q = SearchQuery { text: Some("transit van".into()), priority: Some(Priority::High), offset: Some(400), ..Default::default() };
    let saved = mgr.save_search("  Vans  ", &q).await.unwrap();
    assert_eq!(saved.name, "Vans");
    assert_eq!(saved.query.offset, None, "the window is not part of the saved question");
    let again = mgr.save_search("Vans", &SearchQuery { text: Some("lorry".into()), ..Default::default() }).await.unwrap();
    assert_eq!(again.id, saved.id, "saving under the same name replaces");
    let list = mgr.saved_searches().await.unwrap();
    assert_eq!((list.len(), list[0].query.text.as_deref()), (1, Some("lorry")));

    let analyst = ts.user("analyst").await;
    assert!(analyst.saved_searches().await.unwrap().is_empty());
    assert_eq!(err_code(analyst.delete_saved_search(saved.id).await), ErrorCode::NotFound);
    assert_eq!(err_code(mgr.save_search("  ", &q).await), ErrorCode::InvalidInput);
    mgr.delete_saved_search(saved.id).await.unwrap();
    assert!(mgr.saved_searches().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn csv_export_writes_what_the_person_may_see_and_is_audited() {
    let (ts, mgr) = TestStore::create().await;
    let mut secret_ish = report("=cmd|' /C calc'!A0 sensitive canal sighting");
    secret_ish.marking = Marking::OfficialSensitive;
    mgr.record_report(secret_ish).await.unwrap();
    let ordinary = mgr.record_report(report("ordinary canal sighting by J. Smith")).await.unwrap();
    mgr.evaluate(&ordinary, eval_p()).await.unwrap();
    mgr.sanitise(&ordinary, "a canal sighting").await.unwrap();
    add_user(&mgr, "low", Role::Analyst, false, Marking::Official).await;
    let dir = tempfile::tempdir().unwrap();
    let cols = [ExportColumn::Reference, ExportColumn::Marking, ExportColumn::Summary];
    let q = SearchQuery { text: Some("canal".into()), ..Default::default() };

    let out = mgr.export_search_csv(&q, &cols, &dir.path().join("all.csv")).await.unwrap();
    assert_eq!((out.rows, out.marking.as_str()), (2, "OFFICIAL-SENSITIVE"));
    let mut reader = csv::Reader::from_path(dir.path().join("all.csv")).unwrap();
    assert_eq!(reader.headers().unwrap(), vec!["Reference", "Marking", "Summary"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().any(|r| r[2].starts_with("'=cmd")), "a formula-looking cell is defused");

    let low = ts.user("low").await;
    assert_eq!(low.search_page(&q).await.unwrap().total, 1, "the count leaves out what is above clearance");
    assert_eq!(mgr.search_page(&q).await.unwrap().total, 2);
    let out = low.export_search_csv(&q, &cols, &dir.path().join("low.csv")).await.unwrap();
    assert_eq!((out.rows, out.marking.as_str()), (1, "OFFICIAL"));
    let text = std::fs::read_to_string(dir.path().join("low.csv")).unwrap();
    assert!(
        !text.contains("sensitive canal") && !text.contains("J. Smith") && text.contains("a canal sighting"),
        "sanitised wording only, nothing above clearance: {text}"
    );
    assert!(audit_actions(&low).await.iter().any(|a| a == "export.csv"));

    assert_eq!(err_code(mgr.export_search_csv(&q, &[], &dir.path().join("none.csv")).await), ErrorCode::InvalidInput);
    let missing = dir.path().join("no-such-folder").join("x.csv");
    let before = audit_head(&mgr).await;
    assert!(mgr.export_search_csv(&q, &cols, &missing).await.is_err());
    assert_eq!(audit_head(&mgr).await, before, "a failed write records no export");
}

#[tokio::test(flavor = "multi_thread")]
async fn dissemination_preview_shows_exactly_what_would_leave() {
    let (_ts, mgr) = TestStore::create().await;
    let r = mgr.record_report(report("Original naming J. Bloggs of 1 High St")).await.unwrap();
    assert_eq!(err_code(mgr.dissemination_preview(&r).await), ErrorCode::IllegalTransition, "not evaluated yet");
    mgr.evaluate(&r, eval_c("investigation team only")).await.unwrap();
    assert!(mgr.dissemination_preview(&r).await.is_err(), "not sanitised yet");
    mgr.sanitise(&r, "A person at an address in the town").await.unwrap();
    let p = mgr.dissemination_preview(&r).await.unwrap();
    assert_eq!(p.released_text, "A person at an address in the town");
    assert_eq!((p.handling_code.as_str(), p.conditions.as_deref()), ("C", Some("investigation team only")));
    let d = mgr
        .disseminate(&r, DisseminationRequest { recipient: "DS X".into(), purpose: "p".into(), conditions_acknowledged: true })
        .await
        .unwrap();
    assert_eq!(d.state, "awaiting-authorisation");
}

#[tokio::test(flavor = "multi_thread")]
async fn entity_view_names_its_neighbours_through_merges() {
    let (_ts, s) = TestStore::create().await;
    let a = s.create_entity(person("Alpha")).await.unwrap();
    let b = s.create_entity(person("Bravo")).await.unwrap();
    let b2 = s.create_entity(person("Bravo (dup)")).await.unwrap();
    s.associate(a, b2, "knows", false, None).await.unwrap();
    s.merge_entities(b, b2, "same person").await.unwrap();
    let v = s.entity_view(a).await.unwrap();
    assert_eq!(v.neighbours.iter().map(|n| n.id).collect::<Vec<_>>(), vec![b], "the survivor stands for the merged duplicate");
    let v = s.entity_view(b).await.unwrap();
    assert_eq!(v.neighbours.iter().map(|n| n.label.as_str()).collect::<Vec<_>>(), vec!["Alpha"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn demonstration_data_only_into_an_empty_store_and_clearly_marked() {
    let (ts, mgr) = TestStore::create().await;
    assert!(!mgr.has_demo_data().await.unwrap());
    add_user(&mgr, "officer", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    assert_eq!(err_code(ts.user("officer").await.load_demo_data().await), ErrorCode::PermissionDenied);
    let refs = mgr.load_demo_data().await.unwrap();
    assert!(refs.len() >= 4);
    assert!(mgr.has_demo_data().await.unwrap());
    for r in &refs {
        let v = mgr.show_report(r).await.unwrap();
        assert!(v.original_text.unwrap().starts_with("DEMONSTRATION DATA"), "{r} says it is fictitious");
    }
    let w = mgr.my_work(10).await.unwrap();
    assert!(w.awaiting_evaluation.unwrap().total >= 1 && w.awaiting_sanitisation.unwrap().total >= 1, "there is something to explore");
    let kes = mgr.find_entities("Kestrel", 5).await.unwrap();
    assert_eq!(mgr.entity_view(kes[0].id).await.unwrap().neighbours.len(), 5);
    assert_eq!(err_code(mgr.load_demo_data().await), ErrorCode::Conflict, "never twice, never over real work");
    assert!(audit_actions(&mgr).await.iter().any(|a| a == "store.demo-data"));
}

#[tokio::test(flavor = "multi_thread")]
async fn permitted_actions_match_the_matrix() {
    let (ts, mgr) = TestStore::create().await;
    add_user(&mgr, "researcher", Role::Researcher, false, Marking::OfficialSensitive).await;
    let r = ts.user("researcher").await.permitted_actions().await.unwrap();
    use intel_core::domain::permission::{permits, Action};
    for a in Action::ALL {
        assert_eq!(r.contains(&a), permits(Role::Researcher, false, a), "{a:?}");
    }
    assert!(mgr.permitted_actions().await.unwrap().contains(&Action::ManageUsers));
}

#[tokio::test(flavor = "multi_thread")]
async fn changing_ones_own_passphrase_needs_the_current_one() {
    let (ts, mgr) = TestStore::create().await;
    add_user(&mgr, "officer", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    let officer = ts.user("officer").await;
    let keys_before = std::fs::read(ts.dir.join("keys.json")).unwrap();
    let e = officer.change_own_passphrase_checked(&pass("not the current one"), &pass("a brand new long passphrase")).await;
    assert_eq!(err_code(e), ErrorCode::WrongCredentials);
    assert_eq!(std::fs::read(ts.dir.join("keys.json")).unwrap(), keys_before, "nothing changed");
    officer.change_own_passphrase_checked(&pass(&user_pass("officer")), &pass("a brand new long passphrase")).await.unwrap();
    assert_eq!(err_code(ts.unlock("officer", &user_pass("officer")).await), ErrorCode::WrongCredentials);
    ts.unlock("officer", "a brand new long passphrase").await.unwrap();
}

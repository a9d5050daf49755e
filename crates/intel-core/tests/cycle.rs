//! The intelligence cycle end to end through the core: recording,
//! evaluation (3x5x2 with history, legacy grades kept as given),
//! sanitisation, development (POLE entities, associations, reversible
//! merges), status moves, dissemination under handling codes, review and
//! retention, and search.

#![allow(clippy::unwrap_used)]

mod common;

use chrono::{DateTime, Datelike, Months, Utc};
use common::*;
use intel_core::cycle::dissemination::DisseminationRequest;
use intel_core::cycle::entities::{EntityKind, NewEntity, ObjectType};
use intel_core::cycle::records::NewAttachment;
use intel_core::cycle::review::ReviewDecision;
use intel_core::cycle::search::SearchQuery;
use intel_core::domain::grading::{Evaluation3x5x2, HandlingCode, IntelGrade, LegacyGrade, LegacyScheme, SourceGrade};
use intel_core::domain::marking::Marking;
use intel_core::domain::report_fields::{Priority, SourceType};
use intel_core::domain::role::Role;
use intel_core::domain::status::Status;
use intel_core::{ErrorCode, Session};
use sha2::{Digest, Sha256};

fn entity(kind: EntityKind, object_type: Option<ObjectType>, label: &str, ocgm_band: Option<&str>) -> NewEntity {
    NewEntity { kind, object_type, label: label.into(), details: serde_json::Value::Null, ocgm_band: ocgm_band.map(str::to_owned) }
}

fn request(ack: bool) -> DisseminationRequest {
    DisseminationRequest { recipient: "DS Example, Major Crime".into(), purpose: "arrest planning".into(), conditions_acknowledged: ack }
}

fn parse_time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap_or_else(|e| panic!("{s}: {e}")).with_timezone(&Utc)
}

#[track_caller]
fn about(actual: DateTime<Utc>, expected: DateTime<Utc>) {
    assert!((actual - expected).num_seconds().abs() < 120, "{actual} is not about {expected}");
}

async fn refs(s: &Session, q: SearchQuery) -> Vec<String> {
    let mut v: Vec<String> = s.search(&q).await.unwrap().into_iter().map(|h| h.reference).collect();
    v.sort();
    v
}

fn sorted(v: &[&String]) -> Vec<String> {
    let mut v: Vec<String> = v.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[tokio::test(flavor = "multi_thread")]
async fn recording_keeps_what_was_received() {
    let (_ts, a) = TestStore::create().await;
    let photo = b"\x89PNG fake image bytes".to_vec();
    let mut r = report("A red Ford Transit, AB12 CDE, seen outside 14 Mill Lane at 0300");
    r.priority = Priority::High;
    r.source_type = SourceType::PartnerAgency;
    r.source_ref = Some("BTP/2026/117".into());
    r.received_at = Some(Utc::now() - chrono::Duration::hours(3));
    r.review_group = Some(2);
    r.attachments.push(NewAttachment { file_name: "photo.png".into(), media_type: "image/png".into(), content: photo.clone() });
    let reference = a.record_report(r).await.unwrap();
    let v = a.show_report(&reference).await.unwrap();
    assert_eq!(v.reference, reference);
    assert_eq!((v.marking.as_str(), v.priority.as_str(), v.status.as_str()), ("OFFICIAL", "high", "received"));
    assert_eq!((v.source_type.as_str(), v.source_ref.as_deref()), ("partner-agency", Some("BTP/2026/117")));
    assert_eq!(v.submitting_officer, "PC 1234 Example");
    assert_eq!(v.recorded_by, ADMIN);
    assert!(parse_time(&v.received_at) < parse_time(&v.recorded_at));
    assert_eq!(v.original_text.as_deref(), Some("A red Ford Transit, AB12 CDE, seen outside 14 Mill Lane at 0300"));
    assert_eq!(v.sanitised_text, None);
    assert_eq!(v.review_group, 2);
    assert_eq!(v.status_history.len(), 1);
    assert_eq!(v.status_history[0].to_status, "received");
    assert_eq!(v.attachments.len(), 1);
    assert_eq!(v.attachments[0].sha256, hex::encode(Sha256::digest(&photo)));
    assert_eq!(v.attachments[0].size, photo.len() as i64);
    let (info, bytes) = a.read_attachment(&reference, v.attachments[0].id).await.unwrap();
    assert_eq!(bytes, photo);
    assert_eq!(info.file_name, "photo.png");
    // A later attachment is kept with its own hash.
    let more = a
        .add_attachment(
            &reference,
            NewAttachment { file_name: "note.txt".into(), media_type: "text/plain".into(), content: b"note".to_vec() },
        )
        .await
        .unwrap();
    assert_eq!(more.sha256, hex::encode(Sha256::digest(b"note")));
    assert_eq!(a.show_report(&reference).await.unwrap().attachments.len(), 2);
    let actions = audit_actions(&a).await;
    for expected in ["report.create", "report.read", "report.read-attachment", "report.attach"] {
        assert!(actions.iter().any(|x| x == expected), "no {expected} in the audit trail");
    }

    // Refusals record nothing.
    let before = row_counts(&a).await;
    assert_eq!(err_code(a.record_report(report("   ")).await), ErrorCode::InvalidInput);
    let mut future = report("from the future");
    future.received_at = Some(Utc::now() + chrono::Duration::hours(2));
    assert_eq!(err_code(a.record_report(future).await), ErrorCode::InvalidInput);
    let mut bad_group = report("no such group");
    bad_group.review_group = Some(9);
    assert_eq!(err_code(a.record_report(bad_group).await), ErrorCode::InvalidInput);
    assert_eq!(err_code(a.show_report("IR-0000-999999").await), ErrorCode::NotFound);
    assert_eq!(row_counts(&a).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn covert_sources_are_recorded_by_reference_number_only() {
    let (_ts, a) = TestStore::create().await;
    let before = row_counts(&a).await;
    for bad in [None, Some(""), Some("John Smith"), Some("Smith"), Some("Jane O'Neill 1"), Some("CHIS 4471")] {
        let mut r = report("information from a covert source");
        r.source_type = SourceType::CovertSource;
        r.source_ref = bad.map(str::to_owned);
        assert_eq!(err_code(a.record_report(r).await), ErrorCode::InvalidInput, "{bad:?} accepted as a covert source reference");
    }
    assert_eq!(row_counts(&a).await, before, "a refused covert-source report left something behind");
    let mut r = report("information from a covert source");
    r.source_type = SourceType::CovertSource;
    r.source_ref = Some("CHIS/2026/017".into());
    let reference = a.record_report(r).await.unwrap();
    assert_eq!(a.show_report(&reference).await.unwrap().source_ref.as_deref(), Some("CHIS/2026/017"));
}

#[tokio::test(flavor = "multi_thread")]
async fn secret_and_above_are_refused() {
    for m in ["SECRET", "TOP SECRET", "top-secret", "Top_Secret", "UK SECRET", " secret "] {
        let err = m.parse::<Marking>().unwrap_err();
        assert_eq!(err.code(), ErrorCode::MarkingRefused, "{m}");
        assert!(err.to_string().contains("OFFICIAL-SENSITIVE"), "the refusal should say what is allowed: {err}");
    }
    assert_eq!("official sensitive".parse::<Marking>().unwrap(), Marking::OfficialSensitive);
    assert_eq!("OFFICIAL".parse::<Marking>().unwrap(), Marking::Official);
    assert_eq!("RESTRICTED".parse::<Marking>().unwrap_err().code(), ErrorCode::InvalidInput);
}

#[tokio::test(flavor = "multi_thread")]
async fn references_follow_the_unit_format() {
    let (_ts, a) = TestStore::create().await;
    let year = Utc::now().year();
    let first = a.record_report(report("one")).await.unwrap();
    assert_eq!(first, format!("IR-{year}-000001"));
    assert_eq!(err_code(a.set_reference_format("{yyyy}/UNIT/", "no sequence").await), ErrorCode::InvalidInput);
    a.set_reference_format("{yyyy}/UNIT/{seq:4}", "force standard").await.unwrap();
    let second = a.record_report(report("two")).await.unwrap();
    let third = a.record_report(report("three")).await.unwrap();
    assert_eq!(second, format!("{year}/UNIT/0002"));
    assert_eq!(third, format!("{year}/UNIT/0003"));
    assert_eq!(a.show_report(&second).await.unwrap().original_text.as_deref(), Some("two"));
    assert!(audit_actions(&a).await.iter().any(|x| x == "config.reference-format"));
}

#[tokio::test(flavor = "multi_thread")]
async fn evaluation_uses_3x5x2_and_keeps_history() {
    let (_ts, a) = TestStore::create().await;
    let reference = a.record_report(report("a van at the docks")).await.unwrap();
    let before = row_counts(&a).await;
    let mut no_conditions = eval_c("x");
    no_conditions.conditions = None;
    assert_eq!(err_code(a.evaluate(&reference, no_conditions).await), ErrorCode::InvalidInput, "code C needs conditions");
    assert_eq!(err_code(a.evaluate(&reference, eval_c("   ")).await), ErrorCode::InvalidInput, "blank conditions are no conditions");
    let mut no_rationale = eval_c("not outside policing");
    no_rationale.rationale = " ".into();
    assert_eq!(err_code(a.evaluate(&reference, no_rationale).await), ErrorCode::InvalidInput, "code C needs a rationale");
    let mut p_with_conditions = eval_p();
    p_with_conditions.conditions = Some("only for CID".into());
    assert_eq!(err_code(a.evaluate(&reference, p_with_conditions).await), ErrorCode::InvalidInput, "P with conditions");
    assert_eq!(row_counts(&a).await, before, "a refused evaluation recorded something");
    assert_eq!(a.show_report(&reference).await.unwrap().status, "received");

    a.evaluate(&reference, eval_c("not to be shared outside policing")).await.unwrap();
    let v = a.show_report(&reference).await.unwrap();
    assert_eq!(v.status, "evaluated");
    let g = v.current_grade.unwrap();
    assert_eq!(
        (g.scheme.as_str(), g.source_grade.as_str(), g.intelligence_grade.as_str(), g.handling_code.as_deref()),
        ("3x5x2", "2", "C", Some("C"))
    );
    assert_eq!(g.conditions.as_deref(), Some("not to be shared outside policing"));
    assert_eq!(g.evaluated_by, ADMIN);

    // Re-evaluation supersedes but keeps the earlier grade.
    a.evaluate(
        &reference,
        Evaluation3x5x2 {
            source: SourceGrade::Reliable,
            intelligence: IntelGrade::A,
            handling: HandlingCode::P,
            conditions: None,
            rationale: "now corroborated".into(),
        },
    )
    .await
    .unwrap();
    let v = a.show_report(&reference).await.unwrap();
    assert_eq!(v.grades.len(), 2);
    assert_eq!(v.grades.iter().filter(|g| g.current).count(), 1);
    assert!(!v.grades[0].current && v.grades[1].current);
    assert_eq!(v.grades[0].handling_code.as_deref(), Some("C"));
    assert_eq!(v.grades[0].rationale, "single uncorroborated source");
    let cur = v.current_grade.unwrap();
    assert_eq!((cur.source_grade.as_str(), cur.intelligence_grade.as_str(), cur.handling_code.as_deref()), ("1", "A", Some("P")));
    assert_eq!(cur.rationale, "now corroborated");
    assert_eq!(v.status, "evaluated", "re-evaluation does not move the report");
    let actions = audit_actions(&a).await;
    assert!(actions.iter().any(|x| x == "report.evaluate") && actions.iter().any(|x| x == "report.re-evaluate"));

    // Search sees only the current grade.
    assert_eq!(refs(&a, SearchQuery { handling_code: Some("P".into()), ..Default::default() }).await, vec![reference.clone()]);
    assert!(refs(&a, SearchQuery { handling_code: Some("C".into()), ..Default::default() }).await.is_empty());

    // Legacy grades are stored exactly as given, beside the current 3x5x2.
    a.add_legacy_grade(
        &reference,
        LegacyGrade {
            scheme: LegacyScheme::FiveByFive,
            source: "B".into(),
            intelligence: "2".into(),
            handling: Some("3".into()),
            rationale: "imported from the old system".into(),
        },
    )
    .await
    .unwrap();
    a.add_legacy_grade(
        &reference,
        LegacyGrade {
            scheme: LegacyScheme::Admiralty,
            source: "F".into(),
            intelligence: "6".into(),
            handling: None,
            rationale: "partner agency grade".into(),
        },
    )
    .await
    .unwrap();
    for bad in [
        LegacyGrade {
            scheme: LegacyScheme::FiveByFive,
            source: "B".into(),
            intelligence: "2".into(),
            handling: None,
            rationale: "x".into(),
        },
        LegacyGrade {
            scheme: LegacyScheme::FiveByFive,
            source: "F".into(),
            intelligence: "2".into(),
            handling: Some("1".into()),
            rationale: "x".into(),
        },
        LegacyGrade {
            scheme: LegacyScheme::Admiralty,
            source: "A".into(),
            intelligence: "7".into(),
            handling: None,
            rationale: "x".into(),
        },
        LegacyGrade {
            scheme: LegacyScheme::Admiralty,
            source: "A".into(),
            intelligence: "1".into(),
            handling: Some("P".into()),
            rationale: "x".into(),
        },
        LegacyGrade { scheme: LegacyScheme::Admiralty, source: "A".into(), intelligence: "1".into(), handling: None, rationale: "".into() },
    ] {
        assert_eq!(err_code(a.add_legacy_grade(&reference, bad.clone()).await), ErrorCode::InvalidInput, "{bad:?}");
    }
    let v = a.show_report(&reference).await.unwrap();
    assert_eq!(v.grades.len(), 4);
    let legacy: Vec<_> = v
        .grades
        .iter()
        .filter(|g| g.scheme != "3x5x2")
        .map(|g| (g.scheme.as_str(), g.source_grade.as_str(), g.intelligence_grade.as_str(), g.handling_code.as_deref(), g.current))
        .collect();
    assert_eq!(legacy, vec![("5x5x5", "B", "2", Some("3"), false), ("admiralty", "F", "6", None, false)]);
    assert_eq!(v.current_grade.unwrap().scheme, "3x5x2", "a legacy grade never becomes the current 3x5x2 grade");
}

#[tokio::test(flavor = "multi_thread")]
async fn status_moves_only_along_the_cycle() {
    let (_ts, a) = TestStore::create().await;
    let r = a.record_report(report("to move around")).await.unwrap();
    for to in [Status::InDevelopment, Status::Analysed, Status::Evaluated, Status::Disseminated] {
        assert_eq!(err_code(a.change_status(&r, to, "trying").await), ErrorCode::IllegalTransition, "received -> {to}");
    }
    assert_eq!(err_code(a.change_status(&r, Status::NoFurtherAction, " ").await), ErrorCode::InvalidInput, "a move needs a reason");
    a.evaluate(&r, eval_p()).await.unwrap();
    a.change_status(&r, Status::InDevelopment, "linked to Op Harbour").await.unwrap();
    a.change_status(&r, Status::Analysed, "in the problem profile").await.unwrap();
    a.change_status(&r, Status::InDevelopment, "new lines of enquiry").await.unwrap();
    assert_eq!(
        err_code(a.change_status(&r, Status::Disseminated, "trying").await),
        ErrorCode::IllegalTransition,
        "dissemination is its own operation"
    );
    a.change_status(&r, Status::NoFurtherAction, "no further lines").await.unwrap();
    a.change_status(&r, Status::Archived, "closed").await.unwrap();
    let before = row_counts(&a).await;
    for to in Status::ALL {
        assert_eq!(err_code(a.change_status(&r, *to, "reopen").await), ErrorCode::IllegalTransition, "archived -> {to}");
    }
    assert_eq!(err_code(a.evaluate(&r, eval_p()).await), ErrorCode::IllegalTransition);
    assert_eq!(err_code(a.sanitise(&r, "late").await), ErrorCode::IllegalTransition);
    let att = NewAttachment { file_name: "late.txt".into(), media_type: "text/plain".into(), content: b"late".to_vec() };
    assert_eq!(err_code(a.add_attachment(&r, att).await), ErrorCode::IllegalTransition);
    assert_eq!(row_counts(&a).await, before, "refused moves changed something");

    let v = a.show_report(&r).await.unwrap();
    assert_eq!(v.status, "archived");
    let moves: Vec<(Option<&str>, &str, &str)> =
        v.status_history.iter().map(|h| (h.from_status.as_deref(), h.to_status.as_str(), h.reason.as_str())).collect();
    assert_eq!(
        moves,
        vec![
            (None, "received", "recorded"),
            (Some("received"), "evaluated", "evaluated"),
            (Some("evaluated"), "in-development", "linked to Op Harbour"),
            (Some("in-development"), "analysed", "in the problem profile"),
            (Some("analysed"), "in-development", "new lines of enquiry"),
            (Some("in-development"), "no-further-action", "no further lines"),
            (Some("no-further-action"), "archived", "closed"),
        ]
    );
    assert!(v.status_history.iter().all(|h| h.changed_by == ADMIN && !h.changed_at.is_empty()));
}

#[tokio::test(flavor = "multi_thread")]
async fn development_entities_associations_and_reversible_merges() {
    let (_ts, a) = TestStore::create().await;
    let r1 = a.record_report(report("John Smith drives the red Transit")).await.unwrap();
    let r2 = a.record_report(report("Jon Smyth is a member of the Mill Lane group")).await.unwrap();
    a.record_report(report("unrelated report")).await.unwrap();

    // Vocabulary checks.
    assert_eq!(
        err_code(a.create_entity(entity(EntityKind::Object, None, "a thing", None)).await),
        ErrorCode::InvalidInput,
        "objects need a type"
    );
    assert_eq!(err_code(a.create_entity(entity(EntityKind::Person, Some(ObjectType::Phone), "x", None)).await), ErrorCode::InvalidInput);
    assert_eq!(
        err_code(a.create_entity(entity(EntityKind::Person, None, "x", Some("1A"))).await),
        ErrorCode::InvalidInput,
        "only organisations have an OCGM band"
    );
    assert_eq!(err_code(a.create_entity(entity(EntityKind::Person, None, "  ", None)).await), ErrorCode::InvalidInput);

    let john = a.create_entity(entity(EntityKind::Person, None, "John SMITH", None)).await.unwrap();
    let jon = a.create_entity(entity(EntityKind::Person, None, "Jon Smyth", None)).await.unwrap();
    let van = a.create_entity(entity(EntityKind::Object, Some(ObjectType::Vehicle), "AB12 CDE red Ford Transit", None)).await.unwrap();
    let ocg = a.create_entity(entity(EntityKind::Organisation, None, "Mill Lane OCG", Some("2A"))).await.unwrap();
    let place = a.create_entity(entity(EntityKind::Location, None, "14 Mill Lane", None)).await.unwrap();

    a.link_entity(&r1, john, "subject").await.unwrap();
    a.link_entity(&r1, van, "vehicle used").await.unwrap();
    a.link_entity(&r2, jon, "subject").await.unwrap();
    a.link_entity(&r2, ocg, "group named").await.unwrap();
    assert_eq!(err_code(a.link_entity(&r1, john, "subject").await), ErrorCode::Conflict);
    assert_eq!(err_code(a.link_entity(&r1, 9999, "subject").await), ErrorCode::NotFound);
    let v = a.show_report(&r1).await.unwrap();
    let linked: Vec<(&str, Option<&str>, &str)> =
        v.entities.iter().map(|e| (e.kind.as_str(), e.object_type.as_deref(), e.role.as_str())).collect();
    assert_eq!(linked, vec![("object", Some("vehicle"), "vehicle used"), ("person", None, "subject")]);

    // Associations: a confirmed one needs its supporting report.
    assert_eq!(err_code(a.associate(john, van, "drives", true, None).await), ErrorCode::InvalidInput);
    assert_eq!(err_code(a.associate(john, john, "is", false, None).await), ErrorCode::InvalidInput);
    a.associate(john, van, "drives", true, Some(&r1)).await.unwrap();
    a.associate(jon, ocg, "member of", false, None).await.unwrap();
    a.associate(jon, place, "frequents", false, None).await.unwrap();
    let view = a.entity_view(john).await.unwrap();
    assert_eq!(view.associations.len(), 1);
    assert!(view.associations[0].confirmed);
    assert_eq!(view.associations[0].supporting_reference.as_deref(), Some(r1.as_str()));
    let ocg_view = a.entity_view(ocg).await.unwrap();
    assert_eq!(ocg_view.entity.ocgm_band.as_deref(), Some("2A"));
    assert!(!ocg_view.associations[0].confirmed);

    // Search by entity, and over entity labels.
    assert_eq!(refs(&a, SearchQuery { entity_id: Some(john), ..Default::default() }).await, vec![r1.clone()]);
    assert_eq!(refs(&a, SearchQuery { text: Some("transit".into()), ..Default::default() }).await, vec![r1.clone()]);
    assert_eq!(
        refs(&a, SearchQuery { text: Some("OCG".into()), ..Default::default() }).await,
        vec![r2.clone()],
        "entity labels are searchable"
    );

    // Merging duplicates: only like with like, never twice.
    assert_eq!(err_code(a.merge_entities(john, van, "same").await), ErrorCode::InvalidInput);
    assert_eq!(err_code(a.merge_entities(john, john, "same").await), ErrorCode::InvalidInput);
    assert_eq!(err_code(a.merge_entities(john, jon, " ").await), ErrorCode::InvalidInput);
    let merge = a.merge_entities(john, jon, "same DOB and address").await.unwrap();
    assert_eq!(err_code(a.merge_entities(john, jon, "again").await), ErrorCode::Conflict);
    assert_eq!(err_code(a.merge_entities(jon, van, "into the merged one").await), ErrorCode::Conflict);
    let view = a.entity_view(john).await.unwrap();
    assert_eq!(view.merged.iter().map(|e| e.id).collect::<Vec<_>>(), vec![jon]);
    let mut seen: Vec<String> = view.reports.iter().map(|r| r.reference.clone()).collect();
    seen.sort();
    assert_eq!(seen, sorted(&[&r1, &r2]), "the survivor shows the merged entity's reports");
    assert_eq!(view.associations.len(), 3, "and its associations");
    assert_eq!(a.entity_view(jon).await.unwrap().entity.id, john, "the duplicate leads to the survivor");
    assert_eq!(refs(&a, SearchQuery { entity_id: Some(john), ..Default::default() }).await, sorted(&[&r1, &r2]));
    let found: Vec<i64> = a.find_entities("jo", 10).await.unwrap().into_iter().map(|e| e.id).collect();
    assert_eq!(found, vec![john], "merged duplicates are not offered again");

    // Undo restores exactly.
    a.undo_merge(merge, "different people after all").await.unwrap();
    assert_eq!(err_code(a.undo_merge(merge, "twice").await), ErrorCode::Conflict);
    let view = a.entity_view(john).await.unwrap();
    assert!(view.merged.is_empty());
    assert_eq!(view.reports.iter().map(|r| r.reference.as_str()).collect::<Vec<_>>(), vec![r1.as_str()]);
    let jon_view = a.entity_view(jon).await.unwrap();
    assert_eq!(jon_view.entity.id, jon);
    assert_eq!(jon_view.reports.iter().map(|r| r.reference.as_str()).collect::<Vec<_>>(), vec![r2.as_str()]);
    assert_eq!(refs(&a, SearchQuery { entity_id: Some(john), ..Default::default() }).await, vec![r1.clone()]);
    assert!(!refs(&a, SearchQuery::default()).await.is_empty());
    let actions = audit_actions(&a).await;
    for x in ["entity.create", "report.link-entity", "entity.associate", "entity.merge", "entity.unmerge", "entity.read"] {
        assert!(actions.iter().any(|y| y == x), "no {x} in the audit trail");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn sanitisation_and_dissemination_release_only_sanitised_wording() {
    let (ts, a) = TestStore::create().await;
    add_user(&a, "officer", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    add_user(&a, "manager2", Role::IntelligenceManager, false, Marking::OfficialSensitive).await;
    const ORIGINAL: &str = "CHIS 4471 says John Smith keeps firearms at 14 Mill Lane";
    const SANITISED: &str = "It is believed a male keeps firearms at an address in the Mill Lane area";

    // Code P: released at once, sanitised wording only.
    let p = a.record_report(report(ORIGINAL)).await.unwrap();
    assert_eq!(err_code(a.disseminate(&p, request(false)).await), ErrorCode::IllegalTransition, "not evaluated yet");
    a.evaluate(&p, eval_p()).await.unwrap();
    let before = row_counts(&a).await;
    assert_eq!(err_code(a.disseminate(&p, request(false)).await), ErrorCode::IllegalTransition, "not sanitised yet");
    assert_eq!(row_counts(&a).await, before);
    a.sanitise(&p, SANITISED).await.unwrap();
    let v = a.show_report(&p).await.unwrap();
    assert_eq!(v.original_text.as_deref(), Some(ORIGINAL), "the original wording is kept");
    assert_eq!(v.sanitised_text.as_deref(), Some(SANITISED));
    assert_eq!(
        err_code(a.disseminate(&p, DisseminationRequest { recipient: " ".into(), ..request(false) }).await),
        ErrorCode::InvalidInput
    );
    assert_eq!(err_code(a.disseminate(&p, DisseminationRequest { purpose: "".into(), ..request(false) }).await), ErrorCode::InvalidInput);
    a.close().await;

    let o = ts.user("officer").await;
    let d = o.disseminate(&p, request(false)).await.unwrap();
    assert_eq!(d.state, "released");
    assert_eq!(d.handling_code, "P");
    assert_eq!(d.released_text.as_deref(), Some(SANITISED));
    assert_eq!(d.recipient, "DS Example, Major Crime");
    assert_eq!(d.requested_by, "officer");
    let v = o.show_report(&p).await.unwrap();
    assert_eq!(v.status, "disseminated");
    assert_eq!(v.disseminations.len(), 1);

    // Code C: conditions acknowledged, then a manager who did not ask authorises.
    let c = o.record_report(report(ORIGINAL)).await.unwrap();
    o.evaluate(&c, eval_c("not to be shared outside policing")).await.unwrap();
    o.sanitise(&c, "first sanitised version").await.unwrap();
    let before = row_counts(&o).await;
    let err = o.disseminate(&c, request(false)).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::InvalidInput);
    assert!(err.to_string().contains("not to be shared outside policing"), "the refusal shows the conditions: {err}");
    assert_eq!(row_counts(&o).await, before);
    let d = o.disseminate(&c, request(true)).await.unwrap();
    assert_eq!(d.state, "awaiting-authorisation");
    assert_eq!(d.released_text, None);
    assert_eq!(d.conditions.as_deref(), Some("not to be shared outside policing"));
    assert_eq!(err_code(o.decide_dissemination(d.id, true, "ok").await), ErrorCode::PermissionDenied, "an officer cannot authorise");
    // The wording changes before authorisation: what is released is the current sanitised text.
    o.sanitise(&c, SANITISED).await.unwrap();
    assert_eq!(o.show_report(&c).await.unwrap().status, "evaluated", "nothing has left yet");
    o.close().await;

    // A manager who requested one may not authorise it.
    let a = ts.admin().await;
    let own = a.disseminate(&c, DisseminationRequest { recipient: "Partner agency".into(), ..request(true) }).await.unwrap();
    assert_eq!(err_code(a.decide_dissemination(own.id, true, "mine").await), ErrorCode::PermissionDenied);
    assert_eq!(a.disseminations_awaiting_authorisation().await.unwrap().len(), 2);
    a.close().await;

    let m = ts.user("manager2").await;
    assert_eq!(err_code(m.decide_dissemination(d.id, true, " ").await), ErrorCode::InvalidInput, "a decision needs a note");
    let released = m.decide_dissemination(d.id, true, "necessary and proportionate").await.unwrap();
    assert_eq!(released.state, "released");
    assert_eq!(released.released_text.as_deref(), Some(SANITISED));
    assert_eq!(released.authorised_by.as_deref(), Some("manager2"));
    assert_eq!(released.decision_note.as_deref(), Some("necessary and proportionate"));
    assert_eq!(err_code(m.decide_dissemination(d.id, true, "again").await), ErrorCode::Conflict);
    assert_eq!(m.show_report(&c).await.unwrap().status, "disseminated");

    // The refused path.
    let refused = m.decide_dissemination(own.id, false, "partner has no policing purpose").await.unwrap();
    assert_eq!(refused.state, "refused");
    assert_eq!(refused.released_text, None);
    assert_eq!(err_code(m.decide_dissemination(own.id, true, "changed my mind").await), ErrorCode::Conflict);
    assert!(m.disseminations_awaiting_authorisation().await.unwrap().is_empty());
    let all = m.show_report(&c).await.unwrap().disseminations;
    assert_eq!(all.iter().map(|d| d.state.as_str()).collect::<Vec<_>>(), vec!["released", "refused"]);
    // Nothing that left the unit carries the original wording.
    for d in all.iter().chain(m.show_report(&p).await.unwrap().disseminations.iter()) {
        assert!(d.released_text.as_deref().is_none_or(|t| !t.contains("CHIS") && !t.contains("Smith")), "{d:?}");
    }
    // After the decisions, the record goes on to its review.
    m.review(&c, ReviewDecision::Retain, "operation continuing").await.unwrap();
    let v = m.show_report(&c).await.unwrap();
    assert_eq!((v.reviews.len(), v.reviews[0].reviewed_by.as_str()), (1, "manager2"));
    let actions = audit_actions(&m).await;
    for x in [
        "dissemination.release",
        "dissemination.request",
        "dissemination.authorise",
        "dissemination.refuse",
        "report.sanitise",
        "report.review",
    ] {
        assert!(actions.iter().any(|y| y == x), "no {x} in the audit trail");
    }
    m.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn review_retention_and_disposal() {
    let (_ts, a) = TestStore::create().await;
    let schedule = a.retention_schedule().await.unwrap();
    assert_eq!(schedule.iter().map(|r| r.review_group).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    let months4 = schedule[3].review_after_months;

    let keep = a.record_report(report("QUARTZLINE retained report")).await.unwrap();
    let first_due = parse_time(&a.show_report(&keep).await.unwrap().review_due);
    about(first_due, Utc::now().checked_add_months(Months::new(months4 as u32)).unwrap());

    // A changed schedule applies to the next review and to new records.
    assert_eq!(err_code(a.set_retention(9, 12, "no such group").await), ErrorCode::NotFound);
    assert_eq!(err_code(a.set_retention(4, 0, "zero").await), ErrorCode::InvalidInput);
    assert_eq!(err_code(a.set_retention(4, 120, " ").await), ErrorCode::InvalidInput);
    a.set_retention(4, months4 + 48, "local rules lengthened").await.unwrap();
    assert_eq!(a.retention_schedule().await.unwrap()[3].review_after_months, months4 + 48);
    let newer = a.record_report(report("recorded under the new schedule")).await.unwrap();
    about(
        parse_time(&a.show_report(&newer).await.unwrap().review_due),
        Utc::now().checked_add_months(Months::new((months4 + 48) as u32)).unwrap(),
    );

    let far_future = (Utc::now() + chrono::Duration::days(365 * 30)).to_rfc3339();
    assert!(a.reviews_due(Some(&far_future), 10).await.unwrap().iter().any(|r| r.reference == keep));
    assert!(a.reviews_due(None, 10).await.unwrap().is_empty(), "nothing is due yet");

    assert_eq!(err_code(a.review(&keep, ReviewDecision::Retain, "  ").await), ErrorCode::InvalidInput);
    a.review(&keep, ReviewDecision::Retain, "still linked to a live operation").await.unwrap();
    let v = a.show_report(&keep).await.unwrap();
    let new_due = parse_time(&v.review_due);
    assert!(new_due > first_due, "retaining sets a later review date");
    about(new_due, Utc::now().checked_add_months(Months::new((months4 + 48) as u32)).unwrap());
    assert_eq!(v.reviews.len(), 1);
    assert_eq!(
        (v.reviews[0].decision.as_str(), v.reviews[0].rationale.as_str(), v.reviews[0].reviewed_by.as_str()),
        ("retain", "still linked to a live operation", ADMIN)
    );
    assert_eq!(v.reviews[0].next_review_due.as_deref().map(parse_time), Some(new_due));
    assert_eq!(v.status, "received", "retaining does not move the report");

    // Disposal erases the content (the shell and the audit remain) and removes it from search.
    let mut r = report("ZEPHYRWOOD seen with a holdall");
    r.attachments.push(NewAttachment {
        file_name: "cctv.jpg".into(),
        media_type: "image/jpeg".into(),
        content: b"ZEPHYRWOOD jpeg".to_vec(),
    });
    let gone = a.record_report(r).await.unwrap();
    a.evaluate(&gone, eval_c("need to know")).await.unwrap();
    a.sanitise(&gone, "ZEPHYRWOOD sanitised").await.unwrap();
    a.disseminate(&gone, request(true)).await.unwrap();
    assert_eq!(refs(&a, SearchQuery { text: Some("zephyrwood".into()), ..Default::default() }).await, vec![gone.clone()]);
    a.review(&gone, ReviewDecision::Dispose, "no longer necessary for a policing purpose").await.unwrap();
    let v = a.show_report(&gone).await.unwrap();
    assert_eq!(v.status, "archived");
    assert!(v.disposed_at.is_some());
    assert!(!v.original_text.unwrap().contains("ZEPHYRWOOD"));
    assert!(!v.sanitised_text.unwrap().contains("ZEPHYRWOOD"));
    assert!(
        refs(&a, SearchQuery { text: Some("zephyrwood".into()), ..Default::default() }).await.is_empty(),
        "a disposed report is still searchable"
    );
    assert_eq!(err_code(a.read_attachment(&gone, v.attachments[0].id).await), ErrorCode::NotFound);
    assert_eq!(v.attachments[0].sha256, hex::encode(Sha256::digest(b"ZEPHYRWOOD jpeg")), "the hash stays as evidence of what was held");
    let sanitisations: Vec<String> =
        sqlx::query_scalar("SELECT s.text FROM sanitisations s JOIN reports r ON r.id = s.report_id WHERE r.reference = ?")
            .bind(&gone)
            .fetch_all(a.pool_for_tests())
            .await
            .unwrap();
    assert!(sanitisations.iter().all(|t| !t.contains("ZEPHYRWOOD")), "earlier sanitised versions were kept");
    assert_eq!(err_code(a.review(&gone, ReviewDecision::Dispose, "again").await), ErrorCode::Conflict);
    assert_eq!(err_code(a.change_status(&gone, Status::InDevelopment, "reopen").await), ErrorCode::IllegalTransition);
    assert!(audit_actions(&a).await.iter().any(|x| x == "report.dispose"));
    assert!(a.verify_audit().await.unwrap().ok());
}

#[tokio::test(flavor = "multi_thread")]
async fn search_filters_and_hostile_query_text() {
    let (_ts, a) = TestStore::create().await;
    let mut r = report("heroin supply from the red van");
    r.priority = Priority::High;
    let high = a.record_report(r).await.unwrap();
    a.evaluate(&high, eval_p()).await.unwrap();
    let mut r = report("cannabis grow at the farm");
    r.marking = Marking::OfficialSensitive;
    let sensitive = a.record_report(r).await.unwrap();
    a.evaluate(&sensitive, eval_c("need to know")).await.unwrap();
    a.change_status(&sensitive, Status::InDevelopment, "op harvest").await.unwrap();
    let plain = a.record_report(report("the red van was seen again")).await.unwrap();
    let person = a.create_entity(entity(EntityKind::Person, None, "Farmer Giles", None)).await.unwrap();
    a.link_entity(&sensitive, person, "subject").await.unwrap();

    assert_eq!(refs(&a, SearchQuery { text: Some("red van".into()), ..Default::default() }).await, sorted(&[&high, &plain]));
    assert_eq!(
        refs(&a, SearchQuery { text: Some("red van".into()), priority: Some(Priority::High), ..Default::default() }).await,
        vec![high.clone()]
    );
    assert_eq!(refs(&a, SearchQuery { status: Some(Status::InDevelopment), ..Default::default() }).await, vec![sensitive.clone()]);
    assert_eq!(refs(&a, SearchQuery { status: Some(Status::Received), ..Default::default() }).await, vec![plain.clone()]);
    assert_eq!(refs(&a, SearchQuery { marking: Some(Marking::OfficialSensitive), ..Default::default() }).await, vec![sensitive.clone()]);
    assert_eq!(refs(&a, SearchQuery { source_grade: Some("1".into()), ..Default::default() }).await, vec![high.clone()]);
    assert_eq!(refs(&a, SearchQuery { intelligence_grade: Some("c".into()), ..Default::default() }).await, vec![sensitive.clone()]);
    assert_eq!(refs(&a, SearchQuery { handling_code: Some("C".into()), ..Default::default() }).await, vec![sensitive.clone()]);
    assert_eq!(refs(&a, SearchQuery { entity_id: Some(person), ..Default::default() }).await, vec![sensitive.clone()]);
    assert_eq!(refs(&a, SearchQuery { text: Some("giles".into()), ..Default::default() }).await, vec![sensitive.clone()]);
    assert_eq!(refs(&a, SearchQuery { text: Some("far*".into()), ..Default::default() }).await, vec![sensitive.clone()], "prefix search");
    assert_eq!(refs(&a, SearchQuery { text: Some(high.clone()), ..Default::default() }).await, vec![high.clone()], "by reference");
    let tomorrow = (Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    let yesterday = (Utc::now() - chrono::Duration::days(1)).to_rfc3339();
    assert!(refs(&a, SearchQuery { recorded_from: Some(tomorrow), ..Default::default() }).await.is_empty());
    assert_eq!(refs(&a, SearchQuery { recorded_from: Some(yesterday.clone()), ..Default::default() }).await.len(), 3);
    assert!(refs(&a, SearchQuery { recorded_to: Some(yesterday), ..Default::default() }).await.is_empty());
    assert_eq!(a.search(&SearchQuery { limit: Some(1), ..Default::default() }).await.unwrap().len(), 1);
    let hit = a.search(&SearchQuery { text: Some("heroin".into()), ..Default::default() }).await.unwrap().remove(0);
    assert_eq!(hit.grade.as_deref(), Some("1BP"));

    // What people type is never FTS5 syntax, and never an error.
    for q in [
        "\"unbalanced",
        "NEAR(red van",
        "red OR",
        "AND",
        "*",
        "-van",
        "original: heroin",
        "^red",
        "(red",
        "red)",
        "O'Brien",
        "{reference}",
        "red + van",
        "🚐 van",
        "' OR 1=1 --",
        "",
        "   ",
        "\u{0}",
    ] {
        let r = a.search(&SearchQuery { text: Some(q.into()), ..Default::default() }).await;
        assert!(r.is_ok(), "searching {q:?} failed: {:?}", r.err());
    }
    assert_eq!(refs(&a, SearchQuery { text: Some("\"red van\"".into()), ..Default::default() }).await, sorted(&[&high, &plain]));
    assert_eq!(
        refs(&a, SearchQuery { text: Some("NEAR(red".into()), ..Default::default() }).await,
        Vec::<String>::new(),
        "NEAR is a word, not an operator"
    );
    assert_eq!(
        a.search(&SearchQuery { text: Some("red OR".into()), ..Default::default() }).await.unwrap().len(),
        0,
        "OR is a word, not an operator"
    );
    let searches: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'search'").fetch_one(a.pool_for_tests()).await.unwrap();
    assert!(searches >= 30, "every search is audited ({searches})");
}

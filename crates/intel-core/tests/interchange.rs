//! Link charts out of a real encrypted store: rebuilt from the entities the
//! analyst names (merged duplicates as their survivor), associations only
//! between entities on the chart, supporting reports named only within the
//! user's clearance, the marking raised by what is named, and the export
//! written whole and audited, or not at all.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use intel_core::cycle::entities::{EntityKind, NewEntity, ObjectType};
use intel_core::domain::marking::Marking;
use intel_core::domain::role::Role;
use intel_core::interchange::charts::ChartFormat;
use intel_core::references::{ExternalSystem, NewExternalReference, ReferenceHolder};

fn entity(kind: EntityKind, object_type: Option<ObjectType>, label: &str) -> NewEntity {
    NewEntity { kind, object_type, label: label.into(), details: serde_json::Value::Null, ocgm_band: None }
}

#[tokio::test]
async fn a_chart_is_rebuilt_from_the_store_within_clearance() {
    let (ts, admin) = TestStore::create().await;
    add_user(&admin, "io", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    add_user(&admin, "res", Role::Researcher, false, Marking::Official).await;
    let io = ts.user("io").await;
    let mut secret = report("Source: Smith drives the Audi for the group");
    secret.marking = Marking::OfficialSensitive;
    let secret = io.record_report(secret).await.unwrap();
    let open = io.record_report(report("Smith seen with Jones")).await.unwrap();

    let smith = io.create_entity(entity(EntityKind::Person, None, "John SMITH")).await.unwrap();
    let smith_dup = io.create_entity(entity(EntityKind::Person, None, "Jon Smith")).await.unwrap();
    let car = io.create_entity(entity(EntityKind::Object, Some(ObjectType::Vehicle), "AB12 CDE")).await.unwrap();
    let jones = io.create_entity(entity(EntityKind::Person, None, "Mary JONES")).await.unwrap();
    let off_chart = io.create_entity(entity(EntityKind::Location, None, "14 Elm Road")).await.unwrap();
    io.associate(smith, car, "drives", true, Some(&secret)).await.unwrap();
    // Recorded on the duplicate: it reaches the chart through the merge.
    io.associate(smith_dup, jones, "associate of", true, Some(&open)).await.unwrap();
    io.associate(jones, off_chart, "lives at", false, None).await.unwrap();
    io.merge_entities(smith, smith_dup, "same man, PNC match").await.unwrap();
    io.add_external_reference(
        &ReferenceHolder::Entity { id: smith },
        NewExternalReference { system: ExternalSystem::Pnc, value: "01/123456X".into(), ocgm: None, note: None },
    )
    .await
    .unwrap();

    let on_chart = [smith, smith_dup, car, jones];
    let full = io.link_chart("Op Harbour", &on_chart).await.unwrap();
    assert_eq!(full.entities.iter().map(|e| e.id).collect::<Vec<_>>(), vec![smith, car, jones], "the duplicate is its survivor");
    assert_eq!(full.entities[0].references, vec!["PNC 01/123456X".to_owned()]);
    assert_eq!(full.links.len(), 2, "the association to the entity off the chart is left out: {:?}", full.links);
    assert_eq!(full.marking, "OFFICIAL-SENSITIVE", "it names the sensitive report");
    assert!(full.links.iter().any(|l| l.from == smith && l.to == jones), "the duplicate's link shows on the survivor");

    let res = ts.user("res").await;
    let limited = res.link_chart("Op Harbour", &on_chart).await.unwrap();
    let drives = limited.links.iter().find(|l| l.label == "drives").unwrap();
    assert_eq!(drives.supporting, None, "a report above clearance is not named");
    assert_eq!(limited.marking, "OFFICIAL");

    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("harbour.graphml");
    let before = audit_head(&admin).await;
    let exported = io.export_link_chart("Op Harbour", &on_chart, ChartFormat::Graphml, &dest).await.unwrap();
    let text = std::fs::read_to_string(&dest).unwrap();
    assert!(text.contains(&secret) && text.contains("OFFICIAL-SENSITIVE") && text.contains("John SMITH"));
    assert_eq!((exported.entities, exported.links), (3, 2));
    assert!(audit_head(&admin).await > before);
    assert!(audit_actions(&admin).await.iter().any(|a| a == "export.link-chart"));

    let anx = dir.path().join("harbour.anx");
    io.export_link_chart("Op Harbour", &on_chart, ChartFormat::Anx, &anx).await.unwrap();
    assert!(std::fs::read_to_string(&anx).unwrap().contains(r#"Strength="Confirmed""#));

    // Nowhere to write: an error that says so, no file, nothing audited.
    let head = audit_head(&admin).await;
    let nowhere = dir.path().join("no such folder").join("x.graphml");
    let e = io.export_link_chart("Op Harbour", &on_chart, ChartFormat::Graphml, &nowhere).await.unwrap_err();
    assert!(e.to_string().contains("Nothing was exported"), "{e}");
    assert_eq!(audit_head(&admin).await, head);
    assert!(io.link_chart("Empty", &[]).await.is_err());
}

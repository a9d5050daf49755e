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

#[tokio::test]
async fn search_results_and_entity_lists_go_to_csv_and_xlsx_within_clearance() {
    use intel_core::cycle::export::ExportColumn;
    use intel_core::cycle::search::SearchQuery;
    use intel_core::interchange::lists::{EntityListQuery, TableFormat};
    use intel_interchange::extract::{self, CsvOptions};

    let (ts, admin) = TestStore::create().await;
    add_user(&admin, "io", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    add_user(&admin, "res", Role::Researcher, false, Marking::Official).await;
    let io = ts.user("io").await;
    let mut secret = report("Burglary: source names SMITH as the handler");
    secret.marking = Marking::OfficialSensitive;
    let secret = io.record_report(secret).await.unwrap();
    let open = io.record_report(report("Burglary at Elm Road, =cmd|' /C calc'!A0")).await.unwrap();
    // A researcher searches sanitised wording only.
    io.evaluate(&open, eval_p()).await.unwrap();
    io.sanitise(&open, "Burglary at Elm Road, =cmd|' /C calc'!A0").await.unwrap();
    let smith = io.create_entity(entity(EntityKind::Person, None, "John SMITH")).await.unwrap();
    let dup = io.create_entity(entity(EntityKind::Person, None, "Jon Smith")).await.unwrap();
    io.create_entity(entity(EntityKind::Object, Some(ObjectType::Vehicle), "AB12 CDE")).await.unwrap();
    io.link_entity(&secret, smith, "handler").await.unwrap();
    io.link_entity(&open, dup, "seen").await.unwrap();
    io.merge_entities(smith, dup, "same man").await.unwrap();
    io.add_external_reference(
        &ReferenceHolder::Entity { id: dup },
        NewExternalReference { system: ExternalSystem::Pnc, value: "01/123456X".into(), ocgm: None, note: None },
    )
    .await
    .unwrap();

    let read = |path: &std::path::Path| {
        let mut rows = extract::open(path, &CsvOptions::default(), None).unwrap();
        let header = rows.header().to_vec();
        let mut out = vec![];
        while let Some(r) = rows.next_row() {
            out.push(r.unwrap().cells);
        }
        (header, out)
    };
    let dir = tempfile::tempdir().unwrap();
    let q = SearchQuery { text: Some("burglary".into()), ..Default::default() };

    // The researcher's workbook has only the open report, marked OFFICIAL.
    let res = ts.user("res").await;
    let xlsx = dir.path().join("search.xlsx");
    let x = res.export_search_table(&q, &[ExportColumn::Reference, ExportColumn::Summary], TableFormat::Xlsx, &xlsx).await.unwrap();
    assert_eq!((x.rows, x.marking), (1, Marking::Official));
    let (header, rows) = read(&xlsx);
    assert_eq!(header, vec!["Reference", "Summary"]);
    assert_eq!(rows, vec![vec![open.clone(), "Burglary at Elm Road, =cmd|' /C calc'!A0".to_owned()]]);

    // The officer's has both, and is marked at the higher marking.
    let x = io.export_search_table(&q, ExportColumn::ALL, TableFormat::Xlsx, &dir.path().join("all.xlsx")).await.unwrap();
    assert_eq!((x.rows, x.marking), (2, Marking::OfficialSensitive));

    // Entity lists: survivors only, their family's references, reports
    // counted within clearance.
    let csv = dir.path().join("people.csv");
    let people = EntityListQuery { kind: Some(EntityKind::Person), prefix: None };
    let x = res.export_entity_list(&people, TableFormat::Csv, &csv).await.unwrap();
    assert_eq!(x.rows, 1, "the merged duplicate is not listed");
    let (header, rows) = read(&csv);
    assert_eq!(header, vec!["Id", "Kind", "Type", "Label", "OCGM band", "References", "Reports"]);
    assert_eq!(rows[0][3], "John SMITH");
    assert_eq!(rows[0][5], "PNC 01/123456X", "the duplicate's reference shows on its survivor");
    assert_eq!(rows[0][6], "1", "the sensitive report is not counted for the researcher");
    assert_eq!(x.marking, Marking::Official);
    let x = io.export_entity_list(&people, TableFormat::Xlsx, &dir.path().join("people.xlsx")).await.unwrap();
    assert_eq!(x.marking, Marking::OfficialSensitive);
    let all = io.export_entity_list(&EntityListQuery::default(), TableFormat::Csv, &dir.path().join("all.csv")).await.unwrap();
    assert_eq!(all.rows, 2);

    let actions = audit_actions(&admin).await;
    for a in ["export.xlsx", "export.entities"] {
        assert!(actions.iter().any(|x| x == a), "audit has no {a}");
    }
    // The CSV search export still records itself as before.
    io.export_search_csv(&q, &[ExportColumn::Reference], &dir.path().join("s.csv")).await.unwrap();
    assert!(audit_actions(&admin).await.iter().any(|x| x == "export.csv"));
}

#[tokio::test]
async fn stix_carries_sanitised_graded_intelligence_and_code_c_only_with_authority() {
    use intel_core::interchange::stix::StixRequest;
    use intel_core::ErrorCode;

    let (ts, admin) = TestStore::create().await;
    add_user(&admin, "io", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    add_user(&admin, "im", Role::IntelligenceManager, false, Marking::OfficialSensitive).await;
    let io = ts.user("io").await;
    let secret_words = canary("stix-original");
    let p = io.record_report(report(&format!("{secret_words} supplies drugs from flat 3"))).await.unwrap();
    io.evaluate(&p, eval_p()).await.unwrap();
    io.sanitise(&p, "A male supplies drugs from a flat on Elm Road").await.unwrap();
    let mut c_report = report(&format!("{secret_words} holds a firearm"));
    c_report.marking = Marking::OfficialSensitive;
    let c = io.record_report(c_report).await.unwrap();
    io.evaluate(&c, eval_c("Not to be shared outside law enforcement")).await.unwrap();
    io.sanitise(&c, "The male is said to hold a firearm").await.unwrap();
    let raw = io.record_report(report("Not yet sanitised")).await.unwrap();
    let smith = io.create_entity(entity(EntityKind::Person, None, "John SMITH")).await.unwrap();
    io.link_entity(&p, smith, "subject").await.unwrap();

    let dir = tempfile::tempdir().unwrap();
    let dest = dir.path().join("share.json");
    let only_p = StixRequest { reports: vec![p.clone()], include_code_c: false };
    let x = io.export_stix(&only_p, &dest).await.unwrap();
    assert_eq!((x.reports, x.marking), (1, Marking::Official));
    let text = std::fs::read_to_string(&dest).unwrap();
    assert!(text.contains("A male supplies drugs from a flat on Elm Road") && text.contains("John SMITH"));
    assert!(!text.contains(&secret_words), "the original wording never leaves");

    // Code C: refused without the flag, and for an officer even with it.
    let with_c = StixRequest { reports: vec![p.clone(), c.clone()], include_code_c: true };
    let head = audit_head(&admin).await;
    assert_eq!(
        err_code(io.export_stix(&StixRequest { include_code_c: false, ..with_c.clone() }, &dest).await),
        ErrorCode::PermissionDenied
    );
    assert_eq!(err_code(io.export_stix(&with_c, &dest).await), ErrorCode::PermissionDenied);
    assert_eq!(audit_head(&admin).await, head, "a refused export writes nothing");
    let im = ts.user("im").await;
    let dest_c = dir.path().join("share-c.json");
    let x = im.export_stix(&with_c, &dest_c).await.unwrap();
    assert_eq!(x.code_c, vec![c.clone()]);
    assert_eq!(x.marking, Marking::OfficialSensitive);
    let text = std::fs::read_to_string(&dest_c).unwrap();
    assert!(text.contains("subject to these conditions: Not to be shared outside law enforcement"));
    assert!(!text.contains(&secret_words));

    // Not evaluated, or not sanitised: the whole export is refused.
    assert_eq!(
        err_code(io.export_stix(&StixRequest { reports: vec![p.clone(), raw], include_code_c: false }, &dest).await),
        ErrorCode::IllegalTransition
    );
    let evaluated_only = io.record_report(report("Evaluated, not sanitised")).await.unwrap();
    io.evaluate(&evaluated_only, eval_p()).await.unwrap();
    let e = io.export_stix(&StixRequest { reports: vec![evaluated_only], include_code_c: false }, &dest).await.unwrap_err();
    assert!(e.to_string().contains("not sanitised"), "{e}");
    assert!(audit_actions(&admin).await.iter().filter(|a| *a == "export.stix").count() == 2);
}

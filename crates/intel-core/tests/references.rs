//! References to other systems on a real encrypted store: formats checked
//! against the unit's configurable patterns, OCGM scoring carried, a lookup
//! that lists everything holding a reference (within the user's clearance),
//! search finding a report by a crime number, removal recorded and never a
//! deletion, in the core and in the schema beneath it.

#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use intel_core::cycle::entities::{EntityKind, NewEntity};
use intel_core::cycle::search::SearchQuery;
use intel_core::domain::marking::Marking;
use intel_core::domain::role::Role;
use intel_core::references::{ExternalSystem, NewExternalReference, OcgmScoring, ReferenceHolder};
use intel_core::ErrorCode;

fn xref(system: ExternalSystem, value: &str) -> NewExternalReference {
    NewExternalReference { system, value: value.into(), ocgm: None, note: None }
}

fn on_report(reference: &str) -> ReferenceHolder {
    ReferenceHolder::Report { reference: reference.into() }
}

#[tokio::test]
async fn references_are_checked_held_looked_up_and_searched() {
    let (ts, admin) = TestStore::create().await;
    add_user(&admin, "io", Role::IntelligenceOfficer, false, Marking::OfficialSensitive).await;
    add_user(&admin, "res", Role::Researcher, false, Marking::Official).await;
    let io = ts.user("io").await;
    let open = io.record_report(report("Dealing seen outside the Crown")).await.unwrap();
    let mut sensitive = report("Source says the same dealer stores a firearm");
    sensitive.marking = Marking::OfficialSensitive;
    let sensitive = io.record_report(sensitive).await.unwrap();

    // Held normalised; the same crime number on two reports.
    let held = io.add_external_reference(&on_report(&open), xref(ExternalSystem::Crime, " cr/0012345/26 ")).await.unwrap();
    assert_eq!(held.value, "CR/0012345/26");
    assert_eq!(held.added_by, "io");
    io.add_external_reference(&on_report(&sensitive), xref(ExternalSystem::Crime, "CR/0012345/26")).await.unwrap();
    assert_eq!(
        err_code(io.add_external_reference(&on_report(&open), xref(ExternalSystem::Crime, "CR/0012345/26")).await),
        ErrorCode::Conflict,
        "the same reference twice on one report"
    );

    // The format is the unit's: a wrong one is refused with the example.
    let e = io.add_external_reference(&on_report(&open), xref(ExternalSystem::Pnc, "123456X")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(e.to_string().contains("01/123456X"), "{e}");

    // OCGM needs band, score and date; others refuse them.
    let group = io
        .create_entity(NewEntity {
            kind: EntityKind::Organisation,
            object_type: None,
            label: "Harbour Street group".into(),
            details: serde_json::Value::Null,
            ocgm_band: None,
        })
        .await
        .unwrap();
    let on_group = ReferenceHolder::Entity { id: group };
    assert_eq!(err_code(io.add_external_reference(&on_group, xref(ExternalSystem::Ocgm, "OCG-00417")).await), ErrorCode::InvalidInput);
    let scoring = OcgmScoring { band: "1a".into(), score: 212, scored_on: "2026-10-01".into() };
    let mut with_score = xref(ExternalSystem::Ocgm, "OCG-00417");
    with_score.ocgm = Some(scoring.clone());
    let ocg = io.add_external_reference(&on_group, with_score).await.unwrap();
    assert_eq!(ocg.ocgm.as_ref().unwrap().band, "1A");
    let mut pnc_with_score = xref(ExternalSystem::Pnc, "01/123456X");
    pnc_with_score.ocgm = Some(scoring);
    assert_eq!(err_code(io.add_external_reference(&on_group, pnc_with_score).await), ErrorCode::InvalidInput);

    // The group is linked to the open report: the report's search row now
    // carries the group's OCGM reference as well as its own crime number.
    io.link_entity(&open, group, "subject group").await.unwrap();
    let by_crime = io.search(&SearchQuery { text: Some("CR/0012345/26".into()), ..Default::default() }).await.unwrap();
    let found: Vec<_> = by_crime.iter().map(|h| h.reference.clone()).collect();
    assert!(found.contains(&open) && found.contains(&sensitive), "{found:?}");
    let by_ocg = io.search(&SearchQuery { text: Some("OCG-00417".into()), ..Default::default() }).await.unwrap();
    assert_eq!(by_ocg.iter().map(|h| h.reference.clone()).collect::<Vec<_>>(), vec![open.clone()]);

    // Clicking the reference: everything holding it, within clearance.
    let all = io.holders_of_reference(ExternalSystem::Crime, "cr/0012345/26").await.unwrap();
    assert_eq!(all.reports.len(), 2);
    assert_eq!(all.withheld_reports, 0);
    let res = ts.user("res").await;
    let limited = res.holders_of_reference(ExternalSystem::Crime, "CR/0012345/26").await.unwrap();
    assert_eq!(limited.reports.iter().map(|r| r.reference.clone()).collect::<Vec<_>>(), vec![open.clone()]);
    assert_eq!(limited.withheld_reports, 1, "the sensitive report is counted, not shown");
    let group_holders = res.holders_of_reference(ExternalSystem::Ocgm, "OCG-00417").await.unwrap();
    assert_eq!(group_holders.entities.iter().map(|e| e.id).collect::<Vec<_>>(), vec![group]);
    assert_eq!(group_holders.ocgm.unwrap().score, 212);
    assert_eq!(
        err_code(res.external_references_of(&on_report(&sensitive)).await),
        ErrorCode::NotFound,
        "a report above clearance does not exist for the researcher"
    );
    let matches = res.find_external_references("cr/00", None, 10).await.unwrap();
    assert_eq!(matches.len(), 1);
    assert_eq!((matches[0].value.as_str(), matches[0].holders), ("CR/0012345/26", 1), "only what the researcher may see is counted");
    assert_eq!(io.find_external_references("cr/00", None, 10).await.unwrap()[0].holders, 2);
    // A value held only above clearance is not offered.
    io.add_external_reference(&on_report(&sensitive), xref(ExternalSystem::Crime, "CR/0099999/26")).await.unwrap();
    assert!(res.find_external_references("CR/009", None, 10).await.unwrap().is_empty());
    assert_eq!(res.holders_of_reference(ExternalSystem::Crime, "CR/0099999/26").await.unwrap().withheld_reports, 1);

    // Removal is recorded, with its reason; the report no longer matches.
    assert_eq!(err_code(io.remove_external_reference(held.id, " ").await), ErrorCode::InvalidInput);
    io.remove_external_reference(held.id, "keyed against the wrong report").await.unwrap();
    assert_eq!(err_code(io.remove_external_reference(held.id, "again").await), ErrorCode::Conflict);
    assert!(io.external_references_of(&on_report(&open)).await.unwrap().is_empty());
    let after = io.search(&SearchQuery { text: Some("CR/0012345/26".into()), ..Default::default() }).await.unwrap();
    assert_eq!(after.iter().map(|h| h.reference.clone()).collect::<Vec<_>>(), vec![sensitive.clone()]);
    // …and it can be added back (the unique index ignores removed rows).
    io.add_external_reference(&on_report(&open), xref(ExternalSystem::Crime, "CR/0012345/26")).await.unwrap();

    let actions = audit_actions(&admin).await;
    for a in ["reference.add", "reference.remove", "reference.lookup"] {
        assert!(actions.iter().any(|x| x == a), "audit has no {a}");
    }

    // Beneath the core, the schema refuses to rewrite or delete a reference.
    let pool = admin.pool_for_tests();
    let rewrite = sqlx::query("UPDATE external_references SET value = 'CR/9999999/26' WHERE id = ?").bind(held.id).execute(pool).await;
    assert!(rewrite.unwrap_err().to_string().contains("cannot be changed"));
    let delete = sqlx::query("DELETE FROM external_references WHERE id = ?").bind(ocg.id).execute(pool).await;
    assert!(delete.unwrap_err().to_string().contains("never deleted"));
}

#[tokio::test]
async fn formats_are_the_units_own_and_only_administrators_set_them() {
    let (ts, admin) = TestStore::create().await;
    add_user(&admin, "io", Role::IntelligenceOfficer, false, Marking::Official).await;
    let io = ts.user("io").await;
    let r = io.record_report(report("Burglary series, Elm Road")).await.unwrap();
    let crime = |v: &str| xref(ExternalSystem::Crime, v);
    assert_eq!(err_code(io.add_external_reference(&on_report(&r), crime("42-12345-26")).await), ErrorCode::InvalidInput);

    assert_eq!(
        err_code(io.set_external_reference_format(ExternalSystem::Crime, Some("[0-9]{2}-[0-9]{5}-[0-9]{2}"), "force format").await),
        ErrorCode::PermissionDenied
    );
    let bad = admin.set_external_reference_format(ExternalSystem::Crime, Some("[0-9"), "typo").await.unwrap_err();
    assert!(bad.to_string().contains("not a valid regular expression"), "{bad}");
    assert_eq!(
        err_code(admin.set_external_reference_format(ExternalSystem::Crime, Some("[0-9]{2}"), "  ").await),
        ErrorCode::InvalidInput,
        "a change needs a reason"
    );
    admin
        .set_external_reference_format(ExternalSystem::Crime, Some("[0-9]{2}-[0-9]{5}-[0-9]{2}"), "our force's crime numbers")
        .await
        .unwrap();
    let formats = io.reference_formats().await.unwrap();
    let c = formats.iter().find(|f| f.system == ExternalSystem::Crime).unwrap();
    assert!(c.customised);
    assert_eq!(formats.len(), ExternalSystem::ALL.len());
    io.add_external_reference(&on_report(&r), crime("42-12345-26")).await.unwrap();
    assert_eq!(err_code(io.add_external_reference(&on_report(&r), crime("CR/0012345/26")).await), ErrorCode::InvalidInput);

    // Back to the default: what is already held stays held.
    admin.set_external_reference_format(ExternalSystem::Crime, None, "back to the default").await.unwrap();
    assert!(!io.reference_formats().await.unwrap().iter().find(|f| f.system == ExternalSystem::Crime).unwrap().customised);
    assert_eq!(io.external_references_of(&on_report(&r)).await.unwrap().len(), 1);
    assert!(audit_actions(&admin).await.iter().filter(|a| *a == "config.external-reference-format").count() == 2);
}

//! Files for other tools, read back by readers no one here wrote: GraphML
//! by networkx, ANX by Python's own XML parser (every link's ends exist,
//! every item carries the marking). The readers live in the venv that
//! `scripts/setup-deps.sh test` makes; without it these tests say so and
//! pass, unless INTEL_REQUIRE_TOOLS=1 (as the test suite sets).

#![allow(clippy::unwrap_used)]

use intel_interchange::graph::{ChartEntity, ChartLink, LinkChart};
use std::path::{Path, PathBuf};
use std::process::Command;

fn python() -> Option<PathBuf> {
    let candidate = std::env::var_os("INTEL_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv-tools/bin/python"));
    if candidate.exists() {
        return Some(candidate);
    }
    assert!(
        std::env::var_os("INTEL_REQUIRE_TOOLS").is_none(),
        "INTEL_REQUIRE_TOOLS is set but {} is missing: run scripts/setup-deps.sh test",
        candidate.display()
    );
    eprintln!("skipped: no interchange readers at {} (scripts/setup-deps.sh test makes them)", candidate.display());
    None
}

fn run_python(py: &Path, script: &str, args: &[&Path]) -> String {
    let out = Command::new(py).arg("-c").arg(script).args(args).output().unwrap();
    assert!(out.status.success(), "python failed:\n{}\n{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn chart() -> LinkChart {
    LinkChart {
        title: "Op Harbour: <supply> & \"cuckooing\"".into(),
        marking: "OFFICIAL-SENSITIVE".into(),
        entities: vec![
            ChartEntity {
                id: 7,
                label: "Zoë O'Brien".into(),
                kind: "person".into(),
                object_type: None,
                references: vec!["PNC 01/123456X".into(), "PND PND/004512377".into()],
            },
            ChartEntity { id: 9, label: "AB12 CDE".into(), kind: "object".into(), object_type: Some("vehicle".into()), references: vec![] },
            ChartEntity {
                id: 11,
                label: "Harbour Street group".into(),
                kind: "organisation".into(),
                object_type: None,
                references: vec!["OCGM OCG-00417".into()],
            },
            ChartEntity { id: 12, label: "Bell\u{7} & <Co>".into(), kind: "location".into(), object_type: None, references: vec![] },
        ],
        links: vec![
            ChartLink { from: 7, to: 9, label: "drives".into(), confirmed: true, supporting: Some("IR-2026-000001".into()) },
            ChartLink { from: 7, to: 11, label: "member of".into(), confirmed: false, supporting: None },
            ChartLink { from: 11, to: 12, label: "operates from".into(), confirmed: false, supporting: None },
        ],
    }
}

#[test]
fn graphml_loads_in_networkx_with_every_node_edge_and_attribute() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.graphml");
    std::fs::write(&path, chart().to_graphml().unwrap()).unwrap();
    let script = r#"
import json, sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
print(json.dumps({
  "directed": g.is_directed(),
  "graph": g.graph,
  "nodes": {n: d for n, d in g.nodes(data=True)},
  "edges": sorted([[u, v, d] for u, v, d in g.edges(data=True)]),
}))
"#;
    let got: serde_json::Value = serde_json::from_str(&run_python(&py, script, &[&path])).unwrap();
    assert_eq!(got["directed"], true);
    assert_eq!(got["graph"]["marking"], "OFFICIAL-SENSITIVE");
    assert_eq!(got["graph"]["title"], "Op Harbour: <supply> & \"cuckooing\"");
    let nodes = got["nodes"].as_object().unwrap();
    assert_eq!(nodes.len(), 4);
    assert_eq!(nodes["e7"]["label"], "Zoë O'Brien");
    assert_eq!(nodes["e7"]["references"], "PNC 01/123456X; PND PND/004512377");
    assert_eq!(nodes["e9"]["object_type"], "vehicle");
    assert_eq!(nodes["e12"]["label"], "Bell & <Co>", "the control character is dropped, the rest kept");
    let edges = got["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 3);
    let drives = edges.iter().find(|e| e[2]["association"] == "drives").unwrap();
    assert_eq!((drives[0].as_str(), drives[1].as_str()), (Some("e7"), Some("e9")));
    assert_eq!(drives[2]["confirmed"], true, "a GraphML boolean, typed by its key");
    assert_eq!(drives[2]["supporting_report"], "IR-2026-000001");
    assert_eq!(edges.iter().filter(|e| e[2]["confirmed"] == false).count(), 2);
}

#[test]
fn anx_is_well_formed_and_every_link_end_and_marking_is_there() {
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.anx");
    std::fs::write(&path, chart().to_anx().unwrap()).unwrap();
    let script = r#"
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ids = [e.get("EntityId") for e in root.iter("Entity")]
links = [[l.get("End1Id"), l.get("End2Id"), l.find("LinkStyle").get("Strength")] for l in root.iter("Link")]
items = root.find("ChartItemCollection").findall("ChartItem")
marked = [any(a.get("AttributeClass") == "Marking" and a.get("Value") == "OFFICIAL-SENSITIVE" for a in i.iter("Attribute")) for i in items]
strengths = {s.get("Name"): s.get("DotStyle") for s in root.iter("Strength")}
summary = {f.get("Type"): f.get("Value") for f in root.find("Summary").iter("Field")}
labels = [i.get("Label") for i in items]
print(json.dumps({"root": root.tag, "ids": ids, "links": links, "marked": marked, "strengths": strengths, "summary": summary, "labels": labels}))
"#;
    let got: serde_json::Value = serde_json::from_str(&run_python(&py, script, &[&path])).unwrap();
    assert_eq!(got["root"], "Chart");
    let ids: Vec<&str> = got["ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(ids, vec!["e7", "e9", "e11", "e12"]);
    for l in got["links"].as_array().unwrap() {
        assert!(ids.contains(&l[0].as_str().unwrap()) && ids.contains(&l[1].as_str().unwrap()), "link to a missing end: {l}");
        assert!(got["strengths"].get(l[2].as_str().unwrap()).is_some(), "undefined strength {l}");
    }
    assert_eq!(got["strengths"]["Unconfirmed"], "DotStyleDashed");
    assert!(got["marked"].as_array().unwrap().iter().all(|m| m == true), "an item without the marking");
    assert_eq!(got["marked"].as_array().unwrap().len(), 7);
    assert_eq!(got["summary"]["SummaryFieldSubject"], "OFFICIAL-SENSITIVE");
    assert!(got["labels"].as_array().unwrap().iter().any(|l| l == "Zoë O'Brien"));
}

#[test]
fn xlsx_reads_back_in_openpyxl_as_text_with_its_marking() {
    use intel_interchange::table::Sheet;
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("list.xlsx");
    let sheet = Sheet {
        title: "Search: burglary".into(),
        marking: "OFFICIAL-SENSITIVE".into(),
        headers: vec!["Reference".into(), "Summary".into(), "Count".into()],
        rows: vec![
            vec!["IR-2026-000001".into(), "Zoë paid £20 at Café Noël, \"cash\"\nsecond line".into(), "007".into()],
            vec!["IR-2026-000002".into(), "=HYPERLINK(\"http://x\",\"click\")".into(), "".into()],
        ],
    };
    std::fs::write(&path, sheet.to_xlsx().unwrap()).unwrap();
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
rows = [[c.value for c in r] for r in ws.iter_rows()]
types = [[c.data_type for c in r] for r in ws.iter_rows()]
print(json.dumps({"name": ws.title, "rows": rows, "types": types,
  "header": ws.oddHeader.center.text, "footer": ws.oddFooter.center.text,
  "subject": wb.properties.subject, "frozen": ws.freeze_panes}))
"#;
    let got: serde_json::Value = serde_json::from_str(&run_python(&py, script, &[&path])).unwrap();
    assert_eq!(got["name"], "Search  burglary");
    assert_eq!(got["rows"][0], serde_json::json!(["Reference", "Summary", "Count"]));
    assert_eq!(got["rows"][1][1], "Zoë paid £20 at Café Noël, \"cash\"\nsecond line");
    assert_eq!(got["rows"][1][2], "007", "a number-like text stays text");
    assert_eq!(got["rows"][2][1], "=HYPERLINK(\"http://x\",\"click\")");
    assert_eq!(got["types"][2][1], "s", "report text is a string cell, never a formula");
    assert_eq!(got["rows"][2][2], serde_json::Value::Null);
    assert!(got["header"].as_str().unwrap().contains("OFFICIAL-SENSITIVE"), "{}", got["header"]);
    assert!(got["footer"].as_str().unwrap().contains("OFFICIAL-SENSITIVE"));
    assert_eq!(got["subject"], "OFFICIAL-SENSITIVE");
    assert_eq!(got["frozen"], "A2");
}

#[test]
fn stix_bundles_pass_the_official_stix2_validator() {
    use intel_interchange::stix::{StixExport, StixReport, StixSubject};
    let Some(py) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.json");
    let smith = StixSubject { id: 7, label: "John SMITH".into(), kind: "person".into() };
    let export = StixExport {
        unit: "Test Intelligence Unit".into(),
        store_id: "5f0c5e4e-store".into(),
        created: "2026-12-04T10:00:00Z".into(),
        reports: vec![
            StixReport {
                reference: "IR-2026-000001".into(),
                recorded_at: "2026-12-01T09:30:00.123456+00:00".into(),
                marking: "OFFICIAL".into(),
                grade: "1B P".into(),
                handling: "P".into(),
                conditions: None,
                sanitised_text: "A male supplies drugs from a flat on Elm Road".into(),
                subjects: vec![smith.clone(), StixSubject { id: 9, label: "AB12 CDE".into(), kind: "object".into() }],
            },
            StixReport {
                reference: "IR-2026-000002".into(),
                recorded_at: "2026-12-02T11:00:00Z".into(),
                marking: "OFFICIAL-SENSITIVE".into(),
                grade: "3C C".into(),
                handling: "C".into(),
                conditions: Some("Not to be shared outside law enforcement without the originator's consent".into()),
                sanitised_text: "The same male is said to hold a firearm".into(),
                subjects: vec![smith, StixSubject { id: 11, label: "Harbour Street group".into(), kind: "organisation".into() }],
            },
            StixReport {
                reference: "IR-2026-000003".into(),
                recorded_at: "2026-12-03T08:00:00Z".into(),
                marking: "OFFICIAL".into(),
                grade: "2A P".into(),
                handling: "P".into(),
                conditions: None,
                sanitised_text: "Vehicle seen at the docks".into(),
                subjects: vec![],
            },
        ],
    };
    let bundle = export.to_bundle().unwrap();
    std::fs::write(&path, serde_json::to_vec_pretty(&bundle).unwrap()).unwrap();
    let script = r#"
import json, sys
from stix2validator import validate_file, ValidationOptions
r = validate_file(sys.argv[1], ValidationOptions(strict=True))
objs = r.object_results
print(json.dumps({"valid": r.is_valid,
  "errors": [str(e) for o in objs for e in o.errors],
  "warnings": [str(w) for o in objs for w in o.warnings]}))
"#;
    let got: serde_json::Value = serde_json::from_str(&run_python(&py, script, &[&path])).unwrap();
    assert_eq!(got["errors"], serde_json::json!([]), "{got}");
    assert_eq!(got["warnings"], serde_json::json!([]), "{got}");
    assert_eq!(got["valid"], true);

    // What the bundle says, checked here: markings on every report, code C's
    // conditions on its own report, the vehicle not turned into an identity.
    let objects = bundle["objects"].as_array().unwrap();
    let reports: Vec<_> = objects.iter().filter(|o| o["type"] == "report").collect();
    assert_eq!(reports.len(), 3);
    let markings: std::collections::HashMap<&str, &str> = objects
        .iter()
        .filter(|o| o["type"] == "marking-definition")
        .map(|o| (o["id"].as_str().unwrap(), o["definition"]["statement"].as_str().unwrap()))
        .collect();
    for r in &reports {
        let on: Vec<&str> = r["object_marking_refs"].as_array().unwrap().iter().map(|m| markings[m.as_str().unwrap()]).collect();
        assert_eq!(on.len(), 2, "{r}");
        assert!(on[0].contains("OFFICIAL"));
        if r["name"].as_str().unwrap().starts_with("IR-2026-000002") {
            assert!(on[1].contains("handling code C") && on[1].contains("originator's consent"), "{on:?}");
        } else {
            assert!(on[1].contains("handling code P"));
        }
    }
    let identities: Vec<&str> = objects.iter().filter(|o| o["type"] == "identity").map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(identities, vec!["Test Intelligence Unit", "John SMITH", "Harbour Street group"]);
}

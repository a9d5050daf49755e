#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `intel ref` and `intel entity chart` through the real binary: a crime
//! number on two reports found from either, a refused format with its exit
//! status, a unit's own format set by the administrator, and a chart file
//! written for another tool.

mod common;
use common::*;

#[test]
fn references_and_charts_from_the_command_line() {
    let s = new_store();
    let text = s.write_file("ir.txt", "Burglary at 14 Elm Road, Audi AB12 CDE seen leaving");
    let add = ["record", "add", "--marking", "OFFICIAL", "--priority", "medium", "--source-type", "public", "--text-file"];
    let first = s.ok("boss", &[&add[..], &[text.to_str().unwrap()]].concat()).trim().to_owned();
    let second = s.ok("boss", &[&add[..], &[text.to_str().unwrap()]].concat()).trim().to_owned();
    for r in [&first, &second] {
        s.ok("boss", &["ref", "add", "--report", r, "--system", "crime", "--value", "cr/0012345/26"]);
    }

    let holders: serde_json::Value =
        serde_json::from_str(&s.ok("boss", &["ref", "holders", "--system", "crime", "CR/0012345/26", "--json"])).unwrap();
    let mut refs: Vec<&str> = holders["reports"].as_array().unwrap().iter().map(|r| r["reference"].as_str().unwrap()).collect();
    refs.sort();
    assert_eq!(refs, {
        let mut v = vec![first.as_str(), second.as_str()];
        v.sort();
        v
    });
    assert!(s.ok("boss", &["ref", "find", "CR/00"]).contains("held by 2"));

    // A value outside the unit's format: exit 2, the example on stderr.
    let bad = s.run("boss", &["ref", "add", "--report", &first, "--system", "pnc", "--value", "123456X"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("01/123456X"), "{}", stderr(&bad));
    // OCGM needs all three scoring flags.
    let half = s.run("boss", &["ref", "add", "--report", &first, "--system", "ocgm", "--value", "OCG-00417", "--ocgm-band", "1A"]);
    assert_eq!(half.status.code(), Some(2));

    s.ok("boss", &["ref", "set-format", "--system", "pnc", "--pattern", "[0-9]{6}[A-Z]", "--reason", "local PNC extract format"]);
    s.ok("boss", &["ref", "add", "--report", &first, "--system", "pnc", "--value", "123456X"]);
    assert!(s.ok("boss", &["ref", "formats"]).contains("unit's own"));
    let listed: serde_json::Value = serde_json::from_str(&s.ok("boss", &["ref", "list", "--report", &first, "--json"])).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 2);

    // A chart for another tool.
    let person = s.ok("boss", &["entity", "add", "--kind", "person", "--label", "John SMITH"]).trim().to_owned();
    let car = s.ok("boss", &["entity", "add", "--kind", "object", "--object-type", "vehicle", "--label", "AB12 CDE"]).trim().to_owned();
    s.ok("boss", &["entity", "associate", &person, &car, "--kind", "drives", "--confirmed", "--supporting", &first]);
    let out = s.inputs.path().join("chart.graphml");
    let made: serde_json::Value = serde_json::from_str(&s.ok(
        "boss",
        &["entity", "chart", &person, &car, "--title", "Elm Road", "--format", "graphml", "--out", out.to_str().unwrap(), "--json"],
    ))
    .unwrap();
    assert_eq!((made["entities"].as_i64(), made["links"].as_i64()), (Some(2), Some(1)));
    let graphml = std::fs::read_to_string(&out).unwrap();
    assert!(graphml.contains("John SMITH") && graphml.contains(&first));
    let wrong = s.run("boss", &["entity", "chart", &person, "--title", "x", "--format", "pdf", "--out", "x.pdf"]);
    assert_eq!(wrong.status.code(), Some(2));

    // Lists for spreadsheets, the format from the file name.
    let xlsx = s.inputs.path().join("burglary.xlsx");
    let made: serde_json::Value =
        serde_json::from_str(&s.ok("boss", &["search", "burglary", "--export", xlsx.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(made["rows"], 2);
    assert_eq!(&std::fs::read(&xlsx).unwrap()[..2], b"PK", "an XLSX is a zip");
    let people = s.inputs.path().join("people.csv");
    s.ok("boss", &["entity", "export", "--kind", "person", "--out", people.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&people).unwrap();
    assert!(csv.starts_with("Id,Kind,Type,Label,OCGM band,References,Reports\r\n"), "{csv}");
    assert!(csv.contains("John SMITH"));
    let unknown = s.run("boss", &["entity", "export", "--out", "people.ods"]);
    assert_eq!(unknown.status.code(), Some(2));

    // STIX: refused (exit 7) until the report is evaluated and sanitised.
    let stix = s.inputs.path().join("share.json");
    let early = s.run("boss", &["stix", &first, "--out", stix.to_str().unwrap()]);
    assert_eq!(early.status.code(), Some(7), "{}", stderr(&early));
    s.ok("boss", &["record", "evaluate", &first, "--source", "1", "--intel", "B", "--handling", "P", "--rationale", "CCTV"]);
    let san = s.write_file("san.txt", "A burglary on Elm Road; a vehicle seen leaving");
    s.ok("boss", &["record", "sanitise", &first, "--text-file", san.to_str().unwrap()]);
    let made: serde_json::Value =
        serde_json::from_str(&s.ok("boss", &["stix", &first, "--out", stix.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(made["reports"], 1);
    let bundle: serde_json::Value = serde_json::from_slice(&std::fs::read(&stix).unwrap()).unwrap();
    assert_eq!(bundle["type"], "bundle");
}

#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `intel identity`, `peer`, `bundle` and `outbox` between two real stores:
//! enrol each other, export a records bundle to a file, preview and import it.

mod common;
use common::*;

#[test]
fn a_bundle_travels_between_two_stores_by_file() {
    let a = new_store();
    let b = new_store();
    b.ok("boss", &["config", "reference-format", "B-{yyyy}-{seq:6}", "--reason", "own references"]);
    let a_id: serde_json::Value = serde_json::from_str(&a.ok("boss", &["identity", "show", "--json"])).unwrap();
    let b_id: serde_json::Value = serde_json::from_str(&b.ok("boss", &["identity", "show", "--json"])).unwrap();
    let (a_id, b_id) = (a_id["workstationId"].as_str().unwrap().to_owned(), b_id["workstationId"].as_str().unwrap().to_owned());
    for (from, to, name) in [(&a, &b, "a.enrol"), (&b, &a, "b.enrol")] {
        let f = from.inputs.path().join(name);
        from.ok("boss", &["identity", "enrolment", "--out", f.to_str().unwrap()]);
        to.ok("boss", &["peer", "add", f.to_str().unwrap()]);
    }
    assert!(a.ok("boss", &["peer", "list"]).contains(&b_id));

    let text = a.write_file("ir.txt", "ORIGINAL-ONLY wording about a van");
    let reference = a
        .ok(
            "boss",
            &[
                "record",
                "add",
                "--marking",
                "OFFICIAL",
                "--priority",
                "low",
                "--source-type",
                "officer",
                "--text-file",
                text.to_str().unwrap(),
            ],
        )
        .trim()
        .to_owned();
    a.ok("boss", &["record", "evaluate", &reference, "--source", "1", "--intel", "B", "--handling", "P", "--rationale", "seen"]);
    let san = a.write_file("san.txt", "sanitised wording about a van");
    a.ok("boss", &["record", "sanitise", &reference, "--text-file", san.to_str().unwrap()]);

    let preview: serde_json::Value = serde_json::from_str(&a.ok("boss", &["bundle", "preview", "--to", &b_id, "--json"])).unwrap();
    assert_eq!(preview["reports"][0]["reference"], reference.as_str());
    let out = a.inputs.path().join("to-b.bundle");
    let exported: serde_json::Value = serde_json::from_str(
        &a.ok("boss", &["bundle", "export", "--kind", "records", "--to", &b_id, "--out", out.to_str().unwrap(), "--json"]),
    )
    .unwrap();
    assert_eq!(exported["sequence"], 1);
    // Nothing changed since: a second export has nothing to send (exit 2), unless --all.
    let again = a.run("boss", &["bundle", "export", "--to", &b_id, "--out", a.inputs.path().join("x").to_str().unwrap()]);
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    a.ok("boss", &["bundle", "export", "--to", &b_id, "--all", "--out", a.inputs.path().join("all.bundle").to_str().unwrap()]);

    let dry: serde_json::Value =
        serde_json::from_str(&b.ok("boss", &["bundle", "import", out.to_str().unwrap(), "--dry-run", "--json"])).unwrap();
    assert_eq!(dry["senderWorkstation"], a_id.as_str());
    assert_eq!(dry["reports"][0]["change"], "new");
    let shown = b.run("boss", &["record", "show", &reference]);
    assert!(!shown.status.success(), "a dry run wrote the report");
    b.ok("boss", &["bundle", "import", out.to_str().unwrap()]);
    let shown = b.ok("boss", &["record", "show", &reference, "--json"]);
    assert!(shown.contains("sanitised wording about a van") && !shown.contains("ORIGINAL-ONLY"));

    // The same file again is a replay: exit 9, bundle-rejected.
    let replay = b.run("boss", &["bundle", "import", out.to_str().unwrap()]);
    assert_eq!(replay.status.code(), Some(9));
    assert!(stderr(&replay).contains("[bundle-rejected]"), "{}", stderr(&replay));
    assert!(b.ok("boss", &["outbox", "list"]).is_empty());
}

#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The `intel` command line is a contract for scripts: commands, exit
//! statuses, messages on stderr and the shape of `--json` output.

mod common;
use common::*;

#[test]
fn the_documented_journey_works_end_to_end() {
    let s = new_store();
    s.cmd("boss", PASS)
        .env("INTEL_NEW_PASSPHRASE", "officer passphrase 1")
        .args(["user", "add", "olivia", "--role", "intelligence-officer"])
        .output()
        .unwrap();
    let text = s.write_file("ir.txt", "Subject DAVE JONES seen with a blue Transit at the docks");
    let out = s
        .cmd("olivia", "officer passphrase 1")
        .args(["record", "add", "--marking", "OFFICIAL-SENSITIVE", "--priority", "medium", "--source-type", "public", "--text-file"])
        .arg(&text)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let reference = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert!(reference.starts_with("IR-"), "reference {reference}");

    let olivia = |args: &[&str]| {
        let o = s.cmd("olivia", "officer passphrase 1").args(args).output().unwrap();
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        String::from_utf8(o.stdout).unwrap()
    };
    olivia(&[
        "record",
        "evaluate",
        &reference,
        "--source",
        "2",
        "--intel",
        "C",
        "--handling",
        "C",
        "--conditions",
        "Police use only",
        "--rationale",
        "single untested caller",
    ]);
    let sanitised = s.write_file("san.txt", "A male was seen with a van at the docks");
    olivia(&["record", "sanitise", &reference, "--text-file", sanitised.to_str().unwrap()]);

    let shown: serde_json::Value = serde_json::from_str(&olivia(&["record", "show", &reference, "--json"])).unwrap();
    for key in [
        "reference",
        "marking",
        "priority",
        "status",
        "source_type",
        "sanitised_text",
        "original_text",
        "current_grade",
        "grades",
        "status_history",
        "entities",
        "attachments",
        "disseminations",
        "reviews",
        "review_due",
    ] {
        assert!(shown.get(key).is_some(), "record show --json lacks {key}: {shown}");
    }
    assert_eq!(shown["status"], "evaluated");
    assert_eq!(shown["current_grade"]["handling_code"], "C");
    assert_eq!(shown["current_grade"]["conditions"], "Police use only");

    let hits: serde_json::Value = serde_json::from_str(&olivia(&["search", "transit", "--json"])).unwrap();
    assert_eq!(hits.as_array().unwrap().len(), 1, "search by an original-text word: {hits}");
    assert_eq!(hits[0]["reference"], reference.as_str());
    assert_eq!(hits[0]["grade"], "2CC");

    let verify = s.ok("boss", &["audit", "verify"]);
    assert!(verify.contains("intact"), "{verify}");
}

#[test]
fn secret_material_is_refused_before_anything_is_read_or_written() {
    let s = new_store();
    let out = s.run(
        "boss",
        &["record", "add", "--marking", "SECRET", "--priority", "high", "--source-type", "officer", "--text-file", "/nonexistent"],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("[marking-refused]") && err.contains("OFFICIAL-SENSITIVE"), "{err}");
    let all: serde_json::Value = serde_json::from_str(&s.ok("boss", &["search", "--json"])).unwrap();
    assert_eq!(all.as_array().unwrap().len(), 0);
}

#[test]
fn errors_go_to_stderr_with_documented_exit_statuses() {
    let s = new_store();
    let wrong = s.cmd("boss", "not the passphrase").args(["search", "x"]).output().unwrap();
    assert_eq!(wrong.status.code(), Some(3));
    assert!(wrong.stdout.is_empty());
    assert!(stderr(&wrong).starts_with("intel: error [wrong-credentials]:"), "{}", stderr(&wrong));

    let denied = {
        s.cmd("boss", PASS)
            .env("INTEL_NEW_PASSPHRASE", "researcher pass 1")
            .args(["user", "add", "rita", "--role", "researcher"])
            .output()
            .unwrap();
        s.cmd("rita", "researcher pass 1").args(["audit", "verify"]).output().unwrap()
    };
    assert_eq!(denied.status.code(), Some(6), "{}", stderr(&denied));
    assert!(stderr(&denied).contains("[permission-denied]"));

    let missing = s.run("boss", &["record", "show", "IR-1999-999999"]);
    assert_eq!(missing.status.code(), Some(7));

    let nostore = std::process::Command::new(intel_bin())
        .args(["--store", "/nonexistent/store", "--user", "x", "search", "y"])
        .env("INTEL_PASSPHRASE", "x")
        .output()
        .unwrap();
    assert_eq!(nostore.status.code(), Some(5));
    assert!(stderr(&nostore).contains("no Intel Desk store"), "{}", stderr(&nostore));
    assert!(!std::path::Path::new("/nonexistent/store").exists());
}

#[test]
fn add_batch_prints_each_reference_as_committed() {
    let s = new_store();
    let lines = (0..5)
        .map(|i| format!(r#"{{"marking":"OFFICIAL","priority":"low","source_type":"open-source","text":"batch line {i}"}}"#))
        .collect::<Vec<_>>()
        .join("\n");
    let f = s.write_file("batch.jsonl", &lines);
    let out = s.ok("boss", &["record", "add-batch", "--jsonl", f.to_str().unwrap()]);
    assert_eq!(out.lines().count(), 5);
    let bad = s.write_file("bad.jsonl", "{\"marking\":\"OFFICIAL\"}\n");
    let o = s.run("boss", &["record", "add-batch", "--jsonl", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("line 1"), "{}", stderr(&o));
}

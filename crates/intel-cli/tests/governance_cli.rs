#![allow(clippy::unwrap_used, clippy::expect_used)]
//! The tasking journey through the real `intel` binary on a real store: the
//! ST&CG sets the control strategy, a report answers the requirement, an
//! analyst's tactical assessment cites it, the TT&CG decides and raises an
//! action, and the manager exports the product to PDF (read back with
//! poppler's pdftotext) and a signed tasking package another store imports.

mod common;
use common::*;
use serde_json::{json, Value};
use std::process::Command;

fn add_user(s: &Store, name: &str, role: &str) {
    let out = s.cmd("boss", PASS).env("INTEL_NEW_PASSPHRASE", PASS).args(["user", "add", name, "--role", role]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
}

fn json_file(s: &Store, name: &str, v: Value) -> String {
    s.write_file(name, &v.to_string()).to_str().unwrap().to_owned()
}

fn parse(out: &str) -> Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

fn decision(summary: &str) -> Value {
    json!({"kind": "other", "summary": summary, "rationale": format!("because: {summary}"), "decision_maker": "ACC Morgan", "escalated_to": null, "supersedes": null})
}

#[test]
fn the_tasking_journey_from_control_strategy_to_package() {
    let a = new_store();
    for (name, role) in
        [("director", "director-of-intelligence"), ("officer", "intelligence-officer"), ("analyst", "analyst"), ("pa", "principal-analyst")]
    {
        add_user(&a, name, role);
    }
    let meeting = |kind: &str, day: &str| {
        json!({"kind": kind, "held_on": day, "title": format!("{kind} {day}"), "chair": "ACC Morgan", "marking": "OFFICIAL",
               "attendees": [{"name": "ACC Morgan", "organisation": "Northshire Police", "is_partner": false, "consent": false},
                             {"name": "Ms Green", "organisation": "County CSP", "is_partner": true, "consent": true}]})
    };
    let stcg =
        parse(&a.ok("director", &["meeting", "create", "--file", &json_file(&a, "stcg.json", meeting("stcg", "2026-12-01")), "--json"]));
    let stcg = stcg["reference"].as_str().unwrap().to_owned();
    let strategy = json!({"summary": "County lines first", "issues": [
        {"key": "county-lines", "title": "County lines", "is_priority": true, "reason": "highest harm", "owner": "Supt Reed",
         "delivery_plan": "Op Harbour", "strands": ["prevention", "enforcement"]},
        {"key": "cycle-theft", "title": "Cycle theft", "is_priority": false, "reason": "low harm, neighbourhood teams", "owner": null,
         "delivery_plan": null, "strands": []}]});
    let strategy = json_file(&a, "strategy.json", strategy);
    // An analyst may not set it.
    let refused = a.run(
        "analyst",
        &["strategy", "set", "--meeting", &stcg, "--decision", &json_file(&a, "d0.json", decision("x")), "--file", &strategy],
    );
    assert_eq!(refused.status.code(), Some(6), "permission denied: {}", stderr(&refused));
    let v = parse(&a.ok(
        "director",
        &["strategy", "set", "--meeting", &stcg, "--decision", &json_file(&a, "d1.json", decision("adopt")), "--file", &strategy, "--json"],
    ));
    assert_eq!(v["version"], 1);
    let sir = json!({"kind": "strategic", "title": "County lines", "operation": null, "marking": "OFFICIAL", "review_due": "2027-06-01",
                     "questions": [{"question": "Who runs the town-centre line?", "issue_key": "county-lines"}]});
    let sir = parse(&a.ok("director", &["requirement", "draft", "--file", &json_file(&a, "sir.json", sir), "--json"]));
    let sir_ref = sir["reference"].as_str().unwrap().to_owned();
    a.ok(
        "director",
        &["requirement", "approve", &sir_ref, "--meeting", &stcg, "--decision", &json_file(&a, "d2.json", decision("approve"))],
    );

    // An officer records, grades and sanitises a report that answers it.
    let text = a.write_file("ir.txt", "ORIGINALCANARY the informant names the line holder at 4 Dock Row");
    let r = a
        .ok(
            "officer",
            &[
                "record",
                "add",
                "--marking",
                "OFFICIAL",
                "--priority",
                "high",
                "--source-type",
                "officer",
                "--text-file",
                text.to_str().unwrap(),
            ],
        )
        .trim()
        .to_owned();
    a.ok(
        "officer",
        &[
            "record",
            "evaluate",
            &r,
            "--source",
            "2",
            "--intel",
            "C",
            "--handling",
            "C",
            "--conditions",
            "Police only",
            "--rationale",
            "single source",
        ],
    );
    let san = a.write_file("san.txt", "A male is believed to hold the town-centre line");
    a.ok("officer", &["record", "sanitise", &r, "--text-file", san.to_str().unwrap()]);
    let q = sir["questions"][0]["id"].as_i64().unwrap().to_string();
    let answered = parse(&a.ok("officer", &["requirement", "answer", &sir_ref, "--question", &q, "--report", &r, "--json"]));
    assert_eq!(answered["questions_answered"], 1);

    // The analyst builds a tactical assessment citing it; the PA reviews; the manager approves.
    let product = json!({"kind": "tactical-assessment", "title": "Town-centre supply", "marking": "OFFICIAL",
        "terms": {"requester": "Supt Reed", "scope": "Town centre", "questions": ["Who supplies it?"], "deadline": "2026-12-20"}, "commissioned_by": null});
    let p = parse(&a.ok("analyst", &["product", "create", "--file", &json_file(&a, "p.json", product), "--json"]));
    let p_ref = p["reference"].as_str().unwrap().to_owned();
    a.ok("analyst", &["product", "cite", &p_ref, &r, "--section", "summary"]);
    for s in p["sections"].as_array().unwrap() {
        let key = s["key"].as_str().unwrap();
        let f = a.write_file(&format!("{key}.txt"), &format!("Assessment text for {key}."));
        a.ok("analyst", &["product", "section", &p_ref, key, "--text-file", f.to_str().unwrap()]);
    }
    a.ok("analyst", &["product", "recommend", &p_ref, "--strand", "enforcement", "Warrant at the address"]);
    a.ok("analyst", &["product", "gap", &p_ref, "Where the supply comes from"]);
    a.ok("analyst", &["product", "details", &p_ref, "--title", "Town-centre supply", "--marking", "OFFICIAL", "--to", "TT&CG members"]);
    a.ok("analyst", &["product", "submit", &p_ref]);
    let own = a.run("analyst", &["product", "review", &p_ref, "--note", "mine"]);
    assert_eq!(own.status.code(), Some(6), "the author cannot peer review: {}", stderr(&own));
    a.ok("pa", &["product", "review", &p_ref, "--note", "sound"]);
    a.ok("boss", &["product", "approve", &p_ref, "--note", "for the TT&CG"]);

    // The TT&CG decides and raises an action.
    let ttcg = parse(&a.ok("boss", &["meeting", "create", "--file", &json_file(&a, "ttcg.json", meeting("ttcg", "2026-12-05")), "--json"]));
    let ttcg = ttcg["reference"].as_str().unwrap().to_owned();
    let mut tasking = decision("adopt the assessment's recommendations");
    tasking["kind"] = json!("tasking");
    let d = parse(&a.ok("boss", &["meeting", "decide", &ttcg, "--file", &json_file(&a, "d3.json", tasking), "--json"]));
    let action = json!({"title": "Warrant at the address", "strand": "enforcement", "issue_key": "county-lines", "owner": "DS Khan", "due_on": "2026-12-24"});
    let act = parse(
        &a.ok("boss", &["action", "raise", "--decision", &d["id"].to_string(), "--file", &json_file(&a, "a.json", action), "--json"]),
    );
    let act_ref = act["reference"].as_str().unwrap().to_owned();
    // The TT&CG commissions an operational review; its objectives are fixed once the operation starts.
    let review = json!({"operation": "Op Harbour", "scope": "impact on supply", "planned_start": "2026-12-10", "objectives": []});
    let mut commission = decision("review Op Harbour");
    commission["kind"] = json!("commission");
    let or = parse(&a.ok(
        "boss",
        &[
            "operational-review",
            "commission",
            "--meeting",
            &ttcg,
            "--decision",
            &json_file(&a, "d5.json", commission),
            "--file",
            &json_file(&a, "or.json", review),
            "--json",
        ],
    ));
    let or_ref = or["reference"].as_str().unwrap().to_owned();
    assert_eq!(a.run("boss", &["operational-review", "start", &or_ref]).status.code(), Some(7), "no objectives yet");
    a.ok("boss", &["operational-review", "objectives", &or_ref, "--objective", "Reduce supply"]);
    a.ok("boss", &["operational-review", "start", &or_ref]);
    let moved = a.run("boss", &["operational-review", "objectives", &or_ref, "--objective", "Something else"]);
    assert_eq!(moved.status.code(), Some(7), "objectives are fixed once started: {}", stderr(&moved));
    let findings = json!({"impact": "supply disrupted", "lessons": "late partner data", "good_practice": "joint visits",
                          "recommendations": [{"strand": "prevention", "text": "Pair warrants with safeguarding visits"}]});
    a.ok("boss", &["operational-review", "findings", &or_ref, "--file", &json_file(&a, "f.json", findings)]);
    assert!(a.ok("boss", &["operational-review", "options"]).contains("Pair warrants with safeguarding visits"));
    a.ok("boss", &["meeting", "sign-off", &ttcg]);
    let late = a.run("boss", &["meeting", "decide", &ttcg, "--file", &json_file(&a, "d4.json", decision("late"))]);
    assert_eq!(late.status.code(), Some(7), "a signed-off meeting takes no decisions: {}", stderr(&late));

    // The manager exports the PDF and a tasking package to workstation B.
    let pdf = a.inputs.path().join("TA.pdf");
    a.ok("boss", &["product", "export", &p_ref, "--out", pdf.to_str().unwrap()]);
    match Command::new("pdftotext").arg(&pdf).arg("-").output() {
        Ok(out) => {
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.contains("OFFICIAL") && text.contains(&r) && text.contains("2CC") && text.contains("Police only"), "{text}");
            assert!(text.contains("A male is believed to hold the town-centre line"));
            assert!(!text.contains("ORIGINALCANARY") && !text.contains("4 Dock Row"), "original wording in the PDF");
        }
        Err(_) => assert!(std::env::var("INTEL_REQUIRE_TOOLS").is_err(), "pdftotext is required here"),
    }
    let b = new_store();
    for (from, to, name) in [(&a, &b, "a.enrol"), (&b, &a, "b.enrol")] {
        let f = from.inputs.path().join(name);
        from.ok("boss", &["identity", "enrolment", "--out", f.to_str().unwrap()]);
        to.ok("boss", &["peer", "add", f.to_str().unwrap()]);
    }
    let b_id = parse(&b.ok("boss", &["identity", "show", "--json"]))["workstationId"].as_str().unwrap().to_owned();
    let pkg = a.inputs.path().join("tasking.idb");
    let made = parse(&a.ok(
        "boss",
        &[
            "product",
            "package",
            "--product",
            &p_ref,
            "--requirement",
            &sir_ref,
            "--action",
            &act_ref,
            "--to",
            &b_id,
            "--out",
            pkg.to_str().unwrap(),
            "--json",
        ],
    ));
    assert!(std::path::Path::new(made["briefing_path"].as_str().unwrap()).exists());
    b.ok("boss", &["bundle", "import", pkg.to_str().unwrap()]);
    let audit = a.ok("boss", &["audit", "log", "--limit", "1000", "--json"]);
    for action in [
        "control-strategy.set",
        "requirement.approve",
        "requirement.answer",
        "product.approve",
        "product.export",
        "meeting.sign-off",
        "action.raise",
        "tasking-package.export",
    ] {
        assert!(audit.contains(&format!("\"action\": \"{action}\"")), "the audit trail lacks {action}");
    }
    let briefing = a.ok("boss", &["briefing"]);
    assert!(briefing.contains(&r) && briefing.contains("A male is believed"), "{briefing}");
    a.ok("boss", &["audit", "verify"]);
}

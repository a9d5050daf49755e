#![allow(clippy::unwrap_used, clippy::expect_used)]
//! `intel sync` killed (SIGKILL) at random moments against a real gateway on
//! loopback TLS, many times over; a last, uninterrupted sync must leave every
//! queued bundle at the gateway exactly once and every outbox row sent.

mod common;
use common::*;
use intel_gateway::data_dir::{DataDir, InitOptions};
use intel_gateway::server::{Limits, ServeOptions};
use intel_gateway::Gateway;
use intel_protocol::SignedEnrolment;
use rand::{Rng, SeedableRng};
use std::time::Duration;

#[test]
fn sync_killed_at_random_points_loses_nothing_and_duplicates_nothing() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let gw_dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(gw_dir.path().join("gateway"));
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let running = rt.block_on(async {
        intel_gateway::init(&data, &InitOptions { unit: "FORCE".into(), url: format!("https://127.0.0.1:{port}"), database_url: None })
            .await
            .unwrap();
        let gw = Gateway::open(&data, None).await.unwrap();
        let limits = Limits { rate_per_second: 10_000, rate_burst: 10_000, ..Limits::default() };
        intel_gateway::server::start(gw, ServeOptions { listen: format!("127.0.0.1:{port}").parse().unwrap(), limits }).await.unwrap()
    });

    // The workstation trusts the gateway; the force administrator approves the workstation.
    let a = new_store();
    a.ok("boss", &["peer", "add", data.enrolment_file().to_str().unwrap()]);
    let enrol = a.inputs.path().join("a.enrol");
    a.ok("boss", &["identity", "enrolment", "--out", enrol.to_str().unwrap()]);
    let signed = SignedEnrolment::from_file_bytes(&std::fs::read(&enrol).unwrap()).unwrap();
    rt.block_on(running.gateway.store.approve_enrolment_file(&signed.verify().unwrap(), &signed.enrolment)).unwrap();

    // Bundles big enough (a 1 MiB attachment each) that kills land mid-upload too.
    let mut rng = rand::rngs::StdRng::seed_from_u64(42);
    let queued = 8;
    for i in 0..queued {
        let text = a.write_file(&format!("ir{i}.txt"), &format!("Report {i}: a van at the depot"));
        let att = a.inputs.path().join(format!("scan{i}.bin"));
        std::fs::write(&att, (0..1 << 20).map(|_| rng.gen::<u8>()).collect::<Vec<_>>()).unwrap();
        let args = ["record", "add", "--marking", "OFFICIAL", "--priority", "low", "--source-type", "officer", "--text-file"];
        let mut full: Vec<&str> = args.to_vec();
        full.extend([text.to_str().unwrap(), "--attach", att.to_str().unwrap()]);
        let reference = a.ok("boss", &full).trim().to_owned();
        a.ok("boss", &["record", "evaluate", &reference, "--source", "1", "--intel", "B", "--handling", "P", "--rationale", "seen"]);
        let san = a.write_file(&format!("san{i}.txt"), &format!("sanitised report {i}"));
        a.ok("boss", &["record", "sanitise", &reference, "--text-file", san.to_str().unwrap()]);
        a.ok("boss", &["outbox", "queue"]);
    }

    let mut killed_while_running = 0;
    for _ in 0..15 {
        let mut child =
            a.cmd("boss", PASS).args(["sync"]).stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap();
        std::thread::sleep(Duration::from_millis(rng.gen_range(5..250)));
        if child.try_wait().unwrap().is_none() {
            killed_while_running += 1;
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
    }
    let last = a.run("boss", &["sync", "--json"]);
    assert!(last.status.success(), "the last sync failed: {}", stderr(&last));

    let outbox: serde_json::Value = serde_json::from_str(&a.ok("boss", &["outbox", "list", "--json"])).unwrap();
    let rows = outbox.as_array().unwrap();
    assert_eq!(rows.len(), queued, "{outbox}");
    assert!(rows.iter().all(|r| r["state"] == "sent"), "{outbox}");
    let stored = rt.block_on(running.gateway.store.bundle_count()).unwrap();
    assert_eq!(stored, queued as i64, "the gateway holds each bundle exactly once");
    let sequences = rt.block_on(running.gateway.store.last_sequences()).unwrap();
    assert_eq!(sequences.values().copied().collect::<Vec<_>>(), vec![queued as u64]);
    assert!(killed_while_running >= 5, "only {killed_while_running} kills landed while sync was running");
    eprintln!("{killed_while_running} of 15 syncs killed while running; {stored} bundles stored once each");
    rt.block_on(running.shutdown()).unwrap();
}

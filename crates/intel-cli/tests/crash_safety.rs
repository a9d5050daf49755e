#![allow(clippy::unwrap_used, clippy::expect_used)]
//! Kill the writer with SIGKILL at random points in a stream of writes, many
//! times: every reference the CLI printed (it prints only after the commit)
//! must be in the store, and SQLite's integrity check must pass each time.
//! `INTEL_CRASH_ITERATIONS` sets the count (default 100).

mod common;
use common::*;
use rand::Rng;
use std::io::{BufRead, BufReader, Write};
use std::process::Stdio;
use std::time::{Duration, Instant};

#[test]
fn acknowledged_writes_survive_sigkill() {
    let iterations: usize = std::env::var("INTEL_CRASH_ITERATIONS").ok().and_then(|v| v.parse().ok()).unwrap_or(100);
    let s = new_store();
    let mut rng = rand::thread_rng();
    let mut acknowledged: Vec<String> = Vec::new();
    let mut kills_mid_stream = 0;

    for i in 0..iterations {
        let mut child = s
            .cmd("boss", PASS)
            .args(["record", "add-batch", "--jsonl", "-"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let writer = std::thread::spawn(move || {
            for j in 0..400 {
                let line = format!(
                    r#"{{"marking":"OFFICIAL","priority":"low","source_type":"officer","text":"crash iteration {i} write {j} {}"}}"#,
                    "lorem ipsum ".repeat(40)
                );
                if writeln!(stdin, "{line}").is_err() {
                    return;
                }
            }
        });
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        // Kill somewhere between start-up and a few dozen commits in.
        let kill_after = Duration::from_millis(rng.gen_range(150..900));
        let started = Instant::now();
        while started.elapsed() < kill_after {
            std::thread::sleep(Duration::from_millis(5));
        }
        let finished_already = child.try_wait().unwrap().is_some();
        child.kill().ok(); // SIGKILL on Unix
        child.wait().unwrap();
        reader.join().unwrap();
        let _ = writer.join();
        let got: Vec<String> = rx.try_iter().collect();
        if !finished_already && !got.is_empty() {
            kills_mid_stream += 1;
        }
        acknowledged.extend(got);

        let check: serde_json::Value = serde_json::from_str(&s.ok("boss", &["check", "--json"])).unwrap();
        assert_eq!(check["ok"], true, "integrity check failed after kill {i}: {check}");
        assert!(
            check["reports"].as_i64().unwrap() >= acknowledged.len() as i64,
            "after kill {i}: {} reports but {} acknowledged",
            check["reports"],
            acknowledged.len()
        );
    }
    let all: serde_json::Value = serde_json::from_str(&s.ok("boss", &["search", "--limit", "100000", "--json"])).unwrap();
    let present: std::collections::HashSet<&str> = all.as_array().unwrap().iter().map(|h| h["reference"].as_str().unwrap()).collect();
    let lost: Vec<&String> = acknowledged.iter().filter(|r| !present.contains(r.as_str())).collect();
    assert!(lost.is_empty(), "acknowledged but lost after SIGKILL: {lost:?}");
    assert!(
        kills_mid_stream * 2 >= iterations,
        "only {kills_mid_stream} of {iterations} kills landed mid-stream; the test is not exercising crashes"
    );
    let verify = s.run("boss", &["audit", "verify"]);
    assert!(verify.status.success(), "audit chain after crashes: {}", String::from_utf8_lossy(&verify.stdout));
    eprintln!("{iterations} kills, {kills_mid_stream} mid-stream, {} acknowledged writes all present", acknowledged.len());
}

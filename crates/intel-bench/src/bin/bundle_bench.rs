//! Bundle throughput beside the `age` command-line tool, in one run on the
//! same bytes, printed as ratios (the goal is at least 0.7 of age's rate):
//! - format level: `intel_bundle::build` (payload JSON, SHA-256 of every part,
//!   minisign signature, tar, age) against `age -r` encrypting the same
//!   archive; `intel_bundle::open` (age, tar, signature, hashes, payload
//!   parse) against `age -d` of the same file;
//! - store level: `export_to_file` and `import_bundle` between two real
//!   encrypted stores, against age on the exported file's bytes.
//!
//!   cargo run --release -p intel-bench --bin bundle_bench -- [--reports 2000] [--smoke]
#![allow(clippy::print_stdout, clippy::unwrap_used)]

use chrono::{Duration as ChronoDuration, Utc};
use clap::Parser;
use intel_bundle::{
    build, build_archive, open, AgeSecret, AttachmentRecord, BundleKind, BundleSpec, Expectations, GradeRecord, KnownSigner, Payload,
    ReportRecord, SignerStatus, WorkstationKeys,
};
use rand::{RngCore, SeedableRng};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
struct Args {
    /// Reports in the format-level bundle (every tenth has a 256 KiB attachment).
    #[arg(long, default_value_t = 2000)]
    reports: u64,
    /// Reports in the store-level export.
    #[arg(long, default_value_t = 500)]
    store_reports: usize,
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// Small sizes, for the test suite.
    #[arg(long)]
    smoke: bool,
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn mb_per_s(bytes: usize, d: Duration) -> f64 {
    bytes as f64 / 1e6 / d.as_secs_f64()
}

fn time<T>(rounds: usize, mut f: impl FnMut() -> T) -> (Duration, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..rounds {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    (median(times), last.unwrap())
}

fn run_age(args: &[&str]) -> Duration {
    let t = Instant::now();
    let out = Command::new("age").args(args).output().expect("the age command (apt-get install age)");
    assert!(out.status.success(), "age {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    t.elapsed()
}

fn payload(n: u64) -> (Payload, BTreeMap<String, Vec<u8>>) {
    let mut rng = rand::rngs::StdRng::seed_from_u64(7);
    let mut atts = BTreeMap::new();
    let reports = (1..=n)
        .map(|id| {
            let attachments = if id % 10 == 0 {
                let mut bytes = vec![0u8; 256 * 1024];
                rng.fill_bytes(&mut bytes);
                let sha = intel_bundle::sha256_hex(&bytes);
                let rec = AttachmentRecord {
                    file_name: format!("scan-{id}.jpg"),
                    media_type: "image/jpeg".into(),
                    size: bytes.len() as u64,
                    sha256: sha.clone(),
                };
                atts.insert(sha, bytes);
                vec![rec]
            } else {
                vec![]
            };
            ReportRecord {
                id,
                reference: format!("NXU/2026/{id:06}"),
                received_at: "2026-10-30T10:00:00Z".into(),
                recorded_at: "2026-10-30T10:05:00Z".into(),
                submitting_officer: "PC 1234 Example".into(),
                source_type: "officer".into(),
                source_ref: None,
                marking: "OFFICIAL-SENSITIVE".into(),
                priority: "medium".into(),
                status: "evaluated".into(),
                sanitised_text: Some(
                    format!("Report {id}: ").to_string() + &"A vehicle was seen at the depot late in the evening. ".repeat(22),
                ),
                original_text: None,
                grades: vec![GradeRecord {
                    scheme: "3x5x2".into(),
                    source_grade: "2".into(),
                    intelligence_grade: "B".into(),
                    handling_code: Some("P".into()),
                    conditions: None,
                    rationale: "corroborated".into(),
                    evaluated_by: "sgt.example".into(),
                    evaluated_at: "2026-10-30T11:00:00Z".into(),
                    superseded_at: None,
                }],
                review_group: 3,
                review_due: "2032-10-30".into(),
                attachments,
            }
        })
        .collect();
    (Payload { reports, ..Payload::default() }, atts)
}

fn format_level(args: &Args, dir: &Path) -> Vec<(String, f64, f64)> {
    let (sender, receiver) = (WorkstationKeys::generate().unwrap(), WorkstationKeys::generate().unwrap());
    let (sp, rp) = (sender.public().unwrap(), receiver.public().unwrap());
    let (p, atts) = payload(args.reports);
    let now = Utc::now();
    let spec = BundleSpec {
        bundle_id: "bench".into(),
        kind: BundleKind::Records,
        sender_id: "ws-a".into(),
        unit: "NXU".into(),
        sequence: 1,
        created_at: now,
        expires_at: now + ChronoDuration::days(30),
        recipients: vec![rp.age_recipient.clone()],
        marking: "OFFICIAL-SENSITIVE".into(),
        authorisation: None,
        payload: &p,
        attachments: &atts,
    };
    let (export, (bytes, _)) = time(args.rounds, || build(&spec, &sender.signing).unwrap());
    let (archive, _) = build_archive(&spec, &sender.signing).unwrap();
    let plain = dir.join("archive.tar");
    let sealed = dir.join("archive.tar.age");
    let key = dir.join("receiver.agekey");
    std::fs::write(&plain, &archive).unwrap();
    std::fs::write(&key, receiver.age.to_secret_string().as_bytes()).unwrap();
    let age_enc = median(
        (0..args.rounds).map(|_| run_age(&["-r", &rp.age_recipient, "-o", sealed.to_str().unwrap(), plain.to_str().unwrap()])).collect(),
    );
    let age_dec = median(
        (0..args.rounds).map(|_| run_age(&["-d", "-i", key.to_str().unwrap(), "-o", "/dev/null", sealed.to_str().unwrap()])).collect(),
    );

    let ids = [AgeSecret::from_secret_str(&receiver.age.to_secret_string()).unwrap()];
    let signers = [KnownSigner {
        key_id: sp.key_id.clone(),
        signing_public: sp.signing_public.clone(),
        sender_id: "ws-a".into(),
        label: "a".into(),
        status: SignerStatus::Active,
    }];
    let last = HashMap::new();
    let seen = |_: &str| false;
    let ex = Expectations { identities: &ids, signers: &signers, last_sequences: &last, seen: &seen, now };
    let (import, _) = time(args.rounds, || open(&bytes, &ex).unwrap());
    println!("format level: {} reports, {} attachments, bundle {:.1} MB", args.reports, atts.len(), bytes.len() as f64 / 1e6);
    vec![
        ("export (build) vs age -r".into(), mb_per_s(bytes.len(), export), mb_per_s(archive.len(), age_enc)),
        ("import (open) vs age -d".into(), mb_per_s(bytes.len(), import), mb_per_s(bytes.len(), age_dec)),
    ]
}

async fn store_level(args: &Args, dir: &Path) -> Vec<(String, f64, f64)> {
    use intel_core::cycle::records::{NewAttachment, NewReport};
    use intel_core::domain::grading::{Evaluation3x5x2, HandlingCode, IntelGrade, SourceGrade};
    use intel_core::domain::marking::Marking;
    use intel_core::domain::report_fields::{Priority, SourceType};
    use intel_core::exchange::{BundleKind as Kind, ExportOptions, ImportVia};
    use intel_core::keys::{KdfPolicy, KeychainMode, MemoryKeychain};
    use intel_core::secret::Passphrase;
    use intel_core::store::{self, connect::Tuning, CreateOptions};

    let make = |name: &'static str| {
        let path = dir.join(name);
        async move {
            store::create(
                &path,
                CreateOptions {
                    unit_name: format!("Unit {name}"),
                    admin_username: "manager".into(),
                    admin_display_name: "Manager".into(),
                    passphrase: Passphrase::new("bench passphrase, not secret".into()),
                    keychain_mode: KeychainMode::OsKeychain,
                    kdf: KdfPolicy { memory_kib: 64 * 1024, target_ms: 1 },
                    tuning: Tuning { cache_kib: 64 * 1024, max_connections: 2 },
                },
                &MemoryKeychain::new(),
            )
            .await
            .unwrap()
            .session
        }
    };
    let (a, b) = (make("a").await, make("b").await);
    a.add_peer(&b.enrolment_file().await.unwrap()).await.unwrap();
    b.add_peer(&a.enrolment_file().await.unwrap()).await.unwrap();
    let b_id = b.workstation_identity().await.unwrap().workstation_id;
    let mut rng = rand::rngs::StdRng::seed_from_u64(9);
    for i in 0..args.store_reports {
        let attachments = if i % 10 == 0 {
            let mut content = vec![0u8; 256 * 1024];
            rng.fill_bytes(&mut content);
            vec![NewAttachment { file_name: format!("scan-{i}.jpg"), media_type: "image/jpeg".into(), content }]
        } else {
            vec![]
        };
        let text = format!("Report {i}: ") + &"A vehicle was seen at the depot late in the evening. ".repeat(22);
        let r = a
            .record_report(NewReport {
                marking: Marking::OfficialSensitive,
                priority: Priority::Medium,
                source_type: SourceType::Officer,
                source_ref: None,
                submitting_officer: Some("PC 1234".into()),
                received_at: None,
                text: text.clone(),
                review_group: None,
                attachments,
            })
            .await
            .unwrap();
        let eval = Evaluation3x5x2 {
            source: SourceGrade::Reliable,
            intelligence: IntelGrade::B,
            handling: HandlingCode::P,
            conditions: None,
            rationale: "bench".into(),
        };
        a.evaluate(&r, eval).await.unwrap();
        a.sanitise(&r, &text).await.unwrap();
    }
    let opts = ExportOptions { all: true, expires_in_days: 30, created_at: None };
    let mut export_times = Vec::new();
    let mut import_times = Vec::new();
    let mut size = 0;
    for round in 0..args.rounds.min(3) {
        let file = dir.join(format!("export-{round}.idb"));
        let t = Instant::now();
        a.export_to_file_with(Kind::Records, std::slice::from_ref(&b_id), None, &file, &opts).await.unwrap();
        export_times.push(t.elapsed());
        let bytes = std::fs::read(&file).unwrap();
        size = bytes.len();
        let t = Instant::now();
        b.import_bundle(&bytes, ImportVia::File).await.unwrap();
        import_times.push(t.elapsed());
    }
    let file = dir.join("export-0.idb");
    let key = dir.join("b.agekey");
    // age on the same number of bytes: the exported file, as if it were plaintext.
    let recipient = b.workstation_identity().await.unwrap().current.age_recipient;
    let sealed = dir.join("same-bytes.age");
    let age_enc =
        median((0..args.rounds).map(|_| run_age(&["-r", &recipient, "-o", sealed.to_str().unwrap(), file.to_str().unwrap()])).collect());
    let throwaway = WorkstationKeys::generate().unwrap();
    std::fs::write(&key, throwaway.age.to_secret_string().as_bytes()).unwrap();
    let own = dir.join("own.age");
    run_age(&["-r", &throwaway.age.recipient().unwrap(), "-o", own.to_str().unwrap(), file.to_str().unwrap()]);
    let age_dec =
        median((0..args.rounds).map(|_| run_age(&["-d", "-i", key.to_str().unwrap(), "-o", "/dev/null", own.to_str().unwrap()])).collect());
    println!("store level: {} reports through two encrypted stores, bundle {:.1} MB", args.store_reports, size as f64 / 1e6);
    a.close().await;
    b.close().await;
    vec![
        ("store export_to_file vs age -r".into(), mb_per_s(size, median(export_times)), mb_per_s(size, age_enc)),
        ("store import_bundle vs age -d".into(), mb_per_s(size, median(import_times)), mb_per_s(size, age_dec)),
    ]
}

#[tokio::main]
async fn main() {
    let mut args = Args::parse();
    if args.smoke {
        args.reports = 100;
        args.store_reports = 30;
        args.rounds = 2;
    }
    let base = if Path::new("/dev/shm").is_dir() { Path::new("/dev/shm") } else { Path::new(".") };
    let dir = tempfile::tempdir_in(base).unwrap();
    let mut rows = format_level(&args, dir.path());
    rows.extend(store_level(&args, dir.path()).await);
    println!("\n{:<36} {:>12} {:>12} {:>8}", "", "ours MB/s", "age MB/s", "ratio");
    for (name, ours, age) in &rows {
        println!("{name:<36} {ours:>12.1} {age:>12.1} {:>7.2}×", ours / age);
    }
    println!("\ngoal: ratio ≥ 0.70 (age's rate includes starting the process, as a person running it would)");
}

//! Gateway upload benchmark: starts a gateway on loopback (TLS, embedded
//! SQLite or the PostgreSQL given), enrols N simulated workstations, and has
//! them upload distinct pre-built bundles concurrently for a fixed time.
//! Prints uploads per second and p50/p99 latency.
//!
//!   cargo run --release -p intel-gateway --bin gateway_bench -- [--clients 32] [--seconds 10] [--database-url postgres://…] [--smoke]
#![allow(clippy::print_stdout)]

use anyhow::{bail, Context, Result};
use clap::Parser;
use intel_gateway::data_dir::{DataDir, InitOptions};
use intel_gateway::server::{Limits, ServeOptions};
use intel_gateway::testkit::SimWorkstation;
use intel_gateway::Gateway;
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Debug, Parser)]
#[command(about = "Intel Desk gateway upload benchmark")]
struct Args {
    /// Concurrent simulated workstations.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// How long to upload for.
    #[arg(long, default_value_t = 10)]
    seconds: u64,
    /// Bundles each workstation prepares before the clock starts (upper bound on its uploads).
    #[arg(long, default_value_t = 400)]
    per_client: u64,
    /// Reports per bundle.
    #[arg(long, default_value_t = 5)]
    reports: u64,
    /// PostgreSQL URL of an empty database; default: embedded SQLite in a temporary directory.
    #[arg(long)]
    database_url: Option<String>,
    /// A quick run that checks the benchmark works (4 clients, 2 s).
    #[arg(long)]
    smoke: bool,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main]
async fn main() -> Result<()> {
    let mut args = Args::parse();
    if args.smoke {
        (args.clients, args.seconds, args.per_client) = (4, 2, 100);
    }
    let tmp = tempfile_dir()?;
    let data = DataDir::new(tmp.join("gw"));
    intel_gateway::init(
        &data,
        &InitOptions { unit: "BENCH".into(), url: "https://127.0.0.1:8443".into(), database_url: args.database_url.clone() },
    )
    .await?;
    let gw = Gateway::open(&data, args.database_url.as_deref()).await?;
    let storage = gw.store.backend().name();
    let limits = Limits { rate_per_second: 1_000_000, rate_burst: 1_000_000, ..Limits::default() };
    let running = intel_gateway::server::start(gw, ServeOptions { listen: "127.0.0.1:0".parse()?, limits }).await?;
    let base = running.base_url();
    let recipient = running.gateway.identity.public.age_recipient.clone();

    eprintln!("preparing {} bundles for {} workstations…", args.per_client * args.clients as u64, args.clients);
    let mut prepared = Vec::new();
    for i in 0..args.clients {
        let ws = SimWorkstation::new(&format!("ws-bench-{i:03}"), "BENCH")?;
        let signed = ws.enrolment()?;
        running.gateway.store.approve_enrolment_file(&signed.verify()?, &signed.enrolment).await?;
        let (ws, r, n, reports) = (Arc::new(ws), recipient.clone(), args.per_client, args.reports);
        prepared.push(tokio::task::spawn_blocking(move || -> Result<Vec<Vec<u8>>> {
            let opts = intel_gateway::testkit::BundleOptions { reports, ..Default::default() };
            (1..=n).map(|seq| Ok(ws.bundle(seq, std::slice::from_ref(&r), &opts)?.1)).collect()
        }));
    }
    let mut pools = Vec::new();
    for p in prepared {
        pools.push(p.await??);
    }
    let bundle_size = pools.first().and_then(|p| p.first()).map_or(0, Vec::len);

    let client = intel_gateway::tls::http_client(&data.tls_cert_pem()?)?;
    let url = format!("{base}{}", intel_protocol::paths::BUNDLES);
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    let mut tasks = Vec::new();
    for pool in pools {
        let (client, url) = (client.clone(), url.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            let mut failures = 0u64;
            for bytes in pool {
                if Instant::now() >= deadline {
                    break;
                }
                let t = Instant::now();
                match client.post(&url).body(bytes).send().await {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        latencies.push(t.elapsed());
                    }
                    _ => failures += 1,
                }
            }
            (latencies, failures)
        }));
    }
    let mut latencies = Vec::new();
    let mut failures = 0;
    for t in tasks {
        let (l, f) = t.await?;
        latencies.extend(l);
        failures += f;
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let stored = running.gateway.store.bundle_count().await?;
    running.shutdown().await?;
    let _ = std::fs::remove_dir_all(&tmp);

    let rate = latencies.len() as f64 / elapsed.as_secs_f64();
    println!("| gateway uploads ({storage}, TLS, loopback) | value |");
    println!("|---|---|");
    println!("| concurrent clients | {} |", args.clients);
    println!("| bundle size | {:.1} KiB ({} reports) |", bundle_size as f64 / 1024.0, args.reports);
    println!("| run time | {:.1} s |", elapsed.as_secs_f64());
    println!("| uploads accepted | {} |", latencies.len());
    println!("| uploads/s | {rate:.0} |");
    println!("| p50 latency | {:.1} ms |", percentile(&latencies, 0.50).as_secs_f64() * 1e3);
    println!("| p99 latency | {:.1} ms |", percentile(&latencies, 0.99).as_secs_f64() * 1e3);
    println!("| failed uploads | {failures} |");
    if failures > 0 || stored != latencies.len() as i64 {
        bail!("{failures} uploads failed; {stored} stored for {} receipts", latencies.len());
    }
    if latencies.len() as u64 == args.per_client * args.clients as u64 {
        eprintln!("note: every prepared bundle was sent before the time ran out; raise --per-client for a full-length run");
    }
    Ok(())
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let p = std::env::temp_dir().join(format!("intel-gateway-bench-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&p).with_context(|| format!("cannot create {}", p.display()))?;
    Ok(p)
}

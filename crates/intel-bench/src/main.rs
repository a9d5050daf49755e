//! Benchmark: ingest and search on the encrypted store and on plain SQLite
//! with the same schema and the same code, in one process, printed as ratios.
//!
//!   cargo run --release -p intel-bench -- --sizes 100000,1000000
#![allow(clippy::print_stdout)]

mod corpus;

use clap::Parser;
use corpus::Corpus;
use intel_core::bench_support::BenchStore;
use intel_core::cycle::search::SearchQuery;
use intel_core::domain::report_fields::Priority;
use intel_core::domain::status::Status;
use intel_core::store::connect::Tuning;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::Serialize;
use std::time::{Duration, Instant};

#[derive(Parser, Debug)]
struct Args {
    /// Store sizes (number of reports), comma separated.
    #[arg(long, value_delimiter = ',', default_value = "100000,1000000")]
    sizes: Vec<usize>,
    /// Queries per query class.
    #[arg(long, default_value_t = 200)]
    queries: usize,
    /// Reports per ingest transaction.
    #[arg(long, default_value_t = 1000)]
    batch: usize,
    /// Page cache per connection in MiB (both stores get the same).
    #[arg(long, default_value_t = 128)]
    cache_mib: u32,
    /// Where to write results as JSON.
    #[arg(long, default_value = "bench-out")]
    out: std::path::PathBuf,
}

#[derive(Serialize, Clone)]
struct Latency {
    class: &'static str,
    median_ms: f64,
    p95_ms: f64,
    mean_hits: f64,
}

#[derive(Serialize)]
struct StoreResult {
    encrypted: bool,
    ingest_per_sec: f64,
    file_mb: f64,
    search: Vec<Latency>,
}

#[derive(Serialize)]
struct SizeResult {
    reports: usize,
    plain: StoreResult,
    encrypted: StoreResult,
}

const FREQUENT: &[&str] = &["the", "seen", "vehicle", "address", "male", "was"];
const MEDIUM: &[&str] =
    &["cuckooing", "handover", "burner", "tinted", "laundering", "courier", "exploitation", "cloned", "motorway", "insurance"];

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[idx.min(sorted.len() - 1)]
}

async fn build(store: &BenchStore, n: usize, batch: usize) -> Result<f64, Box<dyn std::error::Error>> {
    let mut corpus = Corpus::new(42, (n / 10).max(100));
    let people: Vec<(&str, Option<&str>, String)> =
        (0..corpus.surname_count()).map(|i| ("person", None, corpus.surname(i).to_uppercase())).collect();
    let entity_ids = store.add_entities(&people).await?;
    let started = Instant::now();
    let mut done = 0;
    while done < n {
        let k = batch.min(n - done);
        let reports: Vec<_> = (0..k)
            .map(|_| {
                let (r, ppl) = corpus.report();
                (r, ppl.into_iter().map(|p| entity_ids[p]).collect::<Vec<_>>())
            })
            .collect();
        store.ingest(&reports).await?;
        done += k;
    }
    let rate = n as f64 / started.elapsed().as_secs_f64();
    store.grade_every(10, "in-development", "2", "B").await?;
    Ok(rate)
}

fn query_set(n: usize, queries: usize, class: &'static str, rng: &mut StdRng) -> Vec<SearchQuery> {
    let surnames = Corpus::new(42, (n / 10).max(100));
    (0..queries)
        .map(|_| {
            let mut q = SearchQuery { limit: Some(50), ..Default::default() };
            match class {
                "rare term" => q.text = Some(surnames.surname(rng.gen_range(0..surnames.surname_count())).to_lowercase()),
                "prefix" => {
                    q.text = Some(format!("{}*", &surnames.surname(rng.gen_range(0..surnames.surname_count())).to_lowercase()[..5]))
                }
                "medium term" => q.text = Some(MEDIUM[rng.gen_range(0..MEDIUM.len())].into()),
                "frequent term" => q.text = Some(FREQUENT[rng.gen_range(0..FREQUENT.len())].into()),
                "two terms" => {
                    q.text = Some(format!("{} {}", FREQUENT[rng.gen_range(0..FREQUENT.len())], MEDIUM[rng.gen_range(0..MEDIUM.len())]))
                }
                "frequent + filters" => {
                    q.text = Some(FREQUENT[rng.gen_range(0..FREQUENT.len())].into());
                    q.status = Some(Status::InDevelopment);
                    q.priority = Some(Priority::High);
                    q.intelligence_grade = Some("B".into());
                }
                "filters only" => {
                    q.status = Some(Status::InDevelopment);
                    q.priority = Some([Priority::High, Priority::Medium, Priority::Low][rng.gen_range(0..3)]);
                }
                "entity" => q.entity_id = Some(rng.gen_range(1..=surnames.surname_count() as i64)),
                _ => unreachable!(),
            }
            q
        })
        .collect()
}

const CLASSES: &[&str] =
    &["rare term", "prefix", "medium term", "frequent term", "two terms", "frequent + filters", "filters only", "entity"];

async fn measure(store: &BenchStore, sets: &[(&'static str, Vec<SearchQuery>)]) -> Result<Vec<Latency>, Box<dyn std::error::Error>> {
    let mut out = Vec::new();
    for (class, qs) in sets {
        for q in qs.iter().take(5) {
            store.search(q).await?; // warm the page cache the same way for both stores
        }
        let mut times = Vec::with_capacity(qs.len());
        let mut hits = 0usize;
        for q in qs {
            let t = Instant::now();
            hits += store.search(q).await?.len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        out.push(Latency {
            class,
            median_ms: percentile(&times, 0.5),
            p95_ms: percentile(&times, 0.95),
            mean_hits: hits as f64 / qs.len() as f64,
        });
    }
    Ok(out)
}

fn dir_mb(dir: &std::path::Path) -> f64 {
    std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum::<u64>()).unwrap_or(0) as f64 / 1e6
}

async fn run_size(args: &Args, n: usize) -> Result<SizeResult, Box<dyn std::error::Error>> {
    let tuning = Tuning { cache_kib: args.cache_mib * 1024, max_connections: 2 };
    let mut rng = StdRng::seed_from_u64(7);
    let sets: Vec<(&'static str, Vec<SearchQuery>)> = CLASSES.iter().map(|c| (*c, query_set(n, args.queries, c, &mut rng))).collect();
    let mut results = Vec::new();
    for encrypted in [false, true] {
        let dir = tempfile::Builder::new().prefix("intel-bench").tempdir()?;
        let store =
            if encrypted { BenchStore::encrypted(dir.path(), tuning).await? } else { BenchStore::plain(dir.path(), tuning).await? };
        eprintln!("[{n}] building {} store…", if encrypted { "encrypted" } else { "plain" });
        let rate = build(&store, n, args.batch).await?;
        sqlx_checkpoint(&store).await;
        let search = measure(&store, &sets).await?;
        results.push(StoreResult { encrypted, ingest_per_sec: rate, file_mb: dir_mb(dir.path()), search });
        store.close().await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let encrypted = results.pop().ok_or("no encrypted result")?;
    let plain = results.pop().ok_or("no plain result")?;
    Ok(SizeResult { reports: n, plain, encrypted })
}

async fn sqlx_checkpoint(store: &BenchStore) {
    let _ = intel_core::bench_support::checkpoint(store).await;
}

fn print(r: &SizeResult) {
    println!("\n## {} reports", r.reports);
    println!(
        "ingest: plain {:.0}/s, encrypted {:.0}/s — time ratio encrypted/plain {:.2}   (files: plain {:.0} MB, encrypted {:.0} MB)",
        r.plain.ingest_per_sec,
        r.encrypted.ingest_per_sec,
        r.plain.ingest_per_sec / r.encrypted.ingest_per_sec,
        r.plain.file_mb,
        r.encrypted.file_mb
    );
    println!(
        "{:<20} {:>10} {:>10} {:>10} {:>10} {:>8} {:>8}",
        "query class", "plain p50", "plain p95", "enc p50", "enc p95", "p95 ×", "hits"
    );
    for (p, e) in r.plain.search.iter().zip(&r.encrypted.search) {
        println!(
            "{:<20} {:>8.2}ms {:>8.2}ms {:>8.2}ms {:>8.2}ms {:>8.2} {:>8.1}",
            p.class,
            p.median_ms,
            p.p95_ms,
            e.median_ms,
            e.p95_ms,
            e.p95_ms / p.p95_ms.max(0.001),
            e.mean_hits
        );
    }
    let worst_p95 = r.encrypted.search.iter().map(|l| l.p95_ms).fold(0.0, f64::max);
    println!("worst encrypted p95: {worst_p95:.1} ms (goal < 100 ms at 1M)");
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    std::fs::create_dir_all(&args.out)?;
    for &n in &args.sizes {
        let r = run_size(&args, n).await?;
        print(&r);
        std::fs::write(args.out.join(format!("store-{n}.json")), serde_json::to_vec_pretty(&r)?)?;
    }
    Ok(())
}

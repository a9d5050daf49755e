//! Baselines for scripts/app-bench.sh: the core's own time for what the
//! desktop app does on a real store, measured headless in the same run, so
//! the app's figures can be printed as ratios over the core.
//!
//!   app_baseline corpus --reports N            JSONL for `intel record add-batch` (same corpus as intel-bench)
//!   app_baseline unlock --store DIR --runs N   unlock, then permitted_actions + has_demo_data + my_work(25) at once,
//!                                              as the workspace asks for them after Unlock
//!   app_baseline search --store DIR --words W  search_page for every prefix of each word, as typed into Search
//!
//! The calls are made in the UI's pattern (the workspace and the Search screen
//! ask for several things at once), because that decides how many pooled
//! connections, each with its own page cache, the session ends up using.
//! `--sequential` makes them one after another instead.
//!
//! The user comes from INTEL_USER, the passphrase from INTEL_PASSPHRASE; the
//! store is opened exactly as the app opens it (OS keychain, default tuning,
//! INTEL_KDF_TARGET_MS). Prints one JSON object on stdout.
#![allow(clippy::print_stdout)]

#[path = "../corpus.rs"]
#[allow(dead_code)]
mod corpus;

use clap::{Parser, Subcommand};
use intel_core::cycle::search::{SearchQuery, SortKey};
use intel_core::cycle::work::MyWork;
use intel_core::keys::{KdfPolicy, OsKeychain};
use intel_core::secret::Passphrase;
use intel_core::store::connect::Tuning;
use intel_core::store::lifecycle::UnlockOptions;
use intel_core::{store, Session};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Writes N synthetic reports as `intel record add-batch` JSONL to stdout.
    Corpus {
        #[arg(long)]
        reports: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
    /// Times unlock → my work, each run in a fresh session.
    Unlock {
        #[arg(long)]
        store: PathBuf,
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Items per queue, as src-tauri/commands/work.rs asks for.
        #[arg(long, default_value_t = 25)]
        per_queue: i64,
        #[arg(long)]
        sequential: bool,
    },
    /// Times search_page for each prefix of each word, in typing order.
    Search {
        #[arg(long)]
        store: PathBuf,
        #[arg(long, value_delimiter = ',')]
        words: Vec<String>,
        /// Rows per window, as the Search screen asks for (WINDOW in Search.svelte).
        #[arg(long, default_value_t = 200)]
        limit: i64,
        /// Times the whole sequence is typed.
        #[arg(long, default_value_t = 1)]
        rounds: usize,
        #[arg(long)]
        sequential: bool,
    },
}

fn user() -> Result<(String, Passphrase), String> {
    let u = std::env::var("INTEL_USER").map_err(|_| "set INTEL_USER")?;
    let p = std::env::var("INTEL_PASSPHRASE").map_err(|_| "set INTEL_PASSPHRASE")?;
    Ok((u, Passphrase::new(p)))
}

fn opts() -> UnlockOptions {
    let target_ms = std::env::var("INTEL_KDF_TARGET_MS").ok().and_then(|v| v.parse().ok()).unwrap_or(500);
    UnlockOptions { kdf: KdfPolicy { target_ms, ..KdfPolicy::default() }, tuning: Tuning::default() }
}

async fn open(dir: &Path) -> Result<Session, Box<dyn std::error::Error>> {
    let (u, p) = user()?;
    Ok(store::unlock(dir, &u, &p, &OsKeychain, opts()).await?)
}

/// What the workspace asks for as soon as someone is signed in.
async fn signed_in(s: &Session, per_queue: i64, sequential: bool) -> Result<MyWork, Box<dyn std::error::Error>> {
    if sequential {
        s.permitted_actions().await?;
        s.has_demo_data().await?;
        return Ok(s.my_work(per_queue).await?);
    }
    let (a, d, w) = tokio::join!(s.permitted_actions(), s.has_demo_data(), s.my_work(per_queue));
    a?;
    d?;
    Ok(w?)
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    match Cli::parse().command {
        Cmd::Corpus { reports, seed } => {
            let mut c = corpus::Corpus::new(seed, (reports / 10).max(100));
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            for _ in 0..reports {
                let (r, _) = c.report();
                let line = serde_json::json!({
                    "marking": r.marking.to_string(),
                    "priority": r.priority.to_string(),
                    "source_type": r.source_type.to_string(),
                    "officer": r.submitting_officer,
                    "review_group": r.review_group,
                    "text": r.text,
                });
                writeln!(out, "{line}")?;
            }
            out.flush()?;
        }
        Cmd::Unlock { store, runs, per_queue, sequential } => {
            let (mut unlock, mut work, mut total) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..runs {
                let t0 = Instant::now();
                let s = open(&store).await?;
                let t1 = Instant::now();
                unlock.push(t1.duration_since(t0).as_secs_f64() * 1000.0);
                let w = signed_in(&s, per_queue, sequential).await?;
                work.push(ms(t1));
                total.push(ms(t0));
                std::hint::black_box(w);
                s.close().await;
            }
            println!("{}", serde_json::json!({"unlock_ms": unlock, "my_work_ms": work, "total_ms": total}));
        }
        Cmd::Search { store, words, limit, rounds, sequential } => {
            let s = open(&store).await?;
            // The app shows My work first, then opening Search lists everything.
            signed_in(&s, 25, sequential).await?;
            let all = SearchQuery {
                limit: Some(limit),
                offset: Some(0),
                sort: Some(SortKey::RecordedAt),
                descending: Some(true),
                ..Default::default()
            };
            if sequential {
                s.saved_searches().await?;
                s.search_page(&all).await?;
            } else {
                let (a, b) = tokio::join!(s.saved_searches(), s.search_page(&all));
                a?;
                b?;
            }
            let mut samples = Vec::new();
            for _ in 0..rounds {
                for w in &words {
                    for end in w.char_indices().map(|(i, c)| i + c.len_utf8()) {
                        // What the Search screen sends while typing (ui/src/lib/search-query.ts
                        // typedText + toQuery): the last word as a prefix, newest first.
                        let q = SearchQuery {
                            text: Some(format!("{}*", &w[..end])),
                            limit: Some(limit),
                            offset: Some(0),
                            sort: Some(SortKey::RecordedAt),
                            descending: Some(true),
                            ..Default::default()
                        };
                        let t = Instant::now();
                        let page = s.search_page(&q).await?;
                        samples.push(serde_json::json!({"query": &w[..end], "ms": ms(t), "total": page.total}));
                    }
                }
            }
            s.close().await;
            println!("{}", serde_json::json!({ "samples": samples }));
        }
    }
    Ok(())
}

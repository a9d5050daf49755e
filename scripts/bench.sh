#!/usr/bin/env bash
# Benchmarks at full size. Each prints its results as ratios against a baseline
# measured in the same run.
#   scripts/bench.sh [store] [ARGS]  encrypted store vs plain SQLite (builds two 1M-report stores: slow)
#   scripts/bench.sh bundles [ARGS]  bundle export/import vs the age CLI on the same bytes
#   scripts/bench.sh gateway [ARGS]  gateway uploads/s and latency, 32 clients, SQLite and PostgreSQL
set -euo pipefail
cd "$(dirname "$0")/.."
what=store
case "${1:-}" in store|bundles|gateway) what=$1; shift ;; esac
case "$what" in
  store)
    cargo build --release --locked -q -p intel-bench --bin intel-bench
    exec target/release/intel-bench "$@" ;;
  bundles)
    cargo build --release --locked -q -p intel-bench --bin bundle_bench
    exec target/release/bundle_bench "$@" ;;
  gateway)
    cargo build --release --locked -q -p intel-gateway --bin gateway_bench
    echo "== gateway on SQLite"
    target/release/gateway_bench "$@"
    echo "== gateway on PostgreSQL"
    scripts/with-postgres.sh sh -c 'exec target/release/gateway_bench --database-url "$INTEL_TEST_POSTGRES_URL" "$@"' sh "$@" ;;
esac

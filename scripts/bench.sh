#!/usr/bin/env bash
# The store benchmark at full size (takes a while: it builds two 1M-report stores).
# Extra arguments go to intel-bench, e.g. scripts/bench.sh --sizes 100000
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -q -p intel-bench
exec target/release/intel-bench "$@"

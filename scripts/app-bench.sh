#!/usr/bin/env bash
# App benchmark: the real desktop app against a bare Tauri window built the
# same way (start-up, idle memory) and against the core's own calls on the
# same store (unlock → My work, search as you type). Not a timed test: it
# prints ratios and writes them to target/app-bench.txt.
#
#   scripts/app-bench.sh                 100,000 reports, 7 starts, 5 unlocks (~15 min with a warm target/)
#   scripts/app-bench.sh --smoke         2,000 reports, 2 of each, debug builds: checks the harness (< 2 min warm)
#   scripts/app-bench.sh --reports N --runs N --unlocks N --words a,b,c --rounds N
#
# Both binaries are built with `tauri build --no-bundle` (release profile,
# assets embedded through tauri's custom-protocol feature): how the app ships,
# and the only way that embeds the UI rather than loading a dev server.
# Runs inside scripts/with-keyring.sh, so both get the same D-Bus session.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${INTEL_KEYRING_INNER:-}" ]; then exec scripts/with-keyring.sh "$0" "$@"; fi

reports=100000 runs=7 unlocks=5 rounds=2 idle=5 settle=6 profile=release words="burner,cuckooing,handover,laundering"
while [ $# -gt 0 ]; do
  case "$1" in
    --smoke) reports=2000 runs=2 unlocks=2 rounds=1 idle=1 settle=4 profile=debug words="burner" ;;
    --reports) reports=$2; shift ;;
    --runs) runs=$2; shift ;;
    --unlocks) unlocks=$2; shift ;;
    --words) words=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    *) echo "app-bench: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

step() { printf '[app-bench] %s\n' "$*" >&2; }
trap 'echo "app-bench: 0 passed, 1 failed"' ERR
command -v tauri-driver >/dev/null || cargo install --locked tauri-driver --version '^2' >/dev/null

tauri_flags=(--no-bundle)
cargo_flags=(--release)
if [ "$profile" = debug ]; then tauri_flags+=(--debug); cargo_flags=(); fi
step "building the app and the bare window ($profile, tauri build ${tauri_flags[*]})"
ui/node_modules/.bin/tauri build "${tauri_flags[@]}" >/dev/null 2>&1
(cd crates/bare-window && ../../ui/node_modules/.bin/tauri build "${tauri_flags[@]}" >/dev/null 2>&1)
cargo build -q --locked "${cargo_flags[@]}" -p intel-cli -p intel-bench --bin intel --bin app_baseline
bin=target/$profile

# The store is kept between runs (building 100k reports takes minutes). It is
# passphrase-only so it outlives the throwaway keyring of each run.
user=bench pass="app bench passphrase"
store=target/app-bench/store-$reports
if [ ! -e "$store/.complete" ]; then
  step "building a $reports-report store in $store (once; kept for later runs)"
  # Built in memory (each report is its own fsync'd transaction: ~100/s on disk, ~450/s in tmpfs), then moved.
  build=$(mktemp -d -p /dev/shm intel-bench-store.XXXXXX 2>/dev/null || mktemp -d)
  INTEL_STORE="$build/store" INTEL_PASSPHRASE="$pass" "$bin/intel" init --unit "Bench Unit" --admin "$user" \
    --display-name "Bench Manager" --keychain none >/dev/null
  "$bin/app_baseline" corpus --reports "$reports" |
    INTEL_STORE="$build/store" INTEL_USER="$user" INTEL_PASSPHRASE="$pass" "$bin/intel" record add-batch --jsonl - >/dev/null
  rm -rf "$store"
  mkdir -p target/app-bench
  mv "$build/store" "$store"
  rmdir "$build"
  touch "$store/.complete"
fi

out=$(mktemp -d -t intel-app-bench.XXXXXX)
trap 'rm -rf "$out"' EXIT
export INTEL_USER=$user INTEL_PASSPHRASE=$pass INTEL_DESK_STORE=$PWD/$store

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
step "core baseline: unlock → my work ×$unlocks, search prefixes of $words"
"$bin/app_baseline" unlock --store "$store" --runs "$unlocks" >"$out/unlock.json"
"$bin/app_baseline" search --store "$store" --words "$words" --rounds "$rounds" >"$out/search.json"

step "(a)(b) start-up and idle memory, $runs launches of each"
node ui/e2e/bench-start.mjs --runs "$runs" --idle "$idle" --settle "$settle" --shots target/screenshots \
  app="$bin/intel-desk" bare="$bin/bare-window" >"$out/start.json"

step "(c)(d) unlock and search in the app through tauri-driver"
INTEL_E2E_APP="$PWD/$bin/intel-desk" BENCH_USER=$user BENCH_PASS=$pass BENCH_RUNS=$unlocks BENCH_WORDS=$words BENCH_ROUNDS=$rounds \
  xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    tauri-driver --port 4444 --native-port 4445 >"$0/driver.log" 2>&1 & driver=$!
    for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null && break; sleep 0.1; done
    status=0
    node ui/e2e/bench-app.mjs >"$0/app.json" || status=$?
    kill $driver 2>/dev/null || true
    exit $status' "$out"

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
debounce=$(grep -oP "DEBOUNCE_MS = \K[0-9]+" ui/src/screens/work/Search.svelte || echo 0)
webkit=$(dpkg-query -W -f='${Version}' libwebkit2gtk-4.1-0 2>/dev/null || echo unknown)
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
cat >"$out/meta.json" <<EOF
{"date": "$(date -u +%Y-%m-%d)", "reports": $reports, "words": "$words", "debounce_ms": $debounce,
 "store_mb": $(du -sm "$store" | cut -f1),
 "machine": "$(nproc) cores ($cpu), $mem, $os, WebKitGTK $webkit, Xvfb 1280x800",
 "build": "$profile (tauri build ${tauri_flags[*]})",
 "load": "load average $load_before before, $load_after after (2 cores: above ~0.5 something else was running)"}
EOF
mkdir -p target
node ui/e2e/bench-report.mjs "$out" | tee target/app-bench.txt
cp "$out"/*.json target/app-bench/
# What (a) waited for, to look at: the settled frame of each window.
for f in target/screenshots/bench-start-*.ppm; do convert "$f" "${f%.ppm}.png" && rm -f "$f"; done
echo "app-bench: 1 passed, 0 failed"

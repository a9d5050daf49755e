#!/usr/bin/env bash
# README command 2: install what is missing and run the whole test suite.
# Rust tests run inside a private D-Bus session with a real GNOME Keyring, so
# the OS-keychain path is exercised, not mocked.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh test
# CI builds once from clean: incremental caches would only take disk.
[ -n "${CI:-}" ] && export CARGO_INCREMENTAL=0
log=$(mktemp -t intel-test.XXXXXX)
trap 'rm -f "$log"' EXIT

# Each step's wall time is printed as it ends and again in a table at the
# end, so a slow CI run shows where its minutes went.
timings=()
current=""; started=$SECONDS
end_step() {
  [ -n "$current" ] || return 0
  local took=$((SECONDS - started))
  timings+=("$(printf '%5ds  %s' "$took" "$current")")
  printf '   (%s: %ds)\n' "$current" "$took"
}
step() { end_step; current="$*"; started=$SECONDS; printf '\n== %s\n' "$*"; }

step "UI: type check, unit tests, build"
(cd ui && npm run --silent check && npx vitest run --reporter=dot 2>&1 | tee -a "$log" && npm run --silent build)

step "UI screens in Debian's Chromium (browser mock, axe-core WCAG 2.2 AA on every screen)"
scripts/screens.sh 2>&1 | tee -a "$log"

step "Rust: the whole workspace (core, bundles, gateway, sync, CLI, desktop shell), with a real Secret Service, a real PostgreSQL and Debian's age/minisign"
INTEL_REQUIRE_KEYCHAIN=1 INTEL_REQUIRE_POSTGRES=1 INTEL_REQUIRE_TOOLS=1 \
  scripts/with-keyring.sh scripts/with-postgres.sh cargo test --workspace --locked 2>&1 | tee -a "$log"

step "Fuzz the bundle reader briefly (the long run is scripts/fuzz.sh)"
scripts/fuzz.sh 30 2>&1 | tee -a "$log"

step "Desktop app: build it and check it starts and draws its first screen"
scripts/app-smoke.sh 2>&1 | tee -a "$log"

step "End-to-end on the real app (WebDriver), real store, real Secret Service"
scripts/with-keyring.sh scripts/e2e.sh 2>&1 | grep -v '^dbus-daemon' | tee -a "$log"

# The app benchmark's harness (scripts/app-bench.sh --smoke) is not run here:
# its bare-window baseline is a second Tauri build with its own feature set,
# about 7 minutes of CI's 90 for a check of the harness, not of the app.

# The smokes check that the harnesses run, not how fast: they use the debug
# build the tests already made (dependencies are optimised in it), which
# spares CI a second, release build of the whole tree. The real runs are
# release builds: scripts/bench.sh store|bundles|gateway.
step "Benchmark smoke runs: store, bundles, gateway (debug build, small sizes)"
cargo build --locked -q -p intel-bench -p intel-gateway --bins
target/debug/intel-bench --sizes 2000 --queries 20 2>&1 | tail -n 25
target/debug/bundle_bench --smoke 2>&1 | tail -n 8
target/debug/gateway_bench --smoke 2>&1 | tail -n 8
end_step; current=""

# What the builds left on disk (a full disk has failed CI before).
du -sh target fuzz/target 2>/dev/null || true
df -h . | tail -n 1

echo
echo "time per step:"
printf '%s\n' "${timings[@]}"
echo "total: $((SECONDS / 60)) min $((SECONDS % 60)) s"

# One closing line over every suite.
passed=$(grep -Eo '([0-9]+) passed' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '([0-9]+) failed' "$log" | awk '{s+=$1} END {print s+0}')
echo
echo "all suites: ${passed} passed, ${failed} failed"
[ "$failed" = 0 ]

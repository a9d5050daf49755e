#!/usr/bin/env bash
# End-to-end journeys on the real app (tauri-driver + WebKitWebDriver under
# Xvfb) against a real encrypted store in a temp folder. Run it inside
# scripts/with-keyring.sh so the store uses a real Secret Service.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tauri-driver >/dev/null || cargo install --locked tauri-driver@2 >/dev/null
ui/node_modules/.bin/tauri build --debug --no-bundle >/dev/null 2>&1
cargo build -q --locked -p intel-cli
work=$(mktemp -d -t intel-e2e.XXXXXX)
trap 'rm -rf "$work"' EXIT
export INTEL_DESK_STORE="$work/store" INTEL_KDF_TARGET_MS=100
export INTEL_E2E_APP="$PWD/target/debug/intel-desk" INTEL_E2E_SHOTS="$PWD/target/screenshots"
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  tauri-driver --port 4444 --native-port 4445 >"$0/driver.log" 2>&1 & driver=$!
  for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null && break; sleep 0.1; done
  status=0
  node ui/e2e/journey.mjs || status=$?
  kill $driver 2>/dev/null || true
  exit $status' "$work"
# The journey must have left an intact audit trail with the failed attempt in it.
log=$(INTEL_STORE="$work/store" INTEL_USER=manager INTEL_PASSPHRASE="e2e passphrase for the manager" target/debug/intel audit log --json)
for action in store.create user.create login login.failed; do
  echo "$log" | grep -q "\"action\": \"$action\"" || { echo "e2e: audit trail lacks $action"; echo "e2e: 0 passed, 1 failed"; exit 1; }
done
INTEL_STORE="$work/store" INTEL_USER=manager INTEL_PASSPHRASE="e2e passphrase for the manager" target/debug/intel audit verify
echo "e2e audit: 1 passed, 0 failed"

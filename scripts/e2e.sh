#!/usr/bin/env bash
# End-to-end journeys on the real app (tauri-driver + WebKitWebDriver under
# Xvfb) against a real encrypted store in a temp folder. Run it inside
# scripts/with-keyring.sh so the store uses a real Secret Service.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v tauri-driver >/dev/null || cargo install --locked tauri-driver --version '^2' >/dev/null
ui/node_modules/.bin/tauri build --debug --no-bundle >/dev/null 2>&1
cargo build -q --locked -p intel-cli -p intel-gateway
work=$(mktemp -d -t intel-e2e.XXXXXX)
gateway_pid=""
# INTEL_E2E_KEEP=1 keeps the temp folder (store, webview folders, driver and gateway logs) for a look afterwards.
cleanup() {
  if [ -n "$gateway_pid" ]; then kill -TERM "$gateway_pid" 2>/dev/null || true; wait "$gateway_pid" 2>/dev/null || true; fi
  if [ -n "${INTEL_E2E_KEEP:-}" ]; then echo "e2e: keeping $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
export INTEL_DESK_STORE="$work/store" INTEL_KDF_TARGET_MS=100
export INTEL_E2E_APP="$PWD/target/debug/intel-desk" INTEL_E2E_SHOTS="$PWD/target/screenshots"
rm -f target/screenshots/e2e-*.png
# The webview's own folders go to the temp folder too, so they can be checked for plaintext below.
export XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache" XDG_CONFIG_HOME="$work/config"
# CSV exports land here instead of going through a native save dialog.
export INTEL_DESK_EXPORT_DIR="$work/export"; mkdir -p "$INTEL_DESK_EXPORT_DIR"
# Open dialogs return the newest file here with the dialog's extension; the journey copies a file in just before.
export INTEL_DESK_OPEN_DIR="$work/open"; mkdir -p "$INTEL_DESK_OPEN_DIR"
# A real force gateway (SQLite) on loopback TLS, on a free port, for the Exchange steps.
port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
export INTEL_E2E_GATEWAY_BIN="$PWD/target/debug/intel-gateway" INTEL_E2E_GATEWAY_DIR="$work/gateway"
export INTEL_E2E_GATEWAY_URL="https://127.0.0.1:$port" INTEL_E2E_CLI="$PWD/target/debug/intel" INTEL_E2E_WORK="$work"
"$INTEL_E2E_GATEWAY_BIN" --data-dir "$INTEL_E2E_GATEWAY_DIR" init --unit WMP --url "$INTEL_E2E_GATEWAY_URL" >/dev/null
"$INTEL_E2E_GATEWAY_BIN" --data-dir "$INTEL_E2E_GATEWAY_DIR" serve --listen "127.0.0.1:$port" >"$work/gateway.log" 2>&1 &
gateway_pid=$!
for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break; sleep 0.1; done
(exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null || { echo "e2e: the gateway did not start:"; cat "$work/gateway.log"; exit 1; }
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  tauri-driver --port 4444 --native-port 4445 >"$0/driver.log" 2>&1 & driver=$!
  for _ in $(seq 1 50); do (exec 3<>/dev/tcp/127.0.0.1/4444) 2>/dev/null && break; sleep 0.1; done
  status=0
  node ui/e2e/journey.mjs || status=$?
  kill $driver 2>/dev/null || true
  exit $status' "$work"
# The product PDF the tasking steps exported: the marking on every page, the
# cited report's reference and grade and its sanitised wording, never the original.
pdf_pass=0; pdf_fail=0
pdf_check() { if eval "$2"; then pdf_pass=$((pdf_pass + 1)); else pdf_fail=$((pdf_fail + 1)); echo "e2e: product PDF: $1"; fi; }
facts="$work/tasking-e2e.json"
if [ ! -f "$facts" ]; then
  echo "e2e: the tasking steps left no $facts"; pdf_fail=1
else
  fact() { node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]])' "$facts" "$1"; }
  pdf=$(fact pdf); cited=$(fact reference); grade=$(fact grade); product=$(fact product); sanitised=$(fact sanitisedText)
  pdf_check "$pdf is not in $INTEL_DESK_EXPORT_DIR" '[ -f "$pdf" ] && [ "$(dirname "$pdf")" = "$INTEL_DESK_EXPORT_DIR" ]'
  pages=$(pdfinfo "$pdf" 2>/dev/null | awk '/^Pages:/ { print $2 }')
  pdf_check "pdfinfo reads no pages" '[ "${pages:-0}" -ge 1 ]'
  for n in $(seq 1 "${pages:-0}"); do
    pdf_check "page $n of $pages lacks the OFFICIAL marking" 'pdftotext -f "$n" -l "$n" "$pdf" - | grep -q OFFICIAL'
  done
  all=$(pdftotext "$pdf" - | tr -s '[:space:]' ' ')
  pdf_check "lacks the product's reference $product" 'grep -qF "$product" <<<"$all"'
  pdf_check "lacks the cited report $cited" 'grep -qF "$cited" <<<"$all"'
  pdf_check "lacks the grade $grade" 'grep -q "$grade" <<<"$(tr -d " " <<<"$all")"'
  pdf_check "lacks the sanitised wording" 'grep -qF "$sanitised" <<<"$all"'
  pdf_check "holds the original wording" '! grep -qi -e QUILLBY -e "Harbour Street" -e "Ford Transit" <<<"$all"'
fi
echo "e2e product PDF checks: $pdf_pass passed, $pdf_fail failed"
[ "$pdf_fail" -eq 0 ] || exit 1
# The journey must have left an intact audit trail with every step of the
# cycle, the verification and the failed attempt in it.
log=$(INTEL_STORE="$work/store" INTEL_USER=manager INTEL_PASSPHRASE="e2e passphrase for the manager" target/debug/intel audit log --limit 1000 --json)
for action in store.create user.create login login.failed report.create report.evaluate report.sanitise entity.create \
  report.link-entity search export.csv dissemination.request dissemination.authorise audit.read audit.verify \
  peer.add workstation.enrolment-export bundle.queue bundle.delivered bundle.export bundle.imported bundle.rejected \
  meeting.create control-strategy.set requirement.approve requirement.answer product.approve product.export meeting.decision action.raise; do
  echo "$log" | grep -q "\"action\": \"$action\"" || { echo "e2e: audit trail lacks $action"; echo "e2e: 0 passed, 1 failed"; exit 1; }
done
INTEL_STORE="$work/store" INTEL_USER=manager INTEL_PASSPHRASE="e2e passphrase for the manager" target/debug/intel audit verify
# Who did what: the officer asked, the manager authorised.
echo "$log" | node -e '
  const log = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const by = (a) => log.filter((e) => e.action === a).map((e) => e.actor);
  const want = {
    "dissemination.request": "officer", "dissemination.authorise": "manager", "user.create": "manager",
    "control-strategy.set": "manager", "requirement.answer": "officer", "product.approve": "manager", "product.export": "manager",
  };
  for (const [a, actor] of Object.entries(want)) {
    if (!by(a).includes(actor)) { console.log(`e2e: ${a} not by ${actor} (${by(a)})`); process.exit(1); }
  }' || { echo "e2e: 0 passed, 1 failed"; exit 1; }
# No plaintext at rest: the report's wording must not be readable in anything
# the app wrote (store, WAL, webview storage and caches).
if grep -rl --binary-files=text -e QUILLBY -e "Harbour Street" "$work/store" "$work/data" "$work/cache" "$work/config" 2>/dev/null; then
  echo "e2e: report wording found in plaintext in the files above"; echo "e2e: 0 passed, 1 failed"; exit 1
fi
echo "e2e audit and plaintext checks: 3 passed, 0 failed"

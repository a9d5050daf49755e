#!/usr/bin/env bash
# Builds the real desktop app (UI embedded), starts it under Xvfb against a
# real encrypted store made by the CLI, and checks that its window appears and
# draws the unlock screen. Screenshots go to target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
ui/node_modules/.bin/tauri build --debug --no-bundle >/dev/null
cargo build -q --locked -p intel-cli
app=target/debug/intel-desk
shots=target/screenshots
mkdir -p "$shots"
work=$(mktemp -d -t intel-smoke.XXXXXX)
trap 'rm -rf "$work"' EXIT

run_app() { # $1: store folder, $2: screenshot file
  INTEL_DESK_STORE="$1" xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
    "$0" >"$2.log" 2>&1 & pid=$!
    for _ in $(seq 1 60); do
      xwininfo -root -tree 2>/dev/null | grep -q "\"Intel Desk\"" && break
      sleep 0.25
    done
    sleep 4   # let the webview draw
    import -window root "$1"
    alive=0; kill -0 $pid 2>/dev/null && alive=1
    xwininfo -root -tree | grep -c "\"Intel Desk\"" > "$1.windows" || true
    kill $pid 2>/dev/null || true
    [ $alive = 1 ]' "$app" "$2" "$2"
}

check_drawn() { # a blank or crashed webview is one flat colour
  local colours
  colours=$(convert "$1" -format '%k' info:)
  [ "$(cat "$1.windows")" -ge 1 ] || { echo "app-smoke: no Intel Desk window in $1"; exit 1; }
  [ "$colours" -gt 20 ] || { echo "app-smoke: $1 looks blank ($colours colours)"; exit 1; }
  echo "app-smoke: $1 drawn ($colours colours)"
}

run_app "$work/none" "$shots/first-run.png"
check_drawn "$shots/first-run.png"
[ ! -e "$work/none" ] || { echo "app-smoke: showing the first-run screen created files"; exit 1; }

INTEL_STORE="$work/store" INTEL_PASSPHRASE="smoke test passphrase" INTEL_KDF_TARGET_MS=1 \
  target/debug/intel init --unit "Smoke Unit" --admin boss --keychain none >/dev/null 2>&1
before=$(sha256sum "$work/store/store.db")
run_app "$work/store" "$shots/unlock.png"
check_drawn "$shots/unlock.png"
[ "$before" = "$(sha256sum "$work/store/store.db")" ] || { echo "app-smoke: opening the unlock screen changed the store"; exit 1; }
echo "app-smoke: 2 passed, 0 failed"

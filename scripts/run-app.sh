#!/usr/bin/env bash
# README command 1: install what is missing, build Intel Desk and run it.
# The store lives in the platform's app-data folder unless INTEL_DESK_STORE names one.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup-deps.sh app
# A release build with the UI embedded (the first build takes several minutes).
ui/node_modules/.bin/tauri build --no-bundle
exec target/release/intel-desk "$@"

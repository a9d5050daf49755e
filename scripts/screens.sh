#!/usr/bin/env bash
# Screen tests: every UI screen in Debian's Chromium (playwright-core), on the
# production build with the browser mock; axe-core WCAG 2.2 AA checks on each,
# screenshots in target/screenshots/. Builds the UI first when its sources are
# newer than ui/dist. Extra arguments go to the runner (e.g. --only unlock,search).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d ui/node_modules ] || (cd ui && npm ci --no-audit --no-fund)
if [ ! -x "${INTEL_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "screens: Chromium not found at ${INTEL_CHROMIUM:-/usr/bin/chromium} (apt-get install chromium)" >&2
  echo "screens: 0 passed, 1 failed"
  exit 1
fi
cd ui
exec node tests/run-screens.mjs "$@"

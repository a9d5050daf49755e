#!/usr/bin/env bash
# Installs what Intel Desk needs on a Debian/Ubuntu machine; skips what is there.
# Usage: scripts/setup-deps.sh app|test
set -euo pipefail
cd "$(dirname "$0")/.."
purpose=${1:-app}

build_pkgs="build-essential pkg-config file perl libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev \
libayatana-appindicator3-dev librsvg2-dev libxdo-dev"
test_pkgs="poppler-utils xvfb xauth x11-utils imagemagick fonts-dejavu-core dbus dbus-x11 gnome-keyring libsecret-tools webkit2gtk-driver chromium age minisign jq postgresql"

want="$build_pkgs"
[ "$purpose" = test ] && want="$want $test_pkgs"
command -v node >/dev/null 2>&1 || want="$want nodejs npm"

missing=()
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "setup: no Rust toolchain found. Install Rust (https://rustup.rs, stable 1.89 or newer) and run this again." >&2
  exit 1
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "setup: Node.js $(node --version) is too old for the UI build (Vite 7 needs 20.19 or newer). Install Node.js 20 or 22 and run this again." >&2
  exit 1
fi

# The UI's exact dependency versions come from ui/package-lock.json.
if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
  echo "setup: installing the UI's npm packages"
  (cd ui && npm ci --no-audit --no-fund --loglevel=error)
fi

# Readers no one here wrote, for the interchange tests: networkx (GraphML),
# openpyxl (XLSX) and the official STIX 2.1 validator, pinned, in a venv of
# their own (tests find it as .venv-tools, or INTEL_PYTHON).
if [ "$purpose" = test ]; then
  tools=.venv-tools
  pins="networkx==3.6.1 openpyxl==3.1.5 stix2-validator==3.3.2"
  if [ ! -x "$tools/bin/python" ] || [ "$(cat "$tools/pins" 2>/dev/null)" != "$pins" ]; then
    echo "setup: installing the interchange test readers ($pins)"
    rm -rf "$tools"
    python3 -m venv "$tools"
    "$tools/bin/pip" install --quiet --disable-pip-version-check $pins
    echo "$pins" > "$tools/pins"
  fi
fi

#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with an unlocked GNOME Keyring
# (a real Secret Service), so keychain code paths are tested for real.
# Usage: scripts/with-keyring.sh COMMAND [ARGS...]
set -euo pipefail
if [ -z "${INTEL_KEYRING_INNER:-}" ]; then
  keyring_home=$(mktemp -d -t intel-keyring.XXXXXX)
  trap 'rm -rf "$keyring_home"' EXIT
  status=0
  INTEL_KEYRING_INNER=1 XDG_DATA_HOME="$keyring_home" dbus-run-session -- "$0" "$@" || status=$?
  exit $status
fi
# Inside the session: start the daemon with a throwaway password and wait for it.
echo -n "intel-desk-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
for _ in $(seq 1 50); do
  if busctl --user status org.freedesktop.secrets >/dev/null 2>&1; then break; fi
  sleep 0.1
done
busctl --user status org.freedesktop.secrets >/dev/null 2>&1 || { echo "with-keyring: the Secret Service did not start" >&2; exit 1; }
"$@"

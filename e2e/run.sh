#!/bin/sh
# Runs the Playwright suite inside a loopback-only network namespace, so no packet (WebRTC, mDNS,
# anything Chromium tries) can leave the machine. Needs root for `unshare -n` (CI runs as root).
# Usage: npm run test:e2e [-- playwright args]
set -eu
cd "$(dirname "$0")/.."

# Interface names as the kernel sees them in *this* namespace (ip uses netlink; /sys/class/net
# would show the namespace sysfs was mounted in, not ours).
interfaces() { ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' | sort | tr '\n' ' '; }

if [ "$(interfaces)" != "lo " ]; then
  if [ "${TABMPC_E2E_NETNS:-}" = 1 ]; then
    echo "e2e/run.sh: still see interfaces [$(interfaces)] after unshare -n; refusing to run" >&2
    exit 1
  fi
  exec env TABMPC_E2E_NETNS=1 unshare --net -- sh "$0" "$@"
fi

ip link set lo up
echo "e2e/run.sh: loopback-only network namespace (interfaces: $(interfaces))"
exec npx playwright test "$@"

#!/usr/bin/env bash
# Installs what k8ts needs on Debian 12 (as root) and builds it; skips what is present.
#   scripts/install.sh          runtime needs
#   scripts/install.sh --test   also what the test suite needs (etcd, kubectl clients' peers)
set -euo pipefail
cd "$(dirname "$0")/.."

want=()
need() { dpkg -s "$1" >/dev/null 2>&1 || want+=("$1"); }
if [ "${1:-}" = "--test" ]; then
  need etcd-server        # the etcd backend's tests and the store benchmark run a real etcd
  need python3-kubernetes # the official Python client drives the API server in tests
fi
if [ ${#want[@]} -gt 0 ]; then
  echo "installing: ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${want[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  # `npm install` follows package-lock.json as `npm ci` would; `npm ci` itself refuses this lock
  # file here because the registry does not list the linter's packages for other platforms.
  npm install --no-audit --no-fund
fi
npm run build --silent

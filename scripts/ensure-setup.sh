#!/usr/bin/env bash
# Makes a fresh checkout runnable, idempotently and quickly when nothing changed: npm dependencies
# (when node_modules is missing or older than the lockfile) and the pinned livekit-server.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies..."
  npm ci --no-audit --no-fund
fi
bash scripts/install-livekit-server.sh >/dev/null

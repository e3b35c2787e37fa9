#!/usr/bin/env bash
# The one test command (README, .ci/run): installs whatever the tests need on a fresh machine,
# builds, then runs every suite and ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }
hash_of() { sha256sum "$@" | sha256sum | cut -c1-16; }

# System packages: Debian's Chromium for the browser tests (never a browser download).
if ! command -v chromium >/dev/null 2>&1; then
  log "apt-get install chromium"
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends chromium
fi

# Node packages: npm ci from the lockfile, skipped when node_modules already matches it.
stamp=node_modules/.zephr-lock-stamp
want=$(hash_of package-lock.json)
if [ "${CI:-}" = "true" ] || [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "npm ci"
  npm ci --no-fund --no-audit
  echo "$want" > "$stamp"
fi

# Python tools in a project-local virtual environment (nothing installed system-wide).
if [ ! -x .venv/bin/python ]; then
  log "python venv"
  python3 -m venv .venv
fi
pystamp=.venv/.zephr-req-stamp
pywant=$(hash_of requirements-dev.txt)
if [ ! -f "$pystamp" ] || [ "$(cat "$pystamp")" != "$pywant" ]; then
  log "pip install -r requirements-dev.txt"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
  echo "$pywant" > "$pystamp"
fi

log "build"
npm run build --silent

# A throwaway PostgreSQL cluster on a free loopback port for the PostgreSQL store and
# multi-instance tests (installed with apt if missing); removed when this script exits.
log "postgresql cluster"
cluster=$(bash scripts/postgres-cluster.sh start)
export ZEPHR_TEST_DATABASE_URL; ZEPHR_TEST_DATABASE_URL=$(sed -n 's/^ZEPHR_TEST_DATABASE_URL=//p' <<<"$cluster")
pgdir=$(sed -n 's/^PGCLUSTER_DIR=//p' <<<"$cluster")
trap 'bash scripts/postgres-cluster.sh stop "$pgdir"' EXIT
echo "$ZEPHR_TEST_DATABASE_URL"

log "suites"
node scripts/run-suites.mjs "$@"

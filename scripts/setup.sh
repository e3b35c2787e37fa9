#!/usr/bin/env bash
# Machine setup for the test suites, apart from running them: installs what they need and does
# nothing that is already done (safe to run again). Debian's Chromium and PostgreSQL through apt
# when missing, the npm workspaces from the lockfile, and a project-local Python virtual
# environment (.venv) with the tools in requirements-dev.txt. `npm test` runs it first.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '\n== %s\n' "$*"; }
hash_of() { sha256sum "$@" | sha256sum | cut -c1-16; }
sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"

# Debian's Chromium for the browser tests (never a browser download), and zsh and fish, whose
# real completion systems load the CLI's completion scripts; strace, for the durability test (the
# WAL is synced before an answer). For the deployment suites: podman
# (with runc and debootstrap) builds and runs the container image, Caddy and openssl put TLS in
# front of the server, certutil (libnss3-tools) gives Chromium the test's certificate authority.
missing=""
for pair in chromium:chromium strace:strace zsh:zsh fish:fish podman:podman runc:runc debootstrap:debootstrap caddy:caddy openssl:openssl certutil:libnss3-tools; do
  command -v "${pair%%:*}" >/dev/null 2>&1 || [ -x "/usr/sbin/${pair%%:*}" ] || missing="$missing ${pair#*:}"
done
if [ -n "$missing" ]; then
  log "apt-get install$missing"
  $sudo_ apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends $missing
fi

# podman in this sandbox (../shared/containers.md): no setrlimit, so no default ulimits.
if [ ! -f /etc/containers/containers.conf ]; then
  $sudo_ mkdir -p /etc/containers
  printf '[containers]\ndefault_ulimits = []\n' | $sudo_ tee /etc/containers/containers.conf >/dev/null
fi

# Debian's PostgreSQL server binaries (clusters are made per run by scripts/postgres-cluster.sh).
bash scripts/postgres-cluster.sh install

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

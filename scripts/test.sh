#!/usr/bin/env bash
# The one test command (README, .ci/run): sets up the machine (scripts/setup.sh), then runs every
# suite (scripts/run-suites.mjs builds and starts PostgreSQL for the suites that need them) and
# ends with "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec node scripts/run-suites.mjs "$@"

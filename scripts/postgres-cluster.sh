#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests, on a free loopback port, removed afterwards.
#   scripts/postgres-cluster.sh start   prints ZEPHR_TEST_DATABASE_URL=… and PGCLUSTER_DIR=… lines
#   scripts/postgres-cluster.sh stop <dir>
#   scripts/postgres-cluster.sh install  installs the server binaries only (scripts/setup.sh)
# Installs Debian's postgresql when no server binaries are found. initdb refuses to run as root,
# so as root the cluster runs as the postgres user.
set -euo pipefail

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_owner() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

install_pg() {
  bin=$(pg_bin)
  if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    echo "apt-get install postgresql" >&2
    sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
    $sudo_ apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends postgresql >&2
    bin=$(pg_bin)
  fi
}

case "${1:-}" in
  install)
    install_pg
    ;;
  start)
    install_pg
    dir=$(mktemp -d /tmp/zephr-pg.XXXXXX)
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    as_owner "$bin/initdb" -D "$dir/data" --auth=trust -U zephr -E UTF8 --locale=C >/dev/null
    # Durable settings, as in production: fsync and synchronous_commit stay on.
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
    echo "ZEPHR_TEST_DATABASE_URL=postgres://zephr@127.0.0.1:$port/postgres"
    echo "PGCLUSTER_DIR=$dir"
    ;;
  stop)
    dir="${2:?usage: postgres-cluster.sh stop <dir>}"
    bin=$(pg_bin)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 install | start | stop <dir>" >&2
    exit 2
    ;;
esac

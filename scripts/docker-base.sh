#!/usr/bin/env bash
# A local stand-in for the official node:24-slim image, for machines that reach no image
# registry: a minimal Debian bookworm root filesystem (debootstrap, from the Debian mirror apt
# uses) with the project's Node 24 (scripts/node24.sh) and npm, and a `node` user (uid 1000) as in
# the official image, `docker import`ed as $MOCKPOS_BASE (default mockpos-base:local).
# Kept once built: pass --rebuild to build it again. Needs root, debootstrap and a Docker engine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

TAG=${MOCKPOS_BASE:-mockpos-base:local}
if [ "${1:-}" != "--rebuild" ] && docker image inspect "$TAG" >/dev/null 2>&1; then
  echo "docker-base: $TAG already built (--rebuild to build it again)" >&2
  exit 0
fi
command -v debootstrap >/dev/null || { echo "docker-base: needs debootstrap (apt-get install debootstrap)" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "docker-base: debootstrap needs root" >&2; exit 1; }

. scripts/node24.sh
node_bin=$(command -v node)
npm_dir=$(cd "$(dirname "$(readlink -f "$(command -v npm)")")/.." && pwd)
[ -f "$npm_dir/package.json" ] || { echo "docker-base: cannot find npm's package beside $(command -v npm)" >&2; exit 1; }
# The mirror apt already uses here: the machine may reach no other.
mirror=$(grep -rhoE '(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d 2>/dev/null |
  grep -oE 'https?://[^ ]+' | head -n1 || true)
mirror=${mirror:-http://deb.debian.org/debian}

root=$(mktemp -d /var/tmp/mockpos-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "docker-base: debootstrap bookworm (minbase) from $mirror" >&2
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 ||
  { tail -n 30 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"

install -m 0755 "$node_bin" "$root/usr/local/bin/node"
mkdir -p "$root/usr/local/lib/node_modules"
cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
chroot "$root" groupadd --gid 1000 node
chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
chroot "$root" node --version >/dev/null
# What a slim image leaves out: package lists, caches, documentation.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/usr/share/doc/* "$root"/usr/share/man/* \
  "$root"/usr/share/locale/* "$root"/usr/share/info/*

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change "ENV NODE_VERSION=$(node -p 'process.versions.node')" \
  --change 'CMD ["node"]' \
  - "$TAG" >/dev/null
echo "docker-base: $TAG built ($(docker image inspect "$TAG" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}'), node $(node --version))" >&2

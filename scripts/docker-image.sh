#!/usr/bin/env bash
# Builds the mockpos image where docker build reaches no registry: the production tree (dist/
# built here, production dependencies installed from the lock file with npm's cache) goes into a
# small build context as prebuilt/, and the Dockerfile takes it as it is.
# Usage: scripts/docker-image.sh   — MOCKPOS_BASE (default mockpos-base:local, see
# scripts/docker-base.sh) and MOCKPOS_IMAGE (default mockpos:local) choose the tags.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/node24.sh

base=${MOCKPOS_BASE:-mockpos-base:local}
image=${MOCKPOS_IMAGE:-mockpos:local}
docker image inspect "$base" >/dev/null 2>&1 ||
  { echo "docker-image: no base image $base (bash scripts/docker-base.sh builds it)" >&2; exit 1; }

# One context per run: two builds at once (CI and a test) must not share one.
ctx=$(mktemp -d "${TMPDIR:-/tmp}/mockpos-image.XXXXXX")
trap 'rm -rf "$ctx"' EXIT
app="$ctx/prebuilt"
bash scripts/build.sh "$app/dist"
cp package.json package-lock.json "$app/"
(cd "$app" && npm ci --omit=dev --prefer-offline --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)

docker build --quiet --build-arg "BASE=$base" -t "$image" -f Dockerfile "$ctx" >/dev/null
echo "docker-image: $image built on $base ($(docker image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}'))" >&2

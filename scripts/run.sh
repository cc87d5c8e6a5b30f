#!/usr/bin/env bash
# Runs a TypeScript entry point on Node 24: scripts/run.sh FILE [ARGS…]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
# V8 grows the young generation to 64 MiB semi-spaces on a large machine and keeps them committed
# when empty: ~100 MiB of RSS holding nothing. 16 MiB keeps RSS within 2× of the live heap at no
# cost in speed (README "Memory"). --expose-gc lets the hourly retention sweep hand freed memory
# back (simulator/memory). Two malloc arenas instead of one per thread; any value set wins.
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec node --max-semi-space-size=16 --expose-gc "$@"

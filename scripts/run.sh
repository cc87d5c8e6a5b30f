#!/usr/bin/env bash
# Runs a TypeScript entry point on Node 24: scripts/run.sh FILE [ARGS…]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec node "$@"

#!/usr/bin/env bash
# Everything that gates a change: types, lint, then every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/bootstrap.sh
echo "== typecheck (tsc --noEmit)"
npx tsc --noEmit
echo "== lint (biome)"
npx biome ci --reporter=summary .
echo "== tests (vitest)"
npx vitest run "$@"

#!/usr/bin/env bash
# Builds the package as users install it: Node strips no types inside node_modules, so dist/
# holds JavaScript and .d.ts, laid out like the source so paths taken from import.meta still
# reach the files read at run time (contracts, pacts, scenarios), which are copied beside it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/node24.sh
rm -rf dist
npx tsc -p tsconfig.build.json
mkdir -p dist/contracts dist/scenarios
cp -r contracts/openapi contracts/pacts dist/contracts/
cp scenarios/*.yaml scenarios/README.md dist/scenarios/
chmod +x dist/bin/mockpos.js

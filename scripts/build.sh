#!/usr/bin/env bash
# Builds the package as users install it: Node strips no types inside node_modules, so dist/
# holds JavaScript and .d.ts, laid out like the source so paths taken from import.meta still
# reach the files read at run time (contracts, pacts, scenarios), which are copied beside it.
# Usage: scripts/build.sh [OUT_DIR]   (default dist; the image build writes elsewhere, so it
# never races `npm pack` over dist/)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/node24.sh
out=${1:-dist}
rm -rf "$out"
npx tsc -p tsconfig.build.json --outDir "$out"
mkdir -p "$out/contracts" "$out/scenarios"
cp -r contracts/openapi contracts/pacts "$out/contracts/"
cp scenarios/*.yaml scenarios/README.md "$out/scenarios/"
chmod +x "$out/bin/mockpos.js"

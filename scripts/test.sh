#!/usr/bin/env bash
# Everything that gates a change: types, lint, every test, then a short k6 load smoke.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/bootstrap.sh
echo "== typecheck (tsc --noEmit)"
npx tsc --noEmit
npx tsc --noEmit -p load/tsconfig.json
echo "== lint (biome)"
npx biome ci --reporter=summary .
echo "== tests (vitest)"
mkdir -p out
npx vitest run --reporter=default --reporter=json --outputFile.json=out/vitest.json "$@"
# The polling envelope of 300 locations, 20x compressed, gated by its thresholds. k6 comes from
# scripts/k6.sh (PATH or a cached go install); without it this step fails, it never skips.
echo "== load smoke (k6, 300 locations, 20x compressed)"
node load/run.ts --locations 300 --compress 20 --duration 30s --out out/load/smoke
# The same envelope in the vendor dialects, shorter: what each of them models (load/k6/dialects).
echo "== load smoke (k6, elyx dialect, 100 locations, 20x compressed)"
npm run --silent load:smoke:elyx
echo "== load smoke (k6, sinqro dialect, 100 locations, 20x compressed)"
npm run --silent load:smoke:sinqro
# One plain closing line for whoever reads only the end of the log.
node -e 'const r = JSON.parse(require("fs").readFileSync("out/vitest.json", "utf8"));
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);'

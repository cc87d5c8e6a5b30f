#!/usr/bin/env bash
# Everything that gates a change: types, lint, every test, then short k6 load smokes. Whatever
# fails, the log ends with one plain line saying what ran and what failed, and the exit is non-zero.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/bootstrap.sh || exit 1

mkdir -p out
# The closing line reads this report: one from an earlier run must not stand in for this one.
rm -f out/vitest.json
stopped_at=""  # the gate that failed before the tests ran, if one did
vitest_status=""
smokes_passed=()
smokes_failed=()

# One plain closing line for whoever reads only the end of the log, printed however the run ends.
closing() {
  local vitest="" smokes="not run" passed=0 failed=0
  if [ -n "$stopped_at" ]; then
    echo "vitest: not run ($stopped_at failed); fuzzer and load smokes: not run"
    echo "tests: 0 passed, 1 failed"
    return
  fi
  if [ -n "$vitest_status" ] && [ -f out/vitest.json ]; then
    # "passed failed broken": a file that fails to load, or an error outside any test, fails the
    # run with no failed test, so it counts as one failure of its own.
    read -r passed failed broken < <(node -e '
      const r = JSON.parse(require("fs").readFileSync("out/vitest.json", "utf8"));
      const broken = r.testResults.filter((f) => f.status === "failed" && f.assertionResults.every((a) => a.status !== "failed")).length;
      console.log(r.numPassedTests, r.numFailedTests, broken);')
    vitest="$passed passed, $failed failed"
    [ "$broken" -eq 0 ] || vitest+=", $broken file(s) failed outside any test"
    failed=$((failed + broken))
    if [ "$vitest_status" -ne 0 ] && [ "$failed" -eq 0 ]; then
      vitest+=" (vitest exited $vitest_status: see above)"
      failed=1
    fi
  elif [ -n "$vitest_status" ]; then
    vitest="no report (vitest exited $vitest_status before writing out/vitest.json)"
    failed=1
  else
    vitest="not run"
  fi
  if [ "${#smokes_passed[@]}" -gt 0 ] || [ "${#smokes_failed[@]}" -gt 0 ]; then
    smokes="${#smokes_passed[@]} passed, ${#smokes_failed[@]} failed"
    [ "${#smokes_failed[@]}" -eq 0 ] || smokes+=" (${smokes_failed[*]})"
  fi
  echo "vitest: $vitest; fuzzer and load smokes: $smokes"
  # The one plain closing line: every vitest test and every gate after it.
  echo "tests: $((passed + ${#smokes_passed[@]})) passed, $((failed + ${#smokes_failed[@]})) failed"
}
trap closing EXIT

# A gate after the tests: it runs, and the closing line says whether it held.
smoke() {
  local name=$1
  shift
  if "$@"; then smokes_passed+=("$name"); else smokes_failed+=("$name"); fi
}

# Types and lint fail fast: nothing after them would mean much, and their output stays last.
echo "== typecheck (tsc --noEmit)"
npx tsc --noEmit || { stopped_at="typecheck"; exit 1; }
npx tsc --noEmit -p load/tsconfig.json || { stopped_at="typecheck (load/)"; exit 1; }
echo "== lint (biome)"
npx biome ci --reporter=summary . || { stopped_at="lint"; exit 1; }

echo "== tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=out/vitest.json "$@"
vitest_status=$?
# The fuzzer and the smokes take a few minutes and end with their own verdicts: after failed tests
# they would only push the failures out of sight, so they do not run.
[ "$vitest_status" -eq 0 ] || exit "$vitest_status"

# The property-based contract fuzzer over every dialect's published OpenAPI (Schemathesis, pinned,
# installed from PyPI into .tools/venv on first use): any finding fuzz/known.yaml does not list fails.
echo "== contract fuzzer (schemathesis, every dialect)"
smoke fuzzer bash scripts/fuzz.sh

# The polling envelope in every dialect, each smoke gating on its own; all three run, so one failing
# does not hide how the others did. Their gates are set for a shared machine (package.json): no
# failed request, each operation's median under 25 ms, p99 under 5 s (a hang detector), at most a
# quarter of the polls dropped. On a busy machine the tail measures the machine, not mockpos: the
# strict envelope (p99 under 50 ms, no poll dropped) is `npm run load`'s, on a machine of its own.
# k6 comes from scripts/k6.sh (PATH or a cached go install); without it a smoke fails, never skips.
echo "== load smoke (k6, 300 locations, 20x compressed)"
smoke generic npm run --silent load:smoke
# The same envelope in the vendor dialects, shorter: what each of them models (load/k6/dialects).
echo "== load smoke (k6, elyx dialect, 100 locations, 20x compressed)"
smoke elyx npm run --silent load:smoke:elyx
echo "== load smoke (k6, sinqro dialect, 100 locations, 20x compressed)"
smoke sinqro npm run --silent load:smoke:sinqro
[ "${#smokes_failed[@]}" -eq 0 ] || exit 1

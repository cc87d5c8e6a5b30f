#!/usr/bin/env bash
# The property-based contract fuzzer: Schemathesis (pinned, from PyPI, in .tools/venv) against
# each dialect's published OpenAPI document, on simulators served on 127.0.0.1 (fuzz/run.ts).
# Options go to fuzz/run.ts: --max-examples N (default 20), --seed S, --dialects generic,elyx,sinqro.
# Fails on any finding fuzz/known.yaml does not list with its reason. Reports: out/fuzz/.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/node24.sh

SCHEMATHESIS_VERSION=4.32.5
venv=.tools/venv
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -qx "schemathesis, version $SCHEMATHESIS_VERSION"; then
  echo "fuzz: installing schemathesis==$SCHEMATHESIS_VERSION in $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION" >&2
fi
exec node fuzz/run.ts --schemathesis "$venv/bin/schemathesis" "$@"

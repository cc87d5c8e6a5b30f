#!/usr/bin/env bash
# Regenerates the connector's consumer pacts in contracts/pacts/: runs the consumer tests
# (pact/consumer) with PACT_DIR pointing there, after removing the old files so an interaction
# dropped from a test leaves its pact too. The provider verification in `npm test` reads them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/bootstrap.sh
export PACT_DO_NOT_TRACK=true
rm -f contracts/pacts/*.json
mkdir -p contracts/pacts
PACT_DIR=contracts/pacts npx vitest run pact/consumer "$@"
ls -1 contracts/pacts

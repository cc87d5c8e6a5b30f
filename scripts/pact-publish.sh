#!/usr/bin/env bash
# Publishes the connector's pacts (contracts/pacts) to a Pact Broker and asks the broker whether
# this version can be deployed: a thin call of the official Pact CLI (@pact-foundation/pact-cli:
# `pact-broker publish`, `pact-broker can-i-deploy`). It runs only when PACT_BROKER_BASE_URL is
# set; without it (no broker runs here) it says so and exits 0.
#
#   PACT_BROKER_BASE_URL                the broker; PACT_BROKER_TOKEN or PACT_BROKER_USERNAME /
#                                       PACT_BROKER_PASSWORD authenticate (read by the CLI itself)
#   GIT_SHA, GIT_BRANCH                 the consumer version and branch (default: git's HEAD)
#   PACT_ENVIRONMENT                    where can-i-deploy asks about (default production)
#   PACT_PUBLISH_DRY_RUN=1              print the two commands instead of running them
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -z "${PACT_BROKER_BASE_URL:-}" ]; then
  echo "pact-publish: PACT_BROKER_BASE_URL is not set, so there is no Pact Broker to publish to: nothing published, nothing asked"
  exit 0
fi

version="${GIT_SHA:-$(git rev-parse HEAD)}"
branch="${GIT_BRANCH:-$(git rev-parse --abbrev-ref HEAD)}"
environment="${PACT_ENVIRONMENT:-production}"
export PACT_DO_NOT_TRACK=true

publish=(npx --no-install pact-broker publish contracts/pacts --consumer-app-version "$version" --branch "$branch")
deploy=(npx --no-install pact-broker can-i-deploy --pacticipant mockpos-connector --version "$version" --to-environment "$environment")

if [ "${PACT_PUBLISH_DRY_RUN:-}" = "1" ]; then
  echo "pact-publish: would run: ${publish[*]}"
  echo "pact-publish: would run: ${deploy[*]}"
  exit 0
fi

. scripts/bootstrap.sh
echo "pact-publish: publishing contracts/pacts as mockpos-connector $version ($branch) to $PACT_BROKER_BASE_URL"
"${publish[@]}"
echo "pact-publish: can mockpos-connector $version be deployed to $environment?"
"${deploy[@]}"

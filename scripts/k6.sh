#!/usr/bin/env bash
# Prints the path of a k6 binary at the pinned version: k6 from PATH when it is that version,
# else one built once with `go install` into .tools/k6/<version>/ (gitignored) and reused.
# Fails loudly (exit 1) when neither is possible: a load gate that silently skips is no gate.
set -euo pipefail
K6_VERSION="v1.8.1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="$root/.tools/k6/$K6_VERSION"

version_of() { "$1" version 2>/dev/null | awk '{ print $2; exit }'; }

if [ -n "${MOCKPOS_K6:-}" ]; then
  if [ "$(version_of "$MOCKPOS_K6")" != "$K6_VERSION" ]; then
    echo "k6.sh: MOCKPOS_K6=$MOCKPOS_K6 is not k6 $K6_VERSION ($(version_of "$MOCKPOS_K6" || true))" >&2
    exit 1
  fi
  echo "$MOCKPOS_K6"
  exit 0
fi

if on_path="$(command -v k6)" && [ "$(version_of "$on_path")" = "$K6_VERSION" ]; then
  echo "$on_path"
  exit 0
fi

if [ ! -x "$cache/k6" ]; then
  # The Go toolchain of these machines lives in /usr/local/go; a non-login shell may not have it on PATH.
  command -v go >/dev/null || [ ! -x /usr/local/go/bin/go ] || export PATH="$PATH:/usr/local/go/bin"
  if ! command -v go >/dev/null; then
    echo "k6.sh: k6 $K6_VERSION is not on PATH and there is no Go toolchain to build it." >&2
    echo "k6.sh: install k6 $K6_VERSION (https://grafana.com/docs/k6/latest/set-up/install-k6/) or Go." >&2
    exit 1
  fi
  echo "k6.sh: building k6 $K6_VERSION with $(go version | awk '{ print $3 }') into $cache (once)…" >&2
  started=$SECONDS
  mkdir -p "$cache"
  if ! GOBIN="$cache" GOFLAGS=-buildvcs=false go install "go.k6.io/k6@$K6_VERSION" >&2; then
    echo "k6.sh: go install go.k6.io/k6@$K6_VERSION failed" >&2
    exit 1
  fi
  echo "k6.sh: built in $((SECONDS - started)) s" >&2
fi

if [ "$(version_of "$cache/k6")" != "$K6_VERSION" ]; then
  echo "k6.sh: $cache/k6 does not report $K6_VERSION; delete it and rerun" >&2
  exit 1
fi
echo "$cache/k6"

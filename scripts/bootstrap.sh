#!/usr/bin/env bash
# Sourced by run.sh and test.sh: Node 24 on PATH, and node_modules matching package-lock.json,
# so `npm start` and `npm test` work on a fresh clone with nothing else run first.
_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$_root/scripts/node24.sh"
if [ ! -f "$_root/node_modules/.package-lock.json" ] || [ "$_root/package-lock.json" -nt "$_root/node_modules/.package-lock.json" ]; then
  echo "mockpos: installing dependencies (npm ci)…" >&2
  (cd "$_root" && npm ci --no-audit --no-fund --loglevel=error) >&2 || exit 1
fi
unset _root

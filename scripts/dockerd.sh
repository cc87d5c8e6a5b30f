#!/usr/bin/env bash
# Makes sure a Docker engine answers: starts dockerd in the background when none does, waits a
# bounded time for `docker info`, and fails loudly (with dockerd's log) when it cannot start.
# Nothing that needs Docker is skipped for want of it. Usage: bash scripts/dockerd.sh
set -euo pipefail

LOG=${MOCKPOS_DOCKERD_LOG:-/var/log/mockpos-dockerd.log}
WAIT_S=${MOCKPOS_DOCKERD_WAIT:-60}

if docker info >/dev/null 2>&1; then
  exit 0
fi
if ! command -v dockerd >/dev/null; then
  echo "dockerd: not installed (Debian: apt-get install docker.io); the container tests need a Docker engine" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "dockerd: not running, and starting it needs root (run as root, or start the engine yourself)" >&2
  exit 1
fi

echo "dockerd: starting (log: $LOG)" >&2
# setsid: the engine outlives this script and the shell that ran it, as a service would.
setsid nohup dockerd >>"$LOG" 2>&1 </dev/null &
pid=$!
for _ in $(seq 1 "$WAIT_S"); do
  if docker info >/dev/null 2>&1; then
    echo "dockerd: up (pid $pid, $(docker info --format '{{.ServerVersion}}, storage {{.Driver}}'))" >&2
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    break
  fi
  sleep 1
done
echo "dockerd: did not answer within ${WAIT_S} s; the end of its log:" >&2
tail -n 40 "$LOG" >&2
exit 1

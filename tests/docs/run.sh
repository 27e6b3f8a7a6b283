#!/usr/bin/env bash
# The docs test: installs tests/docs' npm packages (Next.js, React, Auth.js
# types and tsc; about 40 s from an empty npm cache, nothing when installed),
# links noormme to runtime-ts (built: the package users get, through its
# exports), then runs doctest.mjs over README.md and docs/ (about 1 minute
# on 2 busy cores).
#   usage: bash tests/docs/run.sh [NOORMC] [PAGE.md ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
noormc="$(realpath "${1:-$root/build/noormc}")"
shift || true
[ -f "$root/runtime-ts/dist/cjs/index.js" ] || { echo "docs: runtime-ts is not built (bash scripts/setup-node.sh)"; exit 1; }
if [ ! -d "$here/node_modules/next" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --ignore-scripts --omit=optional --no-audit --no-fund)
fi
ln -sfn ../../../runtime-ts "$here/node_modules/noormme"
node "$here/doctest.mjs" "$noormc" "$@"
# The test of the test: a drifted page fails at its lines (about 10 s).
[ "$#" -gt 0 ] || node "$here/selftest.mjs" "$noormc"

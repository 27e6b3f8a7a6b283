#!/usr/bin/env bash
# Installs the npm packages of runtime-ts/ (better-sqlite3 builds from source,
# about a minute) and of tests/nextauth/, and builds the noormme package.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "setup-node: node is missing (apt-get install nodejs npm)"; exit 1; }
install() {
  local dir="$1"
  if [ ! -d "$dir/node_modules/better-sqlite3/build" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    (cd "$dir" && npm ci --no-audit --no-fund)
  fi
}
install runtime-ts
(cd runtime-ts && npm run build --silent)
if [ "${1:-}" = "--tests" ]; then install tests/nextauth; fi

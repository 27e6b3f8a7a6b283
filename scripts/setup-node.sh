#!/usr/bin/env bash
# Installs the npm packages of runtime-ts/ (better-sqlite3 builds from source,
# about a minute) and builds the noormme package.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v node >/dev/null || { echo "setup-node: node is missing (apt-get install nodejs npm)"; exit 1; }
if [ ! -d runtime-ts/node_modules/better-sqlite3/build ] || [ runtime-ts/package-lock.json -nt runtime-ts/node_modules/.package-lock.json ]; then
  (cd runtime-ts && npm ci --no-audit --no-fund)
fi
(cd runtime-ts && npm run build --silent)

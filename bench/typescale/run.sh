#!/usr/bin/env bash
# Installs the benchmark's tools (TypeScript 7.0.2 and 5.9.3, kysely-codegen;
# better-sqlite3 is runtime-ts's), then runs run.mjs. See README.md.
#   bash bench/typescale/run.sh [--tables N] [--migrations M] [--runs R] [--noormc PATH]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
[ -x "$root/build/noormc" ] || { echo "typescale: build noormc first (cmake --build build)"; exit 1; }
[ -f "$root/runtime-ts/dist/esm/index.d.ts" ] || (cd "$root/runtime-ts" && npm run build --silent)
if [ ! -d "$here/node_modules/kysely-codegen" ]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
fi
# kysely-codegen loads better-sqlite3 from its own node_modules: lend it runtime-ts's build.
[ -e "$here/node_modules/better-sqlite3" ] || ln -s "$root/runtime-ts/node_modules/better-sqlite3" "$here/node_modules/better-sqlite3"
exec node "$here/run.mjs" "$@"

#!/usr/bin/env bash
# Hostile calls from untyped JavaScript to a generated repository: builds
# tests/emit/hostile_calls/ with noormc, compiles the output with tsc, and runs
# hostile_calls.test.mjs against it with the real noormme runtime and
# better-sqlite3 (runtime-ts, installed and built).
#   usage: tests/emit/hostile_calls.sh NOORMC_BINARY
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
noormc="${1:-$root/build/noormc}"
tsc="$root/runtime-ts/node_modules/.bin/tsc"
[ -x "$tsc" ] || { echo "hostile_calls: runtime-ts is not installed (run npm ci in runtime-ts)"; exit 1; }
[ -f "$root/runtime-ts/dist/esm/index.js" ] || { echo "hostile_calls: runtime-ts is not built (npm run build)"; exit 1; }
app="$(mktemp -d)"
trap 'rm -rf "$app"' EXIT
mkdir -p "$app/node_modules" "$app/migrations"
cp "$root"/tests/emit/hostile_calls/*.sql "$app/migrations/"
ln -s "$root/runtime-ts" "$app/node_modules/noormme"
echo '{ "type": "module" }' > "$app/package.json"
echo '{ "bigint": true }' > "$app/noormc.json"
cat > "$app/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "strict": true, "target": "ES2022", "module": "NodeNext", "moduleResolution": "NodeNext",
    "skipLibCheck": true, "outDir": "dist", "types": ["node"], "typeRoots": ["$root/runtime-ts/node_modules/@types"]
  },
  "include": ["src/db/*.ts"]
}
JSON
(cd "$app" && "$noormc" build --quiet)
(cd "$app" && "$tsc" -p tsconfig.json)
cp "$root/tests/emit/hostile_calls.test.mjs" "$app/"
cd "$app" && node --test hostile_calls.test.mjs

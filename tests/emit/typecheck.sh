#!/usr/bin/env bash
# For every migrations folder under fixtures/ and examples/: `noormc build`,
# then `tsc --strict --noEmit` on the output, importing the real noormme
# package (runtime-ts, built). Zero errors allowed.
#   usage: tests/emit/typecheck.sh NOORMC_BINARY
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
noormc="${1:-$root/build/noormc}"
tsc="$root/runtime-ts/node_modules/.bin/tsc"
[ -x "$tsc" ] || { echo "typecheck: runtime-ts is not installed (run npm ci in runtime-ts)"; exit 1; }
[ -f "$root/runtime-ts/dist/esm/index.d.ts" ] || { echo "typecheck: runtime-ts is not built (npm run build)"; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
passed=0; failed=0
for dir in "$root"/fixtures/*/migrations "$root"/examples/*/migrations; do
  name="$(basename "$(dirname "$dir")")"
  app="$work/$name"
  mkdir -p "$app/node_modules" "$app/migrations"
  cp "$dir"/*.sql "$app/migrations/"
  ln -s "$root/runtime-ts" "$app/node_modules/noormme"
  echo '{ "type": "module" }' > "$app/package.json"
  [ -f "$dir/../noormc.json" ] && cp "$dir/../noormc.json" "$app/noormc.json"
  cat > "$app/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "ES2022", "module": "ESNext", "moduleResolution": "Bundler",
    "noUncheckedIndexedAccess": true, "noImplicitOverride": true, "skipLibCheck": true,
    "types": ["node"], "typeRoots": ["$root/runtime-ts/node_modules/@types"]
  },
  "include": ["src/db/*.ts"]
}
JSON
  if ! (cd "$app" && "$noormc" build --quiet >"$app/build.log" 2>&1); then
    echo "FAIL $name: noormc build"; cat "$app/build.log"; failed=$((failed + 1)); continue
  fi
  if (cd "$app" && "$tsc" -p tsconfig.json >"$app/tsc.log" 2>&1); then
    passed=$((passed + 1))
  else
    echo "FAIL $name: tsc"; head -40 "$app/tsc.log"; failed=$((failed + 1))
  fi
done
echo "typecheck: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Regenerates the golden outputs the tests compare against, with the compiler:
# runtime-ts/test/reference/blog/ (examples/blog + the reference's extra
# migration, {"bigint": true, "importExtension": ".js"}; see
# runtime-ts/test/reference/GENERATED_SHAPE.md) and tests/nextauth/reference/*.
#   usage: scripts/regen-references.sh [NOORMC_BINARY]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
noormc="$(cd "$(dirname "${1:-$root/build/noormc}")" && pwd)/$(basename "${1:-$root/build/noormc}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/blog/migrations"
cp "$root"/examples/blog/migrations/*.sql "$root"/runtime-ts/test/reference/migrations/*.sql "$work/blog/migrations/"
echo '{ "bigint": true, "importExtension": ".js" }' > "$work/blog/noormc.json"
(cd "$work/blog" && "$noormc" build --quiet)
for f in index.ts migrations.ts relations.ts repositories.ts schema.ts; do
  cp "$work/blog/src/db/$f" "$root/runtime-ts/test/reference/blog/$f"
done

for ref in "$root"/tests/nextauth/reference/*/; do
  name="$(basename "$ref")"
  mkdir -p "$work/$name/migrations"
  cp "$ref"/migrations/*.sql "$work/$name/migrations/"
  cp "$ref/noormc.json" "$work/$name/noormc.json"
  (cd "$work/$name" && "$noormc" build --quiet)
  for f in "$work/$name"/src/db/*.ts; do cp "$f" "$ref/$(basename "$f")"; done
done
echo "references regenerated"

#!/usr/bin/env bash
# Rewrites the golden references that tests compare `noormc build` against,
# with the compiler itself (never by hand): runtime-ts/test/reference/blog
# (examples/blog plus the reference's own migrations, bigint and .js imports,
# as tests/emit_test.cpp builds it) and tests/nextauth/reference/*.
#   usage: scripts/regen-references.sh [NOORMC_BINARY]   (default build/noormc)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
noormc="$(realpath "${1:-$root/build/noormc}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir "$work/migrations"
cp "$root"/examples/blog/migrations/*.sql "$root"/runtime-ts/test/reference/migrations/*.sql "$work/migrations/"
echo '{ "bigint": true, "importExtension": ".js" }' > "$work/noormc.json"
(cd "$work" && "$noormc" build --quiet)
cp "$work"/src/db/{index,schema,relations,repositories,migrations}.ts "$root/runtime-ts/test/reference/blog/"
for ref in "$root"/tests/nextauth/reference/*/; do
  [ -d "$ref/migrations" ] && (cd "$ref" && "$noormc" build --quiet --migrations migrations --out .)
done
git -C "$root" status --short -- runtime-ts/test/reference tests/nextauth/reference

#!/usr/bin/env bash
# Publishes the tarballs of scripts/pack.sh to the npm registry, in the order
# that never leaves a published package pointing at a missing one: the
# platform packages (@noormc/<platform>), then the launcher `noormc` whose
# optionalDependencies name them, then the runtime `noormme`.
#
#   bash scripts/publish.sh                 npm publish --dry-run of each tarball (the default)
#   bash scripts/publish.sh --yes [--tag TAG] [--otp CODE] [--provenance]
#
# --yes publishes for real: it needs `npm login` (or NPM_TOKEN in ~/.npmrc) with
# rights on noormc, noormme and the @noormc scope, and refuses a version that
# is already on the registry. TAG defaults to latest, or next for a
# prerelease version (1.2.0-rc.1). Run scripts/pack.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/npm
dry_run=--dry-run
extra=()
tag=""
while [ $# -gt 0 ]; do
  case "$1" in
    --yes) dry_run=""; shift ;;
    --tag) tag="$2"; shift 2 ;;
    --otp) extra+=(--otp "$2"); shift 2 ;;
    --provenance) extra+=(--provenance); shift ;;
    *) echo "usage: bash scripts/publish.sh [--yes] [--tag TAG] [--otp CODE] [--provenance]" >&2; exit 2 ;;
  esac
done
[ -f "$out/manifest.json" ] || { echo "publish: no $out/manifest.json; run bash scripts/pack.sh first" >&2; exit 1; }

# name<TAB>file<TAB>version per tarball, platform packages first, then noormc, then noormme.
order=$(node -e '
  const m = require(process.argv[1]);
  const rank = (p) => (p.name.startsWith("@noormc/") ? 0 : p.name === "noormc" ? 1 : 2);
  for (const p of [...m.packages].sort((a, b) => rank(a) - rank(b))) {
    if (p.version !== m.version) { console.error(`publish: ${p.file} is ${p.version}, not ${m.version}`); process.exit(1); }
    console.log([p.name, p.file, p.version].join("\t"));
  }' "$(pwd)/$out/manifest.json")
version=$(node -p 'require(process.argv[1]).version' "$(pwd)/$out/manifest.json")
[ -n "$tag" ] || { case "$version" in *-*) tag=next ;; *) tag=latest ;; esac; }

if [ -z "$dry_run" ]; then
  npm whoami >/dev/null || { echo "publish: not logged in to $(npm config get registry) (npm login)" >&2; exit 1; }
  while IFS=$'\t' read -r name file v; do
    if npm view "$name@$v" version >/dev/null 2>&1; then
      echo "publish: $name@$v is already on the registry; bump project(VERSION) in CMakeLists.txt and pack again" >&2
      exit 1
    fi
  done <<<"$order"
fi

while IFS=$'\t' read -r name file v; do
  echo "publish: $name@$v from $out/$file (tag $tag)${dry_run:+, dry run}"
  npm publish "$out/$file" --access public --tag "$tag" ${dry_run:+"$dry_run"} ${extra[@]+"${extra[@]}"}
done <<<"$order"

#!/usr/bin/env bash
# Builds the self-contained noormc binary (Release, -DNOORMC_STATIC=ON, in its
# own build folder) and packs the npm packages with `npm pack`:
#
#   build/npm/noormc-linux-x64-gnu.tgz  @noormc/linux-x64-gnu: the stripped binary
#   build/npm/noormc.tgz                noormc: the launcher (node_modules/.bin/noormc)
#   build/npm/noormme.tgz               noormme: the runtime (ESM, CJS, types)
#   build/npm/manifest.json             the version, and per tarball its package
#                                       name, file, size and sha512 integrity
#
# Every package gets the version of project() in CMakeLists.txt. Install them
# into a project with
#   npm i -D build/npm/noormc.tgz build/npm/noormc-linux-x64-gnu.tgz
#   npm i build/npm/noormme.tgz
# and publish them with scripts/publish.sh.
#
#   bash scripts/pack.sh [--build-dir DIR]   (default build-release)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
build_dir=build-release
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) build_dir="$2"; shift 2 ;;
    *) echo "usage: bash scripts/pack.sh [--build-dir DIR]" >&2; exit 2 ;;
  esac
done
for tool in cmake antlr4 node npm readelf objdump strip; do
  command -v "$tool" >/dev/null || { echo "pack: $tool is missing; run bash scripts/setup.sh first" >&2; exit 1; }
done

version=$(sed -n 's/^project(noormc VERSION \([0-9][0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$version" ] || { echo "pack: no project(noormc VERSION x.y.z) in CMakeLists.txt" >&2; exit 1; }

# ------------------------------------------------------------------ the binary
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x64-gnu ;;
  *) echo "pack: no platform package for $(uname -s)-$(uname -m) yet (npm/ has linux-x64-gnu)" >&2; exit 1 ;;
esac
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release -DNOORMC_STATIC=ON -DNOORMC_TESTS=OFF >/dev/null
cmake --build "$build_dir" --target noormc -j"$(nproc)"
binary="$build_dir/noormc"
[ "$("$binary" --version)" = "$version" ] || { echo "pack: $binary --version is not $version" >&2; exit 1; }

# Only glibc may stay dynamic: libc, libm and the loader (libpthread/libdl before glibc 2.34).
needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
for lib in $needed; do
  case "$lib" in
    libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2 | ld-linux-x86-64.so.2) ;;
    *) echo "pack: $binary needs $lib at run time; only glibc may be dynamic (cmake -DNOORMC_STATIC=ON)" >&2; exit 1 ;;
  esac
done
glibc=$(objdump -T "$binary" | grep -o 'GLIBC_[0-9][0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)

# ------------------------------------------------------------------ the packages
out=build/npm
stage=$out/stage
rm -rf "$out"
mkdir -p "$stage"

cp -r npm/linux-x64-gnu "$stage/$platform"
mkdir -p "$stage/$platform/bin"
strip --strip-all -o "$stage/$platform/bin/noormc" "$binary"
chmod 755 "$stage/$platform/bin/noormc"
stripped=$(stat -c %s "$stage/$platform/bin/noormc")
node npm/stamp.mjs "$stage/$platform" "$version" "{\"noormc\":{\"glibc\":\"$glibc\"}}"

cp -r npm/noormc "$stage/noormc"
chmod 755 "$stage/noormc/bin/noormc.js"
node npm/stamp.mjs "$stage/noormc" "$version"

# runtime-ts/dist, built by the TypeScript of runtime-ts/node_modules (installed when missing).
if [ -x runtime-ts/node_modules/.bin/tsc ]; then (cd runtime-ts && npm run build --silent); else bash scripts/setup-node.sh; fi
mkdir -p "$stage/noormme"
cp -r runtime-ts/package.json runtime-ts/dist npm/noormme/README.md "$stage/noormme/"
node npm/stamp.mjs "$stage/noormme" "$version" --drop scripts,devDependencies

# Stable file names for the examples and tests; the manifest keeps npm's own.
manifest="[]"
for pkg in "$platform" noormc noormme; do
  json=$(cd "$stage/$pkg" && npm pack --ignore-scripts --json --pack-destination "$root/$out")
  file=$([ "$pkg" = "$platform" ] && echo "noormc-$platform.tgz" || echo "$pkg.tgz")
  manifest=$(node -e '
    const [list, entry, file] = [JSON.parse(process.argv[1]), JSON.parse(process.argv[2])[0], process.argv[3]];
    const fs = require("node:fs");
    fs.renameSync(process.argv[4] + "/" + entry.filename, process.argv[4] + "/" + file);
    list.push({ name: entry.name, version: entry.version, file, npmFilename: entry.filename,
                size: entry.size, unpackedSize: entry.unpackedSize, integrity: entry.integrity });
    console.log(JSON.stringify(list));' "$manifest" "$json" "$file" "$out")
done
node -e '
  const [version, glibc, binarySize, packages] = process.argv.slice(1);
  console.log(JSON.stringify({ version, glibc, binarySize: Number(binarySize), packages: JSON.parse(packages) }, null, 2));' \
  "$version" "$glibc" "$stripped" "$manifest" >"$out/manifest.json"
rm -rf "$stage"

echo "pack: noormc $version for $platform (glibc $glibc or newer), stripped binary $stripped bytes:"
ls -l "$out"

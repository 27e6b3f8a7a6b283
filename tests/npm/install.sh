#!/usr/bin/env bash
# The npm path of a Next.js user, from the tarballs of scripts/pack.sh:
#   1. the platform binary is self-contained (readelf, ldd: only glibc) and runs
#      from an empty directory with an empty environment;
#   2. `npm i -D noormc` (with the platform tarball, as the registry would
#      resolve it) gives node_modules/.bin/noormc: `npx noormc --version` is
#      CMakeLists.txt's version, `noormc build` compiles tests/npm/fixture;
#   3. `npm i noormme` into a project that has only typescript: tsc --strict
#      (skipLibCheck off) on the generated code and a program using it, under
#      moduleResolution bundler, nodenext (ESM and CommonJS), node16 and node10;
#   4. the compiled program runs as ESM (import) and as CommonJS (require) on a
#      real database file; sqlite3 and `noormc status` see what it wrote;
#   5. the launcher without its platform package exits 3 and says how to build
#      from source;
#   6. scripts/publish.sh's dry run goes through every tarball in order.
# About 1 minute after pack.sh (better-sqlite3's addon is copied from
# runtime-ts when the versions match instead of compiled again).
#   usage: bash tests/npm/install.sh [--no-pack]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
[ "${1:-}" = "--no-pack" ] || bash scripts/pack.sh
npm_dir="$root/build/npm"
version=$(node -p 'require(process.argv[1]).version' "$npm_dir/manifest.json")
[ "$version" = "$(sed -n 's/^project(noormc VERSION \([0-9][0-9.]*\).*/\1/p' CMakeLists.txt)" ]
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL install: $*" >&2; exit 1; }
step() { echo "install: $*"; }

# ------------------------------------------------------------------ 1. the binary
step "the binary is self-contained"
mkdir -p "$work/unpacked" "$work/empty"
tar xzf "$npm_dir/noormc-linux-x64-gnu.tgz" -C "$work/unpacked"
bin="$work/unpacked/package/bin/noormc"
[ -x "$bin" ] || fail "bin/noormc is not executable in the tarball"
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
[ "$needed" = "ld-linux-x86-64.so.2 libc.so.6 libm.so.6 " ] || fail "NEEDED is '$needed', not glibc only"
ldd "$bin" | grep -vE 'linux-vdso|libc\.so\.6|libm\.so\.6|ld-linux-x86-64' && fail "ldd lists a non-glibc library"
readelf -S "$bin" | grep -q '\.symtab' && fail "the binary is not stripped"
[ "$(cd "$work/empty" && env -i "$bin" --version)" = "$version" ] || fail "the binary does not run from an empty directory"
printf 'CREATE TABLE t (id INTEGER PRIMARY KEY);\n' >"$work/empty/t.sql"
(cd "$work/empty" && env -i "$bin" sql --help >/dev/null) || fail "noormc sql --help"

# ------------------------------------------------------------------ 2. npm i -D noormc
step "npm i -D noormc; npm i noormme typescript"
app="$work/app"
mkdir -p "$app"
cp -r tests/npm/fixture/migrations "$app/"
cd "$app"
npm init -y >/dev/null
tsc_version=$(node -p 'require(process.argv[1]).version' "$root/runtime-ts/node_modules/typescript/package.json")
npm i -D --no-audit --no-fund "$npm_dir/noormc.tgz" "$npm_dir/noormc-linux-x64-gnu.tgz" "typescript@$tsc_version" >/dev/null
# better-sqlite3's install script compiles its addon (minutes on 2 cores); the
# one runtime-ts built is the same file when the versions match.
npm i --no-audit --no-fund --ignore-scripts "$npm_dir/noormme.tgz" >/dev/null
bs=node_modules/better-sqlite3
if [ "$(node -p "require('./$bs/package.json').version")" = "$(node -p "require('$root/runtime-ts/$bs/package.json').version")" ]; then
  mkdir -p "$bs/build/Release" && cp "$root/runtime-ts/$bs/build/Release/better_sqlite3.node" "$bs/build/Release/"
else
  npm rebuild better-sqlite3 >/dev/null
fi
[ -L node_modules/.bin/noormc ] || fail "no node_modules/.bin/noormc"
[ "$(npx --no-install noormc --version)" = "$version" ] || fail "npx noormc --version is not $version"
[ ! -d node_modules/@types ] || [ -d node_modules/@types/better-sqlite3 ] || fail "@types/better-sqlite3 did not come with noormme"
[ -z "$(node -p "Object.keys(require('./package.json').devDependencies).filter(d => d.startsWith('@types')).join()")" ]

# ------------------------------------------------------------------ 3. types
step "noormc build, then tsc under bundler, nodenext (ESM, CJS), node16, node10"
# next/: what Next.js and other bundlers compile (imports without extension);
# esm/ and cjs/: Node's own resolution (importExtension ".js" in noormc.json).
mkdir -p next esm cjs
echo '{ "type": "module" }' >esm/package.json
for kind in next esm cjs; do
  [ "$kind" = next ] || echo '{ "importExtension": ".js" }' >"$kind/noormc.json"
  (cd "$kind" && "$app/node_modules/.bin/noormc" build --quiet --migrations ../migrations) || fail "noormc build ($kind)"
  cp "$root/tests/npm/fixture/main.ts" "$kind/main.ts"
done
grep -q "from './schema'" next/src/db/index.ts || fail "next/: imports carry an extension"
tsc() {  # KIND MODULE RESOLUTION [--outDir DIR | --noEmit]
  local kind="$1" module="$2" resolution="$3"; shift 3
  npx --no-install tsc --strict --target ES2022 --skipLibCheck false --noUncheckedIndexedAccess \
    --module "$module" --moduleResolution "$resolution" "$@" "$kind/main.ts" || fail "tsc $kind $module/$resolution"
}
tsc next ESNext Bundler --noEmit --jsx preserve
tsc esm NodeNext NodeNext --outDir esm/build
tsc cjs NodeNext NodeNext --outDir cjs/build
tsc cjs Node16 Node16 --noEmit
tsc cjs CommonJS Node10 --noEmit --esModuleInterop # as `tsc --init` writes for CommonJS
grep -q 'require("noormme")' cjs/build/main.js || fail "the CommonJS build does not require() noormme"
grep -q "from 'noormme'" esm/build/main.js || fail "the ESM build does not import noormme"

# ------------------------------------------------------------------ 4. run
step "run as ESM and as CommonJS on a real database file"
expected='{"users":[{"email":"ada@example.com","posts":["Hello"]}],"refused":["unique","check"]}'
for kind in esm cjs; do
  [ "$(node "$kind/build/main.js" "$kind.db")" = "$expected" ] || fail "$kind run: $(node "$kind/build/main.js" "$kind-again.db" 2>&1)"
  [ "$(sqlite3 "$kind.db" "SELECT u.email || ':' || p.title || ':' || p.status FROM users u JOIN posts p ON p.author_id = u.id")" = "ada@example.com:Hello:published" ] \
    || fail "$kind: sqlite3 does not see the rows"
  npx --no-install noormc status --db "$kind.db" >/dev/null || fail "$kind: noormc status after the runtime migrated"
done
node -e "const n = require('noormme'); if (typeof n.openConnection !== 'function') process.exit(1)" || fail "require('noormme')"
node --input-type=module -e "const n = await import('noormme'); if (typeof n.openConnection !== 'function') process.exit(1)" || fail "import('noormme')"

# ------------------------------------------------------------------ 5. no platform package
step "the launcher without its platform package"
rm -rf node_modules/@noormc
set +e
msg=$(npx --no-install noormc --version 2>&1)
code=$?
set -e
[ "$code" = 3 ] || fail "exit $code without the platform package"
echo "$msg" | grep -q "@noormc/linux-x64-gnu" && echo "$msg" | grep -q "building-from-source" || fail "message: $msg"
[ "$(NOORMC_BINARY="$bin" npx --no-install noormc --version)" = "$version" ] || fail "NOORMC_BINARY"
# Other machines, as the launcher sees them: process.platform, and glibc's
# version from process.report (none on musl).
npm i -D --no-audit --no-fund --ignore-scripts "$npm_dir/noormc-linux-x64-gnu.tgz" >/dev/null
launcher() {  # PLATFORM GLIBC -> the launcher's stderr; exit 3 expected
  set +e
  node -e '
    const [platform, glibc] = process.argv.slice(1, 3);
    Object.defineProperty(process, "platform", { value: platform });
    const report = process.report.getReport();
    process.report.getReport = () => ({ ...report, header: { ...report.header, glibcVersionRuntime: glibc || undefined } });
    process.argv = [process.argv[0], "noormc", "--version"];
    require("./node_modules/noormc/bin/noormc.js");' "$1" "$2" 2>&1
  local code=$?
  set -e
  [ "$code" = 3 ] || fail "launcher on $1 glibc '$2' exited $code"
}
launcher darwin "" | grep -q "no prebuilt binary for this platform (darwin-x64)" || fail "darwin message"
launcher linux "" | grep -q "no prebuilt binary for this platform (linux-x64-musl)" || fail "musl message"
launcher linux 2.31 | grep -q "needs glibc $(node -p 'require(process.argv[1]).glibc' "$npm_dir/manifest.json") or newer" || fail "old glibc message"
[ "$(npx --no-install noormc --version)" = "$version" ] || fail "reinstalled platform package"

# ------------------------------------------------------------------ 6. publish --dry-run
step "publish dry run"
cd "$root"
log=$(bash scripts/publish.sh 2>&1) || fail "publish.sh: $log"
order=$(echo "$log" | sed -n 's/^publish: \([^ ]*\)@.*/\1/p' | tr '\n' ' ')
[ "$order" = "@noormc/linux-x64-gnu noormc noormme " ] || fail "publish order: $order"
echo "install: all passed (noormc $version)"

#!/usr/bin/env bash
# Every test: set up, build, then the C++ suites, fuzzers and the generated
# code's type checks (CTest), the C++ suites and fuzzers again under
# ASan+UBSan, the runtime's suites and the NextAuth adapter's conformance,
# type and end-to-end suites (node's test runner) on better-sqlite3 and again
# on libsql, the concurrency harness, the npm packages as a user installs
# them, then the example apps end to end in chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-node.sh --tests
# The built-in function table (src/syntax/sqlite_functions.inc) is better-sqlite3's SQLite's (under 1 s).
node scripts/sqlite_functions.js --check
ctest --test-dir build --output-on-failure -j"$(nproc)"
# The C++ suites and both fuzzers again under AddressSanitizer + UBSan
# (build-asan: the build, the suites, then 120 s of mutated folders whose seed
# is printed; rerun one with tests/fuzz/mutation_fuzz.py build-asan/noormc --seed N).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DNOORMC_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -E 'typescript_typecheck|docs_codes|hostile_calls|emit_hostile|emit_wide|migrate_runners|syntax_fuzz|mutation_fuzz|differential_fuzz'
# (the oracle: the uninstrumented build/oracle/libsqlite3.so.0, the SQLite noormc links)
LD_LIBRARY_PATH=build/oracle python3 tests/fuzz/differential_fuzz.py build-asan/noormc 1 40 80
python3 tests/fuzz/mutation_fuzz.py build-asan/noormc --seconds 120
unset ASAN_OPTIONS UBSAN_OPTIONS
# runtime-ts: Biome's formatter and linter (runtime-ts/biome.jsonc; under a second), then its suites.
(cd runtime-ts && npm run lint && npm test)
(cd tests/nextauth && npm test)
# The docs' ts/tsx blocks type-checked against the generated code, the
# runnable ones run on a migrated database file (tests/docs/README.md; about
# 30 s of CPU, 1 to 2.5 minutes on 2 busy cores, plus about 1 minute for its
# npm ci on a fresh machine).
bash tests/docs/run.sh build/noormc
# The same suites on the libsql driver (about 2 minutes), then concurrent
# writers and readers: 3 runs of 4 processes x 1,000 inserts with 2 readers
# (about a minute; 0 rows lost, 0 errors, no -wal/-shm after the last close),
# and one run on libsql (about 30 s).
(cd runtime-ts && NOORMME_TEST_DRIVER=libsql node --test --test-concurrency=1 build-test/test/)
(cd tests/nextauth && NOORMME_TEST_DRIVER=libsql node --test --test-concurrency=1 build/test/*.test.js)
node tests/concurrency/harness.mjs --runs 3 --inserts 1000
node tests/concurrency/harness.mjs --runs 1 --inserts 500 --driver libsql
# The npm packages as a user installs them: pack.sh (a static Release build in
# build-release), then tests/npm/install.sh (about 1 minute after the build).
bash tests/npm/install.sh
# The example apps end to end in Debian's chromium (tests/e2e, harness.mjs;
# installs chromium with apt-get and each example's npm packages on first use,
# from build/npm/*.tgz): the blog (next build, next start, forms and JSON
# routes), the dev loop (next dev + watch, a new migration shows without a
# restart), production-config's standalone server, and the auth starter
# (magic-link sign-in, protected page, profile edit, sign out). Bounded.
(cd tests/e2e && npm ci --no-audit --no-fund && timeout --kill-after=30s 40m npm test)
# The tutorials as a reader follows them (tests/tutorial): docs/getting-started/
# first-app.md's shell blocks from an empty directory (create-next-app 16.4 from
# the npm registry; noormc and noormme from build/npm/*.tgz), its files, `npm run
# dev` and `npm start` driven in chromium through tests/e2e's harness; then
# docs/guides/nextauth-setup.md in the same app (the magic link from the dev
# server's output). 11.5 minutes measured on this 2-core machine under a load of
# 13-15 (about 9 + 3), less alone; bounded at 35.
timeout --kill-after=30s 35m node --test --test-concurrency=1 tests/tutorial/tutorial.test.mjs

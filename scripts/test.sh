#!/usr/bin/env bash
# Every test: set up, build, then the C++ suites, fuzzers and the generated
# code's type checks (CTest), the C++ suites and fuzzers again under
# ASan+UBSan, the runtime's suites and the NextAuth adapter's conformance,
# type and end-to-end suites (node's test runner).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-node.sh --tests
ctest --test-dir build --output-on-failure -j"$(nproc)"
# The C++ suites and both fuzzers again under AddressSanitizer + UBSan
# (build-asan: the build, the suites, then 120 s of mutated folders whose seed
# is printed; rerun one with tests/fuzz/mutation_fuzz.py build-asan/noormc --seed N).
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DNOORMC_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$(nproc)"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest --test-dir build-asan --output-on-failure -j"$(nproc)" -E 'typescript_typecheck|hostile_calls|mutation_fuzz'
python3 tests/fuzz/mutation_fuzz.py build-asan/noormc --seconds 120
unset ASAN_OPTIONS UBSAN_OPTIONS
(cd runtime-ts && npm test)
(cd tests/nextauth && npm test)

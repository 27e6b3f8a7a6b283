#!/usr/bin/env bash
# Every test: set up, build, then the C++ suites (CTest) and the runtime's suites.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"

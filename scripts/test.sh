#!/usr/bin/env bash
# Every test: set up, build, then the C++ suites and the generated code's
# type checks (CTest), the runtime's suites and the NextAuth adapter's
# conformance, type and end-to-end suites (node's test runner), then the
# example apps end to end (tests/e2e: next build, next start, the standalone
# server, next dev, driven by Debian's chromium; bounded at 30 minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-node.sh --tests
ctest --test-dir build --output-on-failure -j"$(nproc)"
(cd runtime-ts && npm test)
(cd tests/nextauth && npm test)
# Installs chromium (apt-get) and each example's npm packages on first use; npm's cache serves later runs.
(cd tests/e2e && npm ci --no-audit --no-fund && timeout --kill-after=30s 30m npm test)

#!/usr/bin/env bash
# Every test: set up, build, then the C++ suites and the generated code's
# type checks (CTest), the runtime's suites and the NextAuth adapter's
# conformance, type and end-to-end suites (node's test runner), then the
# example apps end to end in chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-node.sh --tests
ctest --test-dir build --output-on-failure -j"$(nproc)"
(cd runtime-ts && npm test)
(cd tests/nextauth && npm test)
# The npm packages as a user installs them: pack.sh (a static Release build in
# build-release), then tests/npm/install.sh (about 1 minute after the build).
bash tests/npm/install.sh
# End to end in Debian's chromium (tests/e2e, harness.mjs): the auth starter
# from a clean copy, installed from build/npm/*.tgz, next build, next start,
# sign-in through the captured magic link, profile edit, sign out. Bounded.
(cd tests/e2e && npm ci --no-audit --no-fund && timeout 25m node --test --test-concurrency=1 auth-starter.test.mjs)

#!/usr/bin/env bash
# Installs what noormc needs on a fresh Debian machine (as root), then builds it
# (noormc and its test suites, in build/).
# Debian packages come from Debian's archive; npm packages from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

# No libsqlite3-dev: noormc builds better-sqlite3's own SQLite (cmake/better_sqlite3.cmake). The sqlite3
# shell (Debian's) stays: tests run the migration files through it as written.
packages=(cmake gcc g++ make antlr4 libantlr4-runtime-dev libkainjow-mustache-dev
          libcli11-dev libgtest-dev nlohmann-json3-dev libssl-dev libjemalloc-dev sqlite3)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --no-build: the packages only (scripts/example.sh, whose noormc is the
# static binary scripts/pack.sh builds, as users get it from npm).
[ "${1:-}" = "--no-build" ] && exit 0
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"

#!/usr/bin/env bash
# The main job on the bundled example: set up, build, and compile examples/blog.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
cd examples/blog
../../build/noormc inspect

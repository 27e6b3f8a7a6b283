#!/usr/bin/env bash
# The main job on the bundled example: set up, build noormc, check and compile
# examples/blog/migrations into TypeScript, type-check it with the demo that
# uses it, and run the demo on a real database file.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/setup-node.sh
root="$(pwd)"
cd examples/blog
"$root/build/noormc" check
"$root/build/noormc" build
"$root/build/noormc" inspect users
mkdir -p node_modules
ln -sfn "$root/runtime-ts" node_modules/noormme
"$root/runtime-ts/node_modules/.bin/tsc" -p tsconfig.json --typeRoots "$root/runtime-ts/node_modules/@types"
node build/demo.js

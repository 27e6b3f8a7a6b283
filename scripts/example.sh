#!/usr/bin/env bash
# The main job on the blog example, the way a user gets it: build noormc, pack
# noormc and noormme into build/npm/*.tgz, install them (with Next.js) into
# examples/blog, check and compile its migrations to src/db, migrate its
# database (app.db), run `next build`, and print the command that starts it.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
bash scripts/setup.sh --no-build
bash scripts/setup-node.sh
# The tarballs of scripts/pack.sh (packed again when the sources are newer; see
# tarballs() in tests/e2e/harness.mjs), then `npm install` of examples/blog with
# them (npm's cache serves Next.js and React on later runs).
node --input-type=module -e "import { installApp } from '$root/tests/e2e/harness.mjs'; installApp('$root/examples/blog');"
cd examples/blog
npx noormc check
npx noormc build
npx noormc migrate
npm run build
cat <<'DONE'

The blog is built. Start it (migrates app.db, then next start on port 3000):

  cd examples/blog && npm start

DONE

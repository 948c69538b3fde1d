#!/usr/bin/env bash
# The npm package as a user gets it, in every JavaScript runtime and bundler it
# supports, against cohere-mock on loopback:
#   1. `npm publish --dry-run` of pkg/ prints no warning;
#   2. `npm pack` of pkg/ is installed, with the runtimes and bundlers that
#      tests/runtimes/package-lock.json pins (Node 18, Deno, Bun, the Edge Runtime,
#      wrangler and workerd, Vite, webpack, Rollup, esbuild, playwright-core), into
#      one temporary project;
#   3. tests/runtimes/test/runtimes.test.mjs runs the scenario (chat, stream, a 401,
#      leaving a stream early, two sequential chats) in each target: Node 20 and 18,
#      ESM and require, without the .wasm file, and bundled by esbuild; Deno
#      (node_modules, and npm: from a registry on loopback); Bun; the Edge Runtime;
#      workerd; Chromium pages and module Web Workers from Vite (build and dev
#      server), pages from webpack 5, Rollup and esbuild (iife, esm).
# Builds the npm package first unless COHERE_EDGE_PKG_BUILT=1 says pkg/ is fresh.
# Ends with `runtimes: N passed, M failed`; exits non-zero on any failure.
set -uo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stage_init runtimes

setup_package_stage

# Not logged in to npm here: its one warning about that is expected, any other fails.
echo "--- npm publish --dry-run (pkg/)"
if (cd pkg && npm publish --dry-run --ignore-scripts) </dev/null >"$log/publish" 2>&1 \
  && ! grep -i "npm warn" "$log/publish" | grep -qv "requires you to be logged in"; then
  report_ok "npm publish --dry-run, no warnings ($(grep -o 'total files: *[0-9]*' "$log/publish"))"
else
  cat "$log/publish"; report_failed "npm publish --dry-run printed warnings or failed"
fi

echo "--- npm pack, installed into a temporary project"
project="$log/project"
mkdir -p "$project"
tarball="$(cd pkg && npm pack --silent --pack-destination "$log" </dev/null | tail -1)"
[ -f "$log/$tarball" ] || fail_setup "npm pack of pkg/"
cp -r tests/runtimes/package.json tests/runtimes/package-lock.json tests/runtimes/*.mjs \
  tests/runtimes/test tests/runtimes/targets "$project/"
# As a user would: `npm install ./cohere-edge-X.tgz` in their project.
if (cd "$project" && npm install --no-audit --no-fund "$log/$tarball") </dev/null >"$log/npm" 2>&1; then
  report_ok "npm install $tarball"
else
  cat "$log/npm"; fail_setup "npm install of the packed tarball"
fi

launch_mock "$mock_bin" "$log/mock" --api-key runtimes-key \
  || fail_setup "cohere-mock did not start"
export COHERE_MOCK_URL="$MOCK_URL" RUNTIMES_TOKEN=runtimes-key RUNTIMES_TARBALL="$log/$tarball"

echo "--- the scenario in every runtime and bundler"
run_node_tests "$project" "^# (tests|pass|fail) "
finish

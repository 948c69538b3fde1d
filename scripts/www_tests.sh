#!/usr/bin/env bash
# The chat page (www/) end to end in headless Chromium: www/test/e2e.test.mjs serves
# the page with www/serve.mjs (built into www/dist, with its cohere-mock) and drives
# Debian's chromium through playwright-core. Saves the screenshot to
# target/artifacts/www-chat.png (WWW_ARTIFACTS overrides).
# Builds the npm package first unless COHERE_EDGE_PKG_BUILT=1 says pkg/ is fresh.
# Installs what is missing (chromium, the wasm tools, npm packages).
# Ends with `www: N passed, M failed`; exits non-zero on any failure.
set -uo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stage_init www

setup_package_stage
(cd www && npm ci --no-audit --no-fund </dev/null >"$log/npm" 2>&1) || { cat "$log/npm"; fail_setup "npm ci in www"; }

echo "--- www/ in headless Chromium"
run_node_tests www "# (latency row|screenshot):"
finish

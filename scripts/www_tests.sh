#!/usr/bin/env bash
# The chat page (www/) end to end in headless Chromium: www/test/e2e.test.mjs serves
# the page with www/serve.mjs (built into www/dist, with its cohere-mock) and drives
# Debian's chromium through playwright-core. Saves the screenshot to
# target/artifacts/www-chat.png (WWW_ARTIFACTS overrides).
# Builds the npm package first unless COHERE_EDGE_PKG_BUILT=1 says pkg/ is fresh.
# Installs what is missing (chromium, the wasm tools, npm packages).
# Ends with `www: N passed, M failed`; exits non-zero on any failure.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/tools.sh
source scripts/tools.sh
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
stage_init www
log="$stage_log"
export COHERE_MOCK_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/cohere-mock"

echo "--- setup"
ensure_chromium || fail_setup "could not install chromium and chromium-driver"
cargo build -p cohere-mock --quiet </dev/null || fail_setup "cargo build -p cohere-mock"
ensure_pkg "$log/pkg" || fail_setup "scripts/build-pkg.sh"
(cd www && npm ci --no-audit --no-fund </dev/null >"$log/npm" 2>&1) || { cat "$log/npm"; fail_setup "npm ci in www"; }

echo "--- www/ in headless Chromium"
run_node_tests www "# (latency row|screenshot):"
finish

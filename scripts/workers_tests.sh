#!/usr/bin/env bash
# The two example Workers in real workerd (npm miniflare), against cohere-mock on
# loopback, with the scenarios of tests/workers/suite.mjs:
#   1. examples/worker (JS, the npm package): bundled by `wrangler deploy --dry-run`
#      exactly as a deploy would bundle it, then run;
#   2. examples/worker-rs (Rust, workers-rs): built by worker-build, then run.
# Builds the npm package first unless COHERE_EDGE_PKG_BUILT=1 says pkg/ is fresh (the
# test command sets it after scripts/wasm_tests.sh built it). Installs what is
# missing (worker-build, the wasm tools, npm packages).
# Ends with `workers: N passed, M failed`; exits non-zero on any failure.
set -uo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stage_init workers
export WRANGLER_SEND_METRICS=false

echo "--- setup"
ensure_wasm_tools || fail_setup "could not install the wasm tools"
ensure_worker_build || fail_setup "could not install worker-build"
# One wasm-bindgen CLI serves both builds, so both lockfiles must name the same version.
rs_bindgen="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' examples/worker-rs/Cargo.lock)"
[ "$rs_bindgen" = "$(wasm_bindgen_version)" ] \
  || fail_setup "examples/worker-rs/Cargo.lock has wasm-bindgen $rs_bindgen, Cargo.lock $(wasm_bindgen_version): run cargo update -p wasm-bindgen --precise $(wasm_bindgen_version) there"
build_mock || fail_setup "cargo build -p cohere-mock"
ensure_pkg "$log/pkg" || fail_setup "scripts/build-pkg.sh"
for dir in examples/worker examples/worker-rs; do
  (cd "$dir" && npm ci --no-audit --no-fund </dev/null >"$log/npm" 2>&1) || { cat "$log/npm"; fail_setup "npm ci in $dir"; }
done

echo "--- examples/worker (JS) in workerd"
if (cd examples/worker && rm -rf dist && npx --no-install wrangler deploy --dry-run --outdir dist) </dev/null >"$log/bundle" 2>&1; then
  report_ok "wrangler deploy --dry-run bundles examples/worker ($(grep -o 'Total Upload: .*' "$log/bundle"))"
  run_node_tests examples/worker "# figure:"
else
  cat "$log/bundle"; report_failed "wrangler deploy --dry-run in examples/worker"
fi

echo "--- examples/worker-rs (Rust) in workerd"
worker_build_env "$root/examples/worker-rs"
if (cd examples/worker-rs && worker-build --release) </dev/null >"$log/worker-build" 2>&1; then
  report_ok "worker-build examples/worker-rs (build/index_bg.wasm: $(wc -c < examples/worker-rs/build/index_bg.wasm) bytes, $(gzip -9 -c examples/worker-rs/build/index_bg.wasm | wc -c) gzipped)"
  run_node_tests examples/worker-rs "# figure:"
else
  cat "$log/worker-build"; report_failed "worker-build in examples/worker-rs"
fi

finish

#!/usr/bin/env bash
# The WebAssembly build and the npm package, tested against cohere-mock on loopback:
#   1. wasm-bindgen-test (tests/wasm.rs) in Node, then in headless Chromium;
#   2. the npm package (scripts/build-pkg.sh) in Node: the 59 conformance vectors and
#      the package's behaviour (tests/js/*.test.mjs);
#   3. the drop-in comparison (tests/js/dropin): one application run against cohere-ai
#      8.1.0 and against the package installed from its packed tarball;
#   4. the package's TypeScript definitions: tsc --noEmit on tests/js/types/example.ts.
# Installs what is missing (wasm32 target, wasm-bindgen-cli at the Cargo.lock version,
# wasm-pack, binaryen, Debian's chromium and chromium-driver, npm packages).
# Ends with `wasm: N passed, M failed`; exits non-zero on any failure.
set -uo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stage_init wasm

# start_mocks VAR NAME...: starts one cohere-mock per NAME and exports each URL, in order,
# as VAR, VAR_FRESH (a second mock whose counters no other test touches), VAR_RUNTIMES.
start_mocks() {
  local var="$1" name suffix
  shift
  for suffix in "" _FRESH _RUNTIMES; do
    [ "$#" -gt 0 ] || break
    name="$1"
    shift
    launch_mock "$mock_bin" "$log/$name" || return 1
    export "$var$suffix=$MOCK_URL"
  done
}

# wasm_bindgen_tests NAME: tests/wasm.rs under wasm-bindgen-test against two fresh
# mocks (in Node, or in Chromium when WASM_BINDGEN_USE_BROWSER is set), counted.
wasm_bindgen_tests() {
  start_mocks COHERE_MOCK_URL "$1" "$1-fresh" || { report_failed "cohere-mock did not start"; return; }
  cargo test --target wasm32-unknown-unknown --features js --test wasm -- --nocapture </dev/null 2>&1 | tee "$log/$1"
  add_test_counts "$log/$1" "${PIPESTATUS[0]}"
}

echo "--- setup"
ensure_wasm_tools || fail_setup "could not install the wasm tools"
ensure_chromium || fail_setup "could not install chromium and chromium-driver"
build_mock || fail_setup "cargo build -p cohere-mock"

echo "--- wasm-bindgen-test in Node"
wasm_bindgen_tests node

echo "--- wasm-bindgen-test in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver wasm_bindgen_tests chromium

echo "--- the npm package"
bash scripts/build-pkg.sh </dev/null 2>&1 | tee "$log/pkg" | tail -3
[ "${PIPESTATUS[0]}" -eq 0 ] || { cat "$log/pkg"; fail_setup "scripts/build-pkg.sh"; }
passed=$((passed + 1))
# The size budget (issue 18): gzipped wasm + JS of a browser page that only streams
# a chat (scripts/bundle_size.sh), printed on every run. The goal is 60,000 bytes;
# measured 59,141 with the size-tuned std (build-pkg.sh) and 70,110 with the prebuilt
# one (no rust-src). The budgets leave about 0.6 % and 1.3 % of headroom: lower them as the
# package shrinks, and raise one only with a reason in its commit.
size_budget=59500
grep -q "building with the prebuilt std" "$log/pkg" && size_budget=71000
if bash scripts/bundle_size.sh --budget "$size_budget" </dev/null; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
(cd tests/js && npm ci --no-audit --no-fund </dev/null >"$log/npm" 2>&1) || { cat "$log/npm"; fail_setup "npm ci in tests/js"; }
start_mocks COHERE_MOCK_URL js js-fresh js-runtimes || fail_setup "cohere-mock did not start"
run_node_tests tests/js "20 sequential|sequential calls through" \
  conformance.test.mjs package.test.mjs faults.test.mjs retry_limits.test.mjs runtimes.test.mjs dropin.test.mjs

echo "--- drop-in: one application against cohere-ai 8.1.0 and the packed package"
if (npm pack ./pkg --pack-destination "$log" >"$log/pack" 2>&1 \
    && cd tests/js/dropin && npm ci --no-audit --no-fund >"$log/npm-dropin" 2>&1 \
    && npm install --no-save --no-audit --no-fund "$log"/cohere-edge-*.tgz >>"$log/npm-dropin" 2>&1) </dev/null; then
  # compare.test.mjs exits by itself once its tests are done: cohere-ai 8.1.0 leaves a timer behind.
  run_node_tests tests/js/dropin "^# (pass|fail) " compare.test.mjs
else
  cat "$log/pack" "$log/npm-dropin" 2>/dev/null; report_failed "the drop-in comparison's setup"
fi

echo "--- TypeScript definitions (tsc --noEmit)"
check tsc bash -c 'cd tests/js && ./node_modules/.bin/tsc -p types/tsconfig.json </dev/null'

finish

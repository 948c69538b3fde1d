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
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/tools.sh
source scripts/tools.sh
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
target="${CARGO_TARGET_DIR:-$root/target}"
log="$(mktemp -d)"
passed=0
failed=0

cleanup() {
  stop_mocks
  rm -rf "$log"
}
trap cleanup EXIT

stage_name=wasm

# start_mock NAME: starts a cohere-mock on a free port; sets MOCK_URL.
start_mock() { launch_mock "$target/debug/cohere-mock" "$log/$1"; }

# count_rust LOG RC: adds the counts of a wasm-bindgen-test run.
count_rust() {
  local p f
  read -r p f < <(test_result_counts "$1")
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
}

echo "--- setup"
if ! ensure_wasm_tools; then echo "could not install the wasm tools"; failed=$((failed + 1)); finish; fi
if ! ensure_chromium; then echo "could not install chromium and chromium-driver"; failed=$((failed + 1)); finish; fi
cargo build -p cohere-mock --quiet </dev/null || { failed=$((failed + 1)); finish; }

echo "--- wasm-bindgen-test in Node"
start_mock node && export COHERE_MOCK_URL="$MOCK_URL" && start_mock node-fresh && export COHERE_MOCK_URL_FRESH="$MOCK_URL"
cargo test --target wasm32-unknown-unknown --features js --test wasm -- --nocapture </dev/null 2>&1 | tee "$log/node"
count_rust "$log/node" "${PIPESTATUS[0]}"

echo "--- wasm-bindgen-test in headless Chromium"
start_mock chromium && export COHERE_MOCK_URL="$MOCK_URL" && start_mock chromium-fresh && export COHERE_MOCK_URL_FRESH="$MOCK_URL"
WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --target wasm32-unknown-unknown --features js --test wasm -- --nocapture </dev/null 2>&1 | tee "$log/chromium"
count_rust "$log/chromium" "${PIPESTATUS[0]}"

echo "--- the npm package"
if bash scripts/build-pkg.sh </dev/null 2>&1 | tee "$log/pkg" | tail -3; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)); cat "$log/pkg"; finish
fi
# The size budget (issue 18): gzipped wasm + JS of a browser page that only streams
# a chat (scripts/bundle_size.sh), printed on every run. The goal is 60,000 bytes;
# measured 58,709 with the size-tuned std (build-pkg.sh) and 69,617 with the prebuilt
# one (no rust-src). The budgets leave about 1.3 % of headroom: lower them as the
# package shrinks, and raise one only with a reason in its commit.
size_budget=59500
grep -q "building with the prebuilt std" "$log/pkg" && size_budget=70500
if bash scripts/bundle_size.sh --budget "$size_budget" </dev/null; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
fi
if ! (cd tests/js && npm ci --no-audit --no-fund </dev/null >"$log/npm" 2>&1); then
  cat "$log/npm"; failed=$((failed + 1)); finish
fi
start_mock js && export COHERE_MOCK_URL="$MOCK_URL" && start_mock js-fresh && export COHERE_MOCK_URL_FRESH="$MOCK_URL"
start_mock js-runtimes && export COHERE_MOCK_URL_RUNTIMES="$MOCK_URL"
export COHERE_MOCK_BIN="$target/debug/cohere-mock"
(cd tests/js && node --test --test-reporter=tap conformance.test.mjs package.test.mjs faults.test.mjs retry_limits.test.mjs runtimes.test.mjs dropin.test.mjs) </dev/null >"$log/js" 2>&1
js_rc=$?
grep -E "20 sequential|sequential calls through|^not ok|^# (pass|fail) " "$log/js" || true
grep -B2 -A30 "^not ok" "$log/js" | head -80
read -r js_pass js_fail < <(tap_result_counts "$log/js")
passed=$((passed + js_pass)); failed=$((failed + js_fail))
if [ "$js_rc" -ne 0 ] && [ "$js_fail" -eq 0 ]; then failed=$((failed + 1)); cat "$log/js"; fi

echo "--- drop-in: one application against cohere-ai 8.1.0 and the packed package"
if (npm pack ./pkg --pack-destination "$log" >"$log/pack" 2>&1 \
    && cd tests/js/dropin && npm ci --no-audit --no-fund >"$log/npm-dropin" 2>&1 \
    && npm install --no-save --no-audit --no-fund "$log"/cohere-edge-*.tgz >>"$log/npm-dropin" 2>&1) </dev/null; then
  # compare.test.mjs exits by itself once its tests are done: cohere-ai 8.1.0 leaves a timer behind.
  (cd tests/js/dropin && node --test --test-reporter=tap compare.test.mjs) </dev/null >"$log/dropin" 2>&1
  dropin_rc=$?
  grep -E "^not ok|^# (pass|fail) " "$log/dropin" || true
  grep -B2 -A30 "^not ok" "$log/dropin" | head -80
  read -r d_pass d_fail < <(tap_result_counts "$log/dropin")
  passed=$((passed + d_pass)); failed=$((failed + d_fail))
  if [ "$dropin_rc" -ne 0 ] && [ "$d_fail" -eq 0 ]; then failed=$((failed + 1)); cat "$log/dropin"; fi
else
  cat "$log/pack" "$log/npm-dropin" 2>/dev/null; failed=$((failed + 1))
fi

echo "--- TypeScript definitions (tsc --noEmit)"
if (cd tests/js && ./node_modules/.bin/tsc -p types/tsconfig.json) </dev/null; then
  passed=$((passed + 1)); echo "ok: tsc"
else
  failed=$((failed + 1)); echo "FAILED: tsc"
fi

finish

#!/usr/bin/env bash
# The one test command (README.md; .ci/run calls it). Installs what is missing,
# then runs every check and test:
#   1. formatting and clippy (-D warnings) on every target of the workspace;
#   2. cargo test for the library, cohere-mock and the CLI (unit, integration,
#      conformance vectors, property tests, doc tests);
#   3. the official SDKs (PyPI cohere, npm cohere-ai) unchanged against cohere-mock;
#   4. the CLI end to end: the README's first command, with the built-in mock;
#   5. the WebAssembly build (scripts/wasm_tests.sh): wasm-bindgen-test in Node and
#      headless Chromium, the npm package in Node (59 conformance vectors and its
#      behaviour), and its TypeScript definitions;
#   6. the example Cloudflare Workers, JS and Rust, in workerd (scripts/workers_tests.sh);
#   7. the www/ chat page end to end in headless Chromium (scripts/www_tests.sh);
#   8. the packed npm package in every runtime and bundler (scripts/runtimes_tests.sh):
#      Node 18 and 20 (import and require), Deno, Bun, the Edge Runtime, workerd,
#      and Chromium pages built by Vite (with a module worker), webpack, Rollup and
#      esbuild; and `npm publish --dry-run` without warnings.
# It ends with one line `all: N passed, M failed` and exits non-zero on any failure.
# Works non-interactively (CI=true, no stdin). Nothing is skipped silently: a
# missing tool that cannot be installed is a failure.
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export CARGO_INCREMENTAL=0
log="$(mktemp -d)"
trap 'rm -rf "$log"' EXIT

passed=0
failed=0
failures=()
step() { echo; echo "==> $*"; }
ok() { passed=$((passed + 1)); echo "ok: $1"; }
bad() { failed=$((failed + 1)); failures+=("$1"); echo "FAILED: $1"; }
# tally NAME EXIT PASSED FAILED: adds a stage's counts; a stage that exited non-zero
# is listed, and counts as one failure when it reported none itself.
tally() {
  passed=$((passed + ${3:-0}))
  failed=$((failed + ${4:-0}))
  if [ "$2" -ne 0 ]; then
    [ "${4:-0}" -gt 0 ] || failed=$((failed + 1))
    failures+=("$1 (exit $2)")
  fi
}

# stage NAME PREFIX CMD...: runs a stage script that ends with `PREFIX: N passed,
# M failed`, shows its output, and tallies its counts.
stage() {
  local name="$1" prefix="$2" rc p f
  shift 2
  "$@" </dev/null 2>&1 | tee "$log/$prefix"
  rc=${PIPESTATUS[0]}
  read -r p f < <(sed -n "s/^$prefix: \([0-9]*\) passed, \([0-9]*\) failed\$/\1 \2/p" "$log/$prefix" | tail -1)
  tally "$name" "$rc" "${p:-0}" "${f:-0}"
}

# --- Setup: what the checks need. ------------------------------------------
step "setup"
if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
command -v cargo >/dev/null 2>&1 || { echo "cargo not found: install Rust with rustup first"; echo "all: 0 passed, 1 failed"; exit 1; }
if command -v rustup >/dev/null 2>&1; then
  for c in clippy rustfmt; do
    rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c" </dev/null
  done
fi
for tool in python3 node npm; do
  command -v "$tool" >/dev/null 2>&1 || { bad "setup: $tool is not installed"; }
done
# The WebAssembly toolchain (wasm32 target, wasm-bindgen-cli at the Cargo.lock
# version, wasm-pack, binaryen) and Debian's chromium + chromium-driver.
source scripts/tools.sh
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
ensure_wasm_tools || bad "setup: could not install the WebAssembly tools"
ensure_chromium || bad "setup: could not install chromium and chromium-driver"
cargo --version; node --version 2>/dev/null; python3 --version 2>/dev/null

# --- 1. Formatting and lints. --------------------------------------------
step "cargo fmt --check"
if cargo fmt --all -- --check >"$log/fmt" 2>&1; then ok "cargo fmt"; else cat "$log/fmt" | head -40; bad "cargo fmt --check"; fi

step "cargo clippy --workspace --all-targets -- -D warnings"
if cargo clippy --workspace --all-targets --quiet -- -D warnings </dev/null; then ok "clippy"; else bad "clippy"; fi

# wasm32 twice: the library as a Rust dependency (a workers-rs Worker), and with the
# `js` feature the npm package builds, with the wasm tests.
step "cargo clippy -p cohere-edge --target wasm32-unknown-unknown [--features js --all-targets] -- -D warnings"
if cargo clippy -p cohere-edge --target wasm32-unknown-unknown --lib --quiet -- -D warnings </dev/null \
  && cargo clippy -p cohere-edge --target wasm32-unknown-unknown --features js --all-targets --quiet -- -D warnings </dev/null; then
  ok "clippy (wasm32)"
else
  bad "clippy (wasm32)"
fi

# The Rust Worker example is its own workspace (wasm32 only).
step "examples/worker-rs: cargo fmt --check, clippy --target wasm32-unknown-unknown -- -D warnings"
if (cd examples/worker-rs && cargo fmt -- --check && cargo clippy --target wasm32-unknown-unknown --quiet -- -D warnings) </dev/null; then
  ok "fmt and clippy (examples/worker-rs)"
else
  bad "fmt and clippy (examples/worker-rs)"
fi

# The published crate is the library only: its manifest's `include` keeps the
# repository's other folders out of it (`cargo publish --dry-run` is the full check).
step "cargo package --list -p cohere-edge: the library only"
if cargo package --list -p cohere-edge --allow-dirty --quiet </dev/null >"$log/package" 2>&1 \
  && ! grep -Ev '^(src/.*\.rs|Cargo\.toml(\.orig)?|Cargo\.lock|README\.md|CHANGELOG\.md|LICENSE-(MIT|APACHE)|\.cargo_vcs_info\.json)$' "$log/package"; then
  ok "cargo package: the library only ($(grep -c '^src/' "$log/package") source files)"
else
  cat "$log/package"; bad "cargo package --list -p cohere-edge"
fi

# --- 2. cargo test. ------------------------------------------------------
step "cargo test --workspace"
cargo test --workspace --no-fail-fast </dev/null 2>&1 | tee "$log/cargo-test"
cargo_rc=${PIPESTATUS[0]}
read -r t_pass t_fail < <(test_result_counts "$log/cargo-test")
tally "cargo test" "$cargo_rc" "$t_pass" "$t_fail"
echo "cargo test: ${t_pass:-0} passed, ${t_fail:-0} failed"

# --- 3. The official SDKs against cohere-mock. ----------------------------
step "official SDKs against cohere-mock (scripts/peers/run.sh)"
stage "official SDK peers" peers bash scripts/peers/run.sh

# --- 4. The CLI end to end, as the README runs it. ------------------------
step "cohere-edge CLI end to end"
stage "cli e2e" cli bash scripts/cli_e2e.sh

# --- 5. WebAssembly: Node, Chromium, the npm package. --------------------
step "WebAssembly and the npm package (scripts/wasm_tests.sh)"
stage "wasm and npm package" wasm bash scripts/wasm_tests.sh

# --- 6. Cloudflare Workers: both examples in workerd. ---------------------
step "the example Workers in workerd (scripts/workers_tests.sh)"
# wasm_tests.sh built pkg/ just now.
export COHERE_EDGE_PKG_BUILT=1
stage "workers in workerd" workers bash scripts/workers_tests.sh

# --- 7. The chat page in headless Chromium. -------------------------------
step "the www/ chat page in headless Chromium (scripts/www_tests.sh)"
stage "www in Chromium" www bash scripts/www_tests.sh

# --- 8. The packed npm package in every runtime and bundler. --------------
step "the packed npm package in every runtime and bundler (scripts/runtimes_tests.sh)"
stage "runtimes and bundlers" runtimes bash scripts/runtimes_tests.sh

echo
if [ "${#failures[@]}" -gt 0 ]; then
  echo "failures:"; printf '  - %s\n' "${failures[@]}"
fi
echo "all: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

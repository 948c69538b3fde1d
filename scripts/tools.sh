#!/usr/bin/env bash
# Sourced by scripts/build-pkg.sh and scripts/test.sh: installs what the
# WebAssembly build and the browser tests need when it is missing, each at the
# version this repository pins. Every function prints what it does and returns
# non-zero (with the reason) when it cannot install something. It also holds the
# readers of cargo's and node --test's summaries, which the test scripts count.

tools_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$tools_root/scripts/tools/node_modules/.bin:$PATH"

# The wasm-bindgen version in Cargo.lock: the CLI must match it exactly.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$tools_root/Cargo.lock"
}

ensure_wasm_target() {
  rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown && return 0
  echo "installing the rustup target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown </dev/null
}

ensure_wasm_bindgen() {
  local want have
  want="$(wasm_bindgen_version)"
  [ -n "$want" ] || { echo "no wasm-bindgen in Cargo.lock"; return 1; }
  have="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')"
  [ "$have" = "$want" ] && return 0
  echo "installing wasm-bindgen-cli $want (found: ${have:-none})"
  # Not --locked: its lockfile names a webpki-roots release the registry no longer has.
  cargo install wasm-bindgen-cli --version "$want" --force </dev/null
}

ensure_wasm_pack() {
  local want=0.15.1
  [ "$(wasm-pack --version 2>/dev/null | awk '{print $2}')" = "$want" ] && return 0
  echo "installing wasm-pack $want"
  cargo install wasm-pack --version "$want" --locked --force </dev/null
}

# binaryen (wasm-opt) and esbuild (bundles the package's CommonJS entry), from npm.
ensure_binaryen() {
  [ -x "$tools_root/scripts/tools/node_modules/.bin/wasm-opt" ] \
    && [ -x "$tools_root/scripts/tools/node_modules/.bin/esbuild" ] && return 0
  echo "installing binaryen (wasm-opt) and esbuild from npm"
  (cd "$tools_root/scripts/tools" && npm ci --no-audit --no-fund </dev/null)
}

# worker-build builds the Rust Worker (examples/worker-rs). It must not download its
# own tools (there is no GitHub here): worker_build_env points it at ours.
ensure_worker_build() {
  local want=0.8.7
  [ "$(worker-build --version 2>/dev/null | awk '{print $NF}')" = "$want" ] && return 0
  echo "installing worker-build $want"
  cargo install worker-build --version "$want" --locked --force </dev/null
}

# worker_build_env ESBUILD_DIR: exports the tool paths worker-build reads: our
# wasm-bindgen (the Cargo.lock version), binaryen's wasm-opt from npm, and the esbuild
# that wrangler brings in ESBUILD_DIR/node_modules.
worker_build_env() {
  export WASM_BINDGEN_BIN="$HOME/.cargo/bin/wasm-bindgen"
  export WASM_OPT_BIN="$tools_root/scripts/tools/node_modules/.bin/wasm-opt"
  export ESBUILD_BIN="$1/node_modules/.bin/esbuild"
}

# ensure_python_sdk: the official Python SDK (PyPI `cohere`, the version the peers
# check and the benchmarks pin; PEERS_COHERE_PY_VERSION overrides it) in its private
# venv at .tools/peers-venv.
peers_venv="$tools_root/.tools/peers-venv"
ensure_python_sdk() {
  local version="${PEERS_COHERE_PY_VERSION:-7.3.1}"
  if [ ! -x "$peers_venv/bin/python" ]; then
    python3 -m venv "$peers_venv" </dev/null || { echo "python3 -m venv failed"; return 1; }
  fi
  "$peers_venv/bin/python" -c "import cohere" 2>/dev/null && return 0
  echo "installing cohere==$version (PyPI) into .tools/peers-venv"
  "$peers_venv/bin/pip" install --quiet --disable-pip-version-check "cohere==$version" </dev/null \
    || { echo "pip install cohere==$version failed"; return 1; }
}

ensure_chromium() {
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then return 0; fi
  echo "installing Debian's chromium and chromium-driver"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver </dev/null \
    || { $sudo apt-get update </dev/null && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver </dev/null; }
}

ensure_wasm_tools() {
  ensure_wasm_target && ensure_wasm_bindgen && ensure_wasm_pack && ensure_binaryen
}

# test_result_counts LOG: prints "PASSED FAILED", summed over every
# `test result:` line cargo test (or wasm-bindgen-test-runner) wrote to LOG.
test_result_counts() {
  awk '/^test result:/ { for (i = 2; i <= NF; i++) { if ($i ~ /^passed;?$/) p += $(i-1); if ($i ~ /^failed;?$/) f += $(i-1) } } END { print p+0, f+0 }' "$1"
}

# tap_result_counts LOG: prints "PASSED FAILED" from the summary node --test's TAP
# reporter wrote to LOG (its last `# pass` and `# fail` lines).
tap_result_counts() {
  awk '/^# pass [0-9]+$/ { p = $3 } /^# fail [0-9]+$/ { f = $3 } END { print p+0, f+0 }' "$1"
}

# For the stage scripts (workers_tests.sh, www_tests.sh): `stage_init NAME` sets up
# the counters; `finish` prints `NAME: N passed, M failed` and exits with the result;
# `fail_setup WHAT` counts a failed setup step and finishes.
stage_init() {
  stage_name="$1"
  passed=0
  failed=0
  stage_log="$(mktemp -d)"
  trap 'rm -rf "$stage_log"' EXIT
}
finish() {
  echo "$stage_name: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}
fail_setup() {
  echo "FAILED: $1"
  failed=$((failed + 1))
  finish
}

# run_node_tests DIR SHOW: runs `node --test` on DIR/test/, prints each result and the
# diagnostic lines matching the regex SHOW, the failures in full, and adds the counts.
run_node_tests() {
  local out rc p f
  out="$stage_log/$(basename "$1").tap"
  (cd "$1" && node --test --test-reporter=tap test/) </dev/null >"$out" 2>&1
  rc=$?
  grep -E "^ *(not )?ok |$2" "$out"
  grep -B2 -A30 "^ *not ok" "$out" | head -80
  read -r p f < <(tap_result_counts "$out")
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); cat "$out"; fi
}

# ensure_pkg LOG: builds the npm package into pkg/ (scripts/build-pkg.sh, its output to
# LOG) unless COHERE_EDGE_PKG_BUILT=1 says the caller just built it.
ensure_pkg() {
  [ "${COHERE_EDGE_PKG_BUILT:-0}" = 1 ] && [ -f "$tools_root/pkg/package.json" ] && return 0
  bash "$tools_root/scripts/build-pkg.sh" </dev/null >"$1" 2>&1 || { cat "$1"; return 1; }
}

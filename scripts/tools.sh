#!/usr/bin/env bash
# Sourced by scripts/build-pkg.sh and the test scripts: installs what the
# WebAssembly build and the browser tests need when it is missing, each at the
# version this repository pins. Every function prints what it does and returns
# non-zero (with the reason) when it cannot install something. Installing only:
# running tests and counting their results is scripts/lib.sh.

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

# ensure_cargo_tool CRATE VERSION: `cargo install --locked` of CRATE at VERSION unless
# its binary (named like the crate) already says that version.
ensure_cargo_tool() {
  local crate="$1" want="$2"
  [ "$("$crate" --version 2>/dev/null | awk '{print $NF}')" = "$want" ] && return 0
  echo "installing $crate $want"
  cargo install "$crate" --version "$want" --locked --force </dev/null
}

ensure_wasm_pack() { ensure_cargo_tool wasm-pack 0.15.1; }

# binaryen (wasm-opt) and esbuild (bundles the package's CommonJS entry), from npm.
ensure_binaryen() {
  [ -x "$tools_root/scripts/tools/node_modules/.bin/wasm-opt" ] \
    && [ -x "$tools_root/scripts/tools/node_modules/.bin/esbuild" ] && return 0
  echo "installing binaryen (wasm-opt) and esbuild from npm"
  (cd "$tools_root/scripts/tools" && npm ci --no-audit --no-fund </dev/null)
}

# worker-build builds the Rust Worker (examples/worker-rs). It must not download its
# own tools (there is no GitHub here): worker_build_env points it at ours.
ensure_worker_build() { ensure_cargo_tool worker-build 0.8.7; }

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

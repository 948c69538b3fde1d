#!/usr/bin/env bash
# Builds the npm package into pkg/: `bash scripts/build-pkg.sh`.
#
# wasm-pack (target web) compiles the crate to wasm32 with a size-tuned release
# profile, runs wasm-bindgen and wasm-opt; then the hand-written JS surface
# (src/js/package: client, errors, casing, one entry per platform, index.d.ts,
# package.json, README.md) is copied next to the generated glue. Installs the
# wasm32 target, wasm-bindgen-cli, wasm-pack and binaryen when missing.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/tools.sh
source scripts/tools.sh
ensure_wasm_tools

# Size over speed for the wasm build only (native builds keep the release profile).
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z
export CARGO_PROFILE_RELEASE_LTO=fat
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_RELEASE_PANIC=abort

rm -rf pkg
wasm-pack build --release --target web --out-dir pkg --out-name cohere_edge --no-pack "$@" -- --features js
# Keep wasm-bindgen's glue and the wasm; the rest of the package is ours.
rm -f pkg/.gitignore pkg/cohere_edge_bg.wasm.d.ts
cp src/js/package/*.js src/js/package/index.d.ts src/js/package/README.md pkg/
version="$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)"
sed "s/\"version\": \"0.0.0\"/\"version\": \"$version\"/" src/js/package/package.json > pkg/package.json

wasm_gz=$(gzip -9 -c pkg/cohere_edge_bg.wasm | wc -c)
js_gz=$(cat pkg/cohere_edge.js pkg/client.js pkg/core.js pkg/settings.js pkg/raw.js pkg/resources.js pkg/cohere.js pkg/errors.js pkg/casing.js pkg/runtime.js pkg/browser.js | gzip -9 | wc -c)
echo "pkg/: cohere_edge_bg.wasm $(wc -c < pkg/cohere_edge_bg.wasm) bytes ($wasm_gz gzipped); JS for a browser $js_gz bytes gzipped"

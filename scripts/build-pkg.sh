#!/usr/bin/env bash
# Builds the npm package into pkg/: `bash scripts/build-pkg.sh`.
#
# wasm-pack (target web) compiles the crate to wasm32 with a size-tuned release
# profile, runs wasm-bindgen and wasm-opt; then the hand-written JS surface
# (src/js/package: client, errors, casing, one entry per platform, index.d.ts,
# package.json, README.md, the licences) is copied next to the generated glue, and
# esbuild bundles the CommonJS entry node.cjs (`require("cohere-edge")` on Node 18+,
# which cannot require ES modules). The crate and the npm package have one version:
# the build stops when src/js/package/package.json and Cargo.toml disagree. Installs
# the wasm32 target, wasm-bindgen-cli, wasm-pack, binaryen and esbuild when missing.
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

# Smaller still with the standard library rebuilt for size: panics abort at once
# (no panic message formatting, no payloads) and carry no file/line locations.
# These are nightly flags on the stable toolchain (RUSTC_BOOTSTRAP=1) and need the
# standard library's source (rustup component rust-src). Without it (a bare
# machine, no rustup, or COHERE_EDGE_STD=prebuilt) the build uses the prebuilt
# std: the same package, larger (BENCHMARKS.md gives the difference). Error
# messages are untouched: only panic machinery goes, and the library never panics.
build_std=()
std_src="$(rustc --print sysroot)/lib/rustlib/src/rust/library/std"
if [ "${COHERE_EDGE_STD:-rebuilt}" != prebuilt ]; then
  if [ ! -d "$std_src" ] && command -v rustup >/dev/null; then
    echo "installing the rustup component rust-src (the size-tuned std)"
    rustup component add rust-src </dev/null || true
  fi
  if [ -d "$std_src" ]; then
    export RUSTC_BOOTSTRAP=1
    export CARGO_PROFILE_RELEASE_PANIC=immediate-abort
    export RUSTFLAGS="${RUSTFLAGS:+$RUSTFLAGS }-Zlocation-detail=none"
    # optimize_for_size: std's smaller algorithms (sorting, string search).
    build_std=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size -Zpanic-immediate-abort)
  else
    echo "no rust-src for $(rustc --version): building with the prebuilt std (a larger wasm)" >&2
  fi
fi

version="$(awk -F'"' '/^version = / { print $2; exit }' Cargo.toml)"
npm_version="$(node -p 'require("./src/js/package/package.json").version')"
if [ "$version" != "$npm_version" ]; then
  echo "Cargo.toml says version $version, src/js/package/package.json $npm_version: give both the same version" >&2
  exit 1
fi

rm -rf pkg
wasm-pack build --release --target web --out-dir pkg --out-name cohere_edge --no-pack "$@" -- --features js "${build_std[@]}"
# Keep wasm-bindgen's glue and the wasm; the rest of the package is ours.
rm -f pkg/.gitignore pkg/cohere_edge_bg.wasm.d.ts
# Short import and export names in the module and its glue (scripts/short_names.mjs
# says why): 3.4 KB less gzipped.
node scripts/short_names.mjs pkg/cohere_edge_bg.wasm pkg/cohere_edge.js
cp src/js/package/*.js src/js/package/index.d.ts src/js/package/README.md src/js/package/package.json \
  LICENSE-MIT LICENSE-APACHE pkg/
# The CommonJS entry: the ES modules above bundled into one file (Node 18 and
# 20.0-20.18 cannot require an ES module). Its types are the same declarations.
esbuild pkg/node-cjs.js --bundle --platform=node --format=cjs --target=node18 \
  --log-level=warning --log-override:empty-import-meta=silent --outfile=pkg/node.cjs
rm pkg/node-cjs.js
cp pkg/index.d.ts pkg/index.d.cts

wasm_gz=$(gzip -9 -c pkg/cohere_edge_bg.wasm | wc -c)
mapfile -t browser_js < <(node scripts/browser_files.mjs pkg | grep '\.js$' | sed 's|^|pkg/|')
js_gz=$(cat "${browser_js[@]}" | gzip -9 | wc -c)
echo "pkg/: cohere_edge_bg.wasm $(wc -c < pkg/cohere_edge_bg.wasm) bytes ($wasm_gz gzipped); JS for a browser $js_gz bytes gzipped"

#!/usr/bin/env bash
# The bundle comparison in BENCHMARKS.md: a browser page that only streams a chat,
# written with each client (benches/bundle/*.mjs), bundled by esbuild --bundle
# --minify --format=esm --platform=browser, gzip -9. cohere-edge counts its
# bundle and its wasm (scripts/bundle_size.sh); the others are JS only.
#   bash benches/bundle/compare.sh   (after scripts/build-pkg.sh and npm ci in benches/compare)
# Writes benches/results/bundle.json, and benches/results/twiggy.txt: what the
# wasm holds (twiggy top, or benches/bundle/wasm_top.py where twiggy is not
# installed), read from a copy of the module built the same way
# (wasm-bindgen, then wasm-opt with the package's flags) but keeping its names.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=scripts/tools.sh
source scripts/tools.sh

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
ln -s "$root/benches/compare/node_modules" "$work/node_modules"

# js_gzip NAME: the gzipped bundle of benches/bundle/NAME.mjs, resolved against
# benches/compare's node_modules (cohere-ai 8.1.0, ai, @ai-sdk/cohere).
js_gzip() {
  cp "benches/bundle/$1.mjs" "$work/$1.mjs"
  esbuild "$work/$1.mjs" --bundle --minify --format=esm --platform=browser \
    --log-level=error --outfile="$work/$1.js"
  gzip -9 -c "$work/$1.js" | wc -c
}

version() { node -p "require('./benches/compare/node_modules/$1/package.json').version"; }

ours="$(bash scripts/bundle_size.sh --json)"
cohere_ai=$(js_gzip cohere-ai)
ai_sdk=$(js_gzip ai-sdk)
cat >benches/results/bundle.json <<JSON
{
 "page": "a browser page that only streams a chat; esbuild --bundle --minify --format=esm --platform=browser; gzip -9 bytes",
 "cohere-edge": $ours,
 "cohere-ai": {"version": "$(version cohere-ai)", "js_gzip": $cohere_ai, "total_gzip": $cohere_ai},
 "ai-sdk": {"version": "ai $(version ai), @ai-sdk/cohere $(version @ai-sdk/cohere)", "js_gzip": $ai_sdk, "total_gzip": $ai_sdk}
}
JSON
cat benches/results/bundle.json

# The shipped module has no names (wasm-opt drops them); rebuild it from rustc's
# output with -g to name what each byte is.
rustc_wasm="${CARGO_TARGET_DIR:-$root/target}/wasm32-unknown-unknown/release/cohere_edge.wasm"
if [ ! -f "$rustc_wasm" ]; then
  echo "no $rustc_wasm (run scripts/build-pkg.sh): no breakdown written" >&2
  rm -f benches/results/twiggy.txt
else
  wasm-bindgen "$rustc_wasm" --target web --out-dir "$work/named"
  mapfile -t opt_flags < <(node scripts/short_names.mjs --wasm-opt-flags)
  wasm-opt "${opt_flags[@]}" -g "$work/named/cohere_edge_bg.wasm" -o "$work/named.wasm"
  {
    echo "$(wc -c < "$work/named.wasm") bytes with names ($(wc -c < pkg/cohere_edge_bg.wasm) shipped); the 20 largest items:"
    if command -v twiggy >/dev/null; then
      twiggy top -n 20 "$work/named.wasm"
    else
      # twiggy is `cargo install twiggy`; without it, the same table from the name section.
      python3 benches/bundle/wasm_top.py -n 20 "$work/named.wasm"
    fi
  } >benches/results/twiggy.txt
  cat benches/results/twiggy.txt
fi

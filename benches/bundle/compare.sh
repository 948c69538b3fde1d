#!/usr/bin/env bash
# The bundle comparison in BENCHMARKS.md: a browser page that only streams a chat,
# written with each client (benches/bundle/*.mjs), bundled by esbuild --bundle
# --minify --format=esm --platform=browser, gzip -9. cohere-edge counts its
# bundle and its wasm (scripts/bundle_size.sh); the others are JS only.
#   bash benches/bundle/compare.sh   (after scripts/build-pkg.sh and npm ci in benches/compare)
# Writes benches/results/bundle.json.
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

#!/usr/bin/env bash
# The npm package's weight in a browser page that only streams a chat:
#   bash scripts/bundle_size.sh [--budget BYTES] [--json] [PKG_DIR]
#
# Bundles benches/bundle/cohere-edge.mjs against PKG_DIR (default pkg/, built by
# scripts/build-pkg.sh) with esbuild --bundle --minify --format=esm
# --platform=browser, and adds the gzip -9 sizes of that bundle and of
# cohere_edge_bg.wasm (which the bundle fetches). Prints one line, or with --json
# one JSON object: { "js_gzip", "wasm_gzip", "total_gzip" } in bytes. With
# --budget, exits 1 when the total is above BYTES (the test command's check).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools.sh
source "$root/scripts/tools.sh"

budget=""
json=""
pkg="$root/pkg"
while [ $# -gt 0 ]; do
  case "$1" in
    --budget) budget="$2"; shift 2 ;;
    --json) json=1; shift ;;
    *) pkg="$(cd "$1" && pwd)"; shift ;;
  esac
done
[ -f "$pkg/cohere_edge_bg.wasm" ] || { echo "no $pkg/cohere_edge_bg.wasm: run scripts/build-pkg.sh first" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The page imports "cohere-edge" as a user's would: through the package's
# exports (the "browser" condition).
mkdir -p "$work/node_modules"
ln -s "$pkg" "$work/node_modules/cohere-edge"
cp "$root/benches/bundle/cohere-edge.mjs" "$work/page.mjs"
esbuild "$work/page.mjs" --bundle --minify --format=esm --platform=browser \
  --log-level=warning --outfile="$work/page.js"

js=$(gzip -9 -c "$work/page.js" | wc -c)
wasm=$(gzip -9 -c "$pkg/cohere_edge_bg.wasm" | wc -c)
total=$((js + wasm))
if [ -n "$json" ]; then
  printf '{"js_gzip": %d, "wasm_gzip": %d, "total_gzip": %d}\n' "$js" "$wasm" "$total"
else
  printf 'chatStream-only page, gzip -9: %d bytes JS + %d bytes wasm = %d bytes (%.1f KB)%s\n' \
    "$js" "$wasm" "$total" "$(awk -v t="$total" 'BEGIN { print t / 1000 }')" "${budget:+, budget $budget bytes}"
fi
if [ -n "$budget" ] && [ "$total" -gt "$budget" ]; then
  echo "the chatStream-only page is $total bytes gzipped, over its budget of $budget: find what grew (scripts/bundle_size.sh, twiggy top pkg/cohere_edge_bg.wasm) or raise the budget in the test script with a reason" >&2
  exit 1
fi

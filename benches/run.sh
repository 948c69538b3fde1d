#!/usr/bin/env bash
# Regenerates every benchmark figure in BENCHMARKS.md and the chart under
# benches/results/:  bash benches/run.sh [--quick]
#
# 1. builds cohere-mock, the native benchmark client and the npm package (pkg/),
#    and installs the peers (PyPI `cohere` in .tools/peers-venv, npm `cohere-ai`
#    and the package under benches/compare) when missing;
# 2. criterion micro-benchmarks (cargo bench --bench micro);
# 3. stream parsing in Node: the wasm build vs cohere-ai's parser
#    (benches/compare/parse/node_parse.mjs);
# 4. the comparative run over TLS at 0 and 20 ms (benches/compare/run.py);
# 5. the bundle comparison: a chatStream-only page with this package, cohere-ai and
#    the Vercel AI SDK, and twiggy's breakdown of the wasm (benches/bundle/compare.sh);
# 6. benches/report.py: BENCHMARKS.md's tables and the chart.
#
# --quick: a tenth of each comparative workload and short criterion runs, to check
# the harness (the report then says it is a quick run). About 10 minutes in full on
# 2 cores. Not part of the test command: it measures, it does not test.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/tools.sh
source scripts/tools.sh

quick=""
criterion_args=()
if [ "${1:-}" = "--quick" ]; then
  quick="--quick"
  criterion_args=(--warm-up-time 1 --measurement-time 2)
fi

echo "== building"
cargo build --release -p cohere-mock
cargo build --release -p cohere-edge --example bench_client
bash scripts/build-pkg.sh
ensure_python_sdk
(cd benches/compare && npm ci --no-audit --no-fund --loglevel=error </dev/null)

mkdir -p benches/results
echo "== criterion micro-benchmarks"
cargo bench --bench micro -- "${criterion_args[@]}"

echo "== stream parsing in Node"
node benches/compare/parse/node_parse.mjs >benches/results/parse.jsonl
python3 -c 'import json,sys; print(json.dumps([json.loads(l) for l in open(sys.argv[1]) if l.strip()], indent=1))' \
  benches/results/parse.jsonl >benches/results/parse.json
rm benches/results/parse.jsonl

echo "== comparative run"
python3 benches/compare/run.py $quick

echo "== bundle sizes"
bash benches/bundle/compare.sh

python3 benches/report.py

echo "== connection reuse (sequential per runtime, cold bursts, warm-up)"
python3 benches/reuse.py

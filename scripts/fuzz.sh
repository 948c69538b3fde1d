#!/usr/bin/env bash
# Fuzzes each cargo-fuzz target (fuzz/fuzz_targets) for MINUTES minutes (default 10),
# one after another, with libFuzzer and AddressSanitizer:
#   bash scripts/fuzz.sh [MINUTES] [TARGET...]
# Starts from the committed seed corpus (fuzz/corpus/<target>); inputs it discovers go
# to target/fuzz-corpus/<target> (not committed), crashes to fuzz/artifacts/<target>.
# Copy a crash into fuzz/regressions/<target>/ once fixed: the test command replays
# both folders (tests/fuzz_corpus.rs). Installs cargo-fuzz when missing. cargo-fuzz
# needs nightly compiler flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain take them.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$HOME/.cargo/bin:$PATH"
minutes="${1:-10}"
shift || true
targets=("$@")
[ "${#targets[@]}" -gt 0 ] || targets=(sse_decoder chat_events responses)
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked </dev/null
export RUSTC_BOOTSTRAP=1
(cd fuzz && cargo fuzz build -O)
for t in "${targets[@]}"; do
  mkdir -p "target/fuzz-corpus/$t"
  echo "--- $t for $minutes minute(s)"
  (cd fuzz && cargo fuzz run -O "$t" "../target/fuzz-corpus/$t" "corpus/$t" -- \
    -max_total_time=$((minutes * 60)) -max_len=65536 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1) 2>&1 \
    | grep -E "^#[0-9]+.*(DONE|pulse)|stat::|ERROR|panicked|SUMMARY|Test unit written" | tail -12
done

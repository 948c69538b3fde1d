#!/usr/bin/env bash
# Sourced by the test scripts: one convention for running a stage and counting its
# results, and one way to start cohere-mock and read its URL. Installs nothing
# (that is scripts/tools.sh).
#
# The convention: a stage keeps `passed` and `failed`, prints `ok: …` / `FAILED: …`
# per check, and ends with the one line `NAME: N passed, M failed` (`finish`),
# exiting non-zero on any failure; scripts/test.sh reads that line.

lib_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mock_pids=()

# launch_mock BIN LOG [ARGS...]: starts the cohere-mock binary BIN on a free port
# with ARGS (stdout to LOG.out, stderr to LOG.err), records its pid in mock_pids
# and sets MOCK_PID, and MOCK_URL once the mock says where it listens. Returns
# non-zero, printing the mock's output, when it exits or says nothing for 15 s.
launch_mock() {
  local bin="$1" out="$2"
  shift 2
  "$bin" --port 0 "$@" >"$out.out" 2>"$out.err" </dev/null &
  MOCK_PID=$!
  mock_pids+=("$MOCK_PID")
  MOCK_URL=""
  for _ in $(seq 300); do
    MOCK_URL="$(sed -n 's/^cohere-mock listening on //p' "$out.out")"
    [ -n "$MOCK_URL" ] && return 0
    kill -0 "$MOCK_PID" 2>/dev/null || break
    sleep 0.05
  done
  echo "cohere-mock did not start: $(cat "$out.out" "$out.err")"
  return 1
}

# stop_mocks: stops every mock launch_mock started.
stop_mocks() {
  local pid
  for pid in "${mock_pids[@]}"; do
    kill "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  mock_pids=()
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

# For the stage scripts: `stage_init NAME` sets up the counters and a log folder
# (removed, and the mocks stopped, on exit); `finish` prints `NAME: N passed, M failed`
# and exits with the result; `fail_setup WHAT` counts a failed setup step and finishes.
stage_init() {
  stage_name="$1"
  passed=0
  failed=0
  stage_log="$(mktemp -d)"
  trap 'stop_mocks; rm -rf "$stage_log"' EXIT
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
  [ "${COHERE_EDGE_PKG_BUILT:-0}" = 1 ] && [ -f "$lib_root/pkg/package.json" ] && return 0
  bash "$lib_root/scripts/build-pkg.sh" </dev/null >"$1" 2>&1 || { cat "$1"; return 1; }
}

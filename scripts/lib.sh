#!/usr/bin/env bash
# Sourced by the test scripts: one convention for running a stage and counting its
# results, and one way to start cohere-mock and read its URL. Installs nothing itself:
# installing is scripts/tools.sh, which this brings along so that a stage sources one
# file.
#
# The convention: a stage keeps `passed` and `failed`, prints `ok: …` / `FAILED: …`
# per check, and ends with the one line `NAME: N passed, M failed` (`finish`),
# exiting non-zero on any failure; scripts/test.sh reads that line.

lib_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/tools.sh
source "$lib_root/scripts/tools.sh"
mock_pids=()
# The debug cohere-mock binary, as build_mock builds it.
mock_bin="${CARGO_TARGET_DIR:-$lib_root/target}/debug/cohere-mock"

# build_mock: builds the debug cohere-mock and exports its path as COHERE_MOCK_BIN,
# where the Node tests' helper (mock/start.mjs) finds it.
build_mock() {
  (cd "$lib_root" && cargo build -p cohere-mock --quiet </dev/null) || return 1
  export COHERE_MOCK_BIN="$mock_bin"
}

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

# For the stage scripts: `stage_init NAME` goes to the repository's root (`root`), sets
# up the counters and a log folder (`log`; removed, and the mocks stopped, on exit);
# `report_ok WHAT` / `report_failed WHAT` count one check and print it; `check WHAT
# CMD...` runs CMD and reports it; `finish` prints `NAME: N passed, M failed` and exits
# with the result; `fail_setup WHAT` counts a failed setup step and finishes.
stage_init() {
  stage_name="$1"
  passed=0
  failed=0
  root="$lib_root"
  cd "$root" || exit 1
  log="$(mktemp -d)"
  trap 'stop_mocks; rm -rf "$log"' EXIT
}
report_ok() {
  passed=$((passed + 1))
  echo "ok: $1"
}
report_failed() {
  failed=$((failed + 1))
  echo "FAILED: $1"
}
check() {
  local what="$1"
  shift
  if "$@"; then report_ok "$what"; else report_failed "$what"; fi
}
finish() {
  echo "$stage_name: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}
fail_setup() {
  report_failed "$1"
  finish
}

# add_test_counts LOG RC: adds the counts of a cargo test (or wasm-bindgen-test) run
# whose output is in LOG and whose exit status was RC; a run that failed without
# reporting a failed test counts as one failure.
add_test_counts() {
  local p f
  read -r p f < <(test_result_counts "$1")
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
}

# run_node_tests DIR SHOW [FILES...]: runs `node --test` on FILES in DIR (default: its
# test/ folder), prints each result and the diagnostic lines matching the regex SHOW,
# the failures in full, and adds the counts.
run_node_tests() {
  local dir="$1" show="$2" out rc p f
  shift 2
  [ "$#" -gt 0 ] || set -- test/
  out="$log/$(basename "$dir").tap"
  (cd "$dir" && node --test --test-reporter=tap "$@") </dev/null >"$out" 2>&1
  rc=$?
  grep -E "^ *(not )?ok |$show" "$out"
  grep -B2 -A30 "^ *not ok" "$out" | head -80
  read -r p f < <(tap_result_counts "$out")
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); cat "$out"; fi
}

# setup_package_stage: what a stage that runs the npm package in Chromium needs
# (chromium, cohere-mock, pkg/); a failure finishes the stage.
setup_package_stage() {
  echo "--- setup"
  ensure_chromium || fail_setup "could not install chromium and chromium-driver"
  build_mock || fail_setup "cargo build -p cohere-mock"
  ensure_pkg "$log/pkg" || fail_setup "scripts/build-pkg.sh"
}

# ensure_pkg LOG: builds the npm package into pkg/ (scripts/build-pkg.sh, its output to
# LOG) unless COHERE_EDGE_PKG_BUILT=1 says the caller just built it.
ensure_pkg() {
  [ "${COHERE_EDGE_PKG_BUILT:-0}" = 1 ] && [ -f "$lib_root/pkg/package.json" ] && return 0
  bash "$lib_root/scripts/build-pkg.sh" </dev/null >"$1" 2>&1 || { cat "$1"; return 1; }
}

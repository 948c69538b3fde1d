#!/usr/bin/env bash
# Retry storms (issue 20), measured with the CLI against cohere-mock:
#   1. a server answering 503 to everything: 256 calls, 64 at a time; attempts a call
#      (counted at the server), and every call's error kind;
#   2. a server answering 429 with Retry-After: 1 for one second: 256 calls, 16 at a
#      time; calls that failed, and 429s the server sent.
# Usage: benches/retry_storm.sh CLI MOCK [--separate-clients]
#   CLI, MOCK: the cohere-edge and cohere-mock binaries.
#   --separate-clients: run each call as its own CLI process (xargs -P), for a CLI
#   without --concurrency; the calls then share no client state, as on a client
#   without a retry budget or a client-wide window.
set -uo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cli="$1"; mockbin="$2"; mode="${3:-}"
tmp="$(mktemp -d)"
trap 'stop_mocks; rm -rf "$tmp"' EXIT
unset CO_API_URL
export CO_API_KEY=bench-key

# start_mock NAME ARGS...: a mock with ARGS; sets URL.
start_mock() {
  local name="$1"; shift
  launch_mock "$mockbin" "$tmp/$name" "$@" >&2 || exit 1
  URL="$MOCK_URL"
}

# run NAME CALLS CONCURRENCY: the calls, their error lines in $tmp/NAME.err.
run() {
  local name="$1" calls="$2" conc="$3"
  if [ "$mode" = "--separate-clients" ]; then
    # (xargs gives each command /dev/null as its stdin)
    seq "$calls" | xargs -P "$conc" -I{} "$cli" chat --base-url "$URL" "storm" \
      >/dev/null 2>"$tmp/$name.err"
  else
    "$cli" chat --base-url "$URL" --repeat "$calls" --concurrency "$conc" --stats "storm" \
      >/dev/null 2>"$tmp/$name.err" </dev/null
  fi
}

# report NAME: one line of what the calls of NAME came to, from their error lines and
# the mock's counters.
report() {
  python3 - "$1" "$tmp/$1.err" "$(curl -s "$URL/__stats")" <<'EOF'
import json, re, sys, collections
name = sys.argv[1]
lines = open(sys.argv[2]).read().splitlines()
s = json.loads(sys.argv[3])
# Counted in the whole text: lines of parallel processes may interleave.
errors = collections.Counter(re.findall(r"error: (\w+): ", "\n".join(lines)))
requests = s["requests"] - 1  # less this /__stats request
stats = [l for l in lines if l.startswith("{")]
tail = f"; --stats {stats[-1]}" if stats else ""
if name == "outage":
    print(f"all-503, 256 calls at 64-way: {requests} attempts, {requests / 256:.3f} a call; "
          f"errors {dict(errors)}" + tail)
else:
    print(f"429 Retry-After: 1 for 1 s, 256 calls at 16-way: {256 - sum(errors.values())} succeeded, "
          f"errors {dict(errors)}, {s['fault_status_responses']} 429s sent, {requests} requests" + tail)
EOF
}

start_mock outage --fault "status=503"
run outage 256 64
report outage

start_mock window --fault "status=429;retry-after=1;for-ms=1000;key=window"
run window 256 16
report window

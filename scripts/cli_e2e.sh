#!/usr/bin/env bash
# The cohere-edge CLI end to end, as a user and a script would run it: the
# README's first command (no key: the built-in mock), then the exact contract
# (--json, --stream --json, --repeat/--stats, --request -, exit codes, TLS with
# --ca-cert and --no-pool) against the cohere-mock binary.
# Ends with `cli: N passed, M failed`; exits non-zero on any failure.
set -uo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
stage_init cli
target="${CARGO_TARGET_DIR:-$root/target}"
unset CO_API_KEY COHERE_API_KEY CO_API_URL

# The README's first command, verbatim.
if cargo run --release -q -p cohere-edge-cli -- chat --stream "Hello from the README" >"$log/readme.out" 2>"$log/readme.err" </dev/null; then
  check "README command streams a reply" grep -q "Hello from the README" "$log/readme.out"
  check "README command says it used the built-in mock (one line)" \
    bash -c '[ "$(wc -l <"$1")" -eq 1 ] && grep -q "built-in local mock" "$1"' _ "$log/readme.err"
else
  report_failed "README command exited non-zero: $(cat "$log/readme.err")"
fi
cargo build --release -q -p cohere-mock </dev/null || fail_setup "build cohere-mock"
cli="$target/release/cohere-edge"
mockbin="$target/release/cohere-mock"

start_mock() { # name, args... ; sets URL_<name>
  local name="$1"; shift
  launch_mock "$mockbin" "$log/$name" "$@" || { report_failed "mock $name did not start"; return 1; }
  printf -v "URL_$name" '%s' "$MOCK_URL"
}

start_mock plain --api-key right-key || finish
export CO_API_KEY=right-key CO_API_URL="$URL_plain"

# --json, --repeat, --stats.
"$cli" chat --json --repeat 3 --stats "json please" >"$log/json.out" 2>"$log/json.err" </dev/null
check "chat --json exits 0" [ $? -eq 0 ]
check "chat --json --repeat 3 prints 3 JSON lines" python3 -c '
import json,sys
lines=open(sys.argv[1]).read().splitlines()
assert len(lines)==3, lines
for l in lines: assert json.loads(l)["finish_reason"]=="COMPLETE"
' "$log/json.out"
check "--stats prints the documented JSON last on stderr" python3 -c '
import json,sys
last=open(sys.argv[1]).read().splitlines()[-1]
s=json.loads(last)
assert list(s)==["requests","connections","tls_handshakes","retries","mean_ms","p50_ms","p99_ms","failed","retries_skipped","rate_limit_wait_ms"], list(s)
# Sequential calls share one connection, every run (the pool hands a finished
# connection back in the poll that sees its body end: src/transport/native/pool.rs).
assert s["requests"]==3 and s["connections"]==1 and s["retries"]==0, s
' "$log/json.err"

# --stream --json: one wire event per line.
"$cli" chat --stream --json "events please" >"$log/events.out" 2>/dev/null </dev/null
check "chat --stream --json prints one event per line, message-start to message-end" python3 -c '
import json,sys
ev=[json.loads(l) for l in open(sys.argv[1]).read().splitlines()]
assert ev[0]["type"]=="message-start" and ev[-1]["type"]=="message-end", ev
assert any(e["type"]=="content-delta" for e in ev)
' "$log/events.out"

# --request - (a whole wire request on stdin).
echo '{"model":"command-a-03-2025","messages":[{"role":"user","content":"from stdin"}]}' \
  | "$cli" chat --request - >"$log/stdin.out" 2>&1
check "--request - reads the request from stdin" grep -q "from stdin" "$log/stdin.out"

# embed and rerank.
"$cli" embed --json "hello" "world" >"$log/embed.out" 2>&1 </dev/null
check "embed --json" python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read()); assert len(r["embeddings"]["float"])==2' "$log/embed.out"
"$cli" rerank --json --query "capital of France" "Paris is the capital of France" "Rome" >"$log/rerank.out" 2>&1 </dev/null
check "rerank --json" python3 -c 'import json,sys; r=json.loads(open(sys.argv[1]).read()); assert r["results"][0]["index"]==0' "$log/rerank.out"

# Exit codes: 1 with `error: <Kind>: <message>` for API errors, 2 for usage.
CO_API_KEY=wrong-key "$cli" chat --max-retries 0 "x" >/dev/null 2>"$log/401.err" </dev/null
check "API error exits 1" [ $? -eq 1 ]
check "API error prints error: Unauthorized: …" grep -q "^error: Unauthorized: 401" "$log/401.err"
"$cli" chat --no-such-flag x >/dev/null 2>&1 </dev/null
check "usage error exits 2" [ $? -eq 2 ]
CO_API_URL=http://127.0.0.1:9 "$cli" chat --max-retries 0 "x" >/dev/null 2>"$log/conn.err" </dev/null
rc=$?
check "connection refused exits 1 with error: Connect:" bash -c '[ "$1" -eq 1 ] && grep -q "^error: Connect: " "$2"' _ "$rc" "$log/conn.err"

# TLS with a simulated round trip: pooled reuses one connection, --no-pool does not.
start_mock tls --tls --ca-out "$log/ca.pem" --rtt-ms 5 || finish
export CO_API_URL="$URL_tls"
"$cli" chat --repeat 10 --stats --ca-cert "$log/ca.pem" "pooled" >/dev/null 2>"$log/pooled.err" </dev/null
"$cli" chat --repeat 10 --stats --ca-cert "$log/ca.pem" --no-pool "unpooled" >/dev/null 2>"$log/nopool.err" </dev/null
check "TLS pooled: 10 requests, 1 connection" python3 -c 'import json,sys; s=json.loads(open(sys.argv[1]).read().splitlines()[-1]); assert (s["requests"],s["connections"])==(10,1), s' "$log/pooled.err"
check "TLS --no-pool: 10 requests, 10 connections" python3 -c 'import json,sys; s=json.loads(open(sys.argv[1]).read().splitlines()[-1]); assert (s["requests"],s["connections"])==(10,10), s' "$log/nopool.err"
"$cli" chat --repeat 1 "x" >/dev/null 2>"$log/untrusted.err" </dev/null
check "TLS without --ca-cert is refused (exit 1)" [ $? -eq 1 ]

finish

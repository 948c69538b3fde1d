#!/usr/bin/env bash
# Runs the official Cohere SDKs (PyPI `cohere`, npm `cohere-ai`) unchanged against
# cohere-mock: chat, chat stream, tool call, embed, rerank.
#
# Installs what is missing (a venv at .tools/peers-venv, `npm ci` here), builds and starts
# target/debug/cohere-mock on a free port, runs both checks, stops the mock, and ends with
# the line `peers: N passed, M failed`. Exit status is non-zero if any check failed.
# Non-interactive: works with CI=true and no stdin.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/lib.sh
source "$here/../lib.sh"
stage_init peers
venv="$peers_venv"

# Python SDK in a private venv.
ensure_python_sdk || fail_setup "the Python SDK"

# JS SDK, exactly as locked.
if [ ! -d "$here/node_modules/cohere-ai" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error </dev/null) || fail_setup "npm ci"
fi

# The mock.
build_mock || fail_setup "cargo build -p cohere-mock"
launch_mock "$mock_bin" "$log/mock" || fail_setup "cohere-mock did not start"
url="$MOCK_URL"
echo "peers: cohere-mock at $url"

run_check() { # name, command...
  local name="$1"
  shift
  "$@" >"$log/$name.out" 2>"$log/$name.err" </dev/null
  local rc=$?
  cat "$log/$name.out"
  local ok bad
  ok=$(grep -c ': ok ' "$log/$name.out")
  bad=$(grep -c ': FAIL ' "$log/$name.out")
  if [ "$rc" -ne 0 ] && [ "$bad" -eq 0 ]; then
    echo "$name: FAIL exited with $rc"
    sed 's/^/    /' "$log/$name.err" | tail -20
    bad=1
  fi
  passed=$((passed + ok))
  failed=$((failed + bad))
}

run_check python "$venv/bin/python" "$here/python_sdk_check.py" "$url"
run_check node bash -c 'cd "$1" && node node_sdk_check.mjs "$2"' _ "$here" "$url"

finish

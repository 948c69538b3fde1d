#!/usr/bin/env python3
"""Connection reuse, measured: `python3 benches/reuse.py [--before BIN]`.

Three tables, written to benches/results/reuse.json and printed:

1. **Sequential calls, connections opened**: 50 chats one after another from a
   fresh client, counted at cohere-mock (over TLS, 0 ms RTT), for cohere-edge
   native (HTTP/2 and HTTP/1.1), the npm package in Node, Deno and Bun, and the
   peers: `cohere-ai` in Node and the Python SDK (default client and the proposed
   httpx limits). (Chromium and workerd are counted by the test command's wasm and
   Workers stages, which run in those runtimes.)
2. **Cold burst**: 64 concurrent chats, and 200 concurrent streams, from a fresh
   native client against an HTTP/2 server: connections, TLS handshakes and wall
   time; and 1,000 streams at once against a server that allows 200 streams a
   connection (each stream 12 deltas 20 ms apart), with the slowest stream's time
   to its first event, next to the same over HTTP/1.1. `--before BIN` runs the
   same workloads (and the native sequential rows) with another build of
   `bench_client` (e.g. the previous commit's) side by side.
3. **First request at 20 ms RTT**: one chat from a fresh native client, with and
   without `Client::warm()` (untimed, before the clock), next to the network floor
   (one warm round trip).

Needs what benches/run.sh builds (release cohere-mock and bench_client, pkg/, the
peers) and tests/js's npm install for the Deno and Bun binaries.
"""

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "compare"))
from run import ROOT, HERE, NATIVE, Mock, clients, run_client  # noqa: E402

DENO = ROOT / "tests" / "js" / "node_modules" / "@deno" / "linux-x64-glibc" / "deno"
BUN = ROOT / "tests" / "js" / "node_modules" / "@oven" / "bun-linux-x64-baseline" / "bin" / "bun"
SEQUENTIAL = 50
RUNS = 5  # each sequential client runs this many times; the table gives every count
NATIVE_RUNS = 20  # the native rows, where a miss was 1 run in 4 before the pool


def sequential_clients(ca, before):
    base = clients(ca)
    node_script = str(HERE / "clients" / "node_client.mjs")
    edge = ["--sdk", "cohere-edge"]
    rows = {
        "cohere-edge native (HTTP/2)": base["cohere-edge-native-pooled"],
        "cohere-edge native (HTTP/1.1)": base["cohere-edge-native-pooled-http1"],
        "cohere-edge npm, Node": base["cohere-edge-npm"],
        "cohere-edge npm, Deno": ([str(DENO), "run", "-A", node_script] + edge, {"DENO_CERT": ca}),
        "cohere-edge npm, Bun": ([str(BUN), "run", node_script] + edge, {"NODE_EXTRA_CA_CERTS": ca}),
        "cohere-ai, Node": base["cohere-ai"],
        "Python SDK (default)": base["python-default"],
        "Python SDK (httpx limits)": base["python-limits"],
    }
    if before:
        rows["cohere-edge native (HTTP/2), before"] = ([before, "--ca", ca, "--variant", "pooled"], {})
        rows["cohere-edge native (HTTP/1.1), before"] = ([before, "--ca", ca, "--variant", "pooled-http1"], {})
    return rows


BEGIN, END = "<!-- reuse:begin -->", "<!-- reuse:end -->"


def markdown(results):
    """BENCHMARKS.md's connection-reuse section, from reuse.json."""
    out = [BEGIN, "", "### Connection reuse (`python3 benches/reuse.py`)", ""]
    out += ["Sequential calls: 50 chats one after another from a fresh client, over TLS at 0 ms;",
            "connections the server accepted, one figure per run.", "",
            "| client | connections per run |", "|---|---|"]
    for name, counts in results["sequential"].items():
        out.append(f"| {name} | {', '.join(map(str, counts))} |")
    out += ["", "Chromium and workerd are counted by the test command in those runtimes",
            "(`tests/wasm.rs`, `tests/workers/suite.mjs`): 20 sequential chats, 1 connection each.",
            "A quiet machine hides the old pool's misses; with every core kept busy",
            "(`tests/connection_reuse.rs`), the previous build opened 2 to 4 connections in",
            "4 of 20 runs over plain HTTP/1.1 and in 16 of 20 over TLS."]
    out += ["", "Cold bursts from a fresh native client (HTTP/2 over TLS at 0 ms unless noted;",
            "`before` is the previous commit's build, on reqwest's pool):", "",
            "| build | workload | protocol | connections | TLS handshakes | wall | slowest first event |",
            "|---|---|---|--:|--:|--:|--:|"]
    for r in results["burst"]:
        first = f"{r['slowest_first_event_ms']} ms" if r.get("slowest_first_event_ms") else ""
        out.append(f"| {r['build']} | {r['workload']} | {r.get('protocol', 'HTTP/2')} | {r['connections']} "
                   f"| {r['tls_handshakes']} | {r['wall_ms']} ms | {first} |")
    fr = results["first_request"]
    p50 = lambda xs: statistics.median(xs)  # noqa: E731
    out += ["", "First request from a fresh native client at 20 ms RTT (p50 of 5 runs):", "",
            "| | first request |", "|---|--:|",
            f"| without `warm()` | {p50(fr['warm_no_ms']):.1f} ms |",
            f"| after `warm()` (untimed) | {p50(fr['warm_yes_ms']):.1f} ms |",
            f"| network floor: one warm round trip | {fr['floor_ms']:.1f} ms |", "", END]
    return "\n".join(out)


def write_report(results):
    path = ROOT / "BENCHMARKS.md"
    text = path.read_text()
    section = markdown(results)
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--before", help="another bench_client binary for the cold-burst table")
    ap.add_argument("--report-only", action="store_true",
                    help="rewrite BENCHMARKS.md's section from benches/results/reuse.json")
    args = ap.parse_args()
    if args.report_only:
        write_report(json.loads((ROOT / "benches" / "results" / "reuse.json").read_text()))
        return
    import tempfile

    results = {"sequential": {}, "burst": [], "first_request": {}}
    with tempfile.TemporaryDirectory() as tmp:
        mock = Mock(0, 12, tmp)
        try:
            for name, (argv, env) in sequential_clients(mock.ca, args.before).items():
                counts = []
                for _ in range(NATIVE_RUNS if "native" in name else RUNS):
                    mock.reset()
                    r = run_client(name, argv, env, mock, "sequential", SEQUENTIAL, 1)
                    if r["errors"]:
                        raise SystemExit(f"{name}: {r['errors']} errors: {r.get('first_error')}")
                    counts.append(r["mock"]["connections_accepted"])
                results["sequential"][name] = counts
                print(f"sequential {SEQUENTIAL}: {name:32} connections per run {counts}", flush=True)
        finally:
            mock.stop()

        builds = [("after", str(NATIVE))]
        if args.before:
            builds.insert(0, ("before", args.before))
        spread = ["--h2-max-streams", "200", "--delta-delay-ms", "20"]
        cases = [("concurrent", 64, [], "pooled", builds), ("streaming", 200, [], "pooled", builds),
                 ("streaming", 1000, spread, "pooled", builds),
                 ("streaming", 1000, spread, "pooled-http1", [("after", str(NATIVE))])]
        for workload, n, extra, variant, which in cases:
            for label, binary in which:
                mock = Mock(0, 12, tmp, extra)
                try:
                    argv = [binary, "--ca", mock.ca, "--variant", variant]
                    r = run_client(label, argv, {}, mock, workload, n, n)
                finally:
                    mock.stop()
                kind = "streams" if workload == "streaming" else "chats"
                row = {
                    "build": label,
                    "workload": f"{n} {kind} at once" + (", 200 streams a connection" if extra else ""),
                    "protocol": "HTTP/1.1" if variant == "pooled-http1" else "HTTP/2",
                    "connections": r["mock"]["connections_accepted"],
                    "tls_handshakes": r["mock"]["tls_handshakes"],
                    "wall_ms": round(r["wall_s"] * 1e3, 1),
                    "slowest_first_event_ms": round(max(r["ttfe_ms"]), 1) if r.get("ttfe_ms") else None,
                    "errors": r["errors"],
                }
                results["burst"].append(row)
                print(f"cold burst {row}", flush=True)

        mock = Mock(20, 12, tmp)
        try:
            results["first_request"]["floor_ms"] = round(mock.floor_ms(), 2)
            for warm in ("no", "yes"):
                lat = []
                for _ in range(RUNS):
                    mock.reset()
                    argv = [str(NATIVE), "--ca", mock.ca, "--variant", "pooled", "--warm", warm]
                    r = run_client("first", argv, {}, mock, "sequential", 1, 1)
                    lat.append(r["latencies_ms"][0])
                results["first_request"][f"warm_{warm}_ms"] = lat
                print(f"first request, warm {warm}: {lat} ms (p50 {statistics.median(lat):.1f})", flush=True)
            print(f"network floor (one warm round trip): {results['first_request']['floor_ms']} ms")
        finally:
            mock.stop()

    out = ROOT / "benches" / "results" / "reuse.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    write_report(results)
    print(f"wrote {out.relative_to(ROOT)} and BENCHMARKS.md's connection-reuse section")


if __name__ == "__main__":
    os.chdir(ROOT)
    main()

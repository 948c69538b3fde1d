#!/usr/bin/env python3
"""The comparative run: every client against cohere-mock over TLS, side by side.

Started by `bash benches/run.sh` (which builds and installs what it needs first); run
alone it expects the binaries, the npm package and the peers to be in place:

    python3 benches/compare/run.py [--quick] [--rtts 0,20] [--clients a,b,...]

For each simulated round trip (0 ms and 20 ms by default) and each workload it starts
a fresh cohere-mock (`--tls`, `--rtt-ms`; 500 deltas per stream for the streaming
workload) and runs each client program in turn (benches/compare/clients/), reading the
one JSON line it prints. Between clients it resets the mock's counters, so the
connections, TLS handshakes and peak open connections are each client's own.

Workloads: sequential (50 chats, one at a time), concurrent (2,000 chats, 64 at a
time), streaming (200 streams of 500 deltas, all at once). `--quick` runs a tenth of
each, for checking the harness, not for figures.

Before the clients of each round trip it measures the network floor: a warm
HTTP/1.1 keep-alive `GET /__stats` (the cheapest request the mock answers), so the
pooled latency can be compared with what the simulated network itself costs.

Writes benches/results/compare.json (every latency, for the chart and the tables).
benches/report.py turns it, with the micro-benchmarks, into BENCHMARKS.md's tables and
the chart.
"""

import argparse
import http.client
import json
import os
import platform
import re
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
HERE = ROOT / "benches" / "compare"
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
MOCK = TARGET / "release" / "cohere-mock"
NATIVE = TARGET / "release" / "examples" / "bench_client"
PYTHON = ROOT / ".tools" / "peers-venv" / "bin" / "python"

WORKLOADS = {
    # name: (requests, concurrency, mock deltas)
    "sequential": (50, 1, 12),
    "concurrent": (2000, 64, 12),
    "streaming": (200, 200, 500),
}

# Memory per idle stream: 1,000 streams held open over HTTP/1.1 (one connection
# each), by the clients that can hold that many (the Python SDK's default limits
# would queue them).
IDLE_STREAMS = 1000
IDLE_CLIENTS = ["cohere-edge-native-pooled-http1", "cohere-ai", "cohere-edge-npm"]


def clients(ca):
    """name -> (argv, extra environment). Every client trusts the mock's CA its own way."""
    node = ["node", str(HERE / "clients" / "node_client.mjs")]
    py = [str(PYTHON), str(HERE / "clients" / "python_sdk.py")]
    native = [str(NATIVE), "--ca", ca]
    py_env = {"SSL_CERT_FILE": ca}
    node_env = {"NODE_EXTRA_CA_CERTS": ca}
    return {
        "cohere-edge-native-pooled": (native + ["--variant", "pooled"], {}),
        "cohere-edge-native-pooled-http1": (native + ["--variant", "pooled-http1"], {}),
        "cohere-edge-native-unpooled": (native + ["--variant", "unpooled"], {}),
        "python-default": (py + ["--variant", "default"], py_env),
        "python-limits": (py + ["--variant", "limits"], py_env),
        "cohere-ai": (node + ["--sdk", "cohere-ai"], node_env),
        "cohere-edge-npm": (node + ["--sdk", "cohere-edge"], node_env),
    }


class Mock:
    """One cohere-mock process over TLS; its CA is written to a temporary file."""

    def __init__(self, rtt_ms, deltas, tmp, extra_args=()):
        self.ca = str(Path(tmp) / f"ca-{rtt_ms}-{deltas}.pem")
        args = [str(MOCK), "--port", "0", "--tls", "--ca-out", self.ca,
                "--rtt-ms", str(rtt_ms), "--deltas", str(deltas), *extra_args]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on (\S+)", line)
        if not m:
            self.proc.kill()
            raise SystemExit(f"cohere-mock did not start: {line!r}")
        self.url = m.group(1)
        self.ctx = ssl.create_default_context(cafile=self.ca)

    def _call(self, method, path):
        req = urllib.request.Request(self.url + path, method=method, headers={"connection": "close"})
        with urllib.request.urlopen(req, context=self.ctx, timeout=30) as resp:
            body = resp.read()
        return json.loads(body) if body else None

    def stats(self):
        """The counters, less the stats request's own connection, handshake and request."""
        s = self._call("GET", "/__stats")
        for key in ("connections_accepted", "tls_handshakes", "requests"):
            s[key] -= 1
        return s

    def reset(self):
        """Waits (up to 5 s) for the previous client's connections to close, then zeroes
        the counters."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if self._call("GET", "/__stats")["open_connections"] <= 1:
                break
            time.sleep(0.05)
        self._call("POST", "/__stats/reset")

    def floor_ms(self, n=30):
        """p50 of a warm keep-alive GET /__stats: what one round trip costs here."""
        u = urlparse(self.url)
        conn = http.client.HTTPSConnection(u.hostname, u.port, context=self.ctx, timeout=30)
        times = []
        for i in range(n + 1):
            t = time.perf_counter()
            conn.request("GET", "/__stats")
            conn.getresponse().read()
            if i:
                times.append((time.perf_counter() - t) * 1e3)
        conn.close()
        return statistics.median(times)

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def run_client(name, argv, env, mock, workload, n, c):
    cmd = argv + ["--url", mock.url, "--workload", workload, "--requests", str(n), "--concurrency", str(c)]
    full_env = dict(os.environ, **env)
    started = time.monotonic()
    proc = subprocess.run(cmd, env=full_env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=900)
    took = time.monotonic() - started
    lines = [l for l in proc.stdout.splitlines() if l.strip()]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stderr[-2000:])
        raise SystemExit(f"{name} {workload}: exit {proc.returncode}, no result")
    result = json.loads(lines[-1])
    # Microsecond resolution is plenty, and keeps the committed results small.
    for key in ("latencies_ms", "ttfe_ms"):
        if key in result:
            result[key] = [round(v, 3) for v in result[key]]
    result["client"] = name
    result["mock"] = mock.stats()
    result["process_s"] = took
    return result


def summary_line(r):
    lat = r["latencies_ms"]
    s = r["mock"]
    parts = [f"{r['client']:32} {r['workload']:10}", f"errors {r['errors']}"]
    if lat:
        parts.append(f"first {lat[0]:7.1f} mean {statistics.mean(lat):6.1f} p50 {statistics.median(lat):6.1f} ms")
    parts.append(f"cpu {r['cpu_s']:.2f}s conns {s['connections_accepted']} tls {s['tls_handshakes']} max-open {s['max_open_connections']}")
    return "  ".join(parts)


def versions():
    def out(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip()
        except OSError:
            return "?"

    cpu = "?"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}",
        "rustc": out(["rustc", "--version"]),
        "node": out(["node", "--version"]),
        "python": out([str(PYTHON), "--version"]),
        "cohere (PyPI)": out([str(PYTHON), "-c", "import cohere; print(cohere.__version__)"]),
        "cohere-ai (npm)": npm_version("cohere-ai"),
    }


def npm_version(package):
    """The installed version of an npm package under benches/compare, or "?"."""
    try:
        return json.loads((HERE / "node_modules" / package / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return "?"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="a tenth of each workload (checks the harness)")
    ap.add_argument("--rtts", default="0,20", help="simulated round trips in ms (default 0,20)")
    ap.add_argument("--clients", default="", help="comma-separated subset of the clients")
    ap.add_argument("--workloads", default="", help="comma-separated subset of the workloads and idle "
                    "(default: all)")
    ap.add_argument("--out", default=str(ROOT / "benches" / "results" / "compare.json"))
    args = ap.parse_args()

    rtts = [int(x) for x in args.rtts.split(",") if x]
    workloads = [x for x in args.workloads.split(",") if x]
    results = {"meta": versions(), "quick": args.quick, "floor_ms": {}, "runs": []}
    with tempfile.TemporaryDirectory() as tmp:
        for rtt in rtts:
            for workload, (n, c, deltas) in WORKLOADS.items():
                if workloads and workload not in workloads:
                    continue
                if args.quick:
                    n, c = max(n // 10, 2), max(c // 10, 1)
                mock = Mock(rtt, deltas, tmp)
                try:
                    table = clients(mock.ca)
                    wanted = [x for x in args.clients.split(",") if x] or list(table)
                    if workload == "sequential":
                        results["floor_ms"][str(rtt)] = mock.floor_ms()
                        print(f"rtt {rtt} ms: network floor (warm GET) {results['floor_ms'][str(rtt)]:.2f} ms", flush=True)
                    for name in wanted:
                        argv, env = table[name]
                        mock.reset()
                        r = run_client(name, argv, env, mock, workload, n, c)
                        r["rtt_ms"] = rtt
                        results["runs"].append(r)
                        print(f"rtt {rtt:2} ms  {summary_line(r)}", flush=True)
                finally:
                    mock.stop()
        n = IDLE_STREAMS // 10 if args.quick else IDLE_STREAMS
        mock = None if workloads and "idle" not in workloads else Mock(0, 12, tmp, extra_args=("--http1-only",))
        try:
            table = clients(mock.ca) if mock else {}
            wanted = [x for x in args.clients.split(",") if x] or list(table)
            for name in [c for c in IDLE_CLIENTS if c in wanted and mock]:
                argv, env = table[name]
                mock.reset()
                r = run_client(name, argv, env, mock, "idle", n, n)
                r["rtt_ms"] = 0
                results["runs"].append(r)
                per = (r["rss_idle_kib"] - r["rss_before_kib"]) / max(r["streams_held"], 1)
                print(f"idle: {name:32} {r['streams_held']} streams held, "
                      f"RSS {r['rss_before_kib'] / 1024:.1f} -> {r['rss_idle_kib'] / 1024:.1f} MiB, "
                      f"{per:.1f} KiB a stream, errors {r['errors']}", flush=True)
        finally:
            if mock:
                mock.stop()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, separators=(",", ":")) + "\n")
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    errors = sum(r["errors"] for r in results["runs"])
    if errors:
        print(f"{errors} requests failed; see the `errors` and `first_error` fields", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Turns the benchmark results into BENCHMARKS.md's tables and the latency chart.

    python3 benches/report.py            (benches/run.sh calls it last)

Reads benches/results/compare.json (benches/compare/run.py), parse.json
(benches/compare/parse/node_parse.mjs), the criterion estimates under
target/criterion (saved to results/micro.json, so the report can be rebuilt from the
committed results alone) and the package in pkg/ (saved to results/package.json).
Rewrites the part of BENCHMARKS.md between the `generated` markers and draws
benches/results/latency-by-request.svg. Plain Python: no plotting library.
"""

import gzip
import json
import math
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benches" / "results"
TARGET = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
BEGIN, END = "<!-- generated:begin -->", "<!-- generated:end -->"

# Display order and labels.
CLIENTS = [
    ("cohere-edge-native-pooled", "cohere-edge native, pooled (default: HTTP/2 by ALPN)"),
    ("cohere-edge-native-pooled-http1", "cohere-edge native, pooled, HTTP/1.1"),
    ("cohere-edge-native-unpooled", "cohere-edge native, pooling off"),
    ("python-default", "Python SDK `cohere`, default client"),
    ("python-limits", "Python SDK, proposed httpx limits"),
    ("cohere-ai", "`cohere-ai` in Node"),
    ("cohere-edge-npm", "cohere-edge npm package in Node"),
]
LABEL = dict(CLIENTS)
COLOURS = ["#1b6ac9", "#6aa7f0", "#d1495b", "#2e8b57", "#8fbc8f", "#e89005", "#7b4fa0"]
MICRO = [
    ("sse_decode_parse", "1B", "SSE decode + event parse, 1 B chunks"),
    ("sse_decode_parse", "64B", "SSE decode + event parse, 64 B chunks"),
    ("sse_decode_parse", "16KiB", "SSE decode + event parse, 16 KiB chunks"),
    ("json", "chat_request_serialise", "chat request serialisation (`chat (2)` vector)"),
    ("json", "chat_response_parse", "chat response parsing (`chat (2)` vector)"),
]


def pct(values, p):
    """Nearest-rank percentile."""
    s = sorted(values)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def load(name):
    path = RESULTS / name
    return json.loads(path.read_text()) if path.exists() else None


def collect_micro():
    """criterion's mean estimates (ns) and throughputs, into results/micro.json."""
    out = []
    for group, bench, label in MICRO:
        d = TARGET / "criterion" / group / bench / "new"
        try:
            est = json.loads((d / "estimates.json").read_text())
            meta = json.loads((d / "benchmark.json").read_text())
        except OSError:
            continue
        bytes_ = (meta.get("throughput") or {}).get("Bytes")
        out.append({"group": group, "bench": bench, "label": label,
                    "mean_ns": est["mean"]["point_estimate"],
                    "lower_ns": est["mean"]["confidence_interval"]["lower_bound"],
                    "upper_ns": est["mean"]["confidence_interval"]["upper_bound"],
                    "bytes": bytes_})
    if out:
        (RESULTS / "micro.json").write_text(json.dumps(out, indent=1) + "\n")
    return out or load("micro.json") or []


def collect_package():
    pkg = ROOT / "pkg"
    if not (pkg / "cohere_edge_bg.wasm").exists():
        return load("package.json") or {}
    # What a browser loads: browser.js, the modules it imports, the wasm.
    names = subprocess.run(["node", str(ROOT / "scripts" / "browser_files.mjs"), str(pkg)],
                           check=True, capture_output=True, text=True).stdout.split()
    files = {}
    for f in names:
        data = (pkg / f).read_bytes()
        files[f] = {"bytes": len(data), "gzip": len(gzip.compress(data, 9, mtime=0))}
    wasm = files["cohere_edge_bg.wasm"]["gzip"]
    scripts = [f for f in names if f.endswith(".js")]
    js = len(gzip.compress(b"".join((pkg / f).read_bytes() for f in scripts), 9, mtime=0))
    out = {"files": files, "wasm_gzip": wasm, "js_gzip": js, "total_gzip": wasm + js}
    (RESULTS / "package.json").write_text(json.dumps(out, indent=1) + "\n")
    return out


def runs_by(compare, workload, rtt):
    got = {r["client"]: r for r in compare["runs"] if r["workload"] == workload and r["rtt_ms"] == rtt}
    return [(c, got[c]) for c, _ in CLIENTS if c in got]


def table(head, rows):
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" if i == 0 else "--:" for i in range(len(head))) + "|"]
    lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
    return "\n".join(lines)


def f1(x):
    return f"{x:.1f}"


def sequential_table(compare, rtt):
    rows = []
    for c, r in runs_by(compare, "sequential", rtt):
        lat = r["latencies_ms"]
        rows.append([LABEL[c], f1(lat[0]), f1(statistics.mean(lat)), f1(statistics.median(lat)), f1(pct(lat, 99)),
                     r["mock"]["connections_accepted"], r["mock"]["tls_handshakes"], r["errors"]])
    return table(["client", "first ms", "mean ms", "p50 ms", "p99 ms", "connections", "TLS handshakes", "errors"], rows)


def concurrent_table(compare, rtt):
    rows = []
    for c, r in runs_by(compare, "concurrent", rtt):
        n = r["requests"]
        rows.append([LABEL[c], f"{n / r['wall_s']:,.0f}", f"{r['cpu_s']:.2f}", f"{r['cpu_s'] / n * 1e3:.3f}",
                     f"{r['peak_rss_kib'] / 1024:.0f}", r["mock"]["max_open_connections"],
                     r["mock"]["connections_accepted"], r["errors"]])
    return table(["client", "chats/s", "client CPU s", "CPU ms/chat", "peak RSS MiB", "most open connections",
                  "connections", "errors"], rows)


def streaming_table(compare, rtt):
    rows = []
    for c, r in runs_by(compare, "streaming", rtt):
        t = r.get("ttfe_ms") or [float("nan")]
        rows.append([LABEL[c], f1(statistics.median(t)), f1(max(t)), f"{r['events'] / r['wall_s']:,.0f}",
                     f"{r['cpu_s']:.2f}", f"{r['cpu_s'] / max(r['events'], 1) * 1e6:.1f}",
                     f"{r['peak_rss_kib'] / 1024:.0f}", r["mock"]["connections_accepted"], r["errors"]])
    return table(["client", "first event p50 ms", "first event max ms", "events/s", "client CPU s", "CPU µs/event",
                  "peak RSS MiB", "connections", "errors"], rows)


def get(compare, client, workload, rtt):
    for r in compare["runs"]:
        if r["client"] == client and r["workload"] == workload and r["rtt_ms"] == rtt:
            return r
    return None


def targets(compare, micro, parse, bundle):
    rows = []

    def row(name, goal, measured, met):
        rows.append([name, goal, measured, "met" if met else "**missed**"])

    if compare:
        pooled, unpooled = get(compare, "cohere-edge-native-pooled", "sequential", 20), get(
            compare, "cohere-edge-native-unpooled", "sequential", 20)
        if pooled and unpooled:
            a, b = statistics.mean(pooled["latencies_ms"]), statistics.mean(unpooled["latencies_ms"])
            row("pooled / unpooled mean latency, 20 ms RTT", "≤ 0.40", f"{a:.1f} / {b:.1f} ms = {a / b:.2f}", a / b <= 0.40)
        p0 = get(compare, "cohere-edge-native-pooled", "sequential", 0)
        floor20, floor0 = compare["floor_ms"].get("20"), compare["floor_ms"].get("0")
        if pooled and p0 and floor20 is not None and floor0 is not None:
            own = max(statistics.median(p0["latencies_ms"]) - floor0, 0.0)
            want = floor20 + own
            got = statistics.median(pooled["latencies_ms"])
            row("pooled per-request latency (p50), 20 ms RTT", "≤ 1.10 × (one round trip + the mock's own time)",
                f"{got:.1f} ms vs {floor20:.1f} + {own:.2f} ms = {got / want:.2f}×", got <= 1.10 * want)
        nat, py = get(compare, "cohere-edge-native-pooled", "concurrent", 20), get(compare, "python-default", "concurrent", 20)
        if nat and py:
            a, b = nat["cpu_s"] / nat["requests"], py["cpu_s"] / py["requests"]
            row("native client CPU per chat vs the Python SDK (2,000 chats, 20 ms RTT)", "≤ 1/10",
                f"{a * 1e3:.3f} vs {b * 1e3:.3f} ms = 1/{b / a:.0f}", a * 10 <= b)
    if parse:
        by = {(p["sdk"], p["chunk"]): p for p in parse}
        for chunk in sorted({p["chunk"] for p in parse}):
            e, a = by.get(("cohere-edge-npm", chunk)), by.get(("cohere-ai", chunk))
            if e and a:
                r = e["mb_per_s"] / a["mb_per_s"]
                row(f"stream parsing in Node, {chunk} B chunks: cohere-edge (wasm) / cohere-ai", "≥ 2×",
                    f"{e['mb_per_s']:.1f} / {a['mb_per_s']:.1f} MB/s = {r:.1f}×", r >= 2)
    for m in micro:
        # 1 B chunks are a stress case (a call per byte), reported but not a target.
        if m["group"] == "sse_decode_parse" and m["bytes"] and m["bench"] != "1B":
            mbs = m["bytes"] / m["mean_ns"] * 1e3
            row(f"native SSE decode + parse, {m['bench']} chunks", "≥ 500 MB/s", f"{mbs:.0f} MB/s", mbs >= 500)
    if bundle:
        ours = bundle["cohere-edge"]
        kb = ours["total_gzip"] / 1000
        row("npm package: a chatStream-only page, gzipped (wasm + JS)", "≤ 60 KB",
            f"{ours['wasm_gzip'] / 1000:.1f} + {ours['js_gzip'] / 1000:.1f} = {kb:.1f} KB", kb <= 60)
    return table(["target", "goal", "measured", ""], rows)


def idle_table(compare):
    rows = []
    for c, r in runs_by(compare, "idle", 0):
        held = max(r["streams_held"], 1)
        rows.append([LABEL[c], f"{r['streams_held']:,}", f"{r['rss_before_kib'] / 1024:.1f}",
                     f"{r['rss_idle_kib'] / 1024:.1f}", f"{(r['rss_idle_kib'] - r['rss_before_kib']) / held:.1f}",
                     f"{r['peak_rss_kib'] / 1024:.1f}", r["mock"]["connections_accepted"], r["errors"]])
    return table(["client", "streams held", "RSS before MiB", "RSS with them open MiB", "KiB a stream",
                  "peak RSS MiB", "connections", "errors"], rows)


def bundle_table(bundle):
    rows = []
    for key, label in (("cohere-edge", "cohere-edge (this package: JS + wasm)"),
                       ("cohere-ai", f"`cohere-ai` {bundle['cohere-ai']['version']}"),
                       ("ai-sdk", f"Vercel AI SDK: {bundle['ai-sdk']['version']}")):
        b = bundle[key]
        wasm = b.get("wasm_gzip")
        rows.append([label, f"{b['js_gzip'] / 1000:.1f}", f"{wasm / 1000:.1f}" if wasm else "",
                     f"**{b['total_gzip'] / 1000:.1f}**"])
    return table(["client", "JS KB", "wasm KB", "total KB"], rows)


def micro_table(micro):
    rows = []
    for m in micro:
        t = m["mean_ns"]
        time_ = f"{t / 1e3:.1f} µs" if t >= 1e3 else f"{t:.0f} ns"
        thr = f"{m['bytes'] / t * 1e3:.0f} MB/s" if m["bytes"] else ""
        rows.append([m["label"], time_, thr])
    return table(["benchmark", "mean time", "throughput"], rows)


def parse_table(parse):
    rows = [[p["sdk"], p["chunk"], p["iterations"], f"{p['mb_per_s']:.1f}", f"{p['events_per_s']:,.0f}"]
            for p in parse]
    return table(["parser", "chunk bytes", "iterations", "MB/s", "events/s"], rows)


def package_table(package):
    rows = [[f"`{f}`", f"{v['bytes']:,}", f"{v['gzip']:,}"] for f, v in package["files"].items()]
    rows.append(["**total** (the modules gzipped as one file, plus the wasm)", "", f"{package['total_gzip']:,}"])
    return table(["file", "bytes", "gzip -9 bytes"], rows)


def chart(compare, path):
    """Latency by request number (sequential workload), one panel per round trip, log y."""
    rtts = sorted({r["rtt_ms"] for r in compare["runs"] if r["workload"] == "sequential"})
    if not rtts:
        return
    W, H, pad_l, pad_r, pad_t, pad_b, gap = 980, 360, 60, 20, 56, 44, 60
    legend_h = 22 * math.ceil(len(CLIENTS) / 2) + 20
    total_h = pad_t + len(rtts) * (H + gap) + legend_h
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{total_h}" '
           f'font-family="system-ui, sans-serif" font-size="12">',
           f'<rect width="{W}" height="{total_h}" fill="white"/>',
           f'<text x="{W / 2}" y="22" text-anchor="middle" font-size="15" font-weight="600">'
           f'Latency of each of 50 sequential chats over TLS against cohere-mock</text>',
           f'<text x="{W / 2}" y="40" text-anchor="middle" fill="#555">{compare["meta"]["date"]}; '
           f'{compare["meta"]["machine"]}</text>']
    for k, rtt in enumerate(rtts):
        runs = runs_by(compare, "sequential", rtt)
        top = pad_t + k * (H + gap)
        x0, x1, y0, y1 = pad_l, W - pad_r, top + 20, top + H - pad_b + 20
        values = [v for _, r in runs for v in r["latencies_ms"] if v > 0]
        steps = [m * 10 ** e for e in range(-3, 6) for m in (1, 2, 5)]
        lo = max(v for v in steps if v <= min(values))
        hi = min(v for v in steps if v >= max(values))
        n = max(len(r["latencies_ms"]) for _, r in runs)

        def X(i):
            return x0 + (x1 - x0) * (i / max(n - 1, 1))

        def Y(v):
            return y1 - (y1 - y0) * (math.log10(max(v, lo)) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))

        out.append(f'<text x="{x0}" y="{top + 12}" font-weight="600">simulated round trip {rtt} ms'
                   f' (network floor measured: {compare["floor_ms"].get(str(rtt), float("nan")):.1f} ms)</text>')
        decade = 10 ** math.floor(math.log10(lo))
        while decade <= hi:
            for m in (1, 2, 5):
                v = decade * m
                if lo <= v <= hi:
                    y = Y(v)
                    out.append(f'<line x1="{x0}" x2="{x1}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
                    out.append(f'<text x="{x0 - 6}" y="{y + 4:.1f}" text-anchor="end">{v:g}</text>')
            decade *= 10
        for i in range(0, n, 5):
            out.append(f'<text x="{X(i):.1f}" y="{y1 + 16}" text-anchor="middle">{i + 1}</text>')
        out.append(f'<line x1="{x0}" x2="{x1}" y1="{y1}" y2="{y1}" stroke="#888"/>')
        out.append(f'<text x="{(x0 + x1) / 2}" y="{y1 + 34}" text-anchor="middle">request number</text>')
        out.append(f'<text x="16" y="{(y0 + y1) / 2}" transform="rotate(-90 16 {(y0 + y1) / 2})" '
                   f'text-anchor="middle">latency, ms (log scale)</text>')
        for c, r in runs:
            colour = COLOURS[[x for x, _ in CLIENTS].index(c)]
            pts = " ".join(f"{X(i):.1f},{Y(v):.1f}" for i, v in enumerate(r["latencies_ms"]))
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="1.8" points="{pts}"/>')
    ly = pad_t + len(rtts) * (H + gap) - 10
    for j, (c, label) in enumerate(CLIENTS):
        x = pad_l + (j % 2) * 440
        y = ly + 22 * (j // 2)
        out.append(f'<line x1="{x}" x2="{x + 24}" y1="{y - 4}" y2="{y - 4}" stroke="{COLOURS[j]}" stroke-width="3"/>')
        out.append(f'<text x="{x + 30}" y="{y}">{label.replace("`", "")}</text>')
    out.append("</svg>")
    path.write_text("\n".join(out) + "\n")


def main():
    compare, parse, bundle = load("compare.json"), load("parse.json"), load("bundle.json")
    twiggy = RESULTS / "twiggy.txt"
    micro, package = collect_micro(), collect_package()
    parts = []
    if compare:
        m = compare["meta"]
        parts.append(f"Measured {m['date']} on {m['machine']}; {m['rustc']}, Node {m['node']}, {m['python']}, "
                     f"`cohere` {m['cohere (PyPI)']}, `cohere-ai` {m['cohere-ai (npm)']}."
                     + (" **Quick run: a tenth of each workload; not for figures.**" if compare.get("quick") else "")
                     + (f" {m['remeasured']}" if m.get("remeasured") else ""))
    parts.append("### Targets\n\n" + targets(compare, micro, parse, bundle))
    if compare:
        for rtt in sorted({r["rtt_ms"] for r in compare["runs"]}):
            parts.append(f"### {rtt} ms round trip (network floor: {compare['floor_ms'].get(str(rtt), float('nan')):.1f} ms)")
            parts.append("**Sequential:** 50 chats, one at a time.\n\n" + sequential_table(compare, rtt))
            parts.append("**Concurrent:** 2,000 chats, 64 at a time.\n\n" + concurrent_table(compare, rtt))
            parts.append("**Streaming:** 200 streams of 500 deltas, all at once.\n\n" + streaming_table(compare, rtt))
        if runs_by(compare, "idle", 0):
            parts.append("### Memory per idle stream\n\nStreams opened at once over HTTP/1.1 (one connection "
                         "each, 0 ms round trip) and held open after their first event; resident memory (VmRSS) "
                         "with the client loaded and nothing open, then with every stream open and idle.\n\n"
                         + idle_table(compare))
        chart(compare, RESULTS / "latency-by-request.svg")
        parts.append("![Latency by request number](benches/results/latency-by-request.svg)")
    if micro:
        parts.append("### Micro-benchmarks (criterion, native)\n\n" + micro_table(micro))
    if parse:
        parts.append("### Stream parsing in Node (recorded 500-delta stream, no network)\n\n" + parse_table(parse))
    if bundle:
        parts.append("### Bundle size: a browser page that only streams a chat\n\n"
                     "`benches/bundle/*.mjs`, one page per client, bundled by `esbuild --bundle --minify "
                     "--format=esm --platform=browser`, gzip -9 (KB = 1,000 bytes); cohere-edge adds the wasm "
                     "the page fetches (`scripts/bundle_size.sh`, the test command's budget check).\n\n"
                     + bundle_table(bundle))
    if package:
        parts.append("### npm package size\n\nWhat a browser loads with no bundler (the files "
                     "`scripts/browser_files.mjs` lists: `browser.js`, every module it imports, the wasm), "
                     "as published: not minified, and with the parts a bundler leaves out of a page "
                     "that does not use them (the `Cohere` namespace).\n\n"
                     + package_table(package))
    if twiggy.exists():
        parts.append("### What the wasm holds (`twiggy top`, or `benches/bundle/wasm_top.py` without twiggy)\n\n```text\n" + twiggy.read_text().rstrip() + "\n```")
    generated = "\n\n".join(parts)

    doc_path = ROOT / "BENCHMARKS.md"
    doc = doc_path.read_text()
    if BEGIN not in doc or END not in doc:
        sys.exit("BENCHMARKS.md has no generated markers")
    head, rest = doc.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    doc_path.write_text(f"{head}{BEGIN}\n{generated}\n{END}{tail}")
    print("BENCHMARKS.md and benches/results/ updated")


if __name__ == "__main__":
    main()

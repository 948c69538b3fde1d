#!/usr/bin/env python3
"""Benchmark client: the official Cohere Python SDK (PyPI `cohere`) against a URL.

Run by benches/compare/run.py with the venv's interpreter, e.g.

    .tools/peers-venv/bin/python benches/compare/clients/python_sdk.py \
        --variant default --url https://127.0.0.1:PORT --workload concurrent

Workloads:
  sequential  N chats one after another on `cohere.ClientV2` (latency per call)
  concurrent  N chats on `cohere.AsyncClientV2`, C worker coroutines
  streaming   N `chat_stream` calls on `cohere.AsyncClientV2`, C at a time (default
              C = N: all at once); time to first event, events, total duration

Variants:
  default  the SDK as a user gets it (its own httpx client)
  limits   the SDK given an explicit httpx client with timeout and pool limits

TLS trust comes from the environment: httpx builds its SSL context from
SSL_CERT_FILE when it is set (trust_env), for the SDK's own client and ours alike.

Prints exactly one JSON line on stdout; logs go to stderr. Exits 0 even when
requests failed (they are counted); 2 on a bad command line.
"""

import argparse
import asyncio
import json
import resource
import sys
import time

import cohere
import httpx

MODEL = "command-a-03-2025"
MESSAGES = [{"role": "user", "content": "Tell me about connection pooling"}]
TOKEN = "bench"

# workload -> (requests, concurrency); None concurrency means "= requests".
DEFAULTS = {"sequential": (50, 1), "concurrent": (2000, 64), "streaming": (200, None)}


def log(msg):
    print(f"python_sdk: {msg}", file=sys.stderr, flush=True)


def cpu_seconds():
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def peak_rss_kib():
    """This process's peak resident memory (VmHWM) in KiB. Not ru_maxrss: after
    fork + exec it keeps the parent's peak (the benchmark driver's)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def now_ms():
    return time.perf_counter_ns() / 1e6


class Tally:
    """Errors of a batch: how many, and the first one's message."""

    def __init__(self):
        self.count = 0
        self.first = None

    def add(self, err):
        self.count += 1
        if self.first is None:
            self.first = describe(err)
            log(f"first error: {self.first}")


def describe(err):
    """A one-line message for an error (an API error's status and body, not its headers)."""
    if isinstance(err, str):
        return err
    status = getattr(err, "status_code", None)
    if status is not None:
        return f"{type(err).__name__}: status {status}: {getattr(err, 'body', None)}"
    return f"{type(err).__name__}: {err}"


def reply_text(resp):
    """The reply's text, or '' if it has none."""
    content = resp.message.content if resp.message is not None else None
    return "".join(getattr(c, "text", "") or "" for c in content or [])


def limits_kwargs():
    return dict(
        timeout=300,
        limits=httpx.Limits(max_keepalive_connections=20, max_connections=100, keepalive_expiry=30),
    )


def make_sync_client(variant, url):
    extra = {"httpx_client": httpx.Client(**limits_kwargs())} if variant == "limits" else {}
    # max_retries=0: a failure is counted, not retried away.
    return cohere.ClientV2(api_key=TOKEN, base_url=url, max_retries=0, **extra)


def make_async_client(variant, url):
    extra = {"httpx_client": httpx.AsyncClient(**limits_kwargs())} if variant == "limits" else {}
    return cohere.AsyncClientV2(api_key=TOKEN, base_url=url, max_retries=0, **extra)


def run_sequential(client, n):
    latencies, errors = [], Tally()
    for _ in range(n):
        t0 = now_ms()
        try:
            resp = client.chat(model=MODEL, messages=MESSAGES)
            if not reply_text(resp):
                errors.add("chat reply has no text")
        except Exception as e:  # noqa: BLE001 - every failure is counted
            errors.add(e)
        latencies.append(now_ms() - t0)
    return {"latencies_ms": latencies}, errors


async def run_pool(n, c, one):
    """Runs `one(i)` for i in 0..n with c workers pulling from a shared counter."""
    next_i = 0

    async def worker():
        nonlocal next_i
        while next_i < n:
            i = next_i
            next_i += 1
            await one(i)

    await asyncio.gather(*(worker() for _ in range(min(c, n))))


async def run_concurrent(client, n, c):
    latencies, errors = [0.0] * n, Tally()

    async def one(i):
        t0 = now_ms()
        try:
            resp = await client.chat(model=MODEL, messages=MESSAGES)
            if not reply_text(resp):
                errors.add("chat reply has no text")
        except Exception as e:  # noqa: BLE001
            errors.add(e)
        latencies[i] = now_ms() - t0

    await run_pool(n, c, one)
    return {"latencies_ms": latencies}, errors


async def run_streaming(client, n, c):
    latencies, ttfe, counts, errors = [0.0] * n, [None] * n, [0] * n, Tally()

    async def one(i):
        t0 = now_ms()
        last = None
        try:
            async for event in client.chat_stream(model=MODEL, messages=MESSAGES):
                if counts[i] == 0:
                    ttfe[i] = now_ms() - t0
                counts[i] += 1
                last = getattr(event, "type", None)
            if last != "message-end":
                errors.add(f"stream ended without message-end (last event {last!r}, {counts[i]} events)")
        except Exception as e:  # noqa: BLE001
            errors.add(e)
        latencies[i] = now_ms() - t0

    await run_pool(n, c, one)
    distinct = sorted(set(counts))
    if len(distinct) > 1:
        log(f"streams differ in event count: {distinct}")
    # A stream that failed before its first event has no ttfe; it is an error already.
    return {"ttfe_ms": [t for t in ttfe if t is not None], "events": sum(counts), "latencies_ms": latencies}, errors


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True)
    p.add_argument("--workload", required=True, choices=sorted(DEFAULTS))
    p.add_argument("--variant", default="default", choices=["default", "limits"])
    p.add_argument("--requests", type=int)
    p.add_argument("--concurrency", type=int)
    a = p.parse_args(argv)
    n_default, c_default = DEFAULTS[a.workload]
    a.requests = a.requests if a.requests is not None else n_default
    if a.concurrency is None:
        a.concurrency = c_default if c_default is not None else a.requests
    if a.requests < 1 or a.concurrency < 1:
        p.error("--requests and --concurrency must be at least 1")
    if a.workload == "sequential" and a.concurrency != 1:
        p.error("sequential runs with --concurrency 1")
    return a


def main(argv):
    a = parse_args(argv)
    out = {
        "client": f"python-{a.variant}",
        "workload": a.workload,
        "requests": a.requests,
        "concurrency": a.concurrency,
    }

    if a.workload == "sequential":
        client = make_sync_client(a.variant, a.url)
        cpu0, t0 = cpu_seconds(), time.perf_counter()
        result, errors = run_sequential(client, a.requests)
        wall, cpu = time.perf_counter() - t0, cpu_seconds() - cpu0
    else:
        # The loop and the client exist before the clock starts; only the batch is timed.
        async def timed():
            client = make_async_client(a.variant, a.url)
            cpu0, t0 = cpu_seconds(), time.perf_counter()
            if a.workload == "concurrent":
                res = await run_concurrent(client, a.requests, a.concurrency)
            else:
                res = await run_streaming(client, a.requests, a.concurrency)
            return res, time.perf_counter() - t0, cpu_seconds() - cpu0

        (result, errors), wall, cpu = asyncio.run(timed())

    out.update(
        errors=errors.count,
        first_error=errors.first,
        latencies_ms=[round(x, 3) for x in result.pop("latencies_ms")],
        wall_s=round(wall, 6),
        cpu_s=round(cpu, 6),
        peak_rss_kib=peak_rss_kib(),
    )
    if "ttfe_ms" in result:
        out["ttfe_ms"] = [round(x, 3) for x in result["ttfe_ms"]]
        out["events"] = result["events"]
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

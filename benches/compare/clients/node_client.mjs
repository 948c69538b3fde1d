// Benchmark client: a Node Cohere SDK against a URL.
//
//   node benches/compare/clients/node_client.mjs --sdk cohere-ai|cohere-edge \
//     --url https://127.0.0.1:PORT --workload sequential|concurrent|streaming|idle \
//     [--requests N] [--concurrency C]
//
// --sdk cohere-ai    npm `cohere-ai`'s CohereClientV2 (the official SDK)
// --sdk cohere-edge  this repository's npm package (pkg/, installed as `cohere-edge`)
// Both use Node's global fetch (undici) and its connection pool, with retries off
// (maxRetries: 0) so failures are counted rather than retried away. TLS trust for
// the mock comes from NODE_EXTRA_CA_CERTS, which Node's fetch honours.
//
// Workloads: sequential (N chats one after another), concurrent (N chats, C worker
// loops), streaming (N chatStream calls, C at a time; default C = N, all at once),
// idle (N streams opened at once and held open after their first event: the
// memory each idle stream costs).
// Prints exactly one JSON line on stdout (logs go to stderr). Exits 0 even when
// requests failed (they are counted); 2 on a bad command line.

import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";

const MODEL = "command-a-03-2025";
const MESSAGES = [{ role: "user", content: "Tell me about connection pooling" }];
const TOKEN = "bench";
// workload -> [requests, concurrency]; null concurrency means "= requests".
const DEFAULTS = { sequential: [50, 1], concurrent: [2000, 64], streaming: [200, null], idle: [1000, null] };
const SDKS = { "cohere-ai": "cohere-ai", "cohere-edge": "cohere-edge-npm" }; // --sdk -> client name

// This process's peak resident memory (VmHWM) in KiB. Not resourceUsage().maxRSS
// (ru_maxrss): after fork + exec it keeps the parent's peak, the benchmark driver's.
function peakRssKib() {
  const line = readFileSync("/proc/self/status", "utf8").split("\n").find((l) => l.startsWith("VmHWM:"));
  return line ? Number(line.split(/\s+/)[1]) : 0;
}

const log = (msg) => process.stderr.write(`node_client: ${msg}\n`);

function usage(msg) {
  process.stderr.write(
    `node_client: ${msg}\nusage: node_client.mjs --sdk cohere-ai|cohere-edge --url URL ` +
      `--workload sequential|concurrent|streaming|idle [--requests N] [--concurrency C]\n`,
  );
  process.exit(2);
}

function parseCommandLine() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        sdk: { type: "string" },
        url: { type: "string" },
        workload: { type: "string" },
        requests: { type: "string" },
        concurrency: { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    usage(e.message);
  }
  const { sdk, url, workload } = values;
  if (!(sdk in SDKS)) usage(`--sdk must be one of ${Object.keys(SDKS).join(", ")}`);
  if (!url) usage("--url is required");
  if (!(workload in DEFAULTS)) usage(`--workload must be one of ${Object.keys(DEFAULTS).join(", ")}`);
  const count = (flag, v) => {
    if (!/^[1-9][0-9]*$/.test(v)) usage(`--${flag} must be a positive integer`);
    return Number(v);
  };
  const [nDefault, cDefault] = DEFAULTS[workload];
  const requests = values.requests === undefined ? nDefault : count("requests", values.requests);
  const concurrency =
    values.concurrency === undefined ? (cDefault ?? requests) : count("concurrency", values.concurrency);
  if (workload === "sequential" && concurrency !== 1) usage("sequential runs with --concurrency 1");
  return { sdk, url, workload, requests, concurrency };
}

/** Errors of a batch: how many, and the first one's message. */
class Tally {
  count = 0;
  first = null;
  add(err) {
    this.count += 1;
    if (this.first === null) {
      this.first = describe(err);
      log(`first error: ${this.first}`);
    }
  }
}

/** A one-line message for an error, with its causes (fetch hides the real one there). */
function describe(err) {
  if (typeof err === "string") return err;
  let msg = `${err?.name ?? "Error"}: ${err?.message ?? String(err)}`.replace(/\s*\n\s*/g, " ");
  for (let c = err?.cause, depth = 0; c && depth < 3; c = c.cause, depth++) {
    msg += ` (cause: ${c.message ?? String(c)}${c.code ? `, ${c.code}` : ""})`;
  }
  return msg;
}

function replyText(resp) {
  return (resp?.message?.content ?? []).map((c) => c?.text ?? "").join("");
}

/** Runs one(i) for i in 0..n with c workers pulling from a shared counter. */
async function pool(n, c, one) {
  let next = 0;
  const worker = async () => {
    while (next < n) await one(next++);
  };
  await Promise.all(Array.from({ length: Math.min(c, n) }, worker));
}

async function chats(client, n, c) {
  const latencies = new Array(n).fill(0);
  const errors = new Tally();
  await pool(n, c, async (i) => {
    const t0 = performance.now();
    try {
      const resp = await client.chat({ model: MODEL, messages: MESSAGES });
      if (!replyText(resp)) errors.add("chat reply has no text");
    } catch (e) {
      errors.add(e);
    }
    latencies[i] = performance.now() - t0;
  });
  return { errors, result: { latencies_ms: latencies } };
}

async function streams(client, n, c) {
  const latencies = new Array(n).fill(0);
  const ttfe = new Array(n).fill(null);
  const counts = new Array(n).fill(0);
  const errors = new Tally();
  await pool(n, c, async (i) => {
    const t0 = performance.now();
    let last;
    try {
      for await (const event of await client.chatStream({ model: MODEL, messages: MESSAGES })) {
        if (counts[i] === 0) ttfe[i] = performance.now() - t0;
        counts[i] += 1;
        last = event?.type;
      }
      if (last !== "message-end") {
        errors.add(`stream ended without message-end (last event ${JSON.stringify(last)}, ${counts[i]} events)`);
      }
    } catch (e) {
      errors.add(e);
    }
    latencies[i] = performance.now() - t0;
  });
  const distinct = [...new Set(counts)].sort((a, b) => a - b);
  if (distinct.length > 1) log(`streams differ in event count: ${distinct.join(", ")}`);
  return {
    errors,
    result: {
      latencies_ms: latencies,
      // A stream that failed before its first event has no ttfe (it is an error already).
      ttfe_ms: ttfe.filter((t) => t !== null),
      events: counts.reduce((a, b) => a + b, 0),
    },
  };
}

/**
 * The idle workload: n streams opened at once and held open. The mock stalls each
 * after its second event (`x-mock-fault: stall-ms`); this resolves once every
 * stream has given its first event, with their iterators still open in `held`.
 */
async function idle(client, n) {
  const latencies = [];
  const held = [];
  const errors = new Tally();
  const options = { headers: { "x-mock-fault": "stall-ms=120000" } };
  await Promise.all(
    Array.from({ length: n }, async () => {
      const t0 = performance.now();
      try {
        const stream = await client.chatStream({ model: MODEL, messages: MESSAGES }, options);
        const iterator = stream[Symbol.asyncIterator]();
        if ((await iterator.next()).done) {
          errors.add("stream ended before its first event");
          return;
        }
        held.push(iterator);
        latencies.push(performance.now() - t0);
      } catch (e) {
        errors.add(e);
      }
    }),
  );
  return { errors, result: { latencies_ms: latencies }, held };
}

const round3 = (x) => Math.round(x * 1000) / 1000;

async function main() {
  const args = parseCommandLine();

  // Everything is loaded and built before the clock starts; no warm-up request.
  let client;
  if (args.sdk === "cohere-ai") {
    const { CohereClientV2 } = await import("cohere-ai");
    client = new CohereClientV2({ token: TOKEN, baseUrl: args.url, maxRetries: 0 });
  } else {
    const { CohereClient } = await import("cohere-edge");
    client = new CohereClient({ token: TOKEN, baseUrl: args.url, maxRetries: 0 });
  }

  const rssBefore = Math.round(process.memoryUsage().rss / 1024);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const { errors, result, held } =
    args.workload === "idle"
      ? await idle(client, args.requests)
      : args.workload === "streaming"
        ? await streams(client, args.requests, args.concurrency)
        : await chats(client, args.requests, args.concurrency);
  const wall = (performance.now() - t0) / 1000;
  if (held) await new Promise((r) => setTimeout(r, 500)); // let the heap settle
  const cpu = process.cpuUsage(cpu0);

  const out = {
    client: SDKS[args.sdk],
    workload: args.workload,
    requests: args.requests,
    concurrency: args.concurrency,
    errors: errors.count,
    first_error: errors.first,
    latencies_ms: result.latencies_ms.map(round3),
    wall_s: Math.round(wall * 1e6) / 1e6,
    cpu_s: (cpu.user + cpu.system) / 1e6,
    peak_rss_kib: peakRssKib(),
  };
  if (held) {
    // Resident memory with the client loaded and nothing open, and with every
    // stream open and idle.
    out.rss_before_kib = rssBefore;
    out.rss_idle_kib = Math.round(process.memoryUsage().rss / 1024);
    out.streams_held = held.length;
  }
  if (result.ttfe_ms) {
    out.ttfe_ms = result.ttfe_ms.map(round3);
    out.events = result.events;
  }
  // Exit once the line is written: idle pooled sockets must not hold the process.
  process.stdout.write(JSON.stringify(out) + "\n", () => process.exit(0));
}

main().catch((e) => {
  // Only setup can get here (per-request errors are counted above).
  log(`fatal: ${e?.stack ?? e}`);
  process.exit(1);
});

// Stream-parsing throughput in Node, in process, no network.
//
//   node benches/compare/parse/node_parse.mjs [--chunk BYTES] [--seconds S] [--sdk NAME]
//
// The recorded stream benches/data/chat-stream-500.sse (the wire bytes of a 500-delta
// Cohere v2 chat stream) is served by a fake `fetch` as `new Response(ReadableStream)`
// whose chunks are BYTES long, and parsed end to end by each SDK's chatStream:
//   cohere-edge-npm  this repository's npm package (pkg/, option `fetch`)
//   cohere-ai        npm `cohere-ai`'s CohereClientV2 (option `fetch`)
// By default both SDKs run at 64 B and 16 KiB chunks. Each (sdk, chunk) warms up, then
// iterates for about S seconds (default 2); every iteration must yield the expected
// events and text, else the program stops with exit status 1.
//
// stdout: one JSON line per (sdk, chunk):
//   {"sdk", "chunk", "iterations", "mb_per_s", "events_per_s", "ms_per_iteration"}
// stderr: a summary with the cohere-edge-npm / cohere-ai ratio per chunk size.

import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import { CohereClientV2 } from "cohere-ai";
import { CohereClient } from "cohere-edge";

const RECORDING = new URL("../../data/chat-stream-500.sse", import.meta.url);
const DEFAULT_CHUNKS = [64, 16 * 1024];
const WARMUP_ITERATIONS = 30;
const REQUEST = {
  model: "command-a-03-2025",
  messages: [{ role: "user", content: "Tell me about connection pooling" }],
};
const BASE_URL = "https://cohere.invalid"; // never contacted: the fetch is fake

function usage(msg) {
  process.stderr.write(`node_parse: ${msg}\nusage: node_parse.mjs [--chunk BYTES] [--seconds S] [--sdk cohere-edge-npm|cohere-ai]\n`);
  process.exit(2);
}

function parseCommandLine() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { chunk: { type: "string" }, seconds: { type: "string" }, sdk: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    usage(e.message);
  }
  let chunks = DEFAULT_CHUNKS;
  if (values.chunk !== undefined) {
    if (!/^[1-9][0-9]*$/.test(values.chunk)) usage("--chunk must be a positive integer");
    chunks = [Number(values.chunk)];
  }
  const seconds = values.seconds === undefined ? 2 : Number(values.seconds);
  if (!(seconds > 0)) usage("--seconds must be a positive number");
  const sdks = ["cohere-edge-npm", "cohere-ai"];
  if (values.sdk !== undefined && !sdks.includes(values.sdk)) usage(`--sdk must be one of ${sdks.join(", ")}`);
  return { chunks, seconds, sdks: values.sdk ? [values.sdk] : sdks };
}

/** The events and text in the recording, by a plain reading of the SSE: every `data:`
 * line of this file is one whole event (no multi-line data, no comments). */
function expectations(bytes) {
  let events = 0;
  let text = "";
  for (const line of new TextDecoder().decode(bytes).split("\n")) {
    if (!line.startsWith("data:")) continue;
    const event = JSON.parse(line.slice(5));
    events += 1;
    if (event.type === "content-delta") text += event.delta.message.content.text;
  }
  return { events, text };
}

/** A fetch that answers every call with the recording, `chunk` bytes per read. */
function recordedFetch(bytes, chunk) {
  const pieces = [];
  for (let i = 0; i < bytes.length; i += chunk) pieces.push(bytes.subarray(i, i + chunk));
  return async () => {
    let next = 0;
    const body = new ReadableStream({
      pull(controller) {
        // Views of the one recording: no copy in the harness's own time. A consumer
        // that detached them would fail the next iteration's check.
        if (next < pieces.length) controller.enqueue(pieces[next++]);
        else controller.close();
      },
    });
    return new Response(body, { status: 200, headers: { "content-type": "text/event-stream" } });
  };
}

function makeClient(sdk, fetch) {
  const options = { token: "bench", baseUrl: BASE_URL, maxRetries: 0, fetch };
  return sdk === "cohere-ai" ? new CohereClientV2(options) : new CohereClient(options);
}

/** Parses the stream once; throws unless the events and text are the expected ones. */
async function iteration(client, expected) {
  let events = 0;
  let text = "";
  let last;
  for await (const event of await client.chatStream(REQUEST)) {
    events += 1;
    last = event.type;
    if (event.type === "content-delta") text += event.delta.message.content.text;
  }
  if (events !== expected.events) throw new Error(`${events} events, expected ${expected.events}`);
  if (last !== "message-end") throw new Error(`last event ${JSON.stringify(last)}, expected message-end`);
  if (text !== expected.text) throw new Error(`text differs (${text.length} chars, expected ${expected.text.length})`);
}

async function measure(sdk, chunk, bytes, expected, seconds) {
  const client = makeClient(sdk, recordedFetch(bytes, chunk));
  for (let i = 0; i < WARMUP_ITERATIONS; i++) await iteration(client, expected);
  let iterations = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  let now = t0;
  while (now < deadline) {
    await iteration(client, expected);
    iterations += 1;
    now = performance.now();
  }
  const elapsed = (now - t0) / 1000;
  const round = (x, d) => Number(x.toFixed(d));
  return {
    sdk,
    chunk,
    iterations,
    mb_per_s: round((bytes.length * iterations) / elapsed / 1e6, 3),
    events_per_s: Math.round((expected.events * iterations) / elapsed),
    ms_per_iteration: round((elapsed * 1000) / iterations, 4),
  };
}

async function main() {
  const args = parseCommandLine();
  const bytes = new Uint8Array(readFileSync(RECORDING));
  const expected = expectations(bytes);
  process.stderr.write(`node_parse: ${bytes.length} bytes, ${expected.events} events, ${expected.text.length} chars of text\n`);

  const results = [];
  for (const chunk of args.chunks) {
    for (const sdk of args.sdks) {
      let r;
      try {
        r = await measure(sdk, chunk, bytes, expected, args.seconds);
      } catch (e) {
        process.stderr.write(`node_parse: ${sdk} at ${chunk} B chunks: ${e?.stack ?? e}\n`);
        process.exit(1);
      }
      results.push(r);
      process.stdout.write(JSON.stringify(r) + "\n");
    }
  }

  // Human summary on stderr.
  for (const chunk of args.chunks) {
    const row = (sdk) => results.find((r) => r.sdk === sdk && r.chunk === chunk);
    const line = args.sdks.map((s) => `${s} ${row(s).mb_per_s.toFixed(1)} MB/s (${row(s).ms_per_iteration.toFixed(3)} ms/stream)`);
    const edge = row("cohere-edge-npm");
    const ai = row("cohere-ai");
    if (edge && ai) line.push(`ratio cohere-edge-npm/cohere-ai ${(edge.mb_per_s / ai.mb_per_s).toFixed(2)}x`);
    process.stderr.write(`node_parse: chunk ${chunk} B: ${line.join(", ")}\n`);
  }
}

await main();

// The fault matrix for the npm package in Node (tests/fault_matrix.rs is the native
// one): each fault cohere-mock can produce per request (through the per-call
// `x-mock-fault` header), with its one exact outcome, under a deadline so that a hang
// fails too. Faults Node's fetch cannot meet in this setup (an untrusted certificate:
// the mock's CA is not Node's; a stale pooled connection: undici's own retry handles
// it before the client sees it) are covered natively.

import { test } from "node:test";
import assert from "node:assert/strict";
import { CohereClient } from "cohere-edge";
import { mockUrl } from "../../mock/start.mjs";

const mock = mockUrl();
const DEADLINE_MS = 10_000;
const request = { model: "command-a-03-2025", messages: [{ role: "user", content: "fault matrix" }] };

/** An error as `name` or, for the package's non-status errors, `name: what`
 * (the message up to its first colon: "stream interrupted", "connection failed"...). */
const named = (e) =>
  e.name === "CohereError" && e.statusCode === undefined ? `${e.name}: ${e.message.split(":")[0]}` : e.name;

/** One call's outcome: `{ ok, retries }`, `{ error }`, or for a stream
 * `{ error?, completed }`. */
async function run(client, call, fault, options = {}) {
  const before = client.stats().retries;
  const perCall = { ...options, headers: { "x-mock-fault": fault } };
  if (call === "chat") {
    try {
      await client.chat(request, perCall);
      return { ok: true, retries: client.stats().retries - before };
    } catch (e) {
      return { error: named(e) };
    }
  }
  let stream;
  try {
    stream = await client.chatStream(request, perCall);
  } catch (e) {
    return { error: named(e) };
  }
  let completed = false;
  let error;
  try {
    for await (const event of stream) if (event.type === "message-end") completed = true;
  } catch (e) {
    error = named(e);
  }
  return error ? { error, completed } : { completed };
}

function withDeadline(promise) {
  let timer;
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still running after ${DEADLINE_MS} ms`)), DEADLINE_MS);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

const CASES = [
  ["reset before the headers, once: resent", "chat", "drop;times=1;key=js-drop1", { ok: true, retries: 1 }],
  ["reset before the headers, every attempt", "chat", "drop", { error: "CohereError: connection failed" }],
  ["reset mid-stream", "stream", "cut-after=3", { error: "CohereError: stream interrupted", completed: false }],
  ["malformed JSON event", "stream", "malformed-event", { error: "CohereError: could not decode content-delta event", completed: false }],
  ["oversized event (2 MiB, limit 1 MiB)", "stream", "oversized-event=2097152", { error: "CohereError: stream event is larger than the limit of 1048576 bytes", completed: false }],
  ["invalid UTF-8 in an event", "stream", "invalid-utf8", { error: "CohereError: could not decode stream event", completed: false }],
  ["unknown event type: passed through", "stream", "unknown-event", { completed: true }],
  ["429 with Retry-After in seconds", "chat", "status=429;retry-after=1;times=1;key=js-ra-s", { ok: true, retries: 1 }],
  ["429 with Retry-After as an HTTP date", "chat", "status=429;retry-after-date=1;times=1;key=js-ra-d", { ok: true, retries: 1 }],
  ["429 with retry-after-ms", "chat", "status=429;retry-after-ms=50;times=2;key=js-ra-ms", { ok: true, retries: 2 }],
  ["429 with X-RateLimit-Reset", "chat", "status=429;ratelimit-reset=1;times=1;key=js-ra-r", { ok: true, retries: 1 }],
  ["503 with Retry-After in seconds", "chat", "status=503;retry-after=0;times=1;key=js-503", { ok: true, retries: 1 }],
  ["503 on every attempt", "chat", "status=503;retry-after-ms=10", { error: "ServiceUnavailableError" }],
  ["429 on every attempt", "chat", "status=429;retry-after-ms=10", { error: "TooManyRequestsError" }],
  ["slow headers: the per-call timeout (1 s)", "chat", "delay-headers-ms=8000", { error: "CohereTimeoutError" }, { timeoutInSeconds: 1 }],
  ["a server that closes after the response", "chat", "close-after-response", { ok: true, retries: 0 }],
  ["401", "chat", "status=401", { error: "UnauthorizedError" }],
  ["498", "chat", "status=498", { error: "InvalidTokenError" }],
  ["401 on a stream", "stream", "status=401", { error: "UnauthorizedError" }],
];

for (const [name, call, fault, expected, options] of CASES) {
  test(`fault: ${name}`, async () => {
    const client = new CohereClient({ token: "js-fault-key", baseUrl: mock, maxRetries: 2 });
    assert.deepEqual(await withDeadline(run(client, call, fault, options)), expected);
  });
}

test("fault: connection refused", async () => {
  const { createServer } = await import("node:net");
  const server = createServer();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  const client = new CohereClient({ token: "k", baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 });
  assert.deepEqual(await withDeadline(run(client, "chat", "")), { error: "CohereError: connection failed" });
});

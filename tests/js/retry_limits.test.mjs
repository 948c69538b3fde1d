// Retries that never multiply an outage, for the npm package in Node (tests/retry_limits.rs
// is the native side): the retry budget under a total 503 outage with many concurrent
// calls, the client-wide rate-limit window with queued calls, a call whose timeout falls
// inside a window, and a single sequential caller that keeps its retries. Each test
// starts its own cohere-mock (COHERE_MOCK_BIN) so the server's counts are its own.

import { test } from "node:test";
import assert from "node:assert/strict";
import { CohereClient } from "cohere-edge";
import { startMock } from "../../mock/start.mjs";

const request = { model: "command-a-03-2025", messages: [{ role: "user", content: "retry limits" }] };

async function withMock(args, body) {
  const mock = await startMock(args);
  try {
    const stats = async () => (await fetch(`${mock.url}/__stats`)).json();
    return await body(mock.url, stats);
  } finally {
    await mock.stop();
  }
}

/** Runs `calls` chats, `concurrency` at a time; resolves to each outcome (`true` or the error). */
async function burst(client, calls, concurrency, options) {
  const outcomes = [];
  let next = 0;
  const worker = async () => {
    while (next < calls) {
      next += 1;
      try {
        await client.chat(request, options);
        outcomes.push(true);
      } catch (e) {
        outcomes.push(e);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return outcomes;
}

test("retry budget: 256 calls, 64 at a time, all 503: at most 1.25 attempts a call", async () => {
  await withMock(["--fault", "status=503"], async (url, stats) => {
    const client = new CohereClient({ token: "k", baseUrl: url });
    const outcomes = await burst(client, 256, 64);
    // The /__stats request itself is counted too.
    const attempts = (await stats()).requests - 1;
    console.log(`256 calls, 64 at a time, all 503: ${attempts} attempts, ${(attempts / 256).toFixed(3)} a call`);
    assert.ok(attempts <= 320, `${attempts} attempts`);
    let stopped = 0;
    for (const e of outcomes) {
      assert.equal(e.name, "ServiceUnavailableError");
      assert.equal(e.statusCode, 503);
      if (e.retryStop === "budget-spent") {
        stopped += 1;
        assert.match(e.message, /retry budget is spent/);
      }
    }
    assert.ok(stopped > 0);
    assert.equal(client.stats().retriesSkipped, stopped);
    assert.equal(client.stats().requests, attempts);
  });
});

test("retry budget off: every call takes all its retries", async () => {
  await withMock(["--fault", "status=503;retry-after-ms=10"], async (url, stats) => {
    const client = new CohereClient({ token: "k", baseUrl: url, retryBudget: false });
    const outcomes = await burst(client, 32, 32);
    assert.ok(outcomes.every((e) => e.name === "ServiceUnavailableError"));
    assert.equal((await stats()).requests - 1, 32 * 3);
    assert.equal(client.stats().retriesSkipped, 0);
  });
});

test("rate-limit window: 256 calls, 16 at a time, 429 for 1 s: all succeed, at most 32 429s", async () => {
  await withMock(["--fault", "status=429;retry-after=1;for-ms=1000;key=window"], async (url, stats) => {
    const client = new CohereClient({ token: "k", baseUrl: url });
    const outcomes = await burst(client, 256, 16);
    const s = await stats();
    console.log(`256 calls, 16 at a time, 429 for 1 s: ${s.fault_status_responses} 429s sent`);
    for (const o of outcomes) assert.equal(o, true, String(o));
    assert.ok(s.fault_status_responses <= 32, `${s.fault_status_responses} 429s`);
    assert.equal(client.stats().retriesSkipped, 0);
  });
});

test("rate-limit window: calls started inside it wait for its end instead of sending", async () => {
  await withMock(["--fault", "status=429;retry-after=1;for-ms=1000;key=held"], async (url, stats) => {
    const client = new CohereClient({ token: "k", baseUrl: url });
    await assert.rejects(client.chat(request, { maxRetries: 0 }), { name: "TooManyRequestsError" });
    const outcomes = await burst(client, 32, 32);
    for (const o of outcomes) assert.equal(o, true, String(o));
    const s = await stats();
    assert.deepEqual([s.fault_status_responses, s.requests - 1], [1, 33]);
    assert.equal(client.stats().retries, 0);
    assert.ok(client.stats().rateLimitWaitMs > 0);
  });
});

test("rate-limit window: a call whose timeout falls inside it fails fast, unsent", async () => {
  await withMock([], async (url, stats) => {
    const client = new CohereClient({ token: "k", baseUrl: url });
    const fault = { maxRetries: 0, headers: { "x-mock-fault": "status=429;retry-after=20;times=1;key=ff" } };
    await assert.rejects(client.chat(request, fault), { name: "TooManyRequestsError" });
    const e = await client.chat(request, { timeoutInSeconds: 5 }).catch((err) => err);
    assert.equal(e.name, "TooManyRequestsError");
    assert.equal(e.statusCode, 429);
    assert.equal(e.retryStop, "rate-limit-window");
    assert.equal((await stats()).requests - 1, 1, "the second call was never sent");
  });
});

test("a single sequential caller keeps its normal retries", async () => {
  await withMock([], async (url, stats) => {
    const client = new CohereClient({ token: "k", baseUrl: url });
    for (let i = 0; i < 30; i++) {
      const headers = { "x-mock-fault": `status=503;retry-after-ms=1;times=2;key=seq-${i}` };
      await client.chat(request, { headers });
    }
    assert.deepEqual(
      [client.stats().retries, client.stats().retriesSkipped, (await stats()).requests - 1],
      [60, 0, 90],
    );
  });
});

test("retryBudget: a wrong option is a CohereError naming it", () => {
  assert.throws(() => new CohereClient({ token: "k", retryBudget: { ratio: -1 } }), /ratio/);
  assert.throws(() => new CohereClient({ token: "k", retryBudget: "lots" }), /retryBudget/);
  assert.doesNotThrow(() => new CohereClient({ token: "k", retryBudget: { minPerSecond: 2 } }));
});

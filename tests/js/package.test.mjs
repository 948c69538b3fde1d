// The built npm package in Node against cohere-mock (COHERE_MOCK_URL, started by
// scripts/wasm_tests.sh): streaming, aborting, timeouts, errors, key mapping and
// connection reuse, through the public JS API only.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";

import * as cohere from "cohere-edge";
import { CohereClient, CohereClientV2, CohereError, CohereTimeoutError } from "cohere-edge";
import { mockStats, mockUrl } from "../../mock/start.mjs";

const mock = mockUrl();

const client = (options = {}) => new CohereClient({ token: "js-test-key", baseUrl: mock, ...options });
const chatRequest = (content = "hello") => ({
  model: "command-a-03-2025",
  messages: [{ role: "user", content }],
});
const stats = async () => (await fetch(`${mock}/__stats`)).json();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test("CohereClient is a CohereClientV2 with a .v2 that shares its options", async () => {
  const c = client();
  assert.ok(c instanceof CohereClientV2);
  assert.ok(c.v2 instanceof CohereClientV2);
  assert.equal(c.v2, c.v2);
  const reply = await c.v2.chat(chatRequest("through v2"));
  assert.match(reply.message.content[0].text, /^Echo:/);
});

test("chat returns a camelCase reply", async () => {
  const reply = await client().chat(chatRequest("camel please"));
  assert.equal(reply.finishReason, "COMPLETE");
  assert.equal(reply.message.role, "assistant");
  assert.match(reply.message.content[0].text, /^Echo:/);
  assert.equal(typeof reply.usage.billedUnits.inputTokens, "number");
});

test("chatStream yields every event with for await, ending with message-end", async () => {
  const stream = await client({ headers: { "x-mock-deltas": "30" } }).chatStream(chatRequest());
  const types = [];
  let text = "";
  for await (const event of stream) {
    types.push(event.type);
    if (event.type === "content-delta") text += event.delta.message.content.text;
  }
  assert.equal(types[0], "message-start");
  assert.equal(types.at(-1), "message-end");
  assert.equal(types.filter((t) => t === "content-delta").length, 30);
  assert.match(text, /^Echo:/);
});

test("leaving a for await early aborts the fetch (the mock sees the connection close)", async () => {
  const before = (await stats()).connections_closed;
  const c = client({ headers: { "x-mock-deltas": "500", "x-mock-delta-delay-ms": "10" } });
  let seen = 0;
  for await (const event of await c.chatStream(chatRequest())) {
    if (event.type === "content-delta" && ++seen === 3) break;
  }
  const started = Date.now();
  while ((await stats()).connections_closed <= before) {
    assert.ok(Date.now() - started < 3000, "the connection stayed open after the loop ended");
    await sleep(25);
  }
});

test("abort() ends iteration quietly and aborts the fetch", async () => {
  const c = client({ headers: { "x-mock-deltas": "500", "x-mock-delta-delay-ms": "10" } });
  const stream = await c.chatStream(chatRequest());
  let count = 0;
  const started = Date.now();
  for await (const event of stream) {
    count++;
    if (count === 2) stream.abort();
    assert.ok(count < 100, `still receiving after abort: ${event.type}`);
  }
  assert.ok(Date.now() - started < 3000);
});

test("an abortSignal cancels a chat: a CohereError whose cause is the signal's reason", async () => {
  const controller = new AbortController();
  const pending = client().chat(chatRequest(), {
    abortSignal: controller.signal,
    headers: { "x-mock-fault": "delay-headers-ms=3000" },
  });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(pending, (e) => {
    assert.ok(e instanceof CohereError, String(e));
    assert.equal(e.message, "The user aborted a request");
    assert.equal(e.cause, controller.signal.reason);
    assert.equal(e.cause.name, "AbortError");
    assert.equal(e.rawResponse.status, 499);
    return true;
  });
});

test("an abortSignal ends a stream mid-way", async () => {
  const controller = new AbortController();
  const c = client({ headers: { "x-mock-deltas": "500", "x-mock-delta-delay-ms": "10" } });
  const stream = await c.chatStream(chatRequest(), { abortSignal: controller.signal });
  let count = 0;
  await assert.rejects(async () => {
    for await (const _ of stream) {
      if (++count === 3) controller.abort();
    }
  }, (e) => e.name === "AbortError");
  assert.ok(count >= 3 && count < 100);
});

test("timeoutInSeconds gives a CohereTimeoutError", async () => {
  const c = client({ maxRetries: 0 });
  await assert.rejects(
    c.chat(chatRequest(), { timeoutInSeconds: 0.2, headers: { "x-mock-fault": "delay-headers-ms=3000" } }),
    (e) => e instanceof CohereTimeoutError && e.name === "CohereTimeoutError",
  );
});

test("a cut stream throws a CohereError after the events that arrived", async () => {
  const stream = await client({ headers: { "x-mock-fault": "cut-after=4" } }).chatStream(chatRequest());
  const events = [];
  await assert.rejects(async () => {
    for await (const e of stream) events.push(e);
  }, (e) => e instanceof CohereError && /stream/.test(e.message));
  assert.ok(events.length >= 1, "events before the cut were delivered");
  assert.notEqual(events.at(-1).type, "message-end");
});

test("status errors are the named classes with statusCode and parsed body", async () => {
  for (const [status, name] of [
    [400, "BadRequestError"],
    [401, "UnauthorizedError"],
    [429, "TooManyRequestsError"],
    [498, "InvalidTokenError"],
    [503, "ServiceUnavailableError"],
  ]) {
    const c = client({ maxRetries: 0, headers: { "x-mock-fault": `status=${status}` } });
    await assert.rejects(c.chat(chatRequest()), (e) => {
      assert.ok(e instanceof cohere[name] && e instanceof CohereError && e instanceof Error);
      assert.equal(e.name, name);
      assert.equal(e.statusCode, status);
      assert.equal(typeof e.body, "object");
      assert.equal(typeof e.body.message, "string");
      assert.ok(!String(e.message).includes("js-test-key"), "the key is not in the message");
      return true;
    });
  }
});

test("a 429 is retried after Retry-After and then succeeds", async () => {
  const key = `js-429-${Math.random()}`;
  const c = client({ headers: { "x-mock-fault": `status=429;retry-after-ms=50;times=1;key=${key}` } });
  const reply = await c.chat(chatRequest());
  assert.match(reply.message.content[0].text, /^Echo:/);
  assert.equal(c.stats().retries, 1);
});

test("a wrong option throws at construction; a missing key rejects the first call", async () => {
  assert.throws(() => new CohereClient({ token: "k", keepalive: "sometimes" }), (e) => e instanceof CohereError && /keepalive/.test(e.message));
  assert.throws(() => new CohereClient({ token: "k", maxRetries: -1 }), /maxRetries/);
  assert.throws(() => new CohereClient({ token: "k", baseUrl: "http://example.com" }), /plain http/);
  const saved = [process.env.CO_API_KEY, process.env.COHERE_API_KEY];
  delete process.env.CO_API_KEY;
  delete process.env.COHERE_API_KEY;
  try {
    const c = new CohereClient({ baseUrl: mock });
    await assert.rejects(c.chat(chatRequest()), (e) => e instanceof CohereError && /CO_API_KEY/.test(e.message));
  } finally {
    if (saved[0] !== undefined) process.env.CO_API_KEY = saved[0];
    if (saved[1] !== undefined) process.env.COHERE_API_KEY = saved[1];
  }
});

test("token suppliers and a caller's fetch are used", async () => {
  let fetches = 0;
  const c = new CohereClient({
    token: async () => "supplied-key",
    baseUrl: mock,
    fetch: (url, init) => {
      fetches++;
      return fetch(url, init);
    },
  });
  await c.chat(chatRequest());
  assert.equal(fetches, 1);
});

test("embed and rerank return camelCase results", async () => {
  const c = client();
  const e = await c.embed({ model: "embed-v4.0", texts: ["a", "b"], inputType: "search_document", embeddingTypes: ["float"] });
  assert.equal(e.embeddings.float.length, 2);
  assert.equal(typeof e.meta.billedUnits.inputTokens, "number");
  const r = await c.rerank({ model: "rerank-v3.5", query: "q", documents: ["x", "y", "z"], topN: 2 });
  assert.equal(r.results.length, 2);
  assert.equal(typeof r.results[0].relevanceScore, "number");
});

test("toReadableStream gives newline-delimited JSON events", async () => {
  const stream = await client({ headers: { "x-mock-deltas": "5" } }).chatStream(chatRequest());
  const text = await new Response(stream.toReadableStream()).text();
  const events = text.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(events[0].type, "message-start");
  assert.equal(events.at(-1).type, "message-end");
});

test("user JSON keeps its keys; everything else goes out snake_case", async () => {
  let body;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      body = JSON.parse(Buffer.concat(chunks).toString());
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({
        id: "x", finish_reason: "COMPLETE",
        message: { role: "assistant", content: [{ type: "text", text: "ok" }], citations: [
          { start: 0, end: 1, text: "o", sources: [{ type: "document", id: "d1", document: { snake_key: 1, camelKey: 2 } },
            { type: "tool", id: "t1", tool_output: { row_count: 3 } }] }] },
      }));
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const c = new CohereClient({ token: "k", baseUrl: `http://127.0.0.1:${server.address().port}` });
    const reply = await c.chat({
      model: "m",
      maxTokens: 5,
      messages: [{ role: "user", content: "hi" }],
      documents: [{ id: "d1", data: { camelCaseTitle: "t", snake_case_body: "b" } }],
      tools: [{ type: "function", function: { name: "f", parameters: { type: "object", properties: { dayOfWeek: { type: "string" } } } } }],
      responseFormat: { type: "json_object", jsonSchema: { properties: { someField: { type: "string" } } } },
    });
    assert.equal(body.max_tokens, 5);
    assert.deepEqual(body.documents[0].data, { camelCaseTitle: "t", snake_case_body: "b" });
    assert.deepEqual(body.tools[0].function.parameters.properties, { dayOfWeek: { type: "string" } });
    assert.deepEqual(body.response_format.json_schema, { properties: { someField: { type: "string" } } });
    assert.equal(body.stream, false);
    assert.equal(reply.finishReason, "COMPLETE");
    const [doc, tool] = reply.message.citations[0].sources;
    assert.deepEqual(doc.document, { snake_key: 1, camelKey: 2 });
    assert.deepEqual(tool.toolOutput, { row_count: 3 });
  } finally {
    server.close();
  }
});

test("an in-band stream error is the last event and the iteration ends normally, as with cohere-ai", async () => {
  const { readFile } = await import("node:fs/promises");
  const sse = await readFile(new URL("../data/wire/chat-stream-in-band-error.sse", import.meta.url), "utf8");
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(sse);
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    const c = new CohereClient({ token: "k", baseUrl: `http://127.0.0.1:${server.address().port}`, maxRetries: 0 });
    const events = [];
    // No throw: the loop ends after message-end, which says what went wrong.
    for await (const event of await c.chatStream(chatRequest())) events.push(event);
    assert.deepEqual(events.map((e) => e.type), ["message-start", "content-start", "content-delta", "message-end"]);
    const end = events.at(-1);
    assert.equal(end.delta.finishReason, "ERROR");
    assert.equal(end.delta.error, "an internal error occurred while generating");
    assert.equal(end.delta.errorType, "internal_server_error");
    assert.deepEqual(end.delta.usage.tokens, { inputTokens: 80, outputTokens: 1 });
    // Nothing the server sent is dropped, empty fields included.
    assert.deepEqual(events[0].delta.message, { role: "assistant", content: [], toolPlan: "", toolCalls: [], citations: [] });
  } finally {
    server.close();
  }
});

test("20 sequential chats from Node: connections the mock saw", async () => {
  // A mock no other test talks to, so every connection counts.
  const fresh = mockUrl("COHERE_MOCK_URL_FRESH");
  const c = new CohereClient({ token: "k", baseUrl: fresh });
  for (let i = 0; i < 20; i++) await c.chat(chatRequest(`chat ${i}`));
  // The stats request on a connection of its own, never one the client could have
  // reused: it is the one connection more than the client's.
  const s = await mockStats(fresh);
  const connections = s.connections_accepted - 1;
  console.log(`# 20 sequential chats through the npm package in Node: ${connections} connection(s), ${s.requests - 1} requests`);
  assert.equal(connections, 1, JSON.stringify(s));
});

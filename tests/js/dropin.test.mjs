// The npm package's drop-in behaviour that the comparison with cohere-ai
// (tests/js/dropin) does not reach: relative base URLs, environments that may
// not be read, the fetch passthrough's inputs, unsupported members, raw
// responses on errors. Against cohere-mock (COHERE_MOCK_URL).
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";

import { Cohere, CohereClient, CohereClientV2, CohereError, CohereTimeoutError } from "cohere-edge";
import { mockUrl } from "../../mock/start.mjs";

const mock = mockUrl();
const chatRequest = { model: "command-a-03-2025", messages: [{ role: "user", content: "hi" }] };

test("a relative baseUrl resolves against location, and is a clear error without one", async () => {
  const c = new CohereClientV2({ token: "k", baseUrl: "/proxy/cohere" });
  await assert.rejects(c.chat(chatRequest), (e) => e instanceof CohereError && /relative/.test(e.message) && /\/proxy\/cohere/.test(e.message));
  globalThis.location = { href: `${mock}/some/page.html` };
  try {
    // The mock serves /v1/models at its root, so "/" is the base here.
    const page = await new CohereClientV2({ token: "k", baseUrl: "/" }).models.list({ pageSize: 1 });
    assert.equal(page.models.length, 1);
  } finally {
    delete globalThis.location;
  }
});

test("an environment that may not be read counts as no key", async () => {
  const env = Object.getOwnPropertyDescriptor(process, "env");
  Object.defineProperty(process, "env", {
    configurable: true,
    get() {
      throw new Error("PermissionDenied: Requires env access");
    },
  });
  try {
    const c = new CohereClientV2({ baseUrl: mock });
    await assert.rejects(c.chat(chatRequest), (e) => e instanceof CohereError && /CO_API_KEY/.test(e.message));
  } finally {
    Object.defineProperty(process, "env", env);
  }
});

test("errors carry rawResponse, and requestId reads its header", async () => {
  const c = new CohereClientV2({ token: "k", baseUrl: mock, maxRetries: 0 });
  await assert.rejects(c.chat(chatRequest, { headers: { "x-mock-fault": "status=429" } }), (e) => {
    assert.ok(e instanceof Cohere.TooManyRequestsError);
    assert.equal(e.rawResponse.status, 429);
    assert.equal(e.rawResponse.statusText, "Too Many Requests");
    assert.equal(e.rawResponse.url, `${mock}/v2/chat`);
    assert.equal(e.requestId, e.rawResponse.headers.get("x-request-id"));
    assert.equal(typeof e.requestId, "string");
    return true;
  });
});

test("a timeout is a CohereTimeoutError and a CohereError", async () => {
  const c = new CohereClientV2({ token: "k", baseUrl: mock, maxRetries: 0 });
  await assert.rejects(
    c.chat(chatRequest, { timeoutInSeconds: 0.2, headers: { "x-mock-fault": "delay-headers-ms=3000" } }),
    (e) => e instanceof CohereTimeoutError && e instanceof CohereError && e.name === "CohereTimeoutError",
  );
});

test("upload members and the deprecated v1 calls reject with a CohereError naming the alternative", async () => {
  const c = new CohereClient({ token: "k", baseUrl: mock });
  for (const [call, hint] of [
    [() => c.datasets.create(), /cohere-ai/],
    [() => c.audio.transcriptions.create(), /cohere-ai/],
    [() => c.v2.generate({ prompt: "x" }), /use chat/],
    [() => c.v2.generateStream({ prompt: "x" }), /use chatStream/],
    [() => c.summarize({ text: "x" }), /use chat/],
  ]) {
    await assert.rejects(call(), (e) => e instanceof CohereError && / is not supported by cohere-edge: /.test(e.message) && hint.test(e.message));
  }
});

test("fetch passes any request through with the client's auth, whatever the input", async () => {
  const c = new CohereClientV2({ token: "k", baseUrl: mock });
  const byPath = await c.fetch("/v1/tokenize", { method: "POST", body: JSON.stringify({ text: "ab", model: "m" }) });
  assert.equal(byPath.status, 200);
  assert.deepEqual((await byPath.json()).tokens, [97, 98]);
  const byUrl = await c.fetch(new URL(`${mock}/v1/models/embed-v4.0`));
  assert.equal((await byUrl.json()).name, "embed-v4.0");
  const byRequest = await c.fetch(new Request(`${mock}/v1/detokenize`, { method: "POST", body: JSON.stringify({ tokens: [104, 105], model: "m" }) }));
  assert.equal((await byRequest.json()).text, "hi");
  const bytes = await c.fetch("/v1/tokenize", { method: "POST", body: new TextEncoder().encode(JSON.stringify({ text: "c", model: "m" })) });
  assert.deepEqual((await bytes.json()).tokens, [99]);
  const form = new FormData();
  form.append("file", "x");
  await assert.rejects(c.fetch("/v1/datasets", { method: "POST", body: form }), (e) => e instanceof CohereError && /FormData/.test(e.message));
  const unauthorised = await new CohereClientV2({ token: "", baseUrl: mock }).fetch("/v1/models");
  assert.equal(unauthorised.status, 401);
});

test("chatStream sends queryParams, clientName and header functions; withRawResponse gives its head", async () => {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push({ url: req.url, headers: req.headers });
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "text/event-stream", "x-request-id": "sse-1" });
      res.end('event: message-end\ndata: {"type":"message-end","delta":{"finish_reason":"COMPLETE"}}\n\n');
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  try {
    let calls = 0;
    const c = new CohereClientV2({
      token: async () => `key-${++calls}`,
      baseUrl: `http://127.0.0.1:${server.address().port}`,
      headers: { "x-fn": async () => "from-fn" },
    });
    const { data, rawResponse } = await c
      .chatStream(chatRequest, { queryParams: { a: "1", list: ["x", "y"] }, clientName: "streamer" })
      .withRawResponse();
    const types = [];
    for await (const event of data) types.push(event.type);
    assert.deepEqual(types, ["message-end"]);
    assert.equal(rawResponse.headers.get("x-request-id"), "sse-1");
    await c.chatStream(chatRequest);
    assert.equal(seen[0].url, "/v2/chat?a=1&list=x&list=y");
    assert.equal(seen[0].headers["x-client-name"], "streamer");
    assert.equal(seen[0].headers["x-fn"], "from-fn");
    assert.deepEqual(seen.map((s) => s.headers.authorization), ["Bearer key-1", "Bearer key-2"]);
  } finally {
    server.close();
  }
});

// The tests both example Workers (examples/worker in JS, examples/worker-rs in Rust)
// must pass, run in real workerd through Miniflare against cohere-mock on loopback.
//
// Each example's test file calls `workerSuite` with its own Miniflare class (from its
// own node_modules) and the module to run. Every scenario gets its own cohere-mock,
// configured for it (paced deltas, an endless stream, a 503, a cut stream), and its own
// Worker instance whose COHERE_BASE_URL points there. Connection figures are printed
// as `# figure: ...` lines.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import { startMock, waitFor } from "../../mock/start.mjs";

const COMPATIBILITY_DATE = "2026-04-20";

/**
 * Registers the Worker tests.
 * @param {string} name      the Worker's name in test titles
 * @param {object} options
 * @param {Function} options.Miniflare  the Miniflare class
 * @param {boolean} options.camelCase   whether /chat answers camelCase keys (the npm
 *                                      package's) or the API's own snake_case
 * @param {URL} options.script         the Worker's built entry module (ES modules, its
 *                                      .wasm imported next to it)
 */
export function workerSuite(name, { Miniflare, camelCase, script }) {
  const key = (camel) => (camelCase ? camel : camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
  const started = [];
  /** A mock with `mockArgs` and a Worker instance calling it. */
  async function setup(mockArgs = []) {
    const mock = await startMock(mockArgs);
    const mf = new Miniflare({
      modules: true,
      scriptPath: fileURLToPath(script),
      modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
      compatibilityDate: COMPATIBILITY_DATE,
      host: "127.0.0.1",
      port: 0,
      bindings: { COHERE_API_KEY: "test-key", COHERE_BASE_URL: mock.url },
    });
    const url = (await mf.ready).href.replace(/\/$/, "");
    const env = { mock, mf, url };
    started.push(env);
    return env;
  }
  const post = (env, path, body) =>
    fetch(`${env.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  describe(`${name} in workerd`, { concurrency: false }, () => {
    let plain;
    before(async () => {
      plain = await setup();
    });
    after(async () => {
      for (const { mf, mock } of started) {
        await mf.dispose();
        await mock.stop();
      }
    });

    test("GET / answers one line of usage", async () => {
      const res = await fetch(`${plain.url}/`);
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.match(text, /POST \/chat/);
      assert.equal(text.trimEnd().split("\n").length, 1);
    });

    test("POST /chat answers the reply as JSON", async () => {
      const res = await post(plain, "/chat", { message: "hello worker" });
      assert.equal(res.status, 200);
      assert.match(res.headers.get("content-type"), /^application\/json/);
      const reply = await res.json();
      assert.equal(reply[key("finishReason")], "COMPLETE");
      assert.equal(reply.message.role, "assistant");
      assert.match(reply.message.content[0].text, /^Echo: hello worker/);
      assert.ok(reply.usage[key("billedUnits")][key("outputTokens")] > 0, JSON.stringify(reply.usage));
    });

    test("bad input is a 400 with a message, not an upstream call", async () => {
      const before = await plain.mock.stats();
      for (const body of [{}, { message: "" }, { message: 3 }, { message: "x", model: 7 }]) {
        const res = await post(plain, "/chat", body);
        assert.equal(res.status, 400, JSON.stringify(body));
        assert.equal((await res.json()).error.status, 400);
      }
      const res = await fetch(`${plain.url}/chat`, { method: "POST", body: "{not json" });
      assert.equal(res.status, 400);
      assert.equal((await fetch(`${plain.url}/chat`)).status, 405);
      assert.equal((await fetch(`${plain.url}/nope`)).status, 404);
      const after = await plain.mock.stats();
      // Only the two /__stats requests reached the mock.
      assert.equal(after.requests - before.requests, 1);
    });

    test("POST /chat/stream streams the text as it arrives", async () => {
      // 20 deltas, 40 ms apart: the first chunk must reach the caller well before the
      // reply is complete, and the whole text must equal the non-streamed reply.
      const paced = await setup(["--deltas", "20", "--delta-delay-ms", "40"]);
      const res = await post(paced, "/chat/stream", { message: "stream me please" });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("content-type"), "text/plain; charset=utf-8");
      const decoder = new TextDecoder();
      const chunks = [];
      for await (const chunk of res.body) chunks.push(decoder.decode(chunk, { stream: true }));
      const text = chunks.join("");
      const whole = await (await post(paced, "/chat", { message: "stream me please" })).json();
      assert.equal(text, whole.message.content[0].text);
      assert.ok(chunks.length > 1, `arrived in ${chunks.length} chunk(s)`);
      assert.ok(chunks[0].length < text.length / 2, `first chunk was ${chunks[0].length} of ${text.length}`);
    });

    test("an upstream 503 comes back as a 503 JSON error", async () => {
      const failing = await setup(["--fault", "status=503;retry-after-ms=5"]);
      for (const path of ["/chat", "/chat/stream"]) {
        const res = await post(failing, path, { message: "hi" });
        assert.equal(res.status, 503, path);
        assert.match(res.headers.get("content-type"), /^application\/json/);
        const { error } = await res.json();
        assert.equal(error.status, 503);
        assert.match(error.message, /mock fault: status 503/);
      }
      // The client retried each call twice (3 attempts) before giving up.
      const stats = await failing.mock.stats();
      assert.equal(stats.requests, 2 * 3 + 1);
    });

    test("a cut upstream stream says so at the end of the text", async () => {
      const cut = await setup(["--fault", "cut-after=4", "--deltas", "20"]);
      const res = await post(cut, "/chat/stream", { message: "cut me" });
      assert.equal(res.status, 200);
      const text = await res.text();
      assert.match(text, /^Echo:/);
      assert.match(text, /\n\[error\] .*stream interrupted.*\n$/);
    });

    test("a caller that disconnects mid-stream aborts the upstream fetch", async () => {
      // 5000 deltas 10 ms apart: nearly a minute of stream, so a closed connection
      // within seconds can only be the Worker aborting it.
      const endless = await setup(["--deltas", "5000", "--delta-delay-ms", "10"]);
      const first = await new Promise((resolveFirst, reject) => {
        const req = httpRequest(`${endless.url}/chat/stream`, { method: "POST", agent: false }, (res) => {
          res.once("data", (chunk) => {
            // Gone: the whole socket, as a closed browser tab would.
            req.destroy();
            resolveFirst(chunk.toString());
          });
        });
        req.on("error", (e) => {
          if (e.code !== "ECONNRESET") reject(e);
        });
        req.end(JSON.stringify({ message: "never ending story" }));
      });
      assert.match(first, /Echo/);
      // Our own /__stats connection is the one open connection left once the Worker's
      // upstream connection has closed.
      await waitFor("the mock to see the upstream connection close", async () => {
        const s = await endless.mock.stats();
        return s.open_connections === 1;
      });
      assert.ok((await endless.mock.stats()).connections_closed >= 1);
    });

    test("one request's concurrent calls hold at most 6 connections", async (t) => {
      const single = await setup(["--rtt-ms", "20"]);
      const messages = Array.from({ length: 10 }, (_, i) => `call ${i}`);
      const res = await post(single, "/chat/batch", { messages });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal((await res.json()).replies.length, 10);
      const s = await single.mock.stats();
      const peak = s.max_open_connections - 1; // less our /__stats connection
      t.diagnostic(`figure: ${name}: one request, 10 concurrent calls: at most ${peak} upstream connections open`);
      assert.ok(peak <= 6, `peak ${peak}`);
    });

    test("20 parallel requests of 10 concurrent calls each all complete", async (t) => {
      const loaded = await setup(["--rtt-ms", "10"]);
      const batch = Array.from({ length: 10 }, (_, i) => `call ${i}`);
      const results = await Promise.all(
        Array.from({ length: 20 }, () => post(loaded, "/chat/batch", { messages: batch })),
      );
      for (const res of results) {
        assert.equal(res.status, 200, await res.clone().text());
        const { replies } = await res.json();
        assert.equal(replies.length, 10);
        replies.forEach((r, i) => assert.match(r.message.content[0].text, new RegExp(`^Echo: call ${i}`)));
      }
      const s = await loaded.mock.stats();
      assert.equal(s.requests, 200 + 1);
      t.diagnostic(
        `figure: ${name}: 20 requests x 10 calls: 200 calls, ${s.connections_accepted - 1} upstream connections, ` +
          `at most ${s.max_open_connections - 1} open at once`,
      );
    });

    test("20 sequential calls from one isolate: connections the mock sees", async (t) => {
      const seq = await setup();
      for (let i = 0; i < 20; i++) {
        const res = await post(seq, "/chat", { message: `sequential ${i}` });
        assert.equal(res.status, 200);
        await res.arrayBuffer();
      }
      const s = await seq.mock.stats();
      const connections = s.connections_accepted - 1; // less our /__stats connection
      t.diagnostic(`figure: ${name}: 20 sequential calls: ${connections} upstream connection(s)`);
      assert.equal(s.requests, 20 + 1);
      assert.equal(connections, 1, JSON.stringify(s));
    });
  });
}

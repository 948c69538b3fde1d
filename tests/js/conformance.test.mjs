// The 59 wire vectors of the official TypeScript SDK, run against the built npm
// package (imported by its name, so package.json's "node" export is what loads):
// calling `method` with `args` must put `requestBody` on the wire, the caller must
// get `expected`, and an error status must throw the class named `expectedError`.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";

import * as cohere from "cohere-edge";

const cases = JSON.parse(
  readFileSync(new URL("../../../shared/conformance/cohere-v2-wire-cases.json", import.meta.url)),
);

let server;
let baseUrl;
let current; // the case being served
let seen; // what the server received for it

before(async () => {
  server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      seen = {
        method: req.method,
        path: req.url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      const c = current;
      const sse = c.responseKind === "sse";
      res.writeHead(c.status, { "content-type": sse ? "text/event-stream" : "application/json" });
      res.end(sse ? c.responseBody : JSON.stringify(c.responseBody));
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${server.address().port}`;
});

after(() => new Promise((resolve) => server.close(resolve)));

assert.equal(cases.length, 59, "the conformance file holds 59 vectors");

for (const c of cases) {
  test(`conformance: ${c.name}`, async () => {
    current = c;
    seen = undefined;
    const client = new cohere.CohereClient({ ...c.clientOptions, environment: baseUrl });
    const call = async () => {
      if (c.method === "chatStream") {
        const events = [];
        for await (const event of await client.chatStream(c.args)) events.push(event);
        return events;
      }
      return client[c.method](c.args);
    };

    if (c.expectedError) {
      await assert.rejects(call, (e) => {
        assert.equal(e.name, c.expectedError);
        assert.ok(e instanceof cohere.CohereError, "an instance of CohereError");
        assert.ok(e instanceof cohere[c.expectedError], `an instance of ${c.expectedError}`);
        assert.equal(e.statusCode, c.status);
        assert.deepEqual(e.body, c.responseBody);
        return true;
      });
    } else {
      const result = await call();
      assert.deepEqual(result, c.expected);
    }

    assert.ok(seen, "the request reached the server");
    assert.equal(seen.method, c.httpMethod);
    assert.equal(seen.path, c.path);
    assert.deepEqual(JSON.parse(seen.body), c.requestBody);
    assert.equal(seen.headers.authorization, `Bearer ${c.clientOptions.token}`);
    assert.equal(seen.headers["x-client-name"], c.clientOptions.clientName);
    assert.equal(seen.headers["content-type"], "application/json");
  });
}

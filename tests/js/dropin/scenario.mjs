// One application, written against cohere-ai 8's public API (its README and
// reference), run with a given SDK module against a running cohere-mock. It
// returns what the application observes, case by case, as plain JSON values,
// so two SDKs' runs can be compared: the only thing that changes between the
// runs is the module passed in (the import).
import { createServer } from "node:http";

const chatRequest = (content = "hello") => ({
  model: "command-a-03-2025",
  messages: [{ role: "user", content }],
});

/** What an application sees of an error (`null` when there was none). */
function seen(sdk, e) {
  if (e === undefined) return null;
  const { Cohere, CohereError, CohereTimeoutError } = sdk;
  const namespaceClass = Object.entries(Cohere).find(([, v]) => typeof v === "function" && e instanceof v)?.[0];
  return {
    name: e?.name,
    isCohereError: e instanceof CohereError,
    isTimeoutError: e instanceof CohereTimeoutError,
    namespaceClass: namespaceClass ?? null,
    statusCode: e?.statusCode ?? null,
    body: e?.body ?? null,
    message: e?.message,
    rawStatus: e?.rawResponse?.status ?? null,
    rawContentType: e?.rawResponse?.headers?.get?.("content-type") ?? null,
  };
}

async function failure(sdk, run) {
  try {
    await run();
  } catch (e) {
    return seen(sdk, e);
  }
  return null;
}

/** What a rawResponse tells an application (the request id varies per call). */
const raw = (r) => ({
  status: r.status,
  statusText: r.statusText,
  redirected: r.redirected,
  hasRequestId: typeof r.headers.get("x-request-id") === "string",
  contentType: r.headers.get("content-type"),
  url: r.url.replace(/127\.0\.0\.1:\d+/, "HOST"),
});

/** A loopback server that records each request and answers `{"ok":true}`. */
async function recorder() {
  const seenRequests = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      seenRequests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({
        id: "r1", finish_reason: "COMPLETE",
        message: { role: "assistant", content: [{ type: "text", text: "ok" }] },
      }));
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, seen: seenRequests, close: () => server.close() };
}

/** Runs the application with `sdk` against the mock at `mock`; resolves to
 * `{ caseName: observation }`. */
export async function scenario(sdk, mock) {
  const { CohereClient, CohereClientV2, Cohere, CohereError } = sdk;
  const out = {};
  const unique = () => `${Date.now()}-${Math.random()}`;
  const client = (options = {}) => new CohereClientV2({ token: "k", baseUrl: mock, ...options });

  // The namespace: how cohere-ai's README catches errors and names enums.
  out["Cohere namespace: its members"] = Object.keys(Cohere).sort();
  out["Cohere namespace: enum values"] = Object.fromEntries(
    Object.entries(Cohere).filter(([, v]) => typeof v === "object").map(([k, v]) => [k, JSON.parse(JSON.stringify(v))]),
  );
  out["Cohere namespace: error classes are CohereErrors"] = Object.entries(Cohere)
    .filter(([, v]) => typeof v === "function")
    .map(([k, v]) => [k, v.prototype instanceof CohereError, new v({ message: "m" }).statusCode]);
  const built = new Cohere.TooManyRequestsError({ message: "slow down" }, undefined);
  out["error constructors: new Cohere.TooManyRequestsError(body, rawResponse)"] = {
    name: built.name, message: built.message, statusCode: built.statusCode, body: built.body,
  };
  const plain = new CohereError({ message: "m", statusCode: 418, body: { a: 1 } });
  out["error constructors: new CohereError({ message, statusCode, body })"] = {
    name: plain.name, message: plain.message, statusCode: plain.statusCode, body: plain.body,
  };

  // The key: not checked at construction, read per call.
  const saved = process.env.CO_API_KEY;
  delete process.env.CO_API_KEY;
  let lateClient;
  out["no key: construction does not throw"] = await failure(sdk, async () => {
    lateClient = new CohereClientV2({ baseUrl: mock });
  });
  out["no key: the first call rejects"] = await failure(sdk, () => lateClient.chat(chatRequest()));
  process.env.CO_API_KEY = "set-later";
  out["a key set in the environment after construction is used"] = (await lateClient.chat(chatRequest("late"))).message.content;
  if (saved === undefined) delete process.env.CO_API_KEY;
  else process.env.CO_API_KEY = saved;

  // Calls.
  const reply = await client().chat(chatRequest("camel"));
  out["chat: the reply"] = { finishReason: reply.finishReason, message: reply.message, usageKeys: Object.keys(reply.usage ?? {}).sort() };
  const withRaw = await client().chat(chatRequest()).withRawResponse();
  out["chat: withRawResponse()"] = { dataKeys: Object.keys(withRaw.data).sort(), raw: raw(withRaw.rawResponse) };
  const types = [];
  for await (const event of await client().chatStream(chatRequest("stream"))) types.push(event.type);
  out["chatStream: event types"] = types;
  const streamRaw = await client().chatStream(chatRequest()).withRawResponse();
  let count = 0;
  for await (const _ of streamRaw.data) count++;
  out["chatStream: withRawResponse()"] = { events: count > 0, raw: raw(streamRaw.rawResponse) };
  const e = await client().embed({ model: "embed-v4.0", texts: ["a", "b"], inputType: "search_document", embeddingTypes: ["float"] });
  out["embed: the result"] = { keys: Object.keys(e).sort(), vectors: e.embeddings.float.length, texts: e.texts };
  const r = await client().rerank({ model: "rerank-v3.5", query: "q", documents: ["x", "y", "z"], topN: 2 });
  out["rerank: the result"] = { keys: Object.keys(r).sort(), results: r.results.length, resultKeys: Object.keys(r.results[0]).sort() };
  const viaV2 = await new CohereClient({ token: "k", baseUrl: mock }).v2.chat(chatRequest("v2"));
  out["CohereClient: client.v2.chat"] = viaV2.message.content;

  // Status errors, with rawResponse.
  for (const status of [400, 401, 404, 422, 429, 500, 503]) {
    out[`status ${status}: the error`] = await failure(sdk, () =>
      client({ maxRetries: 0, headers: { "x-mock-fault": `status=${status}` } }).chat(chatRequest()),
    );
  }
  const key = unique();
  const retried = await client({ headers: { "x-mock-fault": `status=429;retry-after-ms=20;times=1;key=${key}` } }).chat(chatRequest("retry"));
  out["a 429 with retry-after is retried, then succeeds"] = retried.message.content;

  // Options resolved per call, seen on the wire.
  const rec = await recorder();
  try {
    let baseCalls = 0;
    const perCall = new CohereClientV2({
      token: () => "from-a-function",
      baseUrl: () => {
        baseCalls++;
        return rec.url;
      },
      clientName: "app",
      headers: { "x-sync": () => "s", "x-async": async () => "a", "x-plain": "p", "x-removed": null },
    });
    await perCall.chat(chatRequest(), { clientName: "per-request", queryParams: { trace: "t1" }, headers: { "x-plain": "override" } });
    await perCall.chat(chatRequest());
    const [first, second] = rec.seen;
    const pick = (h) => ({
      authorization: h.authorization ?? null, "x-sync": h["x-sync"] ?? null, "x-async": h["x-async"] ?? null,
      "x-plain": h["x-plain"] ?? null, "x-removed": h["x-removed"] ?? null, "x-client-name": h["x-client-name"] ?? null,
    });
    out["header functions, null headers, per-request clientName and headers"] = [pick(first.headers), pick(second.headers)];
    out["per-request queryParams"] = [first.url, second.url];
    out["a function baseUrl is read per call"] = baseCalls;
    rec.seen.length = 0;
    await new CohereClientV2({ token: "", baseUrl: rec.url }).chat(chatRequest());
    out["token \"\" sends no Authorization header"] = rec.seen[0].headers.authorization ?? null;

    // Every other member on the wire: method, path with query, body.
    const m = new CohereClientV2({ token: "k", baseUrl: rec.url });
    const members = {
      classify: () => m.classify({ inputs: ["a"], examples: [{ text: "x", label: "l" }, { text: "y", label: "l" }], model: "m" }),
      "models.list": () => m.models.list({ pageSize: 2, endpoint: "chat", defaultOnly: true }),
      "models.get": () => m.models.get("command a/b"),
      "embedJobs.list": () => m.embedJobs.list(),
      "embedJobs.create": () => m.embedJobs.create({ model: "embed-v4.0", datasetId: "d1", inputType: "search_document", embeddingTypes: ["float"] }),
      "embedJobs.get": () => m.embedJobs.get("job-1"),
      "embedJobs.cancel": () => m.embedJobs.cancel("job-1"),
      "datasets.list": () => m.datasets.list({ datasetType: "embed-input", limit: 5, offset: 1 }),
      "datasets.getUsage": () => m.datasets.getUsage(),
      "datasets.get": () => m.datasets.get("ds-1"),
      "datasets.delete": () => m.datasets.delete("ds-1"),
      "connectors.list": () => m.connectors.list({ limit: 2, offset: 0 }),
      "connectors.create": () => m.connectors.create({ name: "c", url: "https://example.com/search", continueOnFailure: true }),
      "connectors.get": () => m.connectors.get("c-1"),
      "connectors.delete": () => m.connectors.delete("c-1"),
      "connectors.update": () => m.connectors.update("c-1", { name: "renamed", excludes: ["x"] }),
      "connectors.oAuthAuthorize": () => m.connectors.oAuthAuthorize("c-1", { afterTokenRedirect: "https://example.com/done" }),
      "finetuning.listFinetunedModels": () => m.finetuning.listFinetunedModels({ pageSize: 2, orderBy: "created_at desc" }),
      "finetuning.createFinetunedModel": () =>
        m.finetuning.createFinetunedModel({ name: "f", settings: { baseModel: { baseType: "BASE_TYPE_CHAT" }, datasetId: "d1" } }),
      "finetuning.getFinetunedModel": () => m.finetuning.getFinetunedModel("f-1"),
      "finetuning.deleteFinetunedModel": () => m.finetuning.deleteFinetunedModel("f-1"),
      "finetuning.updateFinetunedModel": () =>
        m.finetuning.updateFinetunedModel("f-1", { name: "g", settings: { baseModel: { baseType: "BASE_TYPE_CHAT" }, datasetId: "d2" } }),
      "finetuning.listEvents": () => m.finetuning.listEvents("f-1", { pageSize: 3, pageToken: "p" }),
      "finetuning.listTrainingStepMetrics": () => m.finetuning.listTrainingStepMetrics("f-1", { pageSize: 4 }),
      "batches.list": () => m.batches.list({ pageSize: 2, pageToken: "t" }),
      "batches.create": () => m.batches.create({ name: "b", inputDatasetId: "d1", model: "m" }),
      "batches.retrieve": () => m.batches.retrieve("b-1"),
      "batches.cancel": () => m.batches.cancel("b-1"),
    };
    for (const [name, run] of Object.entries(members)) {
      rec.seen.length = 0;
      const error = await failure(sdk, run);
      const wire = rec.seen[0];
      out[`on the wire: ${name}`] = error ?? {
        method: wire.method,
        url: wire.url,
        body: wire.body === "" ? null : JSON.parse(wire.body),
        auth: wire.headers.authorization,
      };
    }
  } finally {
    rec.close();
  }

  // Aborts and streams that end early.
  const controller = new AbortController();
  const pending = client().chat(chatRequest(), { abortSignal: controller.signal, headers: { "x-mock-fault": "delay-headers-ms=3000" } });
  setTimeout(() => controller.abort(), 50);
  out["abort before the response"] = await failure(sdk, () => pending).then((o) => o && { ...o, causeIsReason: undefined });
  try {
    await pending;
  } catch (err) {
    out["abort before the response"].causeIsReason = err.cause === controller.signal.reason;
  }
  const midway = new AbortController();
  const streamed = await client({ headers: { "x-mock-deltas": "200", "x-mock-delta-delay-ms": "5" } }).chatStream(chatRequest(), {
    abortSignal: midway.signal,
  });
  out["abort mid-stream"] = await failure(sdk, async () => {
    let n = 0;
    for await (const _ of streamed) if (++n === 3) midway.abort();
  });
  out["break out of a stream"] = await failure(sdk, async () => {
    for await (const _ of await client({ headers: { "x-mock-deltas": "200" } }).chatStream(chatRequest())) break;
  });
  out["a stream cut mid-way"] = await failure(sdk, async () => {
    for await (const _ of await client({ headers: { "x-mock-fault": "cut-after=4" } }).chatStream(chatRequest())) {
      // read to the cut
    }
  });
  out["timeoutInSeconds runs out"] = await failure(sdk, () =>
    client({ maxRetries: 0 }).chat(chatRequest(), { timeoutInSeconds: 0.3, headers: { "x-mock-fault": "delay-headers-ms=3000" } }),
  );

  // The V2 client's other members.
  const c = client();
  const attempt = async (run) => {
    try {
      return { ok: await run() };
    } catch (err) {
      return { error: seen(sdk, err) };
    }
  };
  out["checkApiKey"] = await attempt(() => c.checkApiKey());
  out["tokenize"] = await attempt(() => c.tokenize({ text: "Hi", model: "command-a-03-2025" }));
  out["detokenize"] = await attempt(() => c.detokenize({ tokens: [72, 105], model: "command-a-03-2025" }));
  out["models.list"] = await attempt(() => c.models.list({ pageSize: 1 }));
  out["models.get"] = await attempt(() => c.models.get("rerank-v3.5"));
  out["models.list withRawResponse()"] = raw((await c.models.list().withRawResponse()).rawResponse);
  out["datasets.list (the mock has no datasets endpoint)"] = await attempt(() => c.datasets.list());
  out["embedJobs.get (the mock has no embed-jobs endpoint)"] = await attempt(() => c.embedJobs.get("job-1"));
  out["generate (deprecated v1)"] = await attempt(() => c.generate({ prompt: "hi" }));
  const fetched = await c.fetch("/v1/models");
  out["fetch passthrough"] = { status: fetched.status, body: await fetched.json() };
  const queried = await c.fetch("/v1/models?page_size=2");
  out["fetch passthrough: a path with a query string"] = { status: queried.status, body: await queried.json() };
  const missing = await c.fetch("/v1/nothing-here", { method: "GET" });
  out["fetch passthrough: an error status is a Response"] = { status: missing.status, body: await missing.json() };
  return out;
}

// CohereClient: a drop-in for `cohere-ai`'s CohereClientV2 over the WebAssembly
// client (transport, retries, timeouts, SSE decoding and errors live in Rust).

import { WasmClient } from "./cohere_edge.js";
import { toCamel, toWire } from "./casing.js";
import { CohereError, toError } from "./errors.js";
import { isLoaded, whenLoaded } from "./runtime.js";

export * from "./errors.js";

const PRODUCTION = "https://api.cohere.com";

/** The environments `cohere-ai` names. */
export const CohereEnvironment = Object.freeze({ Production: PRODUCTION });

function envToken() {
  const env = globalThis.process?.env;
  return env?.CO_API_KEY || env?.COHERE_API_KEY || undefined;
}

/** Resolves a value or a supplier (a function returning a value or a promise). */
async function supply(v) {
  return typeof v === "function" ? await v() : v;
}

function parse(text, what) {
  try {
    return toCamel(JSON.parse(text));
  } catch (e) {
    throw new CohereError({ message: `could not decode the ${what} response: ${e.message}` });
  }
}

function callOptions(requestOptions, signal) {
  const o = requestOptions ?? {};
  return {
    abortSignal: signal ?? o.abortSignal,
    timeoutInSeconds: o.timeoutInSeconds,
    maxRetries: o.maxRetries,
    headers: o.headers,
  };
}

export class CohereClient {
  #options;
  #wasm = null;
  #wasmToken = undefined;

  /**
   * @param {import("./index").CohereClientOptions} [options]
   */
  constructor(options = {}) {
    this.#options = { ...options };
    const token = this.#options.token;
    // Check the options now where that can be done synchronously, so a wrong
    // option or a missing key throws here rather than on the first call.
    if (typeof token !== "function" && typeof this.#options.baseUrl !== "function"
      && typeof this.#options.environment !== "function" && isLoaded()) {
      this.#build(token ?? envToken());
    }
  }

  #build(token) {
    const o = this.#options;
    try {
      this.#wasm = new WasmClient({
        token,
        baseUrl: o.baseUrl ?? o.environment ?? PRODUCTION,
        clientName: o.clientName,
        timeoutInSeconds: o.timeoutInSeconds,
        maxRetries: o.maxRetries,
        fetch: o.fetch,
        keepalive: o.keepalive,
        maxConnections: o.maxConnections,
        retryBudget: o.retryBudget,
        headers: o.headers,
      });
    } catch (e) {
      throw toError(e);
    }
    this.#wasmToken = token;
    return this.#wasm;
  }

  async #client() {
    await whenLoaded();
    const o = this.#options;
    if (typeof o.baseUrl === "function") o.baseUrl = await o.baseUrl();
    if (typeof o.environment === "function") o.environment = await o.environment();
    const token = (await supply(o.token)) ?? envToken();
    if (this.#wasm && token === this.#wasmToken) return this.#wasm;
    return this.#build(token);
  }

  async #request(path, wire, what, requestOptions) {
    const client = await this.#client();
    let text;
    try {
      text = await client.request(path, JSON.stringify(wire), callOptions(requestOptions));
    } catch (e) {
      throw toError(e);
    }
    return parse(text, what);
  }

  /** POST /v2/chat: the whole reply. */
  async chat(request, requestOptions) {
    return this.#request("/v2/chat", { ...toWire(request), stream: false }, "chat", requestOptions);
  }

  /** POST /v2/chat with streaming: resolves once the reply starts, to a ChatStream. */
  async chatStream(request, requestOptions) {
    const client = await this.#client();
    const controller = new AbortController();
    const signal = requestOptions?.abortSignal;
    let unlink = () => {};
    if (signal) {
      if (signal.aborted) controller.abort(signal.reason);
      const onAbort = () => controller.abort(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      unlink = () => signal.removeEventListener("abort", onAbort);
    }
    const body = JSON.stringify({ ...toWire(request), stream: true });
    let inner;
    try {
      inner = await client.chatStream(body, callOptions(requestOptions, controller.signal));
    } catch (e) {
      unlink();
      throw toError(e);
    }
    return new ChatStream(inner, controller, unlink);
  }

  /** POST /v2/embed. */
  async embed(request, requestOptions) {
    return this.#request("/v2/embed", toWire(request), "embed", requestOptions);
  }

  /** POST /v2/rerank. */
  async rerank(request, requestOptions) {
    return this.#request("/v2/rerank", toWire(request), "rerank", requestOptions);
  }

  /**
   * Opens a connection to the API before the first call, so that call costs one
   * round trip. Sends `GET /v1/models?page_size=1` (no tokens spent) and reads
   * the answer whatever its status; in Cloudflare Workers it does nothing.
   * Rejects only when the API cannot be reached.
   */
  async warm() {
    const client = await this.#client();
    try {
      await client.warm();
    } catch (e) {
      throw toError(e);
    }
  }

  /** What this client has done: `{ requests, retries, keepaliveRequests, retriesSkipped, rateLimitWaitMs }`. */
  stats() {
    return this.#wasm
      ? this.#wasm.stats()
      : { requests: 0, retries: 0, keepaliveRequests: 0, retriesSkipped: 0, rateLimitWaitMs: 0 };
  }
}

export { CohereClient as CohereClientV2 };

/**
 * A streamed chat reply: `for await (const event of stream)`. Leaving the loop
 * early, or `abort()`, aborts the fetch. A stream cut before `message-end`
 * throws a CohereError after the events that did arrive.
 */
export class ChatStream {
  #inner;
  #controller;
  #unlink;
  #stopped = false;
  #ended = false;

  constructor(inner, controller, unlink) {
    this.#inner = inner;
    this.#controller = controller;
    this.#unlink = unlink;
  }

  /** The next batch of events that arrived together, or undefined at the end. */
  async #nextBatch() {
    if (this.#stopped || this.#ended) return undefined;
    let text;
    try {
      text = await this.#inner.next();
    } catch (e) {
      this.#end();
      if (this.#stopped) return undefined;
      throw toError(e);
    }
    if (text === undefined) {
      this.#end();
      return undefined;
    }
    return toCamel(JSON.parse(text));
  }

  #end() {
    if (this.#ended) return;
    this.#ended = true;
    this.#unlink();
    this.#inner.free();
  }

  async *[Symbol.asyncIterator]() {
    try {
      for (;;) {
        const batch = await this.#nextBatch();
        if (batch === undefined) return;
        for (const event of batch) yield event;
      }
    } finally {
      if (!this.#ended) this.abort();
    }
  }

  /** Stops the stream now and aborts its fetch; iteration then ends quietly. */
  abort() {
    if (this.#stopped) return;
    this.#stopped = true;
    if (!this.#ended) this.#inner.abort();
    this.#controller.abort();
    this.#end();
  }

  /**
   * The events as a ReadableStream of newline-delimited JSON (one camelCase
   * event per line), for piping into a Response. Cancelling it aborts the fetch.
   */
  toReadableStream() {
    const iterator = this[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    return new ReadableStream({
      async pull(controller) {
        try {
          const { value, done } = await iterator.next();
          if (done) controller.close();
          else controller.enqueue(encoder.encode(JSON.stringify(value) + "\n"));
        } catch (e) {
          controller.error(e);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    });
  }
}

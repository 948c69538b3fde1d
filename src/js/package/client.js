// CohereClientV2 and CohereClient: a drop-in for `cohere-ai` 8's clients over
// the WebAssembly client (core.js). Every call returns a promise of its data
// that also has `.withRawResponse()`.

import { toCamel, toWire } from "./casing.js";
import { Core } from "./core.js";
import { toError } from "./errors.js";
import { HttpResponsePromise } from "./raw.js";
import { call, resources, unsupported } from "./resources.js";
import { PRODUCTION } from "./settings.js";

export * from "./errors.js";
export * as Cohere from "./cohere.js";

/** The environments `cohere-ai` names. */
export const CohereEnvironment = Object.freeze({ Production: PRODUCTION });

/** Lets `CohereClient` hand its core to its `.v2`. */
const SHARED = Symbol("cohere-edge shared core");

export class CohereClientV2 {
  #core;

  /**
   * @param {import("./index").CohereClientOptions} [options]
   */
  constructor(options = {}) {
    this.#core = options[SHARED] ?? new Core(options);
    Object.assign(this, resources(this.#core));
  }

  /** POST /v2/chat: the whole reply. */
  chat(request, requestOptions) {
    const body = { ...toWire(request), stream: false };
    return call(this.#core, { method: "POST", path: "/v2/chat", body, what: "chat" }, requestOptions);
  }

  /** POST /v2/chat with streaming: resolves once the reply starts, to a ChatStream. */
  chatStream(request, requestOptions) {
    return new HttpResponsePromise(this.#chatStream(request, requestOptions));
  }

  async #chatStream(request, requestOptions) {
    const controller = new AbortController();
    const signal = requestOptions?.abortSignal;
    let unlink = () => {};
    if (signal) {
      if (signal.aborted) controller.abort(signal.reason);
      const onAbort = () => controller.abort(signal.reason);
      signal.addEventListener("abort", onAbort, { once: true });
      unlink = () => signal.removeEventListener("abort", onAbort);
    }
    const wire = { ...toWire(request), stream: true };
    try {
      const { inner, rawResponse } = await this.#core.chatStream(wire, controller.signal, requestOptions);
      return { data: new ChatStream(inner, controller, unlink), rawResponse };
    } catch (e) {
      unlink();
      throw e;
    }
  }

  /** POST /v2/embed. */
  embed(request, requestOptions) {
    return call(this.#core, { method: "POST", path: "/v2/embed", body: toWire(request), what: "embed" }, requestOptions);
  }

  /** POST /v2/rerank. */
  rerank(request, requestOptions) {
    return call(this.#core, { method: "POST", path: "/v2/rerank", body: toWire(request), what: "rerank" }, requestOptions);
  }

  /** POST /v1/classify. */
  classify(request, requestOptions) {
    return call(this.#core, { method: "POST", path: "/v1/classify", body: toWire(request), what: "classify" }, requestOptions);
  }

  /** POST /v1/tokenize: `{ tokens, tokenStrings, meta }`. */
  tokenize(request, requestOptions) {
    return call(this.#core, { method: "POST", path: "/v1/tokenize", body: toWire(request), what: "tokenize" }, requestOptions);
  }

  /** POST /v1/detokenize: `{ text, meta }`. */
  detokenize(request, requestOptions) {
    return call(this.#core, { method: "POST", path: "/v1/detokenize", body: toWire(request), what: "detokenize" }, requestOptions);
  }

  /** POST /v1/check-api-key: `{ valid, organizationId, ownerId }`. */
  checkApiKey(requestOptions) {
    return call(this.#core, { method: "POST", path: "/v1/check-api-key", what: "check-api-key" }, requestOptions);
  }

  /**
   * Sends any request with the client's base URL, auth, headers, retries and
   * timeouts, and resolves to its Response whatever the status. `input` is a
   * path (`/v1/datasets`), a URL or a Request; the body a string,
   * URLSearchParams, bytes or a Blob.
   */
  async fetch(input, init, requestOptions) {
    return this.#core.passthrough(input, init, requestOptions);
  }

  /**
   * Opens a connection to the API before the first call, so that call costs one
   * round trip. Sends `GET /v1/models?page_size=1` (no tokens spent) and reads
   * the answer whatever its status; in Cloudflare Workers it does nothing.
   * Rejects only when the API cannot be reached.
   */
  async warm() {
    return this.#core.warm();
  }

  /** What this client has done: `{ requests, retries, keepaliveRequests, retriesSkipped, rateLimitWaitMs }`. */
  stats() {
    return this.#core.stats();
  }
}

// cohere-ai's deprecated v1 members: a CohereError that names what to use.
CohereClientV2.prototype.generate = unsupported("generate (v1, deprecated)", "use chat (POST /v2/chat)");
CohereClientV2.prototype.generateStream = unsupported("generateStream (v1, deprecated)", "use chatStream (POST /v2/chat)");
CohereClientV2.prototype.summarize = unsupported(
  "summarize (v1, deprecated)",
  "use chat with a prompt that asks for a summary",
);

/**
 * cohere-ai's `CohereClient`: the same calls under `.v2` (`client.v2.chat(…)`).
 * Its own `chat`, `chatStream`, `embed` and `rerank` are the v2 ones too (this
 * package has no v1 chat).
 */
export class CohereClient extends CohereClientV2 {
  #v2;

  /**
   * @param {import("./index").CohereClientOptions} [options]
   */
  constructor(options = {}) {
    const core = new Core(options);
    super({ [SHARED]: core });
    this.#v2 = new CohereClientV2({ [SHARED]: core });
  }

  /** The V2 client, sharing this client's options and connections. */
  get v2() {
    return this.#v2;
  }
}

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

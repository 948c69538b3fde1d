// One client's calls over the WebAssembly client (transport, retries, timeouts,
// SSE decoding and status errors live in Rust): what is resolved per call
// (token, headers, base URL), the raw responses, and errors as cohere-ai's.

import { WasmClient } from "./cohere_edge.js";
import { toCamel } from "./casing.js";
import { CohereError, abortError, toError } from "./errors.js";
import { callArgs, clientArgs } from "./options.js";
import { rawResponse } from "./raw.js";
import { isLoaded, whenLoaded } from "./runtime.js";
import { absoluteBase, authorization, baseUrlOf, mergeHeaders, withQuery } from "./settings.js";

function parse(text, what) {
  if (text === "") return {};
  try {
    return toCamel(JSON.parse(text));
  } catch (e) {
    throw new CohereError({ message: `could not decode the ${what} response: ${e.message}` });
  }
}

/** A descriptor from the Rust side (as opposed to an abort signal's reason). */
const fromRust = (e) => e !== null && typeof e === "object" && e.cohereEdge === true;

/** The error a call rejects with: an abort before the response is cohere-ai's
 * CohereError with the signal's reason as `cause`. */
function callError(e, signal, url) {
  if (!fromRust(e) && signal?.aborted) return abortError(signal.reason);
  return toError(e, url);
}

export class Core {
  #options;
  /** The options `new WasmClient(base, …)` takes, checked once. */
  #args;
  /** WasmClients by base URL (a function baseUrl may change between calls). */
  #clients = new Map();

  constructor(options = {}) {
    this.#options = { ...options };
    const o = this.#options;
    // Check the options now, so a wrong option throws here; the base URL too
    // where that can be done synchronously (the module is loaded, the URL is not
    // a function and resolves without a page location); a missing key is found
    // at the first call, as in cohere-ai.
    this.#args = clientArgs(o);
    const base = o.baseUrl ?? o.environment ?? "https://api.cohere.com";
    const checkable = typeof base === "string" && (/^[a-z][a-z0-9+.-]*:/i.test(base) || globalThis.location);
    if (checkable && isLoaded()) {
      try {
        this.#wasm(absoluteBase(base));
      } catch (e) {
        throw toError(e);
      }
    }
  }

  #wasm(base) {
    let client = this.#clients.get(base);
    if (client) return client;
    try {
      client = new WasmClient(base, ...this.#args);
    } catch (e) {
      throw toError(e);
    }
    this.#clients.set(base, client);
    return client;
  }

  /** The WasmClient, base URL and call options of one call. */
  async #prepare(requestOptions, extraHeaders) {
    await whenLoaded();
    const o = this.#options;
    const ro = requestOptions ?? {};
    const base = await baseUrlOf(o);
    const headers = await mergeHeaders(
      { authorization: await authorization(o.token) },
      o.headers,
      ro.clientName ?? o.clientName ? { "x-client-name": ro.clientName ?? o.clientName } : undefined,
      extraHeaders,
      ro.headers,
    );
    return {
      wasm: this.#wasm(base),
      base,
      call: {
        abortSignal: ro.abortSignal,
        timeoutInSeconds: ro.timeoutInSeconds,
        maxRetries: ro.maxRetries,
        headers,
      },
    };
  }

  /** A JSON call: resolves to `{ data, rawResponse }` (data in camelCase). */
  async json({ method, path, body, query, what }, requestOptions) {
    const { wasm, base, call } = await this.#prepare(requestOptions);
    const target = withQuery(path, { ...requestOptions?.queryParams, ...query });
    const url = base + target;
    let r;
    try {
      r = await wasm.send(method, target, body === undefined ? undefined : JSON.stringify(body), false, ...callArgs(call));
    } catch (e) {
      throw callError(e, call.abortSignal, url);
    }
    return { data: parse(r.body, what), rawResponse: rawResponse(r.status, r.headers, url) };
  }

  /** A streaming chat: resolves to `{ inner, rawResponse }` once the reply starts. */
  async chatStream(wire, signal, requestOptions) {
    const { wasm, base, call } = await this.#prepare(requestOptions);
    const target = withQuery("/v2/chat", requestOptions?.queryParams);
    const url = base + target;
    call.abortSignal = signal;
    try {
      const r = await wasm.send("POST", target, JSON.stringify(wire), true, ...callArgs(call));
      return { inner: r.stream, rawResponse: rawResponse(r.status, r.headers, url) };
    } catch (e) {
      throw callError(e, requestOptions?.abortSignal ?? signal, url);
    }
  }

  /** `fetch` with the client's base URL, auth, headers, retries and timeouts:
   * resolves to a Response whatever its status. */
  async passthrough(input, init, requestOptions) {
    let url = input;
    let effective = init;
    if (typeof Request !== "undefined" && input instanceof Request) {
      url = input.url;
      effective ??= { method: input.method, headers: input.headers, signal: input.signal, body: await input.text() };
    } else if (input instanceof URL) {
      url = input.href;
    }
    const body = await passthroughBody(effective?.body);
    const signal = requestOptions?.abortSignal ?? effective?.signal ?? undefined;
    const { wasm, base, call } = await this.#prepare({ ...requestOptions, abortSignal: signal }, effective?.headers);
    let client = wasm;
    let target;
    if (/^[a-z][a-z0-9+.-]*:/i.test(url)) {
      if (url.startsWith(base + "/") || url === base) {
        target = url.slice(base.length) || "/";
      } else {
        const u = new URL(url);
        client = this.#wasm(u.origin);
        target = u.pathname + u.search;
      }
    } else {
      target = "/" + String(url).replace(/^\/+/, "");
    }
    const method = (effective?.method ?? "GET").toUpperCase();
    try {
      const r = await client.send(method, target, body, false, ...callArgs(call));
      return response(r.body, r.status, r.headers);
    } catch (e) {
      if (fromRust(e) && e.statusCode !== undefined) return response(e.body, e.statusCode, e.headers);
      throw callError(e, signal, url);
    }
  }

  /** Resolves once the WebAssembly module is loaded and a connection is open. */
  async warm() {
    const { wasm } = await this.#prepare(undefined);
    try {
      await wasm.warm();
    } catch (e) {
      throw toError(e);
    }
  }

  /** `{ requests, retries, keepaliveRequests }` over every base URL used. */
  stats() {
    const total = { requests: 0, retries: 0, keepaliveRequests: 0, retriesSkipped: 0, rateLimitWaitMs: 0 };
    for (const c of this.#clients.values()) {
      const s = c.stats();
      for (const k of Object.keys(total)) total[k] += s[k];
    }
    return total;
  }
}

/** A passthrough request body as text (the WebAssembly client sends text). */
async function passthroughBody(body) {
  if (body == null) return undefined;
  if (typeof body === "string") return body;
  if (body instanceof URLSearchParams) return body.toString();
  if (body instanceof ArrayBuffer || ArrayBuffer.isView(body)) return new TextDecoder().decode(body);
  if (typeof Blob !== "undefined" && body instanceof Blob && !(globalThis.FormData && body instanceof FormData)) {
    return await body.text();
  }
  throw new CohereError({ message: "fetch: the body must be a string, URLSearchParams, bytes or a Blob (FormData and streams are not supported)" });
}

function response(text, status, headerPairs) {
  const empty = status === 204 || status === 205 || status === 304;
  return new Response(empty ? null : text ?? "", { status, headers: new Headers(headerPairs ?? []) });
}

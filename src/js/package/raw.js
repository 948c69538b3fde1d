// cohere-ai's raw responses: `rawResponse` ({ headers, redirected, status,
// statusText, type, url }) on results (`.withRawResponse()`) and on errors, and
// the promise every call returns, which resolves to the data and also offers
// `.withRawResponse()`.

const STATUS_TEXT = {
  200: "OK", 201: "Created", 202: "Accepted", 204: "No Content",
  400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
  408: "Request Timeout", 409: "Conflict", 422: "Unprocessable Entity",
  429: "Too Many Requests", 498: "Invalid Token", 499: "Client Closed Request",
  500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
  503: "Service Unavailable", 504: "Gateway Timeout",
};

/** A rawResponse from a status, `[name, value]` header pairs and the URL. */
export function rawResponse(status, headerPairs, url) {
  return {
    headers: new Headers(headerPairs ?? []),
    redirected: false,
    status,
    statusText: STATUS_TEXT[status] ?? "",
    type: "basic",
    url: url ?? "",
  };
}

/** The rawResponse of a request aborted before its response, as cohere-ai's. */
export function abortRawResponse() {
  return {
    headers: new Headers(),
    redirected: false,
    status: 499,
    statusText: "Client Closed Request",
    type: "error",
    url: "",
  };
}

/**
 * A promise of `{ data, rawResponse }` that resolves to `data` when awaited, and
 * to the pair from `.withRawResponse()`.
 */
export class HttpResponsePromise extends Promise {
  #inner;
  #data = null;

  /** @param {Promise<{ data: unknown, rawResponse: object }>} inner */
  constructor(inner) {
    // The base promise is never used: then/catch/finally go to the data.
    super((resolve) => resolve(undefined));
    this.#inner = inner;
  }

  // Promise methods called on this (then, …) build plain promises.
  static get [Symbol.species]() {
    return Promise;
  }

  #unwrap() {
    this.#data ??= this.#inner.then((r) => r.data);
    return this.#data;
  }

  then(onFulfilled, onRejected) {
    return this.#unwrap().then(onFulfilled, onRejected);
  }

  catch(onRejected) {
    return this.#unwrap().catch(onRejected);
  }

  finally(onFinally) {
    return this.#unwrap().finally(onFinally);
  }

  /** Resolves to `{ data, rawResponse }`. */
  async withRawResponse() {
    return await this.#inner;
  }
}

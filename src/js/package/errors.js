// The error classes, with `cohere-ai` 8's names, constructors and messages:
// `instanceof` works, and each has `statusCode`, `body` (parsed JSON, else the
// text), `rawResponse` (when there was a response) and `message`.

import { abortRawResponse, rawResponse } from "./raw.js";

function bodyText(body) {
  if (typeof body === "string") return body;
  try {
    return JSON.stringify(body, undefined, 2);
  } catch {
    return String(body);
  }
}

/** The message cohere-ai builds: the message, then the status, then the body. */
function buildMessage(message, statusCode, body) {
  const lines = [];
  if (message != null) lines.push(message);
  if (statusCode != null) lines.push(`Status code: ${statusCode}`);
  if (body != null) lines.push(`Body: ${bodyText(body)}`);
  return lines.join("\n");
}

export class CohereError extends Error {
  /** @param {{ message?: string, statusCode?: number, body?: unknown, rawResponse?: object, cause?: unknown }} [init] */
  constructor({ message, statusCode, body, rawResponse, cause } = {}) {
    super(buildMessage(message, statusCode, body));
    this.name = new.target.name;
    this.statusCode = statusCode;
    this.body = body;
    this.rawResponse = rawResponse;
    if (cause != null) this.cause = cause;
  }

  /** The response's request id, when the API gave one (`x-request-id`). */
  get requestId() {
    const h = this.rawResponse?.headers;
    return h?.get?.("x-request-id") ?? h?.get?.("x-debug-trace-id") ?? undefined;
  }
}

/** A call that ran out of time. Unlike cohere-ai's, a CohereError too, so one
 * `instanceof CohereError` check catches every failure of a call. */
export class CohereTimeoutError extends CohereError {
  /** @param {string} [message] @param {{ cause?: unknown }} [opts] */
  constructor(message = "Timeout", opts) {
    super({ message, cause: opts?.cause });
  }
}

/** The status error classes by status code, filled in as they are declared. */
const BY_STATUS = new Map();

function statusError(name, status) {
  // A named class expression per status, so stack traces and `name` agree.
  const cls = {
    [name]: class extends CohereError {
      /** @param {unknown} [body] @param {object} [rawResponse] */
      constructor(body, rawResponse) {
        super({ message: name, statusCode: status, body, rawResponse });
      }
    },
  }[name];
  BY_STATUS.set(status, cls);
  return cls;
}

export const BadRequestError = statusError("BadRequestError", 400);
export const UnauthorizedError = statusError("UnauthorizedError", 401);
export const ForbiddenError = statusError("ForbiddenError", 403);
export const NotFoundError = statusError("NotFoundError", 404);
export const UnprocessableEntityError = statusError("UnprocessableEntityError", 422);
export const TooManyRequestsError = statusError("TooManyRequestsError", 429);
export const InvalidTokenError = statusError("InvalidTokenError", 498);
export const ClientClosedRequestError = statusError("ClientClosedRequestError", 499);
export const InternalServerError = statusError("InternalServerError", 500);
export const NotImplementedError = statusError("NotImplementedError", 501);
export const ServiceUnavailableError = statusError("ServiceUnavailableError", 503);
export const GatewayTimeoutError = statusError("GatewayTimeoutError", 504);

function parseBody(text) {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The last line of an error that came back with retries left, by `retryStop`. */
const RETRY_STOP = {
  "budget-spent": "Not retried: the client's retry budget is spent.",
  "rate-limit-window":
    "Not sent: the client holds requests for a rate-limit window that ends after this call's deadline.",
};

/** The error of a status: its class, or a CohereError for other statuses. */
export function statusErrorOf(statusCode, body, raw) {
  const cls = BY_STATUS.get(statusCode);
  return cls ? new cls(body, raw) : new CohereError({ statusCode, body, rawResponse: raw });
}

/** The Rust side's error object as a JS error (`url`: the request's URL, for
 * its rawResponse); anything else (an abort signal's reason) unchanged. */
export function toError(e, url = "") {
  if (e === null || typeof e !== "object" || e.cohereEdge !== true) return e;
  if (e.statusCode !== undefined) {
    const error = statusErrorOf(e.statusCode, parseBody(e.body), rawResponse(e.statusCode, e.headers, url));
    // Why a retryable error came back with retries left (the client's retry budget
    // was spent, or a rate-limit window outlasts the call's deadline): in
    // `retryStop`, and as a last line of the message (otherwise cohere-ai's).
    if (e.retryStop !== undefined) {
      error.retryStop = e.retryStop;
      if (RETRY_STOP[e.retryStop]) error.message += `\n${RETRY_STOP[e.retryStop]}`;
    }
    return error;
  }
  if (e.timeout) return new CohereTimeoutError(e.message);
  return new CohereError({ message: e.message });
}

/** What an abort before the response rejects with, as in cohere-ai: a
 * CohereError whose `cause` is the signal's reason. */
export function abortError(reason) {
  return new CohereError({ message: "The user aborted a request", rawResponse: abortRawResponse(), cause: reason });
}

// The error classes, with `cohere-ai`'s names: `instanceof` works, and each has
// `statusCode`, `body` (parsed JSON, else the text) and `message`.

export class CohereError extends Error {
  constructor({ message, statusCode, body, requestId } = {}) {
    super(message ?? "CohereError");
    this.name = "CohereError";
    this.statusCode = statusCode;
    this.body = body;
    this.requestId = requestId;
  }
}

export class CohereTimeoutError extends Error {
  constructor(message = "Timeout") {
    super(message);
    this.name = "CohereTimeoutError";
  }
}

function statusError(name, status) {
  // A named class expression per status, so stack traces and `name` agree.
  const cls = {
    [name]: class extends CohereError {
      constructor(body, message, requestId) {
        super({ message: message ?? name, statusCode: status, body, requestId });
        this.name = name;
      }
    },
  }[name];
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

const BY_STATUS = new Map(
  [
    BadRequestError,
    UnauthorizedError,
    ForbiddenError,
    NotFoundError,
    UnprocessableEntityError,
    TooManyRequestsError,
    InvalidTokenError,
    ClientClosedRequestError,
    InternalServerError,
    NotImplementedError,
    ServiceUnavailableError,
    GatewayTimeoutError,
  ].map((cls) => [new cls().statusCode, cls]),
);

function parseBody(text) {
  if (typeof text !== "string") return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The Rust side's error object as a JS error; anything else (an abort
 * signal's reason) unchanged. */
export function toError(e) {
  if (e === null || typeof e !== "object" || e.cohereEdge !== true) return e;
  if (e.statusCode !== undefined) {
    const body = parseBody(e.body);
    const cls = BY_STATUS.get(e.statusCode);
    const error = cls
      ? new cls(body, e.message, e.requestId)
      : new CohereError({ message: e.message, statusCode: e.statusCode, body, requestId: e.requestId });
    // Why a retryable error came back with retries left (the client's retry budget
    // was spent, or a rate-limit window outlasts the call's deadline).
    if (e.retryStop !== undefined) error.retryStop = e.retryStop;
    return error;
  }
  if (e.timeout) return new CohereTimeoutError(e.message);
  return new CohereError({ message: e.message });
}

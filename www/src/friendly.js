// Errors in words a person understands. The package's errors carry `statusCode`
// (API errors) or are a CohereTimeoutError / plain CohereError (the network); a
// Stop is an AbortError.

import { CohereError, CohereTimeoutError } from "cohere-edge";

/** `{ title, detail }` for an error a chat call threw. */
/** Whether `e` is the user's Stop: the signal's reason mid-stream, or (before
 * the reply started) a CohereError whose cause is that reason, as in cohere-ai. */
export function isStopped(e) {
  return e?.name === "AbortError" || e?.cause?.name === "AbortError";
}

export function describeError(e, { baseUrl, retries = 0 } = {}) {
  const tried = retries > 0 ? ` (tried ${retries + 1} times)` : "";
  if (isStopped(e)) return { title: "Stopped.", detail: "" };
  if (e instanceof CohereTimeoutError) {
    return { title: `No answer in time${tried}.`, detail: "The server took too long to reply. Try again." };
  }
  if (!(e instanceof CohereError)) {
    return { title: "Something went wrong in this page.", detail: String(e?.message ?? e) };
  }
  const server = serverMessage(e);
  switch (e.statusCode) {
    case 401:
    case 498:
      return {
        title: "The API key was not accepted.",
        detail: "Check the API key in Settings (it is the key from your Cohere dashboard).",
      };
    case 403:
      return { title: "This API key may not do that.", detail: server };
    case 404:
      return { title: "Not found.", detail: `Check the Model and the Base URL. ${server}`.trim() };
    case 400:
    case 422:
      return { title: "The request was not accepted.", detail: server };
    case 429:
      return {
        title: `Rate limited${tried}.`,
        detail: "Cohere asked us to slow down, and the retries did not get through. Wait a little, then send again.",
      };
    case 500:
    case 502:
    case 503:
    case 504:
      return {
        title: `The server is having trouble (${e.statusCode})${tried}.`,
        detail: "It is not your settings. Try again in a moment.",
      };
    case undefined:
      if (/stream interrupted/i.test(e.message)) {
        return { title: "The reply was cut off.", detail: "The connection dropped mid-reply. Send again to retry." };
      }
      return {
        title: "Could not reach the server.",
        detail: `Check the Base URL (${baseUrl}) and your network connection.`,
      };
    default:
      return { title: `The server answered ${e.statusCode}.`, detail: server };
  }
}

function serverMessage(e) {
  const body = e.body;
  if (body && typeof body === "object" && typeof body.message === "string") return body.message;
  if (typeof body === "string" && body.length > 0 && body.length < 300) return body;
  return e.message ?? "";
}

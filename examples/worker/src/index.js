// A Cloudflare Worker that calls Cohere through the cohere-edge npm package.
//
//   GET  /              one line of usage
//   POST /chat          {"message": "...", "model"?: "..."} -> the chat reply as JSON
//   POST /chat/stream   same body -> the reply's text, streamed as it arrives; a reply
//                       cut short upstream ends with a line "[error] <message>"
//   POST /chat/batch    {"messages": ["...", ...], "model"?: "..."} -> {"replies": [...]},
//                       the chats run concurrently (at most 6 connections at a time)
//
// An upstream API error comes back as JSON `{"error": {"status", "message", "requestId"}}`
// with the upstream status. Configuration: the secret COHERE_API_KEY and, for a local
// Cohere-compatible server, the variable COHERE_BASE_URL.

import { CohereClient, CohereError, CohereTimeoutError } from "cohere-edge";

const DEFAULT_MODEL = "command-a-03-2025";
const MAX_BODY_BYTES = 64 * 1024;
const MAX_BATCH = 32;
const USAGE =
  'POST /chat or /chat/stream with {"message": "...", "model"?: "..."}; ' +
  'POST /chat/batch with {"messages": ["...", ...]}\n';

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    const route = ROUTES[pathname];
    if (!route) return json({ error: { status: 404, message: `no route ${pathname}` } }, 404);
    if (request.method !== route.method) {
      return json({ error: { status: 405, message: `${pathname} takes ${route.method}` } }, 405, {
        allow: route.method,
      });
    }
    try {
      return await route.handle(request, env);
    } catch (e) {
      return errorResponse(e);
    }
  },
};

const ROUTES = {
  "/": {
    method: "GET",
    handle: () => new Response(USAGE, { headers: { "content-type": "text/plain; charset=utf-8" } }),
  },
  "/chat": {
    method: "POST",
    async handle(request, env) {
      const { message, model } = await chatBody(request);
      const reply = await client(env).chat({ model, messages: [{ role: "user", content: message }] });
      return json(reply);
    },
  },
  "/chat/stream": {
    method: "POST",
    async handle(request, env) {
      const { message, model } = await chatBody(request);
      // Resolves once the upstream reply has started, so an upstream error is still
      // a proper JSON error response here.
      const stream = await client(env).chatStream({ model, messages: [{ role: "user", content: message }] });
      return new Response(textOf(stream), {
        headers: {
          "content-type": "text/plain; charset=utf-8",
          "cache-control": "no-store",
          // Workers compresses text for callers that accept gzip, and its compressor
          // holds bytes back until the body ends; `identity` keeps each delta flowing.
          "content-encoding": "identity",
          "x-content-type-options": "nosniff",
        },
      });
    },
  },
  "/chat/batch": {
    method: "POST",
    async handle(request, env) {
      const body = await readJson(request);
      const { messages } = body;
      if (!Array.isArray(messages) || messages.length === 0 || messages.length > MAX_BATCH) {
        throw new BadInput(`"messages" must be an array of 1 to ${MAX_BATCH} strings`);
      }
      if (!messages.every((m) => typeof m === "string" && m.length > 0)) {
        throw new BadInput('every item of "messages" must be a non-empty string');
      }
      const model = modelOf(body);
      // One client for the whole request: its connection queue keeps this request
      // within Workers' 6 simultaneous outgoing connections, so the runtime never
      // cancels one.
      const cohere = client(env);
      const replies = await Promise.all(
        messages.map((content) => cohere.chat({ model, messages: [{ role: "user", content }] })),
      );
      return json({ replies });
    },
  },
};

/** A client for this request. Workers limits outgoing connections per request, so
 * each request gets its own (cheap) client and so its own 6-connection queue;
 * connections themselves are pooled by the runtime either way. */
function client(env) {
  if (!env.COHERE_API_KEY) {
    throw new ConfigError("COHERE_API_KEY is not set: run `npx wrangler secret put COHERE_API_KEY`");
  }
  return new CohereClient({
    token: env.COHERE_API_KEY,
    ...(env.COHERE_BASE_URL ? { baseUrl: env.COHERE_BASE_URL } : {}),
    clientName: "cohere-edge-worker-example",
  });
}

/** The reply's text deltas as UTF-8 bytes, read only as fast as the caller reads.
 * A caller that goes away cancels this stream, which aborts the upstream fetch. */
function textOf(stream) {
  const events = stream[Symbol.asyncIterator]();
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      try {
        for (;;) {
          const { value, done } = await events.next();
          if (done) return controller.close();
          const text = value.type === "content-delta" ? value.delta?.message?.content?.text : undefined;
          if (text) return controller.enqueue(encoder.encode(text));
        }
      } catch (e) {
        // A cut or failed upstream stream. workerd ends an errored response body like
        // a finished one (the caller sees a clean end), so say it in the text itself.
        controller.enqueue(encoder.encode(`\n[error] ${e?.message ?? e}\n`));
        controller.close();
      }
    },
    cancel() {
      stream.abort();
    },
  });
}

class BadInput extends Error {}
class ConfigError extends Error {}

async function readJson(request) {
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BadInput(`body over ${MAX_BODY_BYTES} bytes`);
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new BadInput(`body over ${MAX_BODY_BYTES} bytes`);
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    throw new BadInput("body is not JSON");
  }
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new BadInput("body must be a JSON object");
  }
  return body;
}

async function chatBody(request) {
  const body = await readJson(request);
  if (typeof body.message !== "string" || body.message.length === 0) {
    throw new BadInput('"message" must be a non-empty string');
  }
  return { message: body.message, model: modelOf(body) };
}

function modelOf(body) {
  if (body.model === undefined) return DEFAULT_MODEL;
  if (typeof body.model !== "string" || body.model.length === 0) {
    throw new BadInput('"model" must be a non-empty string');
  }
  return body.model;
}

function errorResponse(e) {
  if (e instanceof BadInput) return json({ error: { status: 400, message: e.message } }, 400);
  if (e instanceof ConfigError) return json({ error: { status: 500, message: e.message } }, 500);
  if (e instanceof CohereTimeoutError) {
    return json({ error: { status: 504, message: `upstream timed out: ${e.message}` } }, 504);
  }
  if (e instanceof CohereError) {
    // The upstream status when there is one; a transport failure is a bad gateway.
    const upstream = e.statusCode;
    const status = upstream >= 400 && upstream <= 599 ? upstream : 502;
    return json({ error: { status, message: e.message, requestId: e.requestId } }, status);
  }
  throw e; // a bug here: let the runtime report it
}

function json(value, status = 200, headers = {}) {
  return new Response(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}

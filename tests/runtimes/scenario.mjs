// The scenario every runtime and bundler runs against cohere-mock: chat, stream, a
// 401, leaving a stream early, two sequential chats. Plain JavaScript with no
// platform API beyond fetch, so the same file runs in Node, Deno, Bun, Chromium
// (page and module worker), workerd and the Edge Runtime. `run` never throws: it
// returns one `{ step, ok, detail }` per step for the Node test file to check.

export const STEPS = ["import", "chat", "stream", "401", "break out of a stream", "two sequential chats"];

const request = (content) => ({ model: "command-a-03-2025", messages: [{ role: "user", content }] });

async function check(step, body) {
  try {
    const detail = await body();
    return { step, ok: true, detail: detail ?? "" };
  } catch (e) {
    return { step, ok: false, detail: `${e?.name ?? "Error"}: ${e?.message ?? e}` };
  }
}

function expect(condition, what) {
  if (!condition) throw new Error(what);
}

async function stats(baseUrl) {
  return (await fetch(`${baseUrl}/__stats`)).json();
}

/**
 * cohere: the package's namespace (`import * as cohere from "cohere-edge"`);
 * baseUrl: the mock; token: the key the mock accepts. `imported` is the
 * outcome of importing the package where the target imports it itself.
 */
export async function run(cohere, { baseUrl, token }) {
  const { CohereClient, CohereError, UnauthorizedError } = cohere;
  const client = (options = {}) => new CohereClient({ token, baseUrl, ...options });
  const results = [];
  results.push(
    await check("import", () => {
      expect(typeof CohereClient === "function", "CohereClient is not exported");
      expect(typeof cohere.initWasm === "function", "initWasm is not exported");
      expect(new UnauthorizedError() instanceof CohereError, "UnauthorizedError is not a CohereError");
    }),
  );

  results.push(
    await check("chat", async () => {
      const reply = await client().chat(request("hello from a runtime"));
      expect(reply.finishReason === "COMPLETE", `finishReason ${reply.finishReason}`);
      const text = reply.message.content[0].text;
      expect(/^Echo: hello from a runtime/.test(text), `reply text ${JSON.stringify(text)}`);
      return text;
    }),
  );

  results.push(
    await check("stream", async () => {
      const stream = await client({ headers: { "x-mock-deltas": "8" } }).chatStream(request("stream it"));
      const types = [];
      let text = "";
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === "content-delta") text += event.delta.message.content.text;
      }
      expect(types[0] === "message-start", `first event ${types[0]}`);
      expect(types.at(-1) === "message-end", `last event ${types.at(-1)}`);
      expect(types.filter((t) => t === "content-delta").length === 8, `events ${types.join(",")}`);
      expect(text.startsWith("Echo:"), `streamed text ${JSON.stringify(text)}`);
      return `${types.length} events`;
    }),
  );

  results.push(
    await check("401", async () => {
      let error;
      try {
        await new CohereClient({ token: "not-the-key", baseUrl }).chat(request("who am I"));
      } catch (e) {
        error = e;
      }
      expect(error !== undefined, "a wrong key did not reject");
      expect(error instanceof UnauthorizedError, `rejected with ${error?.name}: ${error?.message}`);
      expect(error instanceof CohereError, "an UnauthorizedError that is not a CohereError");
      expect(error.statusCode === 401, `statusCode ${error.statusCode}`);
      return error.message;
    }),
  );

  results.push(
    await check("break out of a stream", async () => {
      const before = (await stats(baseUrl)).connections_closed;
      const c = client({ headers: { "x-mock-deltas": "400", "x-mock-delta-delay-ms": "20" } });
      let seen = 0;
      for await (const event of await c.chatStream(request("long one"))) {
        if (event.type === "content-delta" && ++seen === 3) break;
      }
      expect(seen === 3, `saw ${seen} deltas`);
      // The mock counts the connection the abort closed. The stream would run
      // for 8 s: a bounded poll, well inside it.
      for (let i = 0; i < 100; i++) {
        if ((await stats(baseUrl)).connections_closed > before) return "the fetch was aborted";
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error("the connection stayed open after leaving the loop");
    }),
  );

  results.push(
    await check("two sequential chats", async () => {
      const c = client();
      const first = await c.chat(request("first"));
      const second = await c.chat(request("second"));
      expect(/^Echo: first/.test(first.message.content[0].text), "first reply");
      expect(/^Echo: second/.test(second.message.content[0].text), "second reply");
    }),
  );
  return results;
}

/**
 * The first call before the module is found rejects with a CohereError that names
 * initWasm, and importing did not throw (the caller got this far).
 */
export async function missingWasm(cohere, { baseUrl, token }) {
  return check("missing wasm is a CohereError at the first call", async () => {
    const c = new cohere.CohereClient({ token, baseUrl });
    let error;
    try {
      await c.chat(request("no module yet"));
    } catch (e) {
      error = e;
    }
    expect(error instanceof cohere.CohereError, `rejected with ${error?.name}: ${error?.message}`);
    expect(/initWasm/.test(error.message), `the message does not say what to do: ${error.message}`);
    return error.message;
  });
}

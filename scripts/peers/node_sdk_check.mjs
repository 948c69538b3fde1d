// Runs the official Cohere JS SDK (npm `cohere-ai`) unchanged against cohere-mock.
// Usage: node node_sdk_check.mjs [URL]   (default: $MOCK_URL)
// Prints one line per check and exits non-zero if any check failed.
import { CohereClientV2 } from "cohere-ai";

const url = process.argv[2] || process.env.MOCK_URL || "";
const model = "command-a-03-2025";
const messages = [{ role: "user", content: "Tell me about connection pooling" }];
let failures = 0;
const state = {};

async function check(name, fn) {
  try {
    const detail = await fn();
    console.log(`node: ok   ${name}: ${detail}`);
  } catch (err) {
    failures += 1;
    console.log(`node: FAIL ${name}: ${err && err.name}: ${err && err.message}`);
  }
}

function expect(cond, msg) {
  if (!cond) throw new Error(msg);
}

if (!url) {
  console.log("node: FAIL setup: no URL (argv[2] or MOCK_URL)");
  process.exit(2);
}
const client = new CohereClientV2({ token: "test", environment: url });

await check("chat", async () => {
  const resp = await client.chat({ model, messages });
  const text = resp.message.content[0].text;
  expect(text, "empty reply text");
  expect(resp.finishReason === "COMPLETE", `finishReason ${resp.finishReason}`);
  state.text = text;
  return JSON.stringify(text);
});

await check("chatStream", async () => {
  const pieces = [];
  let end = null;
  for await (const event of await client.chatStream({ model, messages })) {
    if (event.type === "content-delta") pieces.push(event.delta.message.content.text);
    else if (event.type === "message-end") end = event;
  }
  expect(end, "no message-end event");
  expect(end.delta.finishReason === "COMPLETE", `finishReason ${end.delta.finishReason}`);
  const text = pieces.join("");
  expect(text === state.text, `streamed ${JSON.stringify(text)} != chat ${JSON.stringify(state.text)}`);
  return `${pieces.length} deltas, same text`;
});

await check("chat tools", async () => {
  const tools = [{ type: "function", function: { name: "search", parameters: { type: "object", properties: { query: { type: "string" } } } } }];
  const resp = await client.chat({ model, messages, tools });
  expect(resp.finishReason === "TOOL_CALL", `finishReason ${resp.finishReason}`);
  const call = resp.message.toolCalls[0];
  expect(call.function.name === "search", `tool ${call.function.name}`);
  return call.function.arguments;
});

await check("embed", async () => {
  const resp = await client.embed({ model: "embed-v4.0", texts: ["hello", "goodbye"], inputType: "classification", embeddingTypes: ["float"] });
  const vectors = resp.embeddings.float;
  expect(vectors.length === 2, `${vectors.length} vectors`);
  return `2 vectors of ${vectors[0].length}`;
});

await check("rerank", async () => {
  const documents = ["Paris is in France", "The capital of the United States is Washington", "Bananas"];
  const resp = await client.rerank({ model: "rerank-v3.5", query: "capital of the United States", documents, topN: 2 });
  expect(resp.results.length === 2, `${resp.results.length} results`);
  expect(resp.results[0].index === 1, `best index ${resp.results[0].index}`);
  return `best ${resp.results[0].index} score ${resp.results[0].relevanceScore}`;
});

process.exit(failures ? 1 : 0);

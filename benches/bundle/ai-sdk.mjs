// The same page with the Vercel AI SDK, ai + @ai-sdk/cohere (benches/bundle/compare.sh).
import { streamText } from "ai";
import { createCohere } from "@ai-sdk/cohere";

const cohere = createCohere({ apiKey: "<key>" });
const result = streamText({
  model: cohere("command-a-03-2025"),
  messages: [{ role: "user", content: "Hello" }],
});
for await (const text of result.textStream) document.body.append(text);

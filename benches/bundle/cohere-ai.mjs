// The same page with the official SDK, cohere-ai (benches/bundle/compare.sh).
import { CohereClientV2 } from "cohere-ai";

const client = new CohereClientV2({ token: "<key>" });
const stream = await client.chatStream({
  model: "command-a-03-2025",
  messages: [{ role: "user", content: "Hello" }],
});
for await (const event of stream) {
  if (event.type === "content-delta") document.body.append(event.delta?.message?.content?.text ?? "");
}

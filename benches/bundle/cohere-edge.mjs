// A page that only streams a chat, with the npm package (scripts/bundle_size.sh).
import { CohereClient } from "cohere-edge";

const client = new CohereClient({ token: "<key>" });
const stream = await client.chatStream({
  model: "command-a-03-2025",
  messages: [{ role: "user", content: "Hello" }],
});
for await (const event of stream) {
  if (event.type === "content-delta") document.body.append(event.delta?.message?.content?.text ?? "");
}

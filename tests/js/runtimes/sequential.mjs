// Run by tests/js/runtimes.test.mjs in Node, Deno and Bun: sequential calls
// through the npm package against the cohere-mock at the URL given as the first
// argument. The test then asks the mock how many connections it accepted.
import { CohereClient } from "cohere-edge";

const args = globalThis.Deno ? Deno.args : process.argv.slice(2);
const [baseUrl, chats = "20", streams = "10"] = args;
const client = new CohereClient({ token: "k", baseUrl });
const request = (i) => ({
  model: "command-a-03-2025",
  messages: [{ role: "user", content: `call ${i}` }],
});
for (let i = 0; i < Number(chats); i++) await client.chat(request(i));
for (let i = 0; i < Number(streams); i++) {
  for await (const _event of await client.chatStream(request(i))) {
    // read to the end
  }
}
console.log(JSON.stringify(client.stats()));

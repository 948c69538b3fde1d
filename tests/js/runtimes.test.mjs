// Sequential calls reuse one connection in every JavaScript runtime the package
// supports: Node, Deno and Bun (their binaries from npm, pinned in this folder's
// lockfile), each running runtimes/sequential.mjs against a cohere-mock of its own
// (COHERE_MOCK_URL_RUNTIMES; its counters are reset before each runtime).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { control as controlMock } from "../../mock/start.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const mock = process.env.COHERE_MOCK_URL_RUNTIMES;
const script = `${here}runtimes/sequential.mjs`;

// Each control request goes over a connection of its own, so it never borrows or
// leaves a connection the runtime under test could reuse.
const control = (method, path) => controlMock(mock, method, path);

const runtimes = {
  node: [process.execPath, [script]],
  deno: [`${here}node_modules/@deno/linux-x64-glibc/deno`, ["run", "--allow-net", "--allow-read", "--allow-env", script]],
  bun: [`${here}node_modules/@oven/bun-linux-x64-baseline/bin/bun`, ["run", script]],
};

for (const [name, [bin, args]] of Object.entries(runtimes)) {
  test(`${name}: 20 chats and 10 streams in sequence use one connection`, async () => {
    assert.ok(mock, "COHERE_MOCK_URL_RUNTIMES must name a running cohere-mock");
    await control("POST", "/__stats/reset");
    const { stdout } = await promisify(execFile)(bin, [...args, mock, "20", "10"], {
      cwd: here,
      env: { ...process.env, NO_COLOR: "1" },
    });
    const stats = await control("GET", "/__stats");
    // The stats request's own connection is one of those accepted.
    const connections = stats.connections_accepted - 1;
    console.log(`# ${name}: 30 sequential calls through the npm package: ${connections} connection(s); client stats ${stdout.trim()}`);
    assert.equal(stats.requests - 1, 30, JSON.stringify(stats));
    assert.equal(connections, 1, JSON.stringify(stats));
  });
}

// Starts the cohere-mock binary from Node on a free loopback port, for the JS-side
// tests (tests/workers/suite.mjs, www/test) and www/serve.mjs.

import { spawn } from "node:child_process";
import { once } from "node:events";

/** Starts `bin --port 0 ...args`; resolves to `{ url, stop }` once it listens. */
export async function startMock(bin, args = []) {
  const child = spawn(bin, ["--port", "0", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`cohere-mock did not start: ${out}`)), 10_000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /cohere-mock listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`cohere-mock exited with ${code}: ${out}`));
    });
  });
  return {
    url,
    stop: async () => {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

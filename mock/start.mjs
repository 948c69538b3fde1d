// The one Node helper for cohere-mock (the shell scripts' is scripts/lib.sh): starts the
// binary on a free loopback port and reads its URL, reads the URL of a mock a script
// started, talks to its control endpoints over connections of their own, and waits
// for a condition with a bound. Used by tests/js, tests/workers (the example Workers'
// tests), www/test and www/serve.mjs. (tests/runtimes runs from a copy in a temporary
// project and gets its mock's URL from scripts/runtimes_tests.sh.)

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { request } from "node:http";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The cohere-mock binary: COHERE_MOCK_BIN (scripts/lib.sh's build_mock exports it), or
 * the debug build under the target folder. */
export function mockBin() {
  return (
    process.env.COHERE_MOCK_BIN ??
    join(process.env.CARGO_TARGET_DIR ?? join(root, "target"), "debug/cohere-mock")
  );
}

/** The URL of the running mock the environment variable `name` names (a test script
 * started it); fails the test file at once when it is not set. */
export function mockUrl(name = "COHERE_MOCK_URL") {
  const url = process.env[name];
  assert.ok(url, `${name} must name a running cohere-mock`);
  return url;
}

/** `method path` on the mock at `base`, over a connection of its own that closes after
 * the response (agent: false), so it never borrows or leaves a connection a client
 * under test could reuse; resolves to the JSON answer (null when empty). The mock
 * counts that connection and request like any other. */
export function control(base, method, path) {
  return new Promise((resolveBody, reject) => {
    const req = request(`${base}${path}`, { method, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolveBody(body ? JSON.parse(body) : null));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The mock's counters (`GET /__stats` through {@link control}). */
export const mockStats = (base) => control(base, "GET", "/__stats");

/** Starts `bin --port 0 ...args`; resolves to `{ url, stop, stats }` once it listens. */
export async function startMock(args = [], { bin = mockBin() } = {}) {
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
    stats: () => mockStats(url),
    stop: async () => {
      child.kill();
      if (child.exitCode === null) await once(child, "exit");
    },
  };
}

/** Resolves to `check()`'s first truthy value, checked every `every` ms; throws naming
 * `what` after `ms` (a liveness bound, not a timing assertion). */
export async function waitFor(what, check, { ms = 10_000, every = 50 } = {}) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, every));
  }
}

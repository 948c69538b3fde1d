// Serves the chat page and a cohere-mock together on loopback, so the page works
// with no API key:
//   node www/serve.mjs [--port 8000] [--rtt-ms 20]
// Builds www/dist (and the npm package when missing) and cohere-mock, starts the mock
// on a free port with a simulated round trip of --rtt-ms (so the latency table shows
// what a new connection costs), and serves www/dist with a /config.json that points
// the page at the mock. Ctrl-C stops both.
//
// The file server is a few lines of node:http rather than a dependency: it serves one
// directory of static files to loopback, nothing more.

import { execFileSync } from "node:child_process";
import { createReadStream, statSync } from "node:fs";
import { createServer } from "node:http";
import { once } from "node:events";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build, DIST } from "./build.mjs";
import { startMock as startMockBinary } from "../mock/start.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** Starts cohere-mock with `args` (building it first unless COHERE_MOCK_BIN names one);
 * resolves to `{ url, stop, stats }`. */
export async function startMock(args = []) {
  if (!process.env.COHERE_MOCK_BIN) {
    execFileSync("cargo", ["build", "-p", "cohere-mock", "--quiet"], { cwd: root, stdio: "inherit" });
  }
  return startMockBinary(args);
}

/** Serves www/dist on 127.0.0.1:`port` with `config` as /config.json. */
export async function serveStatic(port, config) {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/config.json") {
      res.writeHead(200, { "content-type": TYPES[".json"], "cache-control": "no-store" });
      res.end(JSON.stringify(config));
      return;
    }
    const file = normalize(join(DIST, path.endsWith("/") ? `${path}index.html` : path));
    let size;
    try {
      if (!file.startsWith(DIST + sep)) throw new Error("outside");
      size = statSync(file).isFile() ? statSync(file).size : undefined;
    } catch {
      size = undefined;
    }
    if (size === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
      return;
    }
    res.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "content-length": size,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  server.listen(port, "127.0.0.1");
  await once(server, "listening");
  return server;
}

/** The whole thing: build, mock, page. Resolves to `{ url, mockUrl, close }`. */
export async function serve({ port = 8000, rttMs = 20, mockArgs = [], quiet = false } = {}) {
  build({ quiet });
  const rtt = rttMs > 0 ? ["--rtt-ms", String(rttMs)] : [];
  const mock = await startMock([...rtt, ...mockArgs]);
  const server = await serveStatic(port, { baseUrl: mock.url, mock: true, rttMs });
  const url = `http://127.0.0.1:${server.address().port}/`;
  return {
    url,
    mockUrl: mock.url,
    close: async () => {
      server.close();
      server.closeAllConnections();
      await mock.stop();
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name);
    if (i < 0) return fallback;
    const value = Number(process.argv[i + 1]);
    if (!Number.isInteger(value) || value < 0) {
      console.error(`${name} needs a whole number`);
      process.exit(2);
    }
    return value;
  };
  const running = await serve({ port: arg("--port", 8000), rttMs: arg("--rtt-ms", 20) });
  console.log(`cohere-mock on ${running.mockUrl}`);
  console.log(`open ${running.url}  (Ctrl-C stops)`);
  const stop = async () => {
    await running.close();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

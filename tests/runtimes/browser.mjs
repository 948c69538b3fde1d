// Pages in headless Chromium (Debian's, driven by playwright-core): a static server
// for the project's dist/ on loopback, one browser for every page.
import { after } from "node:test";
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join } from "node:path";

import { here, json } from "./harness.mjs";

const MIME = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };
let server;
let origin;
let browser;

async function serve() {
  if (origin) return origin;
  server = createServer(async (req, res) => {
    const path = join(here, "dist", decodeURIComponent(new URL(req.url, "http://x").pathname));
    try {
      const body = await readFile(path);
      res.writeHead(200, { "content-type": MIME[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
  return origin;
}

async function chromium() {
  if (browser) return browser;
  const { chromium } = await import("playwright-core");
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  return browser;
}

after(async () => {
  await browser?.close();
  server?.close();
});

/** Opens dist/PATH (or PATH under BASE) with the config as its query, and returns
 * the page's window.__results. */
export async function page(path, base) {
  base ??= await serve();
  const context = await (await chromium()).newContext();
  const p = await context.newPage();
  const errors = [];
  p.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  try {
    await p.goto(`${base}/${path}?config=${encodeURIComponent(json)}`);
    await p.waitForFunction(() => window.__results !== undefined, null, { timeout: 60_000 });
    return await p.evaluate(() => window.__results);
  } catch (e) {
    throw new Error(`${path}: ${e.message} ${errors.join("; ")}`);
  } finally {
    await context.close();
  }
}

/** A page that loads SCRIPT, as a module or a classic script. */
export const html = (script, type = "module") =>
  `<!doctype html><meta charset="utf-8"><script ${type === "module" ? 'type="module" ' : ""}src="./${script}"></script>\n`;

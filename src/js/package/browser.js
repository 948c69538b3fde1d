// Browsers, Web Workers and bundlers: fetch and instantiate the module next to
// this file. Vite, webpack 5 and Parcel see the `new URL(…, import.meta.url)`
// below and emit the file; where a bundler leaves it alone (esbuild, Rollup), the
// file is looked for next to the bundle, and `initWasm()` takes it from anywhere
// else. No top-level await, so any bundler target works; nothing here throws at
// import: a failure is a CohereError at the first call.
import { locate } from "./runtime.js";

// A classic script (esbuild's iife format) has no import.meta.url: the script
// that is running now is where the bundle, and the file beside it, were served.
const script = globalThis.document?.currentScript?.src;

locate(() =>
  import.meta.url
    ? new URL("./cohere_edge_bg.wasm", import.meta.url)
    : new URL("./cohere_edge_bg.wasm", script || globalThis.location?.href),
);

export { initWasm } from "./runtime.js";
export * from "./client.js";

// Browsers, bundlers and Deno: fetch and instantiate the module next to this
// file, starting at import; calls wait for it (no top-level await, so any
// bundler target works).
import init from "./cohere_edge.js";
import { load } from "./runtime.js";

load(() => init({ module_or_path: new URL("./cohere_edge_bg.wasm", import.meta.url) }));

export * from "./client.js";

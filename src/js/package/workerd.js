// Cloudflare Workers (wrangler bundles `.wasm` imports as compiled modules).
import wasmModule from "./cohere_edge_bg.wasm";
import { initSync } from "./cohere_edge.js";
import { load } from "./runtime.js";

load(() => initSync({ module: wasmModule }));

export * from "./client.js";

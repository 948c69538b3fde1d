// Cloudflare Workers: wrangler bundles a `.wasm` import as a compiled module.
import wasmModule from "./cohere_edge_bg.wasm";
import { locate } from "./runtime.js";

locate(() => wasmModule, { sync: true });

export { initWasm } from "./runtime.js";
export * from "./client.js";

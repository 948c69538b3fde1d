// Vercel's Edge Runtime (export condition `edge-light`): its bundler turns a
// `.wasm?module` import into a compiled WebAssembly.Module, the only way that
// runtime accepts WebAssembly (it forbids compiling bytes at run time).
import wasmModule from "./cohere_edge_bg.wasm?module";
import { locate } from "./runtime.js";

locate(() => wasmModule, { sync: true });

export { initWasm } from "./runtime.js";
export * from "./client.js";

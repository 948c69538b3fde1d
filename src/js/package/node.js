// Node 18+ (ESM), Deno and Bun: read the module next to this file and
// instantiate it at import; a failure (a missing file, no read permission) is a
// CohereError at the first call.
import { readFileSync } from "node:fs";
import { locate } from "./runtime.js";

locate(() => readFileSync(new URL("./cohere_edge_bg.wasm", import.meta.url)), { sync: true });

export { initWasm } from "./runtime.js";
export * from "./client.js";

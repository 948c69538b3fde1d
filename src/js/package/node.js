// Node 18+ (ESM), Deno and Bun: read the module next to this file and
// instantiate it at import; a failure (a missing file, no read permission) is a
// CohereError at the first call. Bundled into CommonJS (esbuild --platform=node),
// import.meta.url is empty and the module is looked for next to the bundle.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { locate } from "./runtime.js";

locate(
  () =>
    readFileSync(
      import.meta.url ? new URL("./cohere_edge_bg.wasm", import.meta.url) : join(__dirname, "cohere_edge_bg.wasm"),
    ),
  { sync: true },
);

export { initWasm } from "./runtime.js";
export * from "./client.js";

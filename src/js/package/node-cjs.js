// The CommonJS entry (`require("cohere-edge")`, Node 18+): scripts/build-pkg.sh
// bundles this file with the rest of the package into node.cjs, where
// `__dirname` is the package's folder.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { locate } from "./runtime.js";

locate(() => readFileSync(join(__dirname, "cohere_edge_bg.wasm")), { sync: true });

export { initWasm } from "./runtime.js";
export * from "./client.js";

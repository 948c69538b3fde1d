// Node 18+ (ESM): read the module next to this file and instantiate it at import.
import { readFileSync } from "node:fs";
import { initSync } from "./cohere_edge.js";
import { load } from "./runtime.js";

load(() => initSync({ module: readFileSync(new URL("./cohere_edge_bg.wasm", import.meta.url)) }));

export * from "./client.js";

// Node or Bun with the package's .wasm gone (copied by the test into dist/no-wasm/
// with its own node_modules): importing works, the first call is a CohereError
// naming initWasm, and initWasm then loads the module from what config.form names:
// the file's bytes, a Response with them, or a compiled WebAssembly.Module.
import * as cohere from "cohere-edge";
import { readFileSync } from "node:fs";
import { missingWasm, run } from "../../scenario.mjs";

const config = JSON.parse(process.argv[2]);
const bytes = readFileSync(config.wasmPath);
const sources = {
  bytes: () => bytes,
  response: () => new Response(bytes, { headers: { "content-type": "application/wasm" } }),
  module: () => new WebAssembly.Module(bytes),
};
const missing = await missingWasm(cohere, config);
await cohere.initWasm(sources[config.form]());
console.log(`RESULTS ${JSON.stringify([missing, ...(await run(cohere, config))])}`);

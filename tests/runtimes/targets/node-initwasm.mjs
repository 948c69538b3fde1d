// Node with the package's .wasm gone (copied by the test into dist/no-wasm/ with its
// own node_modules): importing works, the first call is a CohereError naming
// initWasm, and initWasm(bytes) then loads the module.
import * as cohere from "cohere-edge";
import { readFileSync } from "node:fs";
import { missingWasm, run } from "../../scenario.mjs";

const config = JSON.parse(process.argv[2]);
const missing = await missingWasm(cohere, config);
await cohere.initWasm(readFileSync(config.wasmPath));
console.log(`RESULTS ${JSON.stringify([missing, ...(await run(cohere, config))])}`);

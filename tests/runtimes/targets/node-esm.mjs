// Node (18, 20), Deno and Bun, as ES modules: `RUNTIME node-esm.mjs CONFIG_JSON`.
import * as cohere from "cohere-edge";
import { run } from "../scenario.mjs";

const config = JSON.parse(globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2]);
console.log(`RESULTS ${JSON.stringify(await run(cohere, config))}`);

// Deno with an `npm:` specifier (its global npm cache, no node_modules), the
// package fetched from the test's local registry: `deno run … deno-npm.mjs CONFIG`.
import * as cohere from "npm:cohere-edge";
import { run } from "../scenario.mjs";

console.log(`RESULTS ${JSON.stringify(await run(cohere, JSON.parse(Deno.args[0])))}`);

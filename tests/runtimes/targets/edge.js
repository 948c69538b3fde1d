// Vercel's Edge Runtime (npm edge-runtime), bundled with the `edge-light`
// condition as Vercel bundles an Edge Function: `__run(config)` runs the scenario.
import * as cohere from "cohere-edge";
import { run } from "../scenario.mjs";

globalThis.__run = (config) => run(cohere, config).then((results) => JSON.stringify(results));

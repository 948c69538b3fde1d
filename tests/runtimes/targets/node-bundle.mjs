// A Node server bundled by esbuild (--platform=node: CommonJS, so no top-level
// await here), with the package's .wasm copied next to the bundle.
import * as cohere from "cohere-edge";
import { run } from "../scenario.mjs";

run(cohere, JSON.parse(process.argv[2])).then((results) => console.log(`RESULTS ${JSON.stringify(results)}`));

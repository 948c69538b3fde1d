// Node's require() (18, and 20 with --no-experimental-require-module, where a
// package without a CommonJS entry throws ERR_REQUIRE_ESM), and Bun's.
const cohere = require("cohere-edge");

const config = JSON.parse(process.argv[2]);
import("../scenario.mjs")
  .then(({ run }) => run(cohere, config))
  .then((results) => {
    const entry = require.resolve("cohere-edge");
    results.push({ step: "require picks node.cjs", ok: entry.endsWith("node.cjs"), detail: entry });
    console.log(`RESULTS ${JSON.stringify(results)}`);
  });

// The Rust Worker in real workerd (Miniflare), as worker-build built it into build/:
// run `npm run build` first (the repository's test command does).
import { Miniflare } from "miniflare";
import { fileURLToPath } from "node:url";
import { workerSuite } from "../../../tests/workers/suite.mjs";

workerSuite("examples/worker-rs (Rust)", {
  Miniflare,
  // The Rust Worker answers the API's own JSON (snake_case), the JS one camelCase.
  camelCase: false,
  worker: {
    modules: true,
    scriptPath: fileURLToPath(new URL("../build/index.js", import.meta.url)),
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
  },
});

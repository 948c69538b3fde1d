// The JS Worker in real workerd (Miniflare), bundled exactly as `wrangler deploy`
// would bundle it: run `npm run build` first (the repository's test command does).
import { Miniflare } from "miniflare";
import { fileURLToPath } from "node:url";
import { workerSuite } from "../../../tests/workers/suite.mjs";

workerSuite("examples/worker (JS)", {
  Miniflare,
  camelCase: true,
  worker: {
    modules: true,
    scriptPath: fileURLToPath(new URL("../dist/index.js", import.meta.url)),
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
  },
});

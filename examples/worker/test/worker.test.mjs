// The JS Worker in real workerd (Miniflare), bundled exactly as `wrangler deploy`
// would bundle it: run `npm run build` first (the repository's test command does).
import { Miniflare } from "miniflare";
import { workerSuite } from "../../../tests/workers/suite.mjs";

workerSuite("examples/worker (JS)", {
  Miniflare,
  camelCase: true,
  script: new URL("../dist/index.js", import.meta.url),
});

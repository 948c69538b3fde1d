// The Rust Worker in real workerd (Miniflare), as worker-build built it into build/:
// run `npm run build` first (the repository's test command does).
import { Miniflare } from "miniflare";
import { workerSuite } from "../../../tests/workers/suite.mjs";

workerSuite("examples/worker-rs (Rust)", {
  Miniflare,
  // The Rust Worker answers the API's own JSON (snake_case), the JS one camelCase.
  camelCase: false,
  script: new URL("../build/index.js", import.meta.url),
});

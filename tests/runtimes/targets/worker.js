// workerd, bundled by `wrangler deploy --dry-run` as a deploy would bundle it:
// POST the config, get the scenario's results.
import * as cohere from "cohere-edge";
import { run } from "../scenario.mjs";

export default {
  async fetch(request) {
    return Response.json(await run(cohere, await request.json()));
  },
};

// esbuild (esm) with `--loader:.wasm=file`: the wasm is not next to the bundle,
// so the first call is a CohereError; initWasm() with the file's URL then works.
import * as cohere from "cohere-edge";
import wasmUrl from "cohere-edge/cohere_edge_bg.wasm";
import { missingWasm, run } from "../../scenario.mjs";

const config = JSON.parse(new URLSearchParams(location.search).get("config"));
window.__results = (async () => {
  const missing = await missingWasm(cohere, config);
  await cohere.initWasm(wasmUrl);
  return [missing, ...(await run(cohere, config))];
})();

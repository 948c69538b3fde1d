// The module Web Worker: runs the scenario on the config it is sent.
import * as cohere from "cohere-edge";
import { run } from "../../scenario.mjs";

self.onmessage = async (e) => self.postMessage(await run(cohere, e.data));

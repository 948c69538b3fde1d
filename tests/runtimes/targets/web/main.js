// A page (Vite, webpack, Rollup, esbuild iife): the scenario at import, its
// results in window.__results for the test to read. The config is the query.
import * as cohere from "cohere-edge";
import { run } from "../../scenario.mjs";

const config = JSON.parse(new URLSearchParams(location.search).get("config"));
window.__results = run(cohere, config);

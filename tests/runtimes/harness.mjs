// What every runtime test shares: where the installed project is, the config the
// scenario gets, running a program that prints its results, and one test per step.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { STEPS } from "./scenario.mjs";

/** The temporary project: the tarball and the tools installed, these files copied. */
export const here = dirname(fileURLToPath(import.meta.url));
/** A path inside the project's node_modules. */
export const bin = (...p) => join(here, "node_modules", ...p);
/** execFile, as a promise. */
export const run = promisify(execFile);
/** What the scenario is given: the mock's URL and the key it accepts. */
export const config = { baseUrl: process.env.COHERE_MOCK_URL, token: process.env.RUNTIMES_TOKEN };
assert.ok(
  config.baseUrl && config.token && process.env.RUNTIMES_TARBALL,
  "COHERE_MOCK_URL, RUNTIMES_TOKEN and RUNTIMES_TARBALL must be set",
);
export const json = JSON.stringify(config);
/** The installed package's WebAssembly module. */
export const wasmFile = bin("cohere-edge", "cohere_edge_bg.wasm");
export const MISSING = "missing wasm is a CohereError at the first call";

/** Runs a program that prints `RESULTS <json>`; returns the results. */
export async function results(file, args, options = {}) {
  let out;
  try {
    out = await run(file, args, { cwd: here, maxBuffer: 1 << 24, timeout: 120_000, ...options });
  } catch (e) {
    throw new Error(`${file} ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
  const line = out.stdout.split("\n").find((l) => l.startsWith("RESULTS "));
  assert.ok(line, `no results from ${file} ${args.join(" ")}:\n${out.stdout}\n${out.stderr}`);
  return JSON.parse(line.slice("RESULTS ".length));
}

/**
 * One test per step of the scenario for TARGET; `produce` runs the target once
 * (in the first test) and returns its results. `extra` names steps beyond the
 * scenario's that this target reports.
 */
export function target(name, produce, extra = []) {
  let outcome;
  const once = () => (outcome ??= produce());
  for (const step of [...extra, ...STEPS]) {
    test(`${name}: ${step}`, async () => {
      const all = await once();
      const r = all.find((x) => x.step === step);
      assert.ok(r, `${name} did not report the step "${step}": ${JSON.stringify(all)}`);
      assert.ok(r.ok, `${name}, ${step}: ${r.detail}`);
    });
  }
}

/** An empty folder dist/NAME in the project. */
export async function fresh(name) {
  const dir = join(here, "dist", name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  return dir;
}

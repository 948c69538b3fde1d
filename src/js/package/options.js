// The client's and each call's options, checked here and handed to the
// WebAssembly client as plain arguments. A wrong option is a CohereError that
// names it and says what it must be. Checking in JS rather than reading the
// option objects from Rust keeps the module smaller (ARCHITECTURE.md, "Written
// by hand on purpose"); the Rust side still refuses what it cannot use.

import { CohereError } from "./errors.js";

const wrong = (key, what) => new CohereError({ message: `option ${key} must be ${what}` });

/** `o[key]` unless undefined or null, after `ok(value)` accepted it. */
function checked(o, key, ok, what) {
  const v = o?.[key];
  if (v === undefined || v === null) return undefined;
  if (!ok(v)) throw wrong(key, what);
  return v;
}

const seconds = (o, key) =>
  checked(o, key, (v) => typeof v === "number" && v > 0 && v <= 1e9, "a number of seconds above 0");

const whole = (o, key, min) =>
  checked(o, key, (v) => Number.isInteger(v) && v >= min && v <= 0xffffffff, `a whole number of at least ${min}`);

const KEEPALIVE = new Map([
  [false, 0],
  [true, 1],
  ["auto", 2],
]);

/** `retryBudget`: `false` (off), `undefined` (the defaults), or the three
 * numbers, each `undefined` for its default. */
function retryBudget(o) {
  const b = checked(
    o,
    "retryBudget",
    (v) => v === false || typeof v === "object",
    "false or an object { ratio, minPerSecond, maxSaved }",
  );
  if (b === undefined || b === false) return b;
  const number = (key) => checked(b, key, Number.isFinite, "a number");
  return [number("ratio"), number("minPerSecond"), number("maxSaved")];
}

/** The WasmClient constructor's arguments after the base URL, for a client of `options`. */
export function clientArgs(options) {
  const keepalive = checked(options, "keepalive", (v) => KEEPALIVE.has(v), '"auto", true or false');
  return [
    seconds(options, "timeoutInSeconds"),
    whole(options, "maxRetries", 0),
    whole(options, "maxConnections", 1),
    keepalive === undefined ? undefined : KEEPALIVE.get(keepalive),
    retryBudget(options),
    checked(options, "fetch", (v) => typeof v === "function", "a function"),
  ];
}

/** A call's options as `send`'s last arguments: timeout, retries, headers (a flat
 * array of names and values) and the abort signal. */
export function callArgs({ timeoutInSeconds, maxRetries, headers, abortSignal }) {
  const o = { timeoutInSeconds, maxRetries, abortSignal };
  const flat = [];
  for (const [name, value] of Object.entries(headers ?? {})) flat.push(name, value);
  return [
    seconds(o, "timeoutInSeconds"),
    whole(o, "maxRetries", 0),
    flat,
    checked(o, "abortSignal", (v) => v instanceof AbortSignal, "an AbortSignal"),
  ];
}

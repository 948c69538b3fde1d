// What cohere-ai resolves per call, resolved per call here too: the token (and
// the CO_API_KEY fallback), header values given as functions, the client name,
// the base URL (a function, an environment, a path relative to the page) and
// query parameters.

import { CohereError } from "./errors.js";

export const PRODUCTION = "https://api.cohere.com";

export const MISSING_TOKEN =
  "Please provide 'token' when initializing the client, or set the 'CO_API_KEY' environment variable";

/** An environment variable, or undefined where there is no environment or
 * reading it is not permitted (Deno without --allow-env throws). */
function envVar(name) {
  try {
    const v = globalThis.process?.env?.[name];
    if (v !== undefined) return v;
  } catch {
    // not permitted: "not set"
  }
  try {
    return globalThis.Deno?.env?.get?.(name);
  } catch {
    return undefined;
  }
}

/** The key from the environment: `CO_API_KEY`, else `COHERE_API_KEY`. */
export function envToken() {
  return envVar("CO_API_KEY") ?? envVar("COHERE_API_KEY") ?? undefined;
}

/** A value, or what a supplier (a function, sync or async) gives. */
export async function supply(v) {
  return typeof v === "function" ? await v() : v;
}

/** The `Authorization` header for this call: `undefined` for `token: ""` (a
 * proxy adds its own); throws cohere-ai's CohereError when there is no token. */
export async function authorization(token) {
  const t = (await supply(token)) ?? envToken();
  if (t === "") return undefined;
  if (t == null) throw new CohereError({ message: MISSING_TOKEN });
  return `Bearer ${t}`;
}

/** Merges header layers as cohere-ai does: names are case-insensitive, later
 * layers win, a `null` or `undefined` value removes the header. Values may be
 * functions (sync or async), called now. */
export async function mergeHeaders(...layers) {
  const out = {};
  for (const layer of layers) {
    if (layer == null) continue;
    const entries =
      layer instanceof Headers ? [...layer.entries()] : Array.isArray(layer) ? layer : Object.entries(layer);
    for (const [name, raw] of entries) {
      const value = await supply(raw);
      const key = name.toLowerCase();
      if (value == null) delete out[key];
      else out[key] = String(value);
    }
  }
  return out;
}

/** Whether `url` is absolute (has a scheme). */
const isAbsolute = (url) => /^[a-z][a-z0-9+.-]*:/i.test(url);

/** A base URL as an absolute URL without a trailing slash: a relative one
 * (`/api/cohere`) resolves against the page's `location`; without one it is an
 * error that says so. */
export function absoluteBase(base) {
  if (typeof base !== "string" || base === "") {
    throw new CohereError({ message: "option baseUrl must be a non-empty string" });
  }
  if (isAbsolute(base)) return base.replace(/\/+$/, "");
  const here = globalThis.location?.href;
  if (typeof here !== "string") {
    throw new CohereError({
      message: `option baseUrl '${base}' is relative, and there is no page location to resolve it against here: give an absolute URL`,
    });
  }
  return new URL(base, here).href.replace(/\/+$/, "");
}

/** The base URL for this call: `baseUrl` (or a function giving it), else
 * `environment`, else production. */
export async function baseUrlOf(options) {
  const base = (await supply(options.baseUrl)) ?? (await supply(options.environment)) ?? PRODUCTION;
  return absoluteBase(base);
}

/** `path` with `params` (camelCase or wire names; arrays repeat the key) as
 * its query string; undefined and null values are left out. */
export function withQuery(path, params, toKey = (k) => k) {
  if (params == null) return path;
  // Percent-encoded as cohere-ai does (a space is %20, not URLSearchParams' +).
  const parts = [];
  const add = (key, v) => parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(v instanceof Date ? v.toISOString() : String(v))}`);
  for (const [k, v] of Object.entries(params)) {
    if (v == null) continue;
    const key = toKey(k);
    if (Array.isArray(v)) for (const item of v) add(key, item);
    else add(key, v);
  }
  const s = parts.join("&");
  if (s === "") return path;
  return path + (path.includes("?") ? "&" : "?") + s;
}

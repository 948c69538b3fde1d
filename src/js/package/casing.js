// camelCase (what JS users write and read, as `cohere-ai` shows them) <-> the
// wire's snake_case. Keys under user JSON keep their spelling: document `data`,
// tool `parameters`, `jsonSchema`, a tool source's `toolOutput`, and a
// citation source's `document`.

const snake = (k) => k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
const camel = (k) =>
  k.indexOf("_") < 0 ? k : k.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());

function keepsUserKeys(key, parentKey) {
  switch (key) {
    case "data":
    case "parameters":
    case "json_schema":
    case "jsonSchema":
    case "tool_output":
    case "toolOutput":
      return true;
    case "document":
      return parentKey === "sources";
    default:
      return false;
  }
}

/** A copy of a request in wire form; the caller's objects are not touched. */
export function toWire(value, parentKey) {
  if (Array.isArray(value)) return value.map((v) => toWire(v, parentKey));
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    out[snake(key)] = keepsUserKeys(key, parentKey) ? v : toWire(v, key);
  }
  return out;
}

/** A parsed wire value in camelCase. Arrays are rewritten in place (the value
 * is fresh from JSON.parse), so long arrays of numbers are not copied. */
export function toCamel(value, parentKey) {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (v !== null && typeof v === "object") value[i] = toCamel(v, parentKey);
    }
    return value;
  }
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const key in value) {
    const v = value[key];
    out[camel(key)] =
      keepsUserKeys(key, parentKey) || v === null || typeof v !== "object"
        ? v
        : toCamel(v, key);
  }
  return out;
}

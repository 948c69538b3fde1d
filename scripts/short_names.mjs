// Gives the wasm module's imports and exports one- and two-letter names, in the
// module and in wasm-bindgen's glue together:
//   node scripts/short_names.mjs pkg/cohere_edge_bg.wasm pkg/cohere_edge.js
//   node scripts/short_names.mjs --wasm-opt-flags   (the flags, one a line)
//
// wasm-bindgen names each import after the JS it binds plus a 16-digit hash
// (`__wbg_getReader_e53a3dab9d10e2cb`) and each closure shim after its full Rust
// type (one is 300 characters); the module name is "./cohere_edge_bg.js". Those
// names stand in the wasm and again in the glue, and hashes do not compress:
// together they weighed 2.6 KB gzipped, about 4 % of the package.
// `wasm-opt --minify-imports-and-exports-and-modules` renames them in the module
// and prints the map; this script applies the map to the glue, where the imports
// are the keys of one object literal and the exports are read as `wasm.<name>`.
// It fails, leaving the files as they were, when any name is not found exactly
// where it is expected (a wasm-bindgen that writes its glue differently).
import { execFileSync } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** wasm-opt's flags for the package, as Cargo.toml's
 * `[package.metadata.wasm-pack.profile.release]` gives them to wasm-pack. */
function wasmOptFlags() {
  const cargo = readFileSync(`${root}/Cargo.toml`, "utf8");
  const list = cargo.match(/\[package\.metadata\.wasm-pack\.profile\.release\][^[]*?wasm-opt = \[(.*?)\]/s);
  if (!list) throw new Error("Cargo.toml has no wasm-opt list under [package.metadata.wasm-pack.profile.release]");
  return [...list[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

if (process.argv[2] === "--wasm-opt-flags") {
  // For benches/bundle/compare.sh, which rebuilds the module with names.
  console.log(wasmOptFlags().join("\n"));
  process.exit(0);
}

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error("usage: node scripts/short_names.mjs MODULE.wasm GLUE.js | --wasm-opt-flags");
  process.exit(2);
}

// The features the module was optimised with (the --enable-* flags of that list).
const features = wasmOptFlags().filter((f) => f.startsWith("--enable-"));
const renamed = `${wasmPath}.short`;
const map = JSON.parse(
  execFileSync(
    "wasm-opt",
    [wasmPath, "--minify-imports-and-exports-and-modules", ...features, "-o", renamed],
    { encoding: "utf8", maxBuffer: 1 << 24 },
  ),
);

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
let glue = readFileSync(gluePath, "utf8");
const problems = [];

/** Replaces what `pattern` matches; a problem unless it matched `want` times (`null`: any). */
function replace(pattern, to, what, want) {
  let n = 0;
  glue = glue.replace(pattern, (...m) => {
    n++;
    return typeof to === "function" ? to(...m) : to;
  });
  if (want !== null && n !== want) problems.push(`${what}: ${n} found`);
}

const modules = new Map();
for (const [module, name, short] of map.imports) {
  // An import is a key of the imports object: `        name: function(`.
  replace(new RegExp(`^(\\s+)${escape(name)}(: function\\()`, "m"), (_, a, b) => a + short + b, `import ${name}`, 1);
  modules.set(module, null);
}
// The module names: wasm-opt gives every import module the same short name.
const moduleNames = new Set(
  WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(renamed))).map((i) => i.module),
);
if (moduleNames.size !== 1 || modules.size !== 1) {
  problems.push(`expected one import module, found ${[...modules.keys()]} -> ${[...moduleNames]}`);
} else {
  const [from] = modules.keys();
  const [to] = moduleNames;
  replace(new RegExp(`"${escape(from)}": import0`, "g"), () => `${JSON.stringify(to)}: import0`, `module ${from}`, 1);
}
// Exports are read as `wasm.<name>`; some (the abort handler) are not read at all.
const shortExports = new Set();
for (const [name, short] of map.exports) {
  replace(new RegExp(`\\bwasm\\.${escape(name)}(?![\\w$])`, "g"), () => `wasm.${short}`, `export ${name}`, null);
  shortExports.add(short);
}
for (const [, name] of glue.matchAll(/\bwasm\.([\w$]+)/g)) {
  if (!shortExports.has(name)) problems.push(`wasm.${name} is read but is not an export of the module`);
}

if (problems.length > 0) {
  console.error(`short_names: the glue in ${gluePath} is not shaped as expected:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
writeFileSync(gluePath, glue);
renameSync(renamed, wasmPath);

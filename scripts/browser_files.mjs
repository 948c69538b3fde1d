// The files of the npm package a browser loads: browser.js, every module it
// imports (followed through relative `import` and `export … from`), and the wasm.
//   node scripts/browser_files.mjs [PKG_DIR]      one file name a line (default pkg/)
// One list for everything that needs it (build-pkg.sh's summary line, the www page's
// copy of the package, BENCHMARKS.md's package table), so a new module is never left out.
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** browser.js and what it imports, in the order first reached, then the wasm. */
export function browserFiles(pkg) {
  const seen = [];
  const visit = (name) => {
    if (seen.includes(name)) return;
    const path = join(pkg, name);
    if (!existsSync(path)) throw new Error(`${path} is imported but missing: build the package (scripts/build-pkg.sh)`);
    seen.push(name);
    const source = readFileSync(path, "utf8");
    const imports = /\b(?:import|export)\s[^;]*?from\s*["']\.\/([^"']+)["']|\bimport\s*["']\.\/([^"']+)["']/g;
    for (const m of source.matchAll(imports)) visit(m[1] ?? m[2]);
  };
  visit("browser.js");
  return [...seen, "cohere_edge_bg.wasm"];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), "../..");
  console.log(browserFiles(resolve(process.argv[2] ?? join(root, "pkg"))).join("\n"));
}

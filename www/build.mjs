// Builds the page into www/dist/: static files any file server can serve.
//   node www/build.mjs
// The page is plain ES modules (no bundler needed): src/ as it is, plus the npm
// package's browser files under vendor/cohere-edge/, which the page's import map
// names "cohere-edge". Builds the package (scripts/build-pkg.sh) when pkg/ is missing.

import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { browserFiles } from "../scripts/browser_files.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
export const DIST = join(here, "dist");

export function build({ quiet = false } = {}) {
  const pkg = join(root, "pkg");
  if (!existsSync(join(pkg, "package.json"))) {
    if (!quiet) console.log("pkg/ is missing: building the npm package (scripts/build-pkg.sh)");
    execFileSync("bash", [join(root, "scripts/build-pkg.sh")], { stdio: "inherit" });
  }
  rmSync(DIST, { recursive: true, force: true });
  mkdirSync(join(DIST, "vendor/cohere-edge"), { recursive: true });
  cpSync(join(here, "src"), DIST, { recursive: true });
  // What a browser loads from the package: browser.js, what it imports, the wasm.
  for (const file of browserFiles(pkg)) cpSync(join(pkg, file), join(DIST, "vendor/cohere-edge", file));
  if (!quiet) {
    let bytes = 0;
    const walk = (dir) =>
      readdirSync(dir).forEach((f) => {
        const p = join(dir, f);
        statSync(p).isDirectory() ? walk(p) : (bytes += statSync(p).size);
      });
    walk(DIST);
    console.log(`www/dist: ${bytes} bytes; serve it with any static file server`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) build();
